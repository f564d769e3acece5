/**
 * Strict decoding of an object against the known fields of its kind, worded as the v1.32
 * apiserver words it (sigs.k8s.io/json under `fieldValidation=Strict`):
 *
 * - unknown fields: `unknown field "spec.template.spec.containers[0].port"` — the full JSON path
 *   with list indices; the decoder does not descend into an unknown field's value.
 * - type errors, encoding/json style: `json: cannot unmarshal string into Go struct field
 *   ServicePort.spec.ports.port of type int32` — innermost Go struct name, then the JSON path
 *   *without* list indices or map keys, then the Go type. A number that does not fit prints as
 *   `number 80.5`. Values with their own JSON decoder (IntOrString, Quantity, Time) fail with their
 *   own text and no field context (`json: cannot unmarshal bool into Go value of type int32`,
 *   `quantities must match the regular expression ...`).
 *
 * Order: kubectl sends the object as JSON encoded from a Go map, i.e. with **keys sorted**, so the
 * apiserver meets fields in sorted-key order (not document order). Problems are reported in that
 * order. A type error is fatal: the server reports only one (the first error raised by a custom
 * decoder — IntOrString, Quantity, Time — if any, else the first plain type mismatch) and then no
 * strict errors. `typeErrors[0]` is always the one the server reports.
 *
 * `duplicate field "x"` cannot arise here: a decoded manifest is a JS object (YAML/JSON duplicate
 * keys are already last-wins on the client, as kubectl's YAML→JSON conversion does).
 */
import { ApiError } from '../apiserver/status.js';
import { invalid, GoLiteral, goQuote } from '../apiserver/field-errors.js';
import type { SourcePosition } from '../errors.js';
import { goTypeName, schemaForKind, schemaForStruct, type SchemaType } from './schema.js';

export interface DecodeProblem {
  path: (string | number)[];
  message: string;
  /** Raised by a value's own decoder (IntOrString, Quantity, Time): aborts decoding at once. */
  fatal?: boolean;
}

export interface StrictDecodeResult {
  unknownFields: DecodeProblem[];
  typeErrors: DecodeProblem[];
}

type Path = (string | number)[];

/** `spec.template.spec.containers[0].port` */
export function renderFieldPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's byte-wise order of map keys, as encoding/json sorts them. */
function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => {
    const ba = Buffer.from(a);
    const bb = Buffer.from(b);
    return Buffer.compare(ba, bb);
  });
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_FORMAT_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIXES = new Set(['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** resource.ParseQuantity's verdict on a string (undefined when valid). */
export function quantityError(s: string): string | undefined {
  const m = QUANTITY_RE.exec(s.trim());
  if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1])) return QUANTITY_FORMAT_MSG;
  const suffix = m[2];
  if (QUANTITY_SUFFIXES.has(suffix) || /^[eE][-+]?\d+$/.test(suffix)) return undefined;
  return "unable to parse quantity's suffix";
}

function numberText(n: number): string {
  return String(n);
}

const INT_RANGE = {
  int32: [-2147483648, 2147483647],
  int64: [-9223372036854775808, 9223372036854775807],
} as const;

class Walker {
  readonly unknownFields: DecodeProblem[] = [];
  readonly typeErrors: DecodeProblem[] = [];

  /**
   * @param struct Go name of the innermost struct whose field holds `value`
   * @param fieldPath JSON names from the root, without list indices (for type errors)
   */
  walk(value: unknown, type: SchemaType, path: Path, struct: string, fieldPath: string[]): void {
    if (value === null || value === undefined) return; // JSON null decodes to the zero value
    const typeError = (fatal?: boolean, valueText?: string) => {
      const what = valueText ?? jsonKind(value);
      this.typeErrors.push({
        path,
        message: `json: cannot unmarshal ${what} into Go struct field ${struct}.${fieldPath.join('.')} of type ${goTypeName(type)}`,
        fatal,
      });
    };
    switch (type.kind) {
      case 'free-form':
        return;
      case 'string':
        if (typeof value !== 'string') typeError();
        return;
      case 'boolean':
        if (typeof value !== 'boolean') typeError();
        return;
      case 'integer': {
        if (typeof value !== 'number') return typeError();
        const [lo, hi] = INT_RANGE[type.goType];
        if (!Number.isInteger(value) || value < lo || value > hi) typeError(false, `number ${numberText(value)}`);
        return;
      }
      case 'int-or-string': {
        if (typeof value === 'string') return;
        const [lo, hi] = INT_RANGE.int32;
        if (typeof value === 'number') {
          if (!Number.isInteger(value) || value < lo || value > hi) {
            this.typeErrors.push({ path, message: `json: cannot unmarshal number ${numberText(value)} into Go value of type int32`, fatal: true });
          }
          return;
        }
        this.typeErrors.push({ path, message: `json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`, fatal: true });
        return;
      }
      case 'quantity': {
        let msg: string | undefined;
        if (typeof value === 'string') msg = quantityError(value);
        else if (typeof value === 'number') msg = quantityError(numberText(value));
        else msg = QUANTITY_FORMAT_MSG;
        if (msg) this.typeErrors.push({ path, message: msg, fatal: true });
        return;
      }
      case 'time': {
        if (typeof value !== 'string') {
          this.typeErrors.push({ path, message: `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`, fatal: true });
        } else if (!RFC3339_RE.test(value)) {
          // Go's time.Parse error; the element named is approximated as the year.
          this.typeErrors.push({ path, message: `parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse "${value}" as "2006"`, fatal: true });
        }
        return;
      }
      case 'map': {
        if (!isPlainObject(value)) return typeError();
        for (const k of sortedKeys(value)) this.walk(value[k], type.values, [...path, k], struct, fieldPath);
        return;
      }
      case 'array': {
        if (!Array.isArray(value)) return typeError();
        value.forEach((item, i) => this.walk(item, type.items, [...path, i], struct, fieldPath));
        return;
      }
      case 'object': {
        if (!isPlainObject(value)) return typeError();
        for (const k of sortedKeys(value)) {
          const ft = type.fields.get(k);
          if (!ft) {
            this.unknownFields.push({ path: [...path, k], message: `unknown field "${renderFieldPath([...path, k])}"` });
            continue;
          }
          this.walk(value[k], ft, [...path, k], type.name, [...fieldPath, k]);
        }
        return;
      }
    }
  }
}

function ordered(typeErrors: DecodeProblem[]): DecodeProblem[] {
  const fatal = typeErrors.findIndex((p) => p.fatal);
  if (fatal <= 0) return typeErrors;
  return [typeErrors[fatal], ...typeErrors.slice(0, fatal), ...typeErrors.slice(fatal + 1)];
}

/**
 * Check an object against its kind's schema. Kinds without a schema (and non-objects) give no
 * problems. `typeErrors[0]` is the error the apiserver would report.
 */
export function strictDecode(kind: string, obj: Record<string, unknown>): StrictDecodeResult {
  const schema = schemaForKind(kind);
  if (!schema || !isPlainObject(obj)) return { unknownFields: [], typeErrors: [] };
  const w = new Walker();
  w.walk(obj, schema, [], schema.name, []);
  return { unknownFields: w.unknownFields, typeErrors: ordered(w.typeErrors) };
}

/** Go's zero value of a list item or map value type, where a `null` element decodes to it. */
function zeroValue(type: SchemaType): unknown {
  switch (type.kind) {
    case 'object':
      return {};
    case 'string':
      return '';
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/**
 * What Go's JSON decoding makes of `null` items in a list or map (`containers: [null]`,
 * `labels: {app: null}`): the element type's zero value (`{}`, `""`, `0`, `false`); a struct
 * field given `null` (`labels: null`) keeps its zero value, i.e. is left out. Replaces them
 * in place (on a decoded copy), so that defaulting and validation meet what the apiserver meets —
 * and report `Required value` as it does — not a null.
 */
export function zeroNullListItems(kind: string, obj: Record<string, unknown>): void {
  const schema = schemaForKind(kind);
  if (!schema) return;
  const visit = (value: unknown, type: SchemaType): void => {
    if (type.kind === 'object' && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const ft = type.fields.get(k);
        // A struct field given null keeps its zero value: for maps, lists and pointers, absent.
        if (ft && v === null && ft.kind !== 'free-form') delete value[k];
        else if (ft) visit(v, ft);
      }
    } else if (type.kind === 'map' && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (v === null) value[k] = zeroValue(type.values);
        else visit(v, type.values);
      }
    } else if (type.kind === 'array' && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item === null) value[i] = zeroValue(type.items);
        else visit(item, type.items);
      });
    }
  };
  visit(obj, schema);
}

/**
 * The type check kubectl's client makes on `metadata` before sending (cli-runtime's
 * metadataValidatingDecoder decodes into `struct { TypeMeta; ObjectMeta "metadata" }`): returns the
 * json error text, e.g. `json: cannot unmarshal number into Go struct field
 * ObjectMeta.metadata.labels of type string`, or undefined.
 */
export function metadataDecodeError(obj: Record<string, unknown>): DecodeProblem | undefined {
  if (!isPlainObject(obj) || obj.metadata === undefined || obj.metadata === null) return undefined;
  const meta = schemaForStruct('ObjectMeta')!;
  const w = new Walker();
  // Only type errors matter here: the client decoder is not strict.
  w.walk(obj.metadata, meta, ['metadata'], 'metadataOnlyObject', ['metadata']);
  return ordered(w.typeErrors)[0];
}

export function strictDecodingMessage(problems: DecodeProblem[]): string {
  return `strict decoding error: ${problems.map((p) => p.message).join(', ')}`;
}

function versionOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

type PositionOf = (path: (string | number)[]) => SourcePosition | undefined;

/**
 * The create-path rejection (HTTP 400, apiserver transformDecodeError):
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.template"`
 * (or the type error's text instead of `strict decoding error: ...`). The caller adds the source
 * with `withSource('creating', file)`. Returns undefined when there is nothing to reject.
 */
export function createDecodeError(kind: string, apiVersion: string, result: StrictDecodeResult, positionOf?: PositionOf): ApiError | undefined {
  const prefix = `${kind} in version ${JSON.stringify(versionOf(apiVersion))} cannot be handled as a ${kind}: `;
  if (result.typeErrors.length > 0) {
    const p = result.typeErrors[0];
    return new ApiError('BadRequest', prefix + p.message, { position: positionOf?.(p.path) });
  }
  if (result.unknownFields.length > 0) {
    return new ApiError('BadRequest', prefix + strictDecodingMessage(result.unknownFields), {
      position: positionOf?.(result.unknownFields[0].path),
      hint: unknownFieldHint(result.unknownFields[0]),
    });
  }
  return undefined;
}

/** A hint for an unknown field: a mis-indented key usually belongs one level up. */
function unknownFieldHint(p: DecodeProblem): string | undefined {
  const key = p.path[p.path.length - 1];
  if (p.path.length >= 3 && typeof key === 'string') {
    const parent = renderFieldPath(p.path.slice(0, -1));
    return `"${key}" is not a field of ${parent}; check its indentation (it may belong one level up)`;
  }
  return undefined;
}

/**
 * Go's `%+v` of a decoded JSON map (`map[spec:map[replicas:3]]`): keys sorted, strings bare,
 * lists `[a b]`. An approximation of the server's dump: floats print as JavaScript prints them.
 */
export function goMapDump(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goMapDump).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${sortedKeys(o).map((k) => `${k}:${goMapDump(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/**
 * The patch-path rejection (object exists; client-side apply), HTTP 422 with no kind/name:
 * kubectl prints `The request is invalid: patch: Invalid value: "map[...]": strict decoding error: unknown field "spec.volumes"`.
 * `patch` is the patch kubectl sent (its `%+v` dump is approximated by goMapDump).
 */
export function patchDecodeError(patch: Record<string, unknown>, result: StrictDecodeResult, positionOf?: PositionOf): ApiError | undefined {
  let detail: string;
  let path: (string | number)[];
  if (result.typeErrors.length > 0) {
    detail = result.typeErrors[0].message;
    path = result.typeErrors[0].path;
  } else if (result.unknownFields.length > 0) {
    detail = strictDecodingMessage(result.unknownFields);
    path = result.unknownFields[0].path;
  } else return undefined;
  const dump = goQuote(goMapDump(patch));
  const cause = invalid('patch', new GoLiteral(dump), detail);
  const statusMessage = ` "" is invalid: patch: Invalid value: ${dump}: ${detail}`;
  const hint = result.typeErrors.length === 0 ? unknownFieldHint(result.unknownFields[0]) : undefined;
  return new ApiError('Invalid', statusMessage, { causes: [cause], position: positionOf?.(path), hint });
}
