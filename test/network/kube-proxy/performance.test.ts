/** A loose guard on the routing engine's speed; the real numbers come from bench/network-engine.mjs. */
import { describe, expect, it } from 'vitest';
import { apply, fromPod, newCluster, pod, service } from './fixture.js';
import { connect } from '../../../src/network/kube-proxy/connect.js';

describe('routing engine speed', () => {
  it('routes about 200,000 connections per second (≥ 60,000 asserted) to a 10-endpoint Service (tables built once per state)', () => {
    const c = newCluster('bench');
    const nodes = ['kubesim', 'kubesim-m02', 'kubesim-m03'];
    for (let i = 0; i < 10; i++) apply(c, pod(`web-${i}`, { app: 'web' }, { node: nodes[i % 3] }));
    apply(c, pod('client', { role: 'client' }, { node: 'kubesim', ports: [] }));
    apply(c, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }));
    const vip = (c.get('Service', 'default', 'web')!.spec as { clusterIP: string }).clusterIP;
    const from = fromPod(c, 'client');
    for (let i = 0; i < 20_000; i++) connect(c, from, vip, 80, 'TCP'); // warm up
    // best of 5 rounds: a loaded machine slows some rounds down, never speeds one up
    const n = 100_000;
    let best = 0;
    let ok = 0;
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) if (connect(c, from, vip, 80, 'TCP').result === 'connected') ok++;
      best = Math.max(best, n / ((performance.now() - t0) / 1000));
    }
    console.log(`kube-proxy connects/s (best of 5, traced): ${Math.round(best)}`);
    expect(ok).toBe(5 * n);
    // The target is 200,000/s (see bench/network-engine.mjs); the assertion is loose (shared 2-core CI machines run several suites at once).
    expect(best).toBeGreaterThan(60_000);
  });
});
