/**
 * What listens in a pod and how it answers. kube-proxy asks `podListens` whether a connection to
 * a pod port finds a listener (else: connection refused); clients hand the bytes of their request
 * to `serve`, which runs the container's server and records its access-log line.
 * `serveHttpBytes` / `serveTcpBytes` serve raw bytes from a real socket (port-forward).
 */
import type { Container, Pod } from '../../../controllers/kubelet.js';
import { MAX_LOG_LINES, type Cluster } from '../../../store/cluster-state.js';
import type { KObject } from '../../../api/resources.js';
import { containerListeners, type Listener, type ServerKind } from '../images.js';
import type { AppContext, HttpApp, StartupLog, TcpApp } from './app.js';
import { goResponse, parseRequest, serializeResponse, type ServeReply } from './http.js';
import { nginxApp, nginxStartup } from './nginx.js';
import { busyboxHttpdApp, httpdApp, httpdStartup } from './httpd.js';
import { whoamiApp, whoamiStartup } from './whoami.js';
import { httpEchoApp, httpEchoStartup } from './http-echo.js';
import { netexecApp, netexecStartup, serveHostnameApp, serveHostnameStartup } from './agnhost.js';
import { echoApp, echoStartup } from './echo.js';
import { redisApp, redisStartup } from './redis.js';
import { mysqlApp, postgresApp, postgresStartup } from './databases.js';
import { corednsHealthApp, corednsMetricsApp, corednsStartup } from './coredns.js';
import { apiserverPlainHttpApp, apiserverTlsApp } from './apiserver.js';

const HTTP_APPS: Partial<Record<ServerKind, HttpApp>> = {
  nginx: nginxApp,
  httpd: httpdApp,
  'busybox-httpd': busyboxHttpdApp,
  whoami: whoamiApp,
  'http-echo': httpEchoApp,
  'agnhost-netexec': netexecApp,
  'serve-hostname': serveHostnameApp,
  echo: echoApp,
  'coredns-health': corednsHealthApp,
  'coredns-metrics': corednsMetricsApp,
  apiserver: apiserverPlainHttpApp,
};

const TCP_APPS: Partial<Record<ServerKind, TcpApp>> = {
  redis: redisApp,
  postgres: postgresApp,
  mysql: mysqlApp,
};

const STARTUP: Partial<Record<ServerKind, StartupLog>> = {
  nginx: nginxStartup,
  httpd: httpdStartup,
  whoami: whoamiStartup,
  'http-echo': httpEchoStartup,
  'agnhost-netexec': netexecStartup,
  'serve-hostname': serveHostnameStartup,
  echo: echoStartup,
  redis: redisStartup,
  postgres: postgresStartup,
  coredns: corednsStartup,
};

/** Servers that greet before the client speaks (their bytes arrive even for HTTP clients). */
const GREETERS = new Set<ServerKind>(['mysql']);

/** Servers on a TLS port. */
const TLS_SERVERS = new Set<ServerKind>(['apiserver']);

export interface FoundListener {
  container: Container;
  listener: Listener;
}

function containerRunning(pod: Pod, name: string): boolean {
  const st = pod.status?.containerStatuses?.find((s) => s.name === name);
  return Boolean(st?.state?.running);
}

/** The running container and listener that own `port/protocol` in a pod, if any. */
export function findListener(pod: KObject, port: number, protocol: string = 'TCP'): FoundListener | undefined {
  const p = pod as Pod;
  if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) return undefined;
  for (const c of p.spec?.containers ?? []) {
    if (!containerRunning(p, c.name)) continue;
    for (const l of containerListeners(c)) if (l.port === port && l.protocol === protocol) return { container: c, listener: l };
  }
  return undefined;
}

/** kube-proxy's listener check: does the pod's program listen on this port? */
export function podListens(pod: KObject, port: number, protocol: 'TCP' | 'UDP' | 'SCTP'): boolean {
  return findListener(pod, port, protocol) !== undefined;
}

export function isTlsPort(pod: KObject, port: number): boolean {
  const f = findListener(pod, port);
  return f !== undefined && TLS_SERVERS.has(f.listener.server);
}

export function isHttpServer(pod: KObject, port: number): boolean {
  const f = findListener(pod, port);
  return f !== undefined && HTTP_APPS[f.listener.server] !== undefined;
}

/** Append one line to a container's log, dropping the oldest beyond MAX_LOG_LINES. */
export function appendLog(cluster: Cluster, pod: KObject, container: string, line: string): void {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}/${container}`;
  const lines = (cluster.state.logs[key] ??= []);
  lines.push(line);
  if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
  cluster.dirty = true;
}

function hostnameOf(pod: Pod): string {
  return (pod.spec.hostname as string | undefined) ?? pod.metadata.name.slice(0, 63).replace(/[-.]+$/, '');
}

function appContext(cluster: Cluster, pod: Pod, found: FoundListener, client: { ip: string; port: number }): AppContext {
  return {
    cluster,
    now: cluster.now(),
    pod,
    container: found.container,
    listener: found.listener,
    podIP: pod.status?.podIP ?? '',
    nodeName: pod.spec.nodeName ?? '',
    hostname: hostnameOf(pod),
    client,
    log: (line) => appendLog(cluster, pod, found.container.name, line),
  };
}

/** An ephemeral source port as Linux picks them (32768-60999), from the cluster's random source. */
export function ephemeralPort(cluster: Cluster): number {
  return 32768 + cluster.random.int(60999 - 32768 + 1);
}

/**
 * Serve one connection's request bytes on a pod port. `tls`: the client speaks TLS (curl https://).
 * Returns what the client receives, or 'refused' when nothing listens there.
 */
export function serve(cluster: Cluster, pod: KObject, port: number, requestBytes: string, client: { ip: string; port: number }, opts: { tls?: boolean } = {}): ServeReply | 'refused' {
  const found = findListener(pod, port);
  if (!found) return 'refused';
  const ctx = appContext(cluster, pod as Pod, found, client);
  const kind = found.listener.server;
  if (kind === 'coredns') return { kind: 'empty', afterMs: 2000 };
  if (kind === 'apiserver' && opts.tls) {
    const req = parseRequest(requestBytes);
    return req ? apiserverTlsApp(req, ctx) : { kind: 'empty' };
  }
  const http = HTTP_APPS[kind];
  if (http) {
    const req = parseRequest(requestBytes);
    if (!req) return { kind: 'http', response: { ...goResponse(ctx.now, 400, '400 Bad Request'), close: true } };
    return http(req, ctx);
  }
  const tcp = TCP_APPS[kind];
  if (tcp) {
    const r = tcp(requestBytes, ctx);
    const bytes = GREETERS.has(kind) ? r.response : r.response;
    return bytes ? { kind: 'raw', bytes } : r.close ? { kind: 'empty' } : { kind: 'hang' };
  }
  return { kind: 'hang' };
}

/** For port-forward: serve raw HTTP request bytes read from a real socket. */
export function serveHttpBytes(cluster: Cluster, pod: KObject, containerPort: number, requestBytes: Buffer, clientIP: string): { response: Buffer; close: boolean } | 'refused' {
  const reply = serve(cluster, pod, containerPort, requestBytes.toString('latin1'), { ip: clientIP, port: ephemeralPort(cluster) });
  if (reply === 'refused') return 'refused';
  switch (reply.kind) {
    case 'http':
      return { response: Buffer.from(serializeResponse(reply.response), 'utf8'), close: Boolean(reply.response.close) };
    case 'raw':
      return { response: Buffer.from(reply.bytes, 'latin1'), close: true };
    default:
      return { response: Buffer.alloc(0), close: true };
  }
}

/** For port-forward and nc: raw bytes to a TCP server (redis …); HTTP servers answer as for HTTP. */
export function serveTcpBytes(cluster: Cluster, pod: KObject, containerPort: number, bytes: Buffer, clientIP: string): { response: Buffer; close: boolean } | 'refused' {
  return serveHttpBytes(cluster, pod, containerPort, bytes, clientIP);
}

/** The lines a container's servers wrote when it started (from its start time). */
export function startupLog(pod: KObject, containerName: string): string[] {
  const p = pod as Pod;
  const c = p.spec?.containers?.find((x) => x.name === containerName);
  if (!c) return [];
  const st = p.status?.containerStatuses?.find((s) => s.name === containerName);
  const startedAt = st?.state?.running?.startedAt ?? p.status?.startTime;
  if (!startedAt) return [];
  const out: string[] = [];
  const seen = new Set<ServerKind>();
  for (const l of containerListeners(c)) {
    const fn = STARTUP[l.server];
    if (!fn || seen.has(l.server)) continue;
    seen.add(l.server);
    out.push(...fn({ startedAt: new Date(startedAt), pod: p, container: c, listener: l, podIP: p.status?.podIP ?? '', hostname: hostnameOf(p) }));
  }
  return out;
}
