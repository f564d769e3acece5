/**
 * The EndpointSlice controller and its mirroring sibling.
 * - Services with a selector: one slice group per distinct resolved port list (a pod lacking a
 *   named port lands in a group with no ports), at most 100 endpoints per slice, new endpoints
 *   filling existing slices first, terminating pods kept (ready false, terminating true), and one
 *   placeholder slice when nothing matches. Slices are `<svc>-<5 chars>` and keep their names
 *   across updates.
 * - Selectorless Services: user-written Endpoints are mirrored into slices.
 * Slices are written only when they differ, so an unchanged Service keeps its slices' resourceVersions.
 */
import type { KObject, OwnerReference } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { createObject, deleteObject } from '../apiserver/objects.js';
import { deepEqual } from './pod-template-hash.js';
import { isPodReady, type Pod } from './kubelet.js';
import { lastChangeTriggerTime, previousSync, recordSync } from './trigger-time-tracker.js';
import {
  cmpString,
  endpointHostname,
  findPort,
  hasSelector,
  inputsUnchanged,
  HEADLESS_LABEL,
  isHeadless,
  isManagedService,
  LAST_CHANGE_TRIGGER_TIME,
  servicesToSync,
  podTargetRef,
  shouldPodBeInEndpoints,
  type EndpointsObject,
  type Service,
} from './endpoints.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const MAX_ENDPOINTS_PER_SLICE = 100;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: { kind: string; namespace?: string; name: string; uid?: string };
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSlice extends KObject {
  addressType: string;
  /** null when empty, as the API returns it. */
  endpoints: SliceEndpoint[] | null;
  ports: SlicePort[] | null;
}

interface Group {
  ports: SlicePort[];
  /** endpoint key → endpoint, in insertion order. */
  eps: Map<string, SliceEndpoint>;
}

function epKey(e: SliceEndpoint): string {
  return `${e.addresses[0] ?? ''}\u0000${e.targetRef?.uid ?? e.targetRef?.name ?? ''}`;
}

function compareEndpoints(a: SliceEndpoint, b: SliceEndpoint): number {
  return cmpString(a.addresses[0] ?? '', b.addresses[0] ?? '') || cmpString(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function portsKey(ports: SlicePort[] | null | undefined): string {
  return JSON.stringify(ports ?? []);
}

const same = deepEqual;

function addressType(ip: string | undefined): string {
  return ip?.includes(':') ? 'IPv6' : 'IPv4';
}

interface SliceTarget {
  namespace: string;
  serviceName: string;
  owner: OwnerReference;
  labels: Record<string, string>;
  /** Annotations besides the trigger time. */
  annotations: Record<string, string>;
  /** The sync's last-change-trigger-time (undefined: cleared), computed only when a slice is written. */
  triggerTime?: () => string | undefined;
  addressType: string;
  placeholder: boolean;
}

function buildSlice(t: SliceTarget, base: EndpointSlice | undefined, ports: SlicePort[], eps: SliceEndpoint[]): EndpointSlice {
  const annotations = { ...t.annotations };
  const trigger = t.triggerTime?.();
  if (trigger) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
  const metadata: KObject['metadata'] = base
    ? { ...base.metadata }
    : { name: '', generateName: `${t.serviceName}-`, namespace: t.namespace, ownerReferences: [t.owner] };
  if (Object.keys(t.labels).length) metadata.labels = { ...t.labels };
  else delete metadata.labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  metadata.ownerReferences = [t.owner];
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType: base?.addressType ?? t.addressType,
    endpoints: eps.length ? [...eps].sort(compareEndpoints) : null,
    ports: ports.length ? ports : null,
  };
}

/** Reconcile a Service's slices of one controller against the desired groups. */
function reconcileSlices(cluster: Cluster, t: SliceTarget, groups: Map<string, Group>, existing: EndpointSlice[]): void {
  const toDelete: EndpointSlice[] = [];
  const plans: { base?: EndpointSlice; group: Group; eps: SliceEndpoint[] }[] = [];
  const remaining = new Map<string, Map<string, SliceEndpoint>>();
  for (const [k, g] of groups) remaining.set(k, new Map(g.eps));
  let total = 0;
  for (const g of groups.values()) total += g.eps.size;

  for (const s of [...existing].sort((a, b) => cmpString(a.metadata.name, b.metadata.name))) {
    if (s.metadata.ownerReferences?.[0]?.uid !== t.owner.uid && !s.metadata.ownerReferences?.some((r) => r.uid === t.owner.uid)) {
      toDelete.push(s);
      continue;
    }
    const key = portsKey(s.ports);
    const g = groups.get(key);
    const rem = remaining.get(key);
    if (!g || !rem) {
      toDelete.push(s);
      continue;
    }
    const kept: SliceEndpoint[] = [];
    for (const e of s.endpoints ?? []) {
      const k = epKey(e);
      const want = rem.get(k);
      if (want && kept.length < MAX_ENDPOINTS_PER_SLICE) {
        kept.push(want);
        rem.delete(k);
      }
    }
    if (kept.length === 0) toDelete.push(s);
    else plans.push({ base: s, group: g, eps: kept });
  }
  for (const [key, g] of groups) {
    const rem = remaining.get(key)!;
    if (rem.size === 0) continue;
    const left = [...rem.values()].sort(compareEndpoints);
    // Fill existing slices with room, fullest first.
    for (const p of plans.filter((x) => x.group === g).sort((a, b) => b.eps.length - a.eps.length)) {
      while (p.eps.length < MAX_ENDPOINTS_PER_SLICE && left.length) p.eps.push(left.shift()!);
    }
    for (let i = 0; i < left.length; i += MAX_ENDPOINTS_PER_SLICE) plans.push({ group: g, eps: left.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  // Nothing to publish: keep (or make) exactly one placeholder slice.
  if (t.placeholder && total === 0 && plans.length === 0) {
    const idx = toDelete.findIndex((s) => !(s.endpoints ?? []).length && !(s.ports ?? []).length && s.metadata.ownerReferences?.some((r) => r.uid === t.owner.uid));
    if (idx >= 0) {
      const [keep] = toDelete.splice(idx, 1);
      plans.push({ base: keep, group: { ports: [], eps: new Map() }, eps: [] });
    } else plans.push({ group: { ports: [], eps: new Map() }, eps: [] });
  }
  // New slices take over the names of slices that would otherwise be deleted.
  for (const p of plans) {
    if (p.base) continue;
    const i = toDelete.findIndex((s) => s.metadata.ownerReferences?.some((r) => r.uid === t.owner.uid));
    if (i >= 0) p.base = toDelete.splice(i, 1)[0];
  }
  for (const p of plans) {
    const desired = buildSlice(t, p.base, p.group.ports, p.eps);
    if (p.base) {
      if (same(p.base.endpoints ?? null, desired.endpoints) && same(p.base.ports ?? null, desired.ports) && same(p.base.metadata.labels ?? {}, desired.metadata.labels ?? {})) continue;
      cluster.put(desired);
    } else {
      createObject(cluster, desired);
    }
  }
  for (const s of toDelete) {
    if (cluster.get('EndpointSlice', s.metadata.namespace, s.metadata.name)) deleteObject(cluster, 'EndpointSlice', s.metadata.namespace, s.metadata.name);
  }
}

function serviceOwner(svc: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function sliceLabels(base: Record<string, string> | undefined, serviceName: string, controller: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(base ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  labels[SERVICE_NAME_LABEL] = serviceName;
  labels[MANAGED_BY_LABEL] = controller;
  return labels;
}

/** The slices of each Service by controller: "controller\0ns/svc" → slices. */
function indexSlices(cluster: Cluster): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of Object.values(cluster.state.objects.EndpointSlice ?? {}) as EndpointSlice[]) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    const by = s.metadata.labels?.[MANAGED_BY_LABEL];
    if (svc === undefined || (by !== CONTROLLER_NAME && by !== MIRRORING_CONTROLLER_NAME)) continue;
    const key = `${by}\u0000${s.metadata.namespace}/${svc}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(s);
  }
  return out;
}

function desiredGroups(svc: Service, pods: Pod[], zones: Map<string, string>): Map<string, Group> {
  const groups = new Map<string, Group>();
  const publishNotReady = !!svc.spec.publishNotReadyAddresses;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: SlicePort[] = [];
    for (const sp of svc.spec.ports ?? []) {
      const n = findPort(pod, sp);
      if (n === undefined) continue;
      const p: SlicePort = { name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const ep: SliceEndpoint = {
      addresses: [pod.status!.podIP!],
      conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    };
    const hostname = endpointHostname(pod, svc);
    if (hostname) ep.hostname = hostname;
    ep.targetRef = podTargetRef(pod);
    if (pod.spec.nodeName) {
      ep.nodeName = pod.spec.nodeName;
      const zone = zones.get(pod.spec.nodeName);
      if (zone) ep.zone = zone;
    }
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, eps: new Map() }));
    g.eps.set(epKey(ep), ep);
  }
  return groups;
}

/** Mirror a selectorless Service's Endpoints into slices. */
function mirrorGroups(ep: EndpointsObject): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const s of ep.subsets ?? []) {
    const ports: SlicePort[] = (s.ports ?? []).map((p) => {
      const sp: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
      if (p.appProtocol) sp.appProtocol = p.appProtocol;
      return sp;
    });
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, eps: new Map() }));
    const add = (a: NonNullable<typeof s.addresses>[number], ready: boolean) => {
      const e: SliceEndpoint = { addresses: [a.ip], conditions: { ready } };
      if (a.hostname) e.hostname = a.hostname;
      if (a.targetRef) e.targetRef = { kind: a.targetRef.kind, namespace: a.targetRef.namespace, name: a.targetRef.name, uid: a.targetRef.uid };
      if (a.nodeName) e.nodeName = a.nodeName;
      g!.eps.set(epKey(e), e);
    };
    for (const a of s.addresses ?? []) add(a, true);
    for (const a of s.notReadyAddresses ?? []) add(a, false);
  }
  return groups;
}

/**
 * The Services of slices written since `since` ("namespace/name"), or 'all' when one was removed:
 * a removed slice no longer says whose it was, so then every Service is looked at.
 */
function slicesChanged(cluster: Cluster, since: number | undefined): string[] | 'all' {
  if (since === undefined) return 'all';
  const out: string[] = [];
  for (const key of cluster.keysChangedSince('EndpointSlice', since)) {
    const slice = cluster.state.objects.EndpointSlice?.[key] as EndpointSlice | undefined;
    if (!slice) return 'all';
    const svcName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svcName) out.push(`${slice.metadata.namespace}/${svcName}`);
  }
  return out;
}

/** `since`: see servicesToSync (a changed slice counts as a change of its Service). */
export function syncEndpointSlices(cluster: Cluster, since?: number): void {
  const services = cluster.state.objects.Service ?? {};
  const slices = indexSlices(cluster);
  const { keys, pods: index } = servicesToSync(cluster, since, slicesChanged(cluster, since));
  const zones = new Map<string, string>();
  for (const n of Object.values(cluster.state.objects.Node ?? {})) {
    const z = n.metadata.labels?.['topology.kubernetes.io/zone'];
    if (z) zones.set(n.metadata.name, z);
  }
  const mirrored = new Set<string>();
  const toSync = keys ? keys.map((k) => services[k]).filter((svc) => svc !== undefined) : Object.values(services);
  const lastRun = previousSync(cluster, 'endpointslice');
  for (const svc of toSync as Service[]) {
    const ns = svc.metadata.namespace ?? 'default';
    const key = `${ns}/${svc.metadata.name}`;
    if (isManagedService(svc)) {
      const pods = index.select(ns, svc.spec.selector!);
      const existing = slices.get(`${CONTROLLER_NAME}\u0000${key}`) ?? [];
      if (existing.length > 0) {
        let oldest = Infinity;
        const listed = new Set<string>();
        for (const s of existing) {
          oldest = Math.min(oldest, Number(s.metadata.resourceVersion) || 0);
          for (const e of s.endpoints ?? []) listed.add(e.targetRef?.uid ?? '');
        }
        const owned = existing.every((s) => s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
        if (owned && (existing.length === 1 || listed.size > 0) && inputsUnchanged(oldest, svc, pods, (p) => shouldPodBeInEndpoints(p, true), listed)) continue;
      }
      const groups = desiredGroups(svc, pods, zones);
      const labels = sliceLabels(svc.metadata.labels, svc.metadata.name, CONTROLLER_NAME);
      if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
      const triggerTime = () => {
        const listed = existing.length > 0 ? new Set(existing.flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef?.name ?? ''))) : undefined;
        return lastChangeTriggerTime(svc, pods, lastRun, listed, (p) => shouldPodBeInEndpoints(p, true));
      };
      reconcileSlices(cluster, { namespace: ns, serviceName: svc.metadata.name, owner: serviceOwner(svc), labels, annotations: {}, triggerTime, addressType: 'IPv4', placeholder: true }, groups, existing);
    } else if (!hasSelector(svc) && !(ns === 'default' && svc.metadata.name === 'kubernetes')) {
      const ep = cluster.get<EndpointsObject>('Endpoints', ns, svc.metadata.name);
      if (!ep || ep.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') continue;
      mirrored.add(key);
      const annotations: Record<string, string> = { ...(ep.metadata.annotations ?? {}) };
      delete annotations[LAST_APPLIED];
      delete annotations[LAST_CHANGE_TRIGGER_TIME];
      const owner: OwnerReference = { apiVersion: 'v1', kind: 'Endpoints', name: ep.metadata.name, uid: ep.metadata.uid!, controller: true, blockOwnerDeletion: true };
      const existing = slices.get(`${MIRRORING_CONTROLLER_NAME}\u0000${key}`) ?? [];
      const firstIP = ep.subsets?.[0]?.addresses?.[0]?.ip ?? ep.subsets?.[0]?.notReadyAddresses?.[0]?.ip;
      const target: SliceTarget = {
        namespace: ns,
        serviceName: svc.metadata.name,
        owner,
        labels: sliceLabels(ep.metadata.labels, svc.metadata.name, MIRRORING_CONTROLLER_NAME),
        annotations,
        addressType: addressType(firstIP),
        placeholder: false,
      };
      reconcileSlices(cluster, target, mirrorGroups(ep), existing);
    }
  }
  // Mirrored slices whose Service gained a selector or went away.
  const looked = keys && new Set(keys);
  for (const [key, list] of slices) {
    const [by, nsName] = key.split('\u0000');
    if (by !== MIRRORING_CONTROLLER_NAME || mirrored.has(nsName) || (looked && !looked.has(nsName))) continue;
    for (const s of list) if (cluster.get('EndpointSlice', s.metadata.namespace, s.metadata.name)) deleteObject(cluster, 'EndpointSlice', s.metadata.namespace, s.metadata.name);
  }
  recordSync(cluster, 'endpointslice');
}
