/**
 * Why a Service selects no ready pod, in one line: the nearest label near-miss, pods with the
 * labels in another namespace, the `create service` trap (selector app=<service name>), or
 * matching pods that are not ready and why. Shared by apply's hints and `diagnose`.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { mapSelectorMatches, formatLabels } from '../labels/selector.js';

interface PodLike extends KObject {
  status?: { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
}

const isReady = (p: PodLike) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

function notReadyReason(p: PodLike): string {
  const waiting = p.status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean);
  return waiting ?? p.status?.phase ?? 'not ready';
}

export function serviceSelectorHint(cluster: Cluster, svc: KObject): string | undefined {
  const spec = (svc.spec ?? {}) as { selector?: Record<string, string>; type?: string };
  const selector = spec.selector;
  if (!selector || Object.keys(selector).length === 0 || spec.type === 'ExternalName') return undefined;
  const ns = svc.metadata.namespace!;
  const name = `service/${svc.metadata.name}`;
  const pods = cluster.list<PodLike>('Pod', ns);
  const matching = pods.filter((p) => mapSelectorMatches(selector, p.metadata.labels));
  if (matching.length > 0) {
    if (matching.some(isReady)) return undefined;
    const p = matching[0];
    return `${name} selects ${matching.length} pod(s), but none is ready (e.g. ${p.metadata.name}: ${notReadyReason(p)}), so it has no endpoints yet`;
  }
  const sel = formatLabels(selector);
  // The same labels in another namespace.
  const elsewhere = cluster.list<PodLike>('Pod').find((p) => p.metadata.namespace !== ns && mapSelectorMatches(selector, p.metadata.labels));
  if (elsewhere) return `${name} selects ${sel}, which no pod in namespace "${ns}" has; pods with those labels run in namespace "${elsewhere.metadata.namespace}" (a Service selects pods only in its own namespace)`;
  // A near miss: a pod with the same key and another value, or the same value under another key.
  for (const [k, v] of Object.entries(selector)) {
    const sameKey = pods.find((p) => p.metadata.labels?.[k] !== undefined && p.metadata.labels[k] !== v);
    if (sameKey) {
      const trap = k === 'app' && v === svc.metadata.name ? ' (`kubesim create service` always selects app=<service name>; use `expose` or edit the selector)' : '';
      return `${name} selects ${sel}, but no pod in namespace "${ns}" has it; the nearest is ${sameKey.metadata.name} with ${k}=${sameKey.metadata.labels![k]}${trap}`;
    }
    const sameValue = pods.find((p) => Object.entries(p.metadata.labels ?? {}).some(([pk, pv]) => pv === v && pk !== k));
    if (sameValue) {
      const key = Object.entries(sameValue.metadata.labels!).find(([pk, pv]) => pv === v && pk !== k)![0];
      return `${name} selects ${sel}, but no pod in namespace "${ns}" has it; ${sameValue.metadata.name} has ${key}=${v} (a different key)`;
    }
  }
  return `${name} selects ${sel}, but no pod in namespace "${ns}" has those labels, so it has no endpoints`;
}
