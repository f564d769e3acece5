/**
 * Watch events from two snapshots of the objects a watch covers. kubesim has no server that
 * streams changes: a watcher re-reads the state file when it is replaced and compares. Whatever
 * happened inside one command therefore shows as that command's final state (the file's
 * granularity): an object written three times by one `apply` is one MODIFIED event.
 */
import type { KObject } from '../api/resources.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  /** The new state; for DELETED, the last state the watcher saw. */
  object: KObject;
}

/** A snapshot: the watched objects by key ("namespace/name"). */
export type WatchSnapshot = ReadonlyMap<string, KObject>;

const revision = (o: KObject): number => Number(o.metadata.resourceVersion ?? 0);

/**
 * The events that turn `before` into `after`, in the order an apiserver would send them: adds
 * and updates by the resourceVersion of their write. A removal's own resourceVersion is not
 * kept in the state, so removals come last (by their last resourceVersion) — where a real
 * watch, with its grace periods, mostly shows them too.
 */
export function watchEvents(before: WatchSnapshot, after: WatchSnapshot): WatchEvent[] {
  const written: WatchEvent[] = [];
  for (const [key, obj] of after) {
    const old = before.get(key);
    if (!old) written.push({ type: 'ADDED', object: obj });
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) written.push({ type: 'MODIFIED', object: obj });
  }
  const removed: WatchEvent[] = [];
  for (const [key, obj] of before) if (!after.has(key)) removed.push({ type: 'DELETED', object: obj });
  const byRevision = (a: WatchEvent, b: WatchEvent) => revision(a.object) - revision(b.object);
  return [...written.sort(byRevision), ...removed.sort(byRevision)];
}
