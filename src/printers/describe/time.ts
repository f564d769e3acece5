/**
 * Times on describe pages: absolute times in RFC 1123 with numeric zone (Go's time.RFC1123Z,
 * `Mon, 02 Jan 2006 15:04:05 -0700`) in the process's local zone, and relative ages.
 */
import { ageOf } from '../age.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** What Go prints for the zero time.Time (an unset metav1.Time) in RFC1123Z. */
export const ZERO_TIME_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** Format an RFC 3339 timestamp as RFC1123Z in local time; unset gives Go's zero time. */
export function rfc1123z(timestamp: string | undefined): string {
  if (!timestamp) return ZERO_TIME_RFC1123Z;
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return ZERO_TIME_RFC1123Z;
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${String(d.getFullYear()).padStart(4, '0')} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

/** kubectl's translateTimestampSince: `<unknown>` for an unset time, else the human age. */
export function since(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  return ageOf(timestamp, now);
}
