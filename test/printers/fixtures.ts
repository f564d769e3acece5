/** Plain API objects (as the apiserver returns them) for the printer tests. */
import type { KObject } from '../../src/api/resources.js';

export const NOW = new Date('2026-11-26T05:00:00Z');

/** RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export const D = 86400;
export const H = 3600;
export const M = 60;

function meta(name: string, age: number, extra: Record<string, unknown> = {}) {
  return { name, namespace: 'default', creationTimestamp: ago(age), ...extra };
}

export function svc(name: string, age: number, spec: Record<string, unknown>, status: Record<string, unknown> = { loadBalancer: {} }): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, age), spec, status };
}

export const services: KObject[] = [
  svc('eip-svc', 400 * D, { type: 'ClusterIP', clusterIP: '10.96.50.50', clusterIPs: ['10.96.50.50'], externalIPs: ['1.2.3.4', '5.6.7.8'], ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'none' } }),
  svc('ext-svc', 10 * D, { type: 'ExternalName', externalName: 'db.example.com' }),
  svc('frontend-svc', 3 * M + 15, { type: 'ClusterIP', clusterIP: '10.96.120.15', clusterIPs: ['10.96.120.15'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 5000 }], selector: { app: 'frontend' } }),
  svc('headless', 9 * H, { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5000, protocol: 'UDP', targetPort: 5000 }], selector: { app: 'frontend' } }),
  svc('kubernetes', 3 * D + 5 * H, { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
  svc('lb-svc', 2 * D + 3 * H, { type: 'LoadBalancer', clusterIP: '10.96.44.8', clusterIPs: ['10.96.44.8'], ports: [{ port: 80, protocol: 'TCP', targetPort: 5000, nodePort: 31380 }], selector: { app: 'frontend' } }),
  svc('np-svc', 8, {
    type: 'NodePort',
    clusterIP: '10.96.33.7',
    clusterIPs: ['10.96.33.7'],
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 5000, nodePort: 32233 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443, nodePort: 30443 },
    ],
    selector: { app: 'frontend' },
  }),
];

export function byName(list: KObject[], ...names: string[]): KObject[] {
  return names.map((n) => {
    const o = list.find((x) => x.metadata.name === n);
    if (!o) throw new Error(`no ${n}`);
    return o;
  });
}

export function endpoints(name: string, age: number, subsets?: unknown[]): KObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(name, age), ...(subsets ? { subsets } : {}) };
}

export function pod(name: string, age: number, spec: Record<string, unknown>, status: Record<string, unknown>, metaExtra: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta(name, age, metaExtra), spec, status };
}

export const runningStatus = (ip: string, startedAgo: number) => ({
  phase: 'Running',
  conditions: [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: 'True' },
    { type: 'ContainersReady', status: 'True' },
    { type: 'PodScheduled', status: 'True' },
  ],
  podIP: ip,
  podIPs: [{ ip }],
  containerStatuses: [{ name: 'web', ready: true, restartCount: 0, started: true, image: 'nginx:1.25', state: { running: { startedAt: ago(startedAgo) } }, lastState: {} }],
});

export const webSpec = (node?: string) => ({ containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 5000, protocol: 'TCP' }] }], ...(node ? { nodeName: node } : {}) });

export function waitingPod(name: string, age: number, reason: string, image: string): KObject {
  return pod(
    name,
    age,
    { containers: [{ name: 'web', image }], nodeName: 'kind-control-plane' },
    {
      phase: 'Pending',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        { type: 'PodScheduled', status: 'True' },
      ],
      podIP: '10.244.0.9',
      podIPs: [{ ip: '10.244.0.9' }],
      containerStatuses: [{ name: 'web', ready: false, restartCount: 0, started: false, image, state: { waiting: { reason, message: 'x' } }, lastState: {} }],
    },
  );
}

export function multiPod(age: number, finishedAgo?: number): KObject {
  return pod(
    'multi',
    age,
    { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }], nodeName: 'kind-control-plane' },
    {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      podIPs: [{ ip: '10.244.0.8' }],
      containerStatuses: [
        { name: 'sidecar', ready: true, restartCount: 1, state: { running: { startedAt: ago(240) } }, lastState: finishedAgo === undefined ? {} : { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(finishedAgo) } } },
        { name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: ago(age) } }, lastState: {} },
      ],
    },
  );
}

export function deployment(name: string, age: number, replicas: number, status: Record<string, unknown>, containers: { name: string; image: string }[], selector: Record<string, unknown>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, age),
    spec: { replicas, selector, template: { metadata: { labels: { app: name } }, spec: { containers } } },
    status,
  };
}

export function replicaSet(name: string, age: number, replicas: number, status: Record<string, unknown>, containers: { name: string; image: string }[], selector: Record<string, unknown>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(name, age),
    spec: { replicas, selector, template: { metadata: { labels: { app: 'frontend' } }, spec: { containers } } },
    status,
  };
}

export interface EventSpec {
  name: string;
  type: string;
  reason: string;
  kind: string;
  object: string;
  message: string;
  last: number;
  first?: number;
  count?: number;
  fieldPath?: string;
  component?: string;
  host?: string;
}

export function event(e: EventSpec): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: e.name, namespace: 'default', creationTimestamp: ago(e.first ?? e.last) },
    involvedObject: { kind: e.kind, name: e.object, namespace: 'default', ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}) },
    reason: e.reason,
    message: e.message,
    source: { ...(e.component ? { component: e.component } : {}), ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: ago(e.first ?? e.last),
    lastTimestamp: ago(e.last),
    count: e.count ?? 1,
    type: e.type,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  };
}
