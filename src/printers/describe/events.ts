/**
 * The `Events:` section every describer ends with: which events belong to an object, their
 * order, and the table kubectl prints.
 */
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/resources.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';
import { since } from './time.js';

/** What kubectl's field selector on events matches: name, namespace, optional kind and uid. */
export interface EventQuery {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

function matches(e: Event, q: EventQuery): boolean {
  const io = e.involvedObject ?? {};
  if ((io.name ?? '') !== q.name) return false;
  if ((io.namespace ?? '') !== q.namespace) return false;
  if (q.kind !== undefined && (io.kind ?? '') !== q.kind) return false;
  if (q.uid !== undefined && (io.uid ?? '') !== q.uid) return false;
  return true;
}

/** Events (in the given server order) that a query selects. An empty kind or uid is not filtered on. */
export function selectEvents(events: KObject[], q: EventQuery): Event[] {
  const query: EventQuery = {
    name: q.name,
    namespace: q.namespace,
    kind: q.kind ? q.kind : undefined,
    uid: q.uid ? q.uid : undefined,
  };
  return (events as unknown as Event[]).filter((e) => matches(e, query));
}

/**
 * The events kubectl shows for an object. Pods are matched without kind (mirror pods use the
 * UID from their mirror annotation); nodes are matched twice, by uid = node uid and by
 * uid = node name (the kubelet's convention), and the two lists are concatenated.
 */
export function eventsFor(obj: KObject, allEvents: KObject[]): Event[] {
  const name = obj.metadata.name;
  const namespace = obj.metadata.namespace ?? '';
  const uid = obj.metadata.uid ?? '';
  if (obj.kind === 'Pod') {
    const mirror = obj.metadata.annotations?.['kubernetes.io/config.mirror'];
    return selectEvents(allEvents, { name, namespace, uid: mirror !== undefined ? mirror : uid });
  }
  if (obj.kind === 'Node') {
    return [
      ...selectEvents(allEvents, { name, namespace, kind: 'Node', uid }),
      ...selectEvents(allEvents, { name, namespace, kind: 'Node', uid: name }),
    ];
  }
  return selectEvents(allEvents, { name, namespace, kind: obj.kind, uid });
}

function timeOf(ts: string | undefined): number {
  if (!ts) return Number.NEGATIVE_INFINITY;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The Age cell: `<last> (x<count> over <first>)` for repeated events, else the first time's age. */
export function eventAge(e: Event, now: Date): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/**
 * Write the Events section. With no events it is one more `Events:\t<none>` line of the current
 * block; otherwise the writer is flushed and the table is aligned on its own, sorted stably by
 * lastTimestamp.
 */
export function describeEvents(events: Event[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = events
    .map((e, i) => ({ e, i, t: timeOf(e.lastTimestamp) }))
    .sort((a, b) => (a.t !== b.t ? (a.t < b.t ? -1 : 1) : a.i - b.i))
    .map((x) => x.e);
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const source = e.source?.component ? e.source.component : (e.reportingComponent ?? '');
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventAge(e, now)}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}
