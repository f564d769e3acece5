import { describe, expect, it } from 'vitest';
import { query, messageSize, reverseName } from '../../../src/network/dns/coredns.js';
import { add, deployment, dnsCluster, endpointIPs, newCluster, ns, pod, svc } from './fixture.js';

const data = (r: { answers: { data: string }[] }) => r.answers.map((a) => a.data);

describe('CoreDNS records (k8s-cluster.md §7.1)', () => {
  const { cluster } = dnsCluster();
  const webIPs = endpointIPs(cluster, 'default', 'headless');

  it('answers a ClusterIP Service with its ClusterIP, authoritative, TTL 30, no RA', () => {
    const r = query(cluster, 'my-svc.default.svc.cluster.local', 'A');
    expect(r).toMatchObject({ rcode: 'NOERROR', aa: true, ra: false });
    expect(r.answers).toEqual([{ name: 'my-svc.default.svc.cluster.local.', ttl: 30, type: 'A', data: '10.96.45.12' }]);
    expect(r.trace.length).toBeGreaterThan(0);
  });

  it('answers a ClusterIP Service with 0 endpoints too', () => {
    expect(endpointIPs(cluster, 'default', 'frontend-svc')).toEqual([]);
    expect(data(query(cluster, 'frontend-svc.default.svc.cluster.local.', 'A'))).toEqual(['10.96.120.15']);
  });

  it('answers AAAA on an IPv4 Service with NODATA and the cluster SOA', () => {
    const r = query(cluster, 'my-svc.default.svc.cluster.local', 'AAAA');
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers).toEqual([]);
    expect(r.authority).toEqual([{ name: 'cluster.local.', ttl: 30, type: 'SOA', data: 'ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30' }]);
  });

  it('answers a headless Service with one A per ready endpoint, NXDOMAIN with none', () => {
    expect(webIPs).toHaveLength(3);
    const r = query(cluster, 'headless.default.svc.cluster.local', 'A');
    expect([...data(r)].sort()).toEqual(webIPs);
    const c2 = newCluster();
    add(c2, svc('lonely', 'default', { clusterIP: 'None', selector: { app: 'nothing' }, ports: [{ port: 80 }] }));
    expect(query(c2, 'lonely.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('shuffles multi-A answers from the seeded random source (loadbalance)', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++) orders.add(data(query(cluster, 'headless.default.svc.cluster.local', 'A')).join(','));
    expect(orders.size).toBeGreaterThan(1);
    const a = dnsCluster().cluster;
    const b = dnsCluster().cluster;
    expect(data(query(a, 'headless.default.svc.cluster.local', 'A'))).toEqual(data(query(b, 'headless.default.svc.cluster.local', 'A')));
  });

  it('answers <dashed-ip>.<svc>.<ns>.svc for headless and ClusterIP Services, and endpoint hostnames', () => {
    const ip = webIPs[0];
    const dashed = ip.replace(/\./g, '-');
    expect(data(query(cluster, `${dashed}.headless.default.svc.cluster.local`, 'A'))).toEqual([ip]);
    expect(data(query(cluster, `${dashed}.my-svc.default.svc.cluster.local`, 'A'))).toEqual([ip]);
    expect(query(cluster, `10-1-2-3.my-svc.default.svc.cluster.local`, 'A').rcode).toBe('NXDOMAIN');
    const c2 = newCluster();
    add(c2, svc('nginx', 'default', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }));
    const p = add(c2, pod('web-0', 'default', { hostname: 'web-0', subdomain: 'nginx' }, { app: 'nginx' }));
    expect(data(query(c2, 'web-0.nginx.default.svc.cluster.local', 'A'))).toEqual([(p.status as any).podIP]);
    expect(data(query(c2, reverseName((p.status as any).podIP), 'PTR'))).toEqual(['web-0.nginx.default.svc.cluster.local.']);
  });

  it('answers SRV for named ports: ClusterIP weight 100, headless one per endpoint with weight 33', () => {
    const r = query(cluster, '_http._tcp.my-svc.default.svc.cluster.local', 'SRV');
    expect(data(r)).toEqual(['0 100 80 my-svc.default.svc.cluster.local.']);
    expect(r.additional).toEqual([{ name: 'my-svc.default.svc.cluster.local.', ttl: 30, type: 'A', data: '10.96.45.12' }]);
    expect(messageSize(r)).toBe(140);
    const h = query(cluster, '_http._tcp.headless.default.svc.cluster.local', 'SRV');
    expect([...data(h)].sort()).toEqual(webIPs.map((ip) => `0 33 5000 ${ip.replace(/\./g, '-')}.headless.default.svc.cluster.local.`).sort());
    expect(query(cluster, '_https._tcp.my-svc.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
    const multi = query(cluster, '_metrics._tcp.frontend-svc.default.svc.cluster.local', 'SRV');
    expect(data(multi)).toEqual(['0 100 9090 frontend-svc.default.svc.cluster.local.']);
  });

  it('gives unnamed ports no _port._proto SRV name', () => {
    const c2 = newCluster();
    add(c2, svc('redis-master', 'default', { clusterIP: '10.96.33.7', ports: [{ port: 6379 }] }));
    expect(query(c2, '_6379._tcp.redis-master.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('answers PTR for ClusterIPs, endpoint pod IPs (one per Service), NXDOMAIN otherwise', () => {
    expect(data(query(cluster, '10.0.96.10.in-addr.arpa', 'PTR'))).toEqual(['kube-dns.kube-system.svc.cluster.local.']);
    expect(data(query(cluster, reverseName('10.96.45.12'), 'PTR'))).toEqual(['my-svc.default.svc.cluster.local.']);
    const dashed = webIPs[1].replace(/\./g, '-');
    expect([...data(query(cluster, reverseName(webIPs[1]), 'PTR'))].sort()).toEqual([`${dashed}.headless.default.svc.cluster.local.`, `${dashed}.my-svc.default.svc.cluster.local.`]);
    expect(query(cluster, reverseName('10.96.99.99'), 'PTR').rcode).toBe('NXDOMAIN');
  });

  it('answers an ExternalName Service with a CNAME and the upstream A records of the target', () => {
    const r = query(cluster, 'my-service.prod.svc.cluster.local', 'A');
    expect(r.answers).toEqual([
      { name: 'my-service.prod.svc.cluster.local.', ttl: 30, type: 'CNAME', data: 'my.database.example.com.' },
      { name: 'my.database.example.com.', ttl: 30, type: 'A', data: '203.0.113.10' },
    ]);
    expect(messageSize(r)).toBe(115);
    const missing = query(cluster, 'ext-missing.prod.svc.cluster.local', 'A');
    expect(missing.rcode).toBe('NXDOMAIN');
    expect(missing.answers[0]).toMatchObject({ type: 'CNAME', data: 'nothing-here.example.net.' });
  });

  it('answers pod A records a-b-c-d.<ns>.pod (insecure) when the namespace exists', () => {
    expect(data(query(cluster, '10-244-1-5.default.pod.cluster.local', 'A'))).toEqual(['10.244.1.5']);
    expect(query(cluster, '10-244-1-5.nope.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(query(cluster, 'web.default.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('answers dns-version TXT "1.1.0"', () => {
    expect(data(query(cluster, 'dns-version.cluster.local', 'TXT'))).toEqual(['"1.1.0"']);
  });

  it('answers unknown names under cluster.local NXDOMAIN, existing namespaces NODATA', () => {
    const nx = query(cluster, 'nosuch-svc.default.svc.cluster.local', 'A');
    expect(nx).toMatchObject({ rcode: 'NXDOMAIN', aa: true, ra: false });
    expect(messageSize(nx)).toBe(119);
    expect(query(cluster, 'my-svc.nope.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(query(cluster, 'a.b.my-svc.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(query(cluster, 'my-svc.default.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    const nodata = query(cluster, 'default.svc.cluster.local', 'A');
    expect([nodata.rcode, nodata.answers.length]).toEqual(['NOERROR', 0]);
    expect(query(cluster, 'nope.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('forwards anything else upstream: a bare svc.ns is NXDOMAIN, example.com answers, no AA, RA set', () => {
    const bare = query(cluster, 'my-svc.default', 'A');
    expect(bare).toMatchObject({ rcode: 'NXDOMAIN', aa: false, ra: true, source: 'upstream' });
    expect(bare.authority[0]).toMatchObject({ name: '.', type: 'SOA' });
    const ex = query(cluster, 'example.com', 'A');
    expect(ex).toMatchObject({ rcode: 'NOERROR', aa: false, ra: true });
    expect(data(ex)).toEqual(['203.0.113.50']);
    expect(query(cluster, 'servfail.example.org', 'A').rcode).toBe('SERVFAIL');
    expect(data(query(cluster, 'host.minikube.internal', 'A'))).toEqual(['192.168.49.1']);
  });

  it('follows Services across namespaces and namespaces being created', () => {
    const c2 = newCluster();
    add(c2, ns('my-ns'));
    add(c2, deployment('redis', 'my-ns', 1, { app: 'redis' }, 6379));
    const s = add(c2, svc('redis-master', 'my-ns', { selector: { app: 'redis' }, ports: [{ port: 6379, targetPort: 6379 }] }));
    expect(data(query(c2, 'redis-master.my-ns.svc.cluster.local', 'A'))).toEqual([(s.spec as any).clusterIP]);
  });
});
