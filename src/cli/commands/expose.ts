/**
 * `kubesim expose (-f FILE | TYPE NAME | TYPE/NAME)` — kubectl's expose: which kinds can be
 * exposed, how the selector, labels, ports and protocols are derived from the source object,
 * the Service it generates, its outputs and its error texts.
 *
 * kubectl keeps the derived values (selector, port(s), labels) in its options between the objects
 * it visits, so with several sources the later services inherit the first one's values; that
 * quirk is reproduced (ExposeState is threaded through the visits).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster, readCluster } from '../../apiserver/session.js';
import { createObject } from '../../apiserver/objects.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedResource, type KObject } from '../../api/resources.js';
import type { Cluster } from '../../store/cluster-state.js';
import { loadManifests } from '../../manifest/load.js';
import { strictDecode } from '../../manifest/strict.js';
import { goQuote } from '../../apiserver/field-errors.js';
import { parseValidateMode } from '../../apply/decode.js';
import { parseOutputFormat } from '../../printers/output.js';
import { holdStdout, parseDryRun, parseResourceArgs, type DryRun, type ResourceRequest } from './common.js';
import { goAtoi, printResult, withCreateAnnotation } from './create-service.js';
import { typedJson, unstructuredJson } from '../../printers/go-json.js';
import { reportErrors } from './report.js';

export interface ExposeOptions {
  filename?: string[];
  recursive?: boolean;
  namespace?: string;
  port?: string;
  targetPort?: string;
  name?: string;
  type?: string;
  protocol?: string;
  selector?: string;
  labels?: string;
  externalIp?: string;
  clusterIp?: string;
  sessionAffinity?: string;
  loadBalancerIp?: string;
  overrideType?: string;
  overrides?: string;
  saveConfig?: boolean;
  dryRun?: string | boolean;
  output?: string;
  validate?: string;
  showManagedFields?: boolean;
  allowMissingTemplateKeys?: boolean;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// ---------------------------------------------------------------------------------------------
// polymorphichelpers, as pure functions of the source object.

const EXPOSABLE = new Set(['/ReplicationController', '/Service', '/Pod', 'apps/Deployment', 'apps/ReplicaSet', 'extensions/Deployment', 'extensions/ReplicaSet']);

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** canBeExposed: `cannot expose a StatefulSet.apps` (GroupKind's String form). */
export function checkCanBeExposed(obj: { apiVersion: string; kind: string }): void {
  const group = groupOf(obj.apiVersion);
  if (!EXPOSABLE.has(`${group}/${obj.kind}`)) throw new KubesimError(`cannot expose a ${obj.kind}${group ? `.${group}` : ''}`);
}

/** Go's %+v of []metav1.LabelSelectorRequirement. */
function formatExpressions(exprs: unknown[]): string {
  return `[${exprs
    .map((e) => {
      const r = asObj(e);
      return `{Key:${String(r.key ?? '')} Operator:${String(r.operator ?? '')} Values:[${asArr(r.values).map(String).join(' ')}]}`;
    })
    .join(' ')}]`;
}

/** MapBasedSelectorForObject: the selector kubectl derives, or the reason it cannot. */
export function selectorForObject(obj: KObject): Record<string, string> {
  const spec = asObj(obj.spec);
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata.labels ?? {};
      if (Object.keys(labels).length === 0) throw new Error('the pod has no labels and cannot be exposed');
      return { ...labels };
    }
    case 'Service': {
      const sel = asObj(spec.selector) as Record<string, string>;
      if (Object.keys(sel).length === 0) throw new Error('the service has no pod selector set');
      return { ...sel };
    }
    case 'ReplicationController': {
      const sel = asObj(spec.selector) as Record<string, string>;
      if (Object.keys(sel).length === 0) throw new Error('the replication controller has no selector and cannot be exposed');
      return { ...sel };
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = asObj(spec.selector);
      const matchLabels = asObj(sel.matchLabels) as Record<string, string>;
      if (Object.keys(matchLabels).length === 0) throw new Error(`invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed`);
      const exprs = asArr(sel.matchExpressions);
      if (exprs.length > 0) throw new Error(`couldn't convert expressions - "${formatExpressions(exprs)}" to map-based selector format`);
      return { ...matchLabels };
    }
  }
  throw new Error(`cannot extract pod selector from ${obj.kind}`);
}

function podSpecOf(obj: KObject): Obj | undefined {
  const spec = asObj(obj.spec);
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'ReplicationController') return asObj(asObj(spec.template).spec);
  return undefined;
}

interface SourcePort {
  port: string;
  protocol: string;
  name?: string;
}

/** Every port of the source in order: container ports, or a service's spec.ports[].port. */
function sourcePorts(obj: KObject): SourcePort[] {
  const out: SourcePort[] = [];
  if (obj.kind === 'Service') {
    for (const p of asArr(asObj(obj.spec).ports)) {
      const sp = asObj(p);
      out.push({ port: String(Number(sp.port ?? 0)), protocol: String(sp.protocol || 'TCP'), name: sp.name as string | undefined });
    }
    return out;
  }
  const podSpec = podSpecOf(obj);
  if (!podSpec) return out;
  for (const c of asArr(podSpec.containers)) {
    for (const p of asArr(asObj(c).ports)) {
      const cp = asObj(p);
      out.push({ port: String(Number(cp.containerPort ?? 0)), protocol: String(cp.protocol || 'TCP'), name: cp.name as string | undefined });
    }
  }
  return out;
}

/** PortsForObject: the port numbers, first occurrence kept. */
export function portsForObject(obj: KObject): string[] {
  return [...new Set(sourcePorts(obj).map((p) => p.port))];
}

/** MultiProtocolsForObject: port → every protocol it is declared with, in order (duplicates kept). */
export function protocolsForObject(obj: KObject): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of sourcePorts(obj)) {
    const list = m.get(p.port) ?? [];
    list.push(p.protocol);
    m.set(p.port, list);
  }
  return m;
}

/** expose's parseLabels (used for --selector, --labels and the derived ones). */
export function parseLabelSpec(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const kv = item.split('=');
    if (kv.length !== 2) throw new KubesimError(`unexpected label spec: ${item}`);
    if (kv[0].length === 0) throw new KubesimError('unexpected empty label key');
    labels[kv[0]] = kv[1];
  }
  return labels;
}

/** MakeLabels: `k=v,k2=v2` (keys sorted, as the result is only parsed back). */
function makeLabels(m: Record<string, string>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${m[k]}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// The generator.

/** The options kubectl's expose carries from one visited object to the next. */
export interface ExposeState {
  selector: string;
  labels: string;
  port: string;
  ports: string;
  /** Per-port protocols derived from the current object (port → protocols). */
  protocols: Map<string, string[]>;
  protocol: string;
  targetPort: string;
  name: string;
  defaultName: string;
  type: string;
  externalIP: string;
  clusterIP: string;
  sessionAffinity: string;
  loadBalancerIP: string;
}

export function initialExposeState(opts: ExposeOptions): ExposeState {
  return {
    selector: opts.selector ?? '',
    labels: opts.labels ?? '',
    port: opts.port ?? '',
    ports: '',
    protocols: new Map(),
    protocol: opts.protocol ?? '',
    targetPort: opts.targetPort ?? '',
    name: opts.name ?? '',
    defaultName: '',
    type: opts.type ?? '',
    externalIP: opts.externalIp ?? '',
    clusterIP: opts.clusterIp ?? '',
    sessionAffinity: opts.sessionAffinity ?? '',
    loadBalancerIP: opts.loadBalancerIp ?? '',
  };
}

/** intstr.Parse: a number when Atoi accepts it, else the string. */
function intOrString(s: string): number | string {
  const n = goAtoi(s);
  return n === undefined ? s : n | 0;
}

/** createService: the Service from the (derived) options. Throws kubectl's generator errors. */
export function generateService(st: ExposeState): KObject {
  if (st.selector.length === 0) throw new KubesimError('selector must be specified');
  const selector = parseLabelSpec(st.selector);
  const labels = st.labels.length > 0 ? parseLabelSpec(st.labels) : undefined;
  const name = st.name || st.defaultName;
  if (!name) throw new KubesimError('name must be specified');

  const portString = st.ports.length > 0 ? st.ports : st.port;
  const ports: Obj[] = [];
  if (portString.length > 0) {
    const items = portString.split(',');
    items.forEach((item, i) => {
      const port = goAtoi(item);
      if (port === undefined) throw new KubesimError(`strconv.Atoi: parsing ${JSON.stringify(item)}: invalid syntax`);
      let protocols = st.protocol ? [st.protocol] : (st.protocols.get(item) ?? []);
      if (protocols.length === 0) protocols = ['TCP'];
      for (const protocol of protocols) {
        let portName = items.length > 1 ? `port-${i + 1}` : '';
        if (protocols.length > 1) portName = `port-${i + 1}-${protocol.toLowerCase()}`;
        const sp: Obj = {};
        if (portName) sp.name = portName;
        sp.protocol = protocol;
        sp.port = port | 0;
        ports.push(sp);
      }
    });
  }
  const target = st.targetPort.length > 0 ? intOrString(st.targetPort) : undefined;
  for (const p of ports) p.targetPort = target ?? p.port;

  const metadata: Obj = { name, creationTimestamp: null };
  if (labels) metadata.labels = labels;
  const spec: Obj = {};
  if (ports.length > 0) spec.ports = ports;
  spec.selector = selector;
  if (st.clusterIP) spec.clusterIP = st.clusterIP;
  if (st.type) spec.type = st.type;
  if (st.externalIP) spec.externalIPs = [st.externalIP];
  if (st.sessionAffinity) {
    if (st.sessionAffinity !== 'None' && st.sessionAffinity !== 'ClientIP') throw new KubesimError(`unknown session affinity: ${st.sessionAffinity}`);
    spec.sessionAffinity = st.sessionAffinity;
  }
  if (st.type === 'LoadBalancer' && st.loadBalancerIP) spec.loadBalancerIP = st.loadBalancerIP;
  return { kind: 'Service', apiVersion: 'v1', metadata: metadata as KObject['metadata'], spec, status: { loadBalancer: {} } };
}

/**
 * One visit of RunExpose: check the kind, derive what was not given (updating `st` as kubectl
 * updates its options) and generate the Service.
 */
export function exposeObject(source: KObject, st: ExposeState): KObject {
  checkCanBeExposed(source);
  st.defaultName = source.metadata.name.slice(0, 63);
  if (st.selector.length === 0) {
    try {
      st.selector = makeLabels(selectorForObject(source));
    } catch (err) {
      throw new KubesimError(`couldn't retrieve selectors via --selector flag or introspection: ${(err as Error).message}`);
    }
  }
  if (st.port.length === 0) {
    const ports = portsForObject(source);
    if (ports.length === 0) {
      if (st.clusterIP !== 'None') throw new KubesimError("couldn't find port via --port flag or introspection");
    } else if (ports.length === 1) st.port = ports[0];
    else st.ports = ports.join(',');
  }
  st.protocols = protocolsForObject(source);
  if (st.labels.length === 0) st.labels = makeLabels(source.metadata.labels ?? {});
  return generateService(st);
}

/** RFC 7386 JSON merge patch (`--overrides` with --override-type=merge). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function applyOverrides(service: KObject, opts: ExposeOptions): KObject {
  if (!opts.overrides) return service;
  let patch: unknown;
  try {
    patch = JSON.parse(opts.overrides);
  } catch (err) {
    throw new KubesimError(`unable to parse --overrides: ${(err as Error).message}`);
  }
  const type = opts.overrideType ?? 'merge';
  if (type !== 'merge' && type !== 'strategic') throw new KubesimError(`--override-type=${type} is not supported by kubesim`, { hint: 'use --override-type=merge' });
  return mergePatch(service, patch) as KObject;
}

// ---------------------------------------------------------------------------------------------
// Hint (gotcha §10.2): --port without --target-port, while the pods listen elsewhere.

export function targetPortHint(source: KObject, opts: Pick<ExposeOptions, 'port' | 'targetPort'>): string | undefined {
  if (!opts.port || opts.targetPort || source.kind === 'Service') return undefined;
  const container = sourcePorts(source);
  if (container.length === 0) return undefined;
  const requested = opts.port.split(',');
  if (requested.some((p) => container.some((c) => c.port === p))) return undefined;
  const first = container[0];
  const listen = [...new Set(container.map((c) => c.port))].join(', ');
  return (
    `--port=${opts.port} without --target-port sends traffic to port ${requested[0]} on the pods, but their containers declare port ${listen}; ` +
    `add --target-port=${first.name ?? first.port}${first.name ? ` (or --target-port=${first.port})` : ''}`
  );
}

// ---------------------------------------------------------------------------------------------

interface Source {
  object?: KObject;
  error?: KubesimError;
}

/** TYPE NAME… / TYPE/NAME… → what to fetch (kubectl's builder errors). */
function parseSourceArgs(args: string[]): ResourceRequest[] {
  const parsed = parseResourceArgs(args);
  if (!parsed.named) throw new KubesimError('resource(s) were provided, but no name was specified');
  return parsed.requests;
}

function fetchSources(cluster: Cluster, requests: ResourceRequest[], namespace: string): Source[] {
  return requests.map((req) => {
    const name = req.name!;
    const obj = cluster.get(req.resource.kind, req.resource.namespaced ? namespace : undefined, name);
    if (!obj) return { error: notFoundError(qualifiedResource(req.resource), name) };
    return { object: structuredClone(obj) };
  });
}

export async function runExpose(rt: Runtime, args: string[], opts: ExposeOptions): Promise<number> {
  const dryRun: DryRun = parseDryRun(opts.dryRun);
  const format = opts.output !== undefined && opts.output !== '' ? parseOutputFormat(opts.output, 'write') : undefined;
  parseValidateMode(opts.validate);
  const files = opts.filename ?? [];
  if (files.length === 0 && args.length === 0) {
    throw new KubesimError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  if (files.length > 0 && args.length > 0) throw new KubesimError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  const namespace = currentNamespace(rt, opts.namespace);
  const requests = files.length > 0 ? [] : parseSourceArgs(args);

  const fileSources = (): Source[] =>
    loadManifests(files, { recursive: opts.recursive === true, readStdin: rt.readStdin }).map((item) => {
      if ('error' in item) return { error: item.error };
      // kubectl's builder decodes into typed objects (WithScheme): a value of the wrong type fails here.
      const typeError = strictDecode(String(item.doc.object.kind), item.doc.object).typeErrors[0];
      if (typeError) return { error: new KubesimError(`unable to decode ${goQuote(item.doc.source)}: ${typeError.message}`, { position: item.doc.positionOf(typeError.path) }) };
      const obj = structuredClone(item.doc.object) as unknown as KObject;
      obj.metadata ??= { name: '' };
      obj.metadata.name ??= ''; // a file's object may have metadata without a name
      const ns = obj.metadata.namespace;
      if (opts.namespace && ns && ns !== opts.namespace) {
        return {
          error: new KubesimError(`the namespace from the provided object "${ns}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${ns}' to perform this operation.`),
        };
      }
      return { object: obj };
    });

  const st = initialExposeState(opts);
  const errors: KubesimError[] = [];
  const hints: string[] = [];
  let printed = 0;
  const printOpts = { showManagedFields: opts.showManagedFields, allowMissingTemplateKeys: opts.allowMissingTemplateKeys };
  // "exposed" lines wait for the write: a failed write must not follow them.
  const out = holdStdout(rt);
  const emit = (svc: KObject, json: (o: KObject) => string) => {
    printResult(out.rt, format, svc, 'exposed', dryRun, json, { ...printOpts, first: printed === 0 });
    printed++;
  };

  const visit = (sources: Source[], create?: (svc: KObject) => KObject) => {
    for (const s of sources) {
      if (s.error) {
        errors.push(s.error);
        continue;
      }
      const source = s.object!;
      try {
        let svc = applyOverrides(exposeObject(source, st), opts);
        const hint = targetPortHint(source, opts);
        if (!create) {
          if (opts.namespace) svc.metadata = { ...svc.metadata, namespace: opts.namespace };
          emit(svc, typedJson);
        } else {
          if (opts.saveConfig) svc = withCreateAnnotation(svc);
          svc.metadata.namespace = namespace;
          emit(create(svc), unstructuredJson);
        }
        if (hint) hints.push(hint);
      } catch (err) {
        if (!(err instanceof KubesimError)) throw err;
        errors.push(err);
      }
    }
  };

  if (dryRun === 'client') {
    if (files.length > 0) visit(fileSources());
    else visit(fetchSources(await readCluster(stateLocation(rt), sessionOptions(rt)), requests, namespace));
  } else {
    const sources = files.length > 0 ? fileSources() : undefined;
    await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun === 'server' }, (cluster) => {
      visit(sources ?? fetchSources(cluster, requests, namespace), (svc) => createObject(cluster, svc, { dryRun: dryRun === 'server' }));
    });
  }
  out.flush();
  if (rt.hints) for (const h of hints) rt.stderr.write(`hint: ${h}\n`);
  return reportErrors(rt, errors);
}

