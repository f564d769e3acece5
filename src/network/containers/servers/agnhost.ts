/**
 * agnhost (Kubernetes' e2e test image): `netexec` (/hostname, /clientip, /echo?msg=, /healthz,
 * / with the time) and `serve-hostname` (the pod name on every request).
 */
import type { HttpApp, StartupLog } from './app.js';
import { goResponse, klogPrefix, splitTarget } from './http.js';

export const netexecApp: HttpApp = (req, ctx) => {
  const { path, query } = splitTarget(req.target);
  ctx.log(`${klogPrefix(ctx.now)}log.go:245] ${req.method} ${path}`);
  let body: string;
  let status = 200;
  switch (path) {
    case '/hostname':
      body = ctx.hostname;
      break;
    case '/clientip':
      body = `${ctx.client.ip}:${ctx.client.port}`;
      break;
    case '/echo':
      body = query.get('msg') ?? '';
      break;
    case '/healthz':
    case '/readyz':
      body = 'ok';
      break;
    case '/':
      body = `NOW: ${ctx.now.toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000000 +0000 UTC')}`;
      break;
    case '/header': {
      const key = query.get('key') ?? '';
      body = req.headers.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] ?? '';
      break;
    }
    default:
      status = 404;
      body = '404 page not found\n';
  }
  return { kind: 'http', response: goResponse(ctx.now, status, body, [], req.method) };
};

export const serveHostnameApp: HttpApp = (req, ctx) => ({ kind: 'http', response: goResponse(ctx.now, 200, ctx.hostname, [], req.method) });

export const netexecStartup: StartupLog = ({ startedAt, listener }) => [`${klogPrefix(startedAt)}log.go:245] Started HTTP server on port ${listener.port}`, `${klogPrefix(startedAt)}log.go:245] Started UDP server on port  ${listener.port + 1}`];

export const serveHostnameStartup: StartupLog = ({ startedAt, hostname, listener }) => [`${klogPrefix(startedAt)}serve_hostname.go:107] Serving on port ${listener.port}.`, `${klogPrefix(startedAt)}serve_hostname.go:108] hostname: ${hostname}`];
