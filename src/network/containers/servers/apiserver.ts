/**
 * kube-apiserver's secure port: plain HTTP gets Go's TLS-server answer (400, "Client sent an
 * HTTP request to an HTTPS server."); HTTPS (`curl -k`) as system:anonymous is forbidden.
 */
import type { HttpApp } from './app.js';
import { splitTarget } from './http.js';

export const apiserverPlainHttpApp: HttpApp = () => ({
  kind: 'http',
  response: { version: 'HTTP/1.0', status: 400, reason: 'Bad Request', headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n', close: true },
});

export const apiserverTlsApp: HttpApp = (req, ctx) => {
  const { path } = splitTarget(req.target);
  const open = ['/healthz', '/livez', '/readyz', '/version'].includes(path);
  if (open) {
    const body = path === '/version' ? `{\n  "major": "1",\n  "minor": "32",\n  "gitVersion": "${ctx.cluster.spec.kubernetesVersion}",\n  "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53",\n  "gitTreeState": "clean",\n  "buildDate": "2024-12-11T17:59:15Z",\n  "goVersion": "go1.23.3",\n  "compiler": "gc",\n  "platform": "linux/amd64"\n}` : 'ok';
    return { kind: 'http', response: { version: 'HTTP/2', status: 200, reason: '', headers: [['audit-id', '8f0e7a6d-2b1c-4e5f-9a8b-7c6d5e4f3a2b'], ['cache-control', 'no-cache, private'], ['content-type', path === '/version' ? 'application/json' : 'text/plain; charset=utf-8'], ['x-content-type-options', 'nosniff'], ['content-length', String(body.length)], ['date', ctx.now.toUTCString()]], body, headOnly: req.method === 'HEAD' } };
  }
  const body = `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
  return { kind: 'http', response: { version: 'HTTP/2', status: 403, reason: '', headers: [['audit-id', '8f0e7a6d-2b1c-4e5f-9a8b-7c6d5e4f3a2b'], ['cache-control', 'no-cache, private'], ['content-type', 'application/json'], ['x-content-type-options', 'nosniff'], ['content-length', String(body.length)], ['date', ctx.now.toUTCString()]], body, headOnly: req.method === 'HEAD' } };
};
