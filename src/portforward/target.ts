/**
 * What `port-forward TYPE/NAME` points at, as kubectl resolves it: a bare NAME is a pod; a typed
 * name is fetched, and for anything but a pod, the pods matching its selector are candidates
 * (kubectl's AttachablePodForObject / SelectorsForObject). Pure reads of a cluster snapshot.
 */
import { KubesimError } from '../errors.js';
import { qualifiedResource, resolveResource, type KObject, type ResourceInfo } from '../api/resources.js';
import { notFoundError } from '../apiserver/status.js';
import { fromLabelSelector, selectorMatches, type LabelSelector, type Selector } from '../labels/selector.js';
import type { Pod } from '../controllers/kubelet.js';
import type { Cluster } from '../store/cluster-state.js';

export interface ForwardTarget {
  resource: ResourceInfo;
  object: KObject;
  /** Namespace the pods are looked up in. */
  namespace: string;
  /** Label selector of a workload or Service; undefined when the target is a pod. */
  selector?: Selector;
}

/** Go's `%T` of the typed object, for `cannot attach to *v1.Node: …`. */
function goType(kind: string): string {
  return `*v1.${kind}`;
}

/** Parse `pod-name`, `pod/x`, `svc/x`, `deploy/x` … and fetch the object. */
export function resolveForwardTarget(cluster: Cluster, namespace: string, arg: string): ForwardTarget {
  let resource: ResourceInfo | undefined;
  let name = arg;
  const slash = arg.indexOf('/');
  if (slash >= 0) {
    const typed = arg.slice(0, slash);
    name = arg.slice(slash + 1);
    resource = resolveResource(typed);
    if (!resource) throw new KubesimError(`the server doesn't have a resource type "${typed}"`);
    if (!name) throw new KubesimError('arguments in resource/name form must have a single resource and name');
  } else {
    resource = resolveResource('pods')!;
  }
  const object = cluster.get(resource.kind, resource.namespaced ? namespace : undefined, name);
  if (!object) throw notFoundError(qualifiedResource(resource), name);
  const ns = object.metadata.namespace ?? namespace;
  return { resource, object, namespace: ns, selector: selectorOf(resource, object) };
}

function selectorOf(resource: ResourceInfo, obj: KObject): Selector | undefined {
  const spec = obj.spec as { selector?: unknown } | undefined;
  switch (resource.kind) {
    case 'Pod':
      return undefined;
    case 'Service': {
      const sel = spec?.selector as Record<string, string> | undefined;
      if (!sel || Object.keys(sel).length === 0) {
        throw new KubesimError(`cannot attach to ${goType('Service')}: invalid service '${obj.metadata.name}': Service is defined without a selector`, {
          hint: 'a Service without a selector has no pods behind it; forward to a pod (or its Deployment) instead',
        });
      }
      return Object.entries(sel).map(([key, value]) => ({ key, op: '=' as const, values: [value] }));
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return fromLabelSelector(spec?.selector as LabelSelector | undefined);
    default:
      throw new KubesimError(`cannot attach to ${goType(resource.kind)}: selector for ${goType(resource.kind)} not implemented`);
  }
}

/** The pods a target's selector matches, in list order (by name). */
export function candidatePods(cluster: Cluster, target: ForwardTarget): Pod[] {
  if (!target.selector) return [target.object as Pod];
  const sel = target.selector;
  return cluster.list<Pod>('Pod', target.namespace).filter((p) => selectorMatches(sel, p.metadata.labels));
}
