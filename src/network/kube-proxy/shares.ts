/**
 * The share of new connections each backend gets, as the rules give it — for the "expected"
 * column of `kubesim curl --count`. It runs the very walk connect() does, but instead of drawing
 * it follows every branch of every statistic rule (weight p for taken, 1−p for not taken, p
 * being the kernel-rounded probability iptables-save prints), without touching the random
 * source or the affinity lists. A client that currently has a live ClientIP affinity entry gets
 * its pinned endpoint with share 1.
 */
import type { Cluster } from '../../store/cluster-state.js';
import type { Backend, Vantage } from '../contracts.js';
import { readOnlyRecent, routeConnection, type Decider } from './connect.js';

/** Upper bound on enumerated paths (a Service with n endpoints has n). */
const MAX_PATHS = 100_000;

/** One way a new connection can go, and how likely it is. */
export interface RoutePath {
  weight: number;
  result: ReturnType<typeof routeConnection>;
}

/**
 * Every path a new connection from `from` to ip:port can take through the rules, with its
 * probability: the walk connect() does, following both branches of every statistic rule.
 */
export function routePaths(cluster: Cluster, from: Vantage, dstIP: string, dstPort: number, protocol: 'TCP' | 'UDP' | 'SCTP', tracing: boolean): RoutePath[] {
  const recent = readOnlyRecent(cluster);
  const paths: RoutePath[] = [];
  const stack: boolean[][] = [[]];
  let count = 0;
  while (stack.length && count++ < MAX_PATHS) {
    const forced = stack.pop()!;
    const taken: boolean[] = [];
    let weight = 1;
    const decide: Decider = {
      ...recent,
      statistic(threshold) {
        const p = threshold / 0x80000000;
        let v: boolean;
        if (taken.length < forced.length) v = forced[taken.length];
        else {
          v = true;
          if (p < 1) stack.push([...taken, false]);
        }
        taken.push(v);
        weight *= v ? p : 1 - p;
        return v;
      },
    };
    const result = routeConnection(cluster, decide, from, dstIP, dstPort, protocol, tracing);
    if (weight > 0) paths.push({ weight, result });
  }
  return paths;
}

export function expectedShares(
  cluster: Cluster,
  from: Vantage,
  dstIP: string,
  dstPort: number,
  protocol: 'TCP' | 'UDP' | 'SCTP',
): { backend: Backend; share: number }[] {
  const acc = new Map<string, { backend: Backend; share: number }>();
  for (const { weight, result } of routePaths(cluster, from, dstIP, dstPort, protocol, false)) {
    const reached = result.reached;
    if (!reached) continue;
    const key = `${reached.ip}:${reached.port}`;
    const entry = acc.get(key);
    if (entry) entry.share += weight;
    else acc.set(key, { backend: reached, share: weight });
  }
  return [...acc.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
}
