/**
 * The kubelet's image pull back-off, as a pure function of the time since a container's first
 * failed pull. After a failed pull the image is in back-off for 10 s, then 20 s, 40 s … capped at
 * 300 s. The kubelet looks at the pod again on each retry of its pod worker; one that falls inside
 * the back-off only reports it (BackOff, ImagePullBackOff), the first one after it pulls again
 * (Pulling, Failed, ErrImagePull). A real pod worker retries every 10-15 s (10 s plus jitter);
 * kubesim retries every 12 s, the period of its InvalidImageName retries, so that every run of
 * the same commands prints the same counts. Pulls fail at once (the registry answers "not found").
 */

/** How often the kubelet retries a pod that cannot start its containers. */
export const POD_RETRY_SECONDS = 12;
const INITIAL_BACKOFF_SECONDS = 10;
const MAX_BACKOFF_SECONDS = 300;

export interface PullRetries {
  /** Pull attempts so far (the first at 0). */
  pulls: number;
  /** Seconds from the first pull to the last one. */
  lastPull: number;
  /** Retries that fell inside a back-off. */
  backOffs: number;
  /** Seconds from the first pull to the first and last of them (undefined when there were none). */
  firstBackOff?: number;
  lastBackOff?: number;
  /** The latest retry was a back-off (ImagePullBackOff), not a pull (ErrImagePull). */
  backingOff: boolean;
  /** Seconds from the first pull to the next retry. */
  nextRetry: number;
}

function backOffAfter(failures: number): number {
  return Math.min(INITIAL_BACKOFF_SECONDS * 2 ** Math.min(failures - 1, 30), MAX_BACKOFF_SECONDS);
}

/** Retries a whole number of periods apart: the first at or after the back-off's end pulls. */
function cycleLength(failures: number): number {
  return Math.ceil(backOffAfter(failures) / POD_RETRY_SECONDS) * POD_RETRY_SECONDS;
}

/** What the kubelet has done by `elapsed` seconds after the first failed pull. */
export function pullRetries(elapsed: number): PullRetries {
  const r: PullRetries = { pulls: 1, lastPull: 0, backOffs: 0, backingOff: false, nextRetry: POD_RETRY_SECONDS };
  const t = Math.max(0, elapsed);
  // Whole cycles (a pull, then back-offs until the next pull) that have ended by t. Once the
  // back-off is capped every cycle is the same, so those are counted at once.
  let cycle = cycleLength(r.pulls);
  while (r.lastPull + cycle <= t) {
    const n = backOffAfter(r.pulls) === MAX_BACKOFF_SECONDS ? Math.floor((t - r.lastPull) / cycle) : 1;
    addBackOffs(r, r.lastPull + POD_RETRY_SECONDS, r.lastPull + n * cycle - POD_RETRY_SECONDS, n * (cycle / POD_RETRY_SECONDS - 1));
    r.pulls += n;
    r.lastPull += n * cycle;
    cycle = cycleLength(r.pulls);
  }
  // The retries of the current cycle so far, all inside the back-off.
  const since = Math.floor((t - r.lastPull) / POD_RETRY_SECONDS);
  if (since > 0) addBackOffs(r, r.lastPull + POD_RETRY_SECONDS, r.lastPull + since * POD_RETRY_SECONDS, since);
  r.backingOff = since > 0;
  r.nextRetry = r.lastPull + (since + 1) * POD_RETRY_SECONDS;
  return r;
}

function addBackOffs(r: PullRetries, first: number, last: number, count: number): void {
  if (count <= 0) return;
  r.firstBackOff ??= first;
  r.lastBackOff = last;
  r.backOffs += count;
}
