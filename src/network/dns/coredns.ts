/**
 * CoreDNS as kubeadm/minikube deploy it, answering from the cluster state. The simulated Corefile:
 *
 *   .:53 {
 *       errors
 *       health { lameduck 5s }
 *       ready
 *       kubernetes cluster.local in-addr.arpa ip6.arpa {
 *          pods insecure
 *          fallthrough in-addr.arpa ip6.arpa
 *          ttl 30
 *       }
 *       prometheus :9153
 *       hosts { 192.168.49.1 host.minikube.internal; fallthrough }   (minikube adds this block)
 *       forward . /etc/resolv.conf
 *       cache 30
 *       loop
 *       reload
 *       loadbalance
 *   }
 *
 * Facts followed (kubernetes/dns specification 1.1.0, the kubernetes plugin's behaviour):
 * - cluster.local answers are authoritative (AA) and never carry RA; TTL 30; negative answers carry
 *   the zone's SOA `ns.dns.cluster.local. hostmaster.cluster.local. …` in AUTHORITY.
 * - `<svc>.<ns>.svc` A: the ClusterIP (also with 0 endpoints); headless: one A per *ready* endpoint
 *   (NXDOMAIN when there is none); AAAA on IPv4 Services: NODATA.
 * - `<ep>.<svc>.<ns>.svc`: `<ep>` = the endpoint's hostname, else its dashed IP; ClusterIP and headless.
 * - SRV `_<port>._<proto>.<svc>.<ns>.svc` (a bare SRV query on the Service name returns every port):
 *   priority 0, weight floor(100/answers) (at least 1), ClusterIP target `<svc>.<ns>.svc.cluster.local.`,
 *   headless targets per endpoint; A records of the targets go to ADDITIONAL.
 * - PTR for ClusterIPs, then for ready endpoint IPs (one PTR per Service the endpoint belongs to).
 * - ExternalName: CNAME `<externalName>.` followed by what the (simulated) upstream answers for it.
 * - `a-b-c-d.<ns>.pod` (pods insecure): A a.b.c.d when the namespace exists.
 * - `dns-version.cluster.local` TXT "1.1.0". An existing `<ns>.svc` / apex / `svc`: NODATA.
 * - loadbalance shuffles multi-A answers (drawn from the cluster's seeded random source).
 *
 * There is no real upstream. `forward . /etc/resolv.conf` reaches the minikube node's resolver,
 * which kubesim simulates as a tiny, fixed "internet" ({@link UPSTREAM_HOSTS}): documentation
 * addresses (RFC 5737) for `example.com`, `www.example.com`, `my.database.example.com`
 * (the ExternalName target of the seed notes), a SERVFAIL name `servfail.example.org`, and the
 * root NS set. Every other name is NXDOMAIN with the root zone's SOA. Forwarded answers carry RA
 * and no AA (as a recursive upstream answers).
 *
 * Deviation, deliberately following spec/tool-outputs.md §3.1 (observed bytes): a PTR query for an
 * address inside the cluster's own Service or Pod CIDR that matches nothing is answered NXDOMAIN by
 * CoreDNS itself (AA, no RA) rather than forwarded.
 */
import type { Cluster } from '../../store/cluster-state.js';
import type { TraceHop } from '../contracts.js';
import type { Service } from '../../controllers/endpoints.js';
import type { EndpointSlice, SliceEndpoint } from '../../controllers/endpointslices.js';
import { SERVICE_NAME_LABEL } from '../../controllers/endpointslices.js';
import { keyTable } from '../../key-table.js';

export type QType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'ANY' | 'MX' | 'NS' | 'SOA';
export type RRType = Exclude<QType, 'ANY'>;
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface DnsRecord {
  /** Owner name, fully qualified with the trailing dot. */
  name: string;
  ttl: number;
  type: RRType;
  /**
   * Presentation-format rdata: A/AAAA an address; CNAME/PTR/NS a name with trailing dot; SRV
   * `prio weight port target.`; TXT `"text"`; MX `pref host.`; SOA `mname. rname. serial refresh retry expire minimum`.
   */
  data: string;
}

export interface DnsReply {
  /** The question as asked, fully qualified with the trailing dot. */
  qname: string;
  qtype: QType;
  rcode: Rcode;
  /** Authoritative answer (cluster.local, the cluster reverse zones, minikube's hosts entry). */
  aa: boolean;
  /** Recursion available: set only on forwarded (upstream) answers. */
  ra: boolean;
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
  /** Which part of the server answered. */
  source: 'kubernetes' | 'hosts' | 'upstream';
  trace: TraceHop[];
}

/** The kubernetes plugin's TTL in the kubeadm/minikube Corefile. */
export const DNS_TTL = 30;
/** The SOA of cluster.local negative answers. */
export const SOA_SERIAL = 1700000000;
/** CoreDNS's ExternalName and forwarded answers go through `cache 30`. */
const UPSTREAM_TTL = 30;

/** Names minikube's Corefile `hosts` block answers. */
export const COREDNS_HOSTS: Record<string, string> = { 'host.minikube.internal': '192.168.49.1' };

/** The simulated internet (what the node's resolver answers). Name → A addresses, or an rcode. */
export const UPSTREAM_HOSTS: Record<string, string[] | 'SERVFAIL'> = keyTable({
  'example.com': ['203.0.113.50'],
  'www.example.com': ['203.0.113.50'],
  'my.database.example.com': ['203.0.113.10'],
  'servfail.example.org': 'SERVFAIL',
});

const ROOT_SERVERS = 'abcdefghijklm'.split('').map((c) => `${c}.root-servers.net.`);

// ---------------------------------------------------------------------------------------------
// Names and addresses

/** Lower-case, fully qualified (trailing dot). */
export function fqdn(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

export function stripDot(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

export function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((p) => Number(p) <= 255 && String(Number(p)) === p);
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa.` */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/** `10.0.96.10.in-addr.arpa.` → `10.96.0.10`; undefined when not a full IPv4 reverse name. */
export function addressFromReverse(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.$/.exec(fqdn(name));
  if (!m) return undefined;
  const ip = [m[4], m[3], m[2], m[1]].join('.');
  return isIPv4(ip) ? ip : undefined;
}

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return (((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3]) >>> 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m || !isIPv4(ip)) return false;
  const bits = Number(m[2]);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(m[1]) & mask) >>> 0);
}

/** The cluster DNS address kubeadm/minikube configure: the 10th address of the Service CIDR (10.96.0.10). */
export function clusterDNSIP(cluster: Cluster): string {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/\d+$/.exec(cluster.spec.serviceCIDR ?? '');
  if (!m) return '10.96.0.10';
  const n = ipToInt(m[1]) + 10;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function clusterDomain(cluster: Cluster): string {
  return (cluster.spec.clusterDomain || 'cluster.local').replace(/\.$/, '').toLowerCase();
}

function soaRecord(zone: string): DnsRecord {
  return { name: `${zone}.`, ttl: DNS_TTL, type: 'SOA', data: `ns.dns.${zone}. hostmaster.${zone}. ${SOA_SERIAL} 7200 1800 86400 ${DNS_TTL}` };
}

// ---------------------------------------------------------------------------------------------
// The cluster's records

interface Endpoint {
  ip: string;
  /** The label used in `<ep>.<svc>.<ns>.svc`: hostname, else the dashed IP. */
  label: string;
  ports: { name: string; port: number; protocol: string }[];
}

/** Ready endpoints of a Service, from its EndpointSlices (CoreDNS reads slices; ready nil counts as ready). */
export function readyEndpoints(cluster: Cluster, namespace: string, service: string): Endpoint[] {
  const out: Endpoint[] = [];
  const seen = new Set<string>();
  for (const s of cluster.list<EndpointSlice>('EndpointSlice', namespace)) {
    if (s.metadata.labels?.[SERVICE_NAME_LABEL] !== service) continue;
    const ports = (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
    // CoreDNS adds a sentinel port when a slice has none, so headless Services without ports still get A records.
    const eff = ports.length ? ports : [{ name: '', port: -1, protocol: '' }];
    for (const e of (s.endpoints ?? []) as SliceEndpoint[]) {
      if (e.conditions?.ready === false) continue;
      const ip = e.addresses?.[0];
      if (!ip) continue;
      const key = `${ip}/${JSON.stringify(eff)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ip, label: e.hostname || ip.replace(/[.:]/g, '-'), ports: eff });
    }
  }
  return out;
}

interface Item {
  /** An IP, or a name (ExternalName). */
  host: string;
  port: number;
  /** Owner-relative name for SRV targets: `<svc>.<ns>.svc.<zone>.` or `<ep>.<svc>.<ns>.svc.<zone>.` */
  target: string;
}

type Lookup = { kind: 'nodata'; why: string } | { kind: 'nxdomain'; why: string } | { kind: 'items'; items: Item[]; why: string; shuffle: boolean };

function namespaceExists(cluster: Cluster, ns: string): boolean {
  return !!cluster.get('Namespace', undefined, ns);
}

/** The kubernetes plugin's name lookup (forward names under the cluster zone). */
function lookupClusterName(cluster: Cluster, base: string, zone: string): Lookup {
  if (base === '' || base === 'svc' || base === 'pod') return { kind: 'nodata', why: `the ${base || 'zone apex'} has no records of this type` };
  const segs = base.split('.');
  let last = segs.length - 1;
  const podOrSvc = segs[last];
  if (podOrSvc !== 'svc' && podOrSvc !== 'pod') return { kind: 'nxdomain', why: `not a <svc>.<ns>.svc or <ip>.<ns>.pod name` };
  last--;
  const namespace = segs[last];
  last--;
  if (last < 0) {
    return namespaceExists(cluster, namespace)
      ? { kind: 'nodata', why: `namespace ${namespace} exists, but a namespace name has no records` }
      : { kind: 'nxdomain', why: `namespace ${namespace} does not exist` };
  }
  const service = segs[last];
  last--;
  let endpoint = '';
  let port = '';
  let protocol = '';
  if (last === 0) endpoint = segs[0];
  else if (last === 1) {
    protocol = segs[1].replace(/^_/, '');
    port = segs[0].replace(/^_/, '');
  } else if (last > 1) return { kind: 'nxdomain', why: 'too many labels for a cluster name' };
  if (!namespaceExists(cluster, namespace)) return { kind: 'nxdomain', why: `namespace ${namespace} does not exist` };

  if (podOrSvc === 'pod') {
    const dashed = service;
    const ip = dashed.split('-').length === 4 && !dashed.includes('--') ? dashed.replace(/-/g, '.') : '';
    if (!isIPv4(ip)) return { kind: 'nxdomain', why: `${dashed} is not a dashed IPv4 address (pods insecure)` };
    return { kind: 'items', items: [{ host: ip, port: 0, target: `${dashed}.${namespace}.pod.${zone}.` }], why: `pod record (pods insecure: the pod need not exist)`, shuffle: false };
  }

  const svc = cluster.get<Service>('Service', namespace, service);
  if (!svc) return { kind: 'nxdomain', why: `no Service ${service} in namespace ${namespace}` };
  const svcName = `${svc.metadata.name}.${namespace}.svc.${zone}.`;
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const matchPort = (pName: string, pProto: string) => (port === '' || eq(port, pName)) && (protocol === '' || eq(protocol, pProto));

  if (svc.spec.type === 'ExternalName') {
    const ext = String(svc.spec.externalName ?? '');
    if (endpoint || !ext) return { kind: 'nxdomain', why: 'an ExternalName Service has no endpoints' };
    return { kind: 'items', items: [{ host: ext, port: 0, target: fqdn(ext) }], why: `ExternalName Service ${namespace}/${service} → CNAME ${ext}`, shuffle: false };
  }

  const headless = svc.spec.clusterIP === 'None';
  if (headless || endpoint) {
    const items: Item[] = [];
    for (const ep of readyEndpoints(cluster, namespace, svc.metadata.name)) {
      if (endpoint && !eq(endpoint, ep.label)) continue;
      for (const p of ep.ports) {
        if (!matchPort(p.name, p.protocol)) continue;
        items.push({ host: ep.ip, port: p.port, target: `${ep.label}.${svcName}` });
      }
    }
    if (!items.length) {
      const why = endpoint
        ? `Service ${namespace}/${service} has no ready endpoint named ${endpoint}${port ? ` with port ${port}/${protocol}` : ''}`
        : `headless Service ${namespace}/${service} has no ready endpoints${port ? ` with port ${port}/${protocol}` : ''}`;
      return { kind: 'nxdomain', why };
    }
    const n = new Set(items.map((i) => i.host)).size;
    return { kind: 'items', items, why: endpoint ? `endpoint ${endpoint} of Service ${namespace}/${service}` : `headless Service ${namespace}/${service}: ${n} ready endpoint${n === 1 ? '' : 's'}`, shuffle: true };
  }

  const items: Item[] = [];
  const ips = (svc.spec.clusterIPs as string[] | undefined) ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : []);
  for (const p of svc.spec.ports ?? []) {
    if (!matchPort(p.name ?? '', p.protocol ?? 'TCP')) continue;
    for (const ip of ips) items.push({ host: ip, port: p.port, target: svcName });
  }
  if (!items.length) return { kind: 'nxdomain', why: port ? `Service ${namespace}/${service} has no port ${port}/${protocol}` : `Service ${namespace}/${service} has no ports` };
  return { kind: 'items', items, why: `ClusterIP of Service ${namespace}/${service}`, shuffle: false };
}

/** PTR names for an IP: the Service owning the ClusterIP, else every Service listing it as a ready endpoint. */
export function ptrNames(cluster: Cluster, ip: string): string[] {
  const zone = clusterDomain(cluster);
  for (const svc of cluster.list<Service>('Service')) {
    const ips = (svc.spec.clusterIPs as string[] | undefined) ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : []);
    if (ips.includes(ip)) return [`${svc.metadata.name}.${svc.metadata.namespace}.svc.${zone}.`];
  }
  const out: string[] = [];
  for (const s of cluster.list<EndpointSlice>('EndpointSlice')) {
    const svcName = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false || e.addresses?.[0] !== ip) continue;
      const name = `${e.hostname || ip.replace(/\./g, '-')}.${svcName}.${s.metadata.namespace}.svc.${zone}.`;
      if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Replies

function reply(qname: string, qtype: QType, source: DnsReply['source'], init: Partial<DnsReply>): DnsReply {
  return {
    qname,
    qtype,
    rcode: 'NOERROR',
    aa: source !== 'upstream',
    ra: source === 'upstream',
    answers: [],
    authority: [],
    additional: [],
    source,
    trace: [],
    ...init,
  };
}

function describe(r: DnsReply): string {
  if (r.rcode !== 'NOERROR') return r.rcode;
  const a = r.answers.filter((x) => x.type !== 'CNAME' || r.qtype === 'CNAME');
  if (!r.answers.length) return 'NOERROR, no records (NODATA)';
  const cn = r.answers.filter((x) => x.type === 'CNAME' && r.qtype !== 'CNAME').map((x) => `CNAME ${x.data} → `).join('');
  return cn + (a.length ? a.map((x) => x.data).join(', ') : 'no records of the asked type');
}

function shuffle<T>(cluster: Cluster, list: T[]): T[] {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = cluster.random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The simulated upstream: the node's resolver and the small fixed internet behind it. */
export function upstreamQuery(cluster: Cluster, qnameIn: string, qtype: QType): DnsReply {
  const qname = qnameIn.endsWith('.') ? qnameIn : `${qnameIn}.`;
  const name = stripDot(fqdn(qname));
  const entry = qname === '.' ? undefined : UPSTREAM_HOSTS[name];
  const r = reply(qname, qtype, 'upstream', {});
  const rootSOA = (): DnsRecord => {
    const d = cluster.now();
    const serial = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}00`;
    return { name: '.', ttl: UPSTREAM_TTL, type: 'SOA', data: `a.root-servers.net. nstld.verisign-grs.com. ${serial} 1800 900 604800 86400` };
  };
  if (qname === '.') {
    if (qtype === 'NS' || qtype === 'ANY') r.answers = ROOT_SERVERS.map((s) => ({ name: '.', ttl: UPSTREAM_TTL, type: 'NS', data: s }));
    else if (qtype === 'SOA') r.answers = [rootSOA()];
    else r.authority = [rootSOA()];
  } else if (entry === 'SERVFAIL') {
    r.rcode = 'SERVFAIL';
  } else if (entry) {
    if (qtype === 'A' || qtype === 'ANY') r.answers = shuffle(cluster, entry.map((ip) => ({ name: qname, ttl: UPSTREAM_TTL, type: 'A' as const, data: ip })));
    if (!r.answers.length) {
      const zone = name.split('.').slice(-2).join('.');
      r.authority = [{ name: `${zone}.`, ttl: UPSTREAM_TTL, type: 'SOA', data: `ns.icann.org. noc.dns.icann.org. 2025011636 7200 3600 1209600 3600` }];
    }
  } else {
    r.rcode = 'NXDOMAIN';
    r.authority = [rootSOA()];
  }
  r.trace.push({ layer: 'dns', text: `upstream resolver (simulated internet): ${qname} ${qtype} → ${describe(r)}` });
  return r;
}

/**
 * Ask CoreDNS (through the kube-dns Service) one question. `qtype` may also be MX/NS/SOA.
 * Draws from cluster.random only to shuffle multi-address answers (loadbalance).
 */
export function query(cluster: Cluster, qnameIn: string, qtype: QType): DnsReply {
  const qname = qnameIn.endsWith('.') ? qnameIn : `${qnameIn}.`;
  const lower = fqdn(qname);
  const zone = clusterDomain(cluster);
  const zoneDot = `${zone}.`;

  // kubernetes plugin: the cluster zone.
  if (lower === zoneDot || lower.endsWith(`.${zoneDot}`)) {
    const base = lower === zoneDot ? '' : lower.slice(0, -(zoneDot.length + 1));
    const r = reply(qname, qtype, 'kubernetes', {});
    const neg = (rcode: Rcode) => {
      r.rcode = rcode;
      r.authority = [soaRecord(zone)];
    };
    let why: string;
    if (base === '' && (qtype === 'SOA' || qtype === 'NS')) {
      r.answers = qtype === 'SOA' ? [{ ...soaRecord(zone), name: qname }] : [{ name: qname, ttl: DNS_TTL, type: 'NS', data: `ns.dns.${zoneDot}` }];
      why = `zone apex ${qtype}`;
    } else if (base === 'dns-version' && qtype === 'TXT') {
      r.answers = [{ name: qname, ttl: DNS_TTL, type: 'TXT', data: '"1.1.0"' }];
      why = 'DNS schema version';
    } else {
      const found = lookupClusterName(cluster, base, zone);
      why = found.why;
      if (found.kind === 'nxdomain') neg('NXDOMAIN');
      else if (found.kind === 'nodata') neg('NOERROR');
      else {
        const items = found.items;
        const named = items.filter((i) => !isIPv4(i.host) && !i.host.includes(':'));
        if (qtype === 'ANY') {
          // The kubernetes plugin answers ANY like an unknown type: NODATA for a name that exists.
          neg('NOERROR');
          why += '; ANY is answered with NODATA';
        } else if (named.length && (qtype === 'A' || qtype === 'AAAA' || qtype === 'CNAME')) {
          // ExternalName: CNAME, then the target as the upstream answers it.
          const target = fqdn(named[0].host);
          r.answers.push({ name: qname, ttl: DNS_TTL, type: 'CNAME', data: target });
          if (qtype === 'A' || qtype === 'AAAA') {
            const up = isClusterName(cluster, target) ? query(cluster, target, qtype) : upstreamQuery(cluster, target, qtype);
            r.trace.push(...up.trace);
            r.answers.push(...up.answers);
            if (up.rcode !== 'NOERROR') r.rcode = up.rcode;
            if (up.rcode === 'NXDOMAIN') r.authority = up.authority;
          }
        } else if (qtype === 'A') {
          const seen = new Set<string>();
          const recs: DnsRecord[] = [];
          for (const i of items) {
            if (!isIPv4(i.host) || seen.has(i.host)) continue;
            seen.add(i.host);
            recs.push({ name: qname, ttl: DNS_TTL, type: 'A', data: i.host });
          }
          r.answers = found.shuffle && recs.length > 1 ? shuffle(cluster, recs) : recs;
          if (!r.answers.length) neg('NOERROR');
        } else if (qtype === 'SRV') {
          const srvItems = items.filter((i) => i.port >= 0 && !base.endsWith('.pod'));
          const seen = new Set<string>();
          const uniq = srvItems.filter((i) => {
            const k = `${i.target}:${i.port}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
          const weight = Math.max(1, Math.floor(100 / Math.max(1, uniq.length)));
          const addSeen = new Set<string>();
          for (const i of uniq) {
            r.answers.push({ name: qname, ttl: DNS_TTL, type: 'SRV', data: `0 ${weight} ${i.port} ${i.target}` });
            if (isIPv4(i.host) && !addSeen.has(i.target)) {
              addSeen.add(i.target);
              r.additional.push({ name: i.target, ttl: DNS_TTL, type: 'A', data: i.host });
            }
          }
          if (!r.answers.length) neg('NOERROR');
        } else {
          neg('NOERROR');
          why += `; no ${qtype} records`;
        }
      }
    }
    r.trace.unshift({ layer: 'dns', text: `CoreDNS (kubernetes plugin, authoritative for ${zone}): ${qname} ${qtype} → ${describe(r)} — ${why}` });
    return r;
  }

  // kubernetes plugin: reverse zones (fallthrough to the rest of the chain when nothing matches).
  if (qtype === 'PTR' && (lower.endsWith('.in-addr.arpa.') || lower.endsWith('.ip6.arpa.'))) {
    const ip = addressFromReverse(lower);
    if (ip) {
      const names = ptrNames(cluster, ip);
      if (names.length) {
        const r = reply(qname, qtype, 'kubernetes', { answers: names.map((n) => ({ name: qname, ttl: DNS_TTL, type: 'PTR' as const, data: n })) });
        r.trace.push({ layer: 'dns', text: `CoreDNS (kubernetes plugin): ${qname} PTR → ${names.join(', ')}` });
        return r;
      }
      const hostName = Object.entries(COREDNS_HOSTS).find(([, a]) => a === ip)?.[0];
      if (hostName) {
        const r = reply(qname, qtype, 'hosts', { answers: [{ name: qname, ttl: 3600, type: 'PTR', data: `${hostName}.` }] });
        r.trace.push({ layer: 'dns', text: `CoreDNS (hosts plugin): ${qname} PTR → ${hostName}.` });
        return r;
      }
      if (cidrContains(cluster.spec.serviceCIDR, ip) || cidrContains(cluster.spec.podCIDR, ip)) {
        const r = reply(qname, qtype, 'kubernetes', { rcode: 'NXDOMAIN', authority: [soaRecord(zone)] });
        r.trace.push({ layer: 'dns', text: `CoreDNS (kubernetes plugin): ${qname} PTR → NXDOMAIN — ${ip} is no ClusterIP and no ready endpoint` });
        return r;
      }
    }
  }

  // hosts plugin (minikube's host.minikube.internal).
  const hostAddr = COREDNS_HOSTS[stripDot(lower)];
  if (hostAddr) {
    const r = reply(qname, qtype, 'hosts', {});
    if (qtype === 'A' || qtype === 'ANY') r.answers = [{ name: qname, ttl: 3600, type: 'A', data: hostAddr }];
    r.trace.push({ layer: 'dns', text: `CoreDNS (hosts plugin, minikube's Corefile): ${qname} ${qtype} → ${describe(r)}` });
    return r;
  }

  // forward . /etc/resolv.conf
  const up = upstreamQuery(cluster, qname, qtype);
  up.trace.unshift({ layer: 'dns', text: `CoreDNS: ${qname} is outside ${zone}; forwarded to the node's resolver (forward . /etc/resolv.conf)` });
  return up;
}

function isClusterName(cluster: Cluster, name: string): boolean {
  const z = `${clusterDomain(cluster)}.`;
  const n = fqdn(name);
  return n === z || n.endsWith(`.${z}`);
}

// ---------------------------------------------------------------------------------------------
// Wire size (for dig's `MSG SIZE  rcvd:`): miekg/dns compresses owner names and CNAME/PTR/NS/SOA/MX
// rdata names, but not SRV targets; an EDNS OPT record (11 bytes) is always present.

export function messageSize(r: DnsReply): number {
  const offsets = new Map<string, number>();
  let size = 12;
  const writeName = (name: string, compress: boolean) => {
    const n = fqdn(name);
    if (n === '.') {
      size += 1;
      return;
    }
    const labels = stripDot(n).split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const at = offsets.get(suffix);
      if (compress && at !== undefined) {
        size += 2;
        return;
      }
      if (!offsets.has(suffix) && size < 0x3fff) offsets.set(suffix, size);
      size += 1 + labels[i].length;
    }
    size += 1;
  };
  writeName(r.qname, true);
  size += 4;
  const rr = (rec: DnsRecord) => {
    writeName(rec.name, true);
    size += 10;
    const parts = rec.data.split(' ');
    switch (rec.type) {
      case 'A':
        size += 4;
        break;
      case 'AAAA':
        size += 16;
        break;
      case 'CNAME':
      case 'PTR':
      case 'NS':
        writeName(rec.data, true);
        break;
      case 'MX':
        size += 2;
        writeName(parts[1], true);
        break;
      case 'SRV':
        size += 6;
        writeName(parts[3], false);
        break;
      case 'TXT':
        size += 1 + rec.data.replace(/^"|"$/g, '').length;
        break;
      case 'SOA':
        writeName(parts[0], true);
        writeName(parts[1], true);
        size += 20;
        break;
    }
  };
  for (const rec of [...r.answers, ...r.authority, ...r.additional]) rr(rec);
  return size + 11;
}
