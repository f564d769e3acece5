/**
 * The one place kubesim reads time. `KUBESIM_NOW` (RFC 3339) freezes it for golden tests;
 * the CLI builds the clock from the environment and hands it to the core.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function frozenClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

/** Parse KUBESIM_NOW; undefined when unset, an Error message when malformed. */
export function clockFromEnv(value: string | undefined): Clock | string {
  if (!value) return systemClock;
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) return `KUBESIM_NOW must be an RFC 3339 time such as 2026-11-26T05:00:00Z, got ${JSON.stringify(value)}`;
  return frozenClock(new Date(t));
}

/** RFC 3339 with second precision, as the apiserver writes metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
