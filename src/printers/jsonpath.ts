/**
 * kubectl's JSONPath template language (`-o jsonpath=…`, `-o jsonpath-as-json=…`, and the
 * expressions of `-o custom-columns`), written from the behaviour of client-go's
 * util/jsonpath: a template is literal text with `{…}` actions; an action is a chain of
 * field (`.a`, `['a']`), index/slice (`[0]`, `[-1]`, `[1:3]`, `[*]`), filter (`[?(@.x=="v")]`),
 * recursive descent (`..`), wildcard (`.*`), union (`[0,2]`, `['a','b']`), string literals
 * (`{"\n"}`), `@`/`$`, and `{range …}…{end}` loops.
 *
 * Values follow the shapes kubectl's unstructured objects have: maps, slices, strings, int64
 * (every integral JSON number), float64, bools and nil. Go's randomised map iteration (for `.*`
 * and `..`) is replaced by sorted keys so output is reproducible.
 */
import { KubesimError } from '../errors.js';
import { goJsonString } from './go-json.js';

// ---------------------------------------------------------------------------------------------
// Nodes

interface ParamsEntry {
  value: number;
  known: boolean;
  derived: boolean;
}

type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; op: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };

type ListNode = { type: 'list'; nodes: Node[] };

/** A parsed template. */
export interface JsonPath {
  readonly template: string;
  readonly root: ListNode;
}

// ---------------------------------------------------------------------------------------------
// Parser

class SyntaxError_ extends Error {}

const EOF = -1;

const isDigit = (r: number): boolean => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isLetter = (r: number): boolean => r >= 0 && /\p{L}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean => r === 0x5f || isLetter(r) || isDigit(r);
const isEndOfLine = (r: number): boolean => r === 0x0d || r === 0x0a;
const isSpace = (r: number): boolean => r === 0x20 || r === 0x09;

function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(String.fromCodePoint(r));
}

/** Go's %#U: `U+0023 '#'`. */
function goRuneU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${String.fromCodePoint(r)}'`;
}

class Parser {
  readonly root: ListNode = { type: 'list', nodes: [] };
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  parse(): ListNode {
    this.parseText();
    return this.root;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  /** Literal text up to the next `{`, then the action; repeated to the end of the input. */
  private parseText(): void {
    for (;;) {
      const brace = this.input.indexOf('{', this.pos);
      if (brace < 0) {
        this.pos = this.input.length;
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
        return;
      }
      this.pos = brace;
      if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
      this.pos += 1;
      this.consumeText();
      const action: ListNode = { type: 'list', nodes: [] };
      this.root.nodes.push(action);
      this.parseInsideAction(action);
    }
  }

  /** Nodes of one action, up to and including its `}`. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new SyntaxError_('unclosed action');
      if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) {
        this.consumeText();
      } else if (r === 0x5b /* [ */) {
        this.parseArray(cur);
      } else if (r === 0x22 || r === 0x27) {
        this.parseQuote(cur, r);
      } else if (r === 0x2e /* . */) {
        this.parseField(cur);
      } else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        throw new SyntaxError_(`unrecognized character in action: ${goRuneU(r)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new SyntaxError_('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === 0x2b || first === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?[0-9]+$/.test(value)) {
      cur.nodes.push({ type: 'int', value: parseInt(value, 10) });
    } else if (/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: parseFloat(value) });
    } else {
      throw new SyntaxError_(`cannot parse number ${value}`);
    }
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new SyntaxError_('unterminated array');
      if (r === 0x5d /* ] */) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      const union: ListNode[] = parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return;
    }

    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      for (const n of parseAction(`.${dict[1]}`).nodes) cur.nodes.push(n);
      return;
    }

    const m = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
    if (!m) throw new SyntaxError_(`invalid array index ${text}`);
    const groups = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let g = groups[i];
      if (g !== '') {
        if (i > 0) g = g.slice(1);
        if (i > 0 && g === '') {
          params[i].known = false;
        } else {
          if (!/^-?[0-9]+$/.test(g)) throw new SyntaxError_(`array index ${g} is not a number`);
          params[i].known = true;
          params[i].value = parseInt(g, 10);
        }
      } else if (i === 1) {
        params[i].known = true;
        params[i].value = params[0].value + 1;
        params[i].derived = true;
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new SyntaxError_('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 /* ) */) {
        if (begin === end) break;
      }
    }
    if (this.next() !== 0x5d) throw new SyntaxError_('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, op: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
    }
  }

  private parseQuote(cur: ListNode, quote: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new SyntaxError_('unterminated quoted string');
      if (r === quote && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new SyntaxError_(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === 0x5c /* \ */) {
        this.next();
      } else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replace(/\\/g, '') });
  }
}

/** Parse `{text}` and return its one action (client-go's parseAction). */
function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as ListNode;
}

/** A quoted string with Go escapes; single quotes allowed too. undefined = invalid syntax. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  let body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  while (body.length > 0) {
    const c = body[0];
    if (c === quote) return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(0)!;
      const ch = String.fromCodePoint(cp);
      out += ch;
      body = body.slice(ch.length);
      continue;
    }
    if (body.length < 2) return undefined;
    const e = body[1];
    body = body.slice(2);
    if (e in simple) {
      out += simple[e];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(0, n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const v = parseInt(hex, 16);
      body = body.slice(n);
      if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
      out += String.fromCodePoint(v);
    } else if (e >= '0' && e <= '7') {
      const oct = e + body.slice(0, 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      body = body.slice(2);
      out += String.fromCharCode(v);
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Parse a template; syntax errors carry client-go's bare message (`unclosed action`). */
export function compileJsonPath(template: string): JsonPath {
  try {
    return { template, root: new Parser(template).parse() };
  } catch (e) {
    if (e instanceof SyntaxError_) throw new KubesimError(e.message);
    throw e;
  }
}

/**
 * Parse a `-o jsonpath` template. A syntax error is kubectl's
 * `error parsing jsonpath <template>, <reason>`.
 */
export function parseJsonPath(template: string): JsonPath {
  try {
    return compileJsonPath(template);
  } catch (e) {
    if (e instanceof KubesimError) throw new KubesimError(`error parsing jsonpath ${template}, ${e.message}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Values with Go's kinds

/** A float literal from the template (`1.0` is a float64 there, not an int). */
class GoFloat {
  constructor(readonly v: number) {}
}
/** A byte of a string reached through `[*]`/`..` (uint8). */
class GoByte {
  constructor(readonly v: number) {}
}
/** A literal int from the template (Go `int`, as opposed to the data's int64). */
class GoInt {
  constructor(readonly v: number) {}
}
/** Go's invalid reflect.Value: what `{range}` hands its body for a nil item or no items. */
const INVALID: unique symbol = Symbol('invalid');

type Value = unknown;

type Kind = 'map' | 'slice' | 'string' | 'int' | 'uint' | 'float' | 'bool' | 'nil' | 'invalid';

function kindOf(v: Value): Kind {
  if (v === INVALID || v === undefined) return 'invalid';
  if (v === null) return 'nil';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoByte) return 'uint';
  if (v instanceof GoInt) return 'int';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'object':
      return 'map';
    default:
      return 'invalid';
  }
}

/** Go's name of a value's type. */
function goTypeName(v: Value): string {
  if (v instanceof GoInt) return 'int';
  switch (kindOf(v)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'string':
      return 'string';
    case 'int':
      return 'int64';
    case 'uint':
      return 'uint8';
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    default:
      return 'interface {}';
  }
}

function numberOf(v: Value): number {
  if (v instanceof GoFloat || v instanceof GoByte || v instanceof GoInt) return v.v;
  return v as number;
}

/**
 * Go's %v of a float64: strconv 'g' with the shortest digits, which switches to an exponent
 * (at least two digits) when the decimal exponent is < -4 or >= 6: `1.5`, `123456`, `1e+06`.
 */
export function goFloatV(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expText] = x.toExponential().split('e');
  const exp = parseInt(expText, 10);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  return String(x);
}

function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's fmt %v (fmt.Sprint) of a value: maps as `map[k:v]`, slices as `[a b]`, nil as `<nil>`. */
export function goSprint(v: Value): string {
  switch (kindOf(v)) {
    case 'invalid':
      return '<invalid reflect.Value>';
    case 'nil':
      return '<nil>';
    case 'string':
      return v as string;
    case 'int':
    case 'uint':
      return String(numberOf(v));
    case 'float':
      return goFloatV(numberOf(v));
    case 'bool':
      return String(v);
    case 'slice':
      return '[' + (v as unknown[]).map(goSprint).join(' ') + ']';
    case 'map': {
      const m = v as Record<string, unknown>;
      return 'map[' + sortedKeys(m).map((k) => `${k}:${goSprint(m[k])}`).join(' ') + ']';
    }
  }
}

/** Go's strconv.Quote (also %q). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x80 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch) || ch === ' ') out += ch;
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/**
 * Go's %#v of an unstructured value, for the debugging block of a failed template:
 * `map[string]interface {}{"apiVersion":"v1", "spec":map[string]interface {}{…}}`.
 * Not byte-exact for every value (e.g. floats needing an exponent, unusual runes); kubectl's
 * dump of a typed object also differs from this unstructured form.
 */
export function goSharpV(v: Value): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'interface {}(nil)';
    case 'string':
      return goQuote(v as string);
    case 'int':
    case 'uint':
      return String(numberOf(v));
    case 'float':
      return goFloatV(numberOf(v));
    case 'bool':
      return String(v);
    case 'slice':
      return '[]interface {}{' + (v as unknown[]).map(goSharpV).join(', ') + '}';
    case 'map': {
      const m = v as Record<string, unknown>;
      return 'map[string]interface {}{' + sortedKeys(m).map((k) => `${goQuote(k)}:${goSharpV(m[k])}`).join(', ') + '}';
    }
  }
}

/** Go's json.Marshal (indent = '') or json.MarshalIndent(v, "", indent). Map keys sorted. */
export function goJson(v: Value, indent = '', level = 0): string {
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const close = indent ? '\n' + indent.repeat(level) : '';
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'null';
    case 'string':
      return goJsonString(v as string);
    case 'int':
    case 'uint':
    case 'float':
      return String(numberOf(v));
    case 'bool':
      return String(v);
    case 'slice': {
      const a = v as unknown[];
      if (a.length === 0) return '[]';
      return '[' + a.map((x) => nl + goJson(x, indent, level + 1)).join(',') + close + ']';
    }
    case 'map': {
      const m = v as Record<string, unknown>;
      const keys = sortedKeys(m);
      if (keys.length === 0) return '{}';
      const sep = indent ? ': ' : ':';
      return '{' + keys.map((k) => nl + goJsonString(k) + sep + goJson(m[k], indent, level + 1)).join(',') + close + '}';
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

class EvalError extends Error {}

function compareKind(v: Value): Kind {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice' || k === 'nil' || k === 'invalid') throw new EvalError('invalid type for comparison');
  return k;
}

function goLess(a: Value, b: Value): boolean {
  const ka = compareKind(a);
  const kb = compareKind(b);
  if (ka !== kb) throw new EvalError('incompatible types for comparison');
  switch (ka) {
    case 'bool':
      throw new EvalError('invalid type for comparison');
    case 'string':
      return (a as string) < (b as string);
    default:
      return numberOf(a) < numberOf(b);
  }
}

function goEqual(a: Value, b: Value): boolean {
  const ka = compareKind(a);
  const kb = compareKind(b);
  if (ka !== kb) throw new EvalError('incompatible types for comparison');
  switch (ka) {
    case 'bool':
    case 'string':
      return a === b;
    default:
      return numberOf(a) === numberOf(b);
  }
}

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;

  constructor(private readonly allowMissingKeys: boolean) {}

  /** One result list per top-level node (text or action), with range bodies expanded. */
  findResults(nodes: Node[], data: Value): Value[][] {
    const cur: Value[] = [data];
    const full: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) {
          for (const v of results) full.push(...this.findResults(body, v === null ? INVALID : v));
        } else {
          // The body still runs (its output dropped) so that its {end} is found.
          this.findResults(body, INVALID);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: Value[], node: Node): Value[] {
    switch (node.type) {
      case 'list': {
        let cur = input;
        for (const n of node.nodes) cur = this.walk(cur, n);
        return cur;
      }
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => new GoInt(node.value));
      case 'float':
        return input.map(() => new GoFloat(node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return this.evalWildcard(input);
      case 'recursive':
        return this.evalRecursive(input);
      case 'union': {
        const out: Value[] = [];
        for (const l of node.nodes) out.push(...this.walk(input, l));
        return out;
      }
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    switch (name) {
      case 'range':
        this.beginRange++;
        return input;
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return [];
        }
        throw new EvalError('not in range, nothing to end');
      default:
        throw new EvalError(`unrecognized identifier ${name}`);
    }
  }

  private evalField(input: Value[], name: string): Value[] {
    if (input.length === 0) return [];
    const results: Value[] = [];
    for (const v of input) {
      if (kindOf(v) !== 'map') continue;
      const m = v as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(m, name) && m[name] !== undefined) results.push(m[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new EvalError(`${name} is not found`);
    return results;
  }

  private evalArray(input: Value[], node: [ParamsEntry, ParamsEntry, ParamsEntry]): Value[] {
    const result: Value[] = [];
    for (const v of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) throw new EvalError(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      const p = node.map((x) => ({ ...x }));
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      if (p[1].value === p[0].value) return result;
      if (p[0].value >= len || p[0].value < 0) throw new EvalError(`array index out of bounds: index ${p[0].value}, length ${len}`);
      if (p[1].value > len || p[1].value < 0) throw new EvalError(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
      if (p[0].value > p[1].value) throw new EvalError(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      const slice = v.slice(p[0].value, p[1].value);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new EvalError('step must be > 0');
        step = p[2].value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalFilter(input: Value[], node: { left: ListNode; right: ListNode; op: string }): Value[] {
    const results: Value[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new EvalError(`${goSprint(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        const temp = [item];
        if (node.op === 'exists') {
          let lefts: Value[] = [];
          try {
            lefts = this.walk(temp, node.left);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const lefts = this.walk(temp, node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new EvalError('can only compare one element at a time');
        const rights = this.walk(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new EvalError('can only compare one element at a time');
        const left = lefts[0];
        const right = rights[0];
        let pass: boolean;
        switch (node.op) {
          case '<':
            pass = goLess(left, right);
            break;
          case '>':
            pass = !(goLess(left, right) || goEqual(left, right));
            break;
          case '==':
            pass = goEqual(left, right);
            break;
          case '!=':
            pass = !goEqual(left, right);
            break;
          case '<=':
            pass = goLess(left, right) || goEqual(left, right);
            break;
          case '>=':
            pass = !goLess(left, right);
            break;
          default:
            throw new EvalError(`unrecognized filter operator ${node.op}`);
        }
        if (pass) results.push(item);
      }
    }
    return results;
  }

  private children(v: Value): Value[] {
    switch (kindOf(v)) {
      case 'map': {
        const m = v as Record<string, unknown>;
        return sortedKeys(m).map((k) => m[k]);
      }
      case 'slice':
        return v as unknown[];
      case 'string':
        return [...Buffer.from(v as string, 'utf8')].map((b) => new GoByte(b));
      default:
        return [];
    }
  }

  private evalWildcard(input: Value[]): Value[] {
    const out: Value[] = [];
    for (const v of input) out.push(...this.children(v));
    return out;
  }

  private evalRecursive(input: Value[]): Value[] {
    const out: Value[] = [];
    for (const v of input) {
      const kids = this.children(v);
      if (kids.length > 0) {
        out.push(v);
        out.push(...this.evalRecursive(kids));
      }
    }
    return out;
  }
}

/** Go's text of one value in text mode: maps and slices as compact JSON, the rest via %v. */
function textOf(v: Value): string {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice') return goJson(v);
  if (k === 'invalid') return '<no value>';
  return goSprint(v);
}

/**
 * The result lists of a template over data (client-go FindResults): one list per top-level
 * text or action. Errors carry client-go's bare message.
 */
export function findJsonPathResults(jp: JsonPath, data: unknown, opts: { allowMissingKeys: boolean }): unknown[][] {
  try {
    return new Evaluator(opts.allowMissingKeys).findResults(jp.root.nodes, data);
  } catch (e) {
    if (e instanceof EvalError) throw new KubesimError(e.message);
    throw e;
  }
}

function executionError(jp: JsonPath, data: unknown, message: string): KubesimError {
  // kubectl's jsonpath printer wraps the engine error with the template and a Go %#v dump of
  // the object. The message ends with the dump and two blank lines (the CLI adds the last "\n").
  return new KubesimError(
    `error executing jsonpath ${goQuote(jp.template)}: Error executing template: ${message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${jp.template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`,
  );
}

function run(jp: JsonPath, data: unknown, opts: { allowMissingKeys: boolean }): unknown[][] {
  try {
    return new Evaluator(opts.allowMissingKeys).findResults(jp.root.nodes, data);
  } catch (e) {
    if (e instanceof EvalError) throw executionError(jp, data, e.message);
    throw e;
  }
}

/**
 * `-o jsonpath`: the template's output, no newline added. Several results of one action are
 * joined by a space; maps and slices print as compact JSON (keys sorted).
 */
export function executeJsonPath(jp: JsonPath, data: unknown, opts: { allowMissingKeys: boolean }): string {
  return run(jp, data, opts)
    .map((group) => group.map(textOf).join(' '))
    .join('');
}

/**
 * `-o jsonpath-as-json`: each result list as a JSON array indented by 4 spaces with a newline
 * (one array per top-level text or action, so a plain `{…}` template gives one array).
 */
export function executeJsonPathAsJson(jp: JsonPath, data: unknown, opts: { allowMissingKeys: boolean }): string {
  return run(jp, data, opts)
    .map((group) => goJson(group.map((v) => (v === INVALID ? null : v)), '    ') + '\n')
    .join('');
}
