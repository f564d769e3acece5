/**
 * kube-proxy in iptables mode, as data: the nat, filter and mangle tables of every node, built
 * from Services and EndpointSlices the way kube-proxy's syncProxyRules writes them (v1.32,
 * detect-local-mode ClusterCIDR, localhost NodePorts on, nodePortAddresses unset).
 *
 * A rule is a plain record — addresses, protocol, ordered `-m` matches, a target, plus kubesim's
 * own notes (which service port it serves, why it rejects or drops) — so the very same rules are
 * printed by iptables-save.ts and walked by connect.ts. Tables are built lazily per node and
 * memoized on the state's resourceVersion: a connect is a walk, not a rebuild.
 *
 * Per service port (kube-proxy's CategorizeEndpoints): usable endpoints are the ready ones (a nil
 * `ready` counts as ready), falling back to serving+terminating ones when none is ready; Local
 * policies use this node's endpoints with the same fallback applied separately.
 */
import type { KObject } from '../../api/resources.js';
import type { Cluster, ClusterState } from '../../store/cluster-state.js';
import type { EndpointSlice } from '../../controllers/endpointslices.js';
import { PodIndex, findPort, type Service, type ServicePort as SpecPort } from '../../controllers/endpoints.js';
import { isPodReady, isPodTerminal, nodeInternalIP, type NodeObject, type Pod } from '../../controllers/kubelet.js';
import { extChain, fwChain, sepChain, servicePortName, svcChain, svlChain } from './hashes.js';

// ---------------------------------------------------------------------------------------------
// IPv4 addresses

/** a.b.c.d → unsigned 32-bit integer; NaN when not a dotted quad. */
export function ipToU32(ip: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const ch = ip.charCodeAt(i);
    if (ch === 46) {
      if (digits === 0 || dots === 3) return NaN;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (ch >= 48 && ch <= 57) {
      part = part * 10 + (ch - 48);
      if (++digits > 3 || part > 255) return NaN;
    } else return NaN;
  }
  if (dots !== 3 || digits === 0) return NaN;
  return n * 256 + part;
}

export function u32ToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface Cidr {
  /** Canonical text as iptables-save prints it: `10.244.0.0/16`, `10.96.0.1/32`. */
  text: string;
  net: number;
  mask: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, lenText] = s.trim().split('/');
  const ip = ipToU32(addr);
  const len = lenText === undefined ? 32 : Number(lenText);
  if (Number.isNaN(ip) || !Number.isInteger(len) || len < 0 || len > 32) return undefined;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const net = (ip & mask) >>> 0;
  return { text: `${u32ToIp(net)}/${len}`, net, mask };
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ((ip & c.mask) >>> 0) === c.net;
}

// ---------------------------------------------------------------------------------------------
// Rules as data

export type TableName = 'nat' | 'filter' | 'mangle';
export type Proto = 'tcp' | 'udp' | 'sctp';

export interface AddrMatch extends Cidr {
  negate: boolean;
}

export type Match =
  | { m: 'comment'; comment: string }
  /** `-m tcp [--dport N]` (the protocol's own match module). */
  | { m: 'proto'; proto: Proto; dport?: number }
  | { m: 'addrtype'; srcType?: 'LOCAL'; dstType?: 'LOCAL' }
  /** `--probability` as kube-proxy writes it (`%0.10f`) and the kernel's 31-bit threshold. */
  | { m: 'statistic'; written: string; threshold: number }
  | { m: 'recent'; mode: 'rcheck' | 'set'; name: string; seconds?: number; reap?: boolean }
  | { m: 'conntrack'; ctstate: string; negate: boolean }
  | { m: 'mark'; value: number; mask: number; negate: boolean };

export type Target =
  | { t: 'jump'; chain: string }
  | { t: 'DNAT'; ip: string; ipU32: number; port: number }
  | { t: 'REJECT' }
  | { t: 'DROP' }
  | { t: 'ACCEPT' }
  | { t: 'RETURN' }
  /** `MARK --set-xmark value/mask`: mark = (mark & ~mask) ^ value. */
  | { t: 'MARK'; value: number; mask: number }
  | { t: 'MASQUERADE'; randomFully: boolean }
  /** A rule without `-j` (kube-proxy's KUBE-FW "other traffic … will be dropped" marker). */
  | { t: 'none' };

export interface Rule {
  chain: string;
  src?: AddrMatch;
  dst?: AddrMatch;
  proto?: Proto;
  matches: Match[];
  target: Target;
  /** kubesim's: the service port this rule belongs to. */
  svc?: ServicePortInfo;
  /** kubesim's: the endpoint a DNAT (or a jump to a SEP chain) leads to. */
  endpoint?: EndpointInfo;
  /** kubesim's: why a REJECT/DROP rule exists, for traces. */
  why?: string;
  /** The rendered `-A …` line, filled in on first use. */
  text?: string;
  /** The chain a jump leads to, resolved by the walker on first use. */
  next?: Chain;
}

export interface Chain {
  name: string;
  builtin: boolean;
  rules: Rule[];
  /** Candidate rules per (destination, protocol, port), built on demand by the walker. */
  index?: Map<number, Rule[]>;
}

export interface TableRules {
  name: TableName;
  chains: Map<string, Chain>;
  /** Built-in chains in hook order. */
  builtins: string[];
  /** The order in which chains' rules are printed (and the declaration list, sorted, is derived from `chains`). */
  ruleOrder: string[];
}

// ---------------------------------------------------------------------------------------------
// The network as kube-proxy and the router see it

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "IP:port" */
  key: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** KUBE-SEP-<h> */
  chain: string;
  targetRef?: { kind: string; namespace?: string; name: string };
}

export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** Service port name ('' when unnamed). */
  portName: string;
  /** `<ns>/<svc>:<port>` or `<ns>/<svc>` */
  spn: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  proto: Proto;
  port: number;
  targetPort: number | string;
  nodePort: number;
  healthCheckNodePort: number;
  clusterIP: string;
  externalIPs: string[];
  lbIPs: string[];
  sourceRanges: Cidr[];
  affinitySeconds: number;
  internalLocal: boolean;
  externalLocal: boolean;
  externallyAccessible: boolean;
  /** All endpoints kube-proxy knows for this port, sorted by "IP:port" string. */
  endpoints: EndpointInfo[];
  svcChain: string;
  svlChain: string;
  extChain: string;
  fwChain: string;
  service: Service;
  /** Why there is no usable endpoint anywhere (only when there is none). */
  noEndpointsWhy?: string;
}

export interface NodeInfo {
  name: string;
  ip: string;
  ipU32: number;
  podCIDR?: Cidr;
  /** `.1` of the node's pod CIDR: the pod bridge's gateway, a local address of the node. */
  gateway?: string;
  gatewayU32: number;
  controlPlane: boolean;
  object: NodeObject;
}

export interface NodeTables {
  node: NodeInfo;
  nat: TableRules;
  filter: TableRules;
  mangle: TableRules;
}

export interface NetworkModel {
  resourceVersion: number;
  clusterCIDR: Cidr;
  serviceCIDR?: Cidr;
  nodes: NodeInfo[];
  nodeByName: Map<string, NodeInfo>;
  nodeByIP: Map<number, NodeInfo>;
  /** Pods with their own IP (not hostNetwork), keyed by IP; a running pod wins over a finished one. */
  podByIP: Map<number, Pod>;
  hostNetworkPods: Map<string, Pod[]>;
  /** Every service port kube-proxy handles, sorted by service port name then protocol. */
  servicePorts: ServicePortInfo[];
  /** Services (any type, incl. headless/ExternalName) by clusterIP, externalIP and LB IP. */
  servicesByIP: Map<number, Service[]>;
  /** The nodes' network (the /24 of the first node's IP) and the outside client's address on it (its .1). */
  nodeSubnet?: Cidr;
  outsideIP: string;
  /** Node-local TCP listeners of kube-proxy's health checks (healthCheckNodePort). */
  healthCheckPorts: Set<number>;
  tables: Map<string, NodeTables>;
}

const MASQ_MARK = 0x4000;
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
export const KUBELET_CANARY = 'KUBE-KUBELET-CANARY';
const SERVICE_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';

function protoOf(p: string | undefined): { protocol: 'TCP' | 'UDP' | 'SCTP'; proto: Proto } {
  const protocol = p === 'UDP' || p === 'SCTP' ? p : 'TCP';
  return { protocol, proto: protocol.toLowerCase() as Proto };
}

function isIPv4(s: string | undefined): s is string {
  return !!s && !Number.isNaN(ipToU32(s));
}

/** kube-proxy's probability text for the i-th of n rules (`%0.10f` of 1/(n-i)) and the kernel's threshold. */
export function statisticFor(remaining: number): { written: string; threshold: number } {
  const written = (1 / remaining).toFixed(10);
  return { written, threshold: Math.round(Number(written) * 0x80000000) };
}

function selectorText(sel: Record<string, string>): string {
  return Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',');
}

function explainNoEndpoints(index: PodIndex, svc: Service, sp: SpecPort, info: ServicePortInfo): string {
  const ns = info.namespace;
  const portLabel = info.portName ? `port ${info.portName} (${info.port}/${info.protocol})` : `port ${info.port}/${info.protocol}`;
  const sel = svc.spec.selector;
  if (!sel || Object.keys(sel).length === 0) {
    if (info.endpoints.length === 0) return `no endpoints: service ${ns}/${info.name} has no selector and no EndpointSlice lists an endpoint for ${portLabel}`;
    return `no endpoints: none of the endpoints listed for ${portLabel} of service ${ns}/${info.name} (no selector) is ready`;
  }
  const text = selectorText(sel);
  const pods = index.select(ns, sel).filter((p) => !isPodTerminal(p));
  if (pods.length === 0) return `no endpoints: selector ${text} matches no pods in namespace ${ns}`;
  const n = `${pods.length} pod${pods.length === 1 ? '' : 's'} match${pods.length === 1 ? 'es' : ''} selector ${text}`;
  const withPort = pods.filter((p) => findPort(p, sp) !== undefined);
  if (withPort.length === 0) return `no endpoints: ${n} but none has a container port named "${String(sp.targetPort)}" (${info.protocol})`;
  const withIP = withPort.filter((p) => p.status?.podIP);
  if (withIP.length === 0) return `no endpoints: ${n} but none has an IP yet`;
  if (!withIP.some((p) => isPodReady(p))) return `no endpoints: ${n} but none is ready`;
  return `no endpoints: no ready endpoint for ${info.spn}`;
}

function collectEndpoints(slices: EndpointSlice[], portName: string, protocol: string, spn: string): EndpointInfo[] {
  const byKey = new Map<string, EndpointInfo>();
  for (const s of slices) {
    if (s.addressType && s.addressType !== 'IPv4') continue;
    for (const p of s.ports ?? []) {
      if ((p.name ?? '') !== portName || (p.protocol ?? 'TCP') !== protocol || !p.port) continue;
      for (const e of s.endpoints ?? []) {
        const ip = e.addresses?.[0];
        if (!isIPv4(ip)) continue;
        const key = `${ip}:${p.port}`;
        if (byKey.has(key)) continue;
        const c = e.conditions ?? {};
        const ready = c.ready === undefined || c.ready === null || c.ready;
        const serving = c.serving === undefined || c.serving === null ? ready : c.serving;
        const info: EndpointInfo = {
          ip,
          port: p.port,
          key,
          ready: !!ready,
          serving: !!serving,
          terminating: !!c.terminating,
          chain: sepChain(spn, protocol, key),
        };
        if (e.nodeName) info.nodeName = e.nodeName;
        if (e.targetRef) info.targetRef = { kind: e.targetRef.kind, namespace: e.targetRef.namespace, name: e.targetRef.name };
        byKey.set(key, info);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function buildServicePorts(cluster: Cluster): ServicePortInfo[] {
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const key of Object.keys(cluster.state.objects.EndpointSlice ?? {}).sort()) {
    const s = cluster.state.objects.EndpointSlice[key] as EndpointSlice;
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const k = `${s.metadata.namespace}/${svc}`;
    let list = slicesBySvc.get(k);
    if (!list) slicesBySvc.set(k, (list = []));
    list.push(s);
  }
  let podIndex: PodIndex | undefined;
  const out: ServicePortInfo[] = [];
  for (const svc of cluster.list<Service>('Service')) {
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') continue;
    if (svc.metadata.labels?.[SERVICE_PROXY_NAME] !== undefined) continue;
    const clusterIP = spec.clusterIP;
    if (!isIPv4(clusterIP)) continue; // headless ("None"), unset, or IPv6
    const ns = svc.metadata.namespace ?? 'default';
    const slices = slicesBySvc.get(`${ns}/${svc.metadata.name}`) ?? [];
    const externalIPs = ((spec.externalIPs as string[] | undefined) ?? []).filter(isIPv4);
    const status = (svc as KObject).status as { loadBalancer?: { ingress?: { ip?: string; ipMode?: string }[] } } | undefined;
    const lbIPs =
      spec.type === 'LoadBalancer'
        ? (status?.loadBalancer?.ingress ?? []).filter((i) => isIPv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip!)
        : [];
    const sourceRanges = ((spec.loadBalancerSourceRanges as string[] | undefined) ?? []).map(parseCidr).filter((c): c is Cidr => !!c);
    const affinity = spec.sessionAffinity === 'ClientIP';
    const timeout = (spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: number } } | undefined)?.clientIP?.timeoutSeconds ?? 10800;
    for (const sp of (spec.ports ?? []) as SpecPort[]) {
      const { protocol, proto } = protoOf(sp.protocol);
      const portName = sp.name ?? '';
      const spn = servicePortName(ns, svc.metadata.name, portName);
      const nodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? sp.nodePort ?? 0 : 0;
      const externallyAccessible = nodePort !== 0 || lbIPs.length > 0 || externalIPs.length > 0;
      const typeExternal = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || externalIPs.length > 0;
      const info: ServicePortInfo = {
        namespace: ns,
        name: svc.metadata.name,
        portName,
        spn,
        protocol,
        proto,
        port: sp.port,
        targetPort: sp.targetPort ?? sp.port,
        nodePort,
        healthCheckNodePort: spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' ? Number(spec.healthCheckNodePort ?? 0) : 0,
        clusterIP: clusterIP,
        externalIPs,
        lbIPs,
        sourceRanges,
        affinitySeconds: affinity ? timeout : 0,
        internalLocal: spec.internalTrafficPolicy === 'Local',
        externalLocal: typeExternal && spec.externalTrafficPolicy === 'Local',
        externallyAccessible,
        endpoints: collectEndpoints(slices, portName, protocol, spn),
        svcChain: svcChain(spn, protocol),
        svlChain: svlChain(spn, protocol),
        extChain: extChain(spn, protocol),
        fwChain: fwChain(spn, protocol),
        service: svc,
      };
      if (!info.endpoints.some((e) => e.ready || (e.serving && e.terminating))) {
        podIndex ??= PodIndex.of(cluster);
        info.noEndpointsWhy = explainNoEndpoints(podIndex, svc, sp, info);
      }
      out.push(info);
    }
  }
  return out.sort((a, b) => (a.spn < b.spn ? -1 : a.spn > b.spn ? 1 : a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : 0));
}

function nodeInfos(cluster: Cluster): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (const n of cluster.list<NodeObject>('Node')) {
    const ip = nodeInternalIP(n);
    if (!isIPv4(ip)) continue;
    const podCIDR = n.spec?.podCIDR ? parseCidr(n.spec.podCIDR) : undefined;
    const gatewayU32 = podCIDR ? podCIDR.net + 1 : NaN;
    out.push({
      name: n.metadata.name,
      ip,
      ipU32: ipToU32(ip),
      podCIDR,
      gateway: podCIDR ? u32ToIp(gatewayU32) : undefined,
      gatewayU32,
      controlPlane: n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined,
      object: n,
    });
  }
  return out;
}

const models = new WeakMap<ClusterState, NetworkModel>();

/** The network model of the cluster's current state (memoized until the resourceVersion moves). */
export function networkModel(cluster: Cluster): NetworkModel {
  const cached = models.get(cluster.state);
  if (cached && cached.resourceVersion === cluster.state.resourceVersion) return cached;
  const nodes = nodeInfos(cluster);
  const podByIP = new Map<number, Pod>();
  const hostNetworkPods = new Map<string, Pod[]>();
  for (const p of cluster.list<Pod>('Pod')) {
    if (p.spec.hostNetwork) {
      if (p.spec.nodeName && !isPodTerminal(p)) {
        let list = hostNetworkPods.get(p.spec.nodeName);
        if (!list) hostNetworkPods.set(p.spec.nodeName, (list = []));
        list.push(p);
      }
      continue;
    }
    const ip = p.status?.podIP;
    if (!isIPv4(ip)) continue;
    const n = ipToU32(ip);
    const prev = podByIP.get(n);
    if (!prev || (isPodTerminal(prev) && !isPodTerminal(p))) podByIP.set(n, p);
  }
  const servicesByIP = new Map<number, Service[]>();
  const addVip = (ip: string | undefined, svc: Service) => {
    if (!isIPv4(ip)) return;
    const n = ipToU32(ip);
    let list = servicesByIP.get(n);
    if (!list) servicesByIP.set(n, (list = []));
    if (!list.includes(svc)) list.push(svc);
  };
  for (const svc of cluster.list<Service>('Service')) {
    addVip(svc.spec?.clusterIP, svc);
    for (const ip of (svc.spec?.externalIPs as string[] | undefined) ?? []) addVip(ip, svc);
    const ingress = ((svc as KObject).status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [];
    for (const i of ingress) addVip(i.ip, svc);
  }
  const servicePorts = buildServicePorts(cluster);
  const healthCheckPorts = new Set<number>();
  for (const sp of servicePorts) if (sp.healthCheckNodePort) healthCheckPorts.add(sp.healthCheckNodePort);
  const nodeSubnet = nodes[0] ? parseCidr(`${nodes[0].ip}/24`) : undefined;
  const model: NetworkModel = {
    resourceVersion: cluster.state.resourceVersion,
    nodeSubnet,
    outsideIP: nodeSubnet ? u32ToIp(nodeSubnet.net + 1) : '192.168.49.1',
    clusterCIDR: parseCidr(cluster.spec.podCIDR) ?? parseCidr('10.244.0.0/16')!,
    serviceCIDR: parseCidr(cluster.spec.serviceCIDR),
    nodes,
    nodeByName: new Map(nodes.map((n) => [n.name, n])),
    nodeByIP: new Map(nodes.map((n) => [n.ipU32, n])),
    podByIP,
    hostNetworkPods,
    servicePorts,
    servicesByIP,
    healthCheckPorts,
    tables: new Map(),
  };
  models.set(cluster.state, model);
  return model;
}

/** The tables of one node (undefined for an unknown node). */
export function nodeTables(cluster: Cluster, nodeName: string): NodeTables | undefined {
  const model = networkModel(cluster);
  let t = model.tables.get(nodeName);
  if (t) return t;
  const node = model.nodeByName.get(nodeName);
  if (!node) return undefined;
  t = buildNodeTables(model, node);
  model.tables.set(nodeName, t);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Building

function addr(cidr: string, negate = false): AddrMatch {
  return { ...parseCidr(cidr)!, negate };
}

const comment = (c: string): Match => ({ m: 'comment', comment: c });

class TableBuilder {
  readonly chains = new Map<string, Chain>();
  readonly builtins: string[];
  private readonly top: string[] = [];

  constructor(
    readonly name: TableName,
    builtins: string[],
  ) {
    this.builtins = builtins;
    for (const b of builtins) this.chains.set(b, { name: b, builtin: true, rules: [] });
  }

  /** Declare a chain (idempotent). `top` chains print their rules right after the built-ins. */
  chain(name: string, top = false): Chain {
    let c = this.chains.get(name);
    if (!c) {
      this.chains.set(name, (c = { name, builtin: false, rules: [] }));
      if (top) this.top.push(name);
    }
    return c;
  }

  add(rule: Rule): void {
    this.chain(rule.chain).rules.push(rule);
  }

  done(): TableRules {
    const rest = [...this.chains.keys()].filter((c) => !this.builtins.includes(c) && !this.top.includes(c)).sort();
    return { name: this.name, chains: this.chains, builtins: this.builtins, ruleOrder: [...this.builtins, ...this.top, ...rest] };
  }
}

/** CategorizeEndpoints for one node. */
function categorize(sp: ServicePortInfo, nodeName: string) {
  const usesCluster = !sp.internalLocal || sp.externallyAccessible;
  const usesLocal = sp.internalLocal || (sp.externalLocal && sp.externallyAccessible);
  let cluster: EndpointInfo[] = [];
  let local: EndpointInfo[] = [];
  let hasAny = false;
  if (usesCluster) {
    cluster = sp.endpoints.filter((e) => e.ready);
    if (cluster.length === 0) cluster = sp.endpoints.filter((e) => e.serving && e.terminating);
    if (cluster.length > 0) hasAny = true;
  }
  if (!usesLocal) return { cluster, local, reachable: cluster, hasAny, usesCluster, usesLocal };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of sp.endpoints) {
    if (e.ready) {
      hasAny = true;
      if (e.nodeName === nodeName) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAny = true;
      if (e.nodeName === nodeName) localServingTerminating = true;
    }
  }
  if (localReady) local = sp.endpoints.filter((e) => e.nodeName === nodeName && e.ready);
  else if (localServingTerminating) local = sp.endpoints.filter((e) => e.nodeName === nodeName && e.serving && e.terminating);
  if (!usesCluster) return { cluster, local, reachable: local, hasAny, usesCluster, usesLocal };
  const merged = new Map<string, EndpointInfo>();
  for (const e of cluster) merged.set(e.key, e);
  for (const e of local) merged.set(e.key, e);
  const reachable = [...merged.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { cluster, local, reachable, hasAny, usesCluster, usesLocal };
}

function endpointNodes(sp: ServicePortInfo): string {
  const names = [...new Set(sp.endpoints.filter((e) => e.ready || (e.serving && e.terminating)).map((e) => e.nodeName ?? '?'))].sort();
  return names.length ? ` (endpoints run on ${names.join(', ')})` : '';
}

function writeServiceToEndpointRules(nat: TableBuilder, sp: ServicePortInfo, chain: string, endpoints: EndpointInfo[]): void {
  if (sp.affinitySeconds) {
    for (const ep of endpoints) {
      nat.add({
        chain,
        matches: [comment(`${sp.spn} -> ${ep.key}`), { m: 'recent', mode: 'rcheck', name: ep.chain, seconds: sp.affinitySeconds, reap: true }],
        target: { t: 'jump', chain: ep.chain },
        svc: sp,
        endpoint: ep,
      });
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const matches: Match[] = [comment(`${sp.spn} -> ${ep.key}`)];
    if (i < n - 1) matches.push({ m: 'statistic', ...statisticFor(n - i) });
    nat.add({ chain, matches, target: { t: 'jump', chain: ep.chain }, svc: sp, endpoint: ep });
  });
}

function buildNodeTables(model: NetworkModel, node: NodeInfo): NodeTables {
  const nat = new TableBuilder('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
  const filter = new TableBuilder('filter', ['INPUT', 'FORWARD', 'OUTPUT']);
  const mangle = new TableBuilder('mangle', ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
  const clusterCIDR = model.clusterCIDR.text;
  const newState: Match = { m: 'conntrack', ctstate: 'NEW', negate: false };

  // Top-level chains, in kube-proxy's declaration order, and the canaries.
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.chain(c, true);
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL']) filter.chain(c, true);
  for (const t of [mangle, nat, filter]) {
    t.chain(KUBELET_CANARY, true);
    t.chain(KUBE_PROXY_CANARY, true);
  }

  // Jumps from the built-in chains (EnsureRule prepends, so the last ensured comes first).
  const jump = (t: TableBuilder, from: string, to: string, c: string | undefined, pre: Match[] = []) =>
    t.add({ chain: from, matches: c ? [...pre, comment(c)] : pre, target: { t: 'jump', chain: to } });
  jump(nat, 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals');
  jump(nat, 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals');
  jump(nat, 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules');
  jump(filter, 'INPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', [newState]);
  jump(filter, 'INPUT', 'KUBE-NODEPORTS', 'kubernetes health check service ports');
  jump(filter, 'INPUT', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', [newState]);
  jump(filter, 'INPUT', 'KUBE-FIREWALL', undefined);
  jump(filter, 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', [newState]);
  jump(filter, 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules');
  jump(filter, 'FORWARD', 'KUBE-SERVICES', 'kubernetes service portals', [newState]);
  jump(filter, 'FORWARD', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', [newState]);
  jump(filter, 'OUTPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', [newState]);
  jump(filter, 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals', [newState]);
  jump(filter, 'OUTPUT', 'KUBE-FIREWALL', undefined);

  // Masquerade machinery.
  nat.add({ chain: 'KUBE-POSTROUTING', matches: [{ m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, negate: true }], target: { t: 'RETURN' } });
  nat.add({ chain: 'KUBE-POSTROUTING', matches: [], target: { t: 'MARK', value: MASQ_MARK, mask: 0 } });
  nat.add({ chain: 'KUBE-POSTROUTING', matches: [comment('kubernetes service traffic requiring SNAT')], target: { t: 'MASQUERADE', randomFully: true } });
  nat.add({ chain: 'KUBE-MARK-MASQ', matches: [], target: { t: 'MARK', value: MASQ_MARK, mask: MASQ_MARK } });
  filter.add({
    chain: 'KUBE-FIREWALL',
    src: addr('127.0.0.0/8', true),
    dst: addr('127.0.0.0/8'),
    matches: [comment('block incoming localnet connections'), { m: 'conntrack', ctstate: 'RELATED,ESTABLISHED,DNAT', negate: true }],
    target: { t: 'DROP' },
    why: 'a packet to 127.0.0.0/8 that did not come from the node itself',
  });

  for (const sp of model.servicePorts) {
    const { proto } = sp;
    const c = categorize(sp, node.name);
    const usesClusterPolicyChain = c.cluster.length > 0 && c.usesCluster;
    const usesLocalPolicyChain = c.local.length > 0 && c.usesLocal;
    const hasEndpoints = c.hasAny;
    let internalChain = sp.svcChain;
    let hasInternal = hasEndpoints;
    if (sp.internalLocal) {
      internalChain = sp.svlChain;
      if (c.local.length === 0) hasInternal = false;
    }
    let externalPolicyChain = sp.svcChain;
    let hasExternal = hasEndpoints;
    if (sp.externalLocal) {
      externalPolicyChain = sp.svlChain;
      if (c.local.length === 0) hasExternal = false;
    }
    const usesExt = hasEndpoints && sp.externallyAccessible;
    const usesFW = hasEndpoints && sp.lbIPs.length > 0 && sp.sourceRanges.length > 0;
    const lbChain = usesFW ? sp.fwChain : sp.extChain;

    let internalFilter: { target: Target; comment: string; why: string } | undefined;
    let externalFilter: { target: Target; comment: string; why: string } | undefined;
    if (!hasEndpoints) {
      const why = sp.noEndpointsWhy ?? `no endpoints for ${sp.spn}`;
      internalFilter = { target: { t: 'REJECT' }, comment: `${sp.spn} has no endpoints`, why };
      externalFilter = internalFilter;
    } else {
      if (!hasInternal)
        internalFilter = { target: { t: 'DROP' }, comment: `${sp.spn} has no local endpoints`, why: `internalTrafficPolicy Local: no local endpoint on node ${node.name}${endpointNodes(sp)}` };
      if (!hasExternal)
        externalFilter = { target: { t: 'DROP' }, comment: `${sp.spn} has no local endpoints`, why: `externalTrafficPolicy Local: no local endpoint on node ${node.name}${endpointNodes(sp)}` };
    }
    const portMatch = (dport?: number): Match => ({ m: 'proto', proto, dport });
    const vip = sp.clusterIP;

    // Capture the clusterIP.
    if (hasInternal) {
      nat.add({ chain: 'KUBE-SERVICES', dst: addr(vip), proto, matches: [comment(`${sp.spn} cluster IP`), portMatch(sp.port)], target: { t: 'jump', chain: internalChain }, svc: sp });
    } else if (internalFilter) {
      filter.add({ chain: 'KUBE-SERVICES', dst: addr(vip), proto, matches: [comment(internalFilter.comment), portMatch(sp.port)], target: internalFilter.target, svc: sp, why: internalFilter.why });
    }
    // Capture externalIPs.
    for (const ip of sp.externalIPs) {
      if (hasEndpoints)
        nat.add({ chain: 'KUBE-SERVICES', dst: addr(ip), proto, matches: [comment(`${sp.spn} external IP`), portMatch(sp.port)], target: { t: 'jump', chain: sp.extChain }, svc: sp });
      if (externalFilter)
        filter.add({ chain: 'KUBE-EXTERNAL-SERVICES', dst: addr(ip), proto, matches: [comment(externalFilter.comment), portMatch(sp.port)], target: externalFilter.target, svc: sp, why: externalFilter.why });
    }
    // Capture load-balancer ingress.
    for (const ip of sp.lbIPs) {
      if (hasEndpoints)
        nat.add({ chain: 'KUBE-SERVICES', dst: addr(ip), proto, matches: [comment(`${sp.spn} loadbalancer IP`), portMatch(sp.port)], target: { t: 'jump', chain: lbChain }, svc: sp });
      if (usesFW)
        filter.add({
          chain: 'KUBE-PROXY-FIREWALL',
          dst: addr(ip),
          proto,
          matches: [comment(`${sp.spn} traffic not accepted by ${sp.fwChain}`), portMatch(sp.port)],
          target: { t: 'DROP' },
          svc: sp,
          why: `loadBalancerSourceRanges of ${sp.namespace}/${sp.name} (${sp.sourceRanges.map((r) => r.text).join(', ')}) do not include the client`,
        });
    }
    if (externalFilter) {
      for (const ip of sp.lbIPs)
        filter.add({ chain: 'KUBE-EXTERNAL-SERVICES', dst: addr(ip), proto, matches: [comment(externalFilter.comment), portMatch(sp.port)], target: externalFilter.target, svc: sp, why: externalFilter.why });
    }
    // Capture nodeports.
    if (sp.nodePort) {
      if (hasEndpoints) nat.add({ chain: 'KUBE-NODEPORTS', proto, matches: [comment(sp.spn), portMatch(sp.nodePort)], target: { t: 'jump', chain: sp.extChain }, svc: sp });
      if (externalFilter)
        filter.add({
          chain: 'KUBE-EXTERNAL-SERVICES',
          proto,
          matches: [comment(externalFilter.comment), { m: 'addrtype', dstType: 'LOCAL' }, portMatch(sp.nodePort)],
          target: externalFilter.target,
          svc: sp,
          why: externalFilter.why,
        });
    }
    // healthCheckNodePort.
    if (sp.healthCheckNodePort)
      filter.add({ chain: 'KUBE-NODEPORTS', proto: 'tcp', matches: [comment(`${sp.spn} health check node port`), { m: 'proto', proto: 'tcp', dport: sp.healthCheckNodePort }], target: { t: 'ACCEPT' }, svc: sp });

    // Internal traffic: masquerade off-cluster sources.
    if (hasInternal) {
      nat.chain(internalChain);
      nat.add({
        chain: internalChain,
        src: addr(clusterCIDR, true),
        dst: addr(vip),
        proto,
        matches: [comment(`${sp.spn} cluster IP`), portMatch(sp.port)],
        target: { t: 'jump', chain: 'KUBE-MARK-MASQ' },
        svc: sp,
      });
    }
    // External traffic.
    if (usesExt) {
      const ext = sp.extChain;
      nat.chain(ext);
      if (!sp.externalLocal) {
        nat.add({ chain: ext, matches: [comment(`masquerade traffic for ${sp.spn} external destinations`)], target: { t: 'jump', chain: 'KUBE-MARK-MASQ' }, svc: sp });
      } else {
        nat.add({ chain: ext, src: addr(clusterCIDR), matches: [comment(`pod traffic for ${sp.spn} external destinations`)], target: { t: 'jump', chain: sp.svcChain }, svc: sp });
        nat.add({ chain: ext, matches: [comment(`masquerade LOCAL traffic for ${sp.spn} external destinations`), { m: 'addrtype', srcType: 'LOCAL' }], target: { t: 'jump', chain: 'KUBE-MARK-MASQ' }, svc: sp });
        nat.add({ chain: ext, matches: [comment(`route LOCAL traffic for ${sp.spn} external destinations`), { m: 'addrtype', srcType: 'LOCAL' }], target: { t: 'jump', chain: sp.svcChain }, svc: sp });
      }
      if (hasExternal) nat.add({ chain: ext, matches: [], target: { t: 'jump', chain: externalPolicyChain }, svc: sp });
    }
    // Firewall chain.
    if (usesFW) {
      const fw = sp.fwChain;
      nat.chain(fw);
      let allowFromNode = false;
      for (const r of sp.sourceRanges) {
        nat.add({ chain: fw, src: { ...r, negate: false }, matches: [comment(`${sp.spn} loadbalancer IP`)], target: { t: 'jump', chain: sp.extChain }, svc: sp });
        if (cidrContains(r, node.ipU32)) allowFromNode = true;
      }
      if (allowFromNode)
        for (const ip of sp.lbIPs) nat.add({ chain: fw, src: addr(ip), matches: [comment(`${sp.spn} loadbalancer IP`)], target: { t: 'jump', chain: sp.extChain }, svc: sp });
      nat.add({ chain: fw, matches: [comment(`other traffic to ${sp.spn} will be dropped by KUBE-PROXY-FIREWALL`)], target: { t: 'none' }, svc: sp });
    }
    if (usesClusterPolicyChain) {
      nat.chain(sp.svcChain);
      writeServiceToEndpointRules(nat, sp, sp.svcChain, c.cluster);
    }
    if (usesLocalPolicyChain) {
      nat.chain(sp.svlChain);
      writeServiceToEndpointRules(nat, sp, sp.svlChain, c.local);
    }
    for (const ep of c.reachable) {
      nat.chain(ep.chain);
      nat.add({ chain: ep.chain, src: addr(ep.ip), matches: [comment(sp.spn)], target: { t: 'jump', chain: 'KUBE-MARK-MASQ' }, svc: sp, endpoint: ep });
      const matches: Match[] = [comment(sp.spn)];
      if (sp.affinitySeconds) matches.push({ m: 'recent', mode: 'set', name: ep.chain });
      matches.push(portMatch());
      nat.add({ chain: ep.chain, proto, matches, target: { t: 'DNAT', ip: ep.ip, ipU32: ipToU32(ep.ip), port: ep.port }, svc: sp, endpoint: ep });
    }
  }

  nat.add({
    chain: 'KUBE-SERVICES',
    matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { m: 'addrtype', dstType: 'LOCAL' }],
    target: { t: 'jump', chain: 'KUBE-NODEPORTS' },
  });
  filter.add({ chain: 'KUBE-FORWARD', matches: [{ m: 'conntrack', ctstate: 'INVALID', negate: false }], target: { t: 'DROP' }, why: 'conntrack state INVALID' });
  filter.add({ chain: 'KUBE-FORWARD', matches: [comment('kubernetes forwarding rules'), { m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, negate: false }], target: { t: 'ACCEPT' } });
  filter.add({ chain: 'KUBE-FORWARD', matches: [comment('kubernetes forwarding conntrack rule'), { m: 'conntrack', ctstate: 'RELATED,ESTABLISHED', negate: false }], target: { t: 'ACCEPT' } });

  return { node, nat: nat.done(), filter: filter.done(), mangle: mangle.done() };
}
