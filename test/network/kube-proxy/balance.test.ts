import { describe, expect, it } from 'vitest';
import { apply, fromNode, fromPod, getPod, movableClock, newCluster, NOW, outside, pod, service } from './fixture.js';
import { connect } from '../../../src/network/kube-proxy/connect.js';
import { expectedShares } from '../../../src/network/kube-proxy/shares.js';
import type { Cluster } from '../../../src/store/cluster-state.js';
import type { Clock } from '../../../src/clock.js';
import { frozenClock } from '../../../src/clock.js';

function threePods(seed: string, extra: Record<string, unknown> = {}, clock: Clock = frozenClock(new Date(NOW))): { c: Cluster; vip: string } {
  const c = newCluster(seed, clock);
  for (const [n, node] of [['web-1', 'kubesim'], ['web-2', 'kubesim-m02'], ['web-3', 'kubesim-m03']]) apply(c, pod(n, { app: 'web' }, { node }));
  apply(c, pod('client', { role: 'client' }, { node: 'kubesim-m02', ports: [] }));
  apply(c, pod('client-2', { role: 'client' }, { node: 'kubesim-m03', ports: [] }));
  apply(c, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...extra }));
  return { c, vip: (c.get('Service', 'default', 'web')!.spec as { clusterIP: string }).clusterIP };
}

function sequence(c: Cluster, vip: string, n: number, from = fromPod(c, 'client')): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = connect(c, from, vip, 80, 'TCP');
    if (o.result !== 'connected') throw new Error(o.result);
    out.push(o.backend.pod!.metadata.name);
  }
  return out;
}

describe('load balancing over the statistic rules', () => {
  it('3,000 connections to a 3-pod Service: every pod gets 30–36.7%', () => {
    const { c, vip } = threePods('42');
    const counts = new Map<string, number>();
    for (const name of sequence(c, vip, 3000)) counts.set(name, (counts.get(name) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['web-1', 'web-2', 'web-3']);
    for (const n of counts.values()) {
      expect(n / 3000).toBeGreaterThanOrEqual(0.3);
      expect(n / 3000).toBeLessThanOrEqual(0.367);
    }
  });

  it('the same seed gives the same sequence; another seed another one', () => {
    const a = threePods('42');
    const b = threePods('42');
    const d = threePods('43');
    const before = a.c.random.state();
    const sa = sequence(a.c, a.vip, 200);
    expect(sequence(b.c, b.vip, 200)).toEqual(sa);
    expect(sequence(d.c, d.vip, 200)).not.toEqual(sa);
    // the draws come from the cluster's random source (persisted with the state by syncRandom)
    expect(a.c.random.state()).not.toEqual(before);
    expect(a.c.random.state()).toEqual(b.c.random.state());
  });

  it('sessionAffinity ClientIP sends all of a client\'s connections to one pod, per client, for timeoutSeconds', () => {
    const clock = movableClock();
    const { c, vip } = threePods('42', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }, clock);
    const seq = sequence(c, vip, 3000);
    expect(new Set(seq).size).toBe(1);
    // remembered in the state, per node, with the clock time
    const net = (c.state as unknown as { network: { affinity: Record<string, Record<string, Record<string, number>>> } }).network;
    const lists = net.affinity['kubesim-m02'];
    expect(Object.values(lists).flatMap((l) => Object.entries(l))).toEqual([[getPod(c, 'client').status!.podIP, Date.parse(NOW)]]);
    // each new connection refreshes the entry: still pinned after 50 s + 50 s
    clock.advance(50);
    expect(sequence(c, vip, 5)).toEqual(Array(5).fill(seq[0]));
    clock.advance(50);
    expect(sequence(c, vip, 5)).toEqual(Array(5).fill(seq[0]));
    // after more than timeoutSeconds of inactivity the entry is reaped and the client is balanced again
    clock.advance(61);
    const after = new Set<string>();
    for (let i = 0; i < 30; i++) {
      clock.advance(61);
      after.add(sequence(c, vip, 1)[0]);
    }
    expect(after.size).toBeGreaterThan(1);
    // another client on another node has its own affinity
    expect(new Set(sequence(c, vip, 50, fromPod(c, 'client-2'))).size).toBe(1);
  });

  it('expected shares follow the rules (kernel-rounded probabilities) without drawing', () => {
    const { c, vip } = threePods('42');
    const before = c.random.state();
    const shares = expectedShares(c, fromPod(c, 'client'), vip, 80, 'TCP');
    expect(c.random.state()).toEqual(before);
    expect(shares.map((s) => s.backend.pod!.metadata.name).sort()).toEqual(['web-1', 'web-2', 'web-3']);
    const p1 = Math.round(0.3333333333 * 0x80000000) / 0x80000000;
    expect(shares[0].share).toBeCloseTo(p1, 12);
    expect(shares[1].share).toBeCloseTo((1 - p1) / 2, 12);
    expect(shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 12);
    // ETP Local NodePort from outside: only the receiving node's endpoint
    apply(c, service('np', { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30100 }] }));
    const local = expectedShares(c, outside, '192.168.49.3', 30100, 'TCP');
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ share: 1, backend: { nodeName: 'kubesim-m02' } });
    expect(expectedShares(c, fromNode(c, 'kubesim'), '10.96.7.7', 80, 'TCP')).toEqual([]);
  });

  it('expected shares with a live ClientIP affinity entry: the pinned pod gets everything', () => {
    const { c, vip } = threePods('42', { sessionAffinity: 'ClientIP' });
    const first = sequence(c, vip, 1)[0];
    const shares = expectedShares(c, fromPod(c, 'client'), vip, 80, 'TCP');
    expect(shares).toHaveLength(1);
    expect(shares[0].backend.pod!.metadata.name).toBe(first);
    expect(shares[0].share).toBe(1);
  });
});
