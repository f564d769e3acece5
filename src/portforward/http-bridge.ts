/**
 * One forwarded connection: bytes from a real local socket, framed into the exchanges a simulated
 * program answers. For an HTTP program, requests are cut off the stream one at a time (keep-alive,
 * pipelined requests answered in order; Content-Length and chunked bodies; a chunked body is
 * handed on with a Content-Length instead). For any other program (redis …), each chunk the client
 * sends is one exchange. The program's answer is written back; it may close the connection.
 */
import type { Socket } from 'node:net';

export interface Exchange {
  response: Buffer;
  /** The program closes the connection after this answer. */
  close: boolean;
}

/** Answer one request (or TCP chunk); 'stop' = the forward is ending, drop the connection. */
export type ServeFn = (request: Buffer) => Exchange | 'stop' | Promise<Exchange | 'stop'>;

/** Largest request head kept waiting for its end; beyond it the bytes go to the program as they are. */
const MAX_HEAD = 64 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d\.\d\r?$/;

type Frame = { kind: 'need-more' } | { kind: 'request'; bytes: Buffer; used: number; closeAfter: boolean } | { kind: 'raw'; bytes: Buffer; used: number };

/** Cut the first request off `buf`. Exported for tests. */
export function frameRequest(buf: Buffer): Frame {
  let headEnd = buf.indexOf(CRLFCRLF);
  let sepLen = 4;
  if (headEnd < 0) {
    const lf = buf.indexOf('\n\n', 0, 'latin1');
    if (lf >= 0) {
      headEnd = lf;
      sepLen = 2;
    }
  }
  if (headEnd < 0) {
    // Not HTTP at all (its first line is complete and is no request line), or too large: as is.
    const nl = buf.indexOf(10);
    if (nl >= 0 && !REQUEST_LINE.test(buf.toString('latin1', 0, nl))) return { kind: 'raw', bytes: buf, used: buf.length };
    if (buf.length > MAX_HEAD) return { kind: 'raw', bytes: buf, used: buf.length };
    return { kind: 'need-more' };
  }
  const head = buf.toString('latin1', 0, headEnd);
  const lines = head.split(/\r?\n/);
  if (!REQUEST_LINE.test(lines[0])) return { kind: 'raw', bytes: buf, used: buf.length };
  const version = lines[0].slice(lines[0].lastIndexOf(' ') + 1);
  let contentLength = 0;
  let chunked = false;
  let connection = '';
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const c = l.indexOf(':');
    if (c <= 0) continue;
    const name = l.slice(0, c).trim().toLowerCase();
    if (name === 'content-length') contentLength = Number(l.slice(c + 1).trim()) || 0;
    else if (name === 'transfer-encoding') chunked = /chunked/i.test(l.slice(c + 1));
    else if (name === 'connection') connection = l.slice(c + 1).trim().toLowerCase();
  }
  const closeAfter = connection.includes('close') || (version === 'HTTP/1.0' && !connection.includes('keep-alive'));
  const bodyStart = headEnd + sepLen;
  if (!chunked) {
    if (buf.length < bodyStart + contentLength) return { kind: 'need-more' };
    const used = bodyStart + contentLength;
    return { kind: 'request', bytes: used === buf.length ? buf : buf.subarray(0, used), used, closeAfter };
  }
  const body = dechunk(buf, bodyStart);
  if (!body) return { kind: 'need-more' };
  const keep = lines.filter((l, i) => i === 0 || !/^transfer-encoding\s*:/i.test(l));
  keep.push(`Content-Length: ${body.data.length}`);
  const bytes = Buffer.concat([Buffer.from(keep.join('\r\n') + '\r\n\r\n', 'latin1'), body.data]);
  return { kind: 'request', bytes, used: body.end, closeAfter };
}

/** Decode a chunked body starting at `start`; undefined until the last chunk and trailers arrived. */
function dechunk(buf: Buffer, start: number): { data: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let i = start;
  for (;;) {
    const nl = buf.indexOf('\r\n', i, 'latin1');
    if (nl < 0) return undefined;
    const size = parseInt(buf.toString('latin1', i, nl).split(';')[0].trim(), 16);
    if (Number.isNaN(size)) return { data: Buffer.concat(parts), end: buf.length };
    i = nl + 2;
    if (size === 0) {
      // Trailers end with an empty line.
      for (;;) {
        const t = buf.indexOf('\r\n', i, 'latin1');
        if (t < 0) return undefined;
        if (t === i) return { data: Buffer.concat(parts), end: t + 2 };
        i = t + 2;
      }
    }
    if (buf.length < i + size + 2) return undefined;
    parts.push(buf.subarray(i, i + size));
    i += size + 2;
  }
}

/**
 * Pump a socket through `serve` until either side closes. `http`: frame HTTP requests; otherwise
 * every chunk is one exchange. The socket's server should allow half-open sockets, so that a
 * client that half-closes after its request (`nc -N`) still gets the answer.
 */
export function bridgeConnection(socket: Socket, http: boolean, serve: ServeFn): void {
  let pending: Buffer | undefined;
  let busy = false;
  let ended = false;
  let clientEnded = false;

  /** After the client's half-close: once everything complete is answered, close our side too. */
  const maybeEnd = (): void => {
    if (clientEnded && !busy && !ended) {
      ended = true;
      socket.end();
    }
  };

  const finish = (r: Exchange | 'stop', closeAfter: boolean): boolean => {
    if (r === 'stop') {
      ended = true;
      socket.destroy();
      return false;
    }
    if (r.response.length) socket.write(r.response);
    if (r.close || closeAfter) {
      ended = true;
      socket.end();
      return false;
    }
    return true;
  };

  const pump = (): void => {
    while (!ended && pending && pending.length) {
      let bytes: Buffer;
      let closeAfter = false;
      if (http) {
        const f = frameRequest(pending);
        if (f.kind === 'need-more') return;
        bytes = f.bytes;
        if (f.kind === 'request') closeAfter = f.closeAfter;
        pending = f.used >= pending.length ? undefined : pending.subarray(f.used);
      } else {
        bytes = pending;
        pending = undefined;
      }
      const r = serve(bytes);
      if (r instanceof Promise) {
        busy = true;
        socket.pause();
        r.then(
          (x) => {
            busy = false;
            if (finish(x, closeAfter)) {
              socket.resume();
              pump();
              maybeEnd();
            }
          },
          () => {
            busy = false;
            finish('stop', false);
          },
        );
        return;
      }
      if (!finish(r, closeAfter)) return;
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (ended) return;
    pending = pending && pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!busy) pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('end', () => {
    clientEnded = true;
    maybeEnd();
  });
}
