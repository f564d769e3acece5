import { describe, expect, it } from 'vitest';
import { create, errorOf, svc, testCluster, update } from './fixture.js';
import type { ServiceSpec } from '../../src/apiserver/strategies/service.js';
import type { KObject } from '../../src/api/resources.js';
import { parseIPv4 } from '../../src/validation/ip.js';

const spec = (o: KObject) => o.spec as ServiceSpec;
const P80 = [{ port: 80, targetPort: 8080 }];

describe('Service defaults', () => {
  it('ClusterIP: type, affinity, ITP, protocol, targetPort, families, status', () => {
    const c = testCluster();
    const out = create(c, svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const s = spec(out);
    expect(s.type).toBe('ClusterIP');
    expect(s.sessionAffinity).toBe('None');
    expect(s.internalTrafficPolicy).toBe('Cluster');
    expect(s.externalTrafficPolicy).toBeUndefined();
    expect(s.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(s.ipFamilies).toEqual(['IPv4']);
    expect(s.ipFamilyPolicy).toBe('SingleStack');
    expect(s.clusterIPs).toEqual([s.clusterIP]);
    expect(parseIPv4(s.clusterIP!)!).toBeGreaterThan(parseIPv4('10.96.1.0')!);
    expect(out.status).toEqual({ loadBalancer: {} });
    expect(out.metadata.resourceVersion).toBeDefined();
  });

  it('targetPort 0 and "" count as unset', () => {
    const s = spec(create(testCluster(), svc('web', { ports: [{ name: 'a', port: 80, targetPort: 0 }, { name: 'b', port: 81, targetPort: '' }] })));
    expect(s.ports!.map((p) => p.targetPort)).toEqual([80, 81]);
  });

  it('ClientIP affinity gets a 10800s timeout', () => {
    const s = spec(create(testCluster(), svc('web', { ports: P80, sessionAffinity: 'ClientIP' })));
    expect(s.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('NodePort and LoadBalancer: ETP Cluster, LB allocateLoadBalancerNodePorts', () => {
    const c = testCluster();
    const np = spec(create(c, svc('np', { type: 'NodePort', ports: P80 })));
    expect(np.externalTrafficPolicy).toBe('Cluster');
    expect(np.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(np.ports![0].nodePort).toBeGreaterThanOrEqual(30086);
    const lb = spec(create(c, svc('lb', { type: 'LoadBalancer', ports: P80 })));
    expect(lb.allocateLoadBalancerNodePorts).toBe(true);
    expect(lb.ports![0].nodePort).toBeGreaterThanOrEqual(30086);
    expect(lb.healthCheckNodePort).toBeUndefined();
  });

  it('ExternalName: no ITP, no clusterIP, no families', () => {
    const s = spec(create(testCluster(), svc('ext', { type: 'ExternalName', externalName: 'db.example.com' })));
    expect(s.internalTrafficPolicy).toBeUndefined();
    expect(s.clusterIP).toBeUndefined();
    expect(s.clusterIPs).toBeUndefined();
    expect(s.ipFamilies).toBeUndefined();
    expect(s.ipFamilyPolicy).toBeUndefined();
  });

  it('headless: clusterIPs [None]; selectorless headless is RequireDualStack', () => {
    const c = testCluster();
    const h = spec(create(c, svc('h', { clusterIP: 'None', selector: { app: 'x' }, ports: P80 })));
    expect(h.clusterIPs).toEqual(['None']);
    expect(h.ipFamilyPolicy).toBe('SingleStack');
    expect(h.ipFamilies).toEqual(['IPv4']);
    const hs = spec(create(c, svc('hs', { clusterIP: 'None', ports: P80 })));
    expect(hs.ipFamilyPolicy).toBe('RequireDualStack');
    expect(hs.ipFamilies).toEqual(['IPv4', 'IPv6']);
  });

  it('LoadBalancer with ETP Local gets a healthCheckNodePort; allocateLoadBalancerNodePorts false skips nodePorts but keeps explicit ones', () => {
    const c = testCluster();
    const lb = spec(create(c, svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: P80 })));
    expect(lb.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    expect(lb.healthCheckNodePort).not.toBe(lb.ports![0].nodePort);
    const noNP = spec(
      create(c, svc('lb2', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30081 }] })),
    );
    expect(noNP.ports!.map((p) => p.nodePort)).toEqual([undefined, 30081]);
  });

  it('the same port number with two protocols shares one nodePort', () => {
    const s = spec(create(testCluster(), svc('dns', { type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] })));
    expect(s.ports![0].nodePort).toBe(s.ports![1].nodePort);
  });

  it('allocation is reproducible for a seed', () => {
    const a = spec(create(testCluster({ seed: 42 }), svc('web', { type: 'NodePort', ports: P80 })));
    const b = spec(create(testCluster({ seed: 42 }), svc('web', { type: 'NodePort', ports: P80 })));
    expect(a.clusterIP).toBe(b.clusterIP);
    expect(a.ports![0].nodePort).toBe(b.ports![0].nodePort);
  });
});

describe('allocation errors (§4), reported instead of field errors', () => {
  it('clusterIP already allocated', () => {
    const c = testCluster();
    create(c, svc('kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }));
    expect(errorOf(() => create(c, svc('web', { clusterIP: '10.96.0.10', ports: P80 })))).toBe(
      'The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('clusterIP out of range', () => {
    expect(errorOf(() => create(testCluster(), svc('web', { clusterIP: '1.1.1.1', ports: P80 })))).toBe(
      'The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('allocation failure hides the field errors (allocation runs first)', () => {
    expect(errorOf(() => create(testCluster(), svc('Bad_Name', { clusterIP: '1.1.1.1', ports: [{ port: 0 }] })))).toMatch(/^The Service "Bad_Name" is invalid: spec\.clusterIPs: .*not in the valid range/);
  });

  it('nodePort 32233 already taken', () => {
    const c = testCluster();
    create(c, svc('first', { type: 'NodePort', ports: [{ port: 80, nodePort: 32233 }] }));
    expect(errorOf(() => create(c, svc('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 32233 }] })))).toBe(
      'The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 32233: provided port is already allocated',
    );
  });

  it('a healthCheckNodePort also holds its port', () => {
    const c = testCluster();
    create(c, svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000, ports: P80 }));
    expect(errorOf(() => create(c, svc('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] })))).toBe(
      'The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated',
    );
    expect(errorOf(() => create(c, svc('lb2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000, ports: P80 })))).toBe(
      'Error from server (InternalError): Internal error occurred: failed to allocate requested HealthCheck NodePort 31000: provided port is already allocated',
    );
  });

  it('nodePort 8888 out of range (kubectl-client §3)', () => {
    expect(errorOf(() => create(testCluster(), svc('x', { type: 'NodePort', ports: [{ name: '80', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 8888 }] })))).toBe(
      'The Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 8888: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('two ports asking for the same nodePort: the second is already allocated', () => {
    expect(
      errorOf(() => create(testCluster(), svc('web', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }))),
    ).toBe('The Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('node port range full', () => {
    const c = testCluster({ nodePortRange: '30000-30001' });
    create(c, svc('a', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] }));
    expect(errorOf(() => create(c, svc('b', { type: 'NodePort', ports: P80 })))).toBe(
      'Error from server (InternalError): Internal error occurred: failed to allocate a nodePort: range is full',
    );
  });

  it('service IP range full', () => {
    const c = testCluster({ serviceCIDR: '10.0.0.0/30' }); // 2 usable IPs
    create(c, svc('a', { ports: P80 }));
    create(c, svc('b', { ports: P80 }));
    expect(errorOf(() => create(c, svc('c', { ports: P80 })))).toBe(
      'Error from server (InternalError): Internal error occurred: failed to allocate a serviceIP: range is full',
    );
  });

  it('a failed create stores nothing', () => {
    const c = testCluster();
    errorOf(() => create(c, svc('web', { clusterIP: '1.1.1.1', ports: P80 })));
    errorOf(() => create(c, svc('web2', { type: 'None', ports: P80 })));
    expect(c.list('Service')).toEqual([]);
  });
});

describe('updates and type changes', () => {
  function stored(c: ReturnType<typeof testCluster>, name: string): KObject {
    return structuredClone(c.get('Service', 'default', name)!);
  }

  it('keeps clusterIP and nodePorts the client left out (replace with the original manifest)', () => {
    const c = testCluster();
    const first = spec(create(c, svc('web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }] })));
    const out = spec(update(c, svc('web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }], selector: { app: 'v2' } })));
    expect(out.clusterIP).toBe(first.clusterIP);
    expect(out.clusterIPs).toEqual(first.clusterIPs);
    expect(out.ports![0].nodePort).toBe(first.ports![0].nodePort);
  });

  it('clusterIP may not change once set', () => {
    const c = testCluster();
    create(c, svc('web', { clusterIP: '10.96.5.5', ports: P80 }));
    const o = stored(c, 'web');
    spec(o).clusterIP = '10.96.5.6';
    spec(o).clusterIPs = ['10.96.5.6'];
    expect(errorOf(() => update(c, o))).toBe('The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.5.6"}: may not change once set');
  });

  it('NodePort → ClusterIP drops the nodePorts and frees them', () => {
    const c = testCluster();
    create(c, svc('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const o = stored(c, 'web');
    spec(o).type = 'ClusterIP';
    const out = spec(update(c, o));
    expect(out.ports![0].nodePort).toBeUndefined();
    expect(out.externalTrafficPolicy).toBeUndefined();
    expect(() => create(c, svc('other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).not.toThrow();
  });

  it('ClusterIP → NodePort allocates nodePorts, keeps the clusterIP', () => {
    const c = testCluster();
    const ip = spec(create(c, svc('web', { ports: P80 }))).clusterIP;
    const o = stored(c, 'web');
    spec(o).type = 'NodePort';
    const out = spec(update(c, o));
    expect(out.clusterIP).toBe(ip);
    expect(out.ports![0].nodePort).toBeGreaterThanOrEqual(30086);
    expect(out.externalTrafficPolicy).toBe('Cluster');
  });

  it('ClusterIP → ExternalName releases the clusterIP; ExternalName → ClusterIP allocates a new one', () => {
    const c = testCluster();
    create(c, svc('web', { clusterIP: '10.96.7.7', ports: P80 }));
    const o = stored(c, 'web');
    spec(o).type = 'ExternalName';
    spec(o).externalName = 'db.example.com';
    const ext = spec(update(c, o));
    expect(ext.clusterIP).toBeUndefined();
    expect(ext.clusterIPs).toBeUndefined();
    expect(ext.ipFamilies).toBeUndefined();
    expect(ext.ipFamilyPolicy).toBeUndefined();
    // The IP is free again.
    expect(() => create(c, svc('other', { clusterIP: '10.96.7.7', ports: P80 }))).not.toThrow();

    const back = stored(c, 'web');
    spec(back).type = 'ClusterIP';
    delete spec(back).externalName;
    const out = spec(update(c, back));
    expect(out.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(out.clusterIP).not.toBe('10.96.7.7');
    expect(out.clusterIPs).toEqual([out.clusterIP]);
    expect(out.ipFamilies).toEqual(['IPv4']);
  });

  it('ExternalName → ClusterIP with a taken clusterIP fails the allocation', () => {
    const c = testCluster();
    create(c, svc('dns', { clusterIP: '10.96.0.10', ports: P80 }));
    create(c, svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }));
    expect(errorOf(() => update(c, svc('ext', { clusterIP: '10.96.0.10', ports: P80 })))).toBe(
      'The Service "ext" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('changing a nodePort to one held by another Service fails; keeping it is fine', () => {
    const c = testCluster();
    create(c, svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    create(c, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30081 }] }));
    const o = stored(c, 'b');
    expect(() => update(c, structuredClone(o))).not.toThrow();
    spec(o).ports![0].nodePort = 30080;
    expect(errorOf(() => update(c, o))).toBe('The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('status is carried over on update; a no-op update keeps the resourceVersion', () => {
    const c = testCluster();
    create(c, svc('lb', { type: 'LoadBalancer', ports: P80 }));
    const st = c.get('Service', 'default', 'lb')!;
    st.status = { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } };
    const rv = st.metadata.resourceVersion;
    const o = structuredClone(st);
    o.status = {};
    const out = update(c, o);
    expect(out.status).toEqual({ loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } });
    expect(out.metadata.resourceVersion).toBe(rv);
  });
});
