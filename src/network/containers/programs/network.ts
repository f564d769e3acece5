/**
 * The client side of a simulated connection, shared by curl, wget, nc and ping: resolve the host
 * (the DNS module), route the SYN (kube-proxy's rule walk), and hand the request to the server
 * that owns the backend. The DNS and routing engines come from `../engine.ts`.
 */
import type { ConnectOutcome, HostLookup, Vantage } from '../../contracts.js';
import type { Cluster } from '../../../store/cluster-state.js';
import type { KObject } from '../../../api/resources.js';
import type { ContainerContext } from '../box.js';
import { ephemeralPort, findListener, serve } from '../servers/index.js';
import type { ServeReply } from '../servers/http.js';

import { engine as net } from '../engine.js';

export function isIPv4(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);
}

/** The address a vantage point sends from. */
export function localAddress(cluster: Cluster, from: Vantage): string {
  if (from.kind === 'pod') return (from.pod.status as { podIP?: string } | undefined)?.podIP ?? '0.0.0.0';
  if (from.kind === 'node') return ((from.node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '0.0.0.0';
  void cluster;
  return '192.168.49.1';
}

/** Name resolution as getaddrinfo does it (IP literals and localhost need no DNS). */
export function resolve(ctx: ContainerContext, host: string): HostLookup {
  if (isIPv4(host)) return { addresses: [host], name: host, canonicalNames: [], trace: [] };
  if (host === 'localhost' || host === 'localhost.localdomain') return { addresses: ['127.0.0.1'], name: 'localhost', canonicalNames: [], trace: [] };
  // /etc/hosts first (the pod's own hostname, kubelet-managed entries).
  const hosts = ctx.box.fs.read('/etc/hosts') ?? '';
  for (const line of hosts.split('\n')) {
    const parts = line.replace(/#.*/, '').trim().split(/\s+/);
    if (parts.length > 1 && isIPv4(parts[0]) && parts.slice(1).includes(host)) return { addresses: [parts[0]], name: host, canonicalNames: [], trace: [{ layer: 'dns', text: `${host} → ${parts[0]} from /etc/hosts` }] };
  }
  const r = net().resolveHost(ctx.cluster, ctx.from, host);
  ctx.trace.push(...r.trace);
  return r;
}

export type Dial =
  | { kind: 'connected'; ip: string; port: number; backend: { pod?: KObject; ip: string; port: number; nodeName?: string }; sourceIP: string; localIP: string; localPort: number; ms: number }
  | { kind: 'refused'; ip: string; port: number; localIP: string; localPort: number; ms: number }
  | { kind: 'timeout'; ip: string; port: number; localIP: string; localPort: number; ms: number }
  | { kind: 'unreachable'; ip: string; port: number; localIP: string; localPort: number; ms: number };

/** A small, plausible round-trip time in ms for a connection inside the cluster. */
function latency(cluster: Cluster): number {
  return cluster.random.int(3);
}

/** Open a TCP (or UDP) connection to ip:port from the context's vantage point. */
export function dial(ctx: ContainerContext, ip: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Dial {
  const cluster = ctx.cluster;
  cluster.dirty = true;
  const localIP = localAddress(cluster, ctx.from);
  const localPort = ephemeralPort(cluster);
  const ms = latency(cluster);
  // Loopback inside a pod: the pod's own containers (they share the network namespace).
  if (ip.startsWith('127.') && ctx.from.kind === 'pod') {
    const pod = ctx.from.pod;
    ctx.trace.push({ layer: 'route', text: `${ip} is loopback: the pod's own network namespace` });
    if (findListener(pod, port, protocol)) return { kind: 'connected', ip, port, backend: { pod, ip, port, nodeName: (pod.spec as { nodeName?: string }).nodeName }, sourceIP: '127.0.0.1', localIP: '127.0.0.1', localPort, ms };
    ctx.trace.push({ layer: 'app', text: `nothing in pod ${pod.metadata.name} listens on ${protocol} ${port}` });
    return { kind: 'refused', ip, port, localIP: '127.0.0.1', localPort, ms };
  }
  const outcome: ConnectOutcome = net().connect(cluster, ctx.from, ip, port, protocol);
  ctx.trace.push(...outcome.trace);
  if (outcome.result === 'connected') return { kind: 'connected', ip, port, backend: outcome.backend, sourceIP: outcome.sourceIP, localIP, localPort, ms };
  if (outcome.result === 'refused') return { kind: 'refused', ip, port, localIP, localPort, ms };
  if (outcome.result === 'timeout') return { kind: 'timeout', ip, port, localIP, localPort, ms };
  return { kind: 'unreachable', ip, port, localIP, localPort, ms };
}

/** Send the request bytes over an established connection and get the server's reply. */
export function exchange(ctx: ContainerContext, d: Extract<Dial, { kind: 'connected' }>, bytes: string, opts: { tls?: boolean } = {}): ServeReply {
  const pod = d.backend.pod;
  if (!pod) {
    ctx.trace.push({ layer: 'app', text: `${d.backend.ip}:${d.backend.port} is not a pod; nothing answers` });
    return { kind: 'empty' };
  }
  const reply = serve(ctx.cluster, pod, d.backend.port, bytes, { ip: d.sourceIP, port: d.localPort }, opts);
  if (reply === 'refused') return { kind: 'empty' };
  ctx.trace.push({ layer: 'app', text: `${pod.metadata.namespace}/${pod.metadata.name} (${d.backend.ip}:${d.backend.port}) answered; it saw the client as ${d.sourceIP}:${d.localPort}` });
  return reply;
}
