import { describe, expect, it } from 'vitest';
import { createServer, connect, type Server } from 'node:net';
import { bridgeConnection, frameRequest } from '../../src/portforward/http-bridge.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('frameRequest', () => {
  it('waits for a complete head and body', () => {
    expect(frameRequest(b('GET / HTTP/1.1\r\nHost: x\r\n')).kind).toBe('need-more');
    expect(frameRequest(b('POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab')).kind).toBe('need-more');
    const f = frameRequest(b('POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nabGET / HTTP/1.1\r\n\r\n'));
    expect(f.kind).toBe('request');
    if (f.kind === 'request') {
      expect(f.bytes.toString('latin1')).toBe('POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab');
      expect(f.closeAfter).toBe(false);
    }
  });

  it('notes Connection: close and HTTP/1.0', () => {
    const a = frameRequest(b('GET / HTTP/1.1\r\nConnection: close\r\n\r\n'));
    const c = frameRequest(b('GET / HTTP/1.0\r\n\r\n'));
    const k = frameRequest(b('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'));
    expect(a.kind === 'request' && a.closeAfter).toBe(true);
    expect(c.kind === 'request' && c.closeAfter).toBe(true);
    expect(k.kind === 'request' && k.closeAfter).toBe(false);
  });

  it('turns a chunked body into a Content-Length one', () => {
    expect(frameRequest(b('POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n')).kind).toBe('need-more');
    const f = frameRequest(b('POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nNEXT'));
    expect(f.kind).toBe('request');
    if (f.kind === 'request') {
      expect(f.bytes.toString('latin1')).toBe('POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde');
      expect(f.used).toBe(f.used);
    }
  });

  it('hands non-HTTP bytes on as they are', () => {
    expect(frameRequest(b('*1\r\n$4\r\nPING\r\n')).kind).toBe('raw');
  });
});

describe('bridgeConnection', () => {
  it('answers keep-alive and pipelined requests in order, then closes when asked', async () => {
    const seen: string[] = [];
    const server: Server = createServer({ allowHalfOpen: true }, (socket) =>
      bridgeConnection(socket, true, (req) => {
        const line = req.toString('latin1').split('\r\n')[0];
        seen.push(line);
        const body = `you sent ${line}`;
        return { response: b(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`), close: line.includes('/bye') };
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      const s = connect(port, '127.0.0.1', () => s.write('GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /bye HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n'));
      s.on('data', (d) => (out += d.toString('latin1')));
      s.on('close', () => resolve(out));
      s.on('error', reject);
    });
    server.close();
    expect(seen).toEqual(['GET /a HTTP/1.1', 'GET /b HTTP/1.1', 'GET /bye HTTP/1.1']);
    expect(text).toBe(
      'HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\nyou sent GET /a HTTP/1.1' + 'HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\nyou sent GET /b HTTP/1.1' + 'HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nyou sent GET /bye HTTP/1.1',
    );
  });
});
