/**
 * nc (tool-outputs §6): OpenBSD netcat (Debian, netshoot, agnhost) and BusyBox nc. `-z` scans;
 * without it, stdin is sent and the server's answer printed (`echo PING | nc redis 6379`).
 */
import type { ContainerContext, RunResult } from '../box.js';
import { dial, exchange, resolve } from './network.js';

const SERVICES: Record<number, string> = { 80: 'http', 443: 'https', 53: 'domain', 22: 'ssh', 6379: 'redis', 5432: 'postgresql', 3306: 'mysql', 8080: 'http-alt' };

function parse(args: string[]): { zero: boolean; verbose: boolean; udp: boolean; listen: boolean; wait?: number; host?: string; port?: number } {
  const o: { zero: boolean; verbose: boolean; udp: boolean; listen: boolean; wait?: number; host?: string; port?: number } = { zero: false, verbose: false, udp: false, listen: false };
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-w' || a === '-W' || a === '-q' || a === '-i') {
      const v = Number(args[++i]);
      if (a === '-w') o.wait = v;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (const f of a.slice(1)) {
        if (f === 'z') o.zero = true;
        else if (f === 'v') o.verbose = true;
        else if (f === 'u') o.udp = true;
        else if (f === 'l') o.listen = true;
      }
      continue;
    }
    ops.push(a);
  }
  o.host = ops[0];
  if (ops[1] !== undefined) o.port = Number(ops[1]);
  return o;
}

export function runOpenbsdNc(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if (o.listen) return { stdout: '', stderr: '', code: 1 };
  if (!o.host || o.port === undefined) return { stdout: '', stderr: 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n', code: 1 };
  const lookup = resolve(ctx, o.host);
  if (lookup.addresses.length === 0) return { stdout: '', stderr: `nc: getaddrinfo for host "${o.host}" port ${o.port}: ${lookup.error === 'SERVFAIL' ? 'Temporary failure in name resolution' : 'Name or service not known'}\n`, code: 1 };
  const ip = lookup.addresses[0];
  const d = dial(ctx, ip, o.port, o.udp ? 'UDP' : 'TCP');
  const proto = o.udp ? 'udp' : 'tcp';
  if (d.kind === 'refused' || d.kind === 'unreachable') return { stdout: '', stderr: o.verbose || o.zero ? `nc: connect to ${o.host} (${ip}) port ${o.port} (${proto}) failed: ${d.kind === 'refused' ? 'Connection refused' : 'No route to host'}\n` : '', code: 1 };
  if (d.kind === 'timeout') {
    if (o.wait === undefined) ctx.box.hints.push('nc without -w waits for the kernel to give up (~2 minutes); add -w 2');
    return { stdout: '', stderr: o.verbose || o.zero ? `nc: connect to ${o.host} (${ip}) port ${o.port} (${proto}) timed out: Operation now in progress\n` : '', code: 1 };
  }
  const note = o.verbose ? `Connection to ${o.host} (${ip}) ${o.port} port [${proto}/${SERVICES[o.port] ?? '*'}] succeeded!\n` : '';
  if (o.zero) return { stdout: '', stderr: note, code: 0 };
  const reply = exchange(ctx, d, ctx.stdin);
  const out = reply.kind === 'raw' ? reply.bytes : reply.kind === 'http' ? httpText(reply.response) : '';
  return { stdout: out, stderr: note, code: 0 };
}

function httpText(r: { version: string; status: number; reason: string; headers: [string, string][]; body: string; headOnly?: boolean }): string {
  return `${r.version} ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${r.headOnly ? '' : r.body}`;
}

export function runBusyboxNc(argv: string[], ctx: ContainerContext): RunResult {
  const o = parse(argv.slice(1));
  if (o.listen) return { stdout: '', stderr: '', code: 1 };
  if (!o.host || o.port === undefined) return { stdout: '', stderr: 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n', code: 1 };
  const lookup = resolve(ctx, o.host);
  if (lookup.addresses.length === 0) return { stdout: '', stderr: `nc: bad address '${o.host}'\n`, code: 1 };
  const ip = lookup.addresses[0];
  const d = dial(ctx, ip, o.port, o.udp ? 'UDP' : 'TCP');
  if (d.kind === 'refused' || d.kind === 'unreachable') return { stdout: '', stderr: o.zero ? '' : `nc: can't connect to remote host (${ip}): ${d.kind === 'refused' ? 'Connection refused' : 'No route to host'}\n`, code: 1 };
  if (d.kind === 'timeout') return { stdout: '', stderr: `nc: ${o.host} (${ip}:${o.port}): Connection timed out\n`, code: 1 };
  if (o.zero) return { stdout: '', stderr: o.verbose ? `${o.host} (${ip}:${o.port}) open\n` : '', code: 0 };
  const reply = exchange(ctx, d, ctx.stdin);
  const out = reply.kind === 'raw' ? reply.bytes : reply.kind === 'http' ? httpText(reply.response) : '';
  return { stdout: out, stderr: '', code: 0 };
}
