/**
 * Kubernetes resource quantities (`500m`, `128Mi`, `1.5`, `2e3`) as kubectl handles them on
 * describe pages: parsed exactly (to nano units), summed, compared, and printed in canonical form
 * (apimachinery's Quantity.String(): DecimalSI with exponents in steps of 3, BinarySI in powers of
 * 1024 when exact, falling back to DecimalSI otherwise).
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The amount in units of 10^-9 (rounded up beyond that precision). */
  nanos: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;

const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_POW: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_EXP).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: 'DecimalSI' };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divide rounding toward +∞ (quantities round up when too precise). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** Parse a quantity string; undefined when it is not a valid quantity. */
export function parseQuantity(input: string | number | undefined | null): Quantity | undefined {
  if (input === undefined || input === null) return undefined;
  const s = String(input).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$/.exec(s);
  if (!m) return undefined;
  const [, sign, intPart, fracPart = '', suffix] = m;
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  let mantissa = BigInt((intPart || '0') + fracPart);
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -fracPart.length;
  let format: QuantityFormat;
  let binaryPow = 0;
  if (suffix in BINARY_POW) {
    format = 'BinarySI';
    binaryPow = BINARY_POW[suffix];
  } else if (suffix in DECIMAL_EXP) {
    format = 'DecimalSI';
    exp10 += DECIMAL_EXP[suffix];
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  } else {
    return undefined;
  }
  let value = mantissa * 1024n ** BigInt(binaryPow);
  const shift = exp10 + 9;
  value = shift >= 0 ? value * pow10(shift) : divCeil(value, pow10(-shift));
  return { nanos: value, format };
}

/** Parse, treating anything missing or malformed as zero. */
export function quantityOf(input: string | number | undefined | null): Quantity {
  return parseQuantity(input) ?? ZERO_QUANTITY;
}

export function isZero(q: Quantity): boolean {
  return q.nanos === 0n;
}

export function cmpQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** a + b, keeping a's format (Quantity.Add). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

/** Whole units, rounded up (Quantity.Value()). */
export function quantityValue(q: Quantity): bigint {
  return divCeil(q.nanos, NANO);
}

/** Thousandths, rounded up (Quantity.MilliValue()). */
export function quantityMilliValue(q: Quantity): bigint {
  return divCeil(q.nanos, 1_000_000n);
}

/** Canonical string form (Quantity.String()). */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const units = q.nanos;
    if ((units > -1024n * NANO && units < 1024n * NANO) || q.nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = q.nanos / NANO;
    let exp = 0;
    while (exp < 6 && amount % 1024n === 0n) {
      amount /= 1024n;
      exp++;
    }
    return `${amount}${BINARY_SUFFIX[exp]}`;
  }
  let amount = q.nanos;
  let exp = -9;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exp++;
  }
  const r = ((exp % 3) + 3) % 3;
  amount *= pow10(r);
  exp -= r;
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX.get(exp);
    return suffix !== undefined ? `${amount}${suffix}` : `${amount}e${exp}`;
  }
  return exp === 0 ? `${amount}` : `${amount}e${exp}`;
}

/** Canonical form of a quantity string as the API would return it; unparsable input is kept. */
export function canonicalQuantity(input: string | number): string {
  const q = parseQuantity(input);
  return q ? formatQuantity(q) : String(input);
}

export type ResourceList = Record<string, string | number>;
export type QuantityList = Map<string, Quantity>;

export function toQuantityList(list: ResourceList | undefined): QuantityList {
  const out: QuantityList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, quantityOf(v));
  return out;
}

/** Add every entry of `add` into `into` (first format wins). */
export function addResourceList(into: QuantityList, add: QuantityList): void {
  for (const [k, v] of add) {
    const cur = into.get(k);
    into.set(k, cur ? addQuantity(cur, v) : { ...v });
  }
}

/** Raise every entry of `into` to at least the entry of `other`. */
export function maxResourceList(into: QuantityList, other: QuantityList): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (!cur || cmpQuantity(v, cur) > 0) into.set(k, { ...v });
  }
}
