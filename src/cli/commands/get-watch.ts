/**
 * `kubesim get … --watch` / `--watch-only`: kubectl's watch printing over the state file. The list
 * is printed first (unless --watch-only), then one row (or object) per change: no event type
 * unless --output-watch-events, no repeated header, no blank line; a deleted object prints its
 * last state. Table widths only grow (remembering-tabwriter.ts). The watch ends on Ctrl-C or when
 * --request-timeout passes, both with exit 0, as kubectl ends when its stream closes.
 */
import type { Runtime } from '../runtime.js';
import { sessionOptions, stateLocation } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { qualifiedKind, type KObject, type ResourceInfo } from '../../api/resources.js';
import { selectorMatches, type Selector } from '../../labels/selector.js';
import { fieldSelectorMatches, type parseFieldSelector } from '../../labels/field-selector.js';
import { buildTable } from '../../printers/tables.js';
import { RememberingTabWriter } from '../../printers/remembering-tabwriter.js';
import { printObjects, withoutManagedFields, type OutputFormat } from '../../printers/output.js';
import { toYaml } from '../../printers/yaml.js';
import { unstructuredJson } from '../../printers/go-json.js';
import { watchEvents, type WatchEvent, type WatchSnapshot } from '../../apiserver/watch.js';
import { objectKey, type Cluster } from '../../store/cluster-state.js';
import { POLL_MS, StatePoller } from '../../apiserver/state-poller.js';
import { parseGoDuration } from '../duration.js';
import { notFoundWithHint } from '../../hints/near-names.js';

export interface WatchRequest {
  resource: ResourceInfo;
  /** The object names asked for; empty = the whole collection. */
  names: string[];
  namespace: string;
  allNamespaces: boolean;
  selector?: Selector;
  fieldSelector?: ReturnType<typeof parseFieldSelector>;
  format: OutputFormat;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  /** Milliseconds until the watch ends by itself; 0 = never. */
  timeoutMs: number;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
  showKind: boolean;
  showManagedFields: boolean;
  allowMissingKeys: boolean;
  /** A named object that does not exist: nothing to watch, exit 0 (--ignore-not-found). */
  ignoreNotFound: boolean;
}

/** kubectl's --request-timeout: a Go duration, or a bare integer meaning seconds; 0 = none. */
export function parseRequestTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  try {
    const ms = parseGoDuration(value);
    if (ms >= 0) return ms;
  } catch {
    // falls through to kubectl's own message
  }
  throw new KubesimError('invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
}

/** The objects the watch covers, by key; a kind other than the watched one is never parsed. */
function snapshot(cluster: Cluster, req: WatchRequest): Map<string, KObject> {
  const r = req.resource;
  const out = new Map<string, KObject>();
  if (req.names.length > 0) {
    for (const name of req.names) {
      const obj = cluster.get(r.kind, r.namespaced ? req.namespace : undefined, name);
      if (obj) out.set(objectKey(obj.metadata.namespace, name), obj);
    }
    return out;
  }
  const ns = r.namespaced && !req.allNamespaces ? req.namespace : undefined;
  for (const obj of cluster.list(r.kind, ns)) {
    if (req.selector && !selectorMatches(req.selector, obj.metadata.labels)) continue;
    if (req.fieldSelector && !fieldSelectorMatches(req.fieldSelector, obj)) continue;
    out.set(objectKey(obj.metadata.namespace, obj.metadata.name), obj);
  }
  return out;
}

/**
 * Prints lists and events as kubectl's watch does: one tabwriter flush per event (so a wider
 * cell never re-aligns earlier rows), the header with the first table rows only, YAML documents
 * separated by `---` (the YAML printer's count of printed objects).
 */
class WatchPrinter {
  private readonly tab = new RememberingTabWriter();
  private headerPrinted = false;
  private printed = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly req: WatchRequest,
  ) {}

  /** One flush: the initial list (every object ADDED) or a single event. */
  print(events: WatchEvent[]): void {
    if (events.length === 0) return;
    if (this.req.format.kind === 'table') this.printTable(events);
    else for (const e of events) this.printObject(e);
  }

  private printTable(events: WatchEvent[]): void {
    const { req, rt } = this;
    const table = buildTable(
      req.resource.kind,
      events.map((e) => e.object),
      {
        // AGE is computed when the row is printed.
        now: rt.clock.now(),
        wide: req.format.kind === 'table' && req.format.wide,
        showLabels: req.showLabels,
        labelColumns: req.labelColumns,
        withNamespace: req.allNamespaces && req.resource.namespaced,
        namePrefix: req.showKind ? `${qualifiedKind(req.resource)}/` : undefined,
      },
    );
    let { header, rows } = table;
    if (req.outputWatchEvents) {
      header = ['EVENT', ...header];
      rows = rows.map((row, i) => [events[i].type, ...row]);
    }
    const withHeader = !req.noHeaders && !this.headerPrinted;
    this.headerPrinted ||= withHeader;
    rt.stdout.write(this.tab.flush(withHeader ? [header, ...rows] : rows));
  }

  private printObject(e: WatchEvent): void {
    const { req, rt } = this;
    const format = req.format;
    const object = req.showManagedFields ? e.object : withoutManagedFields(e.object);
    if (format.kind === 'yaml' && this.printed > 0) rt.stdout.write('---\n');
    this.printed++;
    if (!req.outputWatchEvents || format.kind === 'name') {
      printObjects(rt, format, [object], { single: true, showManagedFields: true, allowMissingKeys: req.allowMissingKeys });
      return;
    }
    // A metav1.WatchEvent: JSON keeps the struct's field order; YAML goes through a map (sorted).
    if (format.kind === 'yaml') rt.stdout.write(toYaml({ object, type: e.type }));
    else if (format.kind === 'json') rt.stdout.write(`{\n    "type": ${JSON.stringify(e.type)},\n    "object": ${unstructuredJson(object).trimEnd().replace(/\n/g, '\n    ')}\n}\n`);
    else printObjects(rt, format, [{ type: e.type, object } as unknown as KObject], { single: true, showManagedFields: true, allowMissingKeys: req.allowMissingKeys });
  }
}

/** Ends the watch: Ctrl-C / SIGTERM (quietly), or the request timeout. */
class WatchEnd {
  ended = false;
  private wake: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onSignal = () => this.end();

  constructor(timeoutMs: number) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    if (timeoutMs > 0) this.timer = setTimeout(() => this.end(), timeoutMs);
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Sleep for `ms`, or less when the watch ends meanwhile. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

export async function runWatch(rt: Runtime, req: WatchRequest): Promise<number> {
  if (req.format.kind === 'custom-columns') throw new KubesimError('--watch with -o custom-columns is not supported by kubesim', { hint: 'use the default table, -o wide, name, yaml, json or jsonpath' });
  const end = new WatchEnd(req.timeoutMs);
  try {
    // Re-read only when the file was replaced (StatePoller stats it; writers rename a new file in).
    const poller = new StatePoller(stateLocation(rt), sessionOptions(rt));
    let cluster = await poller.current();
    let before: WatchSnapshot = snapshot(cluster, req);
    const single = req.names.length === 1;
    if (single && before.size === 0) {
      if (req.ignoreNotFound) return 0;
      throw notFoundWithHint(cluster, req.resource, req.namespace, req.names[0]);
    }
    const printer = new WatchPrinter(rt, req);
    if (!req.watchOnly) printer.print([...before.values()].map((object) => ({ type: 'ADDED' as const, object })));
    // kubectl watches a list of several names as several sources, which it refuses after the list.
    if (req.names.length > 1) throw new KubesimError('you may only watch a single resource or type of resource at a time');
    // A single object's watch starts with the server's synthetic ADDED event, which kubectl drops:
    // from here on both cases print changes only.
    while (!end.ended) {
      await end.pause(POLL_MS);
      if (end.ended) break;
      const next = await poller.current();
      if (next === cluster) continue;
      cluster = next;
      const after = snapshot(cluster, req);
      for (const e of watchEvents(before, after)) printer.print([e]);
      before = after;
    }
    return 0;
  } finally {
    end.dispose();
  }
}
