/**
 * The NodePort allocator (KEP-3668 bitmap allocator with a static band), as a pure function of the
 * port range, the set of ports in use and the cluster's random source.
 *
 * - Static (lower) band: the first `offset` ports, offset = min(max(16, size/32), 128), 0 when size ≤ 16.
 *   For 30000-32767 (2768 ports) that is 86: static 30000-30085, dynamic 30086-32767.
 * - Automatic allocation scans like the ClusterIP allocator: random start in the dynamic band, then the static band.
 */
import type { Random } from '../random.js';
import { allocateWithOffset, ERR_FULL } from './clusterip-allocator.js';

export const ERR_PORT_ALLOCATED = 'provided port is already allocated';

export interface PortRange {
  base: number;
  size: number;
  offset: number;
}

export function nodePortBandOffset(rangeSize: number): number {
  if (rangeSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(rangeSize / 32)), 128);
}

/** Parse `30000-32767` (or a single port). */
export function parsePortRange(text: string): PortRange {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!m) throw new Error(`invalid node port range ${JSON.stringify(text)}`);
  const base = Number(m[1]);
  const last = m[2] === undefined ? base : Number(m[2]);
  if (last < base) throw new Error(`invalid node port range ${JSON.stringify(text)}`);
  const size = last - base + 1;
  return { base, size, offset: nodePortBandOffset(size) };
}

export function formatPortRange(r: PortRange): string {
  return `${r.base}-${r.base + r.size - 1}`;
}

/** Reserve a specific port: the error text when it is outside the range or taken. */
export function checkNodePort(range: string, port: number, used: ReadonlySet<number>): string | undefined {
  const r = parsePortRange(range);
  if (!(port >= r.base && port < r.base + r.size)) {
    return `provided port is not in the valid range. The range of valid ports is ${formatPortRange(r)}`;
  }
  if (used.has(port)) return ERR_PORT_ALLOCATED;
  return undefined;
}

export type PortAllocationResult = { ok: true; value: number } | { ok: false; error: string };

/** Allocate the next free port (random in the dynamic band first), or `range is full`. */
export function allocateNodePort(range: string, used: ReadonlySet<number>, random: Random): PortAllocationResult {
  const r = parsePortRange(range);
  const at = allocateWithOffset(r.size, r.offset, (i) => !used.has(r.base + i), random);
  if (at === undefined) return { ok: false, error: ERR_FULL };
  return { ok: true, value: r.base + at };
}
