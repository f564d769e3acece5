/**
 * Turning a manifest document into an API object the way the apiserver's decoder does for the
 * chosen `--validate` mode: strict (unknown/duplicate fields rejected), warn (dropped with a
 * warning), ignore (dropped silently). Type errors are always rejected.
 */
import type { KObject } from '../api/resources.js';
import { resourceForKind } from '../api/resources.js';
import { ApiError } from '../apiserver/status.js';
import type { ManifestDoc } from '../manifest/load.js';
import { strictDecode, type DecodeProblem } from '../manifest/strict.js';
import { KubesimError } from '../errors.js';

export type ValidateMode = 'strict' | 'warn' | 'ignore';

export function parseValidateMode(v: unknown): ValidateMode {
  const s = String(v ?? 'strict').toLowerCase();
  if (s === 'strict' || s === 'true') return 'strict';
  if (s === 'warn') return 'warn';
  if (s === 'ignore' || s === 'false') return 'ignore';
  throw new KubesimError(`invalid - validate option "${String(v)}"; must be one of: strict (or true), warn, ignore (or false)`);
}

function removePath(obj: unknown, path: (string | number)[]): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (!cur || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[path[i]];
  }
  if (cur && typeof cur === 'object') delete (cur as Record<string | number, unknown>)[path[path.length - 1]];
}

export interface Decoded {
  object: KObject;
  warnings: string[];
  /** Unknown fields found (already removed from `object` unless mode is strict). */
  unknown: DecodeProblem[];
}

/** `<Kind> in version "<v>" cannot be handled as a <Kind>: <detail>` (apiserver transformDecodeError). */
export function decodeError(obj: KObject, detail: string, doc: ManifestDoc, path: (string | number)[] | undefined): ApiError {
  const version = String(obj.apiVersion).split('/').pop();
  return new ApiError('BadRequest', `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${detail}`, { position: path ? doc.positionOf(path) : undefined });
}

/**
 * Decode a document. Type errors throw; unknown fields throw only on the create path in strict
 * mode (the caller decides, since an existing object's patch path words them differently).
 */
export function decodeDocument(doc: ManifestDoc, mode: ValidateMode): Decoded {
  const object = structuredClone(doc.object) as unknown as KObject;
  const { unknownFields, typeErrors } = strictDecode(object.kind, object as unknown as Record<string, unknown>);
  if (typeErrors.length > 0) throw decodeError(object, typeErrors[0].message, doc, typeErrors[0].path);
  const warnings: string[] = [];
  if (mode !== 'strict') {
    for (const p of unknownFields) {
      if (mode === 'warn') warnings.push(`Warning: ${p.message}`);
      removePath(object, p.path);
    }
  }
  if (!resourceForKind(object.kind)) throw new KubesimError(`no matches for kind ${JSON.stringify(object.kind)}`);
  object.metadata ??= { name: '' };
  return { object, warnings, unknown: mode === 'strict' ? unknownFields : [] };
}

export function strictDecodingMessage(problems: DecodeProblem[]): string {
  return `strict decoding error: ${problems.map((p) => p.message).join(', ')}`;
}
