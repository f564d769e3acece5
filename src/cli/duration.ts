/** Go's time.ParseDuration, for the flags kubectl parses with it (`--timeout`, `--request-timeout`). */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MAX_DURATION_MS = (2 ** 63 - 1) / 1e6;

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Parse a duration the way Go's time.ParseDuration does (`30s`, `1m`, `500ms`, `1h2m`, `1.5h`,
 * `-1s`, `0`). Returns milliseconds; throws Go's error text (`time: invalid duration "x"`).
 */
export function parseGoDuration(text: string): number {
  const invalid = () => new Error(`time: invalid duration ${goQuote(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const intPart = m[1];
    const hasDot = m[0].length > intPart.length;
    const frac = hasDot ? (m[2] ?? '') : '';
    if (intPart === '' && frac === '') throw invalid();
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    const unit = s.slice(0, i);
    s = s.slice(i);
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(text)}`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`);
    total += Number(`${intPart || '0'}.${frac || '0'}`) * scale;
    if (total > MAX_DURATION_MS) throw invalid();
  }
  return neg ? -total : total;
}
