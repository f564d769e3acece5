import { describe, expect, it } from 'vitest';
import { makeCluster, movableClock } from './fixture.js';
import { pruneEvents, recordEvent, type EventObject } from '../../src/controllers/events.js';
import { Cluster } from '../../src/store/cluster-state.js';
import type { KObject } from '../../src/api/resources.js';

const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb-svc', namespace: 'default', uid: 'u-1', resourceVersion: '7' } };

describe('events', () => {
  it('names <obj>.<hex ns>, unique and increasing under a frozen clock; fills the event fields', () => {
    const c = makeCluster();
    const a = recordEvent(c, svc, { type: 'Normal', reason: 'Type', message: 'ClusterIP -> LoadBalancer', component: 'service-controller' });
    const b = recordEvent(c, svc, { type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', component: 'service-controller' });
    const ns = BigInt(Date.parse('2026-11-26T05:36:18Z')) * 1_000_000n;
    expect(a.metadata.name).toBe(`lb-svc.${ns.toString(16)}`);
    expect(b.metadata.name).toBe(`lb-svc.${(ns + 1n).toString(16)}`);
    expect(a).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'default', creationTimestamp: '2026-11-26T05:36:18Z' },
      involvedObject: { apiVersion: 'v1', kind: 'Service', name: 'lb-svc', namespace: 'default', uid: 'u-1', resourceVersion: '7' },
      reason: 'Type',
      message: 'ClusterIP -> LoadBalancer',
      source: { component: 'service-controller' },
      firstTimestamp: '2026-11-26T05:36:18Z',
      lastTimestamp: '2026-11-26T05:36:18Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'service-controller',
      reportingInstance: '',
    });
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kubesim', uid: 'n-1' } };
    const n = recordEvent(c, node, { type: 'Normal', reason: 'Starting', message: 'Starting kubelet.', component: 'kubelet', host: 'kubesim' });
    expect(n.metadata.namespace).toBe('default');
    expect(n.involvedObject.namespace).toBeUndefined();
    expect(n).toMatchObject({ source: { component: 'kubelet', host: 'kubesim' }, reportingInstance: 'kubesim' });
  });

  it('aggregates identical events (count, lastTimestamp) across sessions on the same state', () => {
    const clock = movableClock();
    const c = makeCluster(1, clock);
    const spec = { type: 'Warning' as const, reason: 'Failed', message: 'Error: InvalidImageName', component: 'kubelet', host: 'kubesim', fieldPath: 'spec.containers{web}' };
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: 'default', uid: 'p-1' } };
    const first = recordEvent(c, pod, spec);
    clock.advance(30);
    // a new session over the same state (as the next command would open it)
    const c2 = new Cluster(c.state, clock);
    const second = recordEvent(c2, pod, spec);
    expect(second.metadata.name).toBe(first.metadata.name);
    expect(second.count).toBe(2);
    expect(second.firstTimestamp).toBe('2026-11-26T05:36:18Z');
    expect(second.lastTimestamp).toBe('2026-11-26T05:36:48Z');
    const other = recordEvent(c2, pod, { ...spec, fieldPath: 'spec.containers{side}' });
    expect(other.metadata.name).not.toBe(first.metadata.name);
    expect(c2.list('Event', 'default')).toHaveLength(2);
  });

  it('expires events after an hour and keeps at most the bound', () => {
    const clock = movableClock();
    const c = makeCluster(1, clock);
    const obj = (i: number): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` } });
    recordEvent(c, obj(0), { type: 'Normal', reason: 'Old', message: 'old', component: 'x' });
    clock.advance(3601);
    for (let i = 1; i <= 5; i++) recordEvent(c, obj(i), { type: 'Normal', reason: 'New', message: `m${i}`, component: 'x' });
    expect(pruneEvents(c, 3)).toBe(3);
    const left = c.list<EventObject>('Event', 'default').map((e) => e.message).sort();
    expect(left).toEqual(['m3', 'm4', 'm5']);
  });
});
