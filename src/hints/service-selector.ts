/**
 * Why a Service selects no ready pod, in one line: the nearest label near-miss, pods with the
 * labels in another namespace, the `create service` trap (selector app=<service name>), or
 * matching pods that are not ready and why. Shared by apply's hints and `diagnose`, which reads
 * the structured form (`selectorNearMiss`) and turns it into findings with evidence.
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

/** Why a Service's selector finds no (ready) pod, as data. */
export type SelectorNearMiss =
  /** Pods match, none is ready. */
  | { kind: 'not-ready'; matching: KObject[] }
  /** No pod here; pods with the labels run in other namespaces. */
  | { kind: 'other-namespace'; namespaces: string[]; pods: KObject[] }
  /** Pods here have the selector's key with another value (`trap`: the selector is create service's app=<name>). */
  | { kind: 'value'; key: string; wanted: string; pods: KObject[]; values: string[]; trap: boolean }
  /** Pods here have the selector's value under another key. */
  | { kind: 'key'; key: string; value: string; pods: KObject[]; keys: string[] }
  /** Nothing near. */
  | { kind: 'none' };

/** undefined when the Service has ready pods, no selector, or is ExternalName. */
export function selectorNearMiss(cluster: Cluster, svc: KObject): SelectorNearMiss | undefined {
  const spec = (svc.spec ?? {}) as { selector?: Record<string, string>; type?: string };
  const selector = spec.selector;
  if (!selector || Object.keys(selector).length === 0 || spec.type === 'ExternalName') return undefined;
  const ns = svc.metadata.namespace!;
  const pods = cluster.list<PodLike>('Pod', ns);
  const matching = pods.filter((p) => mapSelectorMatches(selector, p.metadata.labels));
  if (matching.length > 0) return matching.some(isReady) ? undefined : { kind: 'not-ready', matching };
  const elsewhere = cluster.list<PodLike>('Pod').filter((p) => p.metadata.namespace !== ns && mapSelectorMatches(selector, p.metadata.labels));
  if (elsewhere.length) return { kind: 'other-namespace', namespaces: [...new Set(elsewhere.map((p) => p.metadata.namespace!))], pods: elsewhere };
  for (const [k, v] of Object.entries(selector)) {
    const sameKey = pods.filter((p) => p.metadata.labels?.[k] !== undefined && p.metadata.labels[k] !== v);
    if (sameKey.length) {
      return { kind: 'value', key: k, wanted: v, pods: sameKey, values: [...new Set(sameKey.map((p) => p.metadata.labels![k]))].sort(), trap: k === 'app' && v === svc.metadata.name };
    }
    const sameValue = pods.filter((p) => Object.entries(p.metadata.labels ?? {}).some(([pk, pv]) => pv === v && pk !== k));
    if (sameValue.length) {
      const keys = [...new Set(sameValue.flatMap((p) => Object.entries(p.metadata.labels!).filter(([pk, pv]) => pv === v && pk !== k).map(([pk]) => pk)))].sort();
      return { kind: 'key', key: k, value: v, pods: sameValue, keys };
    }
  }
  return { kind: 'none' };
}

export function serviceSelectorHint(cluster: Cluster, svc: KObject): string | undefined {
  // Ready endpoints settle it without looking at the pods (thousands, on a big cluster).
  const ep = cluster.get<KObject & { subsets?: { addresses?: unknown[] }[] }>('Endpoints', svc.metadata.namespace, svc.metadata.name);
  if (ep?.subsets?.some((s) => (s.addresses?.length ?? 0) > 0)) return undefined;
  const miss = selectorNearMiss(cluster, svc);
  if (!miss) return undefined;
  const selector = (svc.spec as { selector: Record<string, string> }).selector;
  const ns = svc.metadata.namespace!;
  const name = `service/${svc.metadata.name}`;
  const sel = formatLabels(selector);
  switch (miss.kind) {
    case 'not-ready': {
      const p = miss.matching[0] as PodLike;
      return `${name} selects ${miss.matching.length} pod(s), but none is ready (e.g. ${p.metadata.name}: ${notReadyReason(p)}), so it has no endpoints yet`;
    }
    case 'other-namespace':
      return `${name} selects ${sel}, which no pod in namespace "${ns}" has; pods with those labels run in namespace "${miss.namespaces[0]}" (a Service selects pods only in its own namespace)`;
    case 'value': {
      const p = miss.pods[0];
      const trap = miss.trap ? ' (`kubesim create service` always selects app=<service name>; use `expose` or edit the selector)' : '';
      return `${name} selects ${sel}, but no pod in namespace "${ns}" has it; the nearest is ${p.metadata.name} with ${miss.key}=${p.metadata.labels![miss.key]}${trap}`;
    }
    case 'key': {
      const p = miss.pods[0];
      const key = Object.entries(p.metadata.labels!).find(([pk, pv]) => pv === miss.value && pk !== miss.key)![0];
      return `${name} selects ${sel}, but no pod in namespace "${ns}" has it; ${p.metadata.name} has ${key}=${miss.value} (a different key)`;
    }
    case 'none':
      return `${name} selects ${sel}, but no pod in namespace "${ns}" has those labels, so it has no endpoints`;
  }
}
