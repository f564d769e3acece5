/** A default 3-node kubesim cluster with the Services the DNS tests ask about. */
import { Cluster } from '../../../src/store/cluster-state.js';
import { newClusterState } from '../../../src/store/default-cluster.js';
import { frozenClock } from '../../../src/clock.js';
import { createObject } from '../../../src/apiserver/objects.js';
import { reconcile } from '../../../src/controllers/reconcile.js';
import type { KObject } from '../../../src/api/resources.js';
import type { ProgramContext, Vantage } from '../../../src/network/contracts.js';

export const NOW = '2026-11-26T05:55:57Z';

export function newCluster(seed = 'dns-tests'): Cluster {
  const clock = frozenClock(new Date(NOW));
  return new Cluster(newClusterState({ name: 'kubesim', nodes: 3, seed }, clock), clock);
}

export function add(cluster: Cluster, obj: KObject): KObject {
  const created = createObject(cluster, obj);
  reconcile(cluster);
  return cluster.get(created.kind, created.metadata.namespace, created.metadata.name)!;
}

export function ns(name: string): KObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function svc(name: string, namespace: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

export function pod(name: string, namespace: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'main', image: 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3' }], ...spec },
  };
}

export function deployment(name: string, namespace: string, replicas: number, labels: Record<string, string>, port = 5000, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: port }] }], ...extra } },
    },
  };
}

/**
 * The cluster of spec/tool-outputs.md's vectors: my-svc 10.96.45.12 (port http 80), a headless
 * Service `headless` over 3 pods, ExternalName `my-service.prod` → my.database.example.com,
 * `ext-missing.prod` → a name that does not exist, frontend-svc 10.96.120.15 (http 80, metrics 9090),
 * namespaces prod and team-a, and a `dnsutils` pod in default.
 */
export function dnsCluster(): { cluster: Cluster; client: KObject; from: Vantage } {
  const cluster = newCluster();
  add(cluster, ns('prod'));
  add(cluster, ns('team-a'));
  add(cluster, deployment('web', 'default', 3, { app: 'web' }));
  add(cluster, svc('my-svc', 'default', { clusterIP: '10.96.45.12', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }] }));
  add(cluster, svc('headless', 'default', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }] }));
  add(cluster, svc('frontend-svc', 'default', { clusterIP: '10.96.120.15', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }, { name: 'metrics', port: 9090 }] }));
  add(cluster, svc('my-service', 'prod', { type: 'ExternalName', externalName: 'my.database.example.com' }));
  add(cluster, svc('ext-missing', 'prod', { type: 'ExternalName', externalName: 'nothing-here.example.net' }));
  const client = add(cluster, pod('dnsutils', 'default'));
  return { cluster, client, from: { kind: 'pod', pod: client, container: 'main' } };
}

export function ctxFor(cluster: Cluster, from: Vantage, stdin = ''): ProgramContext {
  return { cluster, from, env: new Map(), stdin, trace: [] };
}

/** Ready endpoint IPs of a Service, sorted. */
export function endpointIPs(cluster: Cluster, namespace: string, service: string): string[] {
  const out: string[] = [];
  for (const s of cluster.list<any>('EndpointSlice', namespace)) {
    if (s.metadata.labels?.['kubernetes.io/service-name'] !== service) continue;
    for (const e of s.endpoints ?? []) if (e.conditions?.ready !== false) out.push(e.addresses[0]);
  }
  return out.sort();
}
