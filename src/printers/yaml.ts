/**
 * `-o yaml` as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): keys sorted, sequences not
 * indented under their key, no line folding, and YAML 1.1 quoting rules — so `"80"`, `"yes"`,
 * `"n"` and RFC 3339 timestamps come out quoted, exactly as go-yaml v2 writes them.
 */
import { stringify } from 'yaml';

export function toYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0, minContentWidth: 0, version: '1.1', aliasDuplicateObjects: false });
}

/** `-o json`: 4-space indentation, apiVersion/kind/metadata/spec/status first like the Go structs. */
export function toJson(value: unknown): string {
  return JSON.stringify(orderTopLevel(value), null, 4) + '\n';
}

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

function orderTopLevel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderTopLevel);
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (!('kind' in o)) return o;
  const out: Record<string, unknown> = {};
  for (const k of TOP_ORDER) if (k in o) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = k === 'items' ? orderTopLevel(o[k]) : o[k];
  return out;
}

/** The List wrapper kubectl prints for anything but a single named object. */
export function listOf(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
