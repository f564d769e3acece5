/**
 * The parts of the networking engine that containers use but do not own: DNS resolution and the
 * DNS tools, kube-proxy's routing and iptables-save, the kubelet's environment and files. They are
 * installed once by `wire.ts` (which imports the real modules); unit tests install fakes. Keeping
 * them behind this seam lets the shell, the programs and the servers be tested on their own.
 */
import type { Backend, ConnectFn, Program, ResolveHostFn } from '../contracts.js';
import type { Cluster } from '../../store/cluster-state.js';
import type { KObject } from '../../api/resources.js';
import type { Vantage } from '../contracts.js';

export interface Engine {
  resolveHost: ResolveHostFn;
  connect: ConnectFn;
  /** bind9 nslookup/dig/host and BusyBox nslookup (≥1.29 and 1.28). */
  dnsPrograms: Partial<Record<'nslookupBind9' | 'nslookupBusybox' | 'nslookupBusybox128' | 'dig' | 'host', Program>>;
  iptablesSave?: Program;
  /** The container's environment (runtime defaults, image ENV, kubelet vars). */
  containerEnv(cluster: Cluster, pod: KObject, containerName: string, opts: { imageEnv: [string, string][]; tty: boolean }): [string, string][];
  /** /etc/resolv.conf, /etc/hosts, /etc/hostname of a pod's container. */
  podFiles(cluster: Cluster, pod: KObject, containerName: string): Record<string, string>;
  /** A node's files (resolv.conf, hosts, hostname). */
  nodeFiles?(cluster: Cluster, node: KObject): Record<string, string>;
  /** The share of new connections each backend gets by the rules (for `kubesim curl --count`). */
  expectedShares?(cluster: Cluster, from: Vantage, dstIP: string, dstPort: number, protocol: 'TCP' | 'UDP' | 'SCTP'): { backend: Backend; share: number }[];
  /** Files of a client outside the cluster (resolv.conf). */
  outsideFiles?: Record<string, string>;
  /** PTR name of an address as seen from a vantage point (for ping's reply lines). */
  reverseLookup?(cluster: Cluster, from: Vantage, ip: string): string | undefined;
}

let installed: Engine | undefined;

export function installEngine(e: Engine): void {
  installed = e;
}

export function engine(): Engine {
  if (!installed) throw new Error('kubesim: the networking engine is not installed');
  return installed;
}
