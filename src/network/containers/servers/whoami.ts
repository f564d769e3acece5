/**
 * traefik/whoami: answers every path with the pod's hostname, its IPs, the remote address it saw
 * and the request as received (request line and headers, as Go's Request.Write prints them).
 */
import type { HttpApp, StartupLog } from './app.js';
import { goLogTime, goResponse, splitTarget } from './http.js';

export const whoamiApp: HttpApp = (req, ctx) => {
  const { path } = splitTarget(req.target);
  if (path === '/health') return { kind: 'http', response: goResponse(ctx.now, 200, '', [], req.method) };
  let body = `Hostname: ${ctx.hostname}\nIP: 127.0.0.1\nIP: ::1\nIP: ${ctx.podIP}\nRemoteAddr: ${ctx.client.ip}:${ctx.client.port}\n`;
  const host = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
  body += `${req.method} ${req.target} ${req.version}\r\n`;
  if (host !== undefined) body += `Host: ${host}\r\n`;
  for (const [k, v] of req.headers) if (k.toLowerCase() !== 'host') body += `${k}: ${v}\r\n`;
  body += '\r\n';
  return { kind: 'http', response: goResponse(ctx.now, 200, body, [], req.method) };
};

export const whoamiStartup: StartupLog = ({ startedAt, listener }) => [`${goLogTime(startedAt)} Starting up on port ${listener.port}`];
