/**
 * nginx as the official image runs it: the welcome page (615 bytes) on `/` and `/index.html`,
 * nginx's own 404/405 pages, its response headers, and the image's `main` access-log format
 * (combined + "$http_x_forwarded_for"), so the client address it saw (SNAT!) is visible in logs.
 */
import { imageProfile } from '../images.js';
import type { HttpApp, StartupLog } from './app.js';
import { clfTime, header, httpDate, splitTarget, type HttpResponse } from './http.js';
import { keyTable } from '../../../key-table.js';

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** When the package's index.html was built (its Last-Modified / ETag), per version. */
const INDEX_MTIME: Record<string, string> = keyTable({
  '1.27.3': '2024-11-26T15:55:00Z',
  '1.26.2': '2024-08-12T14:28:31Z',
  '1.25.5': '2024-04-16T14:29:59Z',
  '1.24.0': '2023-04-11T01:45:34Z',
  '1.23.4': '2023-03-28T15:01:54Z',
  '1.22.1': '2022-10-19T10:49:37Z',
});

export function nginxErrorPage(status: number, reason: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export function nginxVersionOf(image: string): string {
  return imageProfile(image).version;
}

export const nginxApp: HttpApp = (req, ctx) => {
  const version = nginxVersionOf(ctx.container.image);
  const { path } = splitTarget(req.target);
  const keepAlive = req.version === 'HTTP/1.1' && (header(req, 'Connection') ?? '').toLowerCase() !== 'close';
  const base: [string, string][] = [
    ['Server', `nginx/${version}`],
    ['Date', httpDate(ctx.now)],
  ];
  let res: HttpResponse;
  const isIndex = path === '/' || path === '/index.html';
  if (isIndex && (req.method === 'GET' || req.method === 'HEAD')) {
    const mtime = new Date(INDEX_MTIME[version] ?? '2024-11-26T15:55:00Z');
    res = {
      version: 'HTTP/1.1',
      status: 200,
      reason: 'OK',
      headers: [
        ...base,
        ['Content-Type', 'text/html'],
        ['Content-Length', String(NGINX_WELCOME.length)],
        ['Last-Modified', httpDate(mtime)],
        ['Connection', keepAlive ? 'keep-alive' : 'close'],
        ['ETag', `"${Math.floor(mtime.getTime() / 1000).toString(16)}-${NGINX_WELCOME.length.toString(16)}"`],
        ['Accept-Ranges', 'bytes'],
      ],
      body: NGINX_WELCOME,
      headOnly: req.method === 'HEAD',
      close: !keepAlive,
    };
  } else {
    const [status, reason] = isIndex ? [405, 'Not Allowed'] : [404, 'Not Found'];
    const body = nginxErrorPage(status, reason, version);
    res = {
      version: 'HTTP/1.1',
      status,
      reason,
      headers: [...base, ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', keepAlive ? 'keep-alive' : 'close']],
      body,
      headOnly: req.method === 'HEAD',
      close: !keepAlive,
    };
    if (status === 404) {
      const p = (n: number) => String(n).padStart(2, '0');
      const d = ctx.now;
      ctx.log(`${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} [error] 29#29: *${ctx.client.port % 97} open() "/usr/share/nginx/html${path}" failed (2: No such file or directory), client: ${ctx.client.ip}, server: localhost, request: "${req.method} ${req.target} ${req.version}", host: "${header(req, 'Host') ?? ''}"`);
    }
  }
  const sent = res.headOnly ? 0 : Buffer.byteLength(res.body);
  ctx.log(`${ctx.client.ip} - - [${clfTime(ctx.now)}] "${req.method} ${req.target} ${req.version}" ${res.status} ${sent} "${header(req, 'Referer') ?? '-'}" "${header(req, 'User-Agent') ?? '-'}" "${header(req, 'X-Forwarded-For') ?? '-'}"`);
  return { kind: 'http', response: res };
};

export const nginxStartup: StartupLog = ({ startedAt, container }) => {
  const version = nginxVersionOf(container.image);
  const p = (n: number) => String(n).padStart(2, '0');
  const d = startedAt;
  const t = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const alpine = /alpine/.test(container.image);
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${t} [notice] 1#1: using the "epoll" event method`,
    `${t} [notice] 1#1: nginx/${version}`,
    `${t} [notice] 1#1: built by gcc ${alpine ? '13.2.1 20240309 (Alpine 13.2.1_git20240309) ' : '12.2.0 (Debian 12.2.0-14) '}`,
    `${t} [notice] 1#1: OS: Linux 6.8.0-49-generic`,
    `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${t} [notice] 1#1: start worker processes`,
    `${t} [notice] 1#1: start worker process 29`,
    `${t} [notice] 1#1: start worker process 30`,
  ];
};
