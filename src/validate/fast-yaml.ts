/**
 * A fast reader for the plain block-YAML that Kubernetes manifests are almost always written in,
 * used by `validate` to read thousands of files quickly. It is exact or it declines: for any
 * construct outside its subset it returns `undefined`, and the caller reads the file with
 * `manifest/load.ts` (the faithful, slower reader) instead. On what it accepts it must produce the
 * same values and the same source positions as load.ts — test/validate/fast-yaml.test.ts checks
 * this equivalence over every fixture and over generated documents.
 *
 * The subset: block mappings and sequences (including indentless sequences under a key and
 * compact `- key: v` items), plain one-line scalars (resolved with load.ts's go-yaml v2 rules),
 * one-line single- and double-quoted scalars without escapes, `[]`, `{}` and one-line flow
 * sequences of such scalars, comments. Declined: tabs, CR, BOM, anchors/aliases/tags/merge keys,
 * block scalars (`|`, `>`), multi-line scalars, flow mappings with content, complex keys,
 * directives, `...`, documents whose root is not a mapping, and anything that is a YAML error.
 *
 * Positions are not recorded on the first pass (they are rarely needed); `parseYamlDocument` with
 * `record` re-reads one document and returns the offsets of every key and sequence item.
 */
import { resolvePlainScalar } from '../manifest/load.js';

export type Path = (string | number)[];

/** A document chunk of a YAML stream: apimachinery's YAMLReader splits on lines starting `---`. */
export interface YamlChunk {
  text: string;
  /** offset of the chunk in the file text */
  start: number;
}

/** Split a stream into documents the way load.ts does; undefined for a malformed separator. */
export function splitYamlChunks(text: string): YamlChunk[] | undefined {
  const out: YamlChunk[] = [];
  let bufStart = -1;
  let bufEnd = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    if (text.startsWith('---', pos)) {
      const rest = text.slice(pos + 3, nl < 0 ? text.length : nl).trim();
      if (rest.length > 0 && rest[0] !== '#') return undefined;
      if (bufStart >= 0) out.push({ text: text.slice(bufStart, bufEnd), start: bufStart });
      bufStart = -1;
    } else {
      if (bufStart < 0) bufStart = pos;
      bufEnd = end;
    }
    pos = end;
  }
  if (bufStart >= 0) out.push({ text: text.slice(bufStart, bufEnd), start: bufStart });
  return out;
}

/** Thrown (and caught inside this module) when the input leaves the subset. */
class Decline extends Error {}
const DECLINE = new Decline();

function pathKey(p: Path): string {
  let k = '';
  for (const seg of p) k += typeof seg === 'number' ? `\u0001${seg}` : `\u0002${seg}`;
  return k;
}

export function positionKey(p: Path): string {
  return pathKey(p);
}

interface Line {
  /** offset of the first content character (after the indentation) in the chunk */
  at: number;
  indent: number;
  /** content after the indentation, without the newline */
  text: string;
}

const INDICATOR_START = new Set(['[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',', '#', '?', ':', '-', '<']);

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * A plain scalar token must not start with an indicator (`-x`, `:x`, `?x` are fine in YAML but
 * declined here). `<` only matters for keys (`<<` merges); a value such as `<your-image>` is plain.
 */
function plainStartOk(s: string, isKey = false): boolean {
  return s.length > 0 && (s[0] === '<' ? !isKey : !INDICATOR_START.has(s[0]));
}

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;
  readonly positions: Map<string, number> | undefined;

  constructor(
    text: string,
    private readonly base: number,
    record: boolean,
  ) {
    this.positions = record ? new Map() : undefined;
    let pos = 0;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl;
      let j = pos;
      while (j < end && text.charCodeAt(j) === 32) j++;
      if (j < end && text.charCodeAt(j) !== 35 /* # */) {
        const content = text.slice(j, end);
        this.lines.push({ at: j, indent: j - pos, text: content });
      }
      pos = end + 1;
    }
  }

  /** Record a position (only when re-reading a document for positions; `path` is unused otherwise). */
  private rec(path: Path, offset: number): void {
    if (this.positions) this.positions.set(pathKey(path), this.base + offset);
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  document(): unknown {
    const first = this.lines[0];
    if (first.indent !== 0) throw DECLINE;
    const entry = this.entryAt(first.text, 0);
    if (!entry) throw DECLINE;
    this.rec([], first.at);
    const v = this.mapping(0, 0, []);
    if (this.i !== this.lines.length) throw DECLINE;
    return v;
  }

  /**
   * Parse a mapping entry's key starting at `col` of a line's content; returns the key and the
   * column of the text after `:` (or undefined when the text is not a `key:` entry).
   */
  private entryAt(text: string, col: number): { key: string; rest: number } | undefined {
    const c = text[col];
    if (c === '"' || c === "'") {
      const q = this.quoted(text, col);
      if (!q) return undefined;
      const after = q.end;
      if (text[after] !== ':' || (after + 1 < text.length && text[after + 1] !== ' ')) return undefined;
      return { key: q.value, rest: after + 1 };
    }
    if (!plainStartOk(text.slice(col, col + 1), true)) return undefined;
    let colon = -1;
    for (let j = col; j < text.length; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 58 /* : */ && (j + 1 === text.length || text.charCodeAt(j + 1) === 32)) {
        colon = j;
        break;
      }
      if (ch === 35 /* # */ && text.charCodeAt(j - 1) === 32) return undefined;
    }
    if (colon < 0) return undefined;
    const raw = text.slice(col, colon).trimEnd();
    if (raw === '<<' || raw.includes(' #')) throw DECLINE;
    if (/[[\]{},]/.test(raw)) throw DECLINE;
    const k = resolvePlainScalar(raw);
    if (k === null) return { key: 'null', rest: colon + 1 };
    if (typeof k === 'object') throw DECLINE;
    return { key: String(k), rest: colon + 1 };
  }

  /** A one-line quoted scalar at `col`; undefined when it does not close on this line. */
  private quoted(text: string, col: number): { value: string; end: number } | undefined {
    const q = text[col];
    if (q === '"') {
      const close = text.indexOf('"', col + 1);
      if (close < 0) throw DECLINE;
      const body = text.slice(col + 1, close);
      if (body.includes('\\')) throw DECLINE;
      return { value: body, end: close + 1 };
    }
    let out = '';
    let j = col + 1;
    for (;;) {
      const close = text.indexOf("'", j);
      if (close < 0) throw DECLINE;
      out += text.slice(j, close);
      if (text[close + 1] === "'") {
        out += "'";
        j = close + 2;
        continue;
      }
      return { value: out, end: close + 1 };
    }
  }

  /** Only whitespace or a comment may follow a value on its line. */
  private tailOk(text: string, from: number): void {
    let j = from;
    while (j < text.length && text.charCodeAt(j) === 32) j++;
    if (j === text.length) return;
    if (text[j] === '#' && j > from) return;
    throw DECLINE;
  }

  /**
   * An inline value starting at `col` (non-empty, not a comment), at absolute `lineAt` offset of
   * the line content. Records positions of flow sequence items.
   */
  private inline(text: string, col: number, lineAt: number, path: Path): unknown {
    const c = text[col];
    if (c === '"' || c === "'") {
      const q = this.quoted(text, col)!;
      this.tailOk(text, q.end);
      return q.value;
    }
    if (c === '[') return this.flowSeq(text, col, lineAt, path);
    if (c === '{') {
      let j = col + 1;
      while (text.charCodeAt(j) === 32) j++;
      if (text[j] !== '}') throw DECLINE;
      this.tailOk(text, j + 1);
      return {};
    }
    if (!plainStartOk(text.slice(col, col + 1))) throw DECLINE;
    let end = text.length;
    const hash = text.indexOf(' #', col);
    if (hash >= 0) end = hash;
    const s = text.slice(col, end).trimEnd();
    if (s.includes(': ') || s.endsWith(':')) throw DECLINE;
    return resolvePlainScalar(s);
  }

  private flowSeq(text: string, col: number, lineAt: number, path: Path): unknown[] {
    const out: unknown[] = [];
    let j = col + 1;
    const ws = () => {
      while (text.charCodeAt(j) === 32) j++;
    };
    ws();
    if (text[j] === ']') {
      this.tailOk(text, j + 1);
      return out;
    }
    for (;;) {
      ws();
      const start = j;
      const c = text[j];
      let value: unknown;
      if (c === '"' || c === "'") {
        const q = this.quoted(text, j)!;
        value = q.value;
        j = q.end;
      } else {
        if (c === undefined || !plainStartOk(c)) throw DECLINE;
        while (j < text.length && !',]#:{}['.includes(text[j])) j++;
        const raw = text.slice(start, j).trimEnd();
        if (raw === '' || text[j] === '#' || text[j] === ':' || text[j] === '{' || text[j] === '[' || text[j] === '}') throw DECLINE;
        value = resolvePlainScalar(raw);
      }
      if (this.positions) this.rec([...path, out.length], lineAt + start);
      out.push(value);
      ws();
      if (text[j] === ',') {
        j++;
        ws();
        if (text[j] === ']') throw DECLINE; // trailing comma: leave to the full reader
        continue;
      }
      if (text[j] === ']') {
        this.tailOk(text, j + 1);
        return out;
      }
      throw DECLINE;
    }
  }

  /** The value of a key whose `:` ends its line: a nested block, an indentless sequence, or null. */
  private blockValue(parentIndent: number, path: Path): unknown {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > parentIndent) return this.block(next.indent, path);
    if (next.indent === parentIndent && isDash(next.text)) return this.sequence(parentIndent, path);
    return null;
  }

  /** A block node whose first line is the current line, at `indent`. */
  private block(indent: number, path: Path): unknown {
    const line = this.lines[this.i];
    if (isDash(line.text)) return this.sequence(indent, path);
    if (this.entryAt(line.text, 0)) return this.mapping(indent, 0, path);
    throw DECLINE;
  }

  /**
   * A block mapping whose keys sit at column `indent`; the first key may start at `col` of the
   * current line's content (a compact mapping after `- `).
   */
  private mapping(indent: number, firstCol: number, path: Path): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    let col = firstCol;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (col === 0) {
        if (line.indent < indent) break;
        if (line.indent > indent) throw DECLINE;
        if (isDash(line.text)) break; // an indentless sequence's end is decided by the caller
      }
      const entry = this.entryAt(line.text, col);
      if (!entry) throw DECLINE;
      const keyPath = this.positions ? [...path, entry.key] : path;
      this.rec(keyPath, line.at + col);
      let j = entry.rest;
      while (line.text.charCodeAt(j) === 32) j++;
      this.i++;
      let value: unknown;
      if (j >= line.text.length || line.text[j] === '#') {
        value = this.blockValue(indent, keyPath);
      } else {
        value = this.inline(line.text, j, line.at, keyPath);
        const next = this.lines[this.i];
        if (next && next.indent > indent) throw DECLINE; // a multi-line scalar (or an error)
      }
      setKey(obj, entry.key, value);
      col = 0;
    }
    return obj;
  }

  /** A block sequence whose `-` sit at column `indent`. */
  private sequence(indent: number, path: Path): unknown[] {
    const arr: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent !== indent || !isDash(line.text)) {
        if (line.indent > indent) throw DECLINE;
        break;
      }
      const itemPath = this.positions ? [...path, arr.length] : path;
      let j = 1;
      while (line.text.charCodeAt(j) === 32) j++;
      if (j >= line.text.length || line.text[j] === '#') {
        // `-` alone: the item is the block on the following lines
        this.i++;
        const next = this.lines[this.i];
        if (!next || next.indent <= indent) throw DECLINE; // a null item
        this.rec(itemPath, next.at);
        arr.push(this.block(next.indent, itemPath));
        continue;
      }
      if (isDash(line.text.slice(j))) throw DECLINE; // `- - x`
      const entry = this.entryAt(line.text, j);
      this.rec(itemPath, line.at + j);
      if (entry) {
        arr.push(this.mapping(indent + j, j, itemPath));
        continue;
      }
      this.i++;
      arr.push(this.inline(line.text, j, line.at, itemPath));
      const next = this.lines[this.i];
      if (next && next.indent > indent) throw DECLINE;
    }
    return arr;
  }
}

function isDash(text: string): boolean {
  return text.charCodeAt(0) === 45 /* - */ && (text.length === 1 || text.charCodeAt(1) === 32);
}

export interface FastDocument {
  /** null for an empty (comment-only) document */
  value: unknown;
  positions?: Map<string, number>;
}

/**
 * Read one document chunk. Returns undefined when the chunk is outside the subset (the caller
 * then uses the full reader for the whole file).
 */
export function parseYamlDocument(chunk: YamlChunk, record = false): FastDocument | undefined {
  try {
    const r = new Reader(chunk.text, chunk.start, record);
    if (r.empty) return { value: null, positions: r.positions };
    const value = r.document();
    return { value, positions: r.positions };
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}

/** Whether a file's text is one the fast reader may try at all (the rest goes to load.ts). */
export function fastReadable(text: string): boolean {
  if (text.length === 0) return true;
  if (text.charCodeAt(0) === 0xfeff) return false;
  if (text.includes('\t') || text.includes('\r')) return false;
  // JSON streams, directives and document-end markers
  if (/^\s*\{/.test(text.slice(0, 64))) return false;
  if (/^(%|\.\.\.)/m.test(text)) return false;
  return true;
}
