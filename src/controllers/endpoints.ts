/**
 * The Endpoints controller: for every Service with a selector (not ExternalName), the ready and
 * not-ready addresses of the selected pods, with named targetPorts resolved per pod, packed into
 * subsets of identical port sets, sorted by IP string. Objects are written only when they differ,
 * so an unchanged Service keeps its Endpoints' resourceVersion. Also the pod selection and port
 * resolution the EndpointSlice controller shares.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { createObject, deleteObject } from '../apiserver/objects.js';
import { mapSelectorMatches } from '../labels/selector.js';
import { findUnparsed } from '../store/state-file.js';
import { deepEqual } from './pod-template-hash.js';
import { isPodReady, isPodTerminal, type Pod } from './kubelet.js';
import { lastChangeTriggerTime, previousSync, recordSync } from './trigger-time-tracker.js';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TOLERATE_UNREADY_ANNOTATION = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';
export const MAX_ENDPOINTS_CAPACITY = 1000;

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
  nodePort?: number;
}

export interface Service extends KObject {
  spec: {
    selector?: Record<string, string>;
    type?: string;
    clusterIP?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    [key: string]: unknown;
  };
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name: string; uid?: string; [key: string]: unknown };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface EndpointsObject extends KObject {
  subsets?: EndpointSubset[];
}

// ---------------------------------------------------------------------------------------------
// Shared with the EndpointSlice controller

export function hasSelector(svc: Service): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** Services the endpoint controllers manage: a selector, and not ExternalName. */
export function isManagedService(svc: Service): boolean {
  return hasSelector(svc) && svc.spec.type !== 'ExternalName';
}

const podIndexes = new WeakMap<Cluster, { count: number; maxRV: number; index: PodIndex }>();

/** Pods of one pass, indexed by namespace and by `key=value` label pairs. */
export class PodIndex {
  private readonly byNs = new Map<string, { all: Pod[]; byLabel: Map<string, Pod[]> }>();

  constructor(pods: Iterable<Pod>) {
    for (const p of pods) {
      const ns = p.metadata.namespace ?? '';
      let entry = this.byNs.get(ns);
      if (!entry) this.byNs.set(ns, (entry = { all: [], byLabel: new Map() }));
      entry.all.push(p);
      for (const [k, v] of Object.entries(p.metadata.labels ?? {})) {
        const key = `${k}\u0000${v}`;
        let list = entry.byLabel.get(key);
        if (!list) entry.byLabel.set(key, (list = []));
        list.push(p);
      }
    }
  }

  /** The index of the cluster's current pods, reused while no pod was added, changed or removed. */
  static of(cluster: Cluster): PodIndex {
    const pods = Object.values(cluster.state.objects.Pod ?? {}) as Pod[];
    let maxRV = 0;
    for (const p of pods) {
      const v = Number(p.metadata.resourceVersion) || 0;
      if (v > maxRV) maxRV = v;
    }
    const cached = podIndexes.get(cluster);
    if (cached && cached.count === pods.length && cached.maxRV === maxRV) return cached.index;
    const index = new PodIndex(pods);
    podIndexes.set(cluster, { count: pods.length, maxRV, index });
    return index;
  }

  /** Pods in a namespace whose labels match every pair of a map selector. */
  select(namespace: string, selector: Record<string, string>): Pod[] {
    const entry = this.byNs.get(namespace);
    if (!entry) return [];
    let smallest: Pod[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = entry.byLabel.get(`${k}\u0000${v}`);
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    if (!smallest) return entry.all.slice();
    return smallest.filter((p) => mapSelectorMatches(selector, p.metadata.labels));
  }
}

/** Where the endpoint controllers find the pods a Service selects. */
export interface PodSelection {
  select(namespace: string, selector: Record<string, string>): Pod[];
}

/** Scans of the unparsed pods, per session: valid while no pod changes (then PodIndex serves). */
const scans = new WeakMap<Cluster, Map<string, Pod[]>>();

/**
 * The pods of a few Services, for a run woken only by Service or Endpoints changes: while the pods
 * are still unparsed in the state file, only the lines that mention every selector value are
 * parsed, which is how a Service applied to a cluster of 10,000 pods finds its ten without reading
 * the rest. Once something parsed them, the PodIndex serves.
 */
export function fewServicesPods(cluster: Cluster): PodSelection {
  const cache = scans.get(cluster) ?? new Map<string, Pod[]>();
  scans.set(cluster, cache);
  return {
    select(namespace, selector) {
      if (cluster.changedKinds.has('Pod')) return PodIndex.of(cluster).select(namespace, selector);
      const key = JSON.stringify([namespace, selector]);
      const hit = cache.get(key);
      if (hit) return hit;
      const needles = Object.values(selector).map((v) => JSON.stringify(v));
      const lines = findUnparsed(cluster.state.objects, 'Pod', `${namespace}/`, needles) as Pod[] | undefined;
      if (!lines) return PodIndex.of(cluster).select(namespace, selector);
      const pods = lines.filter((p) => (p.metadata.namespace ?? '') === namespace && mapSelectorMatches(selector, p.metadata.labels));
      cache.set(key, pods);
      return pods;
    },
  };
}

/**
 * The Services a controller run must look at, and the pods to select from. With `since` (the
 * resourceVersion of its previous run) and no pod or node change after it, only the Services
 * whose Service or Endpoints changed (plus the `more` keys, or 'all'): the
 * rest were settled when the state was written.
 */
export function servicesToSync(cluster: Cluster, since: number | undefined, more: string[] | 'all' = []): { keys?: string[]; pods: PodSelection } {
  if (since === undefined || more === 'all' || cluster.changedSince('Pod', since) || cluster.changedSince('Node', since)) return { pods: PodIndex.of(cluster) };
  const keys = new Set<string>(more);
  for (const kind of ['Service', 'Endpoints']) for (const key of cluster.keysChangedSince(kind, since)) keys.add(key);
  return { keys: [...keys].sort(), pods: fewServicesPods(cluster) };
}

/** Whether a pod gets an endpoint: not finished, has an IP, and (unless included) not terminating. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/**
 * FindPort: an int targetPort as is; a name → the first container port with that name and the
 * Service port's protocol (containers, then sidecar init containers). undefined = the pod lacks it.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** hostname for an endpoint: pod.spec.hostname when the pod's subdomain is this Service. */
export function endpointHostname(pod: Pod, svc: Service): string | undefined {
  return pod.spec.hostname && pod.spec.subdomain === svc.metadata.name ? pod.spec.hostname : undefined;
}

export function podTargetRef(pod: Pod): NonNullable<EndpointAddress['targetRef']> {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

function rv(o: KObject): number {
  return Number(o.metadata.resourceVersion) || 0;
}

/**
 * True when an object computed from (svc, pods) at resourceVersion `writtenAt` cannot have gone
 * stale: the Service and every selected pod are older, and the pods it lists (by uid) are exactly
 * the selected pods that belong in it. Lets a pass skip unchanged Services without recomputing.
 */
export function inputsUnchanged(writtenAt: number, svc: Service, pods: Pod[], belongs: (p: Pod) => boolean, listedUids: Set<string>): boolean {
  if (rv(svc) >= writtenAt) return false;
  let n = 0;
  for (const p of pods) {
    if (rv(p) >= writtenAt) return false;
    if (belongs(p)) {
      if (!listedUids.has(p.metadata.uid ?? '')) return false;
      n++;
    }
  }
  return n === listedUids.size;
}

export function cmpString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Address order: IP string, then target UID. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return cmpString(a.ip, b.ip) || cmpString(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

// ---------------------------------------------------------------------------------------------
// Desired Endpoints

function tolerateUnready(svc: Service): boolean {
  const v = svc.metadata.annotations?.[TOLERATE_UNREADY_ANNOTATION];
  if (v !== undefined) {
    const b = v.toLowerCase();
    if (['1', 't', 'true'].includes(b)) return true;
    if (['0', 'f', 'false'].includes(b)) return false;
  }
  return !!svc.spec.publishNotReadyAddresses;
}

/** Subsets for a Service over its selected pods (RepackSubsets + sorting). */
export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const tolerate = tolerateUnready(svc);
  const ports = svc.spec.ports ?? [];
  // port key → (its EndpointPort, address key → {address, ready})
  const byPort = new Map<string, { port: EndpointPort | undefined; index: number; addrs: Map<string, { addr: EndpointAddress; ready: boolean }> }>();
  const add = (port: EndpointPort | undefined, index: number, addr: EndpointAddress, ready: boolean) => {
    const key = port ? `${port.name ?? ''}\u0000${port.port}\u0000${port.protocol ?? ''}\u0000${port.appProtocol ?? ''}` : '';
    let e = byPort.get(key);
    if (!e) byPort.set(key, (e = { port, index, addrs: new Map() }));
    e.addrs.set(`${addr.ip}\u0000${addr.targetRef?.uid ?? ''}`, { addr, ready });
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    const addr: EndpointAddress = { ip: pod.status!.podIP! };
    const hostname = endpointHostname(pod, svc);
    if (hostname) addr.hostname = hostname;
    if (pod.spec.nodeName) addr.nodeName = pod.spec.nodeName;
    addr.targetRef = podTargetRef(pod);
    const ready = tolerate || isPodReady(pod);
    if (ports.length === 0) {
      if (isHeadless(svc)) add(undefined, -1, addr, ready);
      continue;
    }
    ports.forEach((sp, i) => {
      const n = findPort(pod, sp);
      if (n === undefined) return;
      const ep = {} as EndpointPort;
      if (sp.name) ep.name = sp.name;
      ep.port = n;
      ep.protocol = sp.protocol ?? 'TCP';
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add(ep, i, addr, ready);
    });
  }
  // Ports that serve the same set of (address, readiness) share a subset.
  const groups = new Map<string, { ports: { port: EndpointPort; index: number }[]; addrs: { addr: EndpointAddress; ready: boolean }[] }>();
  for (const e of byPort.values()) {
    const sig = [...e.addrs.entries()].map(([k, v]) => `${k}\u0000${v.ready ? 1 : 0}`).sort().join('\u0001');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports: [], addrs: [...e.addrs.values()] }));
    if (e.port) g.ports.push({ port: e.port, index: e.index });
  }
  const subsets: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready = g.addrs.filter((a) => a.ready).map((a) => a.addr).sort(compareAddresses);
    const notReady = g.addrs.filter((a) => !a.ready).map((a) => a.addr).sort(compareAddresses);
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (g.ports.length) s.ports = g.ports.sort((a, b) => a.index - b.index || a.port.port - b.port.port).map((p) => p.port);
    subsets.push(s);
  }
  const firstIP = (s: EndpointSubset) => (s.addresses?.[0] ?? s.notReadyAddresses?.[0])?.ip ?? '';
  subsets.sort((a, b) => cmpString(firstIP(a), firstIP(b)) || cmpString(JSON.stringify(a.ports ?? []), JSON.stringify(b.ports ?? [])));
  return subsets;
}

/** Keep at most 1000 addresses (ready ones first, proportionally per subset). Returns true if truncated. */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_ENDPOINTS_CAPACITY): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= max) return false;
  const truncateReady = totalReady > max;
  const budget = truncateReady ? max : max - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canAdd = budget;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toAdd = Math.min(Math.ceil((inSubset / numTotal) * budget), canAdd);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toAdd);
      delete s.notReadyAddresses;
      if (!s.addresses.length) delete s.addresses;
      canAdd -= s.addresses?.length ?? 0;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toAdd);
      if (!s.notReadyAddresses.length) delete s.notReadyAddresses;
      canAdd -= s.notReadyAddresses?.length ?? 0;
    }
  }
  return true;
}

/** The Service's labels plus the headless marker. */
export function endpointsLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

const same = deepEqual;

// ---------------------------------------------------------------------------------------------
// The controller

/** The names of the pods an Endpoints object lists, ready or not. */
function listedPods(ep: EndpointsObject): Set<string> {
  const names = new Set<string>();
  for (const s of ep.subsets ?? []) for (const a of [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]) if (a.targetRef?.name) names.add(a.targetRef.name);
  return names;
}

function looksControllerManaged(ep: EndpointsObject): boolean {
  if (ep.metadata.annotations?.[LAST_CHANGE_TRIGGER_TIME] !== undefined) return true;
  return (ep.subsets ?? []).some((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].some((a) => a.targetRef?.kind === 'Pod'));
}

/** `since`: see servicesToSync. */
export function syncEndpoints(cluster: Cluster, since?: number): void {
  const services = cluster.state.objects.Service ?? {};
  const { keys, pods: index } = servicesToSync(cluster, since);
  const toSync = keys ? keys.map((k) => services[k]).filter((s) => s !== undefined) : Object.values(services);
  const lastRun = previousSync(cluster, 'endpoints');
  for (const svc of toSync as Service[]) {
    if (!isManagedService(svc)) continue;
    const ns = svc.metadata.namespace ?? 'default';
    const pods = index.select(ns, svc.spec.selector!);
    const existing = cluster.get<EndpointsObject>('Endpoints', ns, svc.metadata.name);
    const tolerate = tolerateUnready(svc);
    const ports = svc.spec.ports ?? [];
    const belongs = (p: Pod) => shouldPodBeInEndpoints(p, tolerate) && (ports.length === 0 ? isHeadless(svc) : ports.some((sp) => findPort(p, sp) !== undefined));
    if (existing) {
      const listed = new Set<string>();
      for (const s of existing.subsets ?? []) {
        for (const a of s.addresses ?? []) listed.add(a.targetRef?.uid ?? '');
        for (const a of s.notReadyAddresses ?? []) listed.add(a.targetRef?.uid ?? '');
      }
      if (existing.metadata.annotations?.[OVER_CAPACITY] === undefined && inputsUnchanged(rv(existing), svc, pods, belongs, listed)) continue;
    }
    const subsets = desiredSubsets(svc, pods);
    const truncated = truncateSubsets(subsets);
    const labels = endpointsLabels(svc);
    if (existing) {
      const overOK = truncated ? existing.metadata.annotations?.[OVER_CAPACITY] === 'truncated' : existing.metadata.annotations?.[OVER_CAPACITY] === undefined;
      if (same(existing.subsets ?? [], subsets) && same(existing.metadata.labels ?? {}, labels) && overOK) continue;
    }
    const annotations: Record<string, string> = { ...(existing?.metadata.annotations ?? {}) };
    const trigger = lastChangeTriggerTime(svc, pods, lastRun, existing ? listedPods(existing) : undefined, belongs);
    if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    if (existing) {
      const updated: EndpointsObject = { ...existing, metadata: { ...existing.metadata } };
      if (Object.keys(labels).length) updated.metadata.labels = labels;
      else delete updated.metadata.labels;
      if (Object.keys(annotations).length) updated.metadata.annotations = annotations;
      else delete updated.metadata.annotations;
      if (subsets.length) updated.subsets = subsets;
      else delete updated.subsets;
      cluster.put(updated);
    } else {
      const ep: EndpointsObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: ns } };
      if (Object.keys(labels).length) ep.metadata.labels = labels;
      if (Object.keys(annotations).length) ep.metadata.annotations = annotations;
      if (subsets.length) ep.subsets = subsets;
      createObject(cluster, ep);
    }
  }
  // Endpoints of deleted Services go with them (the apiserver-managed `kubernetes` ones excepted).
  const endpoints = cluster.state.objects.Endpoints ?? {};
  const maybeOrphaned = keys ? keys.map((k) => endpoints[k]).filter((e) => e !== undefined) : Object.values(endpoints);
  for (const ep of maybeOrphaned as EndpointsObject[]) {
    const ns = ep.metadata.namespace ?? '';
    if (ns === 'default' && ep.metadata.name === 'kubernetes') continue;
    if (services[`${ns}/${ep.metadata.name}`]) continue;
    if (looksControllerManaged(ep)) deleteObject(cluster, 'Endpoints', ns, ep.metadata.name);
  }
  recordSync(cluster, 'endpoints');
}
