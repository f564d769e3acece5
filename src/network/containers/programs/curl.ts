/**
 * curl, as 7.88.1 (Debian 12 images) and 8.10.1 (curlimages/curl, Alpine) print it: the progress
 * meter on stderr when stdout is not a terminal, `-v` traces, `-i`/`-I` headers, `-w`, `-f`, `-L`,
 * `-o`, timeouts, and the error line and exit code of every outcome (tool-outputs §1). Nothing
 * waits: a timeout is reported as if the time had passed.
 */
import type { Chunk, ContainerContext, RunResult } from '../box.js';
import { VirtualFs } from '../box.js';
import { isTlsPort } from '../servers/index.js';
import { header, serializeRequest, statusLine, type HttpRequest, type HttpResponse, type ServeReply } from '../servers/http.js';
import { dial, exchange, isIPv4, resolve, type Dial } from './network.js';
import type { CurlVersion } from '../images.js';
import { keyTable } from '../../../key-table.js';

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  location: boolean;
  insecure: boolean;
  http09: boolean;
  noMeter: boolean;
  output?: string;
  maxTime?: number;
  connectTimeout?: number;
  writeOut?: string;
  headers: string[];
  method?: string;
  data?: string;
  userAgent?: string;
  urls: string[];
}

const BOOL: Record<string, keyof CurlOptions> = {
  '-s': 'silent',
  '--silent': 'silent',
  '-S': 'showError',
  '--show-error': 'showError',
  '-v': 'verbose',
  '--verbose': 'verbose',
  '-i': 'include',
  '--include': 'include',
  '-I': 'head',
  '--head': 'head',
  '-f': 'fail',
  '--fail': 'fail',
  '-L': 'location',
  '--location': 'location',
  '-k': 'insecure',
  '--insecure': 'insecure',
  '--http0.9': 'http09',
  '--no-progress-meter': 'noMeter',
};
const IGNORED_BOOL = new Set(['-4', '-6', '-N', '--no-buffer', '--compressed', '-g', '--globoff', '--http1.1', '-q', '--fail-with-body', '-#', '--progress-bar', '--raw', '-l']);
const VALUE = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-H', '--header', '-X', '--request', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-A', '--user-agent', '-u', '--user', '-e', '--referer', '--retry', '--resolve', '-x', '--proxy', '-b', '--cookie', '-c', '--cookie-jar', '-T', '--upload-file', '--cacert', '--cert', '--key', '-E', '--interface', '--retry-delay', '--retry-max-time', '-r', '--range', '-Y', '-y', '--limit-rate']);
const SHORT_VALUE = 'omwHXdAuerxbcTEYy';

function hint(version: CurlVersion): string {
  void version;
  return "curl: try 'curl --help' or 'curl --manual' for more information\n";
}

type Parsed = { opts: CurlOptions } | { error: string };

function parseArgs(args: string[], version: CurlVersion): Parsed {
  const o: CurlOptions = { silent: false, showError: false, verbose: false, include: false, head: false, fail: false, location: false, insecure: false, http09: false, noMeter: false, headers: [], urls: [] };
  const setValue = (flag: string, v: string) => {
    switch (flag) {
      case '-o':
      case '--output':
        o.output = v;
        break;
      case '-m':
      case '--max-time':
        o.maxTime = Number(v);
        break;
      case '--connect-timeout':
        o.connectTimeout = Number(v);
        break;
      case '-w':
      case '--write-out':
        o.writeOut = v;
        break;
      case '-H':
      case '--header':
        o.headers.push(v);
        break;
      case '-X':
      case '--request':
        o.method = v;
        break;
      case '-d':
      case '--data':
      case '--data-raw':
      case '--data-binary':
      case '--data-urlencode':
        o.data = o.data === undefined ? v : `${o.data}&${v}`;
        break;
      case '-A':
      case '--user-agent':
        o.userAgent = v;
        break;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      o.urls.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (BOOL[name]) (o as unknown as Record<string, boolean>)[BOOL[name]] = true;
      else if (IGNORED_BOOL.has(name)) continue;
      else if (VALUE.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { error: `curl: option ${name}: requires parameter\n${hint(version)}` };
        setValue(name, v);
      } else return { error: `curl: option ${a}: is unknown\n${hint(version)}` };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = `-${a[k]}`;
        if (BOOL[f]) (o as unknown as Record<string, boolean>)[BOOL[f]] = true;
        else if (IGNORED_BOOL.has(f)) continue;
        else if (SHORT_VALUE.includes(a[k])) {
          const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          if (v === undefined) return { error: `curl: option ${f}: requires parameter\n${hint(version)}` };
          setValue(f, v);
          break;
        } else return { error: `curl: option ${a}: is unknown\n${hint(version)}` };
      }
      continue;
    }
    o.urls.push(a);
  }
  return { opts: o };
}

export interface Url {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  explicitPort: boolean;
  path: string;
  raw: string;
}

export function parseUrl(raw: string): Url | { code: number; message: string } {
  let rest = raw;
  let scheme = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') return { code: 1, message: `Protocol "${scheme}" not supported` };
  const slash = rest.search(/[/?#]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '/' : rest.slice(slash);
  if (path.startsWith('?')) path = '/' + path;
  path = path.replace(/#.*$/, '');
  const hostPort = authority.replace(/^.*@/, '');
  const c = hostPort.lastIndexOf(':');
  let host = hostPort;
  let port = scheme === 'https' ? 443 : 80;
  let explicitPort = false;
  if (c >= 0) {
    host = hostPort.slice(0, c);
    const p = hostPort.slice(c + 1);
    if (p !== '') {
      if (!/^\d+$/.test(p) || Number(p) > 65535) return { code: 3, message: 'URL rejected: Port number was not a decimal number between 0 and 65535' };
      port = Number(p);
      explicitPort = true;
    }
  }
  if (!host) return { code: 3, message: 'URL rejected: No host part in the URL' };
  return { scheme: scheme as 'http' | 'https', host, port, explicitPort, path, raw };
}

// ---------------------------------------------------------------------------------------------
// Progress meter (curl's classic layout, 7.x–8.15)

const METER_HEADER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** curl's 5-character size field. */
export function size5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  if (n < 100 * 1024 * 1024) return `${String(Math.floor(n / (1024 * 1024))).padStart(2)}.${Math.floor(((n % (1024 * 1024)) * 10) / (1024 * 1024))}M`;
  return `${String(Math.floor(n / (1024 * 1024))).padStart(4)}M`;
}

function time8(sec: number | undefined): string {
  if (sec === undefined) return '--:--:--';
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function meterLine(o: { total: number; totalPct: number; received: number; receivedPct: number; speed: number; spent?: number; current?: number }): string {
  return `\r${String(o.totalPct).padStart(3)} ${size5(o.total)}  ${String(o.receivedPct).padStart(3)} ${size5(o.received)}    0     0  ${size5(o.speed)}      0 --:--:-- ${time8(o.spent)} --:--:-- ${size5(o.current ?? o.speed)}`;
}

const ZERO = meterLine({ total: 0, totalPct: 0, received: 0, receivedPct: 0, speed: 0 });

// ---------------------------------------------------------------------------------------------

interface Transfer {
  chunks: Chunk[];
  code: number;
  httpCode: number;
  body: string;
  headerText: string;
  contentType: string;
  remoteIP: string;
  remotePort: number;
  localIP: string;
  localPort: number;
  ms: number;
  url: string;
  redirects: number;
}

function userAgent(version: CurlVersion): string {
  return `curl/${version}`;
}

/** Build the request curl sends. */
function buildRequest(url: Url, o: CurlOptions, version: CurlVersion): HttpRequest {
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const headers: [string, string][] = [
    ['Host', url.explicitPort ? `${url.host}:${url.port}` : url.host],
    ['User-Agent', o.userAgent ?? userAgent(version)],
    ['Accept', '*/*'],
  ];
  const extra: [string, string][] = [];
  for (const h of o.headers) {
    const i = h.indexOf(':');
    if (i <= 0) continue;
    const name = h.slice(0, i).trim();
    const value = h.slice(i + 1).trim();
    const at = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
    if (at >= 0) {
      if (value === '') headers.splice(at, 1);
      else headers[at] = [name, value];
    } else if (value !== '') extra.push([name, value]);
  }
  if (o.data !== undefined) {
    headers.push(['Content-Length', String(Buffer.byteLength(o.data))]);
    if (!extra.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return { method, target: url.path, version: 'HTTP/1.1', headers: [...headers, ...extra], body: o.data ?? '' };
}

export function runCurl(version: CurlVersion, argv: string[], ctx: ContainerContext): RunResult {
  const args = argv.slice(1);
  if (args.length === 0) return { stdout: '', stderr: hint(version), code: 2 };
  const parsed = parseArgs(args, version);
  if ('error' in parsed) return { stdout: '', stderr: parsed.error, code: 2 };
  const o = parsed.opts;
  if (o.urls.length === 0) return { stdout: '', stderr: (version === '7.88.1' ? 'curl: no URL specified!\n' : 'curl: (2) no URL specified\n') + hint(version), code: 2 };
  const chunks: Chunk[] = [];
  let code = 0;
  for (const raw of o.urls) {
    const t = transfer(version, raw, o, ctx);
    chunks.push(...t.chunks);
    code = t.code;
  }
  let stdout = '';
  let stderr = '';
  for (const c of chunks) {
    if (c.fd === 1) stdout += c.text;
    else stderr += c.text;
  }
  return { stdout, stderr, code, chunks };
}

function transfer(version: CurlVersion, raw: string, o: CurlOptions, ctx: ContainerContext): Transfer {
  const v8 = version !== '7.88.1';
  const tty = ctx.box.tty;
  const toFile = o.output !== undefined && o.output !== '-';
  // The meter shows when the *output* is not a terminal and it is not silenced.
  const meter = !o.silent && !o.noMeter && (!tty || toFile);
  const showErrors = !o.silent || o.showError;
  const dataLines = !tty || toFile;
  const out: Chunk[] = [];
  const err = (text: string) => out.push({ fd: 2, text });
  const info = (text: string) => o.verbose && err(`* ${text}\n`);
  const t: Transfer = { chunks: out, code: 0, httpCode: 0, body: '', headerText: '', contentType: '', remoteIP: '', remotePort: 0, localIP: '', localPort: 0, ms: 0, url: raw, redirects: 0 };
  let bodyOut = '';
  let headOut = '';

  const fin = (code: number, message?: string, opts: { meterNewline?: boolean; lastMeter?: string; extraInfo?: string[] } = {}): Transfer => {
    if (meter) {
      if (opts.lastMeter !== undefined) err(opts.lastMeter);
      if (opts.meterNewline !== false) err('\n');
    }
    for (const l of opts.extraInfo ?? []) info(l);
    if (message !== undefined && showErrors) err(`curl: (${code}) ${message}\n`);
    t.code = code;
    writeBodyAndWriteOut();
    return t;
  };
  const writeBodyAndWriteOut = () => {
    const payload = headOut + bodyOut;
    if (toFile) {
      if (o.output !== '/dev/null') ctx.box.fs.write(VirtualFs.resolve(ctx.cwd, o.output!), payload);
    } else if (payload) {
      // On a TTY the body appears before curl's last `*` lines; order is kept by the caller.
      out.splice(bodyAt >= 0 ? bodyAt : out.length, 0, { fd: 1, text: payload });
    }
    if (o.writeOut !== undefined) out.push({ fd: 1, text: writeOut(o.writeOut, t) });
  };
  let bodyAt = -1;

  if (meter) err(METER_HEADER + ZERO);
  const url = parseUrl(raw);
  if ('code' in url) return fin(url.code, url.message, { meterNewline: false });
  const hostShown = url.host;
  // Resolve.
  const lookup = resolve(ctx, url.host);
  if (lookup.addresses.length === 0) {
    t.code = 6;
    if (o.verbose) {
      err(`* Could not resolve host: ${url.host}\n`);
      err(v8 ? '* shutting down connection #0\n' : '* Closing connection 0\n');
    }
    if (showErrors) err(`curl: (6) Could not resolve host: ${url.host}\n`);
    writeBodyAndWriteOut();
    return t;
  }
  const ip = lookup.addresses[0];
  if (v8 && !isIPv4(url.host)) {
    info(`Host ${url.host}:${url.port} was resolved.`);
    info('IPv6: (none)');
    info(`IPv4: ${lookup.addresses.join(', ')}`);
  }
  info(`  Trying ${ip}:${url.port}...`);
  const d: Dial = dial(ctx, ip, url.port);
  t.remoteIP = ip;
  t.remotePort = url.port;
  t.localIP = d.localIP;
  t.localPort = d.localPort;
  const connectFailed = (why: string, ms: number) => {
    const text = `Failed to connect to ${hostShown} port ${url.port} after ${ms} ms: ${v8 ? 'Could not connect to server' : "Couldn't connect to server"}`;
    if (o.verbose) {
      err(v8 ? `* connect to ${ip} port ${url.port} from ${d.localIP} port ${d.localPort} failed: ${why}\n` : `* connect to ${ip} port ${url.port} failed: ${why}\n`);
      err(`* ${text}\n`);
    }
    if (meter) err(ZERO + '\n');
    if (o.verbose) err(v8 ? '* closing connection #0\n' : '* Closing connection 0\n');
    return text;
  };
  if (d.kind === 'refused' || d.kind === 'unreachable') {
    const text = connectFailed(d.kind === 'refused' ? 'Connection refused' : 'No route to host', d.ms);
    t.code = 7;
    if (showErrors) err(`curl: (7) ${text}\n`);
    writeBodyAndWriteOut();
    return t;
  }
  if (d.kind === 'timeout') {
    const limit = o.connectTimeout !== undefined && (o.maxTime === undefined || o.connectTimeout <= o.maxTime) ? { kind: 'connect' as const, s: o.connectTimeout } : o.maxTime !== undefined ? { kind: 'max' as const, s: o.maxTime } : undefined;
    if (!limit) {
      // No timeout given: the kernel gives up after its SYN retries (~127 s).
      const ms = 127000 + ctx.cluster.random.int(4000);
      const text = connectFailed('Connection timed out', ms).replace(/(Could not|Couldn't) connect to server/, v8 ? 'Could not connect to server' : "Couldn't connect to server");
      t.code = 28;
      ctx.box.hints.push('the connection timed out: no rule answered the SYN (an unknown Service port, externalTrafficPolicy/internalTrafficPolicy Local without a local endpoint, or an address nothing routes); a real curl waits ~2 minutes here — add --connect-timeout 2');
      if (showErrors) err(`curl: (28) ${text}\n`);
      writeBodyAndWriteOut();
      return t;
    }
    const ms = Math.round(limit.s * 1000) + 1 + ctx.cluster.random.int(12);
    if (meter) for (let s = 1; s <= Math.floor(limit.s); s++) err(meterLine({ total: 0, totalPct: 0, received: 0, receivedPct: 0, speed: 0, spent: s }));
    const text = limit.kind === 'connect' ? `Failed to connect to ${hostShown} port ${url.port} after ${ms} ms: Timeout was reached` : `Connection timed out after ${ms} milliseconds`;
    if (o.verbose) {
      err(`* ipv4 connect timeout after ${Math.max(0, ms - 25)}ms, move on!\n`);
      err(`* ${text}\n`);
    }
    if (meter) err('\n');
    if (o.verbose) err(v8 ? '* closing connection #0\n' : '* Closing connection 0\n');
    t.code = 28;
    if (showErrors) err(`curl: (28) ${text}\n`);
    writeBodyAndWriteOut();
    return t;
  }
  // Connected.
  info(v8 ? `Connected to ${hostShown} (${ip}) port ${url.port}` : `Connected to ${hostShown} (${ip}) port ${url.port} (#0)`);
  const backendTls = d.backend.pod ? isTlsPort(d.backend.pod, d.backend.port) : false;
  if (url.scheme === 'https') {
    if (!backendTls) {
      if (meter) err(ZERO + '\n');
      t.code = 35;
      if (showErrors) err(`curl: (35) ${v8 ? 'OpenSSL/3.3.2: ' : ''}error:0A00010B:SSL routines::wrong version number\n`);
      writeBodyAndWriteOut();
      return t;
    }
    if (!o.insecure) {
      if (meter) err(ZERO + '\n');
      t.code = 60;
      if (showErrors) err("curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.\n");
      writeBodyAndWriteOut();
      return t;
    }
  }
  if (v8) info('using HTTP/1.x');
  const req = buildRequest(url, o, version);
  if (o.verbose) {
    const wire = serializeRequest({ ...req, body: '' });
    for (const line of wire.split('\r\n').slice(0, -1)) err(`> ${line}\r\n`);
    if (req.body && dataLines) err(`} [${Buffer.byteLength(req.body)} bytes data]\n`);
  }
  const reply: ServeReply = exchange(ctx, d, serializeRequest(req), { tls: url.scheme === 'https' });
  if (v8) info('Request completely sent off');
  const elapsed = Math.max(1, d.ms + 1 + ctx.cluster.random.int(3));
  t.ms = elapsed;
  if (reply.kind === 'empty') {
    if (reply.afterMs !== undefined && o.maxTime !== undefined && o.maxTime * 1000 < reply.afterMs) return readTimeout();
    info('Empty reply from server');
    return fin(52, 'Empty reply from server', { lastMeter: ZERO, extraInfo: [v8 ? 'shutting down connection #0' : 'Closing connection 0'] });
  }
  if (reply.kind === 'hang') {
    if (o.maxTime !== undefined) return readTimeout();
    ctx.box.hints.push('the server accepted the connection but never answers; a real curl waits forever here — add -m 5');
    t.code = 130;
    return t;
  }
  if (reply.kind === 'raw') {
    if (o.http09) {
      bodyOut = reply.bytes;
      t.body = reply.bytes;
      return fin(0, undefined, { lastMeter: meterLine({ total: 0, totalPct: 0, received: reply.bytes.length, receivedPct: 0, speed: rate(reply.bytes.length, elapsed) }) });
    }
    info('Received HTTP/0.9 when not allowed');
    return fin(1, 'Received HTTP/0.9 when not allowed', { lastMeter: ZERO, extraInfo: [v8 ? 'closing connection #0' : 'Closing connection 0'] });
  }
  const res: HttpResponse = reply.response;
  t.httpCode = res.status;
  t.contentType = header(res, 'Content-Type') ?? '';
  const length = Number(header(res, 'Content-Length') ?? Buffer.byteLength(res.body));
  const headLines = [statusLine(res), ...res.headers.map(([k, v]) => `${k}: ${v}`)];
  t.headerText = headLines.map((l) => l + '\r\n').join('') + '\r\n';
  if (o.verbose) {
    for (const l of headLines) err(`< ${l}\r\n`);
    err('< \r\n');
  }
  // -f: fail on HTTP errors before any body is written.
  if (o.fail && res.status >= 400) {
    return fin(22, `The requested URL returned error: ${res.status}`, { lastMeter: meterLine({ total: v8 ? 0 : length, totalPct: 0, received: 0, receivedPct: 0, speed: 0 }), extraInfo: [v8 ? 'closing connection #0' : 'Closing connection 0'] });
  }
  // -L: follow redirects.
  const location = header(res, 'Location');
  if (o.location && location && [301, 302, 303, 307, 308].includes(res.status)) {
    const next = /^https?:\/\//.test(location) ? location : `${url.scheme}://${url.host}${url.explicitPort ? ':' + url.port : ''}${location.startsWith('/') ? location : '/' + location}`;
    info(`Issue another request to this URL: '${next}'`);
    const rest = transfer(version, next, { ...o, headers: o.headers }, ctx);
    rest.redirects = t.redirects + 1;
    out.push(...(o.include ? [{ fd: 1 as const, text: tty ? boldHeaders(t.headerText) : t.headerText }] : []), ...rest.chunks.filter((c) => !(c.fd === 2 && c.text.startsWith(METER_HEADER))));
    return { ...rest, chunks: out };
  }
  const received = res.headOnly ? 0 : Buffer.byteLength(res.body);
  if (o.include || o.head) headOut = tty && !toFile ? boldHeaders(t.headerText) : t.headerText;
  if (!res.headOnly) bodyOut = res.body;
  t.body = res.body;
  if (o.verbose && received > 0 && dataLines) err(`{ [${received} bytes data]\n`);
  // On a TTY the body lands here, before the closing `*` line.
  bodyAt = out.length;
  const pct = res.headOnly ? 0 : 100;
  const last = meterLine({ total: res.headOnly ? length : received, totalPct: pct, received, receivedPct: pct, speed: rate(received, elapsed) });
  if (meter) err(last + '\n');
  if (res.close || res.version === 'HTTP/1.0') info(v8 ? 'closing connection #0' : 'Closing connection 0');
  else info(`Connection #0 to host ${hostShown} left intact`);
  t.code = 0;
  writeBodyAndWriteOut();
  return t;

  function readTimeout(): Transfer {
    const ms = Math.round((o.maxTime ?? 0) * 1000) + 1 + ctx.cluster.random.int(8);
    if (meter) for (let s = 1; s <= Math.floor(o.maxTime ?? 0); s++) err(meterLine({ total: 0, totalPct: 0, received: 0, receivedPct: 0, speed: 0, spent: s }));
    info(`Operation timed out after ${ms} milliseconds with 0 bytes received`);
    return fin(28, `Operation timed out after ${ms} milliseconds with 0 bytes received`, { lastMeter: meterLine({ total: 0, totalPct: 0, received: 0, receivedPct: 0, speed: 0, spent: Math.floor(o.maxTime ?? 0) }), extraInfo: [v8 ? 'closing connection #0' : 'Closing connection 0'] });
  }
}

function rate(bytes: number, ms: number): number {
  return Math.floor((bytes * 1000) / Math.max(1, ms));
}

/** On a TTY curl prints header names in bold. */
function boldHeaders(text: string): string {
  return text
    .split('\r\n')
    .map((l, i) => {
      if (i === 0 || l === '') return l;
      const c = l.indexOf(':');
      return c > 0 ? `\x1b[1m${l.slice(0, c)}\x1b[0m${l.slice(c)}` : l;
    })
    .join('\r\n');
}

function writeOut(fmt: string, t: Transfer): string {
  const secs = (ms: number) => (ms / 1000).toFixed(6);
  const vars: Record<string, string> = keyTable({
    http_code: String(t.httpCode).padStart(3, '0'),
    response_code: String(t.httpCode).padStart(3, '0'),
    remote_ip: t.remoteIP,
    remote_port: t.remotePort ? String(t.remotePort) : '0',
    local_ip: t.localIP,
    local_port: t.localPort ? String(t.localPort) : '0',
    size_download: String(Buffer.byteLength(t.body)),
    size_header: String(t.headerText.length),
    content_type: t.contentType,
    url_effective: t.url,
    url: t.url,
    exitcode: String(t.code),
    num_redirects: String(t.redirects),
    time_total: secs(t.ms),
    time_connect: secs(Math.max(0, t.ms - 1)),
    time_namelookup: secs(0),
    time_starttransfer: secs(t.ms),
    errormsg: '',
  });
  return fmt
    .replace(/\\n/g, '\n')
    .replace(/\\r/g, '\r')
    .replace(/\\t/g, '\t')
    .replace(/%\{([a-z_]+)\}/g, (m, name: string) => vars[name] ?? m)
    .replace(/%%/g, '%');
}
