/**
 * Reading manifests (`-f FILE|DIR|-`) the way kubectl v1.32's resource builder does
 * (cli-runtime pkg/resource: Builder.Path, ExpandPathsToFileVisitors, StreamVisitor, mapper;
 * apimachinery pkg/util/yaml: YAMLOrJSONDecoder, YAMLReader; sigs.k8s.io/yaml over go-yaml v2),
 * keeping the source position of every value.
 *
 * Order and partial failure (kubectl-client §5.3/5.4):
 * - A missing path fails the whole command before anything is read: only the path errors are
 *   returned (`the path "y/missing.yaml" does not exist`).
 * - Files are read in argument order; a directory yields its *.json / *.yaml / *.yml files in
 *   lexical order (subdirectories only with `recursive`, depth first as filepath.Walk does).
 * - A stream is split into documents on lines starting with `---` (the separator line itself
 *   belongs to no document; `--- x` is an error), and each document is parsed on its own, so
 *   YAML error lines count from the start of the failing document.
 * - A YAML syntax error or a `kind`/`apiVersion` validation failure ends **that file** (earlier
 *   documents stay); a decode or resource-mapping error skips only that document.
 * - `kind: List` (and `<Kind>List`) documents are flattened into their items.
 * - Empty and comment-only documents are skipped. When nothing at all is returned the caller
 *   prints `error: no objects passed to apply` (see noObjectsError()).
 *
 * Scalars resolve as go-yaml v2 (YAML 1.1) resolves them before kubectl turns them into JSON:
 * `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0777` is octal, `1_000` is 1000, timestamps stay
 * strings, duplicate keys are last-wins without error, `<<` merge keys work. Known gaps: `.inf` /
 * `.nan` stay strings (kubectl fails converting them to JSON); go-yaml error texts are mapped from
 * the yaml package's error codes (see goYamlError), which covers the common mistakes but cannot
 * reproduce every libyaml message and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Composer, CST, Parser, isAlias, isMap, isScalar, isSeq, isPair, type Document, type YAMLError } from 'yaml';
import { KubesimError, type SourcePosition } from '../errors.js';
import { goQuote } from '../apiserver/field-errors.js';
import { RESOURCES, apiVersionOf, resourceForKind } from '../api/resources.js';
import { metadataDecodeError } from './strict.js';

export interface ManifestDoc {
  /** The decoded document (a single object; List items are flattened into separate docs). */
  object: Record<string, unknown>;
  /** The path as the user gave it (a file inside a directory: dir joined with its name), or 'STDIN'. */
  source: string;
  /** Position of a JSON path inside the source; falls back to the nearest existing ancestor. */
  positionOf(path: (string | number)[]): SourcePosition | undefined;
}

export type ManifestItem = { doc: ManifestDoc } | { error: KubesimError };

export interface LoadOptions {
  recursive: boolean;
  readStdin: () => string;
  /**
   * kubectl's client-side schema check (kind and apiVersion set), on unless `--validate=false`:
   * without it a document with no kind is skipped as undecodable and the others still go.
   */
  validateSchema?: boolean;
}

/** `error: no objects passed to <verb>` — what the caller prints when loadManifests found nothing. */
export function noObjectsError(verb = 'apply'): KubesimError {
  return new KubesimError(`no objects passed to ${verb}`);
}

export function hasObjects(items: ManifestItem[]): boolean {
  return items.some((i) => 'doc' in i);
}

const FILE_EXTENSIONS = ['.json', '.yaml', '.yml'];
const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

interface Source {
  name: string;
  text: string;
  /** LoadOptions.validateSchema, carried to each document of the source. */
  validateSchema?: boolean;
}

type Path = (string | number)[];

function pathKey(p: Path): string {
  let k = '';
  for (const seg of p) k += typeof seg === 'number' ? `\u0001${seg}` : `\u0002${seg}`;
  return k;
}

/** Absolute offsets → 1-based line:col of one source text (built on first use). */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  position(offset: number): { line: number; col: number } {
    if (!this.starts) {
      const s = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) s.push(i + 1);
      this.starts = s;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }
}

/** A decoded value with its key/item offsets (absolute in the source text). */
interface RawDoc {
  value: unknown;
  positions: Map<string, number>;
}

function makePositionOf(source: string, index: LineIndex, positions: Map<string, number>, prefix: Path): ManifestDoc['positionOf'] {
  return (p) => {
    const full = [...prefix, ...p];
    for (let n = full.length; n >= 0; n--) {
      const off = positions.get(pathKey(full.slice(0, n)));
      if (off !== undefined) return { file: source, ...index.position(off) };
    }
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Paths

export function loadManifests(paths: string[], opts: LoadOptions): ManifestItem[] {
  const sources: (Source | { error: KubesimError })[] = [];
  const pathErrors: KubesimError[] = [];
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      sources.push({ name: 'STDIN', text: stdinRead ? '' : opts.readStdin() });
      stdinRead = true;
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') pathErrors.push(new KubesimError(`the path ${goQuote(p)} does not exist`, { hint: similarPathHint(p) }));
      else pathErrors.push(new KubesimError(`the path ${goQuote(p)} cannot be accessed: stat ${p}: ${errnoText(e)}`));
      continue;
    }
    if (st.isDirectory()) {
      for (const f of walkDir(p, opts.recursive)) sources.push(readSource(f));
    } else {
      sources.push(readSource(p));
    }
  }
  // Builder.Do(): path errors fail the command before any object is visited.
  if (pathErrors.length > 0) return pathErrors.map((error) => ({ error }));
  const out: ManifestItem[] = [];
  for (const src of sources) {
    if ('error' in src) out.push({ error: src.error });
    else decodeSource({ ...src, validateSchema: opts.validateSchema !== false }, out);
  }
  return out;
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}

function readSource(file: string): Source | { error: KubesimError } {
  try {
    return { name: file, text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: new KubesimError(`open ${file}: ${errnoText(e)}`) };
  }
}

/** filepath.Walk order: entries sorted by name, depth first; only known extensions. */
/** A directory's manifest files (.json/.yaml/.yml), sorted by name, depth first; subdirectories only when recursive. */
export function walkDir(root: string, recursive: boolean): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (recursive) visit(full);
        continue;
      }
      if (FILE_EXTENSIONS.includes(path.extname(full))) files.push(full);
    }
  };
  visit(root);
  return files;
}

/** Edit distance between two strings. */
export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function closest(word: string, candidates: readonly string[], maxRatio = 0.4): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const sameLetters = [...word.toLowerCase()].sort().join('') === [...best.toLowerCase()].sort().join('');
  return bestD <= Math.max(2, Math.floor(word.length * maxRatio)) || sameLetters ? best : undefined;
}

function similarPathHint(p: string): string | undefined {
  const dir = path.dirname(p);
  const base = path.basename(p);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const best = closest(base, names, 0.3);
  if (!best) return undefined;
  const suggestion = dir === '.' && !p.startsWith('./') ? best : path.join(dir, best);
  return `did you mean ${goQuote(suggestion)}?`;
}

// ---------------------------------------------------------------------------------------------
// Streams

function decodeSource(src: Source, out: ManifestItem[]): void {
  let text = src.text.replace(/\r\n/g, '\n');
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // keep columns; a BOM is not content
  const index = new LineIndex(text);
  // YAMLOrJSONDecoder: a stream whose first non-space byte is `{` is a JSON stream.
  if (/^\s*\{/.test(text.slice(0, 4096))) decodeJsonStream(src, text, index, out);
  else decodeYamlStream(src, text, index, out);
}

/** Handle one decoded document; returns false when the rest of the file must be skipped. */
function processRaw(src: Source, index: LineIndex, raw: RawDoc, out: ManifestItem[]): boolean {
  const value = raw.value;
  if (value === null || value === undefined) return true; // empty document
  const rootPos = makePositionOf(src.name, index, raw.positions, []);
  const validationError = (errs: string[], prefix: Path): KubesimError => {
    const agg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    const missing = errs.some((e) => e.endsWith('not set'));
    return new KubesimError(`error validating ${goQuote(src.name)}: error validating data: ${agg}; ${STOP_VALIDATE}`, {
      position: rootPos(prefix),
      hint: missing ? 'every document needs apiVersion and kind, e.g. `apiVersion: v1` and `kind: Service`' : undefined,
    });
  };
  const kindErrs = src.validateSchema === false && isPlainObject(value) ? [] : objectKindErrors(value);
  if (kindErrs.length > 0) {
    out.push({ error: validationError(kindErrs, []) });
    return false;
  }
  const obj = value as Record<string, unknown>;
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (Array.isArray(obj.items) && (kind === 'List' || kind.endsWith('List'))) {
    const items = obj.items as unknown[];
    if (kind === 'List' && obj.apiVersion === 'v1' && src.validateSchema !== false) {
      // Client-side schema validation of v1 List items (kind / apiVersion).
      const errs = items.flatMap((it) => objectKindErrors(it));
      if (errs.length > 0) {
        out.push({ error: validationError(errs, ['items']) });
        return false;
      }
    }
    items.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      let o = item;
      if (kind !== 'List' && (o.kind === undefined || o.apiVersion === undefined)) {
        o = { apiVersion: obj.apiVersion, kind: kind.slice(0, -'List'.length), ...o };
      }
      processObject(src, o, makePositionOf(src.name, index, raw.positions, ['items', i]), out);
    });
    return true;
  }
  processObject(src, obj, rootPos, out);
  return true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** kubectl validation getObjectKind: the errors, in its order. */
function objectKindErrors(v: unknown): string[] {
  if (!isPlainObject(v)) return ['error getting object kind: object is not a map'];
  const errs: string[] = [];
  const av = v.apiVersion;
  if (av === undefined || av === null) errs.push('apiVersion not set');
  else if (typeof av !== 'string') errs.push("apiVersion isn't string type");
  else if (av.split('/').length > 2) errs.push(`unexpected GroupVersion string: ${av}`);
  const k = v.kind;
  if (k === undefined || k === null) errs.push('kind not set');
  else if (typeof k !== 'string') errs.push("kind isn't string type");
  return errs;
}

/** The mapper step (infoForData): client-side metadata decode, then the REST mapping. */
function processObject(src: Source, obj: Record<string, unknown>, positionOf: ManifestDoc['positionOf'], out: ManifestItem[]): void {
  // Items of a List that is not a v1 List reach here unchecked: kind/apiVersion may be absent or not strings.
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  if (kind === '') {
    out.push({ error: new KubesimError(`unable to decode ${goQuote(src.name)}: Object 'Kind' is missing in '${compactJson(obj)}'`, { position: positionOf(['kind']), hint: 'every document needs a kind, e.g. `kind: Service`' }) });
    return;
  }
  const metaErr = metadataDecodeError(obj);
  if (metaErr) {
    out.push({ error: new KubesimError(`unable to decode ${goQuote(src.name)}: ${metaErr.message}`, { position: positionOf(metaErr.path) }) });
    return;
  }
  const r = resourceForKind(kind);
  if (!r || apiVersionOf(r) !== apiVersion) {
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
    let hint: string | undefined;
    if (r) hint = `${kind} is served as apiVersion ${apiVersionOf(r)}`;
    else {
      const near = closest(kind, RESOURCES.map((x) => x.kind));
      hint = near ? `did you mean kind ${goQuote(near)}?` : `kubesim serves: ${RESOURCES.map((x) => x.kind).join(', ')}`;
    }
    out.push({
      error: new KubesimError(
        `resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(ns)} from ${goQuote(src.name)}: no matches for kind ${goQuote(kind)} in version ${goQuote(apiVersion)}\nensure CRDs are installed first`,
        { position: positionOf(r ? ['apiVersion'] : ['kind']), hint },
      ),
    });
    return;
  }
  out.push({ doc: { object: obj, source: src.name, positionOf } });
}

/** Go json.Marshal of a map: compact, keys sorted. */
function compactJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${compactJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

// ---------------------------------------------------------------------------------------------
// YAML

interface Chunk {
  text: string;
  /** Offset of the chunk in the (normalized) source text. */
  start: number;
}

/** apimachinery YAMLReader: documents split on lines that start with `---`. */
function* yamlChunks(text: string): Generator<Chunk | { separatorError: string; offset: number }> {
  let bufStart = -1;
  let bufEnd = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') {
        yield { separatorError: trimmed, offset: pos };
        return;
      }
      if (bufStart >= 0) yield { text: text.slice(bufStart, bufEnd) + (text[bufEnd - 1] === '\n' ? '' : '\n'), start: bufStart };
      bufStart = -1;
    } else {
      if (bufStart < 0) bufStart = pos;
      bufEnd = end;
    }
    pos = end;
  }
  if (bufStart >= 0) yield { text: text.slice(bufStart, bufEnd) + (text[bufEnd - 1] === '\n' ? '' : '\n'), start: bufStart };
}

/** The apiserver's request body limit (maxRequestBodyBytes, 3 MiB): no object can be larger. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/**
 * Over the request limit and made of many lines: the yaml package needs ~50 bytes of memory per
 * byte of such a document (a 100 MB one: ~4 GB). Few long lines parse cheaply, and are left to
 * the later checks (a 10 MB value fails validation as on a real cluster).
 */
function tooLargeToParse(text: string): boolean {
  if (text.length <= MAX_REQUEST_BYTES) return false;
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && lines <= MANY_LINES; i = text.indexOf('\n', i + 1)) lines++;
  return lines > MANY_LINES;
}
/** Lines (YAML) or values (JSON) that make a document over the request limit costly to handle. */
const MANY_LINES = 10_000;

function requestTooLarge(src: Source, index: LineIndex, offset: number): KubesimError {
  return new KubesimError(`Error from server (RequestEntityTooLarge): error when reading ${goQuote(src.name)}: Request entity too large: limit is ${MAX_REQUEST_BYTES}`, {
    prefixed: false,
    position: { file: src.name, ...index.position(offset) },
    hint: 'an object sent to the API server can be at most 3 MiB; this document is larger',
  });
}

function decodeYamlStream(src: Source, text: string, index: LineIndex, out: ManifestItem[]): void {
  for (const chunk of yamlChunks(text)) {
    if ('separatorError' in chunk) {
      const p = index.position(chunk.offset);
      out.push({ error: new KubesimError(`error parsing ${src.name}: invalid Yaml document separator: ${chunk.separatorError}`, { position: { file: src.name, ...p } }) });
      return;
    }
    if (tooLargeToParse(chunk.text)) {
      // The API server refuses such a body before decoding it; parsing it here could take gigabytes.
      out.push({ error: requestTooLarge(src, index, chunk.start) });
      continue;
    }
    const result = parseYamlChunk(chunk);
    if ('error' in result) {
      const e = result.error;
      const where = e.goLine > 0 ? `line ${e.goLine}: ` : '';
      out.push({
        error: new KubesimError(`error parsing ${src.name}: error converting YAML to JSON: yaml: ${where}${e.message}`, {
          position: e.offset !== undefined ? { file: src.name, ...index.position(chunk.start + e.offset) } : undefined,
          hint: e.hint,
        }),
      });
      return;
    }
    if (!processRaw(src, index, result, out)) return;
  }
}

interface ChunkError {
  message: string;
  goLine: number;
  /** chunk-relative offset of the problem */
  offset?: number;
  hint?: string;
}

/** Two consecutive `"` far apart: maybe a long double-quoted scalar (a regex would overflow its stack). */
function mayHaveLongDoubleQuoted(text: string): boolean {
  for (let i = text.indexOf('"'); i >= 0; ) {
    const j = text.indexOf('"', i + 1);
    if (j < 0) return false;
    if (j - i > 65536) return true;
    i = j;
  }
  return false;
}

/**
 * parseAllDocuments, except that very long double-quoted scalars without escapes or line breaks are
 * read as the equivalent single-quoted ones: the yaml package builds a double-quoted value one
 * character at a time, which costs ~40 bytes per character (a 10 MB line: ~400 MB of memory).
 */
function parseYamlDocuments(text: string): Document[] {
  const options = { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: false } as const;
  const composer = new Composer(options);
  const tokens = [...new Parser().parse(text)];
  if (mayHaveLongDoubleQuoted(text)) {
    const toSingle = (t: CST.Token | null | undefined) => {
      if (t?.type !== 'double-quoted-scalar' || t.source.length < 65538 || /[\\\n\r]/.test(t.source)) return;
      (t as { type: string }).type = 'single-quoted-scalar';
      t.source = `'${t.source.slice(1, -1).replace(/'/g, "''")}'`;
    };
    try {
      for (const tok of tokens) {
        if (tok.type !== 'document') continue;
        toSingle(tok.value);
        CST.visit(tok, (item) => {
          toSingle(item.key);
          toSingle(item.value);
        });
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e; // too deep to walk: parse the tokens as they are
    }
  }
  return [...composer.compose(tokens)] as Document[];
}

function parseYamlChunk(chunk: Chunk): RawDoc | { error: ChunkError } {
  const docs = parseYamlDocuments(chunk.text);
  const doc = docs[0];
  if (!doc) return { value: null, positions: new Map() };
  // go-yaml reads only the first document of the chunk; its errors are what matter.
  const err = doc.errors[0];
  if (err) return { error: goYamlError(err, chunk.text) };
  const conv = new Converter(doc, chunk.start);
  try {
    const value = conv.convert(doc.contents, []);
    return { value, positions: conv.positions };
  } catch (e) {
    if (e instanceof ConvertError) return { error: { message: e.message, goLine: 0, offset: e.offset, hint: e.hint } };
    throw e;
  }
}

class ConvertError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

// go-yaml v2 decoder limits (decode.go allowedAliasRatio).
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400000) return 0.99;
  if (decodeCount >= 4000000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400000) / 3600000);
}

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt(s, 0, 64) / ParseUint: Go's base-prefix integer syntax. */
function goParseInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = Number(body);
  if (n > 18446744073709551615) return undefined;
  return m[1] === '-' ? -n : n;
}

/** go-yaml v2 resolve() of a plain scalar (YAML 1.1 flavoured). */
export function resolvePlainScalar(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (BOOL_TRUE.has(s)) return true;
  if (BOOL_FALSE.has(s)) return false;
  if (/^[-+.0-9]/.test(s)) {
    const plain = s.replace(/_/g, '');
    const i = goParseInt(plain);
    if (i !== undefined) return i;
    if (YAML_FLOAT.test(plain)) return Number(plain);
    if (/^-?0b[01]+$/.test(plain)) return parseInt(plain.replace('0b', ''), 2);
  }
  return s;
}

type YNode = unknown;

class Converter {
  readonly positions = new Map<string, number>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<unknown>();

  constructor(
    private readonly doc: Document,
    private readonly base: number,
  ) {}

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new ConvertError('document contains excessive aliasing', undefined, 'the document expands YAML aliases (*name) exponentially (an "alias bomb")');
    }
  }

  private record(path: Path | null, node: YNode): void {
    if (!path || !node) return;
    const range = (node as { range?: [number, number, number] }).range;
    if (range) this.positions.set(pathKey(path), this.base + range[0]);
  }

  /** @param path the JSON path of this node, or null inside an alias expansion (not recorded) */
  convert(node: YNode, path: Path | null): unknown {
    if (node === null || node === undefined) return null;
    this.count();
    if (path && path.length === 0) this.record(path, node);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      const offset = node.range ? this.base + node.range[0] : undefined;
      if (!target) throw new ConvertError(`unknown anchor '${node.source}' referenced`, offset);
      if (this.expanding.has(node)) throw new ConvertError(`anchor '${node.source}' value contains itself`, offset);
      this.expanding.add(node);
      this.aliasDepth++;
      try {
        return this.convert(target, null);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(node);
      }
    }
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) {
      const arr: unknown[] = [];
      node.items.forEach((item, i) => {
        const p = path ? [...path, i] : null;
        this.record(p, item);
        arr.push(this.convert(item, p));
      });
      return arr;
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key;
        if (isScalar(keyNode) && keyNode.type === 'PLAIN' && !keyNode.tag && keyNode.value === '<<') {
          this.merge(pair.value, obj);
          continue;
        }
        const key = this.keyString(keyNode);
        const p = path ? [...path, key] : null;
        this.record(p, keyNode);
        setKey(obj, key, this.convert(pair.value, p));
      }
      return obj;
    }
    return null;
  }

  private merge(valueNode: YNode, into: Record<string, unknown>): void {
    const wantMap = () => new ConvertError('map merge requires map or sequence of maps as the value');
    const one = (n: YNode) => {
      const v = this.convert(n, null);
      if (!isPlainObject(v)) throw wantMap();
      for (const [k, val] of Object.entries(v)) setKey(into, k, val);
    };
    if (isSeq(valueNode)) {
      for (let i = valueNode.items.length - 1; i >= 0; i--) one(valueNode.items[i]);
    } else one(valueNode);
  }

  private keyString(keyNode: YNode): string {
    const k = this.convert(keyNode, null);
    if (k === null) return 'null';
    if (typeof k === 'object') {
      const off = (keyNode as { range?: number[] }).range?.[0];
      throw new ConvertError(`invalid map key: ${JSON.stringify(k)}`, off === undefined ? undefined : this.base + off);
    }
    return String(k);
  }

  private scalar(node: { value: unknown; type?: string | undefined; tag?: string | undefined }): unknown {
    const s = String(node.value ?? '');
    const tag = node.tag;
    if (tag) {
      const t = tag.replace(/^tag:yaml\.org,2002:/, '!!');
      if (t === '!!str') return s;
      if (t === '!!binary') return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8');
      if (t === '!!int' || t === '!!float' || t === '!!bool' || t === '!!null') return resolvePlainScalar(s);
      if (node.type !== 'PLAIN') return s;
      return resolvePlainScalar(s);
    }
    if (node.type !== 'PLAIN') return s;
    return resolvePlainScalar(s);
  }
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

// --- go-yaml v2 error texts ---------------------------------------------------------------------

const isBlankLine = (l: string) => /^\s*(#.*)?$/.test(l);
const indentOf = (l: string) => /^ */.exec(l)![0].length;

/** After unrolling to column `col`, is the innermost open collection a block mapping or sequence? */
function enclosingCollection(lines: string[], lineIdx: number, col: number): 'map' | 'seq' {
  for (let i = lineIdx - 1; i >= 0; i--) {
    const l = lines[i];
    if (isBlankLine(l)) continue;
    const c = indentOf(l);
    if (c >= col) continue;
    if (l[c] !== '-' || (l[c + 1] !== ' ' && l[c + 1] !== undefined)) return 'map';
    // `- key: v` opens a sequence at c and a mapping at the content's column.
    let p = c;
    while (l[p] === '-' && (l[p + 1] === ' ' || l[p + 1] === undefined)) {
      p++;
      while (l[p] === ' ') p++;
    }
    if (p < col && /^[^#\s][^:]*:(\s|$)/.test(l.slice(p))) return 'map';
    // Indentless sequence: its entries sit at the column of their parent mapping's keys.
    for (let j = i - 1; j >= 0; j--) {
      const lj = lines[j];
      if (isBlankLine(lj)) continue;
      const cj = indentOf(lj);
      if (cj > c) continue;
      if (cj === c && lj[cj] === '-') continue;
      return cj === c ? 'map' : 'seq';
    }
    return 'seq';
  }
  return 'map';
}

function nextContentLine(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlankLine(lines[i])) return i;
  return lines.length;
}

/**
 * Map an error of the yaml package to the message and line go-yaml v2 would print. go-yaml
 * reports scanner errors at the 1-based line of the scanner's position and parser errors at
 * the 0-based line of the offending token (`line N` with N one less than the line), omitting
 * `line 0: ` altogether.
 */
function goYamlError(err: YAMLError, text: string): ChunkError {
  const lines = text.split('\n');
  const off = err.pos[0];
  const lineIdx = text.slice(0, off).split('\n').length - 1;
  const col = off - (text.lastIndexOf('\n', off - 1) + 1);
  const hint = `YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
  const lineText = lines[lineIdx] ?? '';
  const parser = (message: string, idx = lineIdx, at = off): ChunkError => ({ message, goLine: idx, offset: at, hint });
  const scanner = (message: string, idx = lineIdx, at = off): ChunkError => ({ message, goLine: idx + 1, offset: at, hint });
  const badIndent = (): ChunkError => {
    // the offending token starts at the first non-space of its line
    const tokenCol = lineText[col] === ' ' ? indentOf(lineText) : col;
    const at = off - col + tokenCol;
    return parser(enclosingCollection(lines, lineIdx, tokenCol) === 'seq' ? "did not find expected '-' indicator" : 'did not find expected key', lineIdx, at);
  };
  /** Where go-yaml meets the `:` of a key that is not a valid simple key. */
  const colonAfter = (from: number, otherLine: boolean): number => {
    const re = /:(?=[ \t\n]|$)/g;
    re.lastIndex = from;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!otherLine || text.lastIndexOf('\n', m.index) >= from) return m.index;
    }
    return -1;
  };
  const lineOfOffset = (o: number) => text.slice(0, o).split('\n').length - 1;

  switch (err.code) {
    case 'TAB_AS_INDENT': {
      let prev = lineIdx - 1;
      while (prev >= 0 && isBlankLine(lines[prev])) prev--;
      const inPlain = prev >= 0 && /(:\s+|^\s*-\s+)[^\s#|>&*!'"[{][^#]*$/.test(lines[prev]);
      return scanner(inPlain ? 'found a tab character that violate indentation' : 'found character that cannot start any token');
    }
    case 'BAD_INDENT':
      if (/Flow sequence/.test(err.message)) return parser("did not find expected ',' or ']'");
      if (/Flow mapping/.test(err.message)) return parser("did not find expected ',' or '}'");
      return badIndent();
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind/.test(err.message) || lineText.trimStart().startsWith('- ')) return badIndent();
      return parser('did not find expected node content');
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'KEY_OVER_1024_CHARS': {
      if (lineText[col] === '-' && (lineText[col + 1] === ' ' || lineText[col + 1] === undefined)) return badIndent();
      const colon = colonAfter(off, err.code === 'MULTILINE_IMPLICIT_KEY');
      const at = colon < 0 ? text.length : colon;
      const idx = colon < 0 ? lines.length - 1 : lineOfOffset(colon);
      // A key at the column of its sibling keys is "required": go-yaml then misses its ':'.
      let required = false;
      if (err.code === 'MULTILINE_IMPLICIT_KEY') {
        for (let i = lineIdx - 1; i >= 0; i--) {
          if (isBlankLine(lines[i])) continue;
          const c = indentOf(lines[i]);
          if (c > col) continue;
          required = c === col;
          break;
        }
        if (lineIdx === 0 && col === 0) required = false;
      }
      return scanner(required ? "could not find expected ':'" : 'mapping values are not allowed in this context', idx, at);
    }
    case 'MISSING_CHAR': {
      if (/quote/.test(err.message)) return scanner('found unexpected end of stream', lines.length - 1, text.length);
      if (/Sequence item without/.test(err.message)) return badIndent();
      if (/map values/.test(err.message)) {
        const next = nextContentLine(lines, lineIdx + 1);
        return scanner("could not find expected ':'", Math.min(next, lines.length - 1));
      }
      if (/flow sequence/i.test(err.message) || /\]/.test(err.message)) return parser("did not find expected ',' or ']'");
      if (/flow map/i.test(err.message) || /\}/.test(err.message)) return parser("did not find expected ',' or '}'");
      return parser('did not find expected node content');
    }
    case 'BAD_SCALAR_START':
      return scanner('found character that cannot start any token');
    case 'BAD_DQ_ESCAPE':
      return scanner('found unknown escape character');
    case 'BLOCK_IN_FLOW':
      return parser("did not find expected ',' or ']'");
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
      return parser('did not find expected node content');
    default:
      return parser('did not find expected node content');
  }
}

// ---------------------------------------------------------------------------------------------
// JSON streams (Go encoding/json Decoder)

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}
class JsonEOF extends Error {}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const q = goQuote(c);
  return `'${q.slice(1, -1)}'`;
}

/** encoding/json's scanner limit (maxNestingDepth): deeper input is a syntax error, not a crash. */
const MAX_JSON_DEPTH = 10000;
/** Positions are kept this deep; deeper values report their nearest recorded ancestor. */
const MAX_POSITION_DEPTH = 64;

class JsonParser {
  pos = 0;
  positions = new Map<string, number>();
  /** Values parsed so far (the size of a document in nodes, for the request limit). */
  values = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos++;
  }
  private fail(context: string): never {
    if (this.pos >= this.text.length) throw new JsonEOF();
    throw new JsonSyntax(`invalid character ${quoteChar(this.text[this.pos])} ${context}`, this.pos);
  }

  /** Whether another value follows (after whitespace). */
  more(): boolean {
    this.ws();
    return this.pos < this.text.length;
  }

  /** @param path the JSON path of this value, or null below MAX_POSITION_DEPTH (not recorded) */
  value(path: Path | null): unknown {
    this.ws();
    const c = this.text[this.pos];
    if (c === undefined) throw new JsonEOF();
    this.values++;
    if (path) this.positions.set(pathKey(path), this.pos);
    if (c === '{' || c === '[') {
      if (this.depth >= MAX_JSON_DEPTH) this.fail('exceeded max depth');
      this.depth++;
      try {
        return c === '{' ? this.object(path) : this.array(path);
      } finally {
        this.depth--;
      }
    }
    return this.scalar(c);
  }

  private child(path: Path | null, seg: string | number): Path | null {
    return path && path.length < MAX_POSITION_DEPTH ? [...path, seg] : null;
  }

  private object(path: Path | null): Record<string, unknown> {
    {
      this.pos++;
      const obj: Record<string, unknown> = {};
      this.ws();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return obj;
      }
      for (;;) {
        this.ws();
        if (this.text[this.pos] !== '"') this.fail('looking for beginning of object key string');
        const keyAt = this.pos;
        const key = this.string();
        const p = this.child(path, key);
        if (p) this.positions.set(pathKey(p), keyAt);
        this.ws();
        if (this.text[this.pos] !== ':') this.fail('after object key');
        this.pos++;
        setKey(obj, key, this.value(p));
        if (p) this.positions.set(pathKey(p), keyAt);
        this.ws();
        const d = this.text[this.pos];
        if (d === ',') {
          this.pos++;
          continue;
        }
        if (d === '}') {
          this.pos++;
          return obj;
        }
        this.fail('after object key:value pair');
      }
    }
  }

  private array(path: Path | null): unknown[] {
    {
      this.pos++;
      const arr: unknown[] = [];
      this.ws();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return arr;
      }
      for (;;) {
        arr.push(this.value(this.child(path, arr.length)));
        this.ws();
        const d = this.text[this.pos];
        if (d === ',') {
          this.pos++;
          continue;
        }
        if (d === ']') {
          this.pos++;
          return arr;
        }
        this.fail('after array element');
      }
    }
  }

  private scalar(c: string): unknown {
    if (c === '"') return this.string();
    for (const [lit, val] of [['true', true], ['false', false], ['null', null]] as const) {
      if (c === lit[0]) {
        for (let i = 1; i < lit.length; i++) {
          this.pos++;
          if (this.text[this.pos] !== lit[i]) this.fail(`in literal ${lit} (expecting ${quoteChar(lit[i])})`);
        }
        this.pos++;
        return val;
      }
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    this.fail('looking for beginning of value');
  }

  private number(): number {
    const start = this.pos;
    const t = this.text;
    const digit = () => t[this.pos] >= '0' && t[this.pos] <= '9';
    if (t[this.pos] === '-') {
      this.pos++;
      if (!digit()) this.fail('in numeric literal');
    }
    if (t[this.pos] === '0') this.pos++;
    else while (digit()) this.pos++;
    if (t[this.pos] === '.') {
      this.pos++;
      if (!digit()) this.fail('after decimal point in numeric literal');
      while (digit()) this.pos++;
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (!digit()) this.fail('in exponent of numeric literal');
      while (digit()) this.pos++;
    }
    return Number(t.slice(start, this.pos));
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) throw new JsonEOF();
      if (c === '"') break;
      if (c === '\\') {
        const e = t[this.pos + 1];
        if (e === undefined) throw new JsonEOF();
        if (e === 'u') {
          for (let i = 2; i < 6; i++) {
            const h = t[this.pos + i];
            if (h === undefined) throw new JsonEOF();
            if (!/[0-9a-fA-F]/.test(h)) {
              this.pos += i;
              this.fail('in \\u hexadecimal character escape');
            }
          }
          this.pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          this.pos++;
          this.fail('in string escape code');
        }
        this.pos += 2;
        continue;
      }
      if (c < ' ') this.fail('in string literal');
      this.pos++;
    }
    this.pos++;
    return JSON.parse(t.slice(start, this.pos)) as string;
  }
}

function decodeJsonStream(src: Source, text: string, index: LineIndex, out: ManifestItem[]): void {
  const p = new JsonParser(text);
  let valueStart = 0;
  while (p.more()) {
    try {
      p.positions = new Map();
      p.values = 0;
      const value = p.value([]);
      const raw: RawDoc = { value, positions: p.positions };
      const start = valueStart;
      valueStart = p.pos;
      if (p.pos - start > MAX_REQUEST_BYTES && p.values > MANY_LINES) {
        // As for YAML (tooLargeToParse): what follows costs ~50 bytes per byte of such a document.
        out.push({ error: requestTooLarge(src, index, start) });
        continue;
      }
      if (!processRaw(src, index, raw, out)) return;
    } catch (e) {
      if (e instanceof JsonSyntax) {
        const offset = Buffer.byteLength(text.slice(valueStart, e.at)) + 1;
        out.push({ error: new KubesimError(`error parsing ${src.name}: json: offset ${offset}: ${e.message}`, { position: { file: src.name, ...index.position(e.at) } }) });
        return;
      }
      if (e instanceof JsonEOF) {
        out.push({ error: new KubesimError(`error parsing ${src.name}: unexpected EOF`, { position: { file: src.name, ...index.position(text.length) } }) });
        return;
      }
      if (e instanceof RangeError) {
        // The engine's stack ends before encoding/json's depth limit: report it as that limit.
        const offset = Buffer.byteLength(text.slice(valueStart, p.pos)) + 1;
        out.push({ error: new KubesimError(`error parsing ${src.name}: json: offset ${offset}: invalid character ${quoteChar(text[p.pos] ?? '{')} exceeded max depth`, { position: { file: src.name, ...index.position(p.pos) } }) });
        return;
      }
      throw e;
    }
  }
}
