/**
 * The Service ClusterIP allocator (KEP-3070 bitmap allocator with a static band), as a pure
 * function of the service CIDR, the set of IPs in use and the cluster's random source.
 *
 * - Usable range: network+1 … broadcast−1 (offsets 0 … max−1 from network+1).
 * - Static (lower) band: the first `offset` usable IPs, offset = min(max(16, size/16), 256), 0 when size ≤ 16.
 * - Automatic allocation: a random start in the upper band, scanning upward with wrap; only when the
 *   upper band is full, a random start in the lower band, scanning with wrap; else `range is full`.
 */
import type { Random } from '../random.js';
import { formatIPv4, parseIPv4, parseIPv4CIDR } from '../validation/ip.js';

export const ERR_FULL = 'range is full';
export const ERR_IP_ALLOCATED = 'provided IP is already allocated';

/** min(max(16, size/16), 256), or 0 when the CIDR has at most 16 addresses. */
export function clusterIPBandOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/**
 * Pick a free offset in [0, max): random start in [offset, max) scanning with wrap, then a random start
 * in [0, offset) scanning with wrap. Returns undefined when every offset is taken.
 */
export function allocateWithOffset(max: number, offset: number, isFree: (i: number) => boolean, random: Random): number | undefined {
  const upper = max - offset;
  if (upper > 0) {
    const start = random.int(upper);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (isFree(at)) return at;
    }
  }
  if (offset > 0) {
    const start = random.int(offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (isFree(at)) return at;
    }
  }
  return undefined;
}

export interface ClusterIPRange {
  /** The CIDR as the apiserver prints it (network address / prefix). */
  cidr: string;
  /** First usable address (network+1) as uint32. */
  base: number;
  /** Number of usable addresses. */
  max: number;
  /** Size of the static (lower) band. */
  offset: number;
}

export function clusterIPRange(serviceCIDR: string): ClusterIPRange {
  const c = parseIPv4CIDR(serviceCIDR);
  if (!c) throw new Error(`invalid service CIDR ${JSON.stringify(serviceCIDR)}`);
  const max = Math.max(0, c.size - 2);
  return { cidr: `${formatIPv4(c.network)}/${c.prefix}`, base: c.network + 1, max, offset: clusterIPBandOffset(c.size) };
}

export type AllocationResult = { ok: true; value: string } | { ok: false; error: string };

/** Reserve a specific IP: the error text when it is outside the range or taken (as the apiserver's Allocate). */
export function checkClusterIP(serviceCIDR: string, ip: string, used: Pick<ReadonlySet<string>, 'has'>): string | undefined {
  const r = clusterIPRange(serviceCIDR);
  const n = parseIPv4(ip);
  const i = n === undefined ? -1 : n - r.base;
  if (n === undefined || i < 0 || i >= r.max) {
    return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${r.cidr}`;
  }
  if (used.has(formatIPv4(n))) return ERR_IP_ALLOCATED;
  return undefined;
}

/** Allocate the next free IP (random in the upper band first), or the `range is full` error. */
export function allocateClusterIP(serviceCIDR: string, used: Pick<ReadonlySet<string>, 'has'>, random: Random): AllocationResult {
  const r = clusterIPRange(serviceCIDR);
  const at = allocateWithOffset(r.max, r.offset, (i) => !used.has(formatIPv4(r.base + i)), random);
  if (at === undefined) return { ok: false, error: ERR_FULL };
  return { ok: true, value: formatIPv4(r.base + at) };
}
