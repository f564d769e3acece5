/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` annotation, as the Endpoints and
 * EndpointSlice controllers compute it (pkg/controller/util/endpoint/trigger_time_tracker.go):
 * - a Service's first sync (its Endpoints or slices do not exist yet): its creationTimestamp;
 * - a later sync: the earliest change that sync is the first to see — a selected pod's Ready
 *   condition lastTransitionTime; none (a pod deleted, the Service updated) → no time, and the
 *   annotation is cleared on the objects written.
 *
 * Upstream remembers every pod's last seen time per Service, in memory. kubesim's controllers
 * live for one command, so each remembers only when it last ran, in the state file
 * (`endpointsSyncedAt`, a few bytes instead of a line per pod): a Ready transition after that, or
 * of a pod its object does not list yet, is one no earlier sync has seen. (A pod relabelled into a
 * Service with an old transition counts upstream and not here; a frozen clock makes "after" rare,
 * hence the pods the object does not list.)
 */
import type { Cluster } from '../store/cluster-state.js';
import { podCondition, type Pod } from './kubelet.js';
import type { Service } from './endpoints.js';

export type TrackingController = 'endpoints' | 'endpointslice';

/**
 * When the controller ran before now (undefined: never, or a state file from before this was
 * kept). Runs at the same instant — the passes of one command, or commands under a frozen clock —
 * are one run: they answer the run before that instant.
 */
export function previousSync(cluster: Cluster, controller: TrackingController): number | undefined {
  const [last, before] = (cluster.state.endpointsSyncedAt?.[controller] ?? []).map(time);
  return last !== undefined && last < cluster.clock.now().getTime() ? last : before;
}

/** Remember that the controller ran now: [now, the last run before now]. */
export function recordSync(cluster: Cluster, controller: TrackingController): void {
  const runs = (cluster.state.endpointsSyncedAt ??= {});
  const now = cluster.timestamp();
  const [last, before] = runs[controller] ?? [];
  runs[controller] = last === now ? (before ? [now, before] : [now]) : last ? [now, last] : [now];
}

function time(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Go's time.RFC3339Nano in UTC: fractional seconds only when there are any, trailing zeros dropped. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/**
 * The annotation's value for a sync that writes (undefined = none). `listed`: the pods the
 * Service's object lists (undefined: it has none yet, the first sync); `belongs`: whether a pod
 * is one the object lists at all (a terminal pod is not, and never becomes "new").
 */
export function lastChangeTriggerTime(svc: Service, pods: Pod[], since: number | undefined, listed: ReadonlySet<string> | undefined, belongs: (p: Pod) => boolean): string | undefined {
  const created = time(svc.metadata.creationTimestamp);
  // A Service not seen before reports its creation, whatever its pods did earlier.
  if (listed === undefined || since === undefined) return created === undefined ? undefined : rfc3339Nano(created);
  let earliest: number | undefined;
  for (const pod of pods) {
    const t = time(podCondition(pod, 'Ready')?.lastTransitionTime);
    if (t === undefined) continue;
    const unseen = t > since || (!listed.has(pod.metadata.name) && belongs(pod));
    if (unseen && (earliest === undefined || t < earliest)) earliest = t;
  }
  return earliest === undefined ? undefined : rfc3339Nano(earliest);
}
