/**
 * The strategic merge patch `kubectl apply` sends for an object that exists
 * (strategicpatch.CreateThreeWayMergePatch): what changed from the live object to the new
 * configuration, leaving out fields only the live object has, plus `null` for what the last
 * applied configuration had and the new one dropped. Lists with a merge key patch by element,
 * with a `$setElementOrder/<list>` directive; other lists are replaced whole.
 *
 * kubesim applies with its own three-way merge (last-applied.ts); this patch is what a real
 * apiserver quotes when it rejects one (`The request is invalid: patch: Invalid value: "map[…]"`),
 * as its merge left it: see mergedAway.
 */
import { deepEqual } from '../controllers/pod-template-hash.js';
import { MERGE_KEYS } from './last-applied.js';

type JsonMap = Record<string, unknown>;

const isMap = (v: unknown): v is JsonMap => !!v && typeof v === 'object' && !Array.isArray(v);

export function threeWayMergePatch(original: unknown, modified: unknown, current: unknown): JsonMap {
  const delta = diffMaps(asMap(current), asMap(modified), 'changes');
  const deletions = diffMaps(asMap(original), asMap(modified), 'deletions');
  return mergeMaps(deletions, delta);
}

function asMap(v: unknown): JsonMap {
  return isMap(v) ? v : {};
}

/** `changes`: additions and changes from `from` to `to`; `deletions`: what `to` dropped. */
function diffMaps(from: JsonMap, to: JsonMap, what: 'changes' | 'deletions'): JsonMap {
  const patch: JsonMap = {};
  const keys = what === 'changes' ? Object.keys(to) : Object.keys(from);
  for (const k of keys) {
    const a = from[k];
    const b = to[k];
    if (what === 'deletions' && !(k in to)) patch[k] = null;
    else if (isMap(a) && isMap(b)) {
      const sub = diffMaps(a, b, what);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (Array.isArray(a) && Array.isArray(b) && mergeKey(k, [...a, ...b])) diffLists(k, a, b, what, patch);
    else if (what === 'changes' && !deepEqual(a, b)) patch[k] = b;
  }
  return patch;
}

/** The list's merge key, if kubesim knows one and its elements carry it. */
function mergeKey(field: string, items: unknown[]): string | undefined {
  return MERGE_KEYS[field]?.find((k) => items.some((i) => isMap(i) && i[k] !== undefined));
}

function diffLists(field: string, from: unknown[], to: unknown[], what: 'changes' | 'deletions', patch: JsonMap): void {
  const key = mergeKey(field, [...from, ...to])!;
  const find = (list: unknown[], el: unknown) => list.find((x) => isMap(x) && isMap(el) && x[key] === el[key]);
  const items: unknown[] = [];
  for (const el of what === 'changes' ? to : from) {
    const other = find(what === 'changes' ? from : to, el);
    if (!isMap(el)) continue;
    if (!other) items.push(what === 'changes' ? el : { $patch: 'delete', [key]: el[key] });
    else {
      const sub = what === 'changes' ? diffMaps(other as JsonMap, el, what) : diffMaps(el, other as JsonMap, what);
      if (Object.keys(sub).length > 0) items.push({ [key]: el[key], ...sub });
    }
  }
  if (items.length === 0) return;
  patch[field] = items;
  patch[`$setElementOrder/${field}`] = to.filter(isMap).map((el) => ({ [key]: el[key] }));
}

/** Merge two patches (the deletions, then the changes), lists by their merge key. */
function mergeMaps(a: JsonMap, b: JsonMap): JsonMap {
  const out: JsonMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    const key = Array.isArray(prev) && Array.isArray(v) && !k.startsWith('$') ? mergeKey(k, [...prev, ...v]) : undefined;
    if (isMap(prev) && isMap(v)) out[k] = mergeMaps(prev, v);
    else if (key && Array.isArray(prev) && Array.isArray(v)) {
      const merged = [...prev];
      for (const el of v) {
        const i = merged.findIndex((x) => isMap(x) && isMap(el) && x[key] === el[key]);
        if (i >= 0 && isMap(merged[i]) && isMap(el)) merged[i] = mergeMaps(merged[i] as JsonMap, el);
        else merged.push(el);
      }
      out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

/**
 * The patch map as the apiserver quotes it after merging it (strategicpatch.mergePatchIntoOriginal
 * deletes each `$setElementOrder/<list>` and its list from the patch as it merges them), so
 * `containers` changes read `spec:map[template:map[spec:map[]]]`.
 */
export function mergedAway(patch: JsonMap): JsonMap {
  const out: JsonMap = {};
  const merged = new Set(Object.keys(patch).filter((k) => k.startsWith('$setElementOrder/')).flatMap((k) => [k, k.slice('$setElementOrder/'.length)]));
  for (const [k, v] of Object.entries(patch)) if (!merged.has(k)) out[k] = isMap(v) ? mergedAway(v) : v;
  return out;
}
