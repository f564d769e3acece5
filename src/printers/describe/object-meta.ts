/**
 * The metadata lines every describer shares: multi-line labels and annotations, and
 * `Controlled By`.
 */
import type { OwnerReference } from '../../api/resources.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

/** Annotations describe never shows. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
/** Longest `key: value` annotation line kept on one line (Go byte length). */
const MAX_ANNOTATION_LEN = 140;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const byteLength = (s: string): number => encoder.encode(s).length;

function shorten(s: string, maxBytes: number): string {
  const bytes = encoder.encode(s);
  if (bytes.length <= maxBytes) return s;
  return decoder.decode(bytes.subarray(0, maxBytes)) + '...';
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `Title:\tk=v` then one `\tk=v` line per further label (sorted); `<none>` when empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  printLabelsMultilineWithIndent(w, '', title, '\t', labels, new Set());
}

export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: Record<string, string> | undefined,
  skip: ReadonlySet<string>,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {})
    .filter((k) => !skip.has(k))
    .sort(byteOrder);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/**
 * `Title:\tk: v` per annotation (sorted, last-applied hidden). A value that is long or spans
 * lines is printed under `key:` on indented lines, each cut at 138 bytes with `...`.
 */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIPPED_ANNOTATIONS.has(k))
    .sort(byteOrder);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key].endsWith('\n') ? annotations![key].slice(0, -1) : annotations![key];
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Anything with object metadata (a KObject or a typed API object). */
export interface HasOwners {
  metadata?: { ownerReferences?: OwnerReference[] };
}

/** The owner reference marked `controller: true`, if any. */
export function controllerRefOf(obj: HasOwners): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** `Kind/name` of the controlling owner, or '' (kubectl's printController). */
export function printController(obj: HasOwners): string {
  const ref = controllerRefOf(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}
