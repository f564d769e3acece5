import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { allocateClusterIP, checkClusterIP, clusterIPBandOffset, clusterIPRange } from '../../src/allocators/clusterip-allocator.js';
import { allocateNodePort, checkNodePort, nodePortBandOffset, parsePortRange } from '../../src/allocators/nodeport-allocator.js';
import { formatIPv4, parseIPv4 } from '../../src/validation/ip.js';

describe('ClusterIP band math', () => {
  it('offset = min(max(16, size/16), 256), 0 for ≤16 addresses', () => {
    expect(clusterIPBandOffset(2 ** 20)).toBe(256); // /12
    expect(clusterIPBandOffset(2 ** 16)).toBe(256); // /16
    expect(clusterIPBandOffset(256)).toBe(16); // /24
    expect(clusterIPBandOffset(16)).toBe(0); // /28
    expect(clusterIPBandOffset(4096)).toBe(256); // /20
    expect(clusterIPBandOffset(1024)).toBe(64); // /22
  });
  it('range: network+1 … broadcast−1; static band 10.96.0.1–10.96.1.0 for 10.96.0.0/12', () => {
    const r = clusterIPRange('10.96.0.0/12');
    expect(formatIPv4(r.base)).toBe('10.96.0.1');
    expect(formatIPv4(r.base + r.max - 1)).toBe('10.111.255.254');
    expect(formatIPv4(r.base + r.offset - 1)).toBe('10.96.1.0');
    expect(r.cidr).toBe('10.96.0.0/12');
    expect(clusterIPRange('10.96.5.7/16').cidr).toBe('10.96.0.0/16');
  });
});

describe('ClusterIP allocation', () => {
  it('auto-allocates in the upper band only, randomly', () => {
    const random = Random.fromSeed(7);
    const seen = new Set<string>();
    const lowerEnd = parseIPv4('10.96.1.0')!;
    for (let i = 0; i < 200; i++) {
      const r = allocateClusterIP('10.96.0.0/12', seen, random);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(parseIPv4(r.value)!).toBeGreaterThan(lowerEnd);
        expect(parseIPv4(r.value)!).toBeLessThanOrEqual(parseIPv4('10.111.255.254')!);
        seen.add(r.value);
      }
    }
    expect(seen.size).toBe(200);
  });
  it('is deterministic for a seed', () => {
    const a = allocateClusterIP('10.96.0.0/12', new Set(), Random.fromSeed(3));
    const b = allocateClusterIP('10.96.0.0/12', new Set(), Random.fromSeed(3));
    expect(a).toEqual(b);
  });
  it('falls back to the lower band when the upper is full, then reports range is full', () => {
    const used = new Set<string>();
    // /24: 254 usable, offset 16 → lower band .1–.16, upper .17–.254
    for (let i = 17; i <= 254; i++) used.add(`10.0.0.${i}`);
    const random = Random.fromSeed(1);
    const r = allocateClusterIP('10.0.0.0/24', used, random);
    expect(r.ok && parseIPv4(r.value)! <= parseIPv4('10.0.0.16')!).toBe(true);
    for (let i = 1; i <= 16; i++) used.add(`10.0.0.${i}`);
    expect(allocateClusterIP('10.0.0.0/24', used, random)).toEqual({ ok: false, error: 'range is full' });
  });
  it('scans upward with wrap from the random start', () => {
    const used = new Set<string>();
    for (let i = 17; i <= 253; i++) used.add(`10.0.0.${i}`); // only .254 free in the upper band
    expect(allocateClusterIP('10.0.0.0/24', used, Random.fromSeed(9))).toEqual({ ok: true, value: '10.0.0.254' });
    used.delete('10.0.0.17');
    used.add('10.0.0.254'); // only .17 free: reached by wrapping unless the start is .17
    expect(allocateClusterIP('10.0.0.0/24', used, Random.fromSeed(9))).toEqual({ ok: true, value: '10.0.0.17' });
  });
  it('a /28 has no static band', () => {
    const r = clusterIPRange('10.0.0.0/28');
    expect(r.offset).toBe(0);
    expect(r.max).toBe(14);
    const used = new Set<string>();
    for (let i = 1; i <= 13; i++) used.add(`10.0.0.${i}`);
    expect(allocateClusterIP('10.0.0.0/28', used, Random.fromSeed(1))).toEqual({ ok: true, value: '10.0.0.14' });
  });
  it('checks explicit IPs', () => {
    expect(checkClusterIP('10.96.0.0/12', '10.96.0.10', new Set(['10.96.0.10']))).toBe('provided IP is already allocated');
    expect(checkClusterIP('10.96.0.0/12', '1.1.1.1', new Set())).toBe(
      'the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(checkClusterIP('10.96.0.0/12', '10.96.0.0', new Set())).toMatch(/not in the valid range/);
    expect(checkClusterIP('10.96.0.0/12', '10.111.255.255', new Set())).toMatch(/not in the valid range/);
    expect(checkClusterIP('10.96.0.0/12', '10.96.0.1', new Set())).toBeUndefined();
  });
});

describe('NodePort allocation', () => {
  it('band offset is 86 for 30000-32767', () => {
    const r = parsePortRange('30000-32767');
    expect(r.size).toBe(2768);
    expect(r.offset).toBe(86);
    expect(nodePortBandOffset(2768)).toBe(86);
    expect(nodePortBandOffset(16)).toBe(0);
    expect(nodePortBandOffset(100)).toBe(16);
    expect(nodePortBandOffset(100000)).toBe(128);
  });
  it('auto-allocates in 30086-32767 first', () => {
    const random = Random.fromSeed(5);
    const used = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const r = allocateNodePort('30000-32767', used, random);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value).toBeGreaterThanOrEqual(30086);
        expect(r.value).toBeLessThanOrEqual(32767);
        used.add(r.value);
      }
    }
  });
  it('falls back to the static band, then range is full', () => {
    const used = new Set<number>();
    for (let p = 30086; p <= 32767; p++) used.add(p);
    const r = allocateNodePort('30000-32767', used, Random.fromSeed(2));
    expect(r.ok && r.value >= 30000 && r.value <= 30085).toBe(true);
    for (let p = 30000; p <= 30085; p++) used.add(p);
    expect(allocateNodePort('30000-32767', used, Random.fromSeed(2))).toEqual({ ok: false, error: 'range is full' });
  });
  it('checks explicit ports', () => {
    expect(checkNodePort('30000-32767', 32233, new Set([32233]))).toBe('provided port is already allocated');
    expect(checkNodePort('30000-32767', 8888, new Set())).toBe('provided port is not in the valid range. The range of valid ports is 30000-32767');
    expect(checkNodePort('30000-32767', 30000, new Set())).toBeUndefined();
    expect(checkNodePort('30000-32767', 32768, new Set())).toMatch(/not in the valid range/);
  });
});
