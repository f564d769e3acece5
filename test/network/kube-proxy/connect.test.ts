/**
 * Packet-flow tables in the manner of kube-proxy's own tests: for each source (pod, node,
 * outside) and destination (cluster IP, NodePort on every node IP, LB IP, external IP, pod IP),
 * the outcome, the backend and the source address the backend sees — every row of spec §8.4.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, fromNode, fromPod, getPod, NODE_IPS, NODES, newCluster, outside, pod, service, slice } from './fixture.js';
import { connect, setListenerCheck } from '../../../src/network/kube-proxy/connect.js';
import type { ConnectOutcome, Vantage } from '../../../src/network/contracts.js';
import type { Cluster } from '../../../src/store/cluster-state.js';

const GW = ['10.244.0.1', '10.244.1.1', '10.244.2.1'];
const traceText = (o: ConnectOutcome) => o.trace.map((h) => h.text).join('\n');

/** Connect n times; every outcome must satisfy `check`. Returns the backends seen. */
function many(c: Cluster, from: Vantage, ip: string, port: number, n: number, check: (o: ConnectOutcome) => void, protocol: 'TCP' | 'UDP' = 'TCP'): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const o = connect(c, from, ip, port, protocol);
    check(o);
    if (o.result === 'connected') seen.add(o.backend.pod?.metadata.name ?? o.backend.ip);
  }
  return seen;
}

let c: Cluster;
let ip: (name: string) => string;
const svcIP = (name: string) => (c.get('Service', 'default', name)!.spec as { clusterIP: string }).clusterIP;

beforeAll(() => {
  c = newCluster('7008');
  // web-a on m02, web-b on m03; clients on every node
  apply(c, pod('web-a', { app: 'web' }, { node: 'kubesim-m02' }));
  apply(c, pod('web-b', { app: 'web' }, { node: 'kubesim-m03' }));
  apply(c, pod('client', { role: 'client' }, { node: 'kubesim', ports: [] }));
  apply(c, pod('client-m02', { role: 'client' }, { node: 'kubesim-m02', ports: [] }));
  apply(c, pod('hostnet', { app: 'hostnet' }, { node: 'kubesim-m03', hostNetwork: true, ports: [{ containerPort: 9090 }] }));
  ip = (name) => getPod(c, name).status!.podIP!;
  apply(c, service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }));
  apply(c, service('mismatch', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 9999 }] }));
  apply(c, service('empty', { type: 'NodePort', selector: { app: 'frontend-svc' }, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30090 }], externalIPs: ['198.51.100.9'] }));
  apply(c, service('np', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }));
  apply(c, service('npl', { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }] }));
  apply(c, service('itl', { internalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }));
  apply(c, service('eip', { selector: { app: 'web' }, externalIPs: ['198.51.100.7'], ports: [{ port: 8000, targetPort: 8080 }] }));
  apply(c, service('lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }));
  apply(c, service('lbfw', { type: 'LoadBalancer', selector: { app: 'web' }, loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ port: 80, targetPort: 8080 }] }));
  apply(c, service('headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }));
  // no load-balancer controller in the sim: write the ingress status as a provider would
  for (const [name, addr] of [['lb', '172.16.0.10'], ['lbfw', '172.16.0.11']]) {
    const svc = structuredClone(c.get('Service', 'default', name)!);
    svc.status = { loadBalancer: { ingress: [{ ip: addr, ipMode: 'VIP' }] } };
    c.put(svc);
  }
});

afterEach(() => setListenerCheck(undefined));

describe('ClusterIP', () => {
  it('pod → clusterIP: DNAT only, the backend sees the client pod IP; both endpoints are used', () => {
    const seen = many(c, fromPod(c, 'client'), svcIP('web'), 80, 40, (o) => {
      expect(o.result).toBe('connected');
      if (o.result !== 'connected') return;
      expect(o.sourceIP).toBe(ip('client'));
      expect(o.backend.port).toBe(8080);
      expect(o.backend.ip).toBe(ip(o.backend.pod!.metadata.name));
      expect(o.backend.nodeName).toBe(o.backend.pod!.spec && (o.backend.pod!.spec as { nodeName: string }).nodeName);
    });
    expect(seen).toEqual(new Set(['web-a', 'web-b']));
    const o = connect(c, fromPod(c, 'client'), svcIP('web'), 80, 'TCP');
    const t = traceText(o);
    expect(t).toContain('kubesim nat: -A KUBE-SERVICES -d ' + svcIP('web') + '/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-');
    expect(t).toMatch(/-j DNAT --to-destination 10\.244\.\d\.\d+:8080 \(→ pod default\/web-[ab] on node kubesim-m0[23]\)/);
  });

  it('node → clusterIP: masqueraded (source outside the cluster CIDR) to the node IP, or the pod gateway for a local backend', () => {
    for (const [i, node] of NODES.entries()) {
      many(c, fromNode(c, node), svcIP('web'), 80, 20, (o) => {
        expect(o.result).toBe('connected');
        if (o.result !== 'connected') return;
        expect(o.sourceIP).toBe(o.backend.nodeName === node ? GW[i] : NODE_IPS[i]);
      });
    }
    const o = connect(c, fromNode(c, 'kubesim'), svcIP('web'), 80, 'TCP');
    expect(traceText(o)).toContain('source 192.168.49.2 is outside the cluster CIDR 10.244.0.0/16: SNAT');
  });

  it('hairpin: a pod reaching itself through its Service is SNATed to its node gateway', () => {
    let hairpins = 0;
    many(c, fromPod(c, 'web-a'), svcIP('web'), 80, 40, (o) => {
      if (o.result !== 'connected') throw new Error(o.result);
      if (o.backend.pod!.metadata.name === 'web-a') {
        hairpins++;
        expect(o.sourceIP).toBe('10.244.1.1');
        expect(traceText(o)).toContain('hairpin');
      } else expect(o.sourceIP).toBe(ip('web-a'));
    });
    expect(hairpins).toBeGreaterThan(0);
  });

  it('a port not defined on the Service times out, with the reason', () => {
    const o = connect(c, fromPod(c, 'client'), svcIP('web'), 81, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('port 81 is not a port of service default/web (its ports: 80/TCP)');
    const u = connect(c, fromPod(c, 'client'), svcIP('web'), 80, 'UDP');
    expect(u.result).toBe('timeout');
    expect(traceText(u)).toContain('service default/web has no UDP port 80');
  });

  it('no endpoints: REJECT → connection refused, explained', () => {
    const o = connect(c, fromPod(c, 'client'), svcIP('empty'), 80, 'TCP');
    expect(o.result).toBe('refused');
    expect(traceText(o)).toContain('"default/empty:http has no endpoints"');
    expect(traceText(o)).toContain('no endpoints: selector app=frontend-svc matches no pods in namespace default');
    for (const v of [fromNode(c, 'kubesim-m02'), outside]) expect(connect(c, v, NODE_IPS[1], 30090, 'TCP').result).toBe('refused');
    expect(connect(c, outside, '198.51.100.9', 80, 'TCP').result).toBe('refused');
  });

  it('targetPort the pod does not listen on → refused (the listener check is injectable)', () => {
    const o = connect(c, fromPod(c, 'client'), svcIP('mismatch'), 80, 'TCP');
    expect(o.result).toBe('refused');
    expect(traceText(o)).toMatch(/nothing listens on 10\.244\.\d\.\d+:9999\/TCP in pod default\/web-[ab]: connection refused \(the Service's targetPort 9999/);
    setListenerCheck((p, port) => p.metadata.name === 'web-a' && port === 9999);
    many(c, fromPod(c, 'client'), svcIP('mismatch'), 80, 20, (r) => {
      if (r.result === 'connected') expect(r.backend.pod!.metadata.name).toBe('web-a');
      else expect(r.result).toBe('refused');
    });
  });

  it('outside → clusterIP times out (the service network is internal)', () => {
    const o = connect(c, outside, svcIP('web'), 80, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('cluster IPs answer only inside the cluster');
  });

  it('internalTrafficPolicy Local: only this node\'s endpoints; a node without one DROPs (timeout)', () => {
    many(c, fromPod(c, 'client-m02'), svcIP('itl'), 80, 20, (o) => {
      expect(o.result).toBe('connected');
      if (o.result === 'connected') expect(o.backend.pod!.metadata.name).toBe('web-a');
    });
    const o = connect(c, fromPod(c, 'client'), svcIP('itl'), 80, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('"default/itl has no local endpoints" -m tcp --dport 80 -j DROP');
    expect(traceText(o)).toContain('internalTrafficPolicy Local: no local endpoint on node kubesim (endpoints run on kubesim-m02, kubesim-m03)');
    expect(connect(c, fromNode(c, 'kubesim'), svcIP('itl'), 80, 'TCP').result).toBe('timeout');
  });
});

describe('NodePort', () => {
  it('ETP Cluster: open on every node IP (and 127.0.0.1 from the node); SNAT to the receiving node IP / pod gateway', () => {
    for (const [i, nodeIP] of NODE_IPS.entries()) {
      const seen = many(c, outside, nodeIP, 30080, 30, (o) => {
        expect(o.result).toBe('connected');
        if (o.result !== 'connected') return;
        expect(o.sourceIP).toBe(o.backend.nodeName === NODES[i] ? GW[i] : nodeIP);
      });
      expect(seen).toEqual(new Set(['web-a', 'web-b']));
      many(c, fromNode(c, NODES[i]), '127.0.0.1', 30080, 10, (o) => {
        expect(o.result).toBe('connected');
        if (o.result === 'connected') expect(o.sourceIP).toBe(o.backend.nodeName === NODES[i] ? GW[i] : nodeIP);
      });
      many(c, fromNode(c, NODES[i]), nodeIP, 30080, 10, (o) => expect(o.result).toBe('connected'));
    }
    const o = connect(c, outside, NODE_IPS[0], 30080, 'TCP');
    const t = traceText(o);
    expect(t).toContain('outside client 192.168.49.1');
    expect(t).toContain('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/np" -m tcp --dport 30080 -j KUBE-EXT-');
    expect(t).toContain('masquerade traffic for default/np external destinations');
    expect(t).toContain('-j MASQUERADE --random-fully (source 192.168.49.1 → 192.168.49.2');
  });

  it('pod → another node\'s NodePort: forwarded, then SNATed by the receiving node', () => {
    many(c, fromPod(c, 'client'), NODE_IPS[1], 30080, 20, (o) => {
      expect(o.result).toBe('connected');
      if (o.result === 'connected') expect(o.sourceIP).toBe(o.backend.nodeName === 'kubesim-m02' ? GW[1] : NODE_IPS[1]);
    });
  });

  it('ETP Local: a node with a local endpoint keeps the client IP; a node without one DROPs (timeout)', () => {
    many(c, outside, NODE_IPS[1], 30081, 20, (o) => {
      expect(o.result).toBe('connected');
      if (o.result !== 'connected') return;
      expect(o.backend.pod!.metadata.name).toBe('web-a');
      expect(o.sourceIP).toBe('192.168.49.1');
    });
    const o = connect(c, outside, NODE_IPS[0], 30081, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('externalTrafficPolicy Local: no local endpoint on node kubesim');
    // node- and pod-originated traffic is short-circuited to the cluster-wide chain
    many(c, fromNode(c, 'kubesim'), NODE_IPS[0], 30081, 10, (r) => {
      expect(r.result).toBe('connected');
      if (r.result === 'connected') expect(r.sourceIP).toBe(NODE_IPS[0]);
    });
    const seen = many(c, fromPod(c, 'client'), NODE_IPS[0], 30081, 30, (r) => {
      expect(r.result).toBe('connected');
      if (r.result === 'connected') expect(r.sourceIP).toBe(ip('client'));
    });
    expect(seen).toEqual(new Set(['web-a', 'web-b']));
    expect(traceText(connect(c, fromPod(c, 'client'), NODE_IPS[0], 30081, 'TCP'))).toContain('pod traffic for default/npl external destinations');
  });
});

describe('LoadBalancer and externalIPs', () => {
  it('LB ingress IP: reachable from outside (via a node, SNATed) and from pods', () => {
    many(c, outside, '172.16.0.10', 80, 20, (o) => {
      expect(o.result).toBe('connected');
      if (o.result === 'connected') expect(o.sourceIP).toBe(o.backend.nodeName === 'kubesim' ? GW[0] : NODE_IPS[0]);
    });
    many(c, fromPod(c, 'client'), '172.16.0.10', 80, 10, (o) => {
      expect(o.result).toBe('connected');
      if (o.result === 'connected') expect(o.sourceIP).toBe(NODE_IPS[0]);
    });
    expect(traceText(connect(c, outside, '172.16.0.10', 80, 'TCP'))).toContain('"default/lb loadbalancer IP"');
  });

  it('LB with loadBalancerSourceRanges: clients outside the ranges are dropped by KUBE-PROXY-FIREWALL', () => {
    const o = connect(c, outside, '172.16.0.11', 80, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('"default/lbfw traffic not accepted by KUBE-FW-');
    expect(connect(c, fromPod(c, 'client'), '172.16.0.11', 80, 'TCP').result).toBe('connected');
  });

  it('externalIPs: KUBE-SERVICES → KUBE-EXT on that IP', () => {
    many(c, outside, '198.51.100.7', 8000, 10, (o) => expect(o.result).toBe('connected'));
    many(c, fromPod(c, 'client'), '198.51.100.7', 8000, 10, (o) => expect(o.result).toBe('connected'));
    expect(connect(c, outside, '198.51.100.7', 80, 'TCP').result).toBe('timeout');
    expect(traceText(connect(c, fromPod(c, 'client'), '198.51.100.7', 8000, 'TCP'))).toContain('"default/eip external IP"');
  });
});

describe('direct addresses', () => {
  it('headless: no VIP; pod IPs are reached directly, without kube-proxy', () => {
    const o = connect(c, fromPod(c, 'client'), ip('web-b'), 8080, 'TCP');
    expect(o.result).toBe('connected');
    if (o.result === 'connected') {
      expect(o.backend.pod!.metadata.name).toBe('web-b');
      expect(o.sourceIP).toBe(ip('client'));
    }
    expect(o.trace.some((h) => h.layer === 'kube-proxy')).toBe(false);
    expect(connect(c, fromPod(c, 'client'), ip('web-b'), 8081, 'TCP').result).toBe('refused');
    expect(connect(c, outside, ip('web-b'), 8080, 'TCP').result).toBe('timeout');
    expect(connect(c, fromPod(c, 'client'), '10.244.2.200', 8080, 'TCP').result).toBe('unreachable');
  });

  it('node IPs: NodePorts, the kubelet, the apiserver and hostNetwork pods listen; other ports are refused', () => {
    expect(connect(c, outside, NODE_IPS[1], 10250, 'TCP').result).toBe('connected');
    expect(connect(c, outside, NODE_IPS[1], 12345, 'TCP').result).toBe('refused');
    expect(connect(c, outside, NODE_IPS[1], 8443, 'TCP').result).toBe('refused');
    const api = connect(c, fromPod(c, 'client'), NODE_IPS[0], 8443, 'TCP');
    expect(api.result).toBe('connected');
    const h = connect(c, fromPod(c, 'client'), NODE_IPS[2], 9090, 'TCP');
    expect(h.result).toBe('connected');
    if (h.result === 'connected') {
      expect(h.backend.pod?.metadata.name).toBe('hostnet');
      expect(h.backend.nodeName).toBe('kubesim-m03');
      expect(h.sourceIP).toBe(ip('client'));
    }
  });

  it('the kubernetes Service reaches the apiserver on the control-plane node, from any pod', () => {
    for (const name of ['client', 'client-m02']) {
      const o = connect(c, fromPod(c, name), '10.96.0.1', 443, 'TCP');
      expect(o.result).toBe('connected');
      if (o.result === 'connected') {
        expect(o.backend).toMatchObject({ ip: '192.168.49.2', port: 8443, nodeName: 'kubesim' });
        expect(o.sourceIP).toBe(ip(name));
      }
    }
  });

  it('addresses outside every known network time out; unknown service-network IPs time out', () => {
    for (const v of [fromPod(c, 'client'), fromNode(c, 'kubesim'), outside]) {
      const o = connect(c, v, '93.184.215.14', 80, 'TCP');
      expect(o.result).toBe('timeout');
      expect(traceText(o)).toContain('outside every network');
    }
    const o = connect(c, fromPod(c, 'client'), '10.96.7.7', 80, 'TCP');
    expect(o.result).toBe('timeout');
    expect(traceText(o)).toContain('is not the IP of any Service');
    expect(connect(c, outside, '192.168.49.77', 80, 'TCP').result).toBe('unreachable');
  });

  it('loopback inside a pod stays in the pod', () => {
    expect(connect(c, fromPod(c, 'web-a'), '127.0.0.1', 8080, 'TCP')).toMatchObject({ result: 'connected', sourceIP: '127.0.0.1' });
    expect(connect(c, fromPod(c, 'web-a'), '127.0.0.1', 80, 'TCP').result).toBe('refused');
  });
});

describe('endpoint conditions', () => {
  it('no ready endpoint anywhere: falls back to serving+terminating ones; not serving → REJECT', () => {
    const d = newCluster('1');
    apply(d, service('t', { clusterIP: '10.96.50.50', ports: [{ port: 80, targetPort: 8080 }] }));
    apply(d, pod('old', { app: 'old' }, { node: 'kubesim-m02' }));
    const podIP = getPod(d, 'old').status!.podIP!;
    apply(d, slice('t', [{ port: 8080 }], [{ ip: podIP, node: 'kubesim-m02', ready: false, serving: true, terminating: true }]));
    expect(connect(d, fromNode(d, 'kubesim'), '10.96.50.50', 80, 'TCP').result).toBe('connected');
    const d2 = newCluster('1');
    apply(d2, service('t', { clusterIP: '10.96.50.50', ports: [{ port: 80, targetPort: 8080 }] }));
    apply(d2, slice('t', [{ port: 8080 }], [{ ip: '10.244.1.77', node: 'kubesim-m02', ready: false, serving: false }]));
    const o = connect(d2, fromNode(d2, 'kubesim'), '10.96.50.50', 80, 'TCP');
    expect(o.result).toBe('refused');
    expect(traceText(o)).toContain('none of the endpoints listed for port 80/TCP of service default/t (no selector) is ready');
  });
});
