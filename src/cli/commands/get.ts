/**
 * `kubesim get`: kubectl get's argument rules, tables (one header per kind, kind prefixes when
 * several types were asked for, blank lines between groups), the -o formats, and its errors.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { readCluster } from '../../apiserver/session.js';
import { KubesimError } from '../../errors.js';
import { goQuote } from '../../apiserver/field-errors.js';
import { qualifiedKind, type KObject, type ResourceInfo } from '../../api/resources.js';
import { parseResourceArgs, type ResourceRequest } from './common.js';
import { parseSelector, selectorMatches, type Selector } from '../../labels/selector.js';
import { ApiError } from '../../apiserver/status.js';
import { buildTable } from '../../printers/tables.js';
import { renderTable } from '../../printers/tabwriter.js';
import { parseFieldSelector, fieldSelectorMatches } from '../../labels/field-selector.js';
import { printObjects, parseOutputFormat } from '../../printers/output.js';
import { listBucket, type Cluster } from '../../store/cluster-state.js';
import { tableView } from '../../store/state-file.js';
import { notFoundWithHint } from '../../hints/near-names.js';
import { printErrorExtras } from '../errors.js';

interface GetOptions {
  namespace?: string;
  output?: string;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  showLabels?: boolean;
  labelColumns?: string[];
  headers?: boolean;
  ignoreNotFound?: boolean;
  showKind?: boolean;
  sortBy?: string;
  allowMissingTemplateKeys?: boolean;
  showManagedFields?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  outputWatchEvents?: boolean;
  requestTimeout?: string;
}

const MISSING_TYPE = [
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
  '',
  'error: Required resource not specified.',
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
  "See 'kubesim get -h' for help and examples",
].join('\n');

/**
 * kubectl sends -l to the server as written; the server's 400 for a malformed one comes back once
 * per resource listed, in the words of kubectl's builder ("Unable to find … that match label selector").
 */
function serverParsedSelector(text: string, fieldSelector: string | undefined, requests: { resource: ResourceInfo }[]): Selector {
  try {
    return parseSelector(text);
  } catch (err) {
    if (!(err instanceof KubesimError)) throw err;
    const lines = requests.map(({ resource: r }) => {
      const gvr = `${r.group ?? ''}/${r.version}, Resource=${r.resource}`;
      return new ApiError('BadRequest', `Unable to find ${goQuote(gvr)} that match label selector ${goQuote(text)}, field selector ${goQuote(fieldSelector ?? '')}: ${err.message}`).render();
    });
    throw new KubesimError(lines.join('\n'), { prefixed: false, hint: err.hint });
  }
}

export async function runGet(rt: Runtime, args: string[], opts: GetOptions): Promise<number> {
  if (args.length === 0) throw new KubesimError(MISSING_TYPE, { prefixed: false });
  const format = parseOutputFormat(opts.output, 'get');
  const parsed = parseResourceArgs(args, { allowAll: true });
  if (parsed.named && (opts.selector || opts.fieldSelector)) throw new KubesimError('name cannot be provided when a selector is specified');
  const selector = opts.selector !== undefined ? serverParsedSelector(opts.selector, opts.fieldSelector, parsed.requests) : undefined;
  const fieldSel = opts.fieldSelector !== undefined ? parseFieldSelector(opts.fieldSelector) : undefined;
  if (parsed.named && opts.allNamespaces) throw new KubesimError('a resource cannot be retrieved by name across all namespaces');
  // Both core events and events.events.k8s.io advertise the short name `ev`.
  if (args[0].split(',').includes('ev')) rt.stderr.write('Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n');
  const namespace = currentNamespace(rt, opts.namespace);
  if (opts.watch || opts.watchOnly) return watch(rt, parsed, { opts, format, namespace, selector, fieldSel });
  // A plain get is over in one read, so the timeout has nothing to end; a bad value still fails.
  if (opts.requestTimeout !== undefined) {
    (await import('./get-watch.js')).parseRequestTimeout(opts.requestTimeout);
  }
  const cluster = await readCluster(stateLocation(rt), sessionOptions(rt));

  const found: KObject[] = [];
  const errors: KubesimError[] = [];
  /** Per requested type, the objects it yielded (tables print one group per request type). */
  const groups: { kind: string; objects: KObject[] }[] = [];
  for (const req of parsed.requests) {
    // A table of pods needs a quarter of each pod: list the state file's view of them when it has one.
    const view = format.kind === 'table' && !fieldSel && !opts.sortBy && req.name === undefined ? tableView(cluster.state.objects, req.resource.kind) : undefined;
    const objs = fetch(cluster, req, namespace, opts.allNamespaces === true, selector, fieldSel, view);
    if (objs === undefined) {
      if (!opts.ignoreNotFound) errors.push(notFoundWithHint(cluster, req.resource, namespace, req.name!));
      continue;
    }
    found.push(...objs);
    const last = groups[groups.length - 1];
    if (last && last.kind === req.resource.kind && req.name !== undefined) last.objects.push(...objs);
    else groups.push({ kind: req.resource.kind, objects: objs });
  }
  if (opts.sortBy) sortObjects(found, groups, opts.sortBy);

  const singleItem = parsed.named && parsed.requests.length === 1;
  if (format.kind === 'table') {
    const withPrefix = parsed.typeCount > 1 || opts.showKind === true;
    let printedGroups = 0;
    for (const g of groups) {
      if (g.objects.length === 0) continue;
      const r = parsed.requests.find((q) => q.resource.kind === g.kind)!.resource;
      const table = buildTable(g.kind, g.objects, {
        now: rt.clock.now(),
        wide: format.wide,
        showLabels: opts.showLabels === true,
        labelColumns: labelColumnsOf(opts),
        withNamespace: opts.allNamespaces === true && r.namespaced,
        namePrefix: withPrefix ? `${qualifiedKind(r)}/` : undefined,
      });
      const rows = opts.headers === false ? table.rows : [table.header, ...table.rows];
      if (printedGroups > 0 && opts.headers !== false) rt.stdout.write('\n');
      rt.stdout.write(renderTable(rows));
      printedGroups++;
    }
    if (printedGroups === 0 && errors.length === 0 && !opts.ignoreNotFound) {
      const clusterScopedOnly = parsed.requests.every((q) => !q.resource.namespaced);
      rt.stderr.write(opts.allNamespaces || clusterScopedOnly ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    }
  } else {
    printObjects(rt, format, found, { single: singleItem && found.length === 1, showManagedFields: opts.showManagedFields === true, allowMissingKeys: opts.allowMissingTemplateKeys !== false, noHeaders: opts.headers === false });
  }
  for (const e of errors) {
    rt.stderr.write(e.render() + '\n');
    printErrorExtras(rt, e);
  }
  return errors.length > 0 ? 1 : 0;
}

/** `-L a,b -L c` → [a, b, c]. */
function labelColumnsOf(opts: GetOptions): string[] {
  return (opts.labelColumns ?? []).flatMap((c) => c.split(',')).filter((c) => c !== '');
}

/** Hand a validated `get -w` to the watch printer (loaded only for a watch). */
async function watch(
  rt: Runtime,
  parsed: ReturnType<typeof parseResourceArgs>,
  ctx: { opts: GetOptions; format: ReturnType<typeof parseOutputFormat>; namespace: string; selector?: Selector; fieldSel?: ReturnType<typeof parseFieldSelector> },
): Promise<number> {
  const { opts } = ctx;
  // kubectl's builder with SingleResourceType(): one type, however many names.
  if (parsed.typeCount > 1) throw new KubesimError('you may only specify a single resource type');
  const { parseRequestTimeout, runWatch } = await import('./get-watch.js');
  return runWatch(rt, {
    resource: parsed.requests[0].resource,
    names: parsed.requests.flatMap((q) => (q.name === undefined ? [] : [q.name])),
    namespace: ctx.namespace,
    allNamespaces: opts.allNamespaces === true,
    selector: ctx.selector,
    fieldSelector: ctx.fieldSel,
    format: ctx.format,
    watchOnly: opts.watchOnly === true,
    outputWatchEvents: opts.outputWatchEvents === true,
    timeoutMs: parseRequestTimeout(opts.requestTimeout),
    showLabels: opts.showLabels === true,
    labelColumns: labelColumnsOf(opts),
    noHeaders: opts.headers === false,
    showKind: opts.showKind === true,
    showManagedFields: opts.showManagedFields === true,
    allowMissingKeys: opts.allowMissingTemplateKeys !== false,
    ignoreNotFound: opts.ignoreNotFound === true,
  });
}

/**
 * Objects for one request; undefined when a named object does not exist. A list comes from `view`
 * (the state file's projection of the kind) when given.
 */
function fetch(cluster: Cluster, req: ResourceRequest, namespace: string, all: boolean, selector: Selector | undefined, fieldSel: ReturnType<typeof parseFieldSelector> | undefined, view?: Record<string, KObject>): KObject[] | undefined {
  const r = req.resource;
  if (req.name !== undefined) {
    const obj = cluster.get(r.kind, r.namespaced ? namespace : undefined, req.name);
    return obj ? [obj] : undefined;
  }
  const ns = r.namespaced && !all ? namespace : undefined;
  let objs = view ? listBucket(view, ns) : cluster.list(r.kind, ns);
  if (selector) objs = objs.filter((o) => selectorMatches(selector, o.metadata.labels));
  if (fieldSel) objs = objs.filter((o) => fieldSelectorMatches(fieldSel, o));
  return objs;
}

function sortObjects(found: KObject[], groups: { objects: KObject[] }[], sortBy: string): void {
  const path = sortBy.replace(/^\{|\}$/g, '').replace(/^\./, '').split('.').filter(Boolean);
  const key = (o: KObject): unknown => path.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p.replace(/\[\d+\]$/, '')] : undefined), o);
  const cmp = (a: KObject, b: KObject) => {
    const x = key(a);
    const y = key(b);
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x ?? '').localeCompare(String(y ?? ''));
  };
  found.sort(cmp);
  for (const g of groups) g.objects.sort(cmp);
}
