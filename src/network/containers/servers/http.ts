/**
 * HTTP/1.x messages as the simulated servers and clients exchange them: parse a request from
 * bytes, serialise a response, and the reply shapes a server can give (a response, raw non-HTTP
 * bytes, closing without a word, or never answering).
 */

export interface HttpRequest {
  method: string;
  /** Request target as sent (`/`, `/echo?msg=hi`). */
  target: string;
  version: string;
  /** Header lines in the order sent. */
  headers: [string, string][];
  body: string;
}

export interface HttpResponse {
  version: string;
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
  /** The server closes the connection after this response. */
  close?: boolean;
  /** HEAD: headers only (Content-Length still describes the body). */
  headOnly?: boolean;
}

export type ServeReply =
  | { kind: 'http'; response: HttpResponse }
  /** The server answered with bytes that are not HTTP (redis, mysql), then closed. */
  | { kind: 'raw'; bytes: string }
  /** Read the request, closed without replying (curl 52). */
  | { kind: 'empty'; afterMs?: number }
  /** Accepted, never replies (curl 28 after --max-time). */
  | { kind: 'hang' };

export function header(req: HttpRequest | HttpResponse, name: string): string | undefined {
  const n = name.toLowerCase();
  return req.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

export const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Parse the bytes of one request; undefined when the head is incomplete or not HTTP. */
export function parseRequest(bytes: string): HttpRequest | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  const headEnd = end >= 0 ? end : bytes.indexOf('\n\n');
  if (headEnd < 0) return undefined;
  const head = bytes.slice(0, headEnd).split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) (HTTP\/\d\.\d)$/.exec(head[0]);
  if (!m) return undefined;
  const headers: [string, string][] = [];
  for (const l of head.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.push([l.slice(0, i), l.slice(i + 1).trim()]);
  }
  const bodyStart = headEnd + (end >= 0 ? 4 : 2);
  const len = Number(headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? 0);
  return { method: m[1], target: m[2], version: m[3], headers, body: bytes.slice(bodyStart, bodyStart + len) };
}

/** The request as a client writes it on the wire. */
export function serializeRequest(req: HttpRequest): string {
  return `${req.method} ${req.target} ${req.version}\r\n${req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${req.body}`;
}

export function statusLine(r: HttpResponse): string {
  return `${r.version} ${r.status}${r.reason ? ' ' + r.reason : ''}`;
}

export function serializeResponse(r: HttpResponse): string {
  return `${statusLine(r)}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${r.headOnly ? '' : r.body}`;
}

/** RFC 7231 IMF-fixdate: `Thu, 26 Nov 2026 05:42:02 GMT`. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

/**
 * A response as Go's net/http writes it: the handler's headers sorted by name, then Date and
 * Content-Length, then a sniffed Content-Type when the handler set none.
 */
export function goResponse(now: Date, status: number, body: string, handlerHeaders: [string, string][] = [], method = 'GET'): HttpResponse {
  const headers = [...handlerHeaders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  headers.push(['Date', httpDate(now)]);
  headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  if (!handlerHeaders.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'text/plain; charset=utf-8']);
  return { version: 'HTTP/1.1', status, reason: REASONS[status] === 'Not Allowed' ? 'Method Not Allowed' : (REASONS[status] ?? ''), headers, body, headOnly: method === 'HEAD' };
}

/** Path and query of a request target. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  return { path: q < 0 ? target : target.slice(0, q), query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}

/** Time in nginx/Apache access-log form: `26/Nov/2026:05:42:02 +0000`. */
export function clfTime(d: Date): string {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Go's log package prefix: `2026/11/26 05:42:02`. */
export function goLogTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** klog header: `I1126 05:42:02.000000       1 `. */
export function klogPrefix(d: Date, level = 'I'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds() * 1000).padStart(6, '0')}       1 `;
}
