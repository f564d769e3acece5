/** A small hand-made cluster for controller tests: 3 nodes, default/kube-system, frozen clock, seeded random. */
import { Cluster, STATE_API_VERSION, STATE_FORMAT_VERSION, type ClusterState } from '../../src/store/cluster-state.js';
import { frozenClock, type Clock } from '../../src/clock.js';
import { Random } from '../../src/random.js';
import type { KObject } from '../../src/api/resources.js';
import { createObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';

export const NOW = '2026-11-26T05:36:18Z';
export const NODES = ['kubesim', 'kubesim-m02', 'kubesim-m03'];

export function node(name: string, i: number): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-uid-${i}`, resourceVersion: '1', creationTimestamp: NOW, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: { addresses: [{ type: 'InternalIP', address: `192.168.49.${i + 2}` }, { type: 'Hostname', address: name }] },
  };
}

function namespace(name: string): KObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, resourceVersion: '1', creationTimestamp: NOW }, status: { phase: 'Active' } };
}

export function makeState(seed: string | number = 42): ClusterState {
  const objects: ClusterState['objects'] = { Node: {}, Namespace: {} };
  NODES.forEach((n, i) => (objects.Node[`/${n}`] = node(n, i)));
  for (const ns of ['default', 'kube-system']) objects.Namespace[`/${ns}`] = namespace(ns);
  return {
    apiVersion: STATE_API_VERSION,
    kind: 'ClusterState',
    formatVersion: STATE_FORMAT_VERSION,
    cluster: {
      name: 'kubesim',
      kubernetesVersion: 'v1.32.0',
      serviceCIDR: '10.96.0.0/12',
      podCIDR: '10.244.0.0/16',
      nodePortRange: '30000-32767',
      clusterDomain: 'cluster.local',
      seed: String(seed),
      createdAt: NOW,
    },
    resourceVersion: 10,
    random: Random.fromSeed(seed).state(),
    ipam: {},
    objects,
    logs: {},
  };
}

export function makeCluster(seed: string | number = 42, clock: Clock = frozenClock(new Date(NOW))): Cluster {
  return new Cluster(makeState(seed), clock);
}

/** A clock the test can move. */
export function movableClock(start = NOW): Clock & { advance(seconds: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(seconds: number) {
      t += seconds * 1000;
    },
  };
}

export function deployment(name: string, opts: { replicas?: number; image?: string; labels?: Record<string, string>; ports?: { name?: string; containerPort: number }[] } = {}): KObject {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'web', image: opts.image ?? 'nginx:1.25', ports: opts.ports ?? [{ containerPort: 5000 }] }] },
      },
    },
  };
}

export function service(name: string, selector: Record<string, string> | undefined, ports: { name?: string; port: number; targetPort?: number | string; protocol?: string }[], extra: Record<string, unknown> = {}): KObject {
  const spec: Record<string, unknown> = { ports, ...extra };
  if (selector) spec.selector = selector;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

export function pod(name: string, labels: Record<string, string>, containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers, ...extra } };
}

/** Create through the apiserver and reconcile, as a command does. */
export function apply(cluster: Cluster, obj: KObject): KObject {
  const created = createObject(cluster, obj);
  reconcile(cluster);
  return cluster.get(created.kind, created.metadata.namespace, created.metadata.name) ?? created;
}

export function list<T extends KObject = KObject>(cluster: Cluster, kind: string, ns = 'default'): T[] {
  return cluster.list<T>(kind, ns);
}

export function events(cluster: Cluster, ns = 'default'): { reason: string; message: string; count: number; object: string; type: string; source: { component: string; host?: string }; fieldPath?: string }[] {
  return cluster.list('Event', ns).map((e: any) => ({
    reason: e.reason,
    message: e.message,
    count: e.count,
    object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
    type: e.type,
    source: e.source,
    fieldPath: e.involvedObject.fieldPath,
  }));
}
