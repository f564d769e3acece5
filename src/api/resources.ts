/**
 * The API resources kubesim serves: names, short names, groups, scope. The same facts
 * `kubectl api-resources` lists, used to resolve what users type (`svc`, `deploy/x`, `services`).
 */
export interface ResourceInfo {
  /** Kind, e.g. `Service`. */
  kind: string;
  /** Plural resource name, e.g. `services`. */
  resource: string;
  singular: string;
  shortNames: string[];
  /** API group; '' for core. */
  group: string;
  version: string;
  namespaced: boolean;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { kind: 'Pod', resource: 'pods', singular: 'pod', shortNames: ['po'], group: '', version: 'v1', namespaced: true },
  { kind: 'Service', resource: 'services', singular: 'service', shortNames: ['svc'], group: '', version: 'v1', namespaced: true },
  { kind: 'Endpoints', resource: 'endpoints', singular: 'endpoints', shortNames: ['ep'], group: '', version: 'v1', namespaced: true },
  { kind: 'Namespace', resource: 'namespaces', singular: 'namespace', shortNames: ['ns'], group: '', version: 'v1', namespaced: false },
  { kind: 'Node', resource: 'nodes', singular: 'node', shortNames: ['no'], group: '', version: 'v1', namespaced: false },
  { kind: 'Event', resource: 'events', singular: 'event', shortNames: ['ev'], group: '', version: 'v1', namespaced: true },
  { kind: 'Deployment', resource: 'deployments', singular: 'deployment', shortNames: ['deploy'], group: 'apps', version: 'v1', namespaced: true },
  { kind: 'ReplicaSet', resource: 'replicasets', singular: 'replicaset', shortNames: ['rs'], group: 'apps', version: 'v1', namespaced: true },
  { kind: 'StatefulSet', resource: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], group: 'apps', version: 'v1', namespaced: true },
  { kind: 'DaemonSet', resource: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], group: 'apps', version: 'v1', namespaced: true },
  { kind: 'EndpointSlice', resource: 'endpointslices', singular: 'endpointslice', shortNames: [], group: 'discovery.k8s.io', version: 'v1', namespaced: true },
];

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

/** apiVersion string of a resource: `v1`, `apps/v1`. */
export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `services`, `deployments.apps` — how server messages name a resource. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `service`, `deployment.apps` — how `-o name` and kind prefixes name a kind. */
export function qualifiedKind(r: ResourceInfo): string {
  const k = r.kind.toLowerCase();
  return r.group ? `${k}.${r.group}` : k;
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

/**
 * Resolve what a user typed as a resource type (`svc`, `Service`, `services`, `deploy.apps`,
 * `deployments.v1.apps`). Case-insensitive, like kubectl's RESTMapper.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const t = typed.toLowerCase();
  const dot = t.indexOf('.');
  const name = dot < 0 ? t : t.slice(0, dot);
  let group: string | undefined = dot < 0 ? undefined : t.slice(dot + 1);
  if (group !== undefined) {
    // `deployments.v1.apps` → version v1, group apps
    const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(group);
    if (m) group = m[2];
  }
  for (const r of RESOURCES) {
    if (group !== undefined && r.group !== group) continue;
    if (r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)) return r;
  }
  return undefined;
}

/** Object with its identity, as kept in the state. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}
