/**
 * Label keys and values, label selectors and annotations, as apimachinery validates them
 * (IsQualifiedName, IsValidLabelValue, ValidateLabels, ValidateLabelSelector, ValidateAnnotations), and
 * ValidateObjectMeta, which carries them.
 * Go ranges over maps in random order; kubesim reports keys in sorted order so output is stable.
 */
import { forbidden, invalid, required, tooLong, type FieldError } from '../apiserver/field-errors.js';
import type { LabelSelector } from '../labels/selector.js';
import { EMPTY_ERROR, isDNS1123Label, isDNS1123Subdomain, maxLenError, regexError, validateObjectName, type NameValidator } from './names.js';

const QUALIFIED_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;
/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const qnameRe = new RegExp(`^${QNAME_FMT}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);

const QNAME_ERR_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_REGEX_ERROR = regexError(QNAME_ERR_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc');
export const LABEL_VALUE_ERROR = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT,
  'MyValue',
  'my_value',
  '12345',
);

/** Label keys and annotation keys: an optional DNS-subdomain prefix and '/', then a name part. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [`a qualified name ${QNAME_REGEX_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (name.length > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!qnameRe.test(name)) errs.push(`name part ${QNAME_REGEX_ERROR}`);
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!labelValueRe.test(value)) errs.push(LABEL_VALUE_ERROR);
  return errs;
}

export function validateLabelName(key: string, field: string): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(field, key, m));
}

/** ValidateLabels: every error sits on the map's own path (`metadata.labels`, `spec.selector`). */
export function validateLabels(labels: Record<string, unknown> | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const k of Object.keys(labels).sort()) {
    errs.push(...validateLabelName(k, field));
    const v = labels[k];
    const s = typeof v === 'string' ? v : String(v ?? '');
    for (const m of isValidLabelValue(s)) errs.push(invalid(field, s, m));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitive), total size ≤ 256 KiB. */
export function validateAnnotations(annotations: Record<string, unknown> | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations) return errs;
  let size = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, m));
    const v = annotations[k];
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : String(v ?? ''));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(field, `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`));
  return errs;
}

const SELECTOR_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** ValidateLabelSelector (strict: label values in expressions are checked). */
export function validateLabelSelector(sel: LabelSelector | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return errs;
  errs.push(...validateLabels(sel.matchLabels, `${field}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${field}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, expr.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key ?? '', `${p}.key`));
    values.forEach((v, vi) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${vi}]`, v, m));
    });
  });
  return errs;
}

/** Whether metav1.LabelSelectorAsSelector would accept the selector (operators and value counts). */
export function isConvertibleSelector(sel: LabelSelector | undefined | null): boolean {
  if (!sel) return true;
  for (const e of sel.matchExpressions ?? []) {
    if (!SELECTOR_OPERATORS.has(e.operator)) return false;
    const n = (e.values ?? []).length;
    if ((e.operator === 'In' || e.operator === 'NotIn') && n === 0) return false;
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && n > 0) return false;
  }
  return true;
}

/**
 * ValidateObjectMeta: generateName/name (with the kind's name rule), namespace (a DNS-1123 label
 * for namespaced kinds, forbidden otherwise), labels, annotations — in the apiserver's order.
 */
export function validateObjectMeta(meta: ObjectMetaLike, namespaced: boolean, nameFn: NameValidator, path = 'metadata'): FieldError[] {
  const errs = validateObjectName(meta, nameFn, path);
  if (namespaced) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0) errs.push(invalid(`${path}.generation`, meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  return errs;
}

/** ValidateObjectMetaUpdate: identity is carried over by the generic flow; labels and annotations are re-checked. */
export function validateObjectMetaUpdate(meta: ObjectMetaLike, old: ObjectMetaLike, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.name !== old.name) errs.push(invalid(`${path}.name`, meta.name ?? '', 'field is immutable'));
  if ((meta.namespace ?? '') !== (old.namespace ?? '')) errs.push(invalid(`${path}.namespace`, meta.namespace ?? '', 'field is immutable'));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  return errs;
}

export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
