/**
 * redis-server: RESP and inline commands (PING, ECHO, SET, GET, DEL, EXISTS, KEYS, DBSIZE,
 * INFO), and redis' defence against HTTP: an inline `GET / HTTP/1.1` gets a wrong-arguments
 * error, then the `Host:` line makes it log a SECURITY ATTACK warning and close.
 */
import type { AppContext, StartupLog, TcpApp } from './app.js';
import type { ClusterState } from '../../../store/cluster-state.js';
import { keyTable } from '../../../key-table.js';

const VERSION = '7.4.1';

function redisTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** The pod's keyspace, kept in the state file (small; lost when the pod goes). */
function store(ctx: AppContext): Record<string, string> {
  const s = ctx.cluster.state as ClusterState & { containers?: { redis?: Record<string, Record<string, string>> } };
  s.containers ??= {};
  s.containers.redis ??= {};
  const uid = ctx.pod.metadata.uid ?? ctx.pod.metadata.name;
  // Keys are the client's (SET constructor 1, GET __proto__): a table without a prototype.
  return (s.containers.redis[uid] = keyTable(s.containers.redis[uid] ?? {}));
}

const bulk = (v: string | undefined) => (v === undefined ? '$-1\r\n' : `$${Buffer.byteLength(v)}\r\n${v}\r\n`);

/** Split a buffer into commands: RESP arrays or inline lines. */
function commands(bytes: string): string[][] {
  const out: string[][] = [];
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === '*') {
      const nl = bytes.indexOf('\r\n', i);
      if (nl < 0) break;
      const n = Number(bytes.slice(i + 1, nl));
      i = nl + 2;
      const args: string[] = [];
      for (let k = 0; k < n; k++) {
        const l = bytes.indexOf('\r\n', i);
        const len = Number(bytes.slice(i + 1, l));
        args.push(bytes.slice(l + 2, l + 2 + len));
        i = l + 2 + len + 2;
      }
      out.push(args);
      continue;
    }
    let nl = bytes.indexOf('\n', i);
    if (nl < 0) nl = bytes.length;
    const line = bytes.slice(i, nl).replace(/\r$/, '');
    i = nl + 1;
    const args = line.match(/"[^"]*"|'[^']*'|\S+/g)?.map((a) => a.replace(/^["']|["']$/g, '')) ?? [];
    out.push(args);
  }
  return out;
}

const ARITY: Record<string, number> = keyTable({ ping: -1, echo: 2, set: -3, get: 2, del: -2, exists: -2, keys: 2, dbsize: 1, info: -1, quit: 1, command: -1, flushall: -1 });

export const redisApp: TcpApp = (bytes, ctx) => {
  let response = '';
  for (const args of commands(bytes)) {
    if (args.length === 0) continue;
    const cmd = args[0].toLowerCase();
    if (cmd === 'host:' || cmd === 'post') {
      ctx.log(`1:M ${redisTime(ctx.now)} # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from ${ctx.client.ip}:${ctx.client.port} aborted.`);
      return { response, close: true };
    }
    const arity = ARITY[cmd];
    if (arity === undefined) {
      const rest = args.slice(1, 21).map((a) => `'${a}' `).join('');
      response += `-ERR unknown command '${args[0]}', with args beginning with: ${rest}\r\n`;
      continue;
    }
    if ((arity > 0 && args.length !== arity) || (arity < 0 && args.length < -arity)) {
      response += `-ERR wrong number of arguments for '${cmd}' command\r\n`;
      continue;
    }
    const db = store(ctx);
    switch (cmd) {
      case 'ping':
        response += args[1] !== undefined ? bulk(args[1]) : '+PONG\r\n';
        break;
      case 'echo':
        response += bulk(args[1]);
        break;
      case 'set':
        db[args[1]] = args[2];
        ctx.cluster.dirty = true;
        response += '+OK\r\n';
        break;
      case 'get':
        response += bulk(db[args[1]]);
        break;
      case 'del':
      case 'exists': {
        let n = 0;
        for (const k of args.slice(1)) {
          if (Object.hasOwn(db, k)) {
            n++;
            if (cmd === 'del') delete db[k];
          }
        }
        if (cmd === 'del') ctx.cluster.dirty = true;
        response += `:${n}\r\n`;
        break;
      }
      case 'keys': {
        const re = new RegExp('^' + args[1].replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
        const keys = Object.keys(db).filter((k) => re.test(k));
        response += `*${keys.length}\r\n` + keys.map(bulk).join('');
        break;
      }
      case 'dbsize':
        response += `:${Object.keys(db).length}\r\n`;
        break;
      case 'flushall':
        for (const k of Object.keys(db)) delete db[k];
        ctx.cluster.dirty = true;
        response += '+OK\r\n';
        break;
      case 'info':
        response += bulk(`# Server\r\nredis_version:${VERSION}\r\nredis_mode:standalone\r\nos:Linux 6.8.0-49-generic x86_64\r\ntcp_port:${ctx.listener.port}\r\n`);
        break;
      case 'command':
        response += '*0\r\n';
        break;
      case 'quit':
        return { response: response + '+OK\r\n', close: true };
    }
  }
  return { response, close: false };
};

export const redisStartup: StartupLog = ({ startedAt, listener }) => {
  const t = redisTime(startedAt);
  return [
    `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `1:C ${t} * Redis version=${VERSION}, bits=64, commit=00000000, modified=0, pid=1, just started`,
    `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
    `1:M ${t} * monotonic clock: POSIX clock_gettime`,
    `1:M ${t} * Running mode=standalone, port=${listener.port}.`,
    `1:M ${t} * Server initialized`,
    `1:M ${t} * Ready to accept connections tcp`,
  ];
};
