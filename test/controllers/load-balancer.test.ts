import { describe, expect, it } from 'vitest';
import { apply, deployment, events, makeCluster, service } from './fixture.js';
import { deleteObject, updateObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import { announcingNode, EXCLUDE_FROM_LB_LABEL } from '../../src/controllers/load-balancer.js';
import type { Cluster } from '../../src/store/cluster-state.js';
import type { KObject } from '../../src/api/resources.js';

const POOL = '172.18.255.200/30';

function lb(name: string, extra: Record<string, unknown> = {}, selector: Record<string, string> | undefined = { app: 'web' }): KObject {
  return service(name, selector, [{ port: 80, targetPort: 5000 }], { type: 'LoadBalancer', ...extra });
}

function ingress(c: Cluster, name: string): unknown {
  return (c.get('Service', 'default', name) as any).status?.loadBalancer;
}

function ip(c: Cluster, name: string): string | undefined {
  return (c.get('Service', 'default', name) as any).status?.loadBalancer?.ingress?.[0]?.ip;
}

function lbEvents(c: Cluster) {
  return events(c).filter((e) => e.object.startsWith('Service/'));
}

function update(c: Cluster, name: string, mutate: (spec: any) => void): void {
  const cur = structuredClone(c.get('Service', 'default', name)!);
  mutate(cur.spec);
  updateObject(c, cur);
  reconcile(c);
}

function withPool(pool = POOL): Cluster {
  const c = makeCluster();
  c.spec.loadBalancerPool = pool;
  return c;
}

describe('load-balancer provider (MetalLB model)', () => {
  it('without a pool: EXTERNAL-IP stays pending and no events are written', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    apply(c, lb('a'));
    expect(ingress(c, 'a')).toEqual({});
    expect(lbEvents(c)).toEqual([]);
  });

  it('assigns the lowest address of the pool (network address included) with ipMode VIP and an IPAllocated event', () => {
    const c = withPool();
    apply(c, lb('a'));
    expect(ingress(c, 'a')).toEqual({ ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    // No ready endpoints: the controller assigns, but no speaker announces.
    expect(lbEvents(c)).toEqual([
      { reason: 'IPAllocated', message: 'Assigned IP ["172.18.255.200"]', count: 1, object: 'Service/a', type: 'Normal', source: { component: 'metallb-controller' }, fieldPath: undefined },
    ]);
    expect(reconcile(c)).toBe(0);
  });

  it('announces from one node once endpoints are ready, never from an excluded node, and records it once', () => {
    const c = withPool();
    const cp = c.get('Node', undefined, 'kubesim')!;
    cp.metadata.labels = { ...cp.metadata.labels, [EXCLUDE_FROM_LB_LABEL]: '' };
    apply(c, lb('a'));
    apply(c, deployment('web', { labels: { app: 'web' } }));
    const speaker = lbEvents(c).filter((e) => e.reason === 'nodeAssigned');
    const expected = announcingNode(['kubesim-m02', 'kubesim-m03'], '172.18.255.200');
    expect(speaker).toEqual([
      { reason: 'nodeAssigned', message: `announcing from node "${expected}" with protocol "layer2"`, count: 1, object: 'Service/a', type: 'Normal', source: { component: 'metallb-speaker' }, fieldPath: undefined },
    ]);
    expect(reconcile(c)).toBe(0);
  });

  it('with externalTrafficPolicy Local only nodes with a ready endpoint may announce', () => {
    const c = withPool();
    apply(c, lb('a', { externalTrafficPolicy: 'Local' }));
    apply(c, deployment('web', { replicas: 1, labels: { app: 'web' } }));
    const podNode = (c.list('Pod', 'default')[0] as any).spec.nodeName;
    const speaker = lbEvents(c).filter((e) => e.reason === 'nodeAssigned');
    expect(speaker.map((e) => e.message)).toEqual([`announcing from node "${podNode}" with protocol "layer2"`]);
  });

  it('picks the announcing node by the lowest sha256 of "<node>#<ip>", deterministically', () => {
    const nodes = ['kubesim', 'kubesim-m02', 'kubesim-m03'];
    const a = announcingNode(nodes, '172.18.255.200');
    expect(announcingNode([...nodes].reverse(), '172.18.255.200')).toBe(a);
    expect(announcingNode([], '172.18.255.200')).toBeUndefined();
    expect(nodes).toContain(a);
  });

  it('keeps assigned addresses stable, fills the lowest free one, and frees on delete', () => {
    const c = withPool();
    apply(c, lb('b'));
    apply(c, lb('a'));
    expect([ip(c, 'b'), ip(c, 'a')]).toEqual(['172.18.255.200', '172.18.255.201']);
    deleteObject(c, 'Service', 'default', 'b');
    reconcile(c);
    expect(ip(c, 'a')).toBe('172.18.255.201');
    apply(c, lb('c'));
    expect(ip(c, 'c')).toBe('172.18.255.200');
    // An unrelated update keeps the address.
    update(c, 'a', (s) => (s.ports[0].port = 8080));
    expect(ip(c, 'a')).toBe('172.18.255.201');
  });

  it('honours spec.loadBalancerIP when in the pool and free; reports the MetalLB errors otherwise', () => {
    const c = withPool();
    apply(c, lb('a', { loadBalancerIP: '172.18.255.202' }));
    expect(ip(c, 'a')).toBe('172.18.255.202');
    apply(c, lb('b', { loadBalancerIP: '172.18.255.202' }));
    apply(c, lb('x', { loadBalancerIP: '10.0.0.1' }));
    expect(ingress(c, 'b')).toEqual({});
    expect(ingress(c, 'x')).toEqual({});
    const warnings = lbEvents(c).filter((e) => e.type === 'Warning');
    expect(warnings.map((e) => [e.object, e.reason, e.message, e.source.component])).toEqual([
      ['Service/b', 'AllocationFailed', `Failed to allocate IP for "default/b": can't change sharing key for "default/b", address also in use by default/a`, 'metallb-controller'],
      ['Service/x', 'AllocationFailed', 'Failed to allocate IP for "default/x": ["10.0.0.1"] is not allowed in config', 'metallb-controller'],
    ]);
    // Asking for another address moves the Service to it.
    update(c, 'a', (s) => (s.loadBalancerIP = '172.18.255.203'));
    expect(ip(c, 'a')).toBe('172.18.255.203');
    // …which frees .202 for b on its next sync.
    expect(ip(c, 'b')).toBe('172.18.255.202');
  });

  it('a full pool leaves the Service pending with one Warning, counted up only when the Service changes', () => {
    const c = withPool('172.18.255.200/31');
    apply(c, lb('a'));
    apply(c, lb('b'));
    apply(c, lb('c'));
    expect(ingress(c, 'c')).toEqual({});
    const full = () => lbEvents(c).filter((e) => e.reason === 'AllocationFailed');
    expect(full()).toMatchObject([{ object: 'Service/c', type: 'Warning', message: 'Failed to allocate IP for "default/c": no available IPs', count: 1 }]);
    expect(reconcile(c)).toBe(0);
    expect(full()[0].count).toBe(1);
    update(c, 'c', (s) => (s.ports[0].port = 81));
    expect(full()[0].count).toBe(2);
    deleteObject(c, 'Service', 'default', 'a');
    reconcile(c);
    expect(ip(c, 'c')).toBe('172.18.255.200');
  });

  it('releases the address when the type changes away from LoadBalancer', () => {
    const c = withPool('172.18.255.200/32');
    apply(c, lb('a'));
    apply(c, lb('b'));
    expect(ip(c, 'a')).toBe('172.18.255.200');
    expect(ingress(c, 'b')).toEqual({});
    update(c, 'a', (s) => {
      s.type = 'ClusterIP';
      delete s.allocateLoadBalancerNodePorts;
      delete s.externalTrafficPolicy;
      for (const p of s.ports) delete p.nodePort;
    });
    expect(ingress(c, 'a')).toEqual({});
    expect(ip(c, 'b')).toBe('172.18.255.200');
  });

  it('turning the pool off clears the addresses; changing it moves them into the new pool', () => {
    const c = withPool();
    apply(c, lb('a'));
    c.spec.loadBalancerPool = '192.168.49.240/28';
    reconcile(c);
    expect(ip(c, 'a')).toBe('192.168.49.240');
    delete c.spec.loadBalancerPool;
    reconcile(c);
    expect(ingress(c, 'a')).toEqual({});
    expect(reconcile(c)).toBe(0);
    expect(lbEvents(c).map((e) => e.message)).toEqual(['Assigned IP ["172.18.255.200"]', 'Assigned IP ["192.168.49.240"]']);
  });

  it('a re-assigned address is announced again (aggregated), a settled one is not', () => {
    const c = withPool();
    apply(c, deployment('web', { labels: { app: 'web' } }));
    apply(c, lb('a'));
    delete c.spec.loadBalancerPool;
    reconcile(c);
    c.spec.loadBalancerPool = POOL;
    reconcile(c);
    expect(reconcile(c)).toBe(0);
    expect(lbEvents(c).map((e) => [e.reason, e.count])).toEqual([
      ['IPAllocated', 2],
      ['nodeAssigned', 2],
    ]);
  });

  it('leaves Services with a loadBalancerClass to their own implementation', () => {
    const c = withPool();
    apply(c, lb('a', { loadBalancerClass: 'example.com/other' }));
    expect(ingress(c, 'a')).toEqual({});
    expect(lbEvents(c)).toEqual([]);
  });

  it('ignores every Service type but LoadBalancer', () => {
    const c = withPool();
    apply(c, service('np', { app: 'web' }, [{ port: 80 }], { type: 'NodePort' }));
    apply(c, service('cip', { app: 'web' }, [{ port: 80 }]));
    expect(ingress(c, 'np')).toEqual({});
    expect(ingress(c, 'cip')).toEqual({});
    expect(lbEvents(c)).toEqual([]);
  });
});
