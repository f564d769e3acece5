/**
 * The simulated shell's grammar: a POSIX-ish subset, tokenised and parsed into a small tree.
 * Words keep their raw text (quotes included); expansion happens when a command runs, as in a
 * real shell, so `$?`, `$(…)` and loop variables see the values of that moment.
 *
 * Supported: simple commands with assignments and redirections; `|`, `&&`, `||`, `;`, `&` (run
 * in the foreground), newlines, `!`; `for … in …; do …; done`, `while`/`until`, `if/elif/else`,
 * `case … in … esac`, `{ …; }`, `( … )`, `name() { …; }`; here-documents; `#` comments.
 */

export interface Redirect {
  /** The file descriptor redirected (1 for `>`, 0 for `<`, 2 for `2>` …); -1 = both 1 and 2 (`&>`). */
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '<<';
  /** Raw target word (a path, or a descriptor number for `>&`). */
  target: string;
  /** Here-document body (already read); `quoted` = no expansion inside. */
  heredoc?: { body: string; quoted: boolean };
}

export type Node =
  | { type: 'simple'; assigns: string[]; words: string[]; redirects: Redirect[]; line: number }
  | { type: 'pipeline'; negate: boolean; commands: Node[]; line: number }
  | { type: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[]; line: number }
  | { type: 'list'; items: Node[]; line: number }
  | { type: 'for'; name: string; words: string[] | undefined; body: Node; redirects: Redirect[]; line: number }
  | { type: 'while'; until: boolean; cond: Node; body: Node; redirects: Redirect[]; line: number }
  | { type: 'if'; branches: { cond: Node; body: Node }[]; elseBody?: Node; redirects: Redirect[]; line: number }
  | { type: 'case'; word: string; items: { patterns: string[]; body: Node }[]; redirects: Redirect[]; line: number }
  | { type: 'group'; body: Node; subshell: boolean; redirects: Redirect[]; line: number }
  | { type: 'function'; name: string; body: Node; line: number };

type Token =
  | { kind: 'word'; text: string; line: number; glued?: boolean }
  | { kind: 'op'; text: string; line: number }
  | { kind: 'newline'; line: number }
  | { kind: 'eof'; line: number };

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** The token the shell choked on (for `syntax error near unexpected token`). */
    readonly near: string,
  ) {
    super(message);
  }
}

const OPERATORS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '&>', '>|', ';', '&', '|', '(', ')', '<', '>'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Index just past the construct that starts at `i` inside a word (quote, $(…), ${…}, backticks). */
function skipQuoted(src: string, i: number): number {
  const c = src[i];
  if (c === "'") {
    const end = src.indexOf("'", i + 1);
    if (end < 0) throw new ShellSyntaxError('unterminated quoted string', 0, "'");
    return end + 1;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < src.length && src[j] !== '"') {
      if (src[j] === '\\') j += 2;
      else if (src[j] === '$' && (src[j + 1] === '(' || src[j + 1] === '{')) j = skipDollar(src, j);
      else if (src[j] === '`') j = skipQuoted(src, j);
      else j++;
    }
    if (j >= src.length) throw new ShellSyntaxError('unterminated quoted string', 0, '"');
    return j + 1;
  }
  if (c === '`') {
    let j = i + 1;
    while (j < src.length && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
    if (j >= src.length) throw new ShellSyntaxError('unterminated backquote', 0, '`');
    return j + 1;
  }
  return skipDollar(src, i);
}

/** `$(…)`, `$((…))` or `${…}` starting at i (src[i] === '$'). */
function skipDollar(src: string, i: number): number {
  const open = src[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 1;
  let j = i + 2;
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === "'" && open === '(') {
      j = skipQuoted(src, j);
      continue;
    }
    if (c === '"' || c === '`') {
      j = skipQuoted(src, j);
      continue;
    }
    if (c === '$' && (src[j + 1] === '(' || src[j + 1] === '{')) {
      j = skipDollar(src, j);
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  throw new ShellSyntaxError(`unterminated ${open === '(' ? '$(' : '${'}`, 0, open === '(' ? '(' : '{');
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const pendingHeredocs: Redirect[] = [];
  const heredocTokens: { token: Token; strip: boolean }[] = [];
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'newline', line });
      i++;
      line++;
      // Here-document bodies follow the line that announced them.
      while (heredocTokens.length) {
        const { token, strip } = heredocTokens.shift()!;
        const delimRaw = (token as { text: string }).text;
        const quoted = /['"\\]/.test(delimRaw);
        const delim = delimRaw.replace(/['"\\]/g, '');
        let body = '';
        while (i < src.length) {
          let end = src.indexOf('\n', i);
          if (end < 0) end = src.length;
          let l = src.slice(i, end);
          i = end + 1;
          line++;
          if (strip) l = l.replace(/^\t+/, '');
          if (l === delim) break;
          body += l + '\n';
        }
        (token as { text: string }).text = JSON.stringify({ heredoc: body, quoted });
      }
      pendingHeredocs.length = 0;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, line });
      i += op.length;
      if (op === '<<' || op === '<<-') {
        // The delimiter word is the next word; remember it to read the body at the next newline.
        while (src[i] === ' ' || src[i] === '\t') i++;
        const start = i;
        while (i < src.length && !META.has(src[i])) {
          if (src[i] === "'" || src[i] === '"') i = skipQuoted(src, i);
          else i++;
        }
        const t: Token = { kind: 'word', text: src.slice(start, i), line };
        tokens.push(t);
        heredocTokens.push({ token: t, strip: op === '<<-' });
      }
      continue;
    }
    // A word: up to the next unquoted metacharacter.
    const start = i;
    while (i < src.length && !META.has(src[i])) {
      const ch = src[i];
      if (ch === '\\') i += 2;
      else if (ch === "'" || ch === '"' || ch === '`') i = skipQuoted(src, i);
      else if (ch === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) i = skipDollar(src, i);
      else i++;
    }
    const text = src.slice(start, Math.min(i, src.length));
    // `2>x` (IO number) differs from `2 >x` (argument 2): remember whether an operator follows directly.
    tokens.push({ kind: 'word', text, line, glued: i < src.length && (src[i] === '<' || src[i] === '>') });
    line += (text.match(/\n/g) ?? []).length;
  }
  if (heredocTokens.length) {
    // Body missing: an empty here-document (sh warns; we stay quiet).
    for (const { token } of heredocTokens) (token as { text: string }).text = JSON.stringify({ heredoc: '', quoted: true });
  }
  tokens.push({ kind: 'eof', line });
  return tokens;
}

const RESERVED_END = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', 'in']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === text;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }
  private fail(): never {
    const t = this.peek();
    const near = t.kind === 'eof' ? 'end of file' : t.kind === 'newline' ? 'newline' : t.text;
    throw new ShellSyntaxError(t.kind === 'eof' ? 'unexpected end of file' : `syntax error near unexpected token \`${near}'`, t.line, near);
  }
  private expectWord(text: string): void {
    this.skipNewlines();
    if (!this.isWord(text)) this.fail();
    this.pos++;
  }

  parseProgram(): Node {
    const list = this.parseList(new Set());
    if (this.peek().kind !== 'eof') this.fail();
    return list;
  }

  /** A list of and-or items up to a terminator word (or `)` / `;;`). */
  private parseList(terminators: Set<string>): Node {
    const items: Node[] = [];
    const line = this.peek().line;
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'word' && terminators.has(t.text)) break;
      if (t.kind === 'op' && (t.text === ')' || t.text === ';;')) break;
      if (t.kind === 'word' && RESERVED_END.has(t.text) && t.text !== 'in') this.fail();
      items.push(this.parseAndOr());
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.text === ';' || sep.text === '&')) this.pos++;
      else if (sep.kind === 'newline') this.pos++;
      else break;
    }
    return { type: 'list', items, line };
  }

  private parseAndOr(): Node {
    const line = this.peek().line;
    const first = this.parsePipeline();
    const rest: { op: '&&' | '||'; node: Node }[] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.next() as { text: string }).text as '&&' | '||';
      this.skipNewlines();
      rest.push({ op, node: this.parsePipeline() });
    }
    return rest.length ? { type: 'andor', first, rest, line } : first;
  }

  private parsePipeline(): Node {
    const line = this.peek().line;
    let negate = false;
    if (this.isWord('!')) {
      this.pos++;
      negate = true;
    }
    const commands = [this.parseCommand()];
    while (this.isOp('|')) {
      this.pos++;
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return commands.length === 1 && !negate ? commands[0] : { type: 'pipeline', negate, commands, line };
  }

  private parseRedirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const r = this.tryRedirect();
      if (!r) return out;
      out.push(r);
    }
  }

  /** A redirection at the current position (an IO number word followed by an operator counts). */
  private tryRedirect(): Redirect | undefined {
    let fd: number | undefined;
    const t = this.peek();
    const after = this.tokens[this.pos + 1];
    if (t.kind === 'word' && /^\d$/.test(t.text) && after?.kind === 'op' && /^(>|>>|<|>&|<&|>\||<<|<<-)$/.test(after.text) && !this.spaceBetween()) {
      fd = Number(t.text);
      this.pos++;
    }
    const o = this.peek();
    if (o.kind !== 'op' || !['>', '>>', '<', '>&', '<&', '&>', '>|', '<<', '<<-'].includes(o.text)) {
      if (fd !== undefined) this.pos--;
      return undefined;
    }
    this.pos++;
    const target = this.next();
    if (target.kind !== 'word') {
      this.pos--;
      this.fail();
    }
    switch (o.text) {
      case '>':
      case '>|':
        return { fd: fd ?? 1, op: '>', target: target.text };
      case '>>':
        return { fd: fd ?? 1, op: '>>', target: target.text };
      case '<':
        return { fd: fd ?? 0, op: '<', target: target.text };
      case '>&':
        return { fd: fd ?? 1, op: '>&', target: target.text };
      case '<&':
        return { fd: fd ?? 0, op: '<&', target: target.text };
      case '&>':
        return { fd: -1, op: '>', target: target.text };
      default: {
        const h = JSON.parse(target.text) as { heredoc: string; quoted: boolean };
        return { fd: fd ?? 0, op: '<<', target: '', heredoc: { body: h.heredoc, quoted: h.quoted } };
      }
    }
  }

  /** The tokenizer drops blanks; `2>x` and `2 >x` differ. */
  private spaceBetween(): boolean {
    const t = this.peek();
    return !(t.kind === 'word' && t.glued);
  }

  private parseCommand(): Node {
    const t = this.peek();
    const line = t.line;
    if (t.kind === 'word') {
      switch (t.text) {
        case 'for':
          return this.parseFor();
        case 'while':
        case 'until':
          return this.parseWhile(t.text === 'until');
        case 'if':
          return this.parseIf();
        case 'case':
          return this.parseCase();
        case '{': {
          this.pos++;
          const body = this.parseList(new Set(['}']));
          this.expectWord('}');
          return { type: 'group', body, subshell: false, redirects: this.parseRedirects(), line };
        }
      }
      // name() { …; }
      const a = this.tokens[this.pos + 1];
      const b = this.tokens[this.pos + 2];
      if (/^[A-Za-z_][\w-]*$/.test(t.text) && a?.kind === 'op' && a.text === '(' && b?.kind === 'op' && b.text === ')') {
        this.pos += 3;
        this.skipNewlines();
        const body = this.parseCommand();
        return { type: 'function', name: t.text, body, line };
      }
    }
    if (t.kind === 'op' && t.text === '(') {
      this.pos++;
      const body = this.parseList(new Set());
      if (!this.isOp(')')) this.fail();
      this.pos++;
      return { type: 'group', body, subshell: true, redirects: this.parseRedirects(), line };
    }
    return this.parseSimple();
  }

  private parseSimple(): Node {
    const line = this.peek().line;
    const assigns: string[] = [];
    const words: string[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const r = this.tryRedirect();
      if (r) {
        redirects.push(r);
        continue;
      }
      const t = this.peek();
      if (t.kind !== 'word') break;
      if (words.length === 0 && /^[A-Za-z_]\w*=/.test(t.text)) assigns.push(t.text);
      else words.push(t.text);
      this.pos++;
    }
    if (!assigns.length && !words.length && !redirects.length) this.fail();
    return { type: 'simple', assigns, words, redirects, line };
  }

  private parseFor(): Node {
    const line = this.next().line;
    const name = this.next();
    if (name.kind !== 'word' || !/^[A-Za-z_]\w*$/.test(name.text)) {
      this.pos--;
      this.fail();
    }
    let words: string[] | undefined;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.pos++;
      words = [];
      for (let t = this.peek(); t.kind === 'word'; t = this.peek()) {
        words.push(t.text);
        this.pos++;
      }
      const sep = this.peek();
      if (sep.kind === 'op' && sep.text === ';') this.pos++;
      else if (sep.kind !== 'newline') this.fail();
    } else if (this.isOp(';')) this.pos++;
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: (name as { text: string }).text, words, body, redirects: this.parseRedirects(), line };
  }

  private parseWhile(until: boolean): Node {
    const line = this.next().line;
    const cond = this.parseList(new Set(['do']));
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return { type: 'while', until, cond, body, redirects: this.parseRedirects(), line };
  }

  private parseIf(): Node {
    const line = this.next().line;
    const branches: { cond: Node; body: Node }[] = [];
    let elseBody: Node | undefined;
    const cond = this.parseList(new Set(['then']));
    this.expectWord('then');
    branches.push({ cond, body: this.parseList(new Set(['elif', 'else', 'fi'])) });
    for (;;) {
      this.skipNewlines();
      if (this.isWord('elif')) {
        this.pos++;
        const c = this.parseList(new Set(['then']));
        this.expectWord('then');
        branches.push({ cond: c, body: this.parseList(new Set(['elif', 'else', 'fi'])) });
        continue;
      }
      if (this.isWord('else')) {
        this.pos++;
        elseBody = this.parseList(new Set(['fi']));
      }
      break;
    }
    this.expectWord('fi');
    return { type: 'if', branches, elseBody, redirects: this.parseRedirects(), line };
  }

  private parseCase(): Node {
    const line = this.next().line;
    const word = this.next();
    if (word.kind !== 'word') this.fail();
    this.skipNewlines();
    this.expectWord('in');
    const items: { patterns: string[]; body: Node }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isWord('esac')) break;
      if (this.isOp('(')) this.pos++;
      const patterns: string[] = [];
      for (;;) {
        const p = this.next();
        if (p.kind !== 'word') this.fail();
        patterns.push(p.text);
        if (this.isOp('|')) {
          this.pos++;
          continue;
        }
        break;
      }
      if (!this.isOp(')')) this.fail();
      this.pos++;
      const body = this.parseList(new Set(['esac']));
      items.push({ patterns, body });
      if (this.isOp(';;')) this.pos++;
    }
    this.expectWord('esac');
    return { type: 'case', word: (word as { text: string }).text, items, redirects: this.parseRedirects(), line };
  }
}

/** Parse a script into its tree; throws ShellSyntaxError. */
export function parseScript(src: string): Node {
  return new Parser(tokenize(src)).parseProgram();
}
