/**
 * `-o custom-columns=HEADER:.path,…` and `-o custom-columns-file=FILE` (kubectl's
 * CustomColumnsPrinter): each column is a header and a JSONPath expression (braces and the
 * leading dot optional), evaluated with missing keys allowed; printed through the `get`
 * tabwriter.
 */
import { KubesimError } from '../errors.js';
import { compileJsonPath, findJsonPathResults, goSprint, type JsonPath } from './jsonpath.js';
import { alignText, escapeTerminal } from './tabwriter.js';

export interface Column {
  /** Printed as written. */
  header: string;
  /** The normalised template, `{.metadata.name}` (empty when the spec's path was empty). */
  fieldSpec: string;
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** `a.b`, `.a.b`, `{a.b}`, `{.a.b}` → `{.a.b}` (kubectl's RelaxedJSONPathExpression). */
export function relaxedJsonPathExpression(path: string): string {
  if (path === '') return path;
  const m = RELAXED.exec(path);
  if (!m) throw new KubesimError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] !== undefined && m[1] !== '' ? m[1] : m[2]}}`;
}

/** Parse `NAME:.metadata.name,IP:.spec.clusterIP`. Columns are split at every comma. */
export function parseCustomColumns(spec: string): Column[] {
  if (spec === '') throw new KubesimError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new KubesimError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJsonPathExpression(part.slice(colon + 1)) };
  });
}

const FORMAT_HINT = 'Expected format is one line of space separated headers, one line of space separated column specs.';

/** A custom-columns file: a line of headers, then a line of paths, both whitespace-separated. */
export function parseCustomColumnsFile(text: string): Column[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.length > 0 && text.endsWith('\n')) lines.pop();
  if (lines.length < 1 || text === '') throw new KubesimError(`invalid template, missing header line. ${FORMAT_HINT}`);
  if (lines.length < 2) throw new KubesimError(`invalid template, missing spec line. ${FORMAT_HINT}`);
  const words = (l: string) => l.split(/\s+/u).filter((w) => w !== '');
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) throw new KubesimError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPathExpression(specs[i]) }));
}

/** One cell: every value of the column's results joined by `,`; `<none>` when nothing. */
function cellOf(jp: JsonPath, obj: unknown): string {
  const groups = findJsonPathResults(jp, obj, { allowMissingKeys: true });
  const values: string[] = [];
  if (groups.length === 0 || groups[0].length === 0) values.push('<none>');
  for (const g of groups) for (const v of g) values.push(escapeTerminal(goSprint(v)));
  return values.join(',');
}

/**
 * The custom-columns output for these objects (one row each, in order), header first unless
 * `noHeaders`. The header is printed even with no objects. Template syntax and evaluation
 * errors surface with client-go's bare message.
 */
export function renderCustomColumns(columns: Column[], objects: unknown[], opts: { noHeaders: boolean }): string {
  const parsers = columns.map((c) => compileJsonPath(c.fieldSpec));
  let text = '';
  if (!opts.noHeaders) text += columns.map((c) => c.header).join('\t') + '\n';
  for (const o of objects) text += parsers.map((p) => cellOf(p, o)).join('\t') + '\n';
  return alignText(text);
}
