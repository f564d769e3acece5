/**
 * IP address and CIDR checks (apimachinery IsValidIP / IsValidCIDR, core ValidateNonSpecialIP),
 * plus the IPv4 arithmetic the allocators use. Parsing is "sloppy" as netutils.ParseIPSloppy:
 * IPv4 octets may carry leading zeros.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { invalid, type FieldError } from '../apiserver/field-errors.js';

export const INVALID_IP_ERROR = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const INVALID_CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Parse a dotted-quad IPv4 address (leading zeros allowed, read as decimal) into a uint32. */
export function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    n = n * 256 + o;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIP(s: string): boolean {
  return parseIPv4(s) !== undefined || isIPv6(s);
}

export function isIPv6String(s: string): boolean {
  return !isIPv4(s) && parseIPv4(s) === undefined && isIPv6(s);
}

export interface IPv4CIDR {
  /** Network address as uint32. */
  network: number;
  prefix: number;
  /** Number of addresses in the block (2^(32-prefix)). */
  size: number;
}

export function parseIPv4CIDR(s: string): IPv4CIDR | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIPv4(m[1]);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = prefix === 0 ? 0 : Math.floor(ip / size) * size;
  return { network, prefix, size };
}

export function isValidCIDR(s: string): boolean {
  if (parseIPv4CIDR(s)) return true;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  return !!m && isIPv6(m[1]) && Number(m[2]) <= 128;
}

export function validateIP(value: string, field: string): FieldError[] {
  return isIP(value) ? [] : [invalid(field, value, INVALID_IP_ERROR)];
}

export function validateCIDR(value: string, field: string): FieldError[] {
  return isValidCIDR(value) ? [] : [invalid(field, value, INVALID_CIDR_ERROR)];
}

/** ValidateNonSpecialIP: rejects unspecified, loopback, link-local and link-local multicast addresses. */
export function validateNonSpecialIP(value: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const v4 = parseIPv4(value);
  if (v4 === undefined && !isIPv6(value)) return [invalid(field, value, 'must be a valid IP address')];
  const lower = value.toLowerCase();
  const v6 = v4 === undefined;
  if (v6 ? /^[0:]+$/.test(lower) : v4 === 0) errs.push(invalid(field, value, 'may not be unspecified (0.0.0.0)'));
  if (v6 ? /^(0{0,4}:)+0*1$/.test(lower) || lower === '::1' : v4! >>> 24 === 127) errs.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (v6 ? /^fe[89ab][0-9a-f]?:/.test(lower) : v4! >>> 16 === 0xa9fe) errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (v6 ? /^ff02:/.test(lower) : v4! >>> 8 === 0xe00000) errs.push(invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
