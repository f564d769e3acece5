/**
 * hashicorp/http-echo: answers every request with its `-text` and a newline, plus its
 * X-App-Name / X-App-Version headers; logs one line per request.
 */
import type { HttpApp, StartupLog } from './app.js';
import { goLogTime, goResponse, header, splitTarget } from './http.js';

export const httpEchoApp: HttpApp = (req, ctx) => {
  const text = ctx.listener.settings?.text ?? '';
  const { path } = splitTarget(req.target);
  const body = path === '/health' ? '{"status":"ok"}\n' : `${text}\n`;
  const res = goResponse(ctx.now, 200, body, [
    ['X-App-Name', 'http-echo'],
    ['X-App-Version', '1.0.0'],
  ], req.method);
  ctx.log(`${goLogTime(ctx.now)} ${header(req, 'Host') ?? ''} ${ctx.client.ip}:${ctx.client.port} "${req.method} ${req.target} ${req.version}" 200 ${Buffer.byteLength(body)} "${header(req, 'User-Agent') ?? ''}" 21.04µs`);
  return { kind: 'http', response: res };
};

export const httpEchoStartup: StartupLog = ({ startedAt, listener }) => [`${goLogTime(startedAt)} [INFO] server is listening on :${listener.port}`];
