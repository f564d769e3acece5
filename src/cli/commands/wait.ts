/**
 * `kubesim wait --for=condition=X[=V]|delete|create|jsonpath='{…}'[=v] (TYPE/NAME… | TYPE NAME… |
 * TYPE -l SEL | TYPE --all)`, as kubectl wait: one `<kind[.group]>/<name> condition met` line per
 * object in order, one deadline shared by all objects, errors gathered and printed at the end.
 *
 * kubesim's controllers settle the cluster after every write, so a condition that does not hold now
 * changes only when another kubesim process writes the state file. Waiting is therefore polling:
 * the file is re-read (when its identity changed) every POLL_MS of real time until the condition
 * holds or the deadline passes. Real time comes from an injectable {@link Waiter}, so tests are fast.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedResource, resourceForKind, type KObject, type ResourceInfo } from '../../api/resources.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';
import { parseFieldSelector, fieldSelectorMatches } from '../../labels/field-selector.js';
import { compileJsonPath, findJsonPathResults, goSprint, type JsonPath } from '../../printers/jsonpath.js';
import { relaxedJsonPathExpression } from '../../printers/custom-columns.js';
import { nameOf, parseOutputFormat, printObjects } from '../../printers/output.js';
import { loadManifests } from '../../manifest/load.js';
import type { Cluster } from '../../store/cluster-state.js';
import { parseResourceArgs } from './common.js';
import { reportErrors } from './report.js';
import { parseGoDuration } from '../duration.js';
import { POLL_MS, StatePoller } from '../../apiserver/state-poller.js';

const goQuote = (s: string): string => JSON.stringify(s);

/** A `--timeout` value: pflag's error wording for a bad value. */
export function parseTimeoutFlag(value: unknown, fallbackMs: number, commandPath: string): number {
  if (value === undefined || value === null) return fallbackMs;
  if (typeof value === 'number') return value;
  try {
    return parseGoDuration(String(value));
  } catch (e) {
    throw new KubesimError(`invalid argument ${goQuote(String(value))} for "--timeout" flag: ${(e as Error).message}\nSee '${commandPath} --help' for usage.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Real time, injectable

/** Monotonic real time and sleeping; tests inject a fake that advances instantly. */
export interface Waiter {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realWaiter: Waiter = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

// ---------------------------------------------------------------------------------------------
// --for

export type WaitCondition =
  | { type: 'delete' }
  | { type: 'create' }
  | { type: 'condition'; name: string; value: string }
  | { type: 'jsonpath'; path: JsonPath; value?: string };

/** kubectl's splitJSONPathInput: split at single `=`, keeping `==` inside the element. */
export function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (input[i + 1] === '=') {
        cur += '==';
        i++;
        continue;
      }
      out.push(cur);
      cur = '';
      continue;
    }
    cur += input[i];
  }
  out.push(cur);
  return out;
}

/** Parse `--for` (kubectl's conditionFuncFor); errors carry kubectl's text. */
export function parseWaitCondition(forFlag: string | undefined): WaitCondition {
  const cond = forFlag ?? '';
  const lower = cond.toLowerCase();
  if (lower === 'delete') return { type: 'delete' };
  if (lower === 'create') return { type: 'create' };
  if (cond.startsWith('condition=')) {
    let name = cond.slice('condition='.length);
    let value = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { type: 'condition', name, value };
  }
  if (cond.startsWith('jsonpath=')) {
    const parts = splitJsonPathInput(cond.slice('jsonpath='.length));
    if (parts.length < 1 || parts.length > 2) {
      throw new KubesimError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
    }
    const expr = relaxedJsonPathExpression(parts[0]);
    let value: string | undefined;
    if (parts.length === 2) {
      value = parts[1].replace(/^['"]+|['"]+$/g, '');
      if (value === '') throw new KubesimError("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
    }
    if (expr === '') throw new KubesimError('jsonpath expression cannot be empty');
    return { type: 'jsonpath', path: compileJsonPath(expr), value };
  }
  throw new KubesimError(`unrecognized condition: ${goQuote(cond)}`);
}

const foldEq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

/**
 * Does the object carry `status.conditions[type=name].status == value` (case-folded), for its
 * current generation? (kubectl's ConditionalWait.checkCondition)
 */
export function conditionHolds(obj: KObject, name: string, value: string): boolean {
  const status = obj.status as { conditions?: unknown; observedGeneration?: unknown } | undefined;
  const conditions = status?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as Record<string, unknown>[]) {
    if (!c || typeof c.type !== 'string' || !foldEq(c.type, name)) continue;
    if (typeof c.status !== 'string') continue;
    const generation = obj.metadata.generation;
    if (typeof generation === 'number') {
      const observed = typeof c.observedGeneration === 'number' ? c.observedGeneration : status?.observedGeneration;
      if (typeof observed === 'number' && observed < generation) return false;
    }
    return foldEq(c.status, value);
  }
  return false;
}

/** kubectl's JSONPathWait.checkCondition: one value, compared as `%v` text; errors thrown. */
export function jsonPathHolds(obj: KObject, path: JsonPath, value: string | undefined): boolean {
  const results = findJsonPathResults(path, obj, { allowMissingKeys: true });
  if (results.length === 0 || results[0].length === 0) return false;
  if (results.length > 1) throw new KubesimError('given jsonpath expression matches more than one list');
  if (results[0].length > 1) throw new KubesimError('given jsonpath expression matches more than one value');
  if (value === undefined) return true;
  const v = results[0][0];
  if (v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) {
    throw new KubesimError('jsonpath leads to a nested object or list which is not supported');
  }
  return goSprint(v).trim() === value.trim();
}

// ---------------------------------------------------------------------------------------------
// Targets (kubectl's resource builder for wait)

interface Query {
  resource: ResourceInfo;
  namespace?: string;
  /** A named object; otherwise a list by selector / --all. */
  name?: string;
}

interface Target {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  uid?: string;
  obj: KObject;
}

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export interface WaitOptions {
  for?: string;
  namespace?: string;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  filename?: string[];
  recursive?: boolean;
  timeout?: string;
  output?: string;
}

function buildQueries(rt: Runtime, args: string[], opts: WaitOptions, namespace: string): Query[] {
  if (opts.filename?.length) {
    const out: Query[] = [];
    for (const item of loadManifests(opts.filename, { recursive: opts.recursive === true, readStdin: rt.readStdin })) {
      if ('error' in item) throw item.error;
      const o = item.doc.object as unknown as KObject;
      const r = resourceForKind(String(o.kind));
      if (!r) throw new KubesimError(`the server doesn't have a resource type "${String(o.kind).toLowerCase()}"`);
      out.push({ resource: r, namespace: r.namespaced ? (o.metadata?.namespace ?? namespace) : undefined, name: o.metadata?.name });
    }
    return out;
  }
  if (args.length === 0) throw new KubesimError(NO_RESOURCES);
  const parsed = parseResourceArgs(args);
  const hasSelector = opts.selector !== undefined && opts.selector.trim() !== '';
  const hasFieldSelector = opts.fieldSelector !== undefined && opts.fieldSelector.trim() !== '';
  if (parsed.named && (hasSelector || hasFieldSelector)) throw new KubesimError('name cannot be provided when a selector is specified');
  if (parsed.named && opts.allNamespaces) throw new KubesimError('a resource cannot be retrieved by name across all namespaces');
  if (!parsed.named && !opts.all && !hasSelector && !hasFieldSelector) throw new KubesimError('resource(s) were provided, but no name was specified');
  return parsed.requests.map((q) => ({ resource: q.resource, name: q.name, namespace: q.resource.namespaced && !opts.allNamespaces ? namespace : undefined }));
}

/** Resolve queries against a cluster: the objects in order, and NotFound errors for missing names. */
function resolveTargets(cluster: Cluster, queries: Query[], opts: WaitOptions): { targets: Target[]; missing: { index: number; error: KubesimError }[] } {
  const selector = opts.selector?.trim() ? parseSelector(opts.selector) : undefined;
  const fieldSel = opts.fieldSelector?.trim() ? parseFieldSelector(opts.fieldSelector) : undefined;
  const targets: Target[] = [];
  const missing: { index: number; error: KubesimError }[] = [];
  for (const q of queries) {
    const r = q.resource;
    if (q.name !== undefined) {
      const obj = cluster.get(r.kind, r.namespaced ? q.namespace : undefined, q.name);
      if (!obj) missing.push({ index: targets.length, error: notFoundError(qualifiedResource(r), q.name) });
      else targets.push({ resource: r, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, obj });
      continue;
    }
    for (const obj of cluster.list(r.kind, r.namespaced ? q.namespace : undefined)) {
      if (selector && !selectorMatches(selector, obj.metadata.labels)) continue;
      if (fieldSel && !fieldSelectorMatches(fieldSel, obj)) continue;
      targets.push({ resource: r, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, obj });
    }
  }
  return { targets, missing };
}

// ---------------------------------------------------------------------------------------------
// The wait

export interface WaitDeps {
  waiter?: Waiter;
}

const timedOut = (t: Target) => new KubesimError(`timed out waiting for the condition on ${t.resource.resource}/${t.name}`);
const notMet = (t: Target) => new KubesimError(`condition not met for ${t.resource.resource}/${t.name}`);

export async function runWait(rt: Runtime, args: string[], opts: WaitOptions, deps: WaitDeps = {}): Promise<number> {
  const waiter = deps.waiter ?? realWaiter;
  const format = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const condition = parseWaitCondition(opts.for);
  let timeout = parseTimeoutFlag(opts.timeout, 30_000, 'kubesim wait');
  if (timeout < 0) timeout = 168 * 3_600_000;
  const namespace = currentNamespace(rt, opts.namespace);
  const queries = buildQueries(rt, args, opts, namespace);
  const poller = new StatePoller(stateLocation(rt), sessionOptions(rt));
  const start = waiter.now();
  const deadline = start + timeout;
  const remaining = () => deadline - waiter.now();
  const pause = () => waiter.sleep(Math.min(POLL_MS, Math.max(0, remaining())));

  const print = (obj: KObject) => {
    if (format) printObjects(rt, format, [obj], { single: true });
    else rt.stdout.write(`${nameOf(obj)} condition met\n`);
  };

  if (condition.type === 'create') {
    // Poll until every named object exists (or a list query matches something).
    for (;;) {
      const { targets, missing } = resolveTargets(await poller.current(), queries, opts);
      if (missing.length === 0 && targets.length > 0) break;
      if (timeout === 0 || remaining() <= 0) throw new KubesimError('timed out waiting for the condition');
      await pause();
    }
  }

  const first = resolveTargets(await poller.current(), queries, opts);
  const errors: KubesimError[] = [];
  const missingAt = new Map<number, KubesimError[]>();
  if (condition.type !== 'delete') {
    for (const m of first.missing) missingAt.set(m.index, [...(missingAt.get(m.index) ?? []), m.error]);
  }
  const flushMissing = (i: number) => {
    for (const e of missingAt.get(i) ?? []) errors.push(e);
  };

  for (let i = 0; i < first.targets.length; i++) {
    flushMissing(i);
    const t = first.targets[i];
    const ns = t.resource.namespaced ? t.namespace : undefined;
    if (condition.type === 'delete') {
      let done = false;
      for (;;) {
        const cur = (await poller.current()).get(t.resource.kind, ns, t.name);
        if (!cur || cur.metadata.uid !== t.uid) {
          done = true;
          break;
        }
        if (timeout === 0) {
          errors.push(notMet(t));
          break;
        }
        if (remaining() <= 0) {
          errors.push(timedOut(t));
          break;
        }
        await pause();
      }
      if (done) print(t.obj);
      continue;
    }
    if (condition.type === 'create') {
      print(t.obj);
      continue;
    }
    // condition= and jsonpath=: once the shared deadline is spent, later objects fail at once.
    if (timeout > 0 && remaining() <= 0) {
      errors.push(timedOut(t));
      continue;
    }
    try {
      for (;;) {
        const cur = (await poller.current()).get(t.resource.kind, ns, t.name);
        if (!cur) {
          errors.push(notFoundError(qualifiedResource(t.resource), t.name));
          break;
        }
        const holds = condition.type === 'condition' ? conditionHolds(cur, condition.name, condition.value) : jsonPathHolds(cur, condition.path, condition.value);
        if (holds) {
          print(cur);
          break;
        }
        if (timeout === 0) {
          errors.push(notMet(t));
          break;
        }
        if (remaining() <= 0) {
          errors.push(timedOut(t));
          break;
        }
        await pause();
      }
    } catch (e) {
      if (e instanceof KubesimError) errors.push(e);
      else throw e;
    }
  }
  flushMissing(first.targets.length);
  if (first.targets.length === 0 && condition.type !== 'delete' && errors.length === 0) {
    throw new KubesimError('no matching resources found');
  }
  return reportErrors(rt, errors);
}
