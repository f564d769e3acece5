/**
 * CoreDNS pods: DNS itself is answered by the DNS module; over TCP port 53 an HTTP request is
 * read as a DNS message length prefix, so the server waits and then drops the connection. The
 * health (8080 /health), ready (8181 /ready) and metrics (9153 /metrics) endpoints answer HTTP.
 */
import type { HttpApp, StartupLog } from './app.js';
import { goResponse, splitTarget } from './http.js';

export const corednsHealthApp: HttpApp = (req, ctx) => {
  const { path } = splitTarget(req.target);
  const okPath = ctx.listener.port === 8181 ? '/ready' : '/health';
  if (path !== okPath) return { kind: 'http', response: goResponse(ctx.now, 404, '404 page not found\n', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']], req.method) };
  return { kind: 'http', response: goResponse(ctx.now, 200, 'OK', [], req.method) };
};

export const corednsMetricsApp: HttpApp = (req, ctx) => {
  const body = '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\ncoredns_build_info{goversion="go1.21.11",revision="a6338e9",version="1.11.3"} 1\n';
  return { kind: 'http', response: goResponse(ctx.now, 200, body, [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8']], req.method) };
};

export const corednsStartup: StartupLog = () => ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'];
