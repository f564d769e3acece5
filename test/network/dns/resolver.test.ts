import { describe, expect, it } from 'vitest';
import { resolveHost, resolverConf, searchCandidates } from '../../../src/network/dns/resolver.js';
import { podFiles } from '../../../src/network/pod-env/files.js';
import { add, deployment, dnsCluster, newCluster, ns, pod, svc } from './fixture.js';
import type { Vantage } from '../../../src/network/contracts.js';

describe('resolv.conf (k8s-cluster.md §7.2)', () => {
  const c = newCluster();
  add(c, ns('team-a'));
  const mk = (name: string, namespace: string, spec: Record<string, unknown> = {}) => add(c, pod(name, namespace, spec));

  it('ClusterFirst: containerd layout with the namespace search list and ndots:5', () => {
    expect(podFiles(c, mk('a', 'default'), 'main')['/etc/resolv.conf']).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    expect(resolverConf(c, { kind: 'pod', pod: mk('b', 'team-a'), container: 'main' }).search).toEqual(['team-a.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  });

  it('Default and hostNetwork pods get the node file; ClusterFirstWithHostNet gets the cluster file', () => {
    const node = 'nameserver 192.168.49.1\noptions edns0 trust-ad ndots:0\n';
    expect(podFiles(c, mk('d', 'default', { dnsPolicy: 'Default' }), 'main')['/etc/resolv.conf']).toBe(node);
    expect(podFiles(c, mk('h', 'default', { hostNetwork: true }), 'main')['/etc/resolv.conf']).toBe(node);
    expect(podFiles(c, mk('hc', 'default', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), 'main')['/etc/resolv.conf']).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('merges dnsConfig; dnsPolicy None uses only dnsConfig', () => {
    const cfg = { nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(podFiles(c, mk('cfg', 'default', { dnsConfig: cfg }), 'main')['/etc/resolv.conf']).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 edns0\n',
    );
    expect(podFiles(c, mk('none', 'default', { dnsPolicy: 'None', dnsConfig: cfg }), 'main')['/etc/resolv.conf']).toBe('search corp.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
  });

  it('search candidates: under ndots search first, at/over ndots literal first, trailing dot literal only', () => {
    const conf = { search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 };
    expect(searchCandidates('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f.');
    expect(searchCandidates('x.', conf)).toEqual(['x.']);
    expect(searchCandidates('frontend-svc', conf)).toEqual(['frontend-svc.default.svc.cluster.local.', 'frontend-svc.svc.cluster.local.', 'frontend-svc.cluster.local.', 'frontend-svc.']);
  });
});

describe('search expansion (k8s-cluster.md §7.3)', () => {
  const c = newCluster();
  add(c, ns('team-a'));
  add(c, ns('my-ns'));
  add(c, ns('other-ns'));
  add(c, svc('frontend-svc', 'default', { clusterIP: '10.96.120.15', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }] }));
  add(c, svc('frontend-svc', 'other-ns', { clusterIP: '10.96.120.16', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80 }] }));
  add(c, svc('redis-master', 'my-ns', { clusterIP: '10.96.33.7', ports: [{ port: 6379 }] }));
  const fromDefault: Vantage = { kind: 'pod', pod: add(c, pod('client', 'default')), container: 'main' };
  const fromTeamA: Vantage = { kind: 'pod', pod: add(c, pod('client', 'team-a')), container: 'main' };
  const names = (trace: { text: string }[]) =>
    trace
      .map((h) => /^(?:CoreDNS \(kubernetes plugin, authoritative for cluster\.local\)|upstream resolver \(simulated internet\)): (\S+)/.exec(h.text)?.[1])
      .filter((x): x is string => !!x);

  it('frontend-svc: found on the first try', () => {
    const r = resolveHost(c, fromDefault, 'frontend-svc');
    expect(r).toMatchObject({ addresses: ['10.96.120.15'], name: 'frontend-svc.default.svc.cluster.local', canonicalNames: [] });
    expect(names(r.trace)).toEqual(['frontend-svc.default.svc.cluster.local.']);
  });

  it('frontend-svc.other-ns: NXDOMAIN as an endpoint name first, then found', () => {
    const r = resolveHost(c, fromDefault, 'frontend-svc.other-ns');
    expect(r.addresses).toEqual(['10.96.120.16']);
    expect(names(r.trace)).toEqual(['frontend-svc.other-ns.default.svc.cluster.local.', 'frontend-svc.other-ns.svc.cluster.local.']);
  });

  it('a 4-dot FQDN tries the three search expansions first', () => {
    const r = resolveHost(c, fromDefault, 'redis-master.my-ns.svc.cluster.local');
    expect(r.addresses).toEqual(['10.96.33.7']);
    expect(names(r.trace)).toHaveLength(4);
    expect(names(r.trace)[3]).toBe('redis-master.my-ns.svc.cluster.local.');
  });

  it('my.database.example.com: three expansions, then the literal name upstream', () => {
    const r = resolveHost(c, fromDefault, 'my.database.example.com');
    expect(r.addresses).toEqual(['203.0.113.10']);
    expect(r.trace.filter((h) => /^CoreDNS \(kubernetes/.test(h.text))).toHaveLength(3);
  });

  it('frontend-svc from team-a never resolves; frontend-svc.default does', () => {
    const r = resolveHost(c, fromTeamA, 'frontend-svc');
    expect(r).toMatchObject({ addresses: [], error: 'NXDOMAIN' });
    expect(names(r.trace)).toEqual(['frontend-svc.team-a.svc.cluster.local.', 'frontend-svc.svc.cluster.local.', 'frontend-svc.cluster.local.', 'frontend-svc.']);
    expect(resolveHost(c, fromTeamA, 'frontend-svc.default').addresses).toEqual(['10.96.120.15']);
  });

  it('a trailing dot is literal only', () => {
    const r = resolveHost(c, fromDefault, 'frontend-svc.default.svc.cluster.local.');
    expect(r.addresses).toEqual(['10.96.120.15']);
    expect(names(r.trace)).toEqual(['frontend-svc.default.svc.cluster.local.']);
  });

  it('follows an ExternalName CNAME chain', () => {
    const { cluster, from } = dnsCluster();
    expect(resolveHost(cluster, from, 'my-service.prod')).toMatchObject({ addresses: ['203.0.113.10'], name: 'my-service.prod.svc.cluster.local', canonicalNames: ['my.database.example.com'] });
  });

  it('reads /etc/hosts first (localhost, the pod own hostname)', () => {
    expect(resolveHost(c, fromDefault, 'localhost').addresses).toEqual(['127.0.0.1']);
    expect(resolveHost(c, fromDefault, 'client').addresses).toEqual([((fromDefault as any).pod.status.podIP)]);
  });

  it('from a node: the node resolver knows no cluster names', () => {
    const node = c.get('Node', undefined, 'kubesim')!;
    expect(resolveHost(c, { kind: 'node', node }, 'frontend-svc.default.svc.cluster.local').error).toBe('NXDOMAIN');
    expect(resolveHost(c, { kind: 'node', node }, 'example.com').addresses).toEqual(['203.0.113.50']);
    expect(resolveHost(c, { kind: 'node', node }, 'control-plane.minikube.internal').addresses).toEqual(['192.168.49.2']);
  });

  it('CoreDNS scaled to zero: kube-proxy rejects, a temporary failure', () => {
    const c2 = newCluster();
    const from: Vantage = { kind: 'pod', pod: add(c2, pod('x', 'default')), container: 'main' };
    for (const p of c2.list('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns')) {
      (p as any).status.conditions = (p as any).status.conditions.map((x: any) => (x.type === 'Ready' ? { ...x, status: 'False' } : x));
      c2.put(p);
    }
    // Recompute endpoint slices with the now unready pods.
    add(c2, deployment('noop', 'default', 0, { app: 'noop' }));
    const r = resolveHost(c2, from, 'kubernetes.default');
    expect(r.error).toBe('SERVFAIL');
    expect(r.trace.some((h) => /connection refused/.test(h.text))).toBe(true);
  });
});

