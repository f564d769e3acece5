/**
 * The files the kubelet and the runtime put into every container: /etc/resolv.conf (see
 * dns/resolver.ts for the dnsPolicy rules), /etc/hosts (kubelet-managed) and /etc/hostname.
 *
 * /etc/hosts layout (kubelet `managedHostsHeader` + `hostsEntriesFromHostAliases`):
 *   # Kubernetes-managed hosts file.
 *   127.0.0.1<TAB>localhost
 *   ::1<TAB>localhost ip6-localhost ip6-loopback
 *   fe00::0<TAB>ip6-localnet
 *   fe00::0<TAB>ip6-mcastprefix
 *   fe00::1<TAB>ip6-allnodes
 *   fe00::2<TAB>ip6-allrouters
 *   <podIP><TAB><hostname>                          (or <podIP><TAB><fqdn><TAB><hostname> with spec.subdomain)
 *   (blank line, `# Entries added by HostAliases.`, then `<ip><TAB><name><TAB><name>…` per spec.hostAliases)
 * hostNetwork pods get `# Kubernetes-managed hosts file (host network).` followed by the node's own
 * /etc/hosts (the minikube node's Docker-written file plus minikube's two entries), then any aliases.
 */
import type { Cluster } from '../../store/cluster-state.js';
import type { KObject } from '../../api/resources.js';
import type { Vantage } from '../contracts.js';
import type { NodeObject, Pod } from '../../controllers/kubelet.js';
import { nodeInternalIP } from '../../controllers/kubelet.js';
import { clusterDomain } from '../dns/coredns.js';
import { podResolvConf } from '../dns/resolver.js';

const MAX_HOSTNAME = 63;

/** The pod's hostname: spec.hostname or the pod name, cut to 63 characters with trailing `-`/`.` trimmed. A hostNetwork pod has its node's. */
export function podHostname(pod: KObject): string {
  const p = pod as Pod;
  if (p.spec?.hostNetwork && p.spec.nodeName) return p.spec.nodeName;
  let h = p.spec?.hostname || p.metadata.name;
  if (h.length > MAX_HOSTNAME) h = h.slice(0, MAX_HOSTNAME).replace(/[-.]+$/, '');
  return h;
}

/** `<hostname>.<subdomain>.<ns>.svc.<zone>` when spec.subdomain is set. */
export function podFQDN(cluster: Cluster, pod: KObject): string | undefined {
  const p = pod as Pod;
  if (!p.spec?.subdomain || p.spec.hostNetwork) return undefined;
  return `${podHostname(pod)}.${p.spec.subdomain}.${p.metadata.namespace ?? 'default'}.svc.${clusterDomain(cluster)}`;
}

function controlPlaneIP(cluster: Cluster): string | undefined {
  const nodes = cluster.list<NodeObject>('Node');
  const cp = nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
  return cp ? nodeInternalIP(cp) : undefined;
}

/** A minikube node's /etc/hosts (Docker writes the first lines, minikube appends its two names). */
export function nodeHostsFile(cluster: Cluster, node: KObject): string {
  const ip = nodeInternalIP(node as NodeObject);
  let out = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';
  if (ip) out += `${ip}\t${node.metadata.name}\n`;
  out += '192.168.49.1\thost.minikube.internal\n';
  const cp = controlPlaneIP(cluster);
  if (cp) out += `${cp}\tcontrol-plane.minikube.internal\n`;
  return out;
}

function hostAliases(pod: Pod): string {
  const aliases = (pod.spec as { hostAliases?: { ip: string; hostnames?: string[] }[] }).hostAliases ?? [];
  if (!aliases.length) return '';
  let out = '\n# Entries added by HostAliases.\n';
  for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  return out;
}

/** The pod's /etc/hosts. */
export function podHostsFile(cluster: Cluster, pod: KObject): string {
  const p = pod as Pod;
  if (p.spec?.hostNetwork) {
    const node = p.spec.nodeName ? cluster.get('Node', undefined, p.spec.nodeName) : undefined;
    return `# Kubernetes-managed hosts file (host network).\n${node ? nodeHostsFile(cluster, node) : ''}${hostAliases(p)}`;
  }
  let out =
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  const hostname = podHostname(pod);
  const fqdn = podFQDN(cluster, pod);
  const ips = (p.status?.podIPs?.map((x) => x.ip) ?? (p.status?.podIP ? [p.status.podIP] : [])).filter(Boolean);
  for (const ip of ips) out += fqdn ? `${ip}\t${fqdn}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  return out + hostAliases(p);
}

/** The files of one container: /etc/resolv.conf, /etc/hosts, /etc/hostname. */
export function podFiles(cluster: Cluster, pod: KObject, _containerName: string): Record<string, string> {
  return {
    '/etc/resolv.conf': podResolvConf(cluster, pod as Pod).text,
    '/etc/hosts': podHostsFile(cluster, pod),
    '/etc/hostname': `${podHostname(pod)}\n`,
  };
}

export interface HostsEntry {
  ip: string;
  names: string[];
}

export function parseHostsFile(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (names.length) out.push({ ip, names });
  }
  return out;
}

/** The /etc/hosts entries at a vantage point (a client outside the cluster: just localhost). */
export function hostsEntries(cluster: Cluster, from: Vantage): HostsEntry[] {
  if (from.kind === 'pod') return parseHostsFile(podHostsFile(cluster, from.pod));
  if (from.kind === 'node') return parseHostsFile(nodeHostsFile(cluster, from.node));
  return parseHostsFile('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
}
