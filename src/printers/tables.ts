/**
 * The `kubectl get` tables: the column definitions and row cells the apiserver's table
 * printers produce for each kind (k8s pkg/printers/internalversion), plus what kubectl adds on
 * the client (the NAMESPACE column for -A, kind prefixes on NAME, -L label columns, LABELS).
 * Pure functions over plain API objects as JSON.
 */
import type { KObject } from '../api/resources.js';
import { resourceForKind } from '../api/resources.js';
import { formatLabels, formatLabelSelector, type LabelSelector } from '../labels/selector.js';
import { ageOf } from './age.js';
import { renderTable } from './tabwriter.js';

export interface TableOptions {
  now: Date;
  wide: boolean;
  showLabels: boolean;
  labelColumns: string[];
  withNamespace: boolean;
  /** e.g. `service/` when several kinds are printed. */
  namePrefix?: string;
}

export interface Table {
  header: string[];
  rows: string[][];
}

/** A column: its header and whether it only shows with `-o wide` (priority > 0). */
interface Column {
  name: string;
  wide?: boolean;
}

interface Printer {
  columns: Column[];
  /** Cells for every column (wide ones included), in column order. */
  row(obj: KObject, now: Date, wide: boolean): string[];
  /** Whether kubectl prefixes this kind's first cell with `kind/` (a `name`-format column). */
  prefixesName?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Loose accessors over JSON objects.

type J = Record<string, unknown>;

function obj(v: unknown): J {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}
function spec(o: KObject): J {
  return obj(o.spec);
}
function status(o: KObject): J {
  return obj(o.status);
}

const age = (o: KObject, now: Date): string => ageOf(o.metadata.creationTimestamp, now);

/** `api,side` / `api:1,busybox` from a pod template's containers. */
function containerCells(podSpec: J): [string, string] {
  const cs = arr(podSpec.containers).map(obj);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

function templateSpec(o: KObject): J {
  return obj(obj(spec(o).template).spec);
}

// ---------------------------------------------------------------------------------------------
// Pods

function isRestartableInit(c: J | undefined): boolean {
  return c !== undefined && c.restartPolicy === 'Always';
}

function conditionTrue(st: J, type: string): boolean {
  return arr(st.conditions).some((c) => obj(c).type === type && obj(c).status === 'True');
}

/** Later of two RFC 3339 times (undefined = Go's zero time). */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function terminatedText(t: J, prefix: string): string {
  if (str(t.reason)) return prefix + str(t.reason);
  if (num(t.signal) !== 0) return `${prefix}Signal:${num(t.signal)}`;
  return `${prefix}ExitCode:${num(t.exitCode)}`;
}

/** READY, STATUS and RESTARTS of a pod, by kubectl's printPod rules. */
export function podStatusCells(pod: KObject, now: Date): { ready: string; status: string; restarts: string } {
  const sp = spec(pod);
  const st = status(pod);
  const initSpecs = arr(sp.initContainers).map(obj);
  const initByName = new Map(initSpecs.map((c) => [str(c.name), c]));
  const total = arr(sp.containers).length + initSpecs.filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;

  let reason = str(st.reason) || str(st.phase);
  for (const c of arr(st.conditions).map(obj)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = arr(st.initContainerStatuses).map(obj);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state = obj(cs.state);
    const finished = str(obj(obj(cs.lastState).terminated).finishedAt) || undefined;
    const hasLastTerminated = cs.lastState !== undefined && obj(cs.lastState).terminated !== undefined;
    restarts += num(cs.restartCount);
    if (hasLastTerminated) lastRestart = later(lastRestart, finished);
    const sidecar = isRestartableInit(initByName.get(str(cs.name)));
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount);
      if (hasLastTerminated) lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = state.terminated !== undefined ? obj(state.terminated) : undefined;
    const waiting = state.waiting !== undefined ? obj(state.waiting) : undefined;
    if (term && num(term.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (term) {
      reason = terminatedText(term, 'Init:');
    } else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') {
      reason = 'Init:' + str(waiting.reason);
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(st, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(st.containerStatuses).map(obj);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state = obj(cs.state);
      restarts += num(cs.restartCount);
      if (cs.lastState !== undefined && obj(cs.lastState).terminated !== undefined) {
        lastRestart = later(lastRestart, str(obj(obj(cs.lastState).terminated).finishedAt) || undefined);
      }
      const waiting = state.waiting !== undefined ? obj(state.waiting) : undefined;
      const term = state.terminated !== undefined ? obj(state.terminated) : undefined;
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (term) reason = terminatedText(term, '');
      else if (cs.ready === true && state.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(st, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart) restartsText = `${restarts} (${ageOf(lastRestart, now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

const podPrinter: Printer = {
  prefixesName: true,
  columns: [
    { name: 'NAME' },
    { name: 'READY' },
    { name: 'STATUS' },
    { name: 'RESTARTS' },
    { name: 'AGE' },
    { name: 'IP', wide: true },
    { name: 'NODE', wide: true },
    { name: 'NOMINATED NODE', wide: true },
    { name: 'READINESS GATES', wide: true },
  ],
  row(pod, now) {
    const sp = spec(pod);
    const st = status(pod);
    const s = podStatusCells(pod, now);
    // The apiserver keeps podIPs[0] equal to podIP; fall back to the singular field.
    const ip = str(obj(arr(st.podIPs)[0]).ip) || str(st.podIP) || '<none>';
    const gates = arr(sp.readinessGates).map(obj);
    let gatesText = '<none>';
    if (gates.length > 0) {
      let trueCount = 0;
      for (const g of gates) {
        const cond = arr(st.conditions).map(obj).find((c) => c.type === g.conditionType);
        if (cond && cond.status === 'True') trueCount++;
      }
      gatesText = `${trueCount}/${gates.length}`;
    }
    return [pod.metadata.name, s.ready, s.status, s.restarts, age(pod, now), ip, str(sp.nodeName) || '<none>', str(st.nominatedNodeName) || '<none>', gatesText];
  },
};

// ---------------------------------------------------------------------------------------------
// Services

const LB_WIDTH = 16;

function loadBalancerIPs(st: J, wide: boolean): string {
  const set = new Set<string>();
  for (const ing of arr(obj(st.loadBalancer).ingress).map(obj)) {
    if (str(ing.ip)) set.add(str(ing.ip));
    else if (str(ing.hostname)) set.add(str(ing.hostname));
  }
  let r = [...set].sort(byteOrder).join(',');
  if (!wide && r.length > LB_WIDTH) r = r.slice(0, LB_WIDTH - 3) + '...';
  return r;
}

/** EXTERNAL-IP of a service (getServiceExternalIP). */
export function serviceExternalIP(svc: KObject, wide: boolean): string {
  const sp = spec(svc);
  const externalIPs = arr(sp.externalIPs).map(str);
  switch (sp.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(status(svc), wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(sp.externalName);
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP`, `80:32233/TCP`, joined by commas (makePortString). */
export function servicePorts(svc: KObject): string {
  return arr(spec(svc).ports)
    .map(obj)
    .map((p) => (num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${str(p.protocol)}` : `${num(p.port)}/${str(p.protocol)}`))
    .join(',');
}

const servicePrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'CLUSTER-IP' }, { name: 'EXTERNAL-IP' }, { name: 'PORT(S)' }, { name: 'AGE' }, { name: 'SELECTOR', wide: true }],
  row(svc, now, wide) {
    const sp = spec(svc);
    // The apiserver keeps clusterIPs[0] equal to clusterIP; fall back to the singular field for
    // objects that carry only that.
    const clusterIP = str(arr(sp.clusterIPs)[0]) || str(sp.clusterIP) || '<none>';
    return [
      svc.metadata.name,
      str(sp.type),
      clusterIP,
      serviceExternalIP(svc, wide),
      servicePorts(svc) || '<none>',
      age(svc, now),
      formatLabels(sp.selector as Record<string, string> | undefined),
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Endpoints and EndpointSlices

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** ENDPOINTS of an Endpoints object (formatEndpoints, no port filter). */
export function formatEndpoints(ep: KObject): string {
  const subsets = arr(ep.subsets).map(obj);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map(obj);
    const ports = arr(ss.ports).map(obj);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(a.ip), num(p.port)));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

function sliceList(values: string[]): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const v of values) {
    if (list.length < max) list.push(v);
    else more = true;
  }
  return listWithMore(list, more, values.length, max);
}

/** PORTS of an EndpointSlice: the number, else the name, else `*`. */
export function formatSlicePorts(slice: KObject): string {
  return sliceList(
    arr(slice.ports)
      .map(obj)
      .map((p) => (typeof p.port === 'number' ? String(num(p.port)) : typeof p.name === 'string' ? p.name : '*')),
  );
}

/** ENDPOINTS of an EndpointSlice: addresses of all endpoints, ready or not. */
export function formatSliceEndpoints(slice: KObject): string {
  return sliceList(
    arr(slice.endpoints)
      .map(obj)
      .flatMap((e) => arr(e.addresses).map(str)),
  );
}

const endpointsPrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  row: (ep, now) => [ep.metadata.name, formatEndpoints(ep), age(ep, now)],
};

const endpointSlicePrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'ADDRESSTYPE' }, { name: 'PORTS' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  row: (s, now) => [s.metadata.name, str(s.addressType), formatSlicePorts(s), formatSliceEndpoints(s), age(s, now)],
};

// ---------------------------------------------------------------------------------------------
// Workloads

function selectorOf(o: KObject): LabelSelector | undefined {
  const s = spec(o).selector;
  return s === undefined || s === null ? undefined : (obj(s) as LabelSelector);
}

/** A selector as `labels.Selector.String()` prints it: empty for an empty selector. */
function selectorString(o: KObject): string {
  const s = formatLabelSelector(selectorOf(o));
  return s === '<none>' ? '' : s;
}

const deploymentPrinter: Printer = {
  prefixesName: true,
  columns: [
    { name: 'NAME' },
    { name: 'READY' },
    { name: 'UP-TO-DATE' },
    { name: 'AVAILABLE' },
    { name: 'AGE' },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true },
  ],
  row(d, now) {
    const sp = spec(d);
    const st = status(d);
    const [names, images] = containerCells(templateSpec(d));
    return [d.metadata.name, `${num(st.readyReplicas)}/${num(sp.replicas)}`, String(num(st.updatedReplicas)), String(num(st.availableReplicas)), age(d, now), names, images, selectorString(d)];
  },
};

const replicaSetPrinter: Printer = {
  prefixesName: true,
  columns: [
    { name: 'NAME' },
    { name: 'DESIRED' },
    { name: 'CURRENT' },
    { name: 'READY' },
    { name: 'AGE' },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true },
  ],
  row(rs, now) {
    const sp = spec(rs);
    const st = status(rs);
    const [names, images] = containerCells(templateSpec(rs));
    return [rs.metadata.name, String(num(sp.replicas)), String(num(st.replicas)), String(num(st.readyReplicas)), age(rs, now), names, images, formatLabelSelector(selectorOf(rs))];
  },
};

const statefulSetPrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'READY' }, { name: 'AGE' }, { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }],
  row(ss, now) {
    const [names, images] = containerCells(templateSpec(ss));
    return [ss.metadata.name, `${num(status(ss).readyReplicas)}/${num(spec(ss).replicas)}`, age(ss, now), names, images];
  },
};

const daemonSetPrinter: Printer = {
  prefixesName: true,
  columns: [
    { name: 'NAME' },
    { name: 'DESIRED' },
    { name: 'CURRENT' },
    { name: 'READY' },
    { name: 'UP-TO-DATE' },
    { name: 'AVAILABLE' },
    { name: 'NODE SELECTOR' },
    { name: 'AGE' },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true },
  ],
  row(ds, now) {
    const st = status(ds);
    const tspec = templateSpec(ds);
    const [names, images] = containerCells(tspec);
    return [
      ds.metadata.name,
      String(num(st.desiredNumberScheduled)),
      String(num(st.currentNumberScheduled)),
      String(num(st.numberReady)),
      String(num(st.updatedNumberScheduled)),
      String(num(st.numberAvailable)),
      formatLabels(tspec.nodeSelector as Record<string, string> | undefined),
      age(ds, now),
      names,
      images,
      formatLabelSelector(selectorOf(ds)),
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Nodes and Namespaces

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** ROLES: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
export function nodeRoles(node: KObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(byteOrder).join(',') || '<none>';
}

function nodeAddress(st: J, type: string): string {
  const a = arr(st.addresses).map(obj).find((x) => x.type === type);
  return a ? str(a.address) : '<none>';
}

const nodePrinter: Printer = {
  prefixesName: true,
  columns: [
    { name: 'NAME' },
    { name: 'STATUS' },
    { name: 'ROLES' },
    { name: 'AGE' },
    { name: 'VERSION' },
    { name: 'INTERNAL-IP', wide: true },
    { name: 'EXTERNAL-IP', wide: true },
    { name: 'OS-IMAGE', wide: true },
    { name: 'KERNEL-VERSION', wide: true },
    { name: 'CONTAINER-RUNTIME', wide: true },
  ],
  row(node, now) {
    const st = status(node);
    const parts: string[] = [];
    // Only the Ready condition is reported; the last one of that type wins.
    let readyCond: J | undefined;
    for (const c of arr(st.conditions).map(obj)) if (c.type === 'Ready') readyCond = c;
    if (readyCond) parts.push(readyCond.status === 'True' ? 'Ready' : 'NotReady');
    if (parts.length === 0) parts.push('Unknown');
    if (spec(node).unschedulable === true) parts.push('SchedulingDisabled');
    const info = obj(st.nodeInfo);
    return [
      node.metadata.name,
      parts.join(','),
      nodeRoles(node),
      age(node, now),
      str(info.kubeletVersion),
      nodeAddress(st, 'InternalIP'),
      nodeAddress(st, 'ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

const namespacePrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'AGE' }],
  row: (ns, now) => [ns.metadata.name, str(status(ns).phase), age(ns, now)],
};

// ---------------------------------------------------------------------------------------------
// Events

function eventSource(ev: KObject): string {
  const src = obj(ev.source);
  const component = str(src.component) || str(ev.reportingComponent);
  const instance = str(src.host) || str(ev.reportingInstance);
  if (!component) return '<unknown>';
  return instance ? `${component}, ${instance}` : component;
}

const eventPrinter: Printer = {
  // The event table has no `name`-format column, so kubectl adds no kind prefix to it.
  prefixesName: false,
  columns: [
    { name: 'LAST SEEN' },
    { name: 'TYPE' },
    { name: 'REASON' },
    { name: 'OBJECT' },
    { name: 'SUBOBJECT', wide: true },
    { name: 'SOURCE', wide: true },
    { name: 'MESSAGE' },
    { name: 'FIRST SEEN', wide: true },
    { name: 'COUNT', wide: true },
    { name: 'NAME', wide: true },
  ],
  row(ev, now) {
    const first = str(ev.firstTimestamp) ? ageOf(str(ev.firstTimestamp), now) : ageOf(str(ev.eventTime) || undefined, now);
    let last = str(ev.lastTimestamp) ? ageOf(str(ev.lastTimestamp), now) : first;
    let count = num(ev.count);
    const series = ev.series !== undefined && ev.series !== null ? obj(ev.series) : undefined;
    if (series) {
      last = ageOf(str(series.lastObservedTime) || undefined, now);
      count = num(series.count);
    } else if (count === 0) {
      count = 1;
    }
    const involved = obj(ev.involvedObject);
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
    return [last, str(ev.type), str(ev.reason), target, str(involved.fieldPath), eventSource(ev), str(ev.message).trim(), first, String(count), ev.metadata.name];
  },
};

// ---------------------------------------------------------------------------------------------

const defaultPrinter: Printer = {
  prefixesName: true,
  columns: [{ name: 'NAME' }, { name: 'AGE' }],
  row: (o, now) => [o.metadata.name, age(o, now)],
};

const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  StatefulSet: statefulSetPrinter,
  DaemonSet: daemonSetPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Event: eventPrinter,
};

/** Go's sort of strings: by bytes (UTF-16 order differs only outside the BMP). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `-L` header: the key's last `/` segment in upper case. */
function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1].toUpperCase();
}

/**
 * Header and rows of `kubectl get <kind>` for these objects, in the given order. Cells are raw
 * (no escaping or truncation; renderTable does that).
 */
export function buildTable(kind: string, objects: KObject[], opts: TableOptions): Table {
  const printer = PRINTERS[kind] ?? defaultPrinter;
  const keep = printer.columns.map((c) => opts.wide || !c.wide);
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  const withNamespace = opts.withNamespace && namespaced;

  const header: string[] = [];
  if (withNamespace) header.push('NAMESPACE');
  printer.columns.forEach((c, i) => keep[i] && header.push(c.name));
  for (const key of opts.labelColumns) header.push(labelHeader(key));
  if (opts.showLabels) header.push('LABELS');

  const rows = objects.map((o) => {
    const cells = printer.row(o, opts.now, opts.wide).filter((_, i) => keep[i]);
    if (opts.namePrefix && printer.prefixesName && cells.length > 0) cells[0] = opts.namePrefix + cells[0];
    const row: string[] = [];
    if (withNamespace) row.push(o.metadata.namespace ?? '');
    row.push(...cells);
    const labels = o.metadata.labels ?? {};
    for (const key of opts.labelColumns) row.push(Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : '');
    if (opts.showLabels) row.push(formatLabels(o.metadata.labels));
    return row;
  });
  return { header, rows };
}

/**
 * Several `get` tables as kubectl prints them one after the other (`get svc,ep`, `get all`):
 * each table with its own header and widths, a blank line before every table after the first
 * that has rows, tables without rows skipped entirely, and no headers nor blank lines with
 * `--no-headers`.
 */
export function renderTables(tables: Table[], opts: { noHeaders: boolean }): string {
  let out = '';
  let printed = 0;
  for (const t of tables) {
    if (t.rows.length === 0) continue;
    if (printed > 0 && !opts.noHeaders) out += '\n';
    out += renderTable(opts.noHeaders ? t.rows : [t.header, ...t.rows]);
    printed++;
  }
  return out;
}
