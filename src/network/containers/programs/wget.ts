/**
 * wget in its two common forms (tool-outputs §2): GNU Wget 1.21.3 (Debian images after
 * `apt-get install wget`) with its dated log, dot progress, retries and exit codes 4/8; and
 * BusyBox wget (busybox, Alpine, curlimages/curl) with its one-line messages and exit code 1.
 */
import type { Chunk, ContainerContext, RunResult } from '../box.js';
import { VirtualFs } from '../box.js';
import { header, serializeRequest, statusLine, type HttpRequest } from '../servers/http.js';
import { dial, exchange, isIPv4, resolve } from './network.js';

interface WgetOptions {
  quiet: boolean;
  output?: string;
  timeout?: number;
  tries?: number;
  spider: boolean;
  serverResponse: boolean;
  headers: string[];
  userAgent?: string;
  urls: string[];
  postData?: string;
}

function parse(args: string[]): WgetOptions | { bad: string } {
  const o: WgetOptions = { quiet: false, spider: false, serverResponse: false, headers: [], urls: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (long) {
      const [, name, inline] = long;
      const val = () => inline ?? args[++i];
      switch (name) {
        case 'quiet':
          o.quiet = true;
          break;
        case 'output-document':
          o.output = val();
          break;
        case 'timeout':
          o.timeout = Number(val());
          break;
        case 'tries':
          o.tries = Number(val());
          break;
        case 'spider':
          o.spider = true;
          break;
        case 'server-response':
          o.serverResponse = true;
          break;
        case 'header':
          o.headers.push(val());
          break;
        case 'user-agent':
          o.userAgent = val();
          break;
        case 'post-data':
          o.postData = val();
          break;
        case 'no-check-certificate':
        case 'no-verbose':
        case 'no-cache':
          break;
        default:
          return { bad: a };
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        const rest = () => (k + 1 < a.length ? a.slice(k + 1) : args[++i]);
        if (f === 'q') o.quiet = true;
        else if (f === 'S') o.serverResponse = true;
        else if (f === 'O') {
          o.output = rest();
          break;
        } else if (f === 'T') {
          o.timeout = Number(rest());
          break;
        } else if (f === 't') {
          o.tries = Number(rest());
          break;
        } else if (f === 'U') {
          o.userAgent = rest();
          break;
        } else if (f === 'Y' || f === 'P' || f === 'o') {
          rest();
          break;
        } else if (f === 'c' || f === 's' || f === 'v' || f === 'n') continue;
        else return { bad: `-${f}` };
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

interface Target {
  host: string;
  port: number;
  explicitPort: boolean;
  path: string;
  display: string;
}

function target(raw: string): Target | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?][^#]*)?/.exec(raw);
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
  const path = m[4] ? (m[4].startsWith('?') ? '/' + m[4] : m[4]) : '/';
  return { host: m[2], port, explicitPort: Boolean(m[3]), path, display: `${m[1] ?? 'http'}://${m[2]}${m[3] ? ':' + m[3] : ''}${path}` };
}

function fileNameFor(t: Target): string {
  const last = t.path.split('?')[0].split('/').pop();
  return last || 'index.html';
}

const pad2 = (n: number) => String(n).padStart(2, '0');
function stamp(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function speedText(bytesPerSec: number, unitSuffix: string): string {
  const units = ['', 'K', 'M', 'G'];
  let v = bytesPerSec;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const num = v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unitSuffix ? `${num} ${units[u] || ''}${unitSuffix}` : `${num}${units[u] || 'B'}`;
}

// ---------------------------------------------------------------------------------------------
// GNU Wget 1.21.3

export function runGnuWget(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if ('bad' in o) return { stdout: '', stderr: `wget: unrecognized option '${o.bad}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`, code: 2 };
  if (o.urls.length === 0) return { stdout: '', stderr: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", code: 1 };
  const chunks: Chunk[] = [];
  const err = (t: string) => !o.quiet && chunks.push({ fd: 2, text: t });
  let code = 0;
  let clock = ctx.cluster.now().getTime();
  for (const raw of o.urls) {
    const t = target(raw);
    if (!t) continue;
    const tries = o.tries && o.tries > 0 ? o.tries : 20;
    const connectTimeout = o.timeout ?? 127;
    err(`--${stamp(new Date(clock))}--  ${t.display}\n`);
    if (o.spider) err('Spider mode enabled. Check if remote file exists.\n');
    let ip = t.host;
    if (!isIPv4(t.host)) {
      const lookup = resolve(ctx, t.host);
      if (lookup.addresses.length === 0) {
        const why = lookup.error === 'SERVFAIL' ? 'Temporary failure in name resolution' : 'Name or service not known';
        err(`Resolving ${t.host} (${t.host})... failed: ${why}.\n`);
        err(`wget: unable to resolve host address '${t.host}'\n`);
        code = 4;
        continue;
      }
      ip = lookup.addresses[0];
      err(`Resolving ${t.host} (${t.host})... ${lookup.addresses.join(', ')}\n`);
    }
    const connecting = isIPv4(t.host) ? `Connecting to ${t.host}:${t.port}... ` : `Connecting to ${t.host} (${t.host})|${ip}|:${t.port}... `;
    let done = false;
    for (let attempt = 1; attempt <= tries && !done; attempt++) {
      if (attempt > 1) {
        clock += Math.min(attempt - 1, 10) * 1000;
        err(`--${stamp(new Date(clock))}--  (try:${String(attempt).padStart(2)})  ${t.display}\n`);
      }
      const d = dial(ctx, ip, t.port);
      if (d.kind === 'refused' || d.kind === 'unreachable') {
        err(`${connecting}failed: ${d.kind === 'refused' ? 'Connection refused' : 'No route to host'}.\n`);
        code = 4;
        done = true;
        break;
      }
      const giveUp = attempt === tries;
      if (d.kind === 'timeout') {
        clock += connectTimeout * 1000;
        err(`${connecting}failed: Connection timed out.\n${giveUp ? 'Giving up.\n\n' : 'Retrying.\n\n'}`);
        code = 4;
        continue;
      }
      err(`${connecting}connected.\n`);
      const req: HttpRequest = {
        method: o.spider ? 'HEAD' : o.postData !== undefined ? 'POST' : 'GET',
        target: t.path,
        version: 'HTTP/1.1',
        headers: [
          ['User-Agent', o.userAgent ?? 'Wget/1.21.3'],
          ['Accept', '*/*'],
          ['Accept-Encoding', 'identity'],
          ['Host', t.explicitPort ? `${t.host}:${t.port}` : t.host],
          ['Connection', 'Keep-Alive'],
          ...o.headers.map((h): [string, string] => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()]),
        ],
        body: o.postData ?? '',
      };
      const reply = exchange(ctx, d, serializeRequest(req));
      const waiting = `HTTP request sent, awaiting response... ${o.serverResponse ? '\n' : ''}`;
      if (reply.kind === 'empty' || reply.kind === 'hang') {
        if (reply.kind === 'hang') clock += (o.timeout ?? 900) * 1000;
        err(`${waiting}${reply.kind === 'empty' ? 'No data received.' : 'Read error (Connection timed out) in headers.'}\n${giveUp ? 'Giving up.\n\n' : 'Retrying.\n\n'}`);
        code = 4;
        continue;
      }
      done = true;
      const toStdout = o.output === '-';
      const file = o.output ?? fileNameFor(t);
      const saving = toStdout ? 'STDOUT' : file;
      let body: string;
      let length: string;
      if (reply.kind === 'raw') {
        err(`${waiting}200 No headers, assuming HTTP/0.9\nLength: unspecified\n`);
        body = reply.bytes;
        length = `[${Buffer.byteLength(body)}]`;
      } else {
        const res = reply.response;
        if (o.serverResponse) err(waiting + [statusLine(res), ...res.headers.map(([k, v]) => `${k}: ${v}`)].map((l) => `  ${l}\n`).join(''));
        else err(`${waiting}${res.status} ${res.reason}\n`);
        if (res.status >= 400) {
          err(`${stamp(new Date(clock))} ERROR ${res.status}: ${res.reason}.\n\n`);
          code = 8;
          break;
        }
        const ct = (header(res, 'Content-Type') ?? '').split(';')[0];
        const n = Buffer.byteLength(res.body);
        err(`Length: ${header(res, 'Content-Length') ?? n} ${ct ? `[${ct}]` : ''}\n`.replace(' \n', '\n'));
        if (o.spider) {
          err('Remote file exists.\n\n');
          break;
        }
        body = res.body;
        length = `[${n}/${n}]`;
      }
      err(`Saving to: '${saving}'\n\n`);
      const bps = (Buffer.byteLength(body) * 1e6) / (40 + ctx.cluster.random.int(60));
      err(`     0K${' '.repeat(55)}100% ${speedText(bps, '').padStart(5)}=0s\n\n`);
      err(`${stamp(new Date(clock))} (${speedText(bps, 'B/s')}) - ${toStdout ? 'written to stdout' : `'${saving}' saved`} ${length}\n\n`);
      if (toStdout) chunks.push({ fd: 1, text: body });
      else ctx.box.fs.write(VirtualFs.resolve(ctx.cwd, file), body);
      code = 0;
    }
  }
  return finish(chunks, code);
}

// ---------------------------------------------------------------------------------------------
// BusyBox wget

export function runBusyboxWget(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if ('bad' in o || o.urls.length === 0) {
    return { stdout: '', stderr: 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n\n\t--spider\tOnly check URL existence: $? is 0 if exists\n\t--header STR\tAdd STR (of form \'header: value\') to headers\n\t--post-data STR\tSend STR using POST method\n\t--post-file FILE\tSend FILE using POST method\n\t-c\t\tContinue retrieval of aborted transfer\n\t-q\t\tQuiet\n\t-P DIR\t\tSave to DIR (default .)\n\t-S    \t\tShow server response\n\t-T SEC\t\tNetwork read timeout is SEC seconds\n\t-O FILE\t\tSave to FILE (\'-\' for stdout)\n\t-o LOGFILE\tLog messages to FILE\n\t-U STR\t\tUse STR for User-Agent header\n\t-Y on/off\tUse proxy\n', code: 1 };
  }
  const chunks: Chunk[] = [];
  const info = (t: string) => !o.quiet && chunks.push({ fd: 2, text: t });
  const fail = (t: string): RunResult => {
    chunks.push({ fd: 2, text: `wget: ${t}\n` });
    return finish(chunks, 1);
  };
  for (const raw of o.urls) {
    const t = target(raw);
    if (!t) return fail(`bad address '${raw}'`);
    const lookup = resolve(ctx, t.host);
    if (lookup.addresses.length === 0) return fail(`bad address '${t.host}'`);
    const ip = lookup.addresses[0];
    info(`Connecting to ${t.host}${t.explicitPort ? ':' + t.port : ''} (${ip}:${t.port})\n`);
    const d = dial(ctx, ip, t.port);
    if (d.kind === 'refused' || d.kind === 'unreachable') return fail(`can't connect to remote host (${ip}): ${d.kind === 'refused' ? 'Connection refused' : 'No route to host'}`);
    if (d.kind === 'timeout') {
      if (o.timeout === undefined) ctx.box.hints.push('busybox wget waits 900 s by default before `download timed out`; add -T 2');
      return fail('download timed out');
    }
    const req: HttpRequest = {
      method: o.postData !== undefined ? 'POST' : 'GET',
      target: t.path,
      version: 'HTTP/1.1',
      headers: [['Host', t.explicitPort ? `${t.host}:${t.port}` : t.host], ['User-Agent', o.userAgent ?? 'Wget'], ['Connection', 'close'], ...o.headers.map((h): [string, string] => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()])],
      body: o.postData ?? '',
    };
    const reply = exchange(ctx, d, serializeRequest(req));
    if (reply.kind === 'hang') return fail('download timed out');
    if (reply.kind !== 'http') return fail('error getting response');
    const res = reply.response;
    if (o.serverResponse) chunks.push({ fd: 2, text: [statusLine(res), ...res.headers.map(([k, v]) => `${k}: ${v}`)].map((l) => `  ${l}\n`).join('') + '  \n' });
    if (res.status >= 400) return fail(`server returned error: ${statusLine(res)}`);
    if (o.spider) {
      info('remote file exists\n');
      continue;
    }
    const toStdout = o.output === '-';
    const file = o.output ?? fileNameFor(t);
    const n = Buffer.byteLength(res.body);
    info(toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
    if (toStdout) {
      if (ctx.box.tty) {
        chunks.push({ fd: 1, text: res.body });
        info(`\r${'-'.padEnd(20)} 100% |********************************| ${String(n).padStart(5)}  0:00:00 ETA\n`);
      } else {
        info(`${'-'.padEnd(20)} 100% |********************************| ${String(n).padStart(5)}  0:00:00 ETA\n`);
        chunks.push({ fd: 1, text: res.body });
      }
      info('written to stdout\n');
    } else {
      ctx.box.fs.write(VirtualFs.resolve(ctx.cwd, file), res.body);
      info(`${file.slice(0, 20).padEnd(20)} 100% |********************************| ${String(n).padStart(5)}  0:00:00 ETA\n`);
      info(`'${file}' saved\n`);
    }
  }
  return finish(chunks, 0);
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
