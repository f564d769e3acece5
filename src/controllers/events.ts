/**
 * core/v1 Events, as client-go's event recorder writes them: named `<object>.<hex nanoseconds>`,
 * in the involved object's namespace (`default` for cluster-scoped objects); an identical event
 * (same object, reason, message, source, type) is aggregated into a higher count and a later
 * lastTimestamp instead of a new object. The apiserver expires events after an hour.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { MAX_EVENTS, objectKey } from '../store/cluster-state.js';
import { rfc3339 } from '../clock.js';

export const EVENT_TTL_SECONDS = 3600;

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** source.component / reportingComponent, e.g. `kubelet`, `deployment-controller`. */
  component: string;
  /** source.host / reportingInstance (the node, for kubelet events). */
  host?: string;
  /** involvedObject.fieldPath, e.g. `spec.containers{web}`. */
  fieldPath?: string;
}

export interface EventObject extends KObject {
  involvedObject: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    fieldPath?: string;
  };
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: string;
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

interface EventIndex {
  /** aggregation key → "namespace/name" of the event. */
  byKey: Map<string, string>;
  /** Last nanosecond timestamp used in a name, so names are unique and increasing. */
  lastNanos: bigint;
}

const indexes = new WeakMap<Cluster, EventIndex>();

function aggregationKey(uid: string | undefined, kind: string, name: string, e: EventSpec): string {
  return [uid ?? `${kind}/${name}`, e.fieldPath ?? '', e.type, e.reason, e.component, e.host ?? '', e.message].join('\u0000');
}

function keyOfEvent(ev: EventObject): string {
  return aggregationKey(ev.involvedObject.uid, ev.involvedObject.kind, ev.involvedObject.name, {
    type: ev.type as EventSpec['type'],
    reason: ev.reason,
    message: ev.message,
    component: ev.source?.component ?? '',
    host: ev.source?.host,
    fieldPath: ev.involvedObject.fieldPath,
  });
}

function indexFor(cluster: Cluster): EventIndex {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  idx = { byKey: new Map(), lastNanos: 0n };
  for (const ev of Object.values(cluster.state.objects.Event ?? {}) as EventObject[]) {
    if (!ev.involvedObject) continue;
    idx.byKey.set(keyOfEvent(ev), objectKey(ev.metadata.namespace, ev.metadata.name));
    const n = nameNanos(ev.metadata.name);
    if (n > idx.lastNanos) idx.lastNanos = n;
  }
  indexes.set(cluster, idx);
  return idx;
}

/** The nanosecond stamp in an event name (`web.18eb81c98491a71e` → 0x18eb81c98491a71e), or 0. */
function nameNanos(name: string): bigint {
  const dot = name.lastIndexOf('.');
  const hex = name.slice(dot + 1);
  return dot > 0 && /^[0-9a-f]{1,16}$/.test(hex) ? BigInt(`0x${hex}`) : 0n;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function eventNamespace(involved: KObject): string {
  return involved.metadata.namespace || 'default';
}

/** The stored event an identical one would be aggregated into, if any. */
export function findEvent(cluster: Cluster, involved: KObject, e: EventSpec): EventObject | undefined {
  const idx = indexFor(cluster);
  const key = aggregationKey(involved.metadata.uid, involved.kind, involved.metadata.name, e);
  const at = idx.byKey.get(key);
  if (at === undefined) return undefined;
  const ev = cluster.state.objects.Event?.[at] as EventObject | undefined;
  if (!ev) {
    idx.byKey.delete(key);
    return undefined;
  }
  return ev;
}

/**
 * Bring an event that a component repeats on a schedule (the kubelet's image retries, the
 * scheduler's retries of a stuck pod) to `count` occurrences, the first and last at these times.
 */
export function repeatEvent(cluster: Cluster, involved: KObject, spec: EventSpec, count: number, firstMs: number, lastMs: number): void {
  if (count <= 0) return;
  const ev: EventObject = findEvent(cluster, involved, spec) ?? recordEvent(cluster, involved, spec, new Date(firstMs));
  if (ev.count >= count) return;
  const updated = structuredClone(ev);
  updated.count = count;
  updated.lastTimestamp = rfc3339(new Date(lastMs));
  cluster.put(updated);
}

/**
 * Record an event about `involved`. Returns the stored (new or aggregated) event.
 * `at` overrides the time (for back-dated repeats); it defaults to the cluster clock.
 */
export function recordEvent(cluster: Cluster, involved: KObject, e: EventSpec, at?: Date): EventObject {
  const idx = indexFor(cluster);
  const when = at ?? cluster.now();
  const ts = rfc3339(when);
  const existing = findEvent(cluster, involved, e);
  if (existing) {
    const updated = structuredClone(existing);
    updated.count = (updated.count ?? 1) + 1;
    updated.lastTimestamp = ts;
    updated.involvedObject.resourceVersion = involved.metadata.resourceVersion;
    cluster.put(updated);
    return updated;
  }
  let nanos = BigInt(when.getTime()) * 1_000_000n;
  if (nanos <= idx.lastNanos) nanos = idx.lastNanos + 1n;
  idx.lastNanos = nanos;
  const namespace = eventNamespace(involved);
  const involvedObject: EventObject['involvedObject'] = {
    apiVersion: involved.apiVersion,
    kind: involved.kind,
    name: involved.metadata.name,
  };
  if (involved.metadata.namespace) involvedObject.namespace = involved.metadata.namespace;
  if (involved.metadata.uid) involvedObject.uid = involved.metadata.uid;
  if (involved.metadata.resourceVersion) involvedObject.resourceVersion = involved.metadata.resourceVersion;
  if (e.fieldPath) involvedObject.fieldPath = e.fieldPath;
  const source: EventObject['source'] = { component: e.component };
  if (e.host) source.host = e.host;
  const ev: EventObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${involved.metadata.name}.${nanos.toString(16)}`,
      namespace,
      uid: cluster.newUID(),
      creationTimestamp: ts,
    },
    involvedObject,
    reason: e.reason,
    message: e.message,
    source,
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
  };
  cluster.put(ev);
  idx.byKey.set(aggregationKey(involved.metadata.uid, involved.kind, involved.metadata.name, e), objectKey(namespace, ev.metadata.name));
  return ev;
}

/**
 * The apiserver's event expiry plus kubesim's bound: drop events whose lastTimestamp is more than
 * an hour old, then the oldest ones beyond MAX_EVENTS. Returns how many were removed.
 */
export function pruneEvents(cluster: Cluster, maxEvents = MAX_EVENTS): number {
  const bucket = cluster.state.objects.Event;
  if (!bucket) return 0;
  // RFC 3339 times in UTC with second precision compare as strings.
  const cutoff = rfc3339(new Date(cluster.now().getTime() - EVENT_TTL_SECONDS * 1000));
  let removed = 0;
  const alive: EventObject[] = [];
  for (const ev of Object.values(bucket) as EventObject[]) {
    const last = ev.lastTimestamp ?? ev.metadata.creationTimestamp ?? '';
    if (last && last < cutoff) {
      cluster.remove('Event', ev.metadata.namespace, ev.metadata.name);
      removed++;
    } else {
      alive.push(ev);
      // It expires once the (second-precision) cutoff passes it: TTL plus a second after it.
      const t = Date.parse(last);
      if (!Number.isNaN(t)) cluster.wakeAt(t + (EVENT_TTL_SECONDS + 1) * 1000);
    }
  }
  if (alive.length > maxEvents) {
    const keyed = alive.map((ev) => ({ t: Date.parse(ev.lastTimestamp ?? '') || 0, ev }));
    keyed.sort((a, b) => a.t - b.t || compareBig(nameNanos(a.ev.metadata.name), nameNanos(b.ev.metadata.name)));
    for (const k of keyed.slice(0, keyed.length - maxEvents)) {
      cluster.remove('Event', k.ev.metadata.namespace, k.ev.metadata.name);
      removed++;
    }
  }
  return removed;
}
