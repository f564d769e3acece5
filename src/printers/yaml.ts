/**
 * `-o yaml` exactly as kubectl prints it. kubectl marshals objects to JSON and converts that to
 * YAML with go-yaml v2 (sigs.k8s.io/yaml), so this is a small emitter for JSON-shaped data that
 * follows go-yaml v2's choices:
 *   - map keys sorted with go-yaml's "natural" order (digit runs compare as numbers, non-letters
 *     before letters);
 *   - sequences not indented under their key;
 *   - strings plain when they read back as strings; double-quoted when they would read back as
 *     something else (`"80"`, `"true"`, `"yes"`, `"n"`, timestamps); single-quoted when a plain
 *     scalar is not allowed (`'*'`, `'a: b'`); literal blocks (`|`, `|-`, `|+`) for multi-line text;
 *   - plain and quoted scalars folded at spaces past column 80, as libyaml does.
 * It is also much cheaper to load than a general YAML library, which matters for start-up.
 */

const BEST_WIDTH = 80;

/** go-yaml v2's key order (sorter.go keyList.Less) for string keys. */
export function compareYamlKeys(a: string, b: string): number {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length - br.length;
}

const BOOL_OR_NULL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '']);
const SPECIAL_FLOAT = /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

/** Would go-yaml v2 read this plain scalar back as something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (BOOL_OR_NULL.has(s) || SPECIAL_FLOAT.test(s) || BASE60_FLOAT.test(s) || TIMESTAMP.test(s)) return true;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|[0-9]+)$/.test(plain)) return true;
  return /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain);
}

const isBreakOrSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** libyaml's analysis: may this string be written as a block plain scalar? */
function plainAllowed(s: string): boolean {
  if (s === '' || s.startsWith('---') || s.startsWith('...')) return false;
  if (/^[ \t]|[ \t]$/.test(s)) return false;
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const code = c.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff || isBreak(c)) return false;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) return false;
      if ((c === '?' || c === ':' || c === '-') && isBreakOrSpace(next)) return false;
    } else {
      if (c === ':' && isBreakOrSpace(next)) return false;
      if (c === '#' && (chars[i - 1] === ' ' || chars[i - 1] === '\t')) return false;
    }
  }
  return true;
}

/** libyaml's is_printable: what may appear as itself in a scalar (astral characters may not). */
function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

/**
 * Must the string be double-quoted? libyaml's analysis: an unprintable character, or a space
 * next to a line break (which single quotes and block scalars cannot keep as written).
 */
function needsDoubleQuotes(s: string): boolean {
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    if (!isPrintable(chars[i].codePointAt(0)!)) return true;
    if (chars[i] === ' ' && isBreak(chars[i + 1])) return true; // space_break
    if (isBreak(chars[i]) && chars[i + 1] === ' ' && !s.includes('\n')) return true; // break_space: only a block scalar keeps it
  }
  return /\n/.test(s) && / $/.test(s); // trailing_space: no block scalar either
}

/** Write text, breaking at single spaces once past the best width (libyaml's allow_breaks). */
function folded(text: string, startColumn: number, indent: number, open: string, close: string, escapeBreak: boolean): string {
  let out = open;
  let column = startColumn + open.length;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ' ' && column > BEST_WIDTH && i > 0 && chars[i - 1] !== ' ' && i + 1 < chars.length && chars[i + 1] !== ' ') {
      out += '\n' + ' '.repeat(indent);
      column = indent;
      if (escapeBreak && chars[i + 1] === ' ') {
        out += '\\';
        column++;
      }
      continue;
    }
    out += c;
    column++;
  }
  return out + close;
}

/** libyaml's escapes in a double-quoted scalar. */
const ESCAPES: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0x2028: 'L', 0x2029: 'P' };

function doubleQuoted(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (isPrintable(code) && code !== 0x0a && code !== 0x22 && code !== 0x5c && !isBreak(c)) out += c;
    else if (ESCAPES[code] !== undefined) out += '\\' + ESCAPES[code];
    else if (code <= 0xff) out += '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
    else if (code <= 0xffff) out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    else out += '\\U' + code.toString(16).toUpperCase().padStart(8, '0');
  }
  return out;
}

/** A literal block scalar (`|`, `|-`, `|+`, with an indentation indicator if the text starts with a space). */
function literal(s: string, indent: number): string {
  const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  // The text without the newline the caller ends the line with.
  const text = chomp === '-' ? s : s.slice(0, -1);
  // As libyaml: after a line break (\n, U+2028, U+2029), indentation comes before the next other character.
  const pad = ' '.repeat(indent);
  let out = `|${indicator}${chomp}\n`;
  let atBreak = true;
  for (const c of text) {
    if (!isBreak(c) && atBreak) out += pad;
    out += c;
    atBreak = isBreak(c);
  }
  return out;
}

/** A scalar string at `column`, continuing lines at `indent`. */
function scalarString(s: string, column: number, indent: number, isKey: boolean): string {
  if (!isKey && s.includes('\n') && !needsDoubleQuotes(s)) return literal(s, indent);
  if (needsDoubleQuotes(s) || s.includes('\n')) return folded(doubleQuoted(s), column, indent, '"', '"', true);
  if (resolvesToNonString(s)) return isKey ? `"${doubleQuoted(s)}"` : folded(doubleQuoted(s), column, indent, '"', '"', true);
  if (plainAllowed(s)) return isKey ? s : folded(s, column, indent, '', '', false);
  // libyaml indents the text after a line break (U+2028, U+2029) inside single quotes.
  const single = s.replace(/'/g, "''").replace(/([\u2028\u2029]+)(?=[^\u2028\u2029])/g, `$1${' '.repeat(indent)}`);
  return isKey ? `'${single}'` : folded(single, column, indent, "'", "'", false);
}

function scalar(v: unknown, column: number, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return scalarString(String(v), column, indent, false);
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64) for the floats JSON data can hold. */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? '.nan' : f > 0 ? '.inf' : '-.inf';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = f.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isEmptyCollection = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

function emitMap(m: Record<string, unknown>, indent: number, out: string[], firstLinePrefix?: string): void {
  const keys = Object.keys(m)
    .filter((k) => m[k] !== undefined)
    .sort(compareYamlKeys);
  keys.forEach((k, i) => {
    const lead = i === 0 && firstLinePrefix !== undefined ? firstLinePrefix : ' '.repeat(indent);
    const key = scalarString(k, indent, indent + 2, true);
    emitValue(m[k], indent, `${lead}${key}:`, out, false);
  });
}

function emitSeq(items: unknown[], indent: number, out: string[], firstLinePrefix?: string): void {
  items.forEach((item, i) => {
    const lead = (i === 0 && firstLinePrefix !== undefined ? firstLinePrefix : ' '.repeat(indent)) + '- ';
    if (isMap(item) && !isEmptyCollection(item)) emitMap(item, indent + 2, out, lead);
    else if (Array.isArray(item) && item.length > 0) emitSeq(item, indent + 2, out, lead);
    else out.push(lead + (Array.isArray(item) ? '[]' : isMap(item) ? '{}' : scalar(item, lead.length, indent + 2)));
  });
}

/** A key's value: nested collections on the following lines, scalars after the key. */
function emitValue(v: unknown, indent: number, head: string, out: string[], _inSeq: boolean): void {
  if (isMap(v) && !isEmptyCollection(v)) {
    out.push(head);
    emitMap(v, indent + 2, out);
  } else if (Array.isArray(v) && v.length > 0) {
    out.push(head);
    emitSeq(v, indent, out);
  } else if (Array.isArray(v)) out.push(`${head} []`);
  else if (isMap(v)) out.push(`${head} {}`);
  else out.push(`${head} ${scalar(v, head.length + 1, indent + 2)}`);
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (isMap(value) && !isEmptyCollection(value)) emitMap(value, 0, out);
  else if (Array.isArray(value) && value.length > 0) emitSeq(value, 0, out);
  else out.push(Array.isArray(value) ? '[]' : isMap(value) ? '{}' : scalar(value, 0, 2));
  return out.join('\n') + '\n';
}

/** The List wrapper kubectl prints for anything but a single named object. */
export function listOf(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
