import { describe, expect, it } from 'vitest';
import { apply, deployment, list, makeCluster, movableClock, pod, service } from './fixture.js';
import { createObject, deleteObject, updateObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import type { Deployment } from '../../src/controllers/deployment.js';
import type { EndpointsObject, Service } from '../../src/controllers/endpoints.js';
import type { EndpointSlice } from '../../src/controllers/endpointslices.js';
import type { Pod } from '../../src/controllers/kubelet.js';
import { lastChangeTriggerTime, rfc3339Nano } from '../../src/controllers/trigger-time-tracker.js';
import type { Cluster } from '../../src/store/cluster-state.js';

const ANN = 'endpoints.kubernetes.io/last-change-trigger-time';

// The vectors of upstream's trigger_time_tracker_test.go (t0 … t5, one second apart).
const t = (i: number) => `2019-01-01T00:00:0${i}Z`;
const svc = (created: string, uid = 'svc-uid'): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service', namespace: 'ns', uid, creationTimestamp: created }, spec: { selector: { app: 'x' } } });
const readyPod = (name: string, ready: string): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { containers: [] }, status: { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ready }] } }) as Pod;

describe('lastChangeTriggerTime', () => {
  const all = () => true;
  const at = (i: number) => Date.parse(t(i));

  it('first sync of a Service (no object yet, or no record of an earlier run): its creation time, whatever its pods did before', () => {
    expect(lastChangeTriggerTime(svc(t(2)), [], at(1), undefined, all)).toBe(t(2));
    expect(lastChangeTriggerTime(svc(t(3)), [readyPod('pod1', t(0)), readyPod('pod2', t(1)), readyPod('pod3', t(5))], at(1), undefined, all)).toBe(t(3));
    expect(lastChangeTriggerTime(svc(t(3)), [readyPod('pod1', t(4))], undefined, new Set(['pod1']), all)).toBe(t(3));
  });

  it('later syncs: the earliest Ready transition after the previous run; none: no time', () => {
    const pods = [readyPod('pod1', t(2)), readyPod('pod2', t(1)), readyPod('pod3', t(4))];
    expect(lastChangeTriggerTime(svc(t(0)), pods, at(1), new Set(['pod1', 'pod2', 'pod3']), all)).toBe(t(2));
    expect(lastChangeTriggerTime(svc(t(0)), pods, at(4), new Set(['pod1', 'pod2', 'pod3']), all)).toBeUndefined();
  });

  it('a pod the object does not list yet counts with its Ready time, unless it never belongs there', () => {
    const pods = [readyPod('pod1', t(1)), readyPod('pod2', t(0))];
    expect(lastChangeTriggerTime(svc(t(0)), pods, at(3), new Set(['pod1']), all)).toBe(t(0));
    expect(lastChangeTriggerTime(svc(t(0)), pods, at(3), new Set(['pod1']), (p) => p.metadata.name !== 'pod2')).toBeUndefined();
  });

  it('formats as Go RFC3339Nano in UTC', () => {
    expect(rfc3339Nano(Date.parse('2026-11-26T05:38:03Z'))).toBe('2026-11-26T05:38:03Z');
    expect(rfc3339Nano(Date.parse('2026-11-26T05:38:03.120Z'))).toBe('2026-11-26T05:38:03.12Z');
  });
});

const ep = (c: Cluster, name: string) => c.get<EndpointsObject>('Endpoints', 'default', name);
const slices = (c: Cluster, svcName: string) => list<EndpointSlice>(c, 'EndpointSlice').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svcName);
const sliceAnnotations = (c: Cluster, svcName: string) => slices(c, svcName).map((s) => s.metadata.annotations?.[ANN]);

function scale(c: Cluster, name: string, replicas: number): void {
  const d = structuredClone(c.get<Deployment>('Deployment', 'default', name)!);
  d.spec.replicas = replicas;
  updateObject(c, d);
  reconcile(c);
}

describe('last-change-trigger-time on Endpoints and EndpointSlices', () => {
  it('service first: its creation; pods joining later: their Ready time; scale-down: cleared; scale-up: the new pods’ time', () => {
    const clock = movableClock('2026-11-26T05:00:00Z');
    const c = makeCluster(42, clock);
    apply(c, service('web', { app: 'web' }, [{ port: 80, targetPort: 5000 }]));
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:00:00Z');
    expect(sliceAnnotations(c, 'web')).toEqual(['2026-11-26T05:00:00Z']);

    clock.advance(60);
    apply(c, deployment('web', { replicas: 3 }));
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:01:00Z');
    expect(sliceAnnotations(c, 'web')).toEqual(['2026-11-26T05:01:00Z']);

    // Pods going away change no trigger time: the controllers clear the annotation.
    clock.advance(60);
    scale(c, 'web', 2);
    expect(ep(c, 'web')!.subsets![0].addresses).toHaveLength(2);
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBeUndefined();
    expect(sliceAnnotations(c, 'web')).toEqual([undefined]);

    clock.advance(60);
    scale(c, 'web', 3);
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:03:00Z');
    expect(sliceAnnotations(c, 'web')).toEqual(['2026-11-26T05:03:00Z']);

    // Nothing changed for this Service: its objects (and the annotation) stay as they are.
    const rv = ep(c, 'web')!.metadata.resourceVersion;
    clock.advance(60);
    apply(c, service('other', { app: 'other' }, [{ port: 80 }]));
    expect(ep(c, 'web')!.metadata.resourceVersion).toBe(rv);
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:03:00Z');
  });

  it('a pod deleted and replaced: the replacement’s Ready time', () => {
    const clock = movableClock('2026-11-26T05:00:00Z');
    const c = makeCluster(42, clock);
    apply(c, deployment('web', { replicas: 2 }));
    apply(c, service('web', { app: 'web' }, [{ port: 80, targetPort: 5000 }]));
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:00:00Z');
    clock.advance(90);
    const victim = list<Pod>(c, 'Pod')[0];
    deleteObject(c, 'Pod', 'default', victim.metadata.name);
    reconcile(c);
    expect(list<Pod>(c, 'Pod').map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:01:30Z');
    expect(sliceAnnotations(c, 'web')).toEqual(['2026-11-26T05:01:30Z']);
  });

  it('a pod newly selected by a label change reports its (older) Ready time; a pod that was already selected does not', () => {
    const clock = movableClock('2026-11-26T05:00:00Z');
    const c = makeCluster(42, clock);
    apply(c, pod('a', { app: 'web' }, [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }]));
    apply(c, pod('b', { app: 'other' }, [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }]));
    clock.advance(60);
    apply(c, service('web', { app: 'web' }, [{ port: 80 }]));
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:01:00Z');
    clock.advance(60);
    const b = structuredClone(c.get<Pod>('Pod', 'default', 'b')!);
    b.metadata.labels = { app: 'web' };
    updateObject(c, b);
    reconcile(c);
    expect(ep(c, 'web')!.subsets![0].addresses).toHaveLength(2);
    expect(ep(c, 'web')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:00:00Z');
  });

  it('headless: set as for any selector; selectorless: the controller sets none, mirrored slices drop the user’s', () => {
    const c = makeCluster();
    apply(c, deployment('web', { replicas: 1 }));
    apply(c, service('web-headless', { app: 'web' }, [{ port: 80, targetPort: 5000 }], { clusterIP: 'None' }));
    expect(ep(c, 'web-headless')!.metadata.annotations?.[ANN]).toBe('2026-11-26T05:36:18Z');
    expect(sliceAnnotations(c, 'web-headless')).toEqual(['2026-11-26T05:36:18Z']);

    apply(c, service('manual', undefined, [{ port: 80 }]));
    createObject(c, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual', namespace: 'default', annotations: { [ANN]: '2020-01-01T00:00:00Z' } },
      subsets: [{ addresses: [{ ip: '192.168.1.9' }], ports: [{ port: 80 }] }],
    } as EndpointsObject);
    reconcile(c);
    expect(ep(c, 'manual')!.metadata.annotations?.[ANN]).toBe('2020-01-01T00:00:00Z');
    expect(sliceAnnotations(c, 'manual')).toEqual([undefined]);

    apply(c, service('ext', undefined, [], { type: 'ExternalName', externalName: 'example.com' }));
    expect(ep(c, 'ext')).toBeUndefined();
  });

  it('bookkeeping: each controller keeps only when it last ran, a few bytes whatever the pods', () => {
    const clock = movableClock('2026-11-26T05:00:00Z');
    const c = makeCluster(42, clock);
    apply(c, deployment('web', { replicas: 3 }));
    clock.advance(30);
    apply(c, service('web', { app: 'web' }, [{ port: 80, targetPort: 5000 }]));
    expect(c.state.endpointsSyncedAt).toEqual({ endpoints: ['2026-11-26T05:00:30Z', '2026-11-26T05:00:00Z'], endpointslice: ['2026-11-26T05:00:30Z', '2026-11-26T05:00:00Z'] });
  });
});
