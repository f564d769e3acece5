/**
 * The small programs tutorials pipe together: cat, printenv, env, hostname, grep, head, tail, wc,
 * sort, uniq, seq, sleep, ls, date, tr, cut, tee, id, whoami, uname, basename, dirname, mkdir,
 * touch, rm, which, awk (`{print $N}`), sed (`s///`, `Np`). Each follows GNU coreutils' or
 * BusyBox's wording depending on the image (`box.busybox`). They read the Box's files only.
 */
import { VirtualFs, type ContainerContext, type Runner, type RunResult } from '../box.js';
import { printfFormat } from './interpreter.js';
import { keyTable } from '../../../key-table.js';

const res = (stdout: string, stderr = '', code = 0): RunResult => ({ stdout, stderr, code });

/** Read a file argument (`-` = stdin); returns text or an error message. */
function readArg(ctx: ContainerContext, prog: string, file: string): { text?: string; err?: string } {
  if (file === '-') return { text: ctx.stdin };
  const path = VirtualFs.resolve(ctx.cwd, file);
  const fs = ctx.box.fs;
  if (fs.isDir(path) && fs.read(path) === undefined) {
    return { err: ctx.box.busybox ? `${prog}: read error: Is a directory\n` : `${prog}: ${file}: Is a directory\n` };
  }
  const text = fs.read(path);
  if (text === undefined) return { err: ctx.box.busybox ? `${prog}: can't open '${file}': No such file or directory\n` : `${prog}: ${file}: No such file or directory\n` };
  return { text };
}

/** Split into lines, keeping the content only (a final newline does not make an empty line). */
function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}
const joinLines = (l: string[]): string => (l.length ? l.join('\n') + '\n' : '');

/** Short options parser: returns flags and operands; `withValue` lists options taking a value. */
function parseOpts(args: string[], withValue: string): { flags: Map<string, string>; operands: string[]; bad?: string } {
  const flags = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      flags.set(eq < 0 ? a : a.slice(0, eq), eq < 0 ? '' : a.slice(eq + 1));
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d+$/.test(a)) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        if (withValue.includes(f)) {
          const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          if (v === undefined) return { flags, operands, bad: f };
          flags.set(f, v);
          break;
        }
        flags.set(f, '');
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, operands };
}

function inputs(ctx: ContainerContext, prog: string, files: string[]): { texts: { name: string; text: string }[]; err: string } {
  if (files.length === 0) return { texts: [{ name: '-', text: ctx.stdin }], err: '' };
  const texts: { name: string; text: string }[] = [];
  let err = '';
  for (const f of files) {
    const r = readArg(ctx, prog, f);
    if (r.err) err += r.err;
    else texts.push({ name: f, text: r.text! });
  }
  return { texts, err };
}

const cat: Runner = (argv, ctx) => {
  const { operands, flags } = parseOpts(argv.slice(1), '');
  const { texts, err } = inputs(ctx, 'cat', operands);
  let out = texts.map((t) => t.text).join('');
  if (flags.has('n')) out = joinLines(lines(out).map((l, i) => `${String(i + 1).padStart(6)}\t${l}`));
  return res(out, err, err ? 1 : 0);
};

const printenv: Runner = (argv, ctx) => {
  const names = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (names.length === 0) return res([...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(''));
  let out = '';
  let code = 0;
  for (const n of names) {
    const v = ctx.env.get(n);
    if (v === undefined) code = 1;
    else out += v + '\n';
  }
  return res(out, '', code);
};

const env: Runner = (argv, ctx) => {
  const vars = new Map(ctx.env);
  let i = 1;
  if (argv[i] === '-i' || argv[i] === '-') {
    vars.clear();
    i++;
  }
  for (; i < argv.length && /^[A-Za-z_]\w*=/.test(argv[i]); i++) {
    const eq = argv[i].indexOf('=');
    vars.set(argv[i].slice(0, eq), argv[i].slice(eq + 1));
  }
  if (i >= argv.length) return res([...vars].map(([k, v]) => `${k}=${v}\n`).join(''));
  const exe = ctx.box.lookup(argv[i]);
  if (!exe) return res('', ctx.box.busybox ? `env: can't execute '${argv[i]}': No such file or directory\n` : `env: '${argv[i]}': No such file or directory\n`, 127);
  return exe.run(argv.slice(i), { ...ctx, env: vars });
};

const hostname: Runner = (argv, ctx) => {
  const name = (ctx.box.fs.read('/etc/hostname') ?? 'localhost').trim();
  if (argv[1] === '-i' || argv[1] === '-I') {
    const hosts = ctx.box.fs.read('/etc/hosts') ?? '';
    const ips = lines(hosts)
      .filter((l) => !l.startsWith('#') && l.split(/\s+/).slice(1).includes(name))
      .map((l) => l.split(/\s+/)[0]);
    return res((ips.length ? ips.join(' ') : '127.0.0.1') + (argv[1] === '-I' ? ' ' : '') + '\n');
  }
  if (argv[1] === '-f') {
    const hosts = ctx.box.fs.read('/etc/hosts') ?? '';
    const line = lines(hosts).find((l) => !l.startsWith('#') && l.split(/\s+/).slice(1).includes(name));
    return res((line?.split(/\s+/)[1] ?? name) + '\n');
  }
  return res(name + '\n');
};

/** POSIX basic regular expression → JavaScript. */
function breToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '+?|(){}'.includes(n) ? n : '\\' + n;
    } else if ('+?|(){}'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

function posixClasses(p: string): string {
  return p
    .replace(/\[:alpha:\]/g, 'A-Za-z')
    .replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:alnum:\]/g, 'A-Za-z0-9')
    .replace(/\[:space:\]/g, ' \\t\\n\\r\\f\\v')
    .replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z')
    .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~');
}

const grep: Runner = (argv, ctx) => {
  const { flags, operands, bad } = parseOpts(argv.slice(1), 'eAB');
  if (bad) return res('', ctx.box.busybox ? `grep: option requires an argument -- '${bad}'\n` : `grep: option requires an argument -- '${bad}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, 2);
  const ere = flags.has('E') || argv[0].endsWith('egrep');
  const fixed = flags.has('F');
  let patterns: string[];
  let files: string[];
  if (flags.has('e')) {
    patterns = [flags.get('e')!];
    files = operands;
  } else {
    if (operands.length === 0) return res('', ctx.box.busybox ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n' : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2);
    patterns = operands[0].split('\n');
    files = operands.slice(1);
  }
  let re: RegExp;
  try {
    const srcs = patterns.map((p) => (fixed ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : posixClasses(ere ? p : breToJs(p))));
    let src = srcs.map((s) => `(?:${s})`).join('|');
    if (flags.has('w')) src = `(?<![\\w])(?:${src})(?![\\w])`;
    if (flags.has('x')) src = `^(?:${src})$`;
    re = new RegExp(src, flags.has('i') || flags.has('--ignore-case') ? 'gi' : 'g');
  } catch {
    return res('', `grep: Invalid regular expression\n`, 2);
  }
  const { texts, err } = inputs(ctx, 'grep', files);
  const many = texts.length > 1;
  let out = '';
  let matchedAny = false;
  for (const { name, text } of texts) {
    let count = 0;
    lines(text).forEach((l, idx) => {
      re.lastIndex = 0;
      const hit = re.test(l);
      if (hit === flags.has('v')) return;
      count++;
      matchedAny = true;
      if (flags.has('c') || flags.has('q') || flags.has('l')) return;
      const prefix = (many && !flags.has('h') ? `${name === '-' ? '(standard input)' : name}:` : '') + (flags.has('n') ? `${idx + 1}:` : '');
      if (flags.has('o') && !flags.has('v')) {
        re.lastIndex = 0;
        for (const m of l.matchAll(re)) if (m[0]) out += prefix + m[0] + '\n';
      } else out += prefix + l + '\n';
    });
    if (flags.has('c')) out += (many ? `${name}:` : '') + count + '\n';
    if (flags.has('l') && count) out += name + '\n';
  }
  if (flags.has('q')) return res('', '', matchedAny ? 0 : 1);
  return res(out, flags.has('s') ? '' : err, err && !matchedAny ? 2 : matchedAny ? 0 : 1);
};

function countArg(argv: string[]): { n: number; fromStart: boolean; bytes: boolean; files: string[] } {
  let n = 10;
  let fromStart = false;
  let bytes = false;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    let v: string | undefined;
    if (a === '-n' || a === '-c') {
      v = argv[++i];
      bytes = a === '-c';
    } else if (/^-[nc].+/.test(a)) {
      v = a.slice(2);
      bytes = a[1] === 'c';
    } else if (/^-\d+$/.test(a)) v = a.slice(1);
    else if (a.startsWith('--lines=')) v = a.slice(8);
    else if (a === '-f' || a === '-F' || a === '-q') continue;
    else {
      files.push(a);
      continue;
    }
    if (v?.startsWith('+')) fromStart = true;
    n = Math.abs(Number(v));
  }
  return { n, fromStart, bytes, files };
}

const head: Runner = (argv, ctx) => {
  const { n, bytes, files } = countArg(argv);
  const { texts, err } = inputs(ctx, 'head', files);
  const out = texts.map((t) => (bytes ? t.text.slice(0, n) : joinLines(lines(t.text).slice(0, n)))).join('');
  return res(out, err, err ? 1 : 0);
};

const tail: Runner = (argv, ctx) => {
  const { n, fromStart, bytes, files } = countArg(argv);
  const { texts, err } = inputs(ctx, 'tail', files);
  const out = texts
    .map((t) => {
      if (bytes) return fromStart ? t.text.slice(n - 1) : t.text.slice(Math.max(0, t.text.length - n));
      const l = lines(t.text);
      return joinLines(fromStart ? l.slice(Math.max(0, n - 1)) : n === 0 ? [] : l.slice(-n));
    })
    .join('');
  return res(out, err, err ? 1 : 0);
};

const wc: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), '');
  const which = ['l', 'w', 'c'].filter((f) => flags.has(f) || flags.has('m') && f === 'c');
  const show = which.length ? which : ['l', 'w', 'c'];
  const { texts, err } = inputs(ctx, 'wc', operands);
  const counts = (t: string) => ({ l: (t.match(/\n/g) ?? []).length, w: t.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(t) });
  let out = '';
  const total = { l: 0, w: 0, c: 0 };
  const width = ctx.box.busybox ? 9 : operands.length === 0 ? 7 : Math.max(1, ...texts.map((t) => String(counts(t.text).c).length));
  for (const { name, text } of texts) {
    const c = counts(text);
    total.l += c.l;
    total.w += c.w;
    total.c += c.c;
    const vals = show.map((f) => c[f as 'l' | 'w' | 'c']);
    const one = vals.length === 1 && (operands.length === 0 || !ctx.box.busybox);
    const body = one && operands.length === 0 ? String(vals[0]) : vals.map((v) => String(v).padStart(one ? 1 : width)).join(ctx.box.busybox ? ' ' : ' ');
    out += body + (name === '-' ? '' : ` ${name}`) + '\n';
  }
  if (texts.length > 1) out += show.map((f) => String(total[f as 'l' | 'w' | 'c']).padStart(width)).join(' ') + ' total\n';
  return res(out, err, err ? 1 : 0);
};

const sort: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), 'kt');
  const { texts, err } = inputs(ctx, 'sort', operands);
  let l = texts.flatMap((t) => lines(t.text));
  const key = (s: string): string => {
    if (!flags.has('k')) return s;
    const k = Number(flags.get('k')!.split(',')[0].replace(/n$/, '')) - 1;
    const parts = flags.has('t') ? s.split(flags.get('t')!) : s.trim().split(/\s+/);
    return parts[k] ?? '';
  };
  const numeric = flags.has('n') || /n$/.test(flags.get('k') ?? '');
  l.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (numeric) return (parseFloat(ka) || 0) - (parseFloat(kb) || 0) || (a < b ? -1 : a > b ? 1 : 0);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  if (flags.has('r')) l.reverse();
  if (flags.has('u')) l = l.filter((x, i) => i === 0 || key(x) !== key(l[i - 1]));
  return res(joinLines(l), err, err ? 2 : 0);
};

const uniq: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), '');
  const { texts, err } = inputs(ctx, 'uniq', operands.slice(0, 1));
  const groups: { line: string; n: number }[] = [];
  for (const l of texts.flatMap((t) => lines(t.text))) {
    const last = groups[groups.length - 1];
    if (last && last.line === l) last.n++;
    else groups.push({ line: l, n: 1 });
  }
  const kept = groups.filter((g) => (flags.has('d') ? g.n > 1 : flags.has('u') ? g.n === 1 : true));
  return res(kept.map((g) => (flags.has('c') ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`)).join(''), err, err ? 1 : 0);
};

const seq: Runner = (argv, ctx) => {
  let sep = '\n';
  let width = false;
  const nums: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-s') sep = argv[++i] ?? '';
    else if (a.startsWith('-s')) sep = a.slice(2);
    else if (a === '-w') width = true;
    else nums.push(a);
  }
  if (nums.length === 0 || nums.length > 3) return res('', ctx.box.busybox ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n' : "seq: missing operand\nTry 'seq --help' for more information.\n", 1);
  const bad = nums.find((n) => !/^[-+]?\d+(\.\d+)?$/.test(n));
  if (bad !== undefined) return res('', ctx.box.busybox ? `seq: invalid number '${bad}'\n` : `seq: invalid floating point argument: '${bad}'\nTry 'seq --help' for more information.\n`, 1);
  const [first, inc, last] = nums.length === 1 ? [1, 1, Number(nums[0])] : nums.length === 2 ? [Number(nums[0]), 1, Number(nums[1])] : [Number(nums[0]), Number(nums[1]), Number(nums[2])];
  const out: string[] = [];
  if (inc !== 0) for (let v = first; inc > 0 ? v <= last : v >= last; v += inc) {
    out.push(String(v));
    if (out.length > 1_000_000) break;
  }
  const w = width ? Math.max(...out.map((s) => s.length)) : 0;
  return res(out.length ? out.map((s) => s.padStart(w, '0')).join(sep) + '\n' : '');
};

const sleep: Runner = (argv, ctx) => {
  const arg = argv[1];
  if (arg === undefined) return res('', ctx.box.busybox ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: sleep [N]...\n' : "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1);
  if (arg === 'infinity' || Number(arg) > 3600) ctx.box.hints.push(`\`sleep ${arg}\` would not return in a real container; kubesim returns at once (time is not simulated)`);
  else if (!/^\d+(\.\d+)?[smhd]?$/.test(arg)) return res('', ctx.box.busybox ? `sleep: invalid number '${arg}'\n` : `sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`, 1);
  return res('');
};

const ls: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), '');
  const targets = operands.length ? operands : ['.'];
  const fs = ctx.box.fs;
  let out = '';
  let err = '';
  const fileLines: string[] = [];
  const dirBlocks: string[] = [];
  for (const t of targets) {
    const p = VirtualFs.resolve(ctx.cwd, t);
    if (fs.isDir(p)) {
      let names = fs.list(p);
      if (!flags.has('a') && !flags.has('A')) names = names.filter((n) => !n.startsWith('.'));
      const body = flags.has('l') ? names.map((n) => longEntry(fs, p === '/' ? `/${n}` : `${p}/${n}`, n)).join('') : names.map((n) => n + '\n').join('');
      dirBlocks.push((targets.length > 1 ? `${t}:\n` : '') + (flags.has('l') ? `total ${names.length * 4}\n` : '') + body);
    } else if (fs.read(p) !== undefined) fileLines.push(flags.has('l') ? longEntry(fs, p, t) : t + '\n');
    else err += ctx.box.busybox ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`;
  }
  out = fileLines.join('') + (fileLines.length && dirBlocks.length ? '\n' : '') + dirBlocks.join('\n');
  return res(out, err, err ? (ctx.box.busybox ? 1 : 2) : 0);
};

function longEntry(fs: VirtualFs, path: string, name: string): string {
  const dir = fs.isDir(path) && fs.read(path) === undefined;
  const size = dir ? 4096 : Buffer.byteLength(fs.read(path) ?? '');
  return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root     ${String(size).padStart(8)} Jan  1 00:00 ${name}\n`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

export function strftime(d: Date, fmt: string): string {
  return fmt.replace(/%([a-zA-Z%])/g, (_m, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getUTCFullYear());
      case 'm':
        return p2(d.getUTCMonth() + 1);
      case 'd':
        return p2(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2);
      case 'H':
        return p2(d.getUTCHours());
      case 'M':
        return p2(d.getUTCMinutes());
      case 'S':
        return p2(d.getUTCSeconds());
      case 's':
        return String(Math.floor(d.getTime() / 1000));
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'a':
        return DAYS[d.getUTCDay()];
      case 'b':
      case 'h':
        return MONTHS[d.getUTCMonth()];
      case 'T':
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case 'F':
        return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case 'N':
        return '000000000';
      case '%':
        return '%';
      default:
        return '%' + c;
    }
  });
}

const date: Runner = (argv, ctx) => {
  const fmt = argv.slice(1).find((a) => a.startsWith('+'));
  const utc = argv.includes('-u') || argv.includes('--utc');
  void utc;
  const d = ctx.cluster.now();
  return res(strftime(d, fmt ? fmt.slice(1) : '%a %b %e %H:%M:%S %Z %Y') + '\n');
};

function expandSet(s: string): string {
  const u = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  const cls = posixClasses(u.replace(/^\[/, '').replace(/\]$/, '') === u ? u : u);
  let out = '';
  for (let i = 0; i < cls.length; i++) {
    if (cls[i + 1] === '-' && i + 2 < cls.length) {
      for (let c = cls.charCodeAt(i); c <= cls.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += cls[i];
  }
  return out;
}

const tr: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), '');
  const a = expandSet(operands[0] ?? '');
  const b = expandSet(operands[1] ?? '');
  let out = '';
  for (const ch of ctx.stdin) {
    const i = a.indexOf(ch);
    if (flags.has('d')) {
      if (i < 0) out += ch;
    } else out += i < 0 ? ch : (b[Math.min(i, b.length - 1)] ?? ch);
  }
  if (flags.has('s')) {
    const set = flags.has('d') ? b : b || a;
    out = out.replace(/(.)\1+/gs, (m, c: string) => (set.includes(c) ? c : m));
  }
  return res(out);
};

function ranges(spec: string): (n: number) => boolean {
  const parts = spec.split(',').map((p) => {
    const m = /^(\d*)-(\d*)$/.exec(p);
    if (m) return [m[1] ? Number(m[1]) : 1, m[2] ? Number(m[2]) : Infinity] as const;
    return [Number(p), Number(p)] as const;
  });
  return (n) => parts.some(([a, b]) => n >= a && n <= b);
}

const cut: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), 'dfc');
  const { texts, err } = inputs(ctx, 'cut', operands);
  const delim = flags.get('d') ?? '\t';
  const out = texts
    .flatMap((t) => lines(t.text))
    .map((l) => {
      if (flags.has('c')) {
        const pick = ranges(flags.get('c')!);
        return [...l].filter((_, i) => pick(i + 1)).join('');
      }
      if (!l.includes(delim)) return flags.has('s') ? undefined : l;
      const pick = ranges(flags.get('f') ?? '1');
      return l
        .split(delim)
        .filter((_, i) => pick(i + 1))
        .join(delim);
    })
    .filter((l): l is string => l !== undefined);
  return res(joinLines(out), err, err ? 1 : 0);
};

const tee: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), '');
  for (const f of operands) ctx.box.fs.write(VirtualFs.resolve(ctx.cwd, f), ctx.stdin, flags.has('a'));
  return res(ctx.stdin);
};

const id: Runner = (_argv, ctx) => {
  if (ctx.box.user === 'root') return res(ctx.box.busybox ? 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n' : 'uid=0(root) gid=0(root) groups=0(root)\n');
  if (ctx.box.user === 'curl_user') return res('uid=100(curl_user) gid=101(curl_group) groups=101(curl_group)\n');
  return res(`uid=1000(${ctx.box.user}) gid=1000(${ctx.box.user}) groups=1000(${ctx.box.user})\n`);
};

const whoami: Runner = (_argv, ctx) => res(ctx.box.user + '\n');

const uname: Runner = (argv, ctx) => {
  const host = (ctx.box.fs.read('/etc/hostname') ?? 'localhost').trim();
  const kernel = '6.8.0-49-generic';
  const flags = argv.slice(1).join('');
  if (flags.includes('a')) return res(`Linux ${host} ${kernel} #49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024 x86_64${ctx.box.busybox ? ' Linux' : ' GNU/Linux'}\n`);
  const parts: string[] = [];
  if (flags.includes('s') || !flags) parts.push('Linux');
  if (flags.includes('n')) parts.push(host);
  if (flags.includes('r')) parts.push(kernel);
  if (flags.includes('m')) parts.push('x86_64');
  return res(parts.join(' ') + '\n');
};

const basename: Runner = (argv) => {
  const p = (argv[1] ?? '').replace(/\/+$/, '');
  let b = p.slice(p.lastIndexOf('/') + 1) || '/';
  if (argv[2] && b.endsWith(argv[2]) && b !== argv[2]) b = b.slice(0, -argv[2].length);
  return res(b + '\n');
};

const dirname: Runner = (argv) => {
  const p = (argv[1] ?? '').replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  return res((i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)) + '\n');
};

const mkdir: Runner = (argv, ctx) => {
  for (const a of argv.slice(1).filter((x) => !x.startsWith('-'))) ctx.box.fs.mkdir(VirtualFs.resolve(ctx.cwd, a));
  return res('');
};

const touch: Runner = (argv, ctx) => {
  for (const a of argv.slice(1).filter((x) => !x.startsWith('-'))) {
    const p = VirtualFs.resolve(ctx.cwd, a);
    if (ctx.box.fs.read(p) === undefined) ctx.box.fs.write(p, '');
  }
  return res('');
};

const rm: Runner = (argv, ctx) => {
  const force = argv.some((a) => /^-\w*f/.test(a));
  let err = '';
  for (const a of argv.slice(1).filter((x) => !x.startsWith('-'))) {
    if (!ctx.box.fs.remove(VirtualFs.resolve(ctx.cwd, a)) && !force) err += ctx.box.busybox ? `rm: can't remove '${a}': No such file or directory\n` : `rm: cannot remove '${a}': No such file or directory\n`;
  }
  return res('', err, err ? 1 : 0);
};

const which: Runner = (argv, ctx) => {
  let out = '';
  let code = 0;
  for (const a of argv.slice(1).filter((x) => !x.startsWith('-'))) {
    if (ctx.box.lookup(a)) out += (a.includes('/') ? a : `/usr/bin/${a}`) + '\n';
    else code = 1;
  }
  return res(out, '', code);
};

/** A tiny awk: `[-F SEP] '[/re/|NR==n|cond] { print expr, … }'`. */
const awk: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), 'Fv');
  const prog = operands[0] ?? '';
  const { texts, err } = inputs(ctx, 'awk', operands.slice(1));
  const fsep = flags.get('F');
  const m = /^\s*(.*?)\s*(?:\{\s*(.*?)\s*\})?\s*$/s.exec(prog);
  const cond = m?.[1] ?? '';
  const action = m?.[2] ?? 'print';
  let out = '';
  let nr = 0;
  for (const line of texts.flatMap((t) => lines(t.text))) {
    nr++;
    const fields = fsep ? line.split(fsep.length === 1 ? fsep : new RegExp(fsep)) : line.trim().split(/\s+/).filter(Boolean);
    const val = (e: string): string => {
      e = e.trim();
      if (e === '$0') return line;
      if (e === 'NR') return String(nr);
      if (e === 'NF') return String(fields.length);
      if (e === '$NF') return fields[fields.length - 1] ?? '';
      const f = /^\$(\d+)$/.exec(e);
      if (f) return Number(f[1]) === 0 ? line : (fields[Number(f[1]) - 1] ?? '');
      const s = /^"(.*)"$/.exec(e);
      if (s) return s[1].replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      return e;
    };
    let pass = true;
    if (cond) {
      const re = /^\/(.*)\/$/.exec(cond);
      const cmp = /^(\$\w+|NR|NF)\s*(==|!=|>|<|>=|<=)\s*(.+)$/.exec(cond);
      if (re) pass = new RegExp(re[1]).test(line);
      else if (cmp) {
        const a = val(cmp[1]);
        const b = val(cmp[3]);
        const na = Number(a);
        const nb = Number(b);
        const num = !Number.isNaN(na) && !Number.isNaN(nb) && a !== '' && b !== '';
        const [x, y] = num ? [na, nb] : [a, b];
        pass = cmp[2] === '==' ? x === y : cmp[2] === '!=' ? x !== y : cmp[2] === '>' ? x > y : cmp[2] === '<' ? x < y : cmp[2] === '>=' ? x >= y : x <= y;
      }
    }
    if (!pass) continue;
    for (const stmt of action.split(';').map((s) => s.trim()).filter(Boolean)) {
      const pm = /^print\s*(.*)$/.exec(stmt);
      if (!pm) continue;
      const args = pm[1] ? splitTopLevel(pm[1]) : ['$0'];
      out += args.map((a) => a.split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/).map(val).join('')).join(' ') + '\n';
    }
  }
  return res(out, err, err ? 2 : 0);
};

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const c of s) {
    if (c === '"') q = !q;
    if (c === ',' && !q) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A tiny sed: `-n`, `-e`, `s/a/b/[g]`, `Np`, `Nd`, `/re/p`, `/re/d`. */
const sed: Runner = (argv, ctx) => {
  const { flags, operands } = parseOpts(argv.slice(1), 'e');
  const script = flags.get('e') ?? operands.shift() ?? '';
  const { texts, err } = inputs(ctx, 'sed', operands);
  const quiet = flags.has('n');
  let out = '';
  let nr = 0;
  const cmds = script.split(/;|\n/).map((c) => c.trim()).filter(Boolean);
  for (const line0 of texts.flatMap((t) => lines(t.text))) {
    nr++;
    let line = line0;
    let deleted = false;
    let printed = '';
    for (const c of cmds) {
      const s = /^s(.)(.*?)\1(.*?)\1([gip]*)$/.exec(c);
      if (s) {
        const re = new RegExp(posixClasses(breToJs(s[2])), (s[4].includes('g') ? 'g' : '') + (s[4].includes('i') ? 'i' : ''));
        const before = line;
        line = line.replace(re, s[3].replace(/\\(\d)/g, '$$$1').replace(/&/g, '$$&'));
        if (s[4].includes('p') && line !== before) printed += line + '\n';
        continue;
      }
      const a = /^(\d+|\$|\/(.*)\/)?\s*([pd])$/.exec(c);
      if (a) {
        const addrOk = !a[1] || (a[2] !== undefined ? new RegExp(breToJs(a[2])).test(line) : a[1] === '$' ? false : Number(a[1]) === nr);
        if (!addrOk) continue;
        if (a[3] === 'p') printed += line + '\n';
        else deleted = true;
      }
    }
    out += printed;
    if (!deleted && !quiet) out += line + '\n';
  }
  return res(out, err, err ? 2 : 0);
};

const printfProg: Runner = (argv) => res(printfFormat(argv[1] ?? '', argv.slice(2)));

const echoProg: Runner = (argv) => {
  let args = argv.slice(1);
  let nl = true;
  if (args[0] === '-n') {
    nl = false;
    args = args.slice(1);
  }
  return res(args.join(' ') + (nl ? '\n' : ''));
};

const trueProg: Runner = () => res('');
const falseProg: Runner = () => res('', '', 1);

const nproc: Runner = () => res('2\n');

/** The utilities every image with a shell carries (coreutils or BusyBox applets). */
export const COREUTILS: Record<string, Runner> = keyTable({
  cat,
  printenv,
  env,
  hostname,
  grep,
  egrep: grep,
  head,
  tail,
  wc,
  sort,
  uniq,
  seq,
  sleep,
  ls,
  date,
  tr,
  cut,
  tee,
  id,
  whoami,
  uname,
  basename,
  dirname,
  mkdir,
  touch,
  rm,
  which,
  awk,
  sed,
  printf: printfProg,
  echo: echoProg,
  true: trueProg,
  false: falseProg,
  nproc,
});
