/**
 * The simulated load-balancer provider: MetalLB (v0.14, layer2 mode, one IPAddressPool with
 * auto-assign) as a minikube or kind user installs it, switched on by the cluster's
 * `loadBalancerPool` (`cluster create|set --load-balancer-pool CIDR`).
 *
 * Why MetalLB and not the cloud service-controller: kubesim's clusters are shaped like minikube
 * and kind, which run no cloud controller. On them a LoadBalancer Service gets an address only
 * when a bare-metal provider is installed, and MetalLB is the one their documentation points at
 * (kind's LoadBalancer guide and `minikube addons enable metallb`). So with a pool the events a
 * user sees are MetalLB's, and the service-controller's (`Type`, `EnsuringLoadBalancer`,
 * `EnsuredLoadBalancer`, `DeletingLoadBalancer`, …) never appear: they come from the cloud
 * controller manager, which these clusters do not run. Without a pool nothing happens at all:
 * no events, EXTERNAL-IP stays `<pending>` (kubectl-more §4.3, k8s-cluster §4.3).
 *
 * Behaviour modelled (facts about MetalLB, written here in kubesim's own terms):
 * - Which Services: type LoadBalancer without `spec.loadBalancerClass` (a Service that names a
 *   class belongs to another implementation and is left alone).
 * - Addresses: every address of the CIDR is usable, network and broadcast included (MetalLB
 *   hands out 172.18.255.200 from 172.18.255.200/29); an automatic pick takes the lowest free
 *   address. `spec.loadBalancerIP` is honoured when it is in the pool and free. An address once
 *   assigned stays with its Service across reconciles; it is released when the Service is
 *   deleted, stops being a LoadBalancer (the apiserver clears the status then), asks for another
 *   `loadBalancerIP`, or falls outside the pool after `cluster set` changes it. Turning the pool
 *   off clears every ingress it gave out.
 * - Status: `status.loadBalancer.ingress: [{ip, ipMode: VIP}]` — MetalLB writes only the ip; a
 *   v1.32 apiserver defaults ipMode to VIP (LoadBalancerIPMode is on by default since v1.30).
 * - Events on the Service (as `kubectl describe svc` / `get events` show them):
 *   - `Normal IPAllocated` `Assigned IP ["172.18.255.200"]` from `metallb-controller` when an
 *     address is assigned (Go's %q of a slice of IPs, hence the brackets);
 *   - `Warning AllocationFailed` `Failed to allocate IP for "default/web": <reason>` from
 *     `metallb-controller`, reason `no available IPs` (pool full),
 *     `["10.0.0.1"] is not allowed in config` (loadBalancerIP outside the pool) or
 *     `can't change sharing key for "default/web", address also in use by default/other`
 *     (loadBalancerIP held by another Service). MetalLB records it on every sync of the Service;
 *     kubesim records it once per version of the Service (an update that still fails counts it up),
 *     so a reconcile pass that changes nothing records nothing;
 *   - `Normal nodeAssigned` `announcing from node "kubesim-m02" with protocol "layer2"` from
 *     `metallb-speaker` when a node starts announcing the address. In layer2 mode one node
 *     answers ARP for the address: among the candidate nodes, the one whose
 *     sha256(`<node>#<ip>`) sorts lowest. Candidates are the nodes not labelled
 *     `node.kubernetes.io/exclude-from-external-load-balancers` (so never a kubeadm/minikube
 *     control-plane node) and, with `externalTrafficPolicy: Local`, only those with a ready
 *     endpoint of the Service. Nothing is announced while the Service has no ready endpoint.
 *     The event is recorded when an address is (re)assigned and when the announcing node changes
 *     (MetalLB also repeats it on every speaker resync, which kubesim does not simulate).
 *   - Releases write no event: MetalLB only logs them.
 */
import { createHash } from 'node:crypto';
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { formatIPv4, parseIPv4, parseIPv4CIDR, type IPv4CIDR } from '../validation/ip.js';
import { findEvent, recordEvent, type EventObject, type EventSpec } from './events.js';
import { SERVICE_NAME_LABEL, type EndpointSlice } from './endpointslices.js';

export const METALLB_CONTROLLER = 'metallb-controller';
export const METALLB_SPEAKER = 'metallb-speaker';
export const EXCLUDE_FROM_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
export const LAYER2 = 'layer2';

interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
}

interface LBService extends KObject {
  spec?: {
    type?: string;
    loadBalancerIP?: string;
    loadBalancerClass?: string;
    externalTrafficPolicy?: string;
    [key: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] }; [key: string]: unknown };
}

function keyOf(svc: KObject): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
}

/** Go's %q of a []net.IP: `["1.2.3.4"]`. */
function quoteIPs(ips: string[]): string {
  return `[${ips.map((ip) => JSON.stringify(ip)).join(' ')}]`;
}

function ingressIPs(svc: LBService): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

/** Whether MetalLB (with no loadBalancerClass configured) manages this Service. */
export function isManagedLoadBalancer(svc: LBService): boolean {
  const cls = svc.spec?.loadBalancerClass;
  return svc.spec?.type === 'LoadBalancer' && (cls === undefined || cls === null || cls === '');
}

function inPool(pool: IPv4CIDR, ip: string): boolean {
  const n = parseIPv4(ip);
  return n !== undefined && n >= pool.network && n < pool.network + pool.size;
}

/** Write `ingress` (or clear it) into the Service's status, as the controller's status update. */
function writeIngress(cluster: Cluster, svc: LBService, ip: string | undefined): LBService {
  const updated = structuredClone(svc);
  const status = (updated.status ??= {});
  status.loadBalancer = ip === undefined ? {} : { ingress: [{ ip, ipMode: 'VIP' }] };
  cluster.put(updated);
  // A new or withdrawn address is a new announcement for the speakers.
  announcedFor(cluster).delete(svc.metadata.uid ?? keyOf(svc));
  return updated;
}

type Allocation = { ok: true; ip: string } | { ok: false; error: string };

function allocate(pool: IPv4CIDR, svc: LBService, owners: Map<string, string>): Allocation {
  const key = keyOf(svc);
  const wanted = svc.spec?.loadBalancerIP;
  if (wanted) {
    if (!inPool(pool, wanted)) return { ok: false, error: `${quoteIPs([wanted])} is not allowed in config` };
    const normal = formatIPv4(parseIPv4(wanted)!);
    const owner = owners.get(normal);
    if (owner !== undefined && owner !== key) return { ok: false, error: `can't change sharing key for ${JSON.stringify(key)}, address also in use by ${owner}` };
    return { ok: true, ip: normal };
  }
  for (let i = 0; i < pool.size; i++) {
    const ip = formatIPv4(pool.network + i);
    if (!owners.has(ip)) return { ok: true, ip };
  }
  return { ok: false, error: 'no available IPs' };
}

function recordAllocationFailure(cluster: Cluster, svc: LBService, error: string): void {
  const spec: EventSpec = { type: 'Warning', reason: 'AllocationFailed', message: `Failed to allocate IP for ${JSON.stringify(keyOf(svc))}: ${error}`, component: METALLB_CONTROLLER };
  const seen = findEvent(cluster, svc, spec);
  // Once per version of the Service: a pass over an unchanged Service must change nothing.
  if (seen && seen.involvedObject.resourceVersion === svc.metadata.resourceVersion) return;
  recordEvent(cluster, svc, spec);
}

/** The controller half: give every managed LoadBalancer Service an address from the pool, or none. */
function syncAddresses(cluster: Cluster, pool: IPv4CIDR | undefined): void {
  if (!pool) {
    // The common case (no provider): only clear what a former pool gave out; no sorting needed.
    for (const svc of Object.values(cluster.state.objects.Service ?? {}) as LBService[]) {
      const held = (svc.status?.loadBalancer?.ingress ?? []).length > 0;
      if (held && (isManagedLoadBalancer(svc) || svc.spec?.type !== 'LoadBalancer')) writeIngress(cluster, svc, undefined);
    }
    return;
  }
  const services = cluster.list<LBService>('Service');
  // Phase 1: keep what is validly held (stable across reconciles), release what is not.
  const owners = new Map<string, string>();
  const pending: LBService[] = [];
  for (const svc of services) {
    const ips = ingressIPs(svc);
    if (!isManagedLoadBalancer(svc)) {
      // The apiserver clears the status on a type change; a leftover from an older state is cleared here.
      if (svc.spec?.type !== 'LoadBalancer' && ips.length > 0) writeIngress(cluster, svc, undefined);
      continue;
    }
    const ip = ips.length === 1 ? ips[0] : undefined;
    const wanted = svc.spec?.loadBalancerIP;
    const keep =
      ip !== undefined &&
      inPool(pool, ip) &&
      !owners.has(ip) &&
      (!wanted || parseIPv4(wanted) === parseIPv4(ip));
    if (keep) {
      owners.set(ip, keyOf(svc));
      continue;
    }
    pending.push((svc.status?.loadBalancer?.ingress ?? []).length > 0 ? writeIngress(cluster, svc, undefined) : svc);
  }
  // Phase 2: allocate for the rest, in list order (namespace, then name).
  for (const svc of pending) {
    const r = allocate(pool, svc, owners);
    if (!r.ok) {
      recordAllocationFailure(cluster, svc, r.error);
      continue;
    }
    owners.set(r.ip, keyOf(svc));
    recordEvent(cluster, svc, { type: 'Normal', reason: 'IPAllocated', message: `Assigned IP ${quoteIPs([r.ip])}`, component: METALLB_CONTROLLER });
    writeIngress(cluster, svc, r.ip);
  }
}

function isReadyEndpoint(ready: boolean | undefined): boolean {
  return ready === undefined || ready === null || ready === true;
}

/** The node whose speaker announces `ip` in layer2 mode, or undefined when none does. */
export function announcingNode(candidates: string[], ip: string): string | undefined {
  let best: { node: string; hash: Buffer } | undefined;
  for (const node of candidates) {
    const hash = createHash('sha256').update(`${node}#${ip}`).digest();
    if (!best || Buffer.compare(hash, best.hash) < 0) best = { node, hash };
  }
  return best?.node;
}

function nodeAssignedMessage(node: string): string {
  return `announcing from node ${JSON.stringify(node)} with protocol ${JSON.stringify(LAYER2)}`;
}

/**
 * Service uid → the message of the last nodeAssigned event: read once from the stored events
 * (the latest per Service), then kept up to date in memory, so that a node that changes and
 * changes back within one frozen second cannot make the controllers loop.
 */
const announcements = new WeakMap<Cluster, Map<string, string>>();

function announcedFor(cluster: Cluster): Map<string, string> {
  let map = announcements.get(cluster);
  if (map) return map;
  map = new Map();
  const latest = new Map<string, EventObject>();
  for (const ev of cluster.list<EventObject>('Event')) {
    if (ev.reason !== 'nodeAssigned' || ev.source?.component !== METALLB_SPEAKER || !ev.involvedObject?.uid) continue;
    const prev = latest.get(ev.involvedObject.uid);
    const t = ev.lastTimestamp ?? '';
    const pt = prev?.lastTimestamp ?? '';
    if (!prev || t > pt || (t === pt && ev.metadata.name > prev.metadata.name)) latest.set(ev.involvedObject.uid, ev);
  }
  for (const [uid, ev] of latest) map.set(uid, ev.message);
  announcements.set(cluster, map);
  return map;
}

/** The speaker half: record which node announces each assigned address. */
function syncAnnouncements(cluster: Cluster): void {
  const services = cluster.list<LBService>('Service').filter((s) => isManagedLoadBalancer(s) && ingressIPs(s).length > 0);
  if (services.length === 0) return;
  const nodes = cluster.list('Node').filter((n) => !(EXCLUDE_FROM_LB_LABEL in (n.metadata.labels ?? {})));
  const nodeNames = nodes.map((n) => n.metadata.name);

  const announced = announcedFor(cluster);
  const slices = cluster.list<EndpointSlice>('EndpointSlice');
  for (const svc of services) {
    const ns = svc.metadata.namespace;
    const readyNodes = new Set<string>();
    let anyReady = false;
    for (const slice of slices) {
      if (slice.metadata.namespace !== ns || slice.metadata.labels?.[SERVICE_NAME_LABEL] !== svc.metadata.name) continue;
      for (const ep of slice.endpoints ?? []) {
        if (!isReadyEndpoint(ep.conditions?.ready)) continue;
        anyReady = true;
        if (ep.nodeName) readyNodes.add(ep.nodeName);
      }
    }
    if (!anyReady) continue;
    const local = svc.spec?.externalTrafficPolicy === 'Local';
    const candidates = local ? nodeNames.filter((n) => readyNodes.has(n)) : nodeNames;
    const node = announcingNode(candidates, ingressIPs(svc)[0]);
    if (node === undefined) continue;
    const message = nodeAssignedMessage(node);
    const uid = svc.metadata.uid ?? keyOf(svc);
    if (announced.get(uid) === message) continue;
    announced.set(uid, message);
    recordEvent(cluster, svc, { type: 'Normal', reason: 'nodeAssigned', message, component: METALLB_SPEAKER });
  }
}

/**
 * One pass of the provider: addresses first (MetalLB's controller), then announcements (its
 * speakers). With no pool configured it only clears addresses a former pool gave out.
 */
export function syncLoadBalancers(cluster: Cluster): void {
  const cidr = cluster.spec.loadBalancerPool;
  const pool = cidr ? parseIPv4CIDR(cidr) : undefined;
  syncAddresses(cluster, pool);
  if (pool) syncAnnouncements(cluster);
}
