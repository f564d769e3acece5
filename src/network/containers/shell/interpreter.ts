/**
 * The simulated shell (`sh`, `ash`, `dash`, `bash`): runs a parsed script inside a Box. Commands
 * are looked up as functions, shell builtins, then the image's executables. Error messages
 * follow the flavour of /bin/sh in the image (BusyBox ash, dash, bash).
 */
import { parseScript, ShellSyntaxError, type Node, type Redirect } from './parser.js';
import { contextFor, VirtualFs, type Box, type Chunk, type RunResult, type ShellFlavor } from '../box.js';
import type { TraceHop } from '../../contracts.js';
import { keyTable } from '../../../key-table.js';

/** Where one file descriptor's output goes. */
interface Writer {
  write(text: string): void;
}

interface Io {
  stdin: string;
  out: Writer;
  err: Writer;
}

class ExitSignal {
  constructor(readonly code: number) {}
}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}

/**
 * Work that a real shell would do without end — an endless loop, runaway recursion, a string that
 * doubles forever — must not hang or crash kubesim (an exec holds the state lock). Every command a
 * script runs counts against one budget per box (nested `sh -c` included); past it, or when the
 * JavaScript engine runs out of stack or string space, the whole exec stops with the exit code the
 * real container would most likely show (killed 137, segmentation fault 139) and a hint.
 */
const STEP_BUDGET = 1_000_000;
class ShellLimit {
  constructor(
    readonly code: number,
    readonly hint: string,
  ) {}
}
const stepsTaken = new WeakMap<Box, number>();
const stopped = new WeakMap<Box, ShellLimit>();

function limitFor(e: unknown): ShellLimit | undefined {
  if (e instanceof ShellLimit) return e;
  if (!(e instanceof RangeError)) return undefined;
  if (/call stack/i.test(e.message)) return new ShellLimit(139, 'the script recursed without end; a real shell crashes with a segmentation fault (exit code 139) — kubesim stopped it');
  return new ShellLimit(137, `the script ran out of memory (${e.message}); a real container would be OOM-killed (exit code 137) — kubesim stopped it`);
}

const collector = (fd: 1 | 2, chunks: Chunk[]): Writer => ({ write: (t) => void (t && chunks.push({ fd, text: t })) });
const nullWriter: Writer = { write: () => undefined };

export interface ShellInvocation {
  flavor: ShellFlavor;
  /** $0 (the name the shell was started as, or the name given after `-c script`). */
  arg0: string;
  positional: string[];
  env: Map<string, string>;
}

export class Shell {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  private readonly functions = new Map<string, Node>();
  positional: string[];
  arg0: string;
  status = 0;
  /** Exit status of the last command substitution in the current simple command. */
  private substStatus: number | undefined;
  private lineno = 1;
  private errexit = false;
  private xtrace = false;
  cwd = '/';

  constructor(
    readonly box: Box,
    readonly flavor: ShellFlavor,
    inv: ShellInvocation,
    readonly trace: TraceHop[],
  ) {
    this.arg0 = inv.arg0;
    this.positional = inv.positional;
    for (const [k, v] of inv.env) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (!this.vars.has('PWD')) this.vars.set('PWD', '/');
    this.cwd = this.vars.get('PWD') || '/';
    if (!this.vars.has('IFS')) this.vars.set('IFS', ' \t\n');
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  /** `sh: x: not found` (ash), `sh: 1: x: not found` (dash), `bash: line 1: x: command not found` (bash). */
  private prefix(): string {
    if (this.flavor === 'dash') return `${this.arg0}: ${this.lineno}: `;
    if (this.flavor === 'bash') return `${this.arg0}: line ${this.lineno}: `;
    return `${this.arg0}: `;
  }

  error(text: string): string {
    return `${this.prefix()}${text}\n`;
  }

  notFound(name: string): string {
    if (name.includes('/')) return this.flavor === 'bash' ? this.error(`${name}: No such file or directory`) : this.error(`${name}: not found`);
    return this.flavor === 'bash' ? this.error(`${name}: command not found`) : this.error(`${name}: not found`);
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /** Run a whole script; returns the chunks written and the exit status. */
  runScript(src: string, stdin: string): RunResult {
    const chunks: Chunk[] = [];
    const io: Io = { stdin, out: collector(1, chunks), err: collector(2, chunks) };
    let code: number;
    try {
      const tree = parseScript(src);
      code = this.exec(tree, io);
    } catch (e) {
      code = this.catchTop(e, io);
    }
    return finish(chunks, code);
  }

  private catchTop(e: unknown, io: Io): number {
    if (e instanceof ExitSignal) return e.code;
    const limit = limitFor(e);
    if (limit) {
      // Stop the whole exec, outer shells included: each of them meets the limit on its next step.
      if (!stopped.has(this.box)) {
        stopped.set(this.box, limit);
        this.box.hints.push(limit.hint);
      }
      return limit.code;
    }
    if (e instanceof ReturnSignal) return e.code;
    if (e instanceof LoopSignal) return this.status;
    if (e instanceof ShellSyntaxError) {
      this.lineno = e.line || this.lineno;
      io.err.write(this.syntaxMessage(e));
      return 2;
    }
    throw e;
  }

  private syntaxMessage(e: ShellSyntaxError): string {
    if (this.flavor === 'bash') {
      if (e.message === 'unexpected end of file') return this.error('syntax error: unexpected end of file');
      if (e.message.startsWith('unterminated')) return this.error(`unexpected EOF while looking for matching \`${e.near}'`);
      return this.error(e.message) + `${this.arg0}: line ${this.lineno}: \`${e.near}'\n`;
    }
    if (e.message === 'unexpected end of file') return this.error('Syntax error: end of file unexpected');
    if (e.message.startsWith('unterminated')) return this.error('Syntax error: Unterminated quoted string');
    return this.error(`Syntax error: "${e.near}" unexpected`);
  }

  exec(node: Node, io: Io): number {
    const halt = stopped.get(this.box);
    if (halt) throw halt;
    const steps = (stepsTaken.get(this.box) ?? 0) + 1;
    stepsTaken.set(this.box, steps);
    if (steps > STEP_BUDGET) {
      throw new ShellLimit(137, `the script was still running after ${STEP_BUDGET.toLocaleString('en-US')} commands (an endless loop?); a real container runs it until it is killed — kubesim stopped it (exit code 137, as if killed)`);
    }
    this.lineno = node.line || this.lineno;
    switch (node.type) {
      case 'list': {
        let st = this.status;
        for (const item of node.items) {
          st = this.exec(item, io);
          this.status = st;
          if (this.errexit && st !== 0 && item.type !== 'andor' && !(item.type === 'pipeline' && item.negate)) throw new ExitSignal(st);
        }
        return st;
      }
      case 'andor': {
        let st = this.exec(node.first, io);
        this.status = st;
        for (const { op, node: next } of node.rest) {
          if ((op === '&&' && st === 0) || (op === '||' && st !== 0)) {
            st = this.exec(next, io);
            this.status = st;
          }
        }
        return st;
      }
      case 'pipeline': {
        let input = io.stdin;
        let st = 0;
        node.commands.forEach((cmd, i) => {
          const last = i === node.commands.length - 1;
          const chunks: Chunk[] = [];
          const out = last ? io.out : collector(1, chunks);
          // Each stage of a pipeline runs in a subshell: variables do not leak out.
          st = this.subshell(() => this.exec(cmd, { stdin: input, out, err: io.err }));
          input = chunks.map((c) => c.text).join('');
        });
        return node.negate ? (st === 0 ? 1 : 0) : st;
      }
      case 'simple':
        return this.execSimple(node, io);
      case 'for':
        return this.withRedirects(node.redirects, io, (rio) => {
          const items = node.words === undefined ? [...this.positional] : node.words.flatMap((w) => this.expandFields(w, rio));
          let st = 0;
          for (const item of items) {
            this.vars.set(node.name, item);
            const r = this.loopBody(node.body, rio);
            st = r.status;
            if (r.stop) break;
          }
          return st;
        });
      case 'while':
        return this.withRedirects(node.redirects, io, (rio) => {
          let st = 0;
          for (let guard = 0; guard < 100000; guard++) {
            const c = this.exec(node.cond, rio);
            if (node.until ? c === 0 : c !== 0) break;
            const r = this.loopBody(node.body, rio);
            st = r.status;
            if (r.stop) break;
          }
          return st;
        });
      case 'if':
        return this.withRedirects(node.redirects, io, (rio) => {
          for (const b of node.branches) {
            if (this.exec(b.cond, rio) === 0) return this.exec(b.body, rio);
          }
          return node.elseBody ? this.exec(node.elseBody, rio) : 0;
        });
      case 'case':
        return this.withRedirects(node.redirects, io, (rio) => {
          const word = this.expandString(node.word, rio);
          for (const item of node.items) {
            if (item.patterns.some((p) => globToRegExp(this.expandString(p, rio)).test(word))) return this.exec(item.body, rio);
          }
          return 0;
        });
      case 'group':
        return this.withRedirects(node.redirects, io, (rio) => (node.subshell ? this.subshell(() => this.exec(node.body, rio)) : this.exec(node.body, rio)));
      case 'function':
        this.functions.set(node.name, node.body);
        return 0;
    }
  }

  private loopBody(body: Node, io: Io): { status: number; stop: boolean } {
    try {
      return { status: this.exec(body, io), stop: false };
    } catch (e) {
      if (e instanceof LoopSignal) {
        if (e.levels > 1) {
          e.levels--;
          throw e;
        }
        return { status: 0, stop: e.kind === 'break' };
      }
      throw e;
    }
  }

  /** Run with a copy of the variables; `exit` inside ends only the subshell. */
  subshell(fn: () => number): number {
    const saved = new Map(this.vars);
    const savedExported = new Set(this.exported);
    const savedPositional = this.positional;
    const savedCwd = this.cwd;
    try {
      return fn();
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    } finally {
      this.vars.clear();
      for (const [k, v] of saved) this.vars.set(k, v);
      this.exported.clear();
      for (const k of savedExported) this.exported.add(k);
      this.positional = savedPositional;
      this.cwd = savedCwd;
    }
  }

  private withRedirects(redirects: Redirect[], io: Io, fn: (io: Io) => number): number {
    if (!redirects.length) return fn(io);
    const rio = this.applyRedirects(redirects, io);
    if (typeof rio === 'number') return rio;
    return fn(rio);
  }

  /** Set up the descriptors; a failure prints the shell's message and returns status 1 (2 for dash). */
  private applyRedirects(redirects: Redirect[], io: Io): Io | number {
    const next: Io = { ...io };
    for (const r of redirects) {
      if (r.op === '<<') {
        next.stdin = r.heredoc!.quoted ? r.heredoc!.body : this.expandHeredoc(r.heredoc!.body, io);
        continue;
      }
      const target = this.expandString(r.target, io);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '1' && r.fd === 2) next.err = next.out;
        else if (target === '2' && r.fd === 1) next.out = next.err;
        else if (target === '-') {
          if (r.fd === 1) next.out = nullWriter;
          if (r.fd === 2) next.err = nullWriter;
        } else if (!/^\d$/.test(target) && r.op === '>&') {
          // `>&file` = `&>file`
          const w = this.fileWriter(target, false, io);
          if (typeof w === 'number') return w;
          next.out = w;
          next.err = w;
        }
        continue;
      }
      const path = VirtualFs.resolve(this.cwd, target);
      if (r.op === '<') {
        const text = this.box.fs.read(path);
        if (text === undefined) {
          io.err.write(this.flavor === 'bash' ? this.error(`${target}: No such file or directory`) : this.flavor === 'dash' ? this.error(`cannot open ${target}: No such file`) : this.error(`can't open '${target}': No such file or directory`));
          return this.flavor === 'dash' ? 2 : 1;
        }
        next.stdin = text;
        continue;
      }
      const w = this.fileWriter(target, r.op === '>>', io);
      if (typeof w === 'number') return w;
      if (r.fd === -1) {
        next.out = w;
        next.err = w;
      } else if (r.fd === 1) next.out = w;
      else if (r.fd === 2) next.err = w;
    }
    return next;
  }

  private fileWriter(target: string, append: boolean, io: Io): Writer | number {
    const path = VirtualFs.resolve(this.cwd, target);
    if (path === '/dev/null') return nullWriter;
    if (path === '/dev/stdout') return io.out;
    if (path === '/dev/stderr') return io.err;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.box.fs.isDir(dir) || this.box.fs.isDir(path)) {
      const why = this.box.fs.isDir(path) ? 'Is a directory' : 'nonexistent directory';
      io.err.write(this.flavor === 'bash' ? this.error(`${target}: ${why === 'Is a directory' ? why : 'No such file or directory'}`) : this.flavor === 'dash' ? this.error(`cannot create ${target}: ${why === 'Is a directory' ? why : 'Directory nonexistent'}`) : this.error(`can't create ${target}: ${why === 'Is a directory' ? why : 'nonexistent directory'}`));
      return this.flavor === 'dash' ? 2 : 1;
    }
    if (!append) this.box.fs.write(path, '');
    return { write: (t) => this.box.fs.write(path, t, true) };
  }

  // -------------------------------------------------------------------------------------------
  // Simple commands

  private execSimple(node: Extract<Node, { type: 'simple' }>, io: Io): number {
    this.lineno = node.line;
    this.substStatus = undefined;
    const argv: string[] = [];
    for (const w of node.words) argv.push(...this.expandFields(w, io));
    const assigns: [string, string][] = node.assigns.map((a) => {
      const eq = a.indexOf('=');
      return [a.slice(0, eq), this.expandString(a.slice(eq + 1), io)];
    });
    const substStatus = this.substStatus ?? 0;
    const rio = this.applyRedirects(node.redirects, io);
    if (typeof rio === 'number') return rio;
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      return substStatus;
    }
    if (this.xtrace) rio.err.write(`+ ${[...assigns.map(([k, v]) => `${k}=${v}`), ...argv].join(' ')}\n`);
    return this.runCommand(argv, assigns, rio);
  }

  runCommand(argv: string[], assigns: [string, string][], io: Io): number {
    const name = argv[0];
    const fn = this.functions.get(name);
    if (fn) {
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        return this.exec(fn, io);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.code;
        throw e;
      } finally {
        this.positional = saved;
      }
    }
    const builtin = BUILTINS[name];
    if (builtin) {
      // Assignments before a special builtin persist; harmless to keep them for all builtins here.
      for (const [k, v] of assigns) this.vars.set(k, v);
      return builtin(this, argv, io);
    }
    const exe = this.box.lookup(name);
    if (!exe) {
      io.err.write(this.notFound(name));
      this.box.hints.push(...missingHints(name, this.box));
      return 127;
    }
    const env = this.environment();
    for (const [k, v] of assigns) env.set(k, v);
    const ctx = contextFor(this.box, env, io.stdin, this.trace, this.cwd);
    const result = exe.run(argv, ctx);
    writeResult(result, io);
    return result.code;
  }

  /** The exported variables, in the order they were defined. */
  environment(): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (this.exported.has(k)) env.set(k, v);
    return env;
  }

  // -------------------------------------------------------------------------------------------
  // Expansion

  expandString(raw: string, io: Io): string {
    return this.expandWord(raw, io, false).join('');
  }

  expandFields(raw: string, io: Io): string[] {
    return this.expandWord(raw, io, true);
  }

  private expandHeredoc(body: string, io: Io): string {
    // Inside a here-document only $, ` and \ are special; treat it like a double-quoted string.
    return this.expandWord('"' + body.replace(/"/g, '\\"') + '"', io, false).join('').replace(/\\"/g, '"');
  }

  private param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '#':
        return String(this.positional.length);
      case '$':
        return '1';
      case '!':
        return '';
      case '0':
        return this.arg0;
      case '-':
        return (this.errexit ? 'e' : '') + (this.xtrace ? 'x' : '');
      case '@':
      case '*':
        return this.positional.join(' ');
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  /** Expand one word: parameters, command substitution, arithmetic, quotes; optionally split into fields. */
  private expandWord(raw: string, io: Io, split: boolean): string[] {
    const fields: string[] = [];
    let cur = '';
    let has = false;
    const ifs = this.vars.get('IFS') ?? ' \t\n';
    const addUnquoted = (value: string) => {
      if (!split) {
        cur += value;
        has = true;
        return;
      }
      const ws = ifs.replace(/[^\s]/g, '');
      const pieces = ws ? value.split(new RegExp(`[${escapeClass(ws)}]+`)) : [value];
      pieces.forEach((p, k) => {
        if (k > 0) {
          if (has) fields.push(cur);
          cur = '';
          has = false;
        }
        if (p !== '') {
          cur += p;
          has = true;
        }
      });
    };
    const addQuoted = (value: string) => {
      cur += value;
      has = true;
    };
    let i = 0;
    // Tilde at the start of an unquoted word.
    if (raw === '~' || raw.startsWith('~/')) {
      addQuoted(this.vars.get('HOME') ?? '/root');
      i = 1;
    }
    let inDouble = false;
    while (i < raw.length) {
      const c = raw[i];
      if (c === "'" && !inDouble) {
        const end = raw.indexOf("'", i + 1);
        addQuoted(raw.slice(i + 1, end));
        i = end + 1;
        continue;
      }
      if (c === '"') {
        inDouble = !inDouble;
        if (inDouble) has = true;
        i++;
        continue;
      }
      if (c === '\\') {
        const n = raw[i + 1];
        if (n === undefined) {
          addQuoted('\\');
          i++;
        } else if (inDouble && !'$`"\\\n'.includes(n)) {
          addQuoted('\\' + n);
          i += 2;
        } else {
          if (n !== '\n') addQuoted(n);
          i += 2;
        }
        continue;
      }
      if (c === '`') {
        let j = i + 1;
        let inner = '';
        while (j < raw.length && raw[j] !== '`') {
          if (raw[j] === '\\' && '$`\\'.includes(raw[j + 1])) {
            inner += raw[j + 1];
            j += 2;
          } else inner += raw[j++];
        }
        const out = this.commandSubst(inner, io);
        if (inDouble) addQuoted(out);
        else addUnquoted(out);
        i = j + 1;
        continue;
      }
      if (c === '$') {
        const n = raw[i + 1];
        if (n === '(' && raw[i + 2] === '(') {
          const end = findClose(raw, i + 1, '(', ')');
          const expr = raw.slice(i + 3, end - 1);
          const value = String(this.arith(this.expandString('"' + expr.replace(/"/g, '') + '"', io)));
          if (inDouble) addQuoted(value);
          else addUnquoted(value);
          i = end + 1;
          continue;
        }
        if (n === '(') {
          const end = findClose(raw, i + 1, '(', ')');
          const out = this.commandSubst(raw.slice(i + 2, end), io);
          if (inDouble) addQuoted(out);
          else addUnquoted(out);
          i = end + 1;
          continue;
        }
        if (n === '{') {
          const end = findClose(raw, i + 1, '{', '}');
          const inner = raw.slice(i + 2, end);
          if ((inner === '@' || inner === '*') && inDouble) {
            i = end + 1;
            this.quotedAt(inner, fields, () => cur, (v) => (cur = v), (v) => (has = v), split);
            continue;
          }
          const value = this.braceParam(inner, io);
          if (inDouble) addQuoted(value);
          else addUnquoted(value);
          i = end + 1;
          continue;
        }
        const m = /^([A-Za-z_]\w*|[0-9?#$!@*\-])/.exec(raw.slice(i + 1));
        if (!m) {
          addQuoted('$');
          i++;
          continue;
        }
        const name = m[1];
        i += 1 + name.length;
        if ((name === '@' || name === '*') && inDouble) {
          this.quotedAt(name, fields, () => cur, (v) => (cur = v), (v) => (has = v), split);
          continue;
        }
        const value = this.param(name) ?? '';
        if (inDouble) addQuoted(value);
        else addUnquoted(value);
        continue;
      }
      // Plain characters (at least one: a `'` inside double quotes is plain, and must not stall the loop).
      let j = i + 1;
      while (j < raw.length && !"'\"\\`$".includes(raw[j])) j++;
      addQuoted(raw.slice(i, j));
      i = j;
    }
    if (has || cur !== '') fields.push(cur);
    return split ? fields : [fields.join(' ')];
  }

  /** `"$@"`: one field per positional parameter; `"$*"`: one field joined by spaces. */
  private quotedAt(name: string, fields: string[], getCur: () => string, setCur: (v: string) => void, setHas: (v: boolean) => void, split: boolean): void {
    const p = this.positional;
    if (name === '*' || !split) {
      setCur(getCur() + p.join(' '));
      setHas(true);
      return;
    }
    if (p.length === 0) {
      // "$@" with no parameters vanishes entirely (when nothing else is in the word).
      setHas(getCur() !== '');
      return;
    }
    setCur(getCur() + p[0]);
    for (let k = 1; k < p.length; k++) {
      fields.push(getCur());
      setCur(p[k]);
    }
    setHas(true);
  }

  private braceParam(inner: string, io: Io): string {
    if (inner.startsWith('#') && inner.length > 1) return String((this.param(inner.slice(1)) ?? '').length);
    const m = /^([A-Za-z_]\w*|\d+|[?#$!@*\-])(.*)$/s.exec(inner);
    if (!m) return '';
    const [, name, rest] = m;
    const value = this.param(name);
    if (!rest) return value ?? '';
    const op = /^(:?[-=+?]|%%|##|%|#)(.*)$/s.exec(rest);
    if (!op) return value ?? '';
    const word = () => this.expandString(op[2], io);
    switch (op[1]) {
      case '-':
        return value === undefined ? word() : value;
      case ':-':
        return value ? value : word();
      case '=':
      case ':=':
        if (op[1] === '=' ? value === undefined : !value) {
          const w = word();
          this.vars.set(name, w);
          return w;
        }
        return value!;
      case '+':
        return value === undefined ? '' : word();
      case ':+':
        return value ? word() : '';
      case '?':
      case ':?':
        if (op[1] === '?' ? value === undefined : !value) {
          io.err.write(this.error(`${name}: ${op[2] || 'parameter not set'}`));
          throw new ExitSignal(this.flavor === 'bash' ? 1 : 2);
        }
        return value!;
      default: {
        const v = value ?? '';
        const pat = word();
        return trimPattern(v, pat, op[1] as '%' | '%%' | '#' | '##');
      }
    }
  }

  private commandSubst(script: string, io: Io): string {
    const chunks: Chunk[] = [];
    let st: number;
    st = this.subshell(() => {
      try {
        return this.exec(parseScript(script), { stdin: '', out: collector(1, chunks), err: io.err });
      } catch (e) {
        if (e instanceof ShellSyntaxError) {
          io.err.write(this.syntaxMessage(e));
          return 2;
        }
        throw e;
      }
    });
    this.substStatus = st;
    return chunks
      .map((c) => c.text)
      .join('')
      .replace(/\n+$/, '');
  }

  arith(expr: string): number {
    const tokens = expr.match(/\d+|[A-Za-z_]\w*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
    let pos = 0;
    const value = (t: string) => (/^\d+$/.test(t) ? Number(t) : Number(this.vars.get(t) ?? 0) || 0);
    const primary = (): number => {
      const t = tokens[pos++];
      if (t === '(') {
        const v = or();
        pos++;
        return v;
      }
      if (t === '-') return -primary();
      if (t === '+') return primary();
      if (t === '!') return primary() ? 0 : 1;
      return t === undefined ? 0 : value(t);
    };
    const mul = (): number => {
      let v = primary();
      while (['*', '/', '%'].includes(tokens[pos])) {
        const op = tokens[pos++];
        const r = primary();
        v = op === '*' ? v * r : r === 0 ? 0 : op === '/' ? Math.trunc(v / r) : v % r;
      }
      return v;
    };
    const add = (): number => {
      let v = mul();
      while (tokens[pos] === '+' || tokens[pos] === '-') v = tokens[pos++] === '+' ? v + mul() : v - mul();
      return v;
    };
    const cmp = (): number => {
      let v = add();
      while (['<', '>', '<=', '>=', '==', '!='].includes(tokens[pos])) {
        const op = tokens[pos++];
        const r = add();
        v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
      }
      return v;
    };
    const and = (): number => {
      let v = cmp();
      while (tokens[pos] === '&&') {
        pos++;
        const r = cmp();
        v = Number(Boolean(v) && Boolean(r));
      }
      return v;
    };
    const or = (): number => {
      let v = and();
      while (tokens[pos] === '||') {
        pos++;
        const r = and();
        v = Number(Boolean(v) || Boolean(r));
      }
      return v;
    };
    return or();
  }

  setOption(flag: string, on: boolean): boolean {
    if (flag === 'e') this.errexit = on;
    else if (flag === 'x') this.xtrace = on;
    else if (!'uvfnCo'.includes(flag)) return false;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function escapeClass(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

function findClose(raw: string, openAt: number, open: string, close: string): number {
  let depth = 0;
  for (let j = openAt; j < raw.length; j++) {
    const c = raw[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === "'" && open === '(') {
      j = raw.indexOf("'", j + 1);
      if (j < 0) return raw.length;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return raw.length;
}

/** A shell pattern (`*`, `?`, `[…]`) as an anchored RegExp. */
export function globToRegExp(pattern: string, anchored = true): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${re}$` : re, 's');
}

function trimPattern(v: string, pat: string, op: '%' | '%%' | '#' | '##'): string {
  const re = globToRegExp(pat);
  if (op === '#' || op === '##') {
    const lens = [...Array(v.length + 1).keys()];
    if (op === '##') lens.reverse();
    for (const n of lens) if (re.test(v.slice(0, n))) return v.slice(n);
    return v;
  }
  const starts = [...Array(v.length + 1).keys()].reverse();
  if (op === '%%') starts.reverse();
  for (const s of starts) if (re.test(v.slice(s))) return v.slice(0, s);
  return v;
}

/** Write a program's output to the descriptors, keeping its stdout/stderr interleaving when known. */
export function writeResult(r: RunResult, io: Io): void {
  if (r.chunks) {
    for (const c of r.chunks) (c.fd === 1 ? io.out : io.err).write(c.text);
    return;
  }
  if (r.stdout) io.out.write(r.stdout);
  if (r.stderr) io.err.write(r.stderr);
}

function finish(chunks: Chunk[], code: number): RunResult {
  let stdout = '';
  let stderr = '';
  for (const c of chunks) {
    if (c.fd === 1) stdout += c.text;
    else stderr += c.text;
  }
  return { stdout, stderr, code, chunks };
}

/** kubesim's hint for a command the image lacks. */
export function missingHints(name: string, box: Box): string[] {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const apt = box.lookup('apt-get') !== undefined;
  const apk = box.lookup('apk') !== undefined;
  if (['nslookup', 'dig', 'host'].includes(base)) {
    const install = apt ? ', or `apt-get update && apt-get install -y dnsutils` first' : apk ? ', or `apk add bind-tools` first' : '';
    return [`this image has no ${base}; use an image with bind9 tools such as registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3${install}`];
  }
  if (['curl', 'wget'].includes(base)) {
    const install = apt ? ` or \`apt-get update && apt-get install -y ${base}\` first` : apk ? ` or \`apk add ${base}\` first` : '';
    return [`this image has no ${base}; try ${base === 'curl' ? 'wget -qO-' : 'curl -s'}, an image such as curlimages/curl:8.10.1,${install}`];
  }
  if (base === 'ping') return [`this image has no ping; ${apt ? '`apt-get update && apt-get install -y iputils-ping`, or ' : ''}use busybox:1.36 — note that a ClusterIP never answers ping in iptables mode`];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Builtins

type Builtin = (sh: Shell, argv: string[], io: Io) => number;

function echoText(args: string[], interpretEscapes: boolean): string {
  let newline = true;
  let escapes = interpretEscapes;
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i])) {
    for (const f of args[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
    i++;
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = unescapeC(text);
  }
  return text + (newline ? '\n' : '');
}

export function unescapeC(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'e':
        return '\x1b';
      case '\\':
        return '\\';
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return '\\' + e;
    }
  });
}

/** printf FORMAT [ARG…] (%s %d %i %x %o %c %b %%, widths, escapes); the format repeats for extra args. */
export function printfFormat(format: string, args: string[]): string {
  let out = '';
  let ai = 0;
  do {
    let consumed = false;
    out += unescapeC(format).replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdibxXoc%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[ai++] ?? '';
      consumed = true;
      let s: string;
      switch (conv) {
        case 'd':
        case 'i':
          s = String(Math.trunc(Number(arg) || 0));
          break;
        case 'x':
          s = (Math.trunc(Number(arg)) || 0).toString(16);
          break;
        case 'X':
          s = (Math.trunc(Number(arg)) || 0).toString(16).toUpperCase();
          break;
        case 'o':
          s = (Math.trunc(Number(arg)) || 0).toString(8);
          break;
        case 'c':
          s = arg.slice(0, 1);
          break;
        case 'b':
          s = unescapeC(arg);
          break;
        default:
          s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      }
      const w = Number(width || 0);
      if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && conv !== 's' ? s.padStart(w, '0') : s.padStart(w);
      return s;
    });
    if (!consumed) break;
  } while (ai < args.length);
  return out;
}

function testExpr(sh: Shell, args: string[]): boolean | 'error' {
  const fs = sh.box.fs;
  const path = (p: string) => VirtualFs.resolve(sh.cwd, p);
  const unary = (op: string, a: string): boolean | 'error' => {
    switch (op) {
      case '-n':
        return a !== '';
      case '-z':
        return a === '';
      case '-e':
      case '-r':
        return fs.exists(path(a));
      case '-f':
      case '-s':
        return fs.read(path(a)) !== undefined && (op === '-f' || (fs.read(path(a)) ?? '') !== '');
      case '-d':
        return fs.isDir(path(a));
      case '-x':
        return sh.box.lookup(a) !== undefined;
      default:
        return 'error';
    }
  };
  const binary = (a: string, op: string, b: string): boolean | 'error' => {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '-eq':
        return Number(a) === Number(b);
      case '-ne':
        return Number(a) !== Number(b);
      case '-lt':
        return Number(a) < Number(b);
      case '-le':
        return Number(a) <= Number(b);
      case '-gt':
        return Number(a) > Number(b);
      case '-ge':
        return Number(a) >= Number(b);
      default:
        return 'error';
    }
  };
  const evalSimple = (a: string[]): boolean | 'error' => {
    if (a[0] === '!') {
      const r = evalSimple(a.slice(1));
      return r === 'error' ? r : !r;
    }
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) return unary(a[0], a[1]);
    if (a.length === 3) return binary(a[0], a[1], a[2]);
    const andAt = a.indexOf('-a');
    const orAt = a.indexOf('-o');
    if (orAt > 0) {
      const l = evalSimple(a.slice(0, orAt));
      const r = evalSimple(a.slice(orAt + 1));
      return l === 'error' || r === 'error' ? 'error' : l || r;
    }
    if (andAt > 0) {
      const l = evalSimple(a.slice(0, andAt));
      const r = evalSimple(a.slice(andAt + 1));
      return l === 'error' || r === 'error' ? 'error' : l && r;
    }
    return 'error';
  };
  return evalSimple(args);
}

const BUILTINS: Record<string, Builtin> = keyTable({
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo: (sh, argv, io) => {
    io.out.write(echoText(argv.slice(1), sh.flavor === 'dash'));
    return 0;
  },
  printf: (sh, argv, io) => {
    if (argv.length < 2) {
      io.err.write(sh.flavor === 'bash' ? sh.error('printf: usage: printf [-v var] format [arguments]') : 'printf: usage: printf format [arg ...]\n');
      return sh.flavor === 'bash' ? 2 : 1;
    }
    io.out.write(printfFormat(argv[1], argv.slice(2)));
    return 0;
  },
  cd: (sh, argv, io) => {
    const target = argv[1] ?? sh.vars.get('HOME') ?? '/';
    const p = VirtualFs.resolve(sh.cwd, target);
    if (!sh.box.fs.isDir(p)) {
      io.err.write(sh.flavor === 'bash' ? sh.error(`cd: ${target}: No such file or directory`) : sh.flavor === 'dash' ? sh.error(`cd: can't cd to ${target}`) : sh.error(`cd: can't cd to ${target}: No such file or directory`));
      return sh.flavor === 'dash' ? 2 : 1;
    }
    sh.cwd = p;
    sh.vars.set('PWD', p);
    return 0;
  },
  pwd: (sh, _argv, io) => {
    io.out.write(sh.cwd + '\n');
    return 0;
  },
  export: (sh, argv, io) => {
    if (argv.length === 1 || argv[1] === '-p') {
      for (const [k, v] of sh.environment()) io.out.write(sh.flavor === 'bash' ? `declare -x ${k}="${v}"\n` : `export ${k}='${v}'\n`);
      return 0;
    }
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
      else if (!sh.vars.has(name)) sh.vars.set(name, '');
      sh.exported.add(name);
    }
    return 0;
  },
  local: (sh, argv) => {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq >= 0) sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return 0;
  },
  readonly: (sh, argv) => BUILTINS.local(sh, argv, { stdin: '', out: nullWriter, err: nullWriter }),
  unset: (sh, argv) => {
    for (const a of argv.slice(1)) {
      if (a.startsWith('-')) continue;
      sh.vars.delete(a);
      sh.exported.delete(a);
    }
    return 0;
  },
  set: (sh, argv, io) => {
    if (argv.length === 1) {
      for (const [k, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : 1))) io.out.write(`${k}='${v}'\n`);
      return 0;
    }
    let i = 1;
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') {
        i++;
        break;
      }
      if (/^[-+][a-zA-Z]+$/.test(a)) {
        for (const f of a.slice(1)) sh.setOption(f, a[0] === '-');
        continue;
      }
      if (a === '-o' || a === '+o') {
        const opt = argv[++i];
        if (opt === 'errexit') sh.setOption('e', a === '-o');
        if (opt === 'xtrace') sh.setOption('x', a === '-o');
        continue;
      }
      break;
    }
    if (i < argv.length || argv.includes('--')) sh.positional = argv.slice(i);
    return 0;
  },
  shift: (sh, argv, io) => {
    const n = argv[1] ? Number(argv[1]) : 1;
    if (n > sh.positional.length) {
      if (sh.flavor !== 'bash') {
        io.err.write(sh.error(`shift: can't shift that many`));
        throw new ExitSignal(2);
      }
      return 1;
    }
    sh.positional = sh.positional.slice(n);
    return 0;
  },
  exit: (sh, argv, io) => {
    const arg = argv[1];
    if (arg !== undefined && !/^-?\d+$/.test(arg)) {
      io.err.write(sh.flavor === 'bash' ? sh.error(`exit: ${arg}: numeric argument required`) : sh.error(`exit: Illegal number: ${arg}`));
      throw new ExitSignal(2);
    }
    throw new ExitSignal(arg === undefined ? sh.status : ((Number(arg) % 256) + 256) % 256);
  },
  return: (sh, argv) => {
    throw new ReturnSignal(argv[1] === undefined ? sh.status : Number(argv[1]) & 255);
  },
  break: (_sh, argv) => {
    throw new LoopSignal('break', Number(argv[1] ?? 1) || 1);
  },
  continue: (_sh, argv) => {
    throw new LoopSignal('continue', Number(argv[1] ?? 1) || 1);
  },
  test: (sh, argv, io) => {
    const r = testExpr(sh, argv.slice(1));
    if (r === 'error') {
      io.err.write(sh.error(`test: ${argv[2] ?? argv[1] ?? ''}: unexpected operator`));
      return 2;
    }
    return r ? 0 : 1;
  },
  '[': (sh, argv, io) => {
    if (argv[argv.length - 1] !== ']') {
      io.err.write(sh.error(`[: missing ]`));
      return 2;
    }
    const r = testExpr(sh, argv.slice(1, -1));
    if (r === 'error') {
      io.err.write(sh.error(`[: ${argv[2] ?? argv[1]}: unexpected operator`));
      return 2;
    }
    return r ? 0 : 1;
  },
  read: (sh, argv, io) => {
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    if (!io.stdin) return 1;
    const nl = io.stdin.indexOf('\n');
    const line = nl < 0 ? io.stdin : io.stdin.slice(0, nl);
    io.stdin = nl < 0 ? '' : io.stdin.slice(nl + 1);
    const parts = line.trim().split(/[ \t]+/);
    const vars = names.length ? names : ['REPLY'];
    vars.forEach((n, k) => sh.vars.set(n, k === vars.length - 1 ? parts.slice(k).join(' ') : (parts[k] ?? '')));
    return nl < 0 ? 1 : 0;
  },
  eval: (sh, argv, io) => {
    try {
      return sh.exec(parseScript(argv.slice(1).join(' ')), io);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        io.err.write(sh.error(`Syntax error: "${e.near}" unexpected`));
        return 2;
      }
      throw e;
    }
  },
  exec: (sh, argv, io) => {
    if (argv.length === 1) return 0;
    throw new ExitSignal(sh.runCommand(argv.slice(1), [], io));
  },
  command: (sh, argv, io) => {
    if (argv[1] === '-v' || argv[1] === '-V') {
      let st = 0;
      for (const name of argv.slice(2)) {
        if (BUILTINS[name]) io.out.write(argv[1] === '-v' ? `${name}\n` : `${name} is a shell builtin\n`);
        else if (sh.box.lookup(name)) io.out.write(argv[1] === '-v' ? `${binPath(name)}\n` : `${name} is ${binPath(name)}\n`);
        else st = 1;
      }
      return st;
    }
    return sh.runCommand(argv.slice(1), [], io);
  },
  type: (sh, argv, io) => {
    let st = 0;
    for (const name of argv.slice(1)) {
      if (BUILTINS[name]) io.out.write(`${name} is a shell builtin\n`);
      else if (sh.box.lookup(name)) io.out.write(`${name} is ${binPath(name)}\n`);
      else {
        io.err.write(sh.flavor === 'bash' ? sh.error(`type: ${name}: not found`) : '');
        if (sh.flavor !== 'bash') io.out.write(`${name}: not found\n`);
        st = 1;
      }
    }
    return st;
  },
  source: (sh, argv, io) => BUILTINS['.'](sh, argv, io),
  '.': (sh, argv, io) => {
    const file = argv[1];
    const text = file ? sh.box.fs.read(VirtualFs.resolve(sh.cwd, file)) : undefined;
    if (text === undefined) {
      io.err.write(sh.error(`${argv[0]}: can't open '${file ?? ''}': No such file or directory`));
      return sh.flavor === 'bash' ? 1 : 2;
    }
    return sh.exec(parseScript(text), io);
  },
  wait: () => 0,
  trap: () => 0,
  umask: (_sh, argv, io) => {
    if (argv.length === 1) io.out.write('0022\n');
    return 0;
  },
  ulimit: (_sh, _argv, io) => {
    io.out.write('unlimited\n');
    return 0;
  },
  alias: () => 0,
  hash: () => 0,
  times: (_sh, _argv, io) => {
    io.out.write('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
    return 0;
  },
});

function binPath(name: string): string {
  return name.includes('/') ? name : `/usr/bin/${name}`;
}

/** Is `name` a builtin of the simulated shells (for `exec POD -- echo` without a shell). */
export function isShellBuiltin(name: string): boolean {
  return name in BUILTINS;
}

// ---------------------------------------------------------------------------------------------
// The `sh` executable: option parsing and `-c` semantics

/**
 * `sh [-c SCRIPT [ARG0 [ARG…]]] | [FILE [ARG…]]` — with `-c`, the first operand is the whole
 * script, the next becomes $0, the rest $1…; so `sh -c curl -s URL` runs bare `curl`.
 */
export function runShell(flavor: ShellFlavor, argv: string[], env: Map<string, string>, box: Box, stdin: string, trace: TraceHop[]): RunResult {
  const invokedAs = argv[0];
  let i = 1;
  let command: string | undefined;
  let hasC = false;
  const opts: string[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-c') {
      hasC = true;
      continue;
    }
    if (/^-[a-zA-Z]+$/.test(a) || /^\+[a-zA-Z]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'c') hasC = true;
        else opts.push(f);
      }
      continue;
    }
    if (a === '-o' || a === '+o') {
      i++;
      continue;
    }
    break;
  }
  const operands = argv.slice(i);
  if (hasC) {
    if (operands.length === 0) {
      const msg = flavor === 'bash' ? `${invokedAs}: -c: option requires an argument\n` : flavor === 'dash' ? `${invokedAs}: 0: -c requires an argument\n` : `${invokedAs}: -c requires an argument\n`;
      return { stdout: '', stderr: msg, code: 2 };
    }
    command = operands[0];
  }
  const sh = new Shell(box, flavor, { flavor, arg0: hasC ? (operands[1] ?? invokedAs) : invokedAs, positional: hasC ? operands.slice(2) : operands.slice(1), env }, trace);
  for (const f of opts) sh.setOption(f, true);
  if (command !== undefined) return sh.runScript(command, stdin);
  if (operands.length > 0) {
    const file = operands[0];
    const text = box.fs.read(VirtualFs.resolve('/', file));
    sh.arg0 = file;
    if (text === undefined) {
      const msg = flavor === 'bash' ? `${invokedAs}: ${file}: No such file or directory\n` : flavor === 'dash' ? `${invokedAs}: 0: cannot open ${file}: No such file\n` : `${invokedAs}: can't open '${file}': No such file or directory\n`;
      return { stdout: '', stderr: msg, code: 127 };
    }
    return sh.runScript(text, stdin);
  }
  // No -c and no file: the script comes from stdin (`exec -i POD -- sh < script`).
  return sh.runScript(stdin, '');
}
