/**
 * Turning what a user typed for `exec`/`logs` (`POD`, `pod/x`, `deploy/x`, `svc/x`, `rs/x`,
 * `sts/x`, `ds/x`) into the pods it means, and picking one the way kubectl does: exec uses the
 * attach order (port-forward's), logs its "ByLogging" order.
 */
import type { Cluster } from '../../store/cluster-state.js';
import type { Pod } from '../../controllers/kubelet.js';
import { qualifiedResource, resolveResource, type KObject } from '../../api/resources.js';
import { fromLabelSelector, mapSelectorMatches, selectorMatches } from '../../labels/selector.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { choosePodForForward } from '../../portforward/pod-choice.js';

export type TargetPods = { kind: 'pod'; pod: Pod } | { kind: 'selected'; object: KObject; pods: Pod[] };

/**
 * Resolve a target; throws kubectl's errors (`pods "x" not found`, unknown type, a Service
 * without a selector). `nsSuffix` adds logs' `in namespace "…"` wording.
 */
export function resolveTarget(cluster: Cluster, namespace: string, target: string, opts: { forLogs?: boolean } = {}): TargetPods {
  const slash = target.indexOf('/');
  const typed = slash < 0 ? 'pods' : target.slice(0, slash);
  const name = slash < 0 ? target : target.slice(slash + 1);
  const r = resolveResource(typed);
  if (!r) throw new KubesimError(`the server doesn't have a resource type "${typed}"`);
  const obj = cluster.get(r.kind, namespace, name);
  if (!obj) {
    if (opts.forLogs) throw new KubesimError(`error from server (NotFound): ${qualifiedResource(r)} "${name}" not found in namespace "${namespace}"`);
    throw notFoundError(qualifiedResource(r), name);
  }
  if (r.kind === 'Pod') return { kind: 'pod', pod: obj as Pod };
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  const pods = cluster.list<Pod>('Pod', namespace);
  if (r.kind === 'Service') {
    const sel = spec.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) throw new KubesimError(`cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`);
    return { kind: 'selected', object: obj, pods: pods.filter((p) => mapSelectorMatches(sel, p.metadata.labels ?? {})) };
  }
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(r.kind)) {
    const sel = fromLabelSelector(spec.selector as Parameters<typeof fromLabelSelector>[0]);
    return { kind: 'selected', object: obj, pods: pods.filter((p) => selectorMatches(sel, p.metadata.labels ?? {})) };
  }
  throw new KubesimError(`cannot attach to *v1.${r.kind}: selector for *v1.${r.kind} not implemented`);
}

/** The pod `exec` attaches to. */
export function podForExec(t: TargetPods): Pod {
  if (t.kind === 'pod') return t.pod;
  const p = choosePodForForward(t.pods);
  if (!p) throw new KubesimError('timed out waiting for the condition', { hint: `no pod matches ${t.object.kind.toLowerCase()}/${t.object.metadata.name}'s selector (kubectl waits --pod-running-timeout, 1m0s, then gives up)` });
  return p;
}

const LOG_PHASE: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

function ready(p: Pod): { ok: boolean; since: number } {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  return { ok: c?.status === 'True', since: c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0 };
}

/** kubectl's ByLogging order: assigned, Running/Unknown/Pending, Ready, Ready longer, more restarts, older. */
export function compareForLogs(a: Pod, b: Pod): number {
  const an = Boolean(a.spec?.nodeName);
  const bn = Boolean(b.spec?.nodeName);
  if (an !== bn) return an ? -1 : 1;
  const ap = LOG_PHASE[a.status?.phase ?? ''] ?? 3;
  const bp = LOG_PHASE[b.status?.phase ?? ''] ?? 3;
  if (ap !== bp) return ap - bp;
  const ar = ready(a);
  const br = ready(b);
  if (ar.ok !== br.ok) return ar.ok ? -1 : 1;
  if (ar.ok && br.ok && ar.since !== br.since) return ar.since - br.since;
  const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ca - cb;
}

/** `Defaulted container "app" out of: app, sidecar` (ephemeral, then init containers). */
export function defaultedContainerNotice(pod: Pod, chosen: string): string | undefined {
  const spec = pod.spec;
  const eph = (spec.ephemeralContainers as { name: string }[] | undefined) ?? [];
  const init = spec.initContainers ?? [];
  if (spec.containers.length <= 1 && init.length === 0 && eph.length === 0) return undefined;
  const names = [...spec.containers.map((c) => c.name), ...eph.map((c) => `${c.name} (ephem)`), ...init.map((c) => `${c.name} (init)`)];
  return `Defaulted container "${chosen}" out of: ${names.join(', ')}`;
}

/** The default container: the annotation's, else the first (annotation chosen silently). */
export function defaultContainer(pod: Pod): { name: string; viaAnnotation: boolean } {
  const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (ann && pod.spec.containers.some((c) => c.name === ann)) return { name: ann, viaAnnotation: true };
  return { name: pod.spec.containers[0]?.name ?? '', viaAnnotation: false };
}
