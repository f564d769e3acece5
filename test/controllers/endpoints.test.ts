import { describe, expect, it } from 'vitest';
import { apply, deployment, list, makeCluster, pod, service } from './fixture.js';
import { createObject, deleteObject, updateObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import type { EndpointsObject } from '../../src/controllers/endpoints.js';
import type { EndpointSlice } from '../../src/controllers/endpointslices.js';
import type { Pod } from '../../src/controllers/kubelet.js';
import type { Cluster } from '../../src/store/cluster-state.js';

const ep = (c: Cluster, name: string) => c.get<EndpointsObject>('Endpoints', 'default', name)!;
const slices = (c: Cluster, svc: string) => list<EndpointSlice>(c, 'EndpointSlice').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

describe('endpoints', () => {
  it('lists ready pod IPs sorted by IP string, resolves named ports per pod, splits not-ready', () => {
    const c = makeCluster();
    c.state.ipam.kubesim = '10.244.0.8'; // next pods on kubesim: .9, .10
    for (const [name, image, nodeName, ports] of [
      ['a', 'nginx', 'kubesim', [{ name: 'http', containerPort: 8080 }]],
      ['b', 'nginx', 'kubesim', [{ name: 'http', containerPort: 9090 }]],
      ['c', 'nginx', 'kubesim-m02', []],
      ['d', '<bad>', 'kubesim-m03', [{ name: 'http', containerPort: 8080 }]],
    ] as const) {
      apply(c, pod(name, { app: 'web' }, [{ name: 'web', image, ports }], { nodeName }));
    }
    apply(c, service('web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9100, targetPort: 9100 }], { clusterIP: '10.96.5.5' }));
    const e = ep(c, 'web');
    const ip = (n: string) => c.get<Pod>('Pod', 'default', n)!.status!.podIP!;
    expect([ip('a'), ip('b')]).toEqual(['10.244.0.9', '10.244.0.10']);
    // metrics (9100) on every pod: ready a, b, c; not ready d. http: 8080 for a and d, 9090 for b; c lacks it.
    const summary = e.subsets!.map((s) => ({
      ready: (s.addresses ?? []).map((a) => a.targetRef!.name),
      notReady: (s.notReadyAddresses ?? []).map((a) => a.targetRef!.name),
      ports: (s.ports ?? []).map((p) => `${p.name}:${p.port}`),
    }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { ready: ['b', 'a', 'c'], notReady: ['d'], ports: ['metrics:9100'] },
        { ready: ['a'], notReady: ['d'], ports: ['http:8080'] },
        { ready: ['b'], notReady: [], ports: ['http:9090'] },
      ]),
    );
    expect(summary).toHaveLength(3);
    const first = e.subsets!.find((s) => s.ports![0].name === 'metrics')!;
    expect(first.addresses!.map((a) => a.ip)).toEqual(['10.244.0.10', '10.244.0.9', '10.244.1.2']);
    expect(first.addresses![0]).toEqual({ ip: '10.244.0.10', nodeName: 'kubesim', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: c.get('Pod', 'default', 'b')!.metadata.uid } });
    expect(e.metadata.annotations!['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2026-11-26T05:36:18Z');
  });

  it('writes only on change (resourceVersion kept); follows pod deletion and terminating pods', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    apply(c, service('web', { app: 'web' }, [{ port: 80, targetPort: 5000 }]));
    const rv = ep(c, 'web').metadata.resourceVersion;
    const srv = slices(c, 'web')[0].metadata.resourceVersion;
    apply(c, service('other', { app: 'nothing' }, [{ port: 80 }]));
    expect(ep(c, 'web').metadata.resourceVersion).toBe(rv);
    expect(slices(c, 'web')[0].metadata.resourceVersion).toBe(srv);
    // terminating pod: dropped from Endpoints, kept in the slice as terminating
    const victim = structuredClone(list<Pod>(c, 'Pod')[0]);
    victim.metadata.deletionTimestamp = '2026-11-26T05:40:00Z';
    c.put(victim);
    reconcile(c);
    const ips = ep(c, 'web').subsets!.flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    expect(ips).not.toContain(victim.status!.podIP);
    const sl = slices(c, 'web');
    expect(sl).toHaveLength(1);
    const t = sl[0].endpoints!.find((x) => x.addresses[0] === victim.status!.podIP)!;
    expect(t.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(sl[0].metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('headless, publishNotReadyAddresses, hostname, labels', () => {
    const c = makeCluster();
    apply(c, pod('p', { app: 'x' }, [{ name: 'web', image: '<bad>' }], { hostname: 'p', subdomain: 'hl' }));
    const svc = service('hl', { app: 'x' }, [{ port: 80 }], { clusterIP: 'None', publishNotReadyAddresses: true });
    svc.metadata.labels = { team: 'a' };
    apply(c, svc);
    const e = ep(c, 'hl');
    expect(e.metadata.labels).toEqual({ team: 'a', 'service.kubernetes.io/headless': '' });
    expect(e.subsets![0].addresses![0].hostname).toBe('p');
    const s = slices(c, 'hl')[0];
    expect(s.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/service-name': 'hl', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'service.kubernetes.io/headless': '' });
    expect(s.endpoints![0]).toMatchObject({ hostname: 'p', conditions: { ready: true, serving: false, terminating: false } });
    expect(s.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });

  it('no endpoints for selectorless or ExternalName services; deleted with the service; kubernetes left alone', () => {
    const c = makeCluster();
    const k8s = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }] };
    createObject(c, k8s);
    apply(c, service('kubernetes', undefined, [{ name: 'https', port: 443, targetPort: 8443 }], { clusterIP: '10.96.0.1' }));
    apply(c, service('ext', undefined, [{ port: 80 }], { type: 'ExternalName', externalName: 'example.com' }));
    expect(ep(c, 'ext')).toBeUndefined();
    expect(slices(c, 'ext')).toHaveLength(0);
    expect(ep(c, 'kubernetes').subsets).toEqual(k8s.subsets);
    expect(slices(c, 'kubernetes')).toHaveLength(0);
    apply(c, service('web', { app: 'web' }, [{ port: 80 }]));
    expect(ep(c, 'web')).toBeDefined();
    deleteObject(c, 'Service', 'default', 'web');
    reconcile(c);
    expect(ep(c, 'web')).toBeUndefined();
    expect(slices(c, 'web')).toHaveLength(0);
  });

  it('mirrors user Endpoints of a selectorless service into slices', () => {
    const c = makeCluster();
    apply(c, service('db', undefined, [{ name: 'pg', port: 5432 }]));
    apply(c, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], notReadyAddresses: [{ ip: '10.1.2.4' }], ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }] });
    const s = slices(c, 'db');
    expect(s).toHaveLength(1);
    expect(s[0].metadata.labels!['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    expect(s[0].endpoints!.map((e) => `${e.addresses[0]} ${e.conditions.ready}`)).toEqual(['10.1.2.3 true', '10.1.2.4 false']);
    expect(s[0].ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
  });
});

describe('endpointslices', () => {
  it('placeholder when nothing matches, reused (same name) once pods appear', () => {
    const c = makeCluster();
    apply(c, service('web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 5000 }]));
    let s = slices(c, 'web');
    expect(s).toHaveLength(1);
    expect(s[0].endpoints).toBeNull();
    expect(s[0].ports).toBeNull();
    expect(s[0].addressType).toBe('IPv4');
    expect(s[0].metadata.ownerReferences![0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    const name = s[0].metadata.name;
    expect(ep(c, 'web').subsets).toBeUndefined();
    apply(c, deployment('web', { replicas: 2 }));
    s = slices(c, 'web');
    expect(s).toHaveLength(1);
    expect(s[0].metadata.name).toBe(name);
    expect(s[0].endpoints).toHaveLength(2);
    expect(s[0].ports).toEqual([{ name: 'http', port: 5000, protocol: 'TCP' }]);
    const o = structuredClone(c.get<any>('Deployment', 'default', 'web'));
    o.spec.replicas = 0;
    updateObject(c, o);
    reconcile(c);
    s = slices(c, 'web');
    expect(s).toHaveLength(1);
    expect(s[0].endpoints).toBeNull();
  });

  it('groups pods by resolved ports and caps slices at 100 endpoints', () => {
    const c = makeCluster();
    apply(c, deployment('big', { replicas: 150, ports: [{ name: 'http', containerPort: 8080 }] }));
    apply(c, pod('noport', { app: 'big' }, [{ name: 'web', image: 'nginx' }]));
    apply(c, service('big', { app: 'big' }, [{ name: 'http', port: 80, targetPort: 'http' }]));
    const s = slices(c, 'big');
    const withPorts = s.filter((x) => x.ports);
    expect(withPorts.map((x) => x.endpoints!.length).sort((a, b) => a - b)).toEqual([50, 100]);
    const without = s.filter((x) => !x.ports);
    expect(without).toHaveLength(1);
    expect(without[0].endpoints!.map((e) => e.targetRef!.name)).toEqual(['noport']);
    const e = ep(c, 'big');
    expect(e.subsets).toHaveLength(1);
    expect(e.subsets![0].addresses).toHaveLength(150);
  });
});
