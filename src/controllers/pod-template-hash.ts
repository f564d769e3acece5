/**
 * pod-template-hash: the suffix of a Deployment's ReplicaSets and the label on their pods.
 * Kubernetes hashes a Go dump of the template with FNV-1a 32 and prints the number through
 * apimachinery's SafeEncodeString; kubesim hashes the template's canonical JSON instead (the Go
 * dump cannot be reproduced), then applies the same decimal → alphabet mapping.
 */
import { NAME_SUFFIX_ALPHABET } from '../random.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bit, over bytes. */
export function fnv1a32(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level (a deterministic dump). */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJSON(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJSON(obj[k])}`);
  }
  return `{${parts.join(',')}}`;
}

/** apimachinery's SafeEncodeString: each character mapped to alphabet[code % 27] (digits → `4-9bcdf`). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_SUFFIX_ALPHABET[s.charCodeAt(i) % NAME_SUFFIX_ALPHABET.length];
  return out;
}

const encoder = new TextEncoder();

/**
 * The hash of a pod template (ComputeHash): FNV-1a 32 over the canonical JSON, then, when a
 * collision count is set, over its value as a little-endian uint32 in an 8-byte buffer; printed in
 * decimal and safe-encoded.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32(encoder.encode(canonicalJSON(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const buf = new Uint8Array(8);
    const v = collisionCount >>> 0;
    buf[0] = v & 0xff;
    buf[1] = (v >>> 8) & 0xff;
    buf[2] = (v >>> 16) & 0xff;
    buf[3] = (v >>> 24) & 0xff;
    h = fnv1a32(buf, h);
  }
  return safeEncodeString(String(h));
}

/**
 * Semantic equality of JSON values (object key order ignored; an absent key equals an undefined
 * one). Controllers use it to write an object only when it really changed.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    nx++;
    if (!deepEqual(x[k], y[k])) return false;
  }
  let ny = 0;
  for (const k in y) if (y[k] !== undefined) ny++;
  return nx === ny;
}

const templateKeys = new WeakMap<object, string>();

/** canonicalJSON memoized per object identity (templates are not mutated once stored). */
export function cachedCanonicalJSON(obj: object, compute: () => string): string {
  let k = templateKeys.get(obj);
  if (k === undefined) {
    k = compute();
    templateKeys.set(obj, k);
  }
  return k;
}
