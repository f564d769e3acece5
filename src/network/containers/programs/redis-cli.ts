/**
 * redis-cli [-h HOST] [-p PORT] COMMAND [ARG…]: one command over a simulated connection, its
 * reply printed as redis-cli does (raw on a pipe, typed on a TTY).
 */
import type { ContainerContext, RunResult } from '../box.js';
import { dial, exchange, resolve } from './network.js';

export function runRedisCli(argv: string[], ctx: ContainerContext): RunResult {
  let host = '127.0.0.1';
  let port = 6379;
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') host = argv[++i];
    else if (a === '-p') port = Number(argv[++i]);
    else if (a === '-n' || a === '-a') i++;
    else words.push(a);
  }
  if (words.length === 0) words.push(...ctx.stdin.trim().split(/\s+/).filter(Boolean));
  if (words.length === 0) return { stdout: '', stderr: '', code: 0 };
  const lookup = resolve(ctx, host);
  const fail = (why: string): RunResult => ({ stdout: '', stderr: `Could not connect to Redis at ${host}:${port}: ${why}\n`, code: 1 });
  if (lookup.addresses.length === 0) return fail('Name or service not known');
  const d = dial(ctx, lookup.addresses[0], port);
  if (d.kind === 'refused') return fail('Connection refused');
  if (d.kind !== 'connected') return fail('Connection timed out');
  const bytes = `*${words.length}\r\n` + words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('');
  const reply = exchange(ctx, d, bytes);
  if (reply.kind !== 'raw') return { stdout: '', stderr: 'Error: Server closed the connection\n', code: 1 };
  return { stdout: formatReply(reply.bytes, ctx.box.tty), stderr: '', code: 0 };
}

function formatReply(r: string, tty: boolean): string {
  const t = r[0];
  const line = r.slice(1, r.indexOf('\r\n'));
  if (t === '+') return line + '\n';
  if (t === '-') return `${tty ? '(error) ' : ''}${line}\n`;
  if (t === ':') return `${tty ? '(integer) ' : ''}${line}\n`;
  if (t === '$') {
    if (line === '-1') return tty ? '(nil)\n' : '\n';
    const v = r.slice(r.indexOf('\r\n') + 2, r.indexOf('\r\n') + 2 + Number(line));
    return tty ? `"${v}"\n` : `${v}\n`;
  }
  if (t === '*') {
    const n = Number(line);
    if (n === 0) return tty ? '(empty array)\n' : '';
    const items = r.split('\r\n').filter((_, i) => i > 0 && i % 2 === 0).slice(0, n);
    return items.map((v, i) => (tty ? `${i + 1}) "${v}"\n` : `${v}\n`)).join('');
  }
  return r;
}
