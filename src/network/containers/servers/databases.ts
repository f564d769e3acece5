/**
 * Database servers that do not speak HTTP: PostgreSQL reads an HTTP request as a startup packet
 * of absurd length and closes without a reply (curl 52); MySQL greets first with a binary
 * handshake (curl: HTTP/0.9 not allowed).
 */
import type { StartupLog, TcpApp } from './app.js';

export const postgresApp: TcpApp = (_bytes, ctx) => {
  const d = ctx.now.toISOString().replace('T', ' ').replace('Z', ' UTC');
  ctx.log(`${d} [${60 + (ctx.client.port % 900)}] LOG:  invalid length of startup packet`);
  return { response: '', close: true };
};

export const MYSQL_GREETING = 'J\0\0\0\n8.4.3\0\x08\0\0\0\x2a\x5e\x1b\x3f\x25\x46\x0e\x4b\0\xff\xff\xff\x02\0\xff\xdf\x15\0\0\0\0\0\0\0\0\0\0\x41\x51\x35\x2c\x3d\x18\x73\x22\x30\x66\x4a\x1b\0caching_sha2_password\0';

export const mysqlApp: TcpApp = () => ({ response: MYSQL_GREETING + '\x07\0\0\x01\xff\x84\x04#08S01Got packets out of order', close: true });

export const postgresStartup: StartupLog = ({ startedAt }) => {
  const d = startedAt.toISOString().replace('T', ' ').replace('Z', ' UTC');
  return [`${d} [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`, `${d} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`, `${d} [1] LOG:  database system is ready to accept connections`];
};
