/**
 * The generic apiserver flow for writes, in the apiserver's order: name generation, metadata,
 * strategy defaults, allocation (BeginCreate), validation, storage. Controllers and commands both
 * write through here, so a pod made by a ReplicaSet gets the same defaults as one from a file.
 */
import { qualifiedResource, resourceForKind, type KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { NAME_SUFFIX_ALPHABET } from '../random.js';
import { alreadyExistsError, invalidError, notFoundError, ApiError } from './status.js';
import { required } from './field-errors.js';
import { strategyFor } from './strategies/index.js';
import type { Pod } from '../controllers/kubelet.js';
import { stopPodContainers } from '../controllers/pod-termination.js';

export interface WriteOptions {
  /** Server-side dry run: everything but storage. */
  dryRun?: boolean;
}

/** The plural, group-qualified resource name of a kind (`services`, `deployments.apps`). */
export function resourceName(kind: string): string {
  const r = resourceForKind(kind);
  return r ? qualifiedResource(r) : `${kind.toLowerCase()}s`;
}

export function isNamespaced(kind: string): boolean {
  return resourceForKind(kind)?.namespaced ?? true;
}

/** Kinds whose metadata.generation the apiserver tracks (spec changes bump it). */
// v1.32 tracks metadata.generation for the workload kinds (Pods only from 1.33; Services never).
const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Check that the object's namespace exists (and is not terminating), as the NamespaceLifecycle admission plugin does. */
function admitNamespace(cluster: Cluster, obj: KObject): void {
  if (!isNamespaced(obj.kind)) return;
  const ns = obj.metadata.namespace!;
  const nsObj = cluster.get('Namespace', undefined, ns);
  if (!nsObj) throw notFoundError('namespaces', ns);
  if ((nsObj.status as { phase?: string } | undefined)?.phase === 'Terminating') {
    throw new ApiError('Forbidden', `${resourceName(obj.kind)} ${JSON.stringify(obj.metadata.name)} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
  }
}

/**
 * Create an object. `obj` must carry kind, apiVersion and (for namespaced kinds) metadata.namespace.
 * Returns the stored object (or, under dry run, what would be stored).
 */
export function createObject(cluster: Cluster, input: KObject, opts: WriteOptions = {}): KObject {
  const obj = structuredClone(input);
  obj.metadata ??= { name: '' };
  const meta = obj.metadata;
  if (!isNamespaced(obj.kind)) delete meta.namespace;
  if (!meta.name && meta.generateName) {
    meta.name = meta.generateName.slice(0, 58) + cluster.random.string(5, NAME_SUFFIX_ALPHABET);
  }
  if (!meta.name) throw invalidError(obj.kind, '', [required('metadata.name', 'name or generateName is required')]);
  admitNamespace(cluster, obj);
  if (cluster.get(obj.kind, meta.namespace, meta.name)) throw alreadyExistsError(resourceName(obj.kind), meta.name);

  meta.uid = cluster.newUID();
  meta.creationTimestamp = cluster.timestamp();
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  if (GENERATION_KINDS.has(obj.kind)) meta.generation = 1;
  else delete meta.generation;

  const strategy = strategyFor(obj.kind);
  strategy.prepareForCreate?.(obj, cluster);
  strategy.beginCreate?.(obj, cluster);
  const errs = strategy.validateCreate(obj, cluster);
  if (errs.length > 0) throw invalidError(obj.kind, meta.name, errs);
  if (opts.dryRun) return obj;
  return cluster.put(obj);
}

/** Replace an existing object (an update/PUT): identity and server-owned fields are carried over. */
export function updateObject(cluster: Cluster, input: KObject, opts: WriteOptions = {}): KObject {
  const obj = structuredClone(input);
  const meta = obj.metadata;
  const old = cluster.get(obj.kind, meta.namespace, meta.name);
  if (!old) throw notFoundError(resourceName(obj.kind), meta.name);
  meta.uid = old.metadata.uid;
  meta.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  meta.generation = old.metadata.generation;
  delete meta.resourceVersion;

  const strategy = strategyFor(obj.kind);
  strategy.prepareForUpdate?.(obj, old, cluster);
  strategy.beginUpdate?.(obj, old, cluster);
  const errs = strategy.validateUpdate(obj, old, cluster);
  if (errs.length > 0) throw invalidError(obj.kind, meta.name, errs);
  if (GENERATION_KINDS.has(obj.kind) && old.metadata.generation !== undefined && !deepEqual(obj.spec, old.spec)) {
    meta.generation = (old.metadata.generation ?? 0) + 1;
  }
  if (deepEqual(stripVolatile(obj), stripVolatile(old))) return old; // a no-op write keeps the resourceVersion
  if (opts.dryRun) return obj;
  return cluster.put(obj);
}

function stripVolatile(o: KObject): unknown {
  const { resourceVersion: _rv, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/**
 * Delete an object and (unless orphaning) everything it owns, as the garbage collector would.
 * Returns the deleted object. Pods are removed at once: kubesim does not model the grace period, so
 * the kubelet stops a pod's running containers (Killing events) as it goes.
 */
export function deleteObject(cluster: Cluster, kind: string, namespace: string | undefined, name: string, opts: WriteOptions & { propagation?: PropagationPolicy } = {}): KObject {
  const ns = isNamespaced(kind) ? namespace : undefined;
  const obj = cluster.get(kind, ns, name);
  if (!obj) throw notFoundError(resourceName(kind), name);
  if (kind === 'Namespace') {
    if (['default', 'kube-system', 'kube-public'].includes(name)) throw new ApiError('Forbidden', `namespaces ${JSON.stringify(name)} is forbidden: this namespace may not be deleted`);
    // Like the apiserver: the namespace turns Terminating now; the namespace controller empties
    // and removes it when the controllers next run (after the rest of this command).
    if (opts.dryRun || obj.metadata.deletionTimestamp) return obj;
    const terminating = structuredClone(obj);
    terminating.metadata.deletionTimestamp = cluster.timestamp();
    terminating.status = { ...((obj.status as object) ?? {}), phase: 'Terminating' };
    cluster.put(terminating);
    return obj;
  }
  if (opts.dryRun) return obj;
  const uid = obj.metadata.uid;
  if (kind === 'Pod') stopPodContainers(cluster, obj as Pod);
  cluster.remove(kind, ns, name);
  if (kind === 'Pod') {
    const prefix = `${ns}/${name}/`;
    for (const key of Object.keys(cluster.state.logs)) if (key.startsWith(prefix)) delete cluster.state.logs[key];
  }
  if (opts.propagation === 'Orphan') {
    for (const dep of dependentsOf(cluster, uid!)) {
      dep.metadata.ownerReferences = dep.metadata.ownerReferences!.filter((r) => r.uid !== uid);
      if (dep.metadata.ownerReferences.length === 0) delete dep.metadata.ownerReferences;
      cluster.put(dep);
    }
    return obj;
  }
  for (const dep of dependentsOf(cluster, uid!)) {
    if (cluster.get(dep.kind, dep.metadata.namespace, dep.metadata.name)) deleteObject(cluster, dep.kind, dep.metadata.namespace, dep.metadata.name);
  }
  return obj;
}

/** Objects whose ownerReferences name the given uid. */
export function dependentsOf(cluster: Cluster, uid: string): KObject[] {
  const out: KObject[] = [];
  for (const kind of Object.keys(cluster.state.objects)) {
    for (const o of Object.values(cluster.state.objects[kind])) {
      if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push(o);
    }
  }
  return out;
}
