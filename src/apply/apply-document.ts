/**
 * Applying one manifest document to a cluster, as `kubectl apply` does it client-side: decode
 * (strict/warn/ignore), create with the last-applied annotation, or three-way merge onto the live
 * object; errors carry the source file and the position of the offending field. Shared by
 * `kubesim apply` and `kubesim check`.
 */
import { createObject, isNamespaced, updateObject } from '../apiserver/objects.js';
import { ApiError } from '../apiserver/status.js';
import { KubesimError } from '../errors.js';
import type { ManifestDoc } from '../manifest/load.js';
import { createPathRejection, decodeDocument, patchPathRejection, type ValidateMode } from './decode.js';
import { LAST_APPLIED, lastAppliedValue, threeWayMerge, withLastApplied } from './last-applied.js';
import { mergedAway, threeWayMergePatch } from './merge-patch.js';
import { resourceForKind, type KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';

export type DryRunMode = 'none' | 'client' | 'server';

export interface ApplyDocOptions {
  mode: ValidateMode;
  dryRun: DryRunMode;
  namespace: string;
  /** `-n` was given: an object's own different namespace is an error. */
  explicitNamespace: boolean;
  warn: (warning: string) => void;
}

export interface ObjectResult {
  obj: KObject;
  operation: 'created' | 'configured' | 'unchanged';
}

/** Fill in the namespace, enforcing `-n` against the object's own namespace as kubectl does. */
export function placeInNamespace(obj: KObject, namespace: string, explicit: boolean): void {
  if (!isNamespaced(obj.kind)) {
    delete obj.metadata.namespace;
    return;
  }
  const own = obj.metadata.namespace;
  if (own && explicit && own !== namespace) {
    throw new KubesimError(`the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  obj.metadata.namespace = own || namespace;
}

export function applyDocument(cluster: Cluster, doc: ManifestDoc, opts: ApplyDocOptions): ObjectResult {
  const { mode, dryRun, namespace, warn } = opts;
  let decoded;
  try {
    decoded = decodeDocument(doc, mode);
  } catch (err) {
    if (err instanceof ApiError) err.withSource('creating', doc.source);
    throw err;
  }
  decoded.warnings.forEach(warn);
  const config = decoded.object;
  placeInNamespace(config, namespace, opts.explicitNamespace);
  const live = cluster.get(config.kind, config.metadata.namespace, config.metadata.name);
  if (!live) {
    const rejection = createPathRejection(decoded);
    if (rejection) throw rejection;
    if (dryRun === 'client') return { obj: withLastApplied(config), operation: 'created' };
    try {
      const created = createObject(cluster, withLastApplied(config), { dryRun: dryRun === 'server' });
      return { obj: created, operation: 'created' };
    } catch (err) {
      if (err instanceof ApiError) {
        err.withSource('creating', doc.source);
        err.position ??= positionForCauses(err, doc);
      }
      throw err;
    }
  }
  const annotation = live.metadata.annotations?.[LAST_APPLIED];
  let last: unknown = {};
  try {
    last = annotation ? JSON.parse(annotation) : {};
  } catch {
    last = {};
  }
  const patchRejection = patchPathRejection(decoded, () => mergedAway(threeWayMergePatch(last, withLastApplied(config), live)));
  if (patchRejection) throw patchRejection;
  if (dryRun === 'client') return { obj: withLastApplied(config), operation: 'configured' };
  if (annotation === undefined) {
    warn(`Warning: resource ${resourcePlural(live)}/${live.metadata.name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`);
  }
  const desired = threeWayMerge(live, last, withLastApplied(config)) as KObject;
  desired.metadata.annotations = { ...(desired.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(config) };
  try {
    const updated = updateObject(cluster, desired, { dryRun: dryRun === 'server' });
    const unchanged = updated === live;
    return { obj: updated, operation: unchanged ? 'unchanged' : 'configured' };
  } catch (err) {
    if (err instanceof ApiError) err.position ??= positionForCauses(err, doc);
    throw err;
  }
}

/** `services`, `deployments` — how the missing-annotation warning names a resource. */
function resourcePlural(o: KObject): string {
  return resourceForKind(o.kind)?.resource ?? `${o.kind.toLowerCase()}s`;
}

/** Point at the first invalid field of the manifest (`spec.ports[1].name` → its key). */
export function positionForCauses(err: ApiError, doc: ManifestDoc): { file: string; line: number; col: number } | undefined {
  const field = err.causes[0]?.field;
  if (!field) return undefined;
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) break;
    path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  return doc.positionOf(path);
}

