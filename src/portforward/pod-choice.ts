/**
 * Which pod `port-forward` (and `exec`, `attach`) uses for a workload or Service target: kubectl
 * lists the pods matching the object's selector and takes the first after sorting them with the
 * reverse of its ActivePods order (kubectl pkg/util/podutils, polymorphichelpers.GetFirstPod).
 * Reversed, that order prefers, key by key:
 *   1. assigned to a node over unassigned;
 *   2. Running over Unknown over Pending (any other phase ranks with Pending);
 *   3. Ready over not Ready;
 *   4. not being deleted over being deleted;
 *   5. Ready for longer (earlier Ready lastTransitionTime);
 *   6. fewer container restarts (the highest count among its containers);
 *   7. older creationTimestamp (pods without one last).
 * Ties keep the apiserver's list order (by name). Pure.
 */
import type { Pod } from '../controllers/kubelet.js';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function isReady(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function readySince(p: Pod): number | undefined {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  const t = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

function maxRestarts(p: Pod): number {
  let max = 0;
  for (const s of p.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

function created(p: Pod): number | undefined {
  const t = p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Earlier times first, missing times last (the reverse of kubectl's afterOrZero). */
function earlierFirst(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/** Negative when `a` is the better pod to forward to. */
export function comparePodsForForward(a: Pod, b: Pod): number {
  const an = Boolean(a.spec?.nodeName);
  const bn = Boolean(b.spec?.nodeName);
  if (an !== bn) return an ? -1 : 1;
  const ap = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const bp = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (ap !== bp) return bp - ap;
  const ar = isReady(a);
  const br = isReady(b);
  if (ar !== br) return ar ? -1 : 1;
  const ad = Boolean(a.metadata.deletionTimestamp);
  const bd = Boolean(b.metadata.deletionTimestamp);
  if (ad !== bd) return ad ? 1 : -1;
  if (ar && br) {
    const c = earlierFirst(readySince(a), readySince(b));
    if (c !== 0) return c;
  }
  const ra = maxRestarts(a);
  const rb = maxRestarts(b);
  if (ra !== rb) return ra - rb;
  return earlierFirst(created(a), created(b));
}

/** The pods in the order kubectl would consider them (best first); a stable sort. */
export function rankPodsForForward<T extends Pod>(pods: T[]): T[] {
  return pods
    .map((p, i) => ({ p, i }))
    .sort((x, y) => comparePodsForForward(x.p, y.p) || x.i - y.i)
    .map((x) => x.p);
}

/** The pod kubectl picks, or undefined when none match. */
export function choosePodForForward<T extends Pod>(pods: T[]): T | undefined {
  return rankPodsForForward(pods)[0];
}
