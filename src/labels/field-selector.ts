/**
 * `--field-selector`: `path=value`, `path==value`, `path!=value`, comma-joined (AND). The
 * apiserver supports a few fields per kind (metadata.name, metadata.namespace, status.phase,
 * spec.nodeName, involvedObject.*, type, reason …); kubesim evaluates any dotted path.
 */
import { KubesimError } from '../errors.js';

export interface FieldRequirement {
  path: string[];
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw new KubesimError(`invalid field selector: ${JSON.stringify(part)}: expected field=value, field==value or field!=value`);
    out.push({ path: m[1].trim().split('.'), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
  }
  return out;
}

function valueAt(obj: unknown, path: string[]): string {
  let v: unknown = obj;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

export function fieldSelectorMatches(reqs: FieldRequirement[], obj: unknown): boolean {
  return reqs.every((r) => (valueAt(obj, r.path) === r.value) === (r.op === '='));
}
