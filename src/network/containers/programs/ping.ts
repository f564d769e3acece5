/**
 * ping (tool-outputs §5): iputils (Debian images, netshoot) and BusyBox. ICMP reaches pod IPs,
 * node IPs and loopback; a ClusterIP never answers (iptables mode handles only the Service's
 * TCP/UDP/SCTP ports) — the classic "I can curl it but not ping it" gotcha.
 */
import type { ContainerContext, RunResult } from '../box.js';
import type { Cluster } from '../../../store/cluster-state.js';
import { isIPv4, localAddress, resolve } from './network.js';
import { engine } from '../engine.js';

type Reach = { replies: true; ttl: number } | { replies: false; why: string };

/** Does an ICMP echo to `ip` from this vantage get a reply? */
export function icmpReach(cluster: Cluster, ctx: ContainerContext, ip: string): Reach {
  if (ip.startsWith('127.')) return { replies: true, ttl: 64 };
  const here = ctx.from.kind === 'pod' ? ((ctx.from.pod.spec as { nodeName?: string }).nodeName ?? '') : ctx.from.kind === 'node' ? ctx.from.node.metadata.name : '';
  for (const pod of cluster.list('Pod')) {
    const st = pod.status as { podIP?: string; phase?: string } | undefined;
    if (st?.podIP === ip && !(pod.spec as { hostNetwork?: boolean }).hostNetwork) {
      if (st.phase !== 'Running' && st.phase !== 'Pending') continue;
      const node = (pod.spec as { nodeName?: string }).nodeName ?? '';
      return { replies: true, ttl: ctx.from.kind === 'pod' && node === here ? 64 : 63 };
    }
  }
  for (const node of cluster.list('Node')) {
    const addrs = ((node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).map((a) => a.address);
    if (addrs.includes(ip)) return { replies: true, ttl: ctx.from.kind === 'pod' ? 63 : 64 };
    const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR;
    if (cidr && ip === cidr.replace(/\.0\/\d+$/, '.1')) return { replies: true, ttl: 64 };
  }
  for (const svc of cluster.list('Service')) {
    const ips = ((svc.spec as { clusterIPs?: string[]; clusterIP?: string } | undefined)?.clusterIPs ?? [(svc.spec as { clusterIP?: string }).clusterIP ?? '']).filter(Boolean);
    if (ips.includes(ip)) return { replies: false, why: `${ip} is the ClusterIP of Service ${svc.metadata.namespace}/${svc.metadata.name}: a virtual IP that kube-proxy (iptables mode) only DNATs for the Service's TCP/UDP/SCTP ports; nothing answers ICMP` };
  }
  if (ip === localAddress(cluster, ctx.from)) return { replies: true, ttl: 64 };
  return { replies: false, why: `nothing at ${ip} answers ICMP in the simulated network` };
}

function parse(args: string[]): { count?: number; deadline?: number; quiet: boolean; numeric: boolean; host?: string; bad?: string } {
  const o: { count?: number; deadline?: number; quiet: boolean; numeric: boolean; host?: string; bad?: string } = { quiet: false, numeric: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^-[cWwiIstQ]$/.test(a)) {
      const v = args[++i];
      if (a === '-c') o.count = Number(v);
      if (a === '-w') o.deadline = Number(v);
      continue;
    }
    const m = /^-([cwW])(\d+)$/.exec(a);
    if (m) {
      if (m[1] === 'c') o.count = Number(m[2]);
      if (m[1] === 'w') o.deadline = Number(m[2]);
      continue;
    }
    if (a === '-q') o.quiet = true;
    else if (a === '-n') o.numeric = true;
    else if (/^-[46vDO]$/.test(a)) continue;
    else if (a.startsWith('-')) o.bad = a;
    else o.host = a;
  }
  return o;
}

function rtts(ctx: ContainerContext, n: number, ttl: number): number[] {
  const base = ttl === 64 ? 0.04 : 0.15;
  return Array.from({ length: n }, () => base + ctx.cluster.random.int(200) / 1000);
}

const f3 = (n: number) => n.toFixed(3);

function defaultCount(ctx: ContainerContext, o: { count?: number; deadline?: number }): number {
  if (o.count !== undefined) return o.count;
  if (o.deadline !== undefined) return o.deadline;
  ctx.box.hints.push('ping without -c runs until interrupted; kubesim stops after 4 packets (use -c N)');
  return 4;
}

export function runIputilsPing(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if (!o.host) return { stdout: '', stderr: 'ping: usage error: Destination address required\n', code: 1 };
  const lookup = resolve(ctx, o.host);
  if (lookup.addresses.length === 0) return { stdout: '', stderr: `ping: ${o.host}: ${lookup.error === 'SERVFAIL' ? 'Temporary failure in name resolution' : 'Name or service not known'}\n`, code: 2 };
  const ip = lookup.addresses[0];
  const shown = isIPv4(o.host) ? o.host : (lookup.name ?? o.host).replace(/\.$/, '');
  const n = defaultCount(ctx, o);
  const reach = icmpReach(ctx.cluster, ctx, ip);
  ctx.cluster.dirty = true;
  let out = `PING ${shown} (${ip}) 56(84) bytes of data.\n`;
  if (!reach.replies) {
    ctx.trace.push({ layer: 'route', text: reach.why });
    ctx.box.hints.push(reach.why);
    const time = (n - 1) * 1000 + 8 + ctx.cluster.random.int(30);
    out += `\n--- ${shown} ping statistics ---\n${n} packets transmitted, 0 received, 100% packet loss, time ${time}ms\n\n`;
    return { stdout: out, stderr: '', code: 1 };
  }
  const ptr = isIPv4(o.host) || o.numeric ? undefined : (engine().reverseLookup?.(ctx.cluster, ctx.from, ip)?.replace(/\.$/, '') ?? ip);
  const from = ptr === undefined ? ip : `${ptr} (${ip})`;
  const times = rtts(ctx, n, reach.ttl);
  if (!o.quiet) times.forEach((t, i) => (out += `64 bytes from ${from}: icmp_seq=${i + 1} ttl=${reach.ttl} time=${f3(t)} ms\n`));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const avg = times.reduce((a, b) => a + b, 0) / n;
  const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / n);
  out += `\n--- ${shown} ping statistics ---\n${n} packets transmitted, ${n} received, 0% packet loss, time ${(n - 1) * 1000 + ctx.cluster.random.int(40)}ms\n`;
  out += `rtt min/avg/max/mdev = ${f3(min)}/${f3(avg)}/${f3(max)}/${f3(mdev)} ms\n`;
  return { stdout: out, stderr: '', code: 0 };
}

export function runBusyboxPing(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if (!o.host) return { stdout: '', stderr: 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n', code: 1 };
  const lookup = resolve(ctx, o.host);
  if (lookup.addresses.length === 0) return { stdout: '', stderr: `ping: bad address '${o.host}'\n`, code: 1 };
  const ip = lookup.addresses[0];
  const n = defaultCount(ctx, o);
  const reach = icmpReach(ctx.cluster, ctx, ip);
  ctx.cluster.dirty = true;
  let out = `PING ${o.host} (${ip}): 56 data bytes\n`;
  if (!reach.replies) {
    ctx.trace.push({ layer: 'route', text: reach.why });
    ctx.box.hints.push(reach.why);
    out += `\n--- ${o.host} ping statistics ---\n${n} packets transmitted, 0 packets received, 100% packet loss\n`;
    return { stdout: out, stderr: '', code: 1 };
  }
  const times = rtts(ctx, n, reach.ttl);
  if (!o.quiet) times.forEach((t, i) => (out += `64 bytes from ${ip}: seq=${i} ttl=${reach.ttl} time=${f3(t)} ms\n`));
  const avg = times.reduce((a, b) => a + b, 0) / n;
  out += `\n--- ${o.host} ping statistics ---\n${n} packets transmitted, ${n} packets received, 0% packet loss\n`;
  out += `round-trip min/avg/max = ${f3(Math.min(...times))}/${f3(avg)}/${f3(Math.max(...times))} ms\n`;
  return { stdout: out, stderr: '', code: 0 };
}
