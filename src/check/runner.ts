/**
 * Running the checks of a CHECKS file against a cluster in memory. Every check goes the path the
 * interactive commands go, so a check sees what they would show:
 *   - request: the box `exec`/`kubesim curl --from` builds (a pod's container, a node's shell, or
 *     the user's machine outside), then resolve → dial → exchange — the very steps of the
 *     simulated curl (getaddrinfo with the vantage's /etc/hosts and resolv.conf, kube-proxy's rule
 *     walk, the simulated server), sending the request curl 8.10.1 sends;
 *   - dns: the vantage's resolv.conf search list and nameservers, each query sent as nslookup
 *     sends it (through kube-proxy to CoreDNS, or to the node's upstream resolver);
 *   - env: the environment `exec … -- printenv` prints (runtime defaults, image ENV, kubelet's
 *     service links and the container's own env);
 *   - endpoints: the Endpoints object the endpoints controller published.
 * A check never throws for what it finds (a missing pod is a failed check, with kubectl's text).
 */
import type { SourcePosition } from '../errors.js';
import { KubesimError } from '../errors.js';
import type { Cluster } from '../store/cluster-state.js';
import type { Pod } from '../controllers/kubelet.js';
import type { EndpointsObject, Service } from '../controllers/endpoints.js';
import type { TraceHop, Vantage } from '../network/contracts.js';
import { notFoundError, ApiError } from '../apiserver/status.js';
import { wireNetwork } from '../network/containers/wire.js';
import { contextFor, type Box } from '../network/containers/box.js';
import { nodeBox, outsideBox, podBox } from '../network/containers/toolbox.js';
import { defaultContainer, podForExec, resolveTarget } from '../network/containers/pod-target.js';
import { dial, exchange, resolve } from '../network/containers/programs/network.js';
import { isTlsPort } from '../network/containers/servers/index.js';
import { serializeRequest } from '../network/containers/servers/http.js';
import { engine } from '../network/containers/engine.js';
import { exchange as dnsExchange, resolverConf, searchCandidates } from '../network/dns/resolver.js';
import { serviceSelectorHint } from '../hints/service-selector.js';
import { describeRange, inRange, type Check, type DnsCheck, type DnsOutcome, type EndpointsCheck, type EnvCheck, type RequestCheck, type RequestOutcome } from './format.js';
import type { ClusterInfo } from './setup.js';

export type CaseKind = 'apply' | Check['kind'];

export interface Failure {
  message: string;
  at?: SourcePosition;
}

/** One test case of the report: the apply step, or one check. */
export interface CaseResult {
  name: string;
  kind: CaseKind;
  at?: SourcePosition;
  passed: boolean;
  /** What was seen, in one line (`HTTP 200 from frontend-…`, `3 ready endpoints`). */
  observed: string;
  failures: Failure[];
  /** kubesim's explanations of a failure (why a request timed out, why a Service has no endpoints). */
  hints: string[];
  /** The network hops of the (first failing) request or lookup, for failed checks. */
  trace: string[];
}

export interface CheckReport {
  /** The CHECKS file as the user named it. */
  file: string;
  cluster: ClusterInfo;
  cases: CaseResult[];
  passed: number;
  failed: number;
}

export function summarize(file: string, cluster: ClusterInfo, cases: CaseResult[]): CheckReport {
  const failed = cases.filter((c) => !c.passed).length;
  return { file, cluster, cases, passed: cases.length - failed, failed };
}

// ---------------------------------------------------------------------------------------------
// Where a request or lookup starts

interface Place {
  box: Box;
  env: Map<string, string>;
  label: string;
}

/** A pod's container, checked the way `exec` checks it before running anything. */
function runningContainer(pod: Pod, wanted: string | undefined): { name: string } {
  const name = pod.metadata.name;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KubesimError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  if (!pod.spec.nodeName) throw new ApiError('BadRequest', `pod ${name} does not have a host assigned`);
  const containerName = wanted ?? defaultContainer(pod).name;
  const container = pod.spec.containers.find((c) => c.name === containerName);
  if (!container) throw new ApiError('BadRequest', `container ${containerName} is not valid for pod ${name}`);
  const status = pod.status?.containerStatuses?.find((s) => s.name === containerName);
  if (!status?.state?.running) {
    const waiting = status?.state?.waiting?.reason;
    throw new KubesimError(`unable to upgrade connection: container not found ("${containerName}")`, { hint: waiting ? `container ${containerName} is not running (${waiting})` : undefined });
  }
  return container;
}

function podFor(cluster: Cluster, namespace: string, target: string, container: string | undefined): { pod: Pod; container: Pod['spec']['containers'][number] } {
  const pod = podForExec(resolveTarget(cluster, namespace, target));
  runningContainer(pod, container);
  const c = pod.spec.containers.find((x) => x.name === (container ?? defaultContainer(pod).name))!;
  return { pod, container: c };
}

function place(cluster: Cluster, from: string, namespace: string, container: string | undefined): Place {
  if (from === 'outside') return { ...outsideBox(cluster, { tty: false }), label: 'outside' };
  const slash = from.indexOf('/');
  const type = slash < 0 ? '' : from.slice(0, slash);
  const name = from.slice(slash + 1);
  if (type === 'node' || type === 'nodes' || type === 'no') {
    const node = cluster.get('Node', undefined, name);
    if (!node) throw notFoundError('nodes', name);
    return { ...nodeBox(cluster, node, { tty: false }), label: `node/${name}` };
  }
  const { pod, container: c } = podFor(cluster, namespace, from, container);
  if (!pod.status?.podIP) throw new KubesimError(`pod ${pod.metadata.name} has no IP yet (phase ${pod.status?.phase ?? 'Pending'})`);
  const b = podBox(cluster, pod, c, { tty: false });
  return { box: b.box, env: b.env, label: `pod/${pod.metadata.name}` };
}

function errorText(err: unknown): { message: string; hint?: string } {
  if (err instanceof ApiError) return { message: err.render(), hint: err.hint };
  if (err instanceof KubesimError) return { message: err.message, hint: err.hint };
  throw err;
}

function traceLines(hops: TraceHop[]): string[] {
  return hops.map((h) => `${h.layer}: ${h.text}`);
}

// ---------------------------------------------------------------------------------------------
// request

interface Attempt {
  outcome: RequestOutcome;
  status?: number;
  body?: string;
  /** `namespace/name` of the pod that answered, or `ip:port` of a non-pod backend. */
  backend?: string;
  podName?: string;
  detail: string;
  trace: TraceHop[];
}

const OUTCOME_TEXT: Record<RequestOutcome, string> = {
  ok: 'an HTTP response',
  refused: 'connection refused',
  timeout: 'timed out',
  'dns-error': 'could not resolve the host',
  unreachable: 'no route to host',
  'empty-reply': 'empty reply from server',
  'tls-error': 'TLS handshake failed',
  'not-http': 'a reply that is not HTTP',
};

function sendOnce(p: Place, c: RequestCheck): Attempt {
  const trace: TraceHop[] = [];
  const ctx = contextFor(p.box, p.env, '', trace, p.env.get('PWD') ?? '/');
  const url = c.url;
  const lookup = resolve(ctx, url.host);
  if (lookup.addresses.length === 0) return { outcome: 'dns-error', detail: `could not resolve host ${url.host}${lookup.error ? ` (${lookup.error})` : ''}`, trace };
  const ip = lookup.addresses[0];
  const d = dial(ctx, ip, url.port);
  if (d.kind === 'refused') return { outcome: 'refused', detail: `connection to ${ip}:${url.port} refused`, trace };
  if (d.kind === 'timeout') return { outcome: 'timeout', detail: `connection to ${ip}:${url.port} timed out`, trace };
  if (d.kind === 'unreachable') return { outcome: 'unreachable', detail: `no route to ${ip}:${url.port}`, trace };
  const pod = d.backend.pod;
  const who = pod ? { backend: `${pod.metadata.namespace}/${pod.metadata.name}`, podName: pod.metadata.name } : { backend: `${d.backend.ip}:${d.backend.port}` };
  if (url.scheme === 'https' && !(pod && isTlsPort(pod, d.backend.port))) return { outcome: 'tls-error', detail: `${who.backend} does not speak TLS on port ${d.backend.port}`, trace, ...who };
  const headers: [string, string][] = [
    ['Host', url.explicitPort ? `${url.host}:${url.port}` : url.host],
    ['User-Agent', 'curl/8.10.1'],
    ['Accept', '*/*'],
  ];
  for (const [k, v] of c.headers) {
    const at = headers.findIndex(([h]) => h.toLowerCase() === k.toLowerCase());
    if (at >= 0) headers[at] = [k, v];
    else headers.push([k, v]);
  }
  const reply = exchange(ctx, d, serializeRequest({ method: c.method, target: url.path, version: 'HTTP/1.1', headers, body: '' }), { tls: url.scheme === 'https' });
  if (reply.kind === 'empty') return { outcome: 'empty-reply', detail: `${who.backend} closed the connection without a reply`, trace, ...who };
  if (reply.kind === 'hang') return { outcome: 'timeout', detail: `${who.backend} accepted the connection but never answered`, trace, ...who };
  if (reply.kind === 'raw') return { outcome: 'not-http', detail: `${who.backend} answered with bytes that are not HTTP`, trace, ...who };
  const r = reply.response;
  return { outcome: 'ok', status: r.status, body: r.body, detail: `HTTP ${r.status} from ${who.podName ?? who.backend}`, trace, ...who };
}

function snippet(body: string): string {
  return JSON.stringify(body.length > 100 ? body.slice(0, 100) + '...' : body);
}

function vantageOf(p: Place): Vantage {
  return p.box.vantage;
}

function runRequest(cluster: Cluster, c: RequestCheck & Pick<Check, 'expectAt'>, ns: string): Omit<CaseResult, 'name' | 'kind' | 'at'> {
  const at = (k: string) => c.expectAt[k] ?? c.expectAt.expect;
  const p = place(cluster, c.from, c.namespace || ns, c.container);
  const attempts: Attempt[] = [];
  for (let i = 0; i < c.count; i++) attempts.push(sendOnce(p, c));
  const e = c.expect;
  const failures: Failure[] = [];
  let firstBad: Attempt | undefined;
  const bad = (a: Attempt) => (firstBad ??= a);
  const n = attempts.length;
  const of = (k: number) => (n === 1 ? '' : ` (${k} of ${n} requests)`);

  const wrongOutcome = attempts.filter((a) => a.outcome !== e.outcome);
  if (wrongOutcome.length) {
    bad(wrongOutcome[0]);
    failures.push({ message: `outcome: want ${e.outcome} (${OUTCOME_TEXT[e.outcome]}), got ${wrongOutcome[0].outcome}: ${wrongOutcome[0].detail}${of(wrongOutcome.length)}`, at: at('outcome') });
  }
  const answered = attempts.filter((a) => a.outcome === 'ok');
  if (e.status && answered.length) {
    const wrong = answered.filter((a) => !e.status!.includes(a.status!));
    if (wrong.length) {
      bad(wrong[0]);
      failures.push({ message: `status: want ${e.status.join(' or ')}, got ${wrong[0].status} from ${wrong[0].podName ?? wrong[0].backend}${of(wrong.length)}`, at: at('status') });
    }
  }
  if (e.body && answered.length) {
    const wrong = answered.filter((a) => !e.body!.test(a.body ?? ''));
    if (wrong.length) {
      bad(wrong[0]);
      failures.push({ message: `body: /${e.body.source}/ does not match the body from ${wrong[0].podName ?? wrong[0].backend}: ${snippet(wrong[0].body ?? '')}${of(wrong.length)}`, at: at('body') });
    }
  }
  const tally = new Map<string, number>();
  for (const a of answered) if (a.backend) tally.set(a.backend, (tally.get(a.backend) ?? 0) + 1);
  const short = (k: string) => k.slice(k.indexOf('/') + 1);
  const tallyText = [...tally.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${short(k)} ${v}`)
    .join(', ');
  if (e.distinctPods && !inRange(tally.size, e.distinctPods)) {
    failures.push({ message: `distinctPods: want ${describeRange(e.distinctPods)}, got ${tally.size}${tally.size ? ` (${tallyText})` : ''}`, at: at('distinctPods') });
  }
  if (e.servedBy) {
    const wrong = [...tally.keys()].filter((k) => !e.servedBy!.test(short(k)));
    if (wrong.length) failures.push({ message: `servedBy: /${e.servedBy.source}/ does not match ${wrong.map(short).join(', ')}`, at: at('servedBy') });
  }
  if (e.spread !== undefined && answered.length) {
    const ip = resolve(contextFor(p.box, p.env, '', []), c.url.host).addresses[0];
    const shares = ip ? (engine().expectedShares?.(cluster, vantageOf(p), ip, c.url.port, 'TCP') ?? []) : [];
    const expected = new Map<string, number>();
    for (const s of shares) {
      const key = s.backend.pod ? `${s.backend.pod.metadata.namespace}/${s.backend.pod.metadata.name}` : `${s.backend.ip}:${s.backend.port}`;
      expected.set(key, (expected.get(key) ?? 0) + s.share);
    }
    let worst: { key: string; observed: number; expected: number } | undefined;
    for (const key of new Set([...expected.keys(), ...tally.keys()])) {
      const observed = (tally.get(key) ?? 0) / n;
      const want = expected.get(key) ?? 0;
      if (!worst || Math.abs(observed - want) > Math.abs(worst.observed - worst.expected)) worst = { key, observed, expected: want };
    }
    if (worst && Math.abs(worst.observed - worst.expected) > e.spread + 1e-9) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      failures.push({ message: `spread: ${short(worst.key)} got ${pct(worst.observed)} of the requests, the kube-proxy rules give it ${pct(worst.expected)} (allowed difference ${pct(e.spread)})`, at: at('spread') });
    }
  }

  let observed: string;
  if (n === 1) observed = attempts[0].detail;
  else {
    const outcomes = new Map<string, number>();
    for (const a of attempts) {
      const k = a.outcome === 'ok' ? `HTTP ${a.status}` : a.outcome;
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    }
    observed = `${n} requests: ${[...outcomes.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}${tally.size ? `; ${tally.size} pod${tally.size === 1 ? '' : 's'} answered (${tallyText})` : ''}`;
  }
  observed = `${observed} [from ${p.label}]`;
  const hints = failures.length ? requestHints(p, firstBad) : [];
  // The hops explain a connection that went wrong; for a wrong status or body the answer is the story.
  const trace = wrongOutcome.length ? traceLines(wrongOutcome[0].trace) : [];
  return { passed: failures.length === 0, observed, failures, hints, trace };
}

function requestHints(p: Place, a: Attempt | undefined): string[] {
  const hints = [...new Set(p.box.hints)];
  if (!a) return hints;
  if (a.outcome === 'dns-error' && p.box.vantage.kind !== 'pod') hints.push(`from ${p.label} the cluster's DNS names do not resolve (only pods use CoreDNS); request from a pod, or use a node IP and NodePort`);
  if (a.outcome === 'timeout' && !a.backend) hints.push('no rule answered the SYN: an unknown Service port, externalTrafficPolicy/internalTrafficPolicy Local without an endpoint on that node, or an address nothing routes (see the trace)');
  if (a.outcome === 'refused' && !a.backend) hints.push('refused: the Service has no ready endpoints (kube-proxy REJECTs), or nothing listens on that port (see the trace)');
  return hints;
}

// ---------------------------------------------------------------------------------------------
// endpoints

function runEndpoints(cluster: Cluster, c: EndpointsCheck & Pick<Check, 'expectAt'>, ns: string): Omit<CaseResult, 'name' | 'kind' | 'at'> {
  const at = (k: string) => c.expectAt[k] ?? c.expectAt.expect;
  const namespace = c.namespace || ns;
  const svc = cluster.get<Service>('Service', namespace, c.service);
  if (!svc) throw notFoundError('services', c.service);
  const ep = cluster.get<EndpointsObject>('Endpoints', namespace, c.service);
  const ready = new Map<string, string>();
  const notReady = new Set<string>();
  const ports = new Set<number>();
  for (const s of ep?.subsets ?? []) {
    for (const a of s.addresses ?? []) ready.set(a.ip, a.targetRef?.name ?? a.ip);
    for (const a of s.notReadyAddresses ?? []) notReady.add(a.ip);
    for (const port of s.ports ?? []) ports.add(port.port);
  }
  const e = c.expect;
  const failures: Failure[] = [];
  const list = [...ready.entries()].map(([ip, name]) => (name === ip ? ip : `${name} ${ip}`)).join(', ');
  if (e.count && !inRange(ready.size, e.count)) failures.push({ message: `count: want ${describeRange(e.count)} ready endpoint${e.count.min === 1 && e.count.max === 1 ? '' : 's'}, got ${ready.size}${ready.size ? ` (${list})` : ''}`, at: at('count') });
  if (e.notReady && !inRange(notReady.size, e.notReady)) failures.push({ message: `notReady: want ${describeRange(e.notReady)}, got ${notReady.size}`, at: at('notReady') });
  if (e.ports) {
    const want = [...new Set(e.ports)].sort((a, b) => a - b);
    const got = [...ports].sort((a, b) => a - b);
    if (want.join(',') !== got.join(',')) failures.push({ message: `ports: want [${want.join(', ')}], got [${got.join(', ')}]`, at: at('ports') });
  }
  if (e.pods) {
    const wrong = [...ready.values()].filter((name) => !e.pods!.test(name));
    if (wrong.length) failures.push({ message: `pods: /${e.pods.source}/ does not match ${wrong.join(', ')}`, at: at('pods') });
  }
  const observed = `${ready.size} ready endpoint${ready.size === 1 ? '' : 's'}${notReady.size ? `, ${notReady.size} not ready` : ''}${ports.size ? ` on port${ports.size === 1 ? '' : 's'} ${[...ports].sort((a, b) => a - b).join(', ')}` : ''}`;
  const hints: string[] = [];
  if (failures.length) {
    const h = serviceSelectorHint(cluster, svc);
    if (h) hints.push(h);
    else if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0) hints.push(`service/${c.service} has no selector: its endpoints are whatever Endpoints/EndpointSlice objects you create for it`);
  }
  return { passed: failures.length === 0, observed, failures, hints, trace: [] };
}

// ---------------------------------------------------------------------------------------------
// dns

interface Lookup {
  outcome: DnsOutcome;
  fqdn?: string;
  answers: string[];
  trace: TraceHop[];
}

/** An nslookup-style query: the search list of the vantage's resolv.conf, first answer wins. */
function lookup(cluster: Cluster, from: Vantage, name: string, type: DnsCheck['type']): Lookup {
  const conf = resolverConf(cluster, from);
  const trace: TraceHop[] = [];
  const candidates = searchCandidates(name, conf);
  trace.push({ layer: 'dns', text: `nameserver ${conf.nameservers.join(', ') || '(none)'}, search [${conf.search.join(' ')}], ndots:${conf.ndots} → tries ${candidates.map((x) => x.replace(/\.$/, '')).join(', ')}` });
  let nodata = false;
  let servfail = false;
  for (const cand of candidates) {
    let ex: ReturnType<typeof dnsExchange> | undefined;
    for (const s of conf.nameservers) {
      ex = dnsExchange(cluster, from, s, cand, type);
      trace.push(...ex.trace);
      if (ex.ok) break;
    }
    if (!ex || !ex.ok) return { outcome: 'unreachable', answers: [], trace };
    const r = ex.reply;
    const answers = r.answers.filter((a) => a.type === type).map((a) => a.data.replace(/\.$/, ''));
    if (r.rcode === 'NOERROR' && answers.length) return { outcome: 'ok', fqdn: cand.replace(/\.$/, ''), answers, trace };
    if (r.rcode === 'NOERROR') nodata = true;
    else if (r.rcode === 'SERVFAIL' || r.rcode === 'REFUSED') servfail = true;
  }
  return { outcome: nodata ? 'nodata' : servfail ? 'servfail' : 'nxdomain', answers: [], trace };
}

function runDns(cluster: Cluster, c: DnsCheck & Pick<Check, 'expectAt'>, ns: string): Omit<CaseResult, 'name' | 'kind' | 'at'> {
  const at = (k: string) => c.expectAt[k] ?? c.expectAt.expect;
  const p = place(cluster, c.from, c.namespace || ns, undefined);
  const r = lookup(cluster, p.box.vantage, c.qname, c.type);
  const e = c.expect;
  const failures: Failure[] = [];
  if (r.outcome !== e.outcome) failures.push({ message: `outcome: want ${e.outcome}, got ${r.outcome}${r.answers.length ? ` (${r.answers.join(', ')})` : ''}`, at: at('outcome') });
  if (r.outcome === 'ok') {
    if (e.count && !inRange(r.answers.length, e.count)) failures.push({ message: `count: want ${describeRange(e.count)} ${c.type} record${e.count.max === 1 ? '' : 's'}, got ${r.answers.length} (${r.answers.join(', ')})`, at: at('count') });
    for (const want of e.contains ?? []) {
      if (!r.answers.some((a) => a === want.replace(/\.$/, '') || a.split(/\s+/).some((f) => f.replace(/\.$/, '') === want.replace(/\.$/, '')))) failures.push({ message: `contains: no ${c.type} record is ${JSON.stringify(want)} (got ${r.answers.join(', ')})`, at: at('contains') });
    }
    if (e.fqdn !== undefined && r.fqdn !== e.fqdn) failures.push({ message: `fqdn: want ${e.fqdn}, the answer came for ${r.fqdn}`, at: at('fqdn') });
  }
  const observed = `${r.outcome === 'ok' ? `${r.fqdn} ${c.type} → ${r.answers.join(', ')}` : `${c.qname} ${c.type}: ${r.outcome}`} [from ${p.label}]`;
  const hints: string[] = [];
  if (failures.length && p.box.vantage.kind !== 'pod' && r.outcome !== 'ok') hints.push(`from ${p.label} the resolver is the node's, not CoreDNS: cluster names resolve only from pods (or ask CoreDNS at 10.96.0.10 directly)`);
  return { passed: failures.length === 0, observed, failures, hints, trace: r.outcome !== e.outcome ? traceLines(r.trace) : [] };
}

// ---------------------------------------------------------------------------------------------
// env

function runEnv(cluster: Cluster, c: EnvCheck & Pick<Check, 'expectAt'>, ns: string): Omit<CaseResult, 'name' | 'kind' | 'at'> {
  const at = (k: string) => c.expectAt[k] ?? c.expectAt.expect;
  const { pod, container } = podFor(cluster, c.namespace || ns, c.pod, c.container);
  const { env } = podBox(cluster, pod, container, { tty: false });
  const e = c.expect;
  const failures: Failure[] = [];
  const where = `${pod.metadata.name}/${container.name}`;
  const missing = (e.present ?? []).filter((k) => !env.has(k));
  if (missing.length) failures.push({ message: `present: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set in ${where}`, at: at('present') });
  const extra = (e.absent ?? []).filter((k) => env.has(k));
  if (extra.length) failures.push({ message: `absent: ${extra.map((k) => `${k}=${env.get(k)}`).join(', ')} ${extra.length === 1 ? 'is' : 'are'} set in ${where}`, at: at('absent') });
  for (const [k, v] of Object.entries(e.values ?? {})) {
    const got = env.get(k);
    if (got !== v) failures.push({ message: `values: ${k} want ${JSON.stringify(v)}, got ${got === undefined ? '(not set)' : JSON.stringify(got)} in ${where}`, at: at('values') });
  }
  const hints: string[] = [];
  if (missing.some((k) => /_SERVICE_(HOST|PORT)/.test(k) || /_PORT(_\d+_(TCP|UDP|SCTP))?/.test(k))) {
    hints.push('service links are set when a container starts, for the Services that exist in its namespace at that moment (and not with enableServiceLinks: false); a Service created later needs the pod restarted');
  }
  return { passed: failures.length === 0, observed: `${env.size} variables in ${where}`, failures, hints, trace: [] };
}

// ---------------------------------------------------------------------------------------------

/** Run one check; what it finds never throws (a pod that does not exist is a failed check). */
export function runCheck(cluster: Cluster, check: Check, defaultNamespace: string): CaseResult {
  wireNetwork();
  const base = { name: check.name, kind: check.kind, at: check.at };
  try {
    switch (check.kind) {
      case 'request':
        return { ...base, ...runRequest(cluster, check, defaultNamespace) };
      case 'endpoints':
        return { ...base, ...runEndpoints(cluster, check, defaultNamespace) };
      case 'dns':
        return { ...base, ...runDns(cluster, check, defaultNamespace) };
      case 'env':
        return { ...base, ...runEnv(cluster, check, defaultNamespace) };
    }
  } catch (err) {
    const { message, hint } = errorText(err);
    return { ...base, passed: false, observed: 'could not run', failures: [{ message, at: check.at }], hints: hint ? [hint] : [], trace: [] };
  }
}

export function runChecks(cluster: Cluster, checks: Check[], defaultNamespace: string): CaseResult[] {
  return checks.map((c) => runCheck(cluster, c, defaultNamespace));
}

/** The apply step as a test case: passed unless a document failed. */
export function applyCase(applied: number, files: number, errors: KubesimError[], where: string, hintFor: (e: KubesimError) => string | undefined = (e) => e.hint): CaseResult {
  const failures: Failure[] = errors.map((e) => ({ message: (e instanceof ApiError ? e.render() : e.message).replace(/\n/g, '; '), at: e.position }));
  const hints = errors.map(hintFor).filter((h): h is string => Boolean(h));
  return {
    name: 'apply manifests',
    kind: 'apply',
    passed: errors.length === 0,
    observed: `${applied} object${applied === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'} applied to ${where}${errors.length ? `; ${errors.length} failed` : ''}`,
    failures,
    hints,
    trace: [],
  };
}

