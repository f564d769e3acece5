/**
 * The seams of the networking engine, shared by its three parts so each can be built and tested
 * on its own:
 *   - kube-proxy (`src/network/kube-proxy/`): the iptables-mode rule tables and the walk of a
 *     connection through them — the single source of routing truth;
 *   - DNS and the pod environment (`src/network/dns/`, `src/network/pod-env/`): CoreDNS's
 *     answers, resolv.conf search expansion, nslookup/dig/host, service env vars;
 *   - containers (`src/network/containers/`): images, the simulated shell and its programs (curl,
 *     wget, ping, …), and the simulated servers that answer (nginx, echo servers, redis).
 * Everything here is a pure function of (cluster state, seeded random source): no host process,
 * no host file, no real socket.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';

/** Where a simulated connection or lookup starts. */
export type Vantage =
  | { kind: 'pod'; pod: KObject; container: string }
  | { kind: 'node'; node: KObject }
  /** A client outside the cluster on the nodes' network (the user's machine, e.g. curl to a NodePort). */
  | { kind: 'outside' };

/** One step of a request, for `--trace`: what was looked up or matched, and why. */
export interface TraceHop {
  layer: 'dns' | 'kube-proxy' | 'route' | 'app';
  text: string;
}

/** A concrete backend a connection reached. */
export interface Backend {
  ip: string;
  port: number;
  /** The pod behind the IP, when it is a pod (hostNetwork pods share the node IP). */
  pod?: KObject;
  /** The node the backend runs on (or the node itself for node-local listeners). */
  nodeName?: string;
}

export type ConnectOutcome =
  /** TCP established. `sourceIP` is the client address the backend sees (after any SNAT). */
  | { result: 'connected'; backend: Backend; sourceIP: string; trace: TraceHop[] }
  /** RST / ICMP port unreachable: kube-proxy REJECT (no endpoints) or nothing listening. */
  | { result: 'refused'; trace: TraceHop[] }
  /** SYN dropped or never answered: kube-proxy DROP, no matching rule, an unroutable address. */
  | { result: 'timeout'; trace: TraceHop[] }
  /** ICMP host unreachable. */
  | { result: 'unreachable'; trace: TraceHop[] };

/**
 * kube-proxy's part: route a new connection (src/network/kube-proxy/connect.ts).
 *   connect(cluster, from, dstIP, dstPort, protocol): ConnectOutcome
 * Draws from cluster.random for the statistic rules and records ClientIP affinity in the state.
 */
export type ConnectFn = (cluster: Cluster, from: Vantage, dstIP: string, dstPort: number, protocol: 'TCP' | 'UDP' | 'SCTP') => ConnectOutcome;

/** A resolver view of a host name (getaddrinfo-like: search list, ndots, first positive answer). */
export interface HostLookup {
  /** IPv4 addresses, in answer order (empty when the name does not resolve). */
  addresses: string[];
  /** The fully qualified name that answered (after search expansion), e.g. `frontend-svc.default.svc.cluster.local`. */
  name?: string;
  /** CNAME chain followed, e.g. for an ExternalName Service. */
  canonicalNames: string[];
  /** `NXDOMAIN`, `SERVFAIL`, `NODATA`, or undefined on success. */
  error?: 'NXDOMAIN' | 'SERVFAIL' | 'NODATA';
  trace: TraceHop[];
}

/** The DNS part: `resolveHost(cluster, from, name): HostLookup` (src/network/dns/resolver.ts). */
export type ResolveHostFn = (cluster: Cluster, from: Vantage, name: string) => HostLookup;

/** A simulated program's run. */
export interface ProgramResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** What a simulated program gets: the cluster, where it runs, its environment, stdin. */
export interface ProgramContext {
  cluster: Cluster;
  from: Vantage;
  env: Map<string, string>;
  stdin: string;
  /** Collects `--trace` hops; programs push what they do. */
  trace: TraceHop[];
}

/** A program in a container or on a node (`nslookup`, `curl`, `iptables-save` …). argv[0] is its name. */
export type Program = (argv: string[], ctx: ProgramContext) => ProgramResult;
