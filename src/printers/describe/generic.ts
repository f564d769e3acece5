/**
 * The generic describer kubectl falls back to for kinds without their own (Lease, Event, …):
 * name, namespace, labels, annotations, then every other field of the object, sorted, with
 * "smart" labels (`creationTimestamp` → `Creation Timestamp`).
 */
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/resources.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

type CharClass = 'lower' | 'upper' | 'digit' | 'other';
const classOf = (ch: string): CharClass =>
  /\p{Ll}/u.test(ch) ? 'lower' : /\p{Lu}/u.test(ch) ? 'upper' : /\p{Nd}/u.test(ch) ? 'digit' : 'other';

/**
 * Split a camelCase word at character-class changes; in an upper-case run followed by a
 * lower-case letter, the last capital starts the next word (`PDFLoader` → `PDF`, `Loader`).
 */
export function splitCamelCase(word: string): string[] {
  const runs: string[][] = [];
  let last: CharClass | undefined;
  for (const ch of word) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1].push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i][0]) === 'upper' && classOf(runs[i + 1][0]) === 'lower') {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** kubectl's smartLabelFor. Fields with characters other than letters and '-' are kept as they are. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  return splitCamelCase(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** Go's %v of a JSON value from an unstructured object. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: ReadonlySet<string>): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.has(skipExpr)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
          printUnstructuredContent(w, level + 1, child as Record<string, unknown>, skipExpr, skip);
        } else {
          w.write(level + 1, `${goValue(child)}\n`);
        }
      }
    } else if (value !== null && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, skipExpr, skip);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

export function describeGeneric(obj: KObject, events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', SKIP);
    if (events) describeEvents(events, w, now);
  });
}
