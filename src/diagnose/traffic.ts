/**
 * Where traffic to a Service goes, per node, by walking the very kube-proxy tables connections
 * use (`routeConnection`). Every branch of every statistic rule is followed with its weight (as
 * `expectedShares` does) and the ClientIP-affinity lists are only read, so nothing is drawn from
 * the random source and nothing is written: diagnose stays read-only. Each path ends delivered
 * to a pod, refused (kube-proxy REJECT, or nothing listens), or dropped (kube-proxy DROP, e.g. a
 * Local traffic policy on a node without a local endpoint).
 */
import type { Cluster } from '../store/cluster-state.js';
import type { Vantage } from '../network/contracts.js';
import { routePaths } from '../network/kube-proxy/shares.js';
import { percent } from './findings.js';

export interface NodeOutcome {
  /** Pod name (or ip:port) → share of new connections delivered there. */
  delivered: Map<string, number>;
  /** Reason → share refused by kube-proxy (REJECT). */
  refused: Map<string, number>;
  /** `nothing listens on port 5000/TCP in` → pod → share refused by the pod itself. */
  refusedByPods: Map<string, Map<string, number>>;
  /** Reason → share dropped or unanswered. */
  dropped: Map<string, number>;
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** The reason kube-proxy gave in the last hop of a failed walk (its rule's `why`), or the hop itself. */
function reasonOf(hops: { text: string }[]): string {
  const last = hops[hops.length - 1]?.text ?? '';
  const m = / \u2014 (?:connection refused|packet dropped, connection timed out): (.*)$/.exec(last);
  if (m) return m[1];
  return last.replace(/: connection refused.*$/, '').replace(/: connection timed out$/, '');
}

/** Enumerate where new connections from `from` to ip:port end, with their shares. */
export function routeOutcomes(cluster: Cluster, from: Vantage, ip: string, port: number, protocol: 'TCP' | 'UDP' | 'SCTP'): NodeOutcome {
  const out: NodeOutcome = { delivered: new Map(), refused: new Map(), refusedByPods: new Map(), dropped: new Map() };
  for (const { weight, result } of routePaths(cluster, from, ip, port, protocol, true)) {
    const { outcome, reached } = result;
    const target = reached?.pod ? reached.pod.metadata.name : reached ? `${reached.ip}:${reached.port}` : undefined;
    if (outcome.result === 'connected') add(out.delivered, target ?? `${outcome.backend.ip}:${outcome.backend.port}`, weight);
    else if (outcome.result === 'refused' && reached?.pod) {
      const why = /has no running container/.test(outcome.trace[outcome.trace.length - 1]?.text ?? '') ? 'no running container in' : `nothing listens on port ${reached.port}/${protocol} in`;
      const byPod = out.refusedByPods.get(why) ?? new Map<string, number>();
      add(byPod, target!, weight);
      out.refusedByPods.set(why, byPod);
    } else if (outcome.result === 'refused') add(out.refused, reasonOf(outcome.trace), weight);
    else add(out.dropped, reasonOf(outcome.trace), weight);
  }
  return out;
}

export type Verdict = 'delivered' | 'partly' | 'refused' | 'dropped';

export function verdictOf(o: NodeOutcome): Verdict {
  const d = [...o.delivered.values()].reduce((a, b) => a + b, 0);
  if (d > 0.9999) return 'delivered';
  if (d > 0) return 'partly';
  const r = [...o.refused.values(), ...[...o.refusedByPods.values()].flatMap((m) => [...m.values()])].reduce((a, b) => a + b, 0);
  return r >= 0.5 ? 'refused' : 'dropped';
}

/** One line: `delivered to a (33.3%), b (66.7%)`, `dropped: <why>`, `refused: <why>`. */
export function describeOutcome(o: NodeOutcome, maxPods = 3): string {
  const parts: string[] = [];
  if (o.delivered.size) {
    const pods = [...o.delivered.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const shown = pods.slice(0, maxPods).map(([n, s]) => `${n} (${percent(s)})`);
    parts.push(`delivered to ${shown.join(', ')}${pods.length > maxPods ? ` and ${pods.length - maxPods} more pods` : ''}`);
  }
  for (const [why, pods] of o.refusedByPods) {
    const s = [...pods.values()].reduce((a, b) => a + b, 0);
    const names = [...pods.keys()].sort();
    parts.push(`refused${s < 0.9999 ? ` (${percent(s)})` : ''}: ${why} ${names.length === 1 ? 'pod' : 'pods'} ${names.slice(0, maxPods).join(', ')}${names.length > maxPods ? ` and ${names.length - maxPods} more` : ''}`);
  }
  for (const [why, s] of o.refused) parts.push(`refused${s < 0.9999 ? ` (${percent(s)})` : ''}: ${why}`);
  for (const [why, s] of o.dropped) parts.push(`dropped${s < 0.9999 ? ` (${percent(s)})` : ''}: ${why}`);
  return parts.join('; ') || 'no route';
}
