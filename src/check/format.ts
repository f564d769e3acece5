/**
 * The CHECKS file of `kubesim check`: a YAML document of declarative assertions over a cluster
 * (requests, endpoints, DNS answers, container environments). Parsed from the yaml package's AST
 * so every check, and every expectation inside it, keeps its `file:line:col`; all problems of a
 * file are collected and reported together, compiler-style.
 *
 *   apiVersion: kubesim.io/v1alpha1      # optional
 *   kind: Checks                         # optional
 *   namespace: default                   # optional: for checks that name none
 *   cluster: {nodes: 3, seed: "42", loadBalancerPool: 172.18.255.200/29}   # optional (throwaway cluster only)
 *   checks:
 *     - name: …
 *       request | endpoints | dns | env: {…}
 *       expect: {…}
 *
 * The README's "CI checks with `kubesim check`" section documents every field.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { SourcePosition } from '../errors.js';
import { parseUrl, type Url } from '../network/containers/programs/curl.js';

export const CHECKS_API_VERSION = 'kubesim.io/v1alpha1';
export const CHECKS_KIND = 'Checks';

/** An inclusive integer range; an exact count has min === max. */
export interface Range {
  min?: number;
  max?: number;
}

export const REQUEST_OUTCOMES = ['ok', 'refused', 'timeout', 'dns-error', 'unreachable', 'empty-reply', 'tls-error', 'not-http'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export const DNS_TYPES = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'MX', 'NS', 'SOA'] as const;
export type DnsType = (typeof DNS_TYPES)[number];
export const DNS_OUTCOMES = ['ok', 'nxdomain', 'nodata', 'servfail', 'unreachable'] as const;
export type DnsOutcome = (typeof DNS_OUTCOMES)[number];

export interface RequestCheck {
  kind: 'request';
  /** `outside`, `node/NAME`, or what `exec` takes: `NAME`, `pod/NAME`, `deploy/NAME`, `svc/NAME`… */
  from: string;
  namespace: string;
  container?: string;
  url: Url;
  method: string;
  headers: [string, string][];
  /** Number of new connections (each is one request). */
  count: number;
  expect: {
    outcome: RequestOutcome;
    status?: number[];
    body?: RegExp;
    distinctPods?: Range;
    servedBy?: RegExp;
    /** Largest allowed |observed share − the rules' share| of any backend. */
    spread?: number;
  };
}

export interface EndpointsCheck {
  kind: 'endpoints';
  service: string;
  namespace: string;
  expect: { count?: Range; notReady?: Range; ports?: number[]; pods?: RegExp };
}

export interface DnsCheck {
  kind: 'dns';
  from: string;
  namespace: string;
  /** The name asked (`name:` in the file), expanded with the vantage's search list. */
  qname: string;
  type: DnsType;
  expect: { outcome: DnsOutcome; count?: Range; contains?: string[]; fqdn?: string };
}

export interface EnvCheck {
  kind: 'env';
  pod: string;
  namespace: string;
  container?: string;
  expect: { present?: string[]; absent?: string[]; values?: Record<string, string> };
}

export type CheckSpec = RequestCheck | EndpointsCheck | DnsCheck | EnvCheck;

export type Check = CheckSpec & {
  name: string;
  /** Where the check starts (its list item). */
  at: SourcePosition;
  /** Where each expectation key is (`status`, `body`, …), for failure messages. */
  expectAt: Record<string, SourcePosition>;
};

export interface ClusterShape {
  nodes?: number;
  seed?: string;
  loadBalancerPool?: string;
  at: SourcePosition;
}

export interface CheckSuite {
  file: string;
  namespace?: string;
  cluster?: ClusterShape;
  checks: Check[];
}

export interface CheckFileProblem extends SourcePosition {
  message: string;
}

export type ParseResult = { suite: CheckSuite } | { problems: CheckFileProblem[] };

const CHECK_KINDS = ['request', 'endpoints', 'dns', 'env'] as const;

/** Field errors are collected; readers return undefined for a bad field and go on. */
class Reader {
  readonly problems: CheckFileProblem[] = [];
  constructor(
    readonly file: string,
    private readonly lc: LineCounter,
  ) {}

  pos(node: Node | Pair | null | undefined, fallback?: SourcePosition): SourcePosition {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return fallback ?? { file: this.file, line: 1, col: 1 };
    const p = this.lc.linePos(range[0]);
    return { file: this.file, line: p.line, col: p.col };
  }

  problem(at: SourcePosition, message: string): undefined {
    this.problems.push({ ...at, message });
    return undefined;
  }
}

/** A YAML mapping with its keys' and values' nodes. */
class MapView {
  readonly entries = new Map<string, { key: Scalar; value: Node | null }>();
  constructor(
    readonly r: Reader,
    readonly node: YAMLMap,
    readonly path: string,
  ) {
    for (const item of node.items as Pair<Node, Node | null>[]) {
      const key = item.key;
      if (!isScalar(key)) {
        r.problem(r.pos(key), `${path}: keys must be plain strings`);
        continue;
      }
      const name = String(key.value);
      if (this.entries.has(name)) r.problem(r.pos(key), `${this.sub(name)}: duplicate key`);
      this.entries.set(name, { key, value: item.value ?? null });
    }
  }

  get at(): SourcePosition {
    return this.r.pos(this.node);
  }

  sub(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keyAt(key: string): SourcePosition {
    return this.r.pos(this.entries.get(key)?.key, this.at);
  }

  valueAt(key: string): SourcePosition {
    const e = this.entries.get(key);
    return this.r.pos(e?.value ?? e?.key, this.at);
  }

  /** Unknown keys are errors (a typo must not silently turn an assertion off). */
  allow(keys: readonly string[]): void {
    for (const [name, e] of this.entries) {
      if (!keys.includes(name)) this.r.problem(this.r.pos(e.key), `${this.sub(name)}: unknown field (expected one of: ${keys.join(', ')})`);
    }
  }

  value(key: string): Node | null | undefined {
    return this.entries.get(key)?.value;
  }

  required(key: string): boolean {
    if (this.has(key) && this.value(key) !== null) return true;
    this.r.problem(this.has(key) ? this.keyAt(key) : this.at, `${this.sub(key)}: required field is missing`);
    return false;
  }

  map(key: string): MapView | undefined {
    const v = this.value(key);
    if (v === undefined) return undefined;
    if (!isMap(v)) return this.r.problem(this.valueAt(key), `${this.sub(key)}: must be a mapping`);
    return new MapView(this.r, v, this.sub(key));
  }

  scalar(key: string): unknown {
    const v = this.value(key);
    if (v === undefined || v === null) return undefined;
    if (!isScalar(v)) return this.r.problem(this.valueAt(key), `${this.sub(key)}: must be a scalar value`);
    return v.value;
  }

  string(key: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    if (opts.required && !this.required(key)) return undefined;
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.r.problem(this.valueAt(key), `${this.sub(key)}: must be a string, got ${JSON.stringify(v)} (quote it)`);
    if (opts.nonEmpty !== false && v.trim() === '') return this.r.problem(this.valueAt(key), `${this.sub(key)}: must not be empty`);
    return v;
  }

  int(key: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    return this.checkInt(v, this.valueAt(key), this.sub(key), opts);
  }

  checkInt(v: unknown, at: SourcePosition, path: string, opts: { min?: number; max?: number } = {}): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.r.problem(at, `${path}: must be an integer, got ${JSON.stringify(v)}`);
    if (opts.min !== undefined && v < opts.min) return this.r.problem(at, `${path}: must be at least ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) return this.r.problem(at, `${path}: must be at most ${opts.max}`);
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], opts: { caseInsensitive?: boolean } = {}): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const found = values.find((x) => (opts.caseInsensitive ? x.toLowerCase() === v.toLowerCase() : x === v));
    if (!found) return this.r.problem(this.valueAt(key), `${this.sub(key)}: must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
    return found;
  }

  regex(key: string): RegExp | undefined {
    const v = this.string(key, { nonEmpty: false });
    if (v === undefined) return undefined;
    try {
      return new RegExp(v);
    } catch (err) {
      return this.r.problem(this.valueAt(key), `${this.sub(key)}: not a valid regular expression: ${(err as Error).message}`);
    }
  }

  /** A list of scalars of one type (a single value is accepted as a one-item list). */
  list<T>(key: string, item: (v: unknown, at: SourcePosition, path: string) => T | undefined): T[] | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return undefined;
    const nodes: (Node | null)[] = isSeq(v) ? (v.items as (Node | null)[]) : [v];
    const out: T[] = [];
    let ok = true;
    nodes.forEach((n, i) => {
      const at = this.r.pos(n, this.valueAt(key));
      const path = isSeq(v) ? `${this.sub(key)}[${i}]` : this.sub(key);
      if (!isScalar(n)) {
        ok = false;
        this.r.problem(at, `${path}: must be a scalar value`);
        return;
      }
      const x = item(n.value, at, path);
      if (x === undefined) ok = false;
      else out.push(x);
    });
    return ok ? out : undefined;
  }

  stringList(key: string): string[] | undefined {
    return this.list(key, (v, at, path) => (typeof v === 'string' && v !== '' ? v : this.r.problem(at, `${path}: must be a non-empty string, got ${JSON.stringify(v)}`)));
  }

  /** `3`, or `{min: 1}`, `{max: 2}`, `{min: 1, max: 3}`. */
  range(key: string): Range | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return undefined;
    if (isScalar(v)) {
      const n = this.checkInt(v.value, this.valueAt(key), this.sub(key), { min: 0 });
      return n === undefined ? undefined : { min: n, max: n };
    }
    const m = this.map(key);
    if (!m) return undefined;
    m.allow(['min', 'max']);
    const min = m.int('min', { min: 0 });
    const max = m.int('max', { min: 0 });
    if (!m.has('min') && !m.has('max')) return this.r.problem(this.valueAt(key), `${this.sub(key)}: give an integer, or min and/or max`);
    if (min !== undefined && max !== undefined && min > max) return this.r.problem(this.valueAt(key), `${this.sub(key)}: min ${min} is greater than max ${max}`);
    if ((m.has('min') && min === undefined) || (m.has('max') && max === undefined)) return undefined;
    return { min, max };
  }
}

/** Parse and validate a CHECKS file's text. */
export function parseChecks(text: string, file: string): ParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const r = new Reader(file, lc);
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    r.problem({ file, line: p.line, col: p.col }, `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  if (r.problems.length) return { problems: r.problems };
  const root = doc.contents;
  if (!isMap(root)) return { problems: [{ file, line: 1, col: 1, message: root === null ? 'the checks file is empty: it needs a top-level `checks:` list' : 'the checks file must be a mapping with a top-level `checks:` list' }] };
  const top = new MapView(r, root, '');
  top.allow(['apiVersion', 'kind', 'namespace', 'cluster', 'checks']);
  const apiVersion = top.string('apiVersion');
  if (apiVersion !== undefined && apiVersion !== CHECKS_API_VERSION) r.problem(top.valueAt('apiVersion'), `apiVersion: must be ${CHECKS_API_VERSION}, got ${JSON.stringify(apiVersion)}`);
  const kind = top.string('kind');
  if (kind !== undefined && kind !== CHECKS_KIND) r.problem(top.valueAt('kind'), `kind: must be ${CHECKS_KIND}, got ${JSON.stringify(kind)}`);
  const suite: CheckSuite = { file, checks: [] };
  const ns = top.string('namespace');
  if (ns !== undefined) suite.namespace = dnsLabel(r, top, 'namespace', ns);
  const cl = top.map('cluster');
  if (cl) {
    cl.allow(['nodes', 'seed', 'loadBalancerPool']);
    const shape: ClusterShape = { at: top.keyAt('cluster') };
    const nodes = cl.int('nodes', { min: 1, max: 250 });
    if (nodes !== undefined) shape.nodes = nodes;
    const seed = cl.scalar('seed');
    if (seed !== undefined) {
      if (typeof seed === 'string' || (typeof seed === 'number' && Number.isInteger(seed))) shape.seed = String(seed);
      else r.problem(cl.valueAt('seed'), 'cluster.seed: must be a string or an integer');
    }
    const pool = cl.string('loadBalancerPool');
    if (pool !== undefined) {
      if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.test(pool) || pool.split('/')[0].split('.').some((o) => Number(o) > 255) || Number(pool.split('/')[1]) > 32) r.problem(cl.valueAt('loadBalancerPool'), `cluster.loadBalancerPool: must be an IPv4 CIDR such as 172.18.255.200/29, got ${JSON.stringify(pool)}`);
      else shape.loadBalancerPool = pool;
    }
    suite.cluster = shape;
  }
  if (top.required('checks')) {
    const list = top.value('checks');
    if (!isSeq(list)) r.problem(top.valueAt('checks'), 'checks: must be a list of checks');
    else {
      if (list.items.length === 0) r.problem(top.valueAt('checks'), 'checks: the list is empty');
      const names = new Map<string, SourcePosition>();
      (list.items as (Node | null)[]).forEach((item, i) => {
        const path = `checks[${i}]`;
        const at = r.pos(item, top.valueAt('checks'));
        if (!isMap(item)) return r.problem(at, `${path}: must be a mapping with name, one of ${CHECK_KINDS.join('/')}, and expect`);
        const c = parseCheck(r, new MapView(r, item, path), suite.namespace, names);
        if (c) suite.checks.push(c);
      });
    }
  }
  if (r.problems.length) return { problems: r.problems.sort((a, b) => a.line - b.line || a.col - b.col) };
  return { suite };
}

function dnsLabel(r: Reader, m: MapView, key: string, v: string): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) || v.length > 63) return r.problem(m.valueAt(key), `${m.sub(key)}: ${JSON.stringify(v)} is not a valid namespace name (a lowercase RFC 1123 label)`);
  return v;
}

function parseCheck(r: Reader, m: MapView, defaultNs: string | undefined, names: Map<string, SourcePosition>): Check | undefined {
  const kinds = CHECK_KINDS.filter((k) => m.has(k));
  const name = m.string('name', { required: true });
  if (name !== undefined) {
    // Test reports key cases by name: two checks with one name would be one line in JUnit.
    const prev = names.get(name);
    if (prev) r.problem(m.valueAt('name'), `${m.sub('name')}: duplicate check name ${JSON.stringify(name)} (first at line ${prev.line})`);
    else names.set(name, m.valueAt('name'));
  }
  if (kinds.length !== 1) {
    m.allow(['name', ...CHECK_KINDS, 'expect']);
    return r.problem(kinds.length ? m.keyAt(kinds[1]) : m.at, `${m.path}: ${kinds.length ? `has both ${kinds[0]} and ${kinds[1]}` : 'says nothing to check'}: give exactly one of ${CHECK_KINDS.join(', ')}`);
  }
  const kind = kinds[0];
  m.allow(['name', kind, 'expect']);
  const spec = m.required(kind) ? m.map(kind) : undefined;
  const expect = m.required('expect') ? m.map('expect') : undefined;
  if (!spec || !expect || name === undefined) {
    // Still check what is there, to report every problem at once.
    if (spec) parseSpec(r, kind, spec, expect ?? undefined, defaultNs);
    return undefined;
  }
  const parsed = parseSpec(r, kind, spec, expect, defaultNs);
  if (!parsed) return undefined;
  const expectAt: Record<string, SourcePosition> = { expect: m.keyAt('expect') };
  for (const k of expect.entries.keys()) expectAt[k] = expect.keyAt(k);
  return { ...parsed, name, at: m.at, expectAt };
}

function namespaceOf(r: Reader, m: MapView, defaultNs: string | undefined): string | null {
  const ns = m.string('namespace');
  if (ns === undefined) return m.has('namespace') ? null : (defaultNs ?? '');
  return dnsLabel(r, m, 'namespace', ns) ?? null;
}

function checkFrom(r: Reader, m: MapView, key: string): string | undefined {
  const from = m.string(key) ?? (m.has(key) ? undefined : 'outside');
  if (from === undefined) return undefined;
  if (from !== 'outside' && (from.startsWith('/') || from.endsWith('/') || from.split('/').length > 2)) return r.problem(m.valueAt(key), `${m.sub(key)}: must be outside, node/NAME, pod/NAME (or NAME), or TYPE/NAME as exec takes (deploy/NAME, svc/NAME…), got ${JSON.stringify(from)}`);
  return from;
}

function parseSpec(r: Reader, kind: (typeof CHECK_KINDS)[number], s: MapView, e: MapView | undefined, defaultNs: string | undefined): CheckSpec | undefined {
  const before = r.problems.length;
  const ok = () => r.problems.length === before;
  switch (kind) {
    case 'request': {
      s.allow(['from', 'namespace', 'container', 'url', 'method', 'headers', 'count']);
      const from = checkFrom(r, s, 'from');
      const namespace = namespaceOf(r, s, defaultNs);
      const container = s.string('container');
      const rawUrl = s.string('url', { required: true });
      let url: Url | undefined;
      if (rawUrl !== undefined) {
        const u = parseUrl(rawUrl);
        if ('code' in u) r.problem(s.valueAt('url'), `${s.sub('url')}: ${u.message}`);
        else url = u;
      }
      const method = s.string('method') ?? 'GET';
      if (!/^[A-Z]+$/.test(method)) r.problem(s.valueAt('method'), `${s.sub('method')}: must be an HTTP method in capitals (GET, POST, HEAD…), got ${JSON.stringify(method)}`);
      const headers: [string, string][] = [];
      const hm = s.map('headers');
      if (hm) {
        for (const [k] of hm.entries) {
          const v = hm.scalar(k);
          if (v === undefined || v === null || typeof v === 'object') r.problem(hm.valueAt(k), `${hm.sub(k)}: must be a scalar value`);
          else headers.push([k, String(v)]);
        }
      }
      const count = s.int('count', { min: 1, max: 100000 }) ?? 1;
      const expect: RequestCheck['expect'] = { outcome: 'ok' };
      if (e) {
        e.allow(['outcome', 'status', 'body', 'distinctPods', 'servedBy', 'spread']);
        const outcome = e.oneOf('outcome', REQUEST_OUTCOMES);
        if (outcome) expect.outcome = outcome;
        const status = e.list('status', (v, at, path) => e.checkInt(v, at, path, { min: 100, max: 599 }));
        if (status) expect.status = status;
        const body = e.regex('body');
        if (body) expect.body = body;
        const distinct = e.range('distinctPods');
        if (distinct) expect.distinctPods = distinct;
        const servedBy = e.regex('servedBy');
        if (servedBy) expect.servedBy = servedBy;
        const spread = e.scalar('spread');
        if (spread !== undefined) {
          if (typeof spread !== 'number' || spread < 0 || spread > 1) r.problem(e.valueAt('spread'), `${e.sub('spread')}: must be a number between 0 and 1 (the largest allowed difference between a pod's observed share and the share the kube-proxy rules give it)`);
          else expect.spread = spread;
        }
        const needsOk = ['status', 'body', 'distinctPods', 'servedBy', 'spread'].filter((k) => e.has(k));
        if (outcome && outcome !== 'ok' && needsOk.length) r.problem(e.keyAt(needsOk[0]), `${e.sub(needsOk[0])}: only meaningful with outcome ok (got outcome ${outcome})`);
        const needsCount = ['distinctPods', 'spread'].filter((k) => e.has(k));
        if (needsCount.length && count < 2) r.problem(e.keyAt(needsCount[0]), `${e.sub(needsCount[0])}: needs request.count of 2 or more`);
      }
      if (!ok() || from === undefined || namespace === null || !url) return undefined;
      const c: RequestCheck = { kind, from, namespace, url, method, headers, count, expect };
      if (container !== undefined) c.container = container;
      return c;
    }
    case 'endpoints': {
      s.allow(['service', 'namespace']);
      const service = s.string('service', { required: true });
      const namespace = namespaceOf(r, s, defaultNs);
      const expect: EndpointsCheck['expect'] = {};
      if (e) {
        e.allow(['count', 'notReady', 'ports', 'pods']);
        const count = e.range('count');
        if (count) expect.count = count;
        const notReady = e.range('notReady');
        if (notReady) expect.notReady = notReady;
        const ports = e.list('ports', (v, at, path) => e.checkInt(v, at, path, { min: 1, max: 65535 }));
        if (ports) expect.ports = ports;
        const pods = e.regex('pods');
        if (pods) expect.pods = pods;
        if (e.entries.size === 0) r.problem(e.at, `${e.path}: give at least one of count, notReady, ports, pods`);
      }
      if (!ok() || service === undefined || namespace === null) return undefined;
      return { kind, service, namespace, expect };
    }
    case 'dns': {
      s.allow(['from', 'namespace', 'name', 'type']);
      const from = checkFrom(r, s, 'from');
      const namespace = namespaceOf(r, s, defaultNs);
      const qname = s.string('name', { required: true });
      const type = s.has('type') ? s.oneOf('type', DNS_TYPES, { caseInsensitive: true }) : 'A';
      const expect: DnsCheck['expect'] = { outcome: 'ok' };
      if (e) {
        e.allow(['outcome', 'count', 'contains', 'fqdn']);
        const outcome = e.oneOf('outcome', DNS_OUTCOMES);
        if (outcome) expect.outcome = outcome;
        const count = e.range('count');
        if (count) expect.count = count;
        const contains = e.stringList('contains');
        if (contains) expect.contains = contains;
        const fq = e.string('fqdn');
        if (fq !== undefined) expect.fqdn = fq.replace(/\.$/, '');
        const needsOk = ['count', 'contains', 'fqdn'].filter((k) => e.has(k));
        if (outcome && outcome !== 'ok' && needsOk.length) r.problem(e.keyAt(needsOk[0]), `${e.sub(needsOk[0])}: only meaningful with outcome ok (got outcome ${outcome})`);
      }
      if (!ok() || from === undefined || namespace === null || qname === undefined || type === undefined) return undefined;
      return { kind, from, namespace, qname, type, expect };
    }
    case 'env': {
      s.allow(['pod', 'namespace', 'container']);
      const pod = s.string('pod', { required: true });
      const namespace = namespaceOf(r, s, defaultNs);
      const container = s.string('container');
      const expect: EnvCheck['expect'] = {};
      if (e) {
        e.allow(['present', 'absent', 'values']);
        const present = e.stringList('present');
        if (present) expect.present = present;
        const absent = e.stringList('absent');
        if (absent) expect.absent = absent;
        const vm = e.map('values');
        if (vm) {
          const values: Record<string, string> = {};
          for (const [k] of vm.entries) {
            const v = vm.scalar(k);
            if (v === undefined || v === null || typeof v === 'object') r.problem(vm.valueAt(k), `${vm.sub(k)}: must be a scalar value`);
            else values[k] = String(v);
          }
          expect.values = values;
        }
        if (e.entries.size === 0) r.problem(e.at, `${e.path}: give at least one of present, absent, values`);
      }
      if (!ok() || pod === undefined || namespace === null) return undefined;
      const c: EnvCheck = { kind, pod, namespace, expect };
      if (container !== undefined) c.container = container;
      return c;
    }
  }
}

/** `checks.yaml:4:7: message` lines, as compilers print them. */
export function formatProblems(problems: CheckFileProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.col}: error: ${p.message}`).join('\n');
}

export function describeRange(r: Range): string {
  if (r.min !== undefined && r.min === r.max) return String(r.min);
  if (r.min !== undefined && r.max !== undefined) return `${r.min}..${r.max}`;
  if (r.min !== undefined) return `at least ${r.min}`;
  return `at most ${r.max}`;
}

export function inRange(n: number, r: Range): boolean {
  return (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max);
}
