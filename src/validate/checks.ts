/**
 * Per-object checks: what the apiserver would say about each object on its own, offline.
 *
 * 1. Strict decoding (manifest/strict.ts): every unknown field and every type error, each at its
 *    own position, with the apiserver's text (`Deployment in version "v1" cannot be handled as a
 *    Deployment: strict decoding error: unknown field "spec.selector.template"`). The apiserver
 *    stops at the first; validate reports them all.
 * 2. The create path of `apiserver/objects.ts` minus storage: name, the kind's defaults
 *    (prepareForCreate), allocation (beginCreate — a requested clusterIP/nodePort out of range or
 *    held by a system Service; reported instead of field errors, as the apiserver does) and
 *    validation (validateCreate), on a throwaway in-memory cluster (`newClusterState` with a frozen
 *    clock; no state file is read or written). Each field error is one finding, worded as kubectl
 *    prints a single cause: `The Service "x" is invalid: spec.type: Unsupported value: ...`.
 *
 * An object with type errors is not validated further (it cannot be decoded). An object with
 * unknown fields is validated without them, and a field error that the unknown field explains is
 * dropped: an unknown `spec.selector.template` is a mis-indented `spec.template`, so "spec.template
 * ... Required value" would only repeat it.
 *
 * Each object also yields an ObjectSummary: the facts the cross-object pass needs, as plain data
 * (it crosses worker-thread boundaries).
 */
import type { KObject } from '../api/resources.js';
import { resourceForKind } from '../api/resources.js';
import { frozenClock } from '../clock.js';
import type { KubesimError, SourcePosition } from '../errors.js';
import { ApiError, invalidError } from '../apiserver/status.js';
import { required, type FieldError } from '../apiserver/field-errors.js';
import { strategyFor } from '../apiserver/strategies/index.js';
import { createDecodeError, strictDecode, zeroNullListItems, type DecodeProblem } from '../manifest/strict.js';
import { Cluster } from '../store/cluster-state.js';
import { newClusterState } from '../store/default-cluster.js';
import { hintForError } from '../hints/error-hints.js';
import type { LabelSelector } from '../labels/selector.js';
import type { Finding, ObjectIdentity, RuleId } from './findings.js';
import { RULE_BY_ID } from './findings.js';
import type { Path } from './fast-yaml.js';
import type { SourceDoc } from './documents.js';

export interface ContainerPortFact {
  name?: string;
  containerPort: number;
  protocol: string;
}

export interface ServicePortFact {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: string;
  nodePort?: number;
}

/** What the cross-object pass needs to know about one object. */
export interface ObjectSummary extends ObjectIdentity {
  file: string;
  /** position of the file in the run's file list */
  fileIndex: number;
  /** index of the object among the file's objects */
  index: number;
  /** labels of the pods it is or makes (Pod: metadata.labels; workloads: the template's) */
  podLabels?: Record<string, string>;
  containerPorts?: ContainerPortFact[];
  /** Deployment / ReplicaSet / StatefulSet / DaemonSet selector */
  workloadSelector?: LabelSelector;
  service?: {
    type: string;
    selector?: Record<string, string>;
    ports: ServicePortFact[];
    /** the clusterIP the manifest asks for (not an allocated one) */
    clusterIP?: string;
    healthCheckNodePort?: number;
  };
}

export interface ObjectCheck {
  findings: Finding[];
  summary: ObjectSummary;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

type Json = Record<string, unknown>;

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of decoded JSON data (several times faster than structuredClone here). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (isPlainObject(v)) {
    const o: Json = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') Object.defineProperty(o, k, { value: cloneJson(v[k]), enumerable: true, writable: true, configurable: true });
      else o[k] = cloneJson(v[k]);
    }
    return o as T;
  }
  return v;
}

/** `spec.ports[1].name` → ['spec', 'ports', 1, 'name']; `limits[cpu]` → ['limits', 'cpu']. */
export function fieldPath(field: string): Path {
  const out: Path = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(field); m; m = re.exec(field)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

function startsWith(p: Path, prefix: Path): boolean {
  if (prefix.length > p.length) return false;
  for (let i = 0; i < prefix.length; i++) if (p[i] !== prefix[i]) return false;
  return true;
}

function removePath(obj: unknown, path: Path): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (!cur || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[path[i]];
  }
  if (cur && typeof cur === 'object') delete (cur as Record<string | number, unknown>)[path[path.length - 1]];
}

/** The throwaway cluster the strategies run against: made once per process, never stored. */
let scratch: Cluster | undefined;
function scratchCluster(): Cluster {
  if (!scratch) {
    const clock = frozenClock(new Date(Date.UTC(2026, 0, 1)));
    scratch = new Cluster(newClusterState({ name: 'kubesim', nodes: 3, seed: 'kubesim-validate' }, clock), clock);
  }
  return scratch;
}

function at(pos: SourcePosition | undefined, file: string): { file: string; line: number; col: number } {
  return pos ? { file: pos.file, line: pos.line, col: pos.col } : { file, line: 1, col: 1 };
}

function finding(rule: RuleId, message: string, pos: { file: string; line: number; col: number }, object?: ObjectIdentity, hint?: string): Finding {
  const f: Finding = { severity: RULE_BY_ID.get(rule)!.severity, rule, message, ...pos };
  if (object) f.object = object;
  if (hint) f.hint = hint;
  return f;
}

/** The rule a file-level error of load.ts belongs to, from kubectl's wording. */
function ruleForLoadError(message: string): RuleId {
  if (message.startsWith('error parsing ')) return 'yaml-syntax';
  if (message.startsWith('error validating ')) return 'object-kind';
  if (message.startsWith('unable to decode ')) return 'decode';
  if (message.startsWith('resource mapping not found')) return 'unknown-kind';
  return 'read-error';
}

/** A finding for an error load.ts reports instead of an object (syntax, kind, mapping, reading). */
export function loadErrorFinding(err: KubesimError, file: string): Finding {
  return finding(ruleForLoadError(err.message), err.message, at(err.position, file), undefined, err.hint);
}

function identity(obj: Json, defaultNamespace: string): ObjectIdentity {
  const kind = String(obj.kind);
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' && meta.name ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '';
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  if (!namespaced) return { kind, name };
  const ns = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : defaultNamespace;
  return { kind, namespace: ns, name };
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function containerPortsOf(podSpec: unknown): ContainerPortFact[] {
  const out: ContainerPortFact[] = [];
  if (!isPlainObject(podSpec) || !Array.isArray(podSpec.containers)) return out;
  for (const c of podSpec.containers) {
    if (!isPlainObject(c) || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) {
      if (!isPlainObject(p) || typeof p.containerPort !== 'number') continue;
      const fact: ContainerPortFact = { containerPort: p.containerPort, protocol: typeof p.protocol === 'string' && p.protocol ? p.protocol : 'TCP' };
      if (typeof p.name === 'string' && p.name) fact.name = p.name;
      out.push(fact);
    }
  }
  return out;
}

/** Fill in the summary from the (decoded, defaulted where possible) object. */
function summarize(obj: Json, summary: ObjectSummary, requested: { clusterIP?: string; nodePorts: (number | undefined)[]; hc?: number }): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  const kind = summary.kind;
  if (kind === 'Pod') {
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    summary.podLabels = stringMap(meta.labels) ?? {};
    summary.containerPorts = containerPortsOf(spec);
  } else if (WORKLOAD_KINDS.has(kind) && spec) {
    const template = isPlainObject(spec.template) ? spec.template : {};
    const tmeta = isPlainObject(template.metadata) ? template.metadata : {};
    summary.podLabels = stringMap(tmeta.labels) ?? {};
    summary.containerPorts = containerPortsOf(template.spec);
    if (isPlainObject(spec.selector)) summary.workloadSelector = spec.selector as LabelSelector;
  } else if (kind === 'Service' && spec) {
    const ports: ServicePortFact[] = [];
    if (Array.isArray(spec.ports)) {
      spec.ports.forEach((p, i) => {
        if (!isPlainObject(p) || typeof p.port !== 'number') return;
        const tp = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : p.port;
        const fact: ServicePortFact = { port: p.port, targetPort: tp === 0 || tp === '' ? p.port : tp, protocol: typeof p.protocol === 'string' && p.protocol ? p.protocol : 'TCP' };
        if (typeof p.name === 'string' && p.name) fact.name = p.name;
        const np = requested.nodePorts[i];
        if (np) fact.nodePort = np;
        ports.push(fact);
      });
    }
    summary.service = { type: typeof spec.type === 'string' && spec.type ? spec.type : 'ClusterIP', ports };
    const sel = stringMap(spec.selector);
    if (sel && Object.keys(sel).length > 0) summary.service.selector = sel;
    if (requested.clusterIP && requested.clusterIP !== 'None') summary.service.clusterIP = requested.clusterIP;
    if (requested.hc) summary.service.healthCheckNodePort = requested.hc;
  }
}

function requestedAllocations(obj: Json): { clusterIP?: string; nodePorts: (number | undefined)[]; hc?: number } {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const nodePorts = Array.isArray(spec.ports) ? spec.ports.map((p) => (isPlainObject(p) && typeof p.nodePort === 'number' ? p.nodePort : undefined)) : [];
  const out: { clusterIP?: string; nodePorts: (number | undefined)[]; hc?: number } = { nodePorts };
  if (typeof spec.clusterIP === 'string' && spec.clusterIP) out.clusterIP = spec.clusterIP;
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort) out.hc = spec.healthCheckNodePort;
  return out;
}

function causeRule(c: FieldError, allocation: boolean): RuleId {
  if (c.field === 'spec.template.metadata.labels' && /does not match template/.test(c.detail ?? '')) return 'selector-template-mismatch';
  return allocation ? 'allocation' : 'invalid-field';
}

/** Check one object. `defaultNamespace` is where an object without metadata.namespace goes. */
export function checkObject(doc: SourceDoc, where: { fileIndex: number; index: number }, defaultNamespace = 'default'): ObjectCheck {
  const raw = doc.object;
  const kind = String(raw.kind);
  const apiVersion = String(raw.apiVersion);
  const id = identity(raw, defaultNamespace);
  const findings: Finding[] = [];
  const summary: ObjectSummary = { ...id, file: doc.source, fileIndex: where.fileIndex, index: where.index };
  const pos = (p: Path) => at(doc.positionOf(p), doc.source);

  // 1. strict decoding
  const decoded = strictDecode(kind, raw);
  const decodeFinding = (p: DecodeProblem, rule: RuleId) => {
    const err = createDecodeError(kind, apiVersion, rule === 'type-error' ? { typeErrors: [p], unknownFields: [] } : { typeErrors: [], unknownFields: [p] })!;
    findings.push(finding(rule, err.statusMessage, pos(p.path), id, err.hint));
  };
  for (const p of decoded.typeErrors) decodeFinding(p, 'type-error');
  for (const p of decoded.unknownFields) decodeFinding(p, 'unknown-field');
  if (decoded.typeErrors.length > 0) {
    summarize(raw, summary, requestedAllocations(raw));
    return { findings, summary };
  }

  // 2. the create path, without storage
  const obj = cloneJson(raw) as unknown as KObject;
  zeroNullListItems(kind, obj as unknown as Record<string, unknown>);
  for (const p of decoded.unknownFields) removePath(obj, p.path);
  const explained: Path[] = [];
  for (const p of decoded.unknownFields) {
    const key = p.path[p.path.length - 1];
    for (let n = 0; n < p.path.length; n++) explained.push([...p.path.slice(0, n), key]);
  }
  const report = (c: FieldError, allocation: boolean) => {
    const path = fieldPath(c.field);
    if (explained.some((e) => startsWith(path, e))) return;
    const err = invalidError(kind, obj.metadata.name, [c]);
    findings.push(finding(causeRule(c, allocation), err.render(), pos(path), id, hintForError(err)));
  };

  if (!isPlainObject(obj.metadata)) obj.metadata = { name: '' };
  const meta = obj.metadata;
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  if (!namespaced) delete meta.namespace;
  else meta.namespace ||= defaultNamespace;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}xxxxx`;
  if (!meta.name) {
    const err = invalidError(kind, '', [required('metadata.name', 'name or generateName is required')]);
    findings.push(finding('invalid-field', err.render(), pos(['metadata']), id));
    summarize(obj, summary, requestedAllocations(obj));
    return { findings, summary };
  }

  const requested = requestedAllocations(obj);
  const cluster = scratchCluster();
  const strategy = strategyFor(kind);
  strategy.prepareForCreate?.(obj, cluster);
  summarize(obj, summary, requested);
  try {
    strategy.beginCreate?.(obj, cluster);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.causes.length > 0) for (const c of err.causes) report(c, true);
    else findings.push(finding('allocation', err.statusMessage, pos([]), id));
    return { findings, summary };
  }
  const errs = strategy.validateCreate(obj, cluster);
  if (errs.length > 0) for (const c of invalidError(kind, meta.name, errs).causes) report(c, false);
  return { findings, summary };
}

/** Check everything one file yielded (objects and load errors), in document order. */
export function checkItems(
  file: string,
  fileIndex: number,
  items: ({ doc: SourceDoc } | { error: KubesimError })[],
  defaultNamespace = 'default',
): { findings: Finding[]; summaries: ObjectSummary[]; counts: { errors: number; warnings: number }[] } {
  const findings: Finding[] = [];
  const summaries: ObjectSummary[] = [];
  const counts: { errors: number; warnings: number }[] = [];
  for (const item of items) {
    if ('error' in item) {
      findings.push(loadErrorFinding(item.error, file));
      continue;
    }
    const r = checkObject(item.doc, { fileIndex, index: summaries.length }, defaultNamespace);
    const c = { errors: 0, warnings: 0 };
    for (const f of r.findings) {
      if (f.severity === 'error') c.errors++;
      else c.warnings++;
    }
    findings.push(...r.findings);
    summaries.push(r.summary);
    counts.push(c);
  }
  return { findings, summaries, counts };
}
