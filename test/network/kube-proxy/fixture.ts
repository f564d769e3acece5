/** Clusters for the kube-proxy tests, built with the real apiserver and controllers. */
import type { KObject } from '../../../src/api/resources.js';
import { createObject } from '../../../src/apiserver/objects.js';
import { reconcile } from '../../../src/controllers/reconcile.js';
import type { Pod } from '../../../src/controllers/kubelet.js';
import { Cluster } from '../../../src/store/cluster-state.js';
import { newClusterState } from '../../../src/store/default-cluster.js';
import { frozenClock, type Clock } from '../../../src/clock.js';
import type { Vantage } from '../../../src/network/contracts.js';

export const NOW = '2026-11-26T05:00:00Z';
export const NODES = ['kubesim', 'kubesim-m02', 'kubesim-m03'];
export const NODE_IPS = ['192.168.49.2', '192.168.49.3', '192.168.49.4'];

export function movableClock(start = NOW): Clock & { advance(seconds: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(seconds: number) {
      t += seconds * 1000;
    },
  };
}

export function newCluster(seed = '42', clock: Clock = frozenClock(new Date(NOW))): Cluster {
  return new Cluster(newClusterState({ name: 'kubesim', nodes: 3, seed }, clock), clock);
}

export function apply(cluster: Cluster, obj: KObject): KObject {
  const created = createObject(cluster, obj);
  reconcile(cluster);
  return cluster.get(created.kind, created.metadata.namespace, created.metadata.name) ?? created;
}

export function service(name: string, spec: Record<string, unknown>, ns = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

/** A user-written EndpointSlice for a selectorless Service. */
export function slice(svc: string, ports: { name?: string; port: number; protocol?: string }[], endpoints: { ip: string; node?: string; ready?: boolean; serving?: boolean; terminating?: boolean }[], name = `${svc}-manual`): KObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: endpoints.map((e) => {
      const conditions: Record<string, boolean> = { ready: e.ready ?? true };
      if (e.serving !== undefined) conditions.serving = e.serving;
      if (e.terminating !== undefined) conditions.terminating = e.terminating;
      return { addresses: [e.ip], conditions, ...(e.node ? { nodeName: e.node } : {}) };
    }),
  };
}

/** §8.5: default/frontend-svc 10.96.120.15, port http 80 → 8080, endpoints 10.244.1.5 and 10.244.2.7. */
export function frontendVector(cluster: Cluster, extra: Record<string, unknown> = {}): void {
  apply(cluster, service('frontend-svc', { clusterIP: '10.96.120.15', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...extra }));
  apply(
    cluster,
    slice('frontend-svc', [{ name: 'http', port: 8080 }], [
      { ip: '10.244.1.5', node: 'kubesim-m02' },
      { ip: '10.244.2.7', node: 'kubesim-m03' },
    ]),
  );
}

export function pod(name: string, labels: Record<string, string>, opts: { node?: string; ports?: { containerPort: number; name?: string; protocol?: string }[]; hostNetwork?: boolean } = {}): KObject {
  const spec: Record<string, unknown> = { containers: [{ name: 'app', image: 'nginx:1.27', ports: opts.ports ?? [{ containerPort: 8080 }] }] };
  if (opts.node) spec.nodeName = opts.node;
  if (opts.hostNetwork) spec.hostNetwork = true;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec };
}

export function getPod(cluster: Cluster, name: string, ns = 'default'): Pod {
  return cluster.get<Pod>('Pod', ns, name)!;
}

export const fromPod = (cluster: Cluster, name: string): Vantage => ({ kind: 'pod', pod: getPod(cluster, name), container: 'app' });
export const fromNode = (cluster: Cluster, name: string): Vantage => ({ kind: 'node', node: cluster.get('Node', undefined, name)! });
export const outside: Vantage = { kind: 'outside' };
