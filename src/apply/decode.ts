/**
 * Turning a manifest document into an API object the way the apiserver's decoder does for the
 * chosen `--validate` mode: strict (unknown/duplicate fields rejected), warn (dropped with a
 * warning), ignore (dropped silently). Type errors are always rejected.
 */
import type { KObject } from '../api/resources.js';
import type { ApiError } from '../apiserver/status.js';
import type { ManifestDoc } from '../manifest/load.js';
import { createDecodeError, patchDecodeError, strictDecode, zeroNullListItems, type StrictDecodeResult } from '../manifest/strict.js';
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
  /** Unknown fields the strict mode rejects; empty in warn/ignore mode (they were removed). */
  rejected: StrictDecodeResult;
  doc: ManifestDoc;
}

/** Decode a document; type errors throw the create-path BadRequest (the source is added by the caller). */
export function decodeDocument(doc: ManifestDoc, mode: ValidateMode): Decoded {
  const object = structuredClone(doc.object) as unknown as KObject;
  const result = strictDecode(object.kind, object as unknown as Record<string, unknown>);
  if (result.typeErrors.length > 0) throw createDecodeError(object.kind, object.apiVersion, { ...result, unknownFields: [] }, doc.positionOf)!;
  zeroNullListItems(object.kind, object as unknown as Record<string, unknown>);
  const warnings: string[] = [];
  if (mode !== 'strict') {
    for (const p of result.unknownFields) {
      if (mode === 'warn') warnings.push(`Warning: ${p.message}`);
      removePath(object, p.path);
    }
  }
  object.metadata ??= { name: '' };
  return { object, warnings, rejected: mode === 'strict' ? result : { ...result, unknownFields: [] }, doc };
}

/** The strict-mode rejection for a new object (create path), or undefined when there is none. */
export function createPathRejection(d: Decoded): ApiError | undefined {
  return createDecodeError(d.object.kind, d.object.apiVersion, d.rejected, d.doc.positionOf)?.withSource('creating', d.doc.source);
}

/** The strict-mode rejection for an existing object (client-side apply's patch path); `patch`: the patch kubectl would send. */
export function patchPathRejection(d: Decoded, patch: () => Record<string, unknown>): ApiError | undefined {
  if (d.rejected.typeErrors.length === 0 && d.rejected.unknownFields.length === 0) return undefined;
  return patchDecodeError(patch(), d.rejected, d.doc.positionOf);
}
