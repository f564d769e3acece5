/**
 * kubesim's echo server, for images it does not know (e.g. the seed's example.com/frontend:1.0):
 * on each declared containerPort it answers any request with the pod's name, IP, node, the
 * client address it saw (after any SNAT) and the request line.
 */
import type { HttpApp, StartupLog } from './app.js';
import { goLogTime, goResponse, header } from './http.js';

export const echoApp: HttpApp = (req, ctx) => {
  const body =
    `Hostname: ${ctx.hostname}\n` +
    `Pod: ${ctx.pod.metadata.namespace}/${ctx.pod.metadata.name}\n` +
    `Pod IP: ${ctx.podIP}\n` +
    `Node: ${ctx.nodeName}\n` +
    `Client: ${ctx.client.ip}:${ctx.client.port}\n` +
    `Request: ${req.method} ${req.target} ${req.version}\n`;
  ctx.log(`${goLogTime(ctx.now)} ${ctx.client.ip}:${ctx.client.port} "${req.method} ${req.target} ${req.version}" 200 ${Buffer.byteLength(body)} "${header(req, 'User-Agent') ?? '-'}"`);
  return { kind: 'http', response: goResponse(ctx.now, 200, body, [], req.method) };
};

export const echoStartup: StartupLog = ({ startedAt, listener, container }) => [`${goLogTime(startedAt)} kubesim echo server for ${container.image} listening on :${listener.port}`];
