/**
 * Ages as kubectl prints them in the AGE column (apimachinery's HumanDuration, reached through
 * the printers' translateTimestampSince).
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * A duration in seconds as a short human string: `59s`, `3m12s`, `179m`, `3h1m`, `47h`, `2d3h`,
 * `729d`, `2y5d`, `8y`. Fractions are dropped toward zero first, as Go's int(d.Seconds()) does.
 * A clock skew of up to one second reads `0s`; more than that is `<invalid>`.
 */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 2 * MINUTE) return `${s}s`;
  const minutes = Math.floor(s / MINUTE);
  if (minutes < 10) {
    const rest = s % MINUTE;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.floor(s / HOUR);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 8 * 24) {
    const rest = hours % 24;
    const days = Math.floor(hours / 24);
    return rest === 0 ? `${days}d` : `${days}d${rest}h`;
  }
  if (hours < 2 * 365 * 24) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(s / YEAR);
  if (hours < 8 * 365 * 24) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

/**
 * The age of an RFC 3339 timestamp at `now` (translateTimestampSince): `<unknown>` when the
 * timestamp is unset (Go's zero time) or unparsable.
 */
export function ageOf(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration((now.getTime() - t) / 1000);
}
