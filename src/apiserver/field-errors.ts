/**
 * Field errors as the apiserver words them (apimachinery pkg/util/validation/field/errors.go).
 * `<path>: <Type>[: <value>][: <detail>]`; strings Go-quoted, numbers bare.
 */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Not found'
  | 'Too many';

/** A value already rendered in Go syntax (for composite values such as `[]string{"a"}`). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

export type FieldValue = string | number | boolean | GoLiteral | null | undefined;

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: FieldValue;
  detail?: string;
}

const TYPES_WITH_VALUE = new Set<FieldErrorType>(['Invalid value', 'Unsupported value', 'Duplicate value', 'Not found']);

/** Go's %q for the strings kubesim handles (ASCII escapes as strconv.Quote does). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export function formatFieldValue(v: FieldValue): string {
  if (v instanceof GoLiteral) return v.text;
  if (typeof v === 'string') return goQuote(v);
  if (v === null || v === undefined) return 'null';
  return String(v);
}

/** Go syntax for a map[string]string value, keys sorted as fmt prints maps. */
export function goStringMap(m: Record<string, string>): GoLiteral {
  const keys = Object.keys(m).sort();
  return new GoLiteral(`map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k])}`).join(', ')}}`);
}

export function goStringSlice(items: string[]): GoLiteral {
  return new GoLiteral(`[]string{${items.map(goQuote).join(', ')}}`);
}

export function fieldErrorString(e: FieldError): string {
  let body: string = e.type;
  if (TYPES_WITH_VALUE.has(e.type)) body += `: ${formatFieldValue(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

export const required = (field: string, detail?: string): FieldError => ({ type: 'Required value', field, detail });
export const invalid = (field: string, value: FieldValue, detail?: string): FieldError => ({ type: 'Invalid value', field, value, detail });
export const forbidden = (field: string, detail?: string): FieldError => ({ type: 'Forbidden', field, detail });
export const duplicate = (field: string, value: FieldValue): FieldError => ({ type: 'Duplicate value', field, value });
export const notFound = (field: string, value: FieldValue): FieldError => ({ type: 'Not found', field, value });
export const tooLong = (field: string, detail: string): FieldError => ({ type: 'Too long', field, detail });

/** `Unsupported value: "X": supported values: "A", "B"` (values sorted and quoted). */
export function unsupported(field: string, value: FieldValue, supported: string[]): FieldError {
  const list = [...supported].sort().map(goQuote).join(', ');
  return { type: 'Unsupported value', field, value, detail: `supported values: ${list}` };
}
