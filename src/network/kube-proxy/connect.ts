/**
 * Routing a new connection by walking the node's netfilter tables — the same rule objects that
 * iptables-save prints (rules.ts). The walk follows the kernel's hooks:
 *   - a pod's packet leaves its netns and enters its node at nat PREROUTING, then filter FORWARD
 *     (or INPUT when it is for the node itself);
 *   - a node's own packet (or a hostNetwork pod's) goes nat OUTPUT, filter OUTPUT (+ INPUT when local);
 *   - an outside client's packet (from the node network's host, e.g. 192.168.49.1) arrives at the
 *     node that owns the destination (for an externalIP / LB IP: the node the network delivers it to);
 *   - a packet that is not for this node and not translated to a pod goes through nat POSTROUTING
 *     (KUBE-POSTROUTING's MASQUERADE: source := the node's address toward the destination — the
 *     pod-bridge gateway for a local pod, the node IP otherwise) and on to the next node or pod.
 * Statistic rules draw from cluster.random, one draw per rule reached (`(u32 & 0x7fffffff) <
 * threshold`, as xt_statistic does). ClientIP affinity is xt_recent, kept per node in
 * `cluster.state.network.affinity` with the clock's time. After DNAT to a pod, whether the pod
 * listens is asked of an injectable check (setListenerCheck).
 */
import type { KObject } from '../../api/resources.js';
import type { Cluster, ClusterState } from '../../store/cluster-state.js';
import type { Backend, ConnectFn, ConnectOutcome, TraceHop, Vantage } from '../contracts.js';
import type { Pod } from '../../controllers/kubelet.js';
import { cidrContains, ipToU32, networkModel, nodeTables, type Chain, type Cidr, u32ToIp, type NetworkModel, type NodeInfo, type NodeTables, type Proto, type Rule, type TableRules } from './rules.js';
import { renderRule } from './iptables-save.js';

// ---------------------------------------------------------------------------------------------
// Listeners

/** Whether a pod accepts connections on a port (the containers layer installs the real answer). */
export type ListenerCheck = (pod: KObject, port: number, protocol: string) => boolean;

/** Default: the pod listens on its declared containerPorts (containers and sidecars). */
export function declaredPortsListen(pod: KObject, port: number, protocol: string): boolean {
  const spec = pod.spec as Pod['spec'] | undefined;
  const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  return all.some((c) => (c.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol));
}

let listens: ListenerCheck = declaredPortsListen;

/** Install the containers layer's listener check (undefined restores the default). */
export function setListenerCheck(fn: ListenerCheck | undefined): void {
  listens = fn ?? declaredPortsListen;
}

// ---------------------------------------------------------------------------------------------
// kubesim's bookkeeping in the state file: xt_recent lists per node

export interface NetworkState {
  /** node → KUBE-SEP chain (recent list name) → client IP → last seen (ms since the epoch). */
  affinity: Record<string, Record<string, Record<string, number>>>;
}

/** xt_recent's default ip_list_tot: a list holds at most this many addresses (oldest dropped). */
export const RECENT_LIST_MAX = 100;

export function networkState(cluster: Cluster): NetworkState {
  const s = cluster.state as ClusterState & { network?: NetworkState };
  s.network ??= { affinity: {} };
  s.network.affinity ??= {};
  return s.network;
}

// ---------------------------------------------------------------------------------------------
// Decisions: live (draws, writes affinity) or enumerated (shares.ts)

export interface Decider {
  statistic(threshold: number): boolean;
  recentCheck(node: string, name: string, seconds: number | undefined, reap: boolean, src: string): boolean;
  recentSet(node: string, name: string, src: string): void;
}

function liveDecider(cluster: Cluster): Decider {
  let now: number | undefined;
  const nowMs = () => (now ??= cluster.now().getTime());
  return {
    statistic: (threshold) => (cluster.random.uint32() & 0x7fffffff) < threshold,
    recentCheck(node, name, seconds, reap, src) {
      const list = (cluster.state as ClusterState & { network?: NetworkState }).network?.affinity?.[node]?.[name];
      if (!list) return false;
      const t = nowMs();
      const last = list[src];
      const hit = last !== undefined && (seconds === undefined || t - last < seconds * 1000);
      if (reap && seconds !== undefined) for (const k of Object.keys(list)) if (t - list[k] >= seconds * 1000) delete list[k];
      return hit;
    },
    recentSet(node, name, src) {
      const aff = networkState(cluster).affinity;
      const byNode = (aff[node] ??= {});
      let list = byNode[name];
      if (!list) {
        // A new list: forget lists of chains this node no longer has.
        const chains = nodeTables(cluster, node)?.nat.chains;
        if (chains) for (const k of Object.keys(byNode)) if (!chains.has(k)) delete byNode[k];
        list = byNode[name] = {};
      }
      if (!(src in list)) {
        const keys = Object.keys(list);
        if (keys.length >= RECENT_LIST_MAX) {
          let oldest = keys[0];
          for (const k of keys) if (list[k] < list[oldest]) oldest = k;
          delete list[oldest];
        }
      } else delete list[src];
      list[src] = nowMs();
    },
  };
}

/** Read-only view of the affinity lists (for expected shares). */
export function readOnlyRecent(cluster: Cluster): Pick<Decider, 'recentCheck' | 'recentSet'> {
  const now = cluster.now().getTime();
  return {
    recentCheck(node, name, seconds, _reap, src) {
      const last = (cluster.state as ClusterState & { network?: NetworkState }).network?.affinity?.[node]?.[name]?.[src];
      return last !== undefined && (seconds === undefined || now - last < seconds * 1000);
    },
    recentSet() {},
  };
}

// ---------------------------------------------------------------------------------------------
// The walk

interface Packet {
  src: string;
  srcU32: number;
  dst: string;
  dstU32: number;
  dport: number;
  proto: Proto;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  mark: number;
  dnat: boolean;
}

interface Env {
  cluster: Cluster;
  model: NetworkModel;
  decide: Decider;
  trace: TraceHop[];
  tracing: boolean;
  /** The pod or node listener the connection was delivered to (listening or not). */
  reached?: Backend;
}

const CONTINUE = 0;
const ACCEPT = 1;
const DROP = 2;
const REJECT = 3;
const DNAT = 4;
const MASQ = 5;
type Verdict = 0 | 1 | 2 | 3 | 4 | 5;

interface Walk {
  env: Env;
  node: NodeInfo;
  table: TableRules;
  pkt: Packet;
  /** The rule that gave the final verdict (REJECT, DROP, DNAT, MASQUERADE). */
  rule?: Rule;
  verdict: Verdict;
  /** Statistic rules reached and not taken in the current chain. */
  misses: number;
  depth: number;
}

function isLocal(node: NodeInfo, ip: number): boolean {
  return ip === node.ipU32 || ip === node.gatewayU32 || ip >>> 24 === 127;
}

const ctCache = new Map<string, string[]>();
function ctstateHas(list: string, pkt: Packet): boolean {
  let states = ctCache.get(list);
  if (!states) ctCache.set(list, (states = list.split(',')));
  for (const s of states) if (s === 'NEW' || (s === 'DNAT' && pkt.dnat)) return true;
  return false;
}

function couldMatch(r: Rule, p: Packet): boolean {
  if (r.dst && cidrContains(r.dst, p.dstU32) === r.dst.negate) return false;
  if (r.proto && r.proto !== p.proto) return false;
  for (const m of r.matches) if (m.m === 'proto' && (m.proto !== p.proto || (m.dport !== undefined && m.dport !== p.dport))) return false;
  return true;
}

const PROTO_INDEX: Record<Proto, number> = { tcp: 0, udp: 1, sctp: 2 };

function candidates(chain: { rules: Rule[]; index?: Map<number, Rule[]> }, p: Packet): Rule[] {
  if (chain.rules.length <= 8) return chain.rules;
  const key = (p.dstU32 * 65536 + p.dport) * 4 + PROTO_INDEX[p.proto];
  const index = (chain.index ??= new Map());
  let list = index.get(key);
  if (!list) {
    list = chain.rules.filter((r) => couldMatch(r, p));
    if (index.size > 4096) index.clear();
    index.set(key, list);
  }
  return list;
}

function matches(w: Walk, r: Rule): boolean {
  const p = w.pkt;
  if (r.src && cidrContains(r.src, p.srcU32) === r.src.negate) return false;
  if (r.dst && cidrContains(r.dst, p.dstU32) === r.dst.negate) return false;
  if (r.proto && r.proto !== p.proto) return false;
  for (const m of r.matches) {
    switch (m.m) {
      case 'comment':
        break;
      case 'proto':
        if (m.proto !== p.proto || (m.dport !== undefined && m.dport !== p.dport)) return false;
        break;
      case 'addrtype':
        if (m.dstType && !isLocal(w.node, p.dstU32)) return false;
        if (m.srcType && !isLocal(w.node, p.srcU32)) return false;
        break;
      case 'statistic':
        if (!w.env.decide.statistic(m.threshold)) {
          w.misses++;
          return false;
        }
        break;
      case 'recent':
        if (m.mode === 'set') w.env.decide.recentSet(w.node.name, m.name, p.src);
        else if (!w.env.decide.recentCheck(w.node.name, m.name, m.seconds, !!m.reap, p.src)) return false;
        break;
      case 'conntrack':
        if (ctstateHas(m.ctstate, p) === m.negate) return false;
        break;
      case 'mark':
        if ((((p.mark & m.mask) >>> 0) === m.value) === m.negate) return false;
        break;
    }
  }
  return true;
}

function hop(env: Env, layer: TraceHop['layer'], text: string): void {
  env.trace.push({ layer, text });
}

/** A hop whose text is composed only when read (a walk records several; most are never printed). */
class LazyHop implements TraceHop {
  private made?: string;
  constructor(
    readonly layer: TraceHop['layer'],
    private readonly make: () => string,
  ) {}

  get text(): string {
    return (this.made ??= this.make());
  }

  toJSON(): TraceHop {
    return { layer: this.layer, text: this.text };
  }
}

function lazyHop(env: Env, layer: TraceHop['layer'], make: () => string): void {
  env.trace.push(new LazyHop(layer, make));
}

function ruleNote(model: NetworkModel, r: Rule, misses: number, src: string): string {
  const notes: string[] = [];
  for (const m of r.matches) {
    if (m.m === 'statistic') notes.push(`taken with probability ${(m.threshold / 0x80000000).toFixed(11)}`);
    else if (m.m === 'recent' && m.mode === 'rcheck') notes.push(`ClientIP affinity: ${src} is in the recent list ${m.name} (seen within ${m.seconds}s)`);
  }
  if (misses > 0 && r.endpoint && r.target.t === 'jump') notes.push(`after ${misses} statistic rule${misses === 1 ? '' : 's'} not taken`);
  if (r.target.t === 'jump' && r.target.chain === 'KUBE-MARK-MASQ') {
    if (r.src && r.src.negate) notes.push(`source ${src} is outside the cluster CIDR ${r.src.text}: SNAT`);
    else if (r.src && r.endpoint) notes.push(`hairpin: the client is this endpoint: SNAT`);
    else if (r.matches.some((m) => m.m === 'addrtype')) notes.push('node-originated: SNAT');
    else notes.push('external traffic is SNATed');
  }
  if (r.target.t === 'DNAT') {
    const pod = model.podByIP.get(r.target.ipU32);
    const node = r.endpoint?.nodeName ?? pod?.spec.nodeName ?? model.nodeByIP.get(r.target.ipU32)?.name;
    notes.push(`→ ${pod ? `pod ${pod.metadata.namespace}/${pod.metadata.name}` : r.target.ip}${node ? ` on node ${node}` : ''}`);
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}

function walkChain(w: Walk, chain: Chain | undefined): Verdict {
  if (!chain) return CONTINUE;
  if (w.depth > 32) return DROP;
  w.depth++;
  const savedMisses = w.misses;
  w.misses = 0;
  const rules = candidates(chain, w.pkt);
  let verdict: Verdict = CONTINUE;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (!matches(w, r)) continue;
    const t = r.target;
    // Trace the decisions: not the fixed jumps out of the built-in chains, the mark bookkeeping,
    // or REJECT/DROP (reported with their reason by the caller).
    const traced = w.env.tracing && !chain.builtin && (t.t === 'jump' || t.t === 'DNAT' || t.t === 'ACCEPT');
    if (traced) {
      const { node, table, env } = w;
      const misses = w.misses;
      const src = w.pkt.src;
      lazyHop(env, 'kube-proxy', () => `${node.name} ${table.name}: ${renderRule(r)}${ruleNote(env.model, r, misses, src)}`);
    }
    if (t.t === 'jump') {
      const v = walkChain(w, (r.next ??= w.table.chains.get(t.chain)));
      if (v !== CONTINUE) {
        verdict = v;
        break;
      }
    } else if (t.t === 'RETURN') break;
    else if (t.t === 'MARK') w.pkt.mark = ((w.pkt.mark & ~t.mask) ^ t.value) >>> 0;
    else if (t.t === 'DNAT') {
      const p = w.pkt;
      p.dst = t.ip;
      p.dstU32 = t.ipU32;
      p.dport = t.port;
      p.dnat = true;
      w.rule = r;
      verdict = DNAT;
      break;
    } else if (t.t === 'MASQUERADE') {
      w.rule = r;
      verdict = MASQ;
      break;
    } else if (t.t === 'ACCEPT') {
      verdict = ACCEPT;
      break;
    } else if (t.t === 'DROP' || t.t === 'REJECT') {
      w.rule = r;
      verdict = t.t === 'DROP' ? DROP : REJECT;
      break;
    }
  }
  w.misses = savedMisses;
  w.depth--;
  return verdict;
}

function walkHook(env: Env, tables: NodeTables, table: 'nat' | 'filter', hook: string, pkt: Packet): Walk {
  const w: Walk = { env, node: tables.node, table: tables[table], pkt, rule: undefined, verdict: CONTINUE, misses: 0, depth: 0 };
  w.verdict = walkChain(w, w.table.chains.get(hook));
  return w;
}

// ---------------------------------------------------------------------------------------------
// Delivery

function podRunning(pod: Pod): boolean {
  const statuses = pod.status?.containerStatuses;
  if (statuses && statuses.length) return statuses.some((c) => !!c.state?.running);
  return pod.status?.phase === 'Running';
}

function podName(pod: KObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function refused(env: Env): ConnectOutcome {
  return { result: 'refused', trace: env.trace };
}

function timeout(env: Env): ConnectOutcome {
  return { result: 'timeout', trace: env.trace };
}

function unreachable(env: Env): ConnectOutcome {
  return { result: 'unreachable', trace: env.trace };
}

function deliverToPod(env: Env, pod: Pod, pkt: Packet, via: string): ConnectOutcome {
  const backend: Backend = { ip: pkt.dst, port: pkt.dport, pod };
  if (pod.spec.nodeName) backend.nodeName = pod.spec.nodeName;
  env.reached = backend;
  const where = `${pkt.dst}:${pkt.dport}/${pkt.protocol}`;
  if (!podRunning(pod)) {
    if (env.tracing) hop(env, 'route', `${via}pod ${podName(pod)} (${pkt.dst}) has no running container: connection refused`);
    return refused(env);
  }
  if (!listens(pod, pkt.dport, pkt.protocol)) {
    if (env.tracing)
      hop(env, 'app', `nothing listens on ${where} in pod ${podName(pod)}: connection refused${pkt.dnat ? ` (the Service's targetPort ${pkt.dport} is not a port the pod listens on)` : ''}`);
    return refused(env);
  }
  if (env.tracing) {
    const src = pkt.src;
    lazyHop(env, 'route', () => `${via}delivered to pod ${podName(pod)} at ${where}${pod.spec.nodeName ? ` on node ${pod.spec.nodeName}` : ''}; the server sees the client address ${src}`);
  }
  return { result: 'connected', backend, sourceIP: pkt.src, trace: env.trace };
}

/** Something listening in the node's own network namespace. */
function nodeListener(env: Env, node: NodeInfo, pkt: Packet): { pod?: Pod; what: string } | undefined {
  for (const p of env.model.hostNetworkPods.get(node.name) ?? []) {
    if (podRunning(p) && listens(p, pkt.dport, pkt.protocol)) return { pod: p, what: `hostNetwork pod ${podName(p)}` };
  }
  if (pkt.protocol !== 'TCP') return undefined;
  const port = pkt.dport;
  if (port === 10250) return { what: 'the kubelet' };
  if (port === 10256) return { what: "kube-proxy's health server" };
  if (port === 22) return { what: 'sshd' };
  if (node.controlPlane && port === 8443) {
    const pod = env.cluster.get<Pod>('Pod', 'kube-system', `kube-apiserver-${node.name}`);
    return pod ? { pod, what: `the kube-apiserver (pod ${podName(pod)})` } : { what: 'the kube-apiserver' };
  }
  if (env.model.healthCheckPorts.has(port)) return { what: "kube-proxy's healthCheckNodePort server" };
  if (pkt.dstU32 >>> 24 === 127 && (port === 10248 || port === 10249)) return { what: port === 10248 ? "the kubelet's healthz" : "kube-proxy's metrics" };
  return undefined;
}

function egressIP(node: NodeInfo, dst: number): string {
  if (node.podCIDR && node.gateway && cidrContains(node.podCIDR, dst)) return node.gateway;
  return node.ip;
}

function nodeSubnet(model: NetworkModel): Cidr | undefined {
  return model.nodeSubnet;
}

/** The address an outside client uses: the node network's gateway (the host running the nodes). */
export function outsideClientIP(model: NetworkModel): string {
  return model.outsideIP;
}

function describeServicePorts(ports: { port?: number; protocol?: string }[] | undefined): string {
  return (ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') || 'none';
}

/** Why nothing answered a destination no rule translated. */
function explainUnmatched(env: Env, dst: number, dstText: string, port: number, protocol: string): string {
  const svcs = env.model.servicesByIP.get(dst);
  if (svcs?.length) {
    const svc = svcs[0];
    const name = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const ports = (svc.spec.ports ?? []) as { port?: number; protocol?: string }[];
    const samePort = ports.filter((p) => p.port === port);
    if (samePort.length === 0) return `port ${port} is not a port of service ${name} (its ports: ${describeServicePorts(ports)}); no rule matches, the packet is dropped: connection timed out`;
    if (!samePort.some((p) => (p.protocol ?? 'TCP') === protocol))
      return `service ${name} has no ${protocol} port ${port} (its ports: ${describeServicePorts(ports)}); no rule matches: connection timed out`;
    return `no kube-proxy rule matches ${dstText}:${port}/${protocol} of service ${name}: connection timed out`;
  }
  const model = env.model;
  if (model.serviceCIDR && cidrContains(model.serviceCIDR, dst))
    return `${dstText} is in the service network ${model.serviceCIDR.text} but is not the IP of any Service; nothing answers: connection timed out`;
  if (cidrContains(model.clusterCIDR, dst)) return `${dstText} is in the pod network ${model.clusterCIDR.text} but in no node's pod CIDR; nothing answers: connection timed out`;
  return `${dstText} is outside every network the simulated cluster knows (nodes ${nodeSubnet(model)?.text ?? '?'}, pods ${model.clusterCIDR.text}${model.serviceCIDR ? `, services ${model.serviceCIDR.text}` : ''}); nothing answers: connection timed out`;
}

/** A packet entering a node's netfilter at PREROUTING (from a pod or the wire) or OUTPUT (the node's own). */
function arrive(env: Env, node: NodeInfo, pkt: Packet, hook: 'PREROUTING' | 'OUTPUT', hops: number): ConnectOutcome {
  const tables = nodeTables(env.cluster, node.name)!;
  const origDst = pkt.dstU32;
  const origDstText = pkt.dst;
  const origPort = pkt.dport;
  walkHook(env, tables, 'nat', hook, pkt);
  const local = isLocal(node, pkt.dstU32);
  const filterChains = hook === 'PREROUTING' ? [local ? 'INPUT' : 'FORWARD'] : local ? ['OUTPUT', 'INPUT'] : ['OUTPUT'];
  for (const c of filterChains) {
    const f = walkHook(env, tables, 'filter', c, pkt);
    if (f.verdict === REJECT || f.verdict === DROP) {
      if (env.tracing) {
        const r = f.rule!;
        const outcome = f.verdict === REJECT ? 'connection refused' : 'packet dropped, connection timed out';
        hop(env, 'kube-proxy', `${node.name} filter: ${renderRule(r)} — ${outcome}: ${r.why ?? 'rejected by kube-proxy'}`);
      }
      return f.verdict === REJECT ? refused(env) : timeout(env);
    }
  }
  if (!local) {
    const post = walkHook(env, tables, 'nat', 'POSTROUTING', pkt);
    if (post.verdict === MASQ) {
      const ip = egressIP(node, pkt.dstU32);
      if (env.tracing) {
        const [rule, from, to] = [post.rule!, pkt.src, pkt.dst];
        lazyHop(env, 'kube-proxy', () => `${node.name} nat: ${renderRule(rule)} (source ${from} → ${ip}, node ${node.name}'s address toward ${to})`);
      }
      pkt.src = ip;
      pkt.srcU32 = ipToU32(ip);
    }
  }
  if (local) {
    const l = nodeListener(env, node, pkt);
    const backend: Backend = { ip: pkt.dst, port: pkt.dport, nodeName: node.name };
    if (l?.pod) backend.pod = l.pod;
    env.reached = backend;
    if (!l) {
      if (env.tracing) hop(env, 'route', `nothing listens on ${pkt.dst}:${pkt.dport}/${pkt.protocol} on node ${node.name}: connection refused`);
      return refused(env);
    }
    if (env.tracing) hop(env, 'route', `delivered on node ${node.name} to ${l.what} at ${pkt.dst}:${pkt.dport}/${pkt.protocol}; it sees the client address ${pkt.src}`);
    return { result: 'connected', backend, sourceIP: pkt.src, trace: env.trace };
  }
  const pod = env.model.podByIP.get(pkt.dstU32);
  if (pod) return deliverToPod(env, pod, pkt, '');
  const other = env.model.nodeByIP.get(pkt.dstU32);
  if (other) {
    if (hops >= 3) return timeout(env);
    if (env.tracing) hop(env, 'route', `${node.name} → node ${other.name} (${other.ip}) over the node network`);
    pkt.mark = 0;
    pkt.dnat = false;
    return arrive(env, other, pkt, 'PREROUTING', hops + 1);
  }
  const owner = env.model.nodes.find((n) => n.podCIDR && cidrContains(n.podCIDR, pkt.dstU32));
  if (owner) {
    if (env.tracing) hop(env, 'route', `no pod has the IP ${pkt.dst} (pod CIDR ${owner.podCIDR!.text} of node ${owner.name}): no route to host`);
    return unreachable(env);
  }
  const subnet = nodeSubnet(env.model);
  if (subnet && cidrContains(subnet, pkt.dstU32) && pkt.dst !== outsideClientIP(env.model)) {
    if (env.tracing) hop(env, 'route', `no node has the IP ${pkt.dst} on the node network ${subnet.text}: no route to host`);
    return unreachable(env);
  }
  if (env.tracing) hop(env, 'route', explainUnmatched(env, origDst, origDstText, origPort, pkt.protocol));
  return timeout(env);
}

/** The node an outside client's packet for an externalIP / LB IP lands on. */
function entryNodeForVIP(env: Env, dst: number, port: number, proto: Proto): NodeInfo | undefined {
  const ip = u32ToIp(dst);
  const sps = env.model.servicePorts.filter((sp) => (sp.externalIPs.includes(ip) || sp.lbIPs.includes(ip)) && sp.port === port && sp.proto === proto);
  for (const sp of sps) {
    if (!sp.externalLocal) continue;
    const withLocal = env.model.nodes.find((n) => sp.endpoints.some((e) => e.ready && e.nodeName === n.name));
    if (withLocal) return withLocal;
  }
  return env.model.nodes[0];
}

function packet(src: string, dst: string, dstU32: number, port: number, protocol: 'TCP' | 'UDP' | 'SCTP'): Packet {
  return { src, srcU32: ipToU32(src), dst, dstU32, dport: port, proto: protocol.toLowerCase() as Proto, protocol, mark: 0, dnat: false };
}

/** Route one new connection with the given decisions; `reached` is the pod/listener it got to. */
export function routeConnection(
  cluster: Cluster,
  decide: Decider,
  from: Vantage,
  dstIP: string,
  dstPort: number,
  protocol: 'TCP' | 'UDP' | 'SCTP',
  tracing = true,
): { outcome: ConnectOutcome; reached?: Backend } {
  const env: Env = { cluster, model: networkModel(cluster), decide, trace: [], tracing };
  const outcome = route(env, from, dstIP, dstPort, protocol);
  return { outcome, reached: env.reached };
}

function route(env: Env, from: Vantage, dstIP: string, dstPort: number, protocol: 'TCP' | 'UDP' | 'SCTP'): ConnectOutcome {
  const dst = ipToU32(dstIP);
  const where = `${dstIP}:${dstPort}/${protocol}`;
  if (Number.isNaN(dst)) {
    if (env.tracing) hop(env, 'route', `${dstIP} is not an IPv4 address`);
    return unreachable(env);
  }
  const model = env.model;
  if (from.kind === 'pod' && !(from.pod.spec as Pod['spec']).hostNetwork) {
    const pod = from.pod as Pod;
    const podIP = pod.status?.podIP;
    const node = pod.spec.nodeName ? model.nodeByName.get(pod.spec.nodeName) : undefined;
    if (!podIP || !node) {
      if (env.tracing) hop(env, 'route', `pod ${podName(pod)} has no IP yet: its network is not set up`);
      return unreachable(env);
    }
    if (dst >>> 24 === 127 || dstIP === podIP) {
      if (env.tracing) hop(env, 'route', `${dstIP} is pod ${podName(pod)}'s own address: the connection stays in its network namespace`);
      return deliverToPod(env, pod, packet(dst >>> 24 === 127 ? '127.0.0.1' : podIP, dstIP, dst, dstPort, protocol), '');
    }
    if (env.tracing) lazyHop(env, 'route', () => `pod ${podName(pod)} (${podIP}) on node ${node.name} → ${where}: enters node ${node.name}'s netfilter at nat PREROUTING`);
    return arrive(env, node, packet(podIP, dstIP, dst, dstPort, protocol), 'PREROUTING', 0);
  }
  if (from.kind === 'pod' || from.kind === 'node') {
    const name = from.kind === 'node' ? from.node.metadata.name : ((from.pod.spec as Pod['spec']).nodeName ?? '');
    const node = model.nodeByName.get(name);
    if (!node) {
      if (env.tracing) hop(env, 'route', `node ${name} is not part of the cluster`);
      return unreachable(env);
    }
    const src = dst >>> 24 === 127 ? '127.0.0.1' : node.ip;
    if (env.tracing) {
      const who = from.kind === 'node' ? `node ${node.name}` : `hostNetwork pod ${podName(from.pod)} on node ${node.name}`;
      hop(env, 'route', `${who} (${src}) → ${where}: locally generated, nat OUTPUT`);
    }
    return arrive(env, node, packet(src, dstIP, dst, dstPort, protocol), 'OUTPUT', 0);
  }
  // Outside the cluster, on the node network.
  const client = outsideClientIP(model);
  const proto = protocol.toLowerCase() as Proto;
  let entry = model.nodeByIP.get(dst);
  if (!entry && model.servicePorts.some((sp) => sp.externalIPs.includes(dstIP) || sp.lbIPs.includes(dstIP))) {
    entry = entryNodeForVIP(env, dst, dstPort, proto);
    if (entry && env.tracing) hop(env, 'route', `${dstIP} is an external / load-balancer IP: the node network delivers it to node ${entry.name}`);
  }
  if (entry) {
    if (env.tracing) {
      const name = entry.name;
      lazyHop(env, 'route', () => `outside client ${client} → ${where}: arrives at node ${name}'s interface, nat PREROUTING`);
    }
    return arrive(env, entry, packet(client, dstIP, dst, dstPort, protocol), 'PREROUTING', 0);
  }
  const subnet = nodeSubnet(model);
  if (env.tracing) {
    if (model.servicesByIP.has(dst) || (model.serviceCIDR && cidrContains(model.serviceCIDR, dst)))
      hop(env, 'route', `${dstIP} is in the service network: cluster IPs answer only inside the cluster (from nodes and pods); from outside use a NodePort, a LoadBalancer or port-forward: connection timed out`);
    else if (cidrContains(model.clusterCIDR, dst)) hop(env, 'route', `${dstIP} is in the pod network ${model.clusterCIDR.text}, which has no route from outside the cluster: connection timed out`);
    else if (subnet && cidrContains(subnet, dst)) hop(env, 'route', `no node has the IP ${dstIP} on the node network ${subnet.text}: no route to host`);
    else hop(env, 'route', explainUnmatched(env, dst, dstIP, dstPort, protocol));
  }
  if (subnet && cidrContains(subnet, dst) && !cidrContains(model.clusterCIDR, dst)) return unreachable(env);
  return timeout(env);
}

/** kube-proxy's part of a connection: route a new connection from a vantage point. */
export const connect: ConnectFn = (cluster, from, dstIP, dstPort, protocol) => {
  const env: Env = { cluster, model: networkModel(cluster), decide: liveDecider(cluster), trace: [], tracing: true };
  return route(env, from, dstIP, dstPort, protocol);
};
