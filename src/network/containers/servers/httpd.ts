/**
 * Apache httpd (the official image): "It works!" on `/`, Apache's 404 page, common log format;
 * and BusyBox's tiny `httpd -f -p PORT`.
 */
import { HTTPD_INDEX } from '../images.js';
import type { HttpApp, StartupLog } from './app.js';
import { clfTime, httpDate, splitTarget } from './http.js';

const APACHE = 'Apache/2.4.62 (Unix)';

function apache404(): string {
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
}

export const httpdApp: HttpApp = (req, ctx) => {
  const { path } = splitTarget(req.target);
  const found = path === '/' || path === '/index.html';
  const body = found ? HTTPD_INDEX : apache404();
  const headers: [string, string][] = [
    ['Date', httpDate(ctx.now)],
    ['Server', APACHE],
  ];
  if (found) headers.push(['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes']);
  headers.push(['Content-Length', String(body.length)], ['Content-Type', found ? 'text/html' : 'text/html; charset=iso-8859-1']);
  ctx.log(`${ctx.client.ip} - - [${clfTime(ctx.now)}] "${req.method} ${req.target} ${req.version}" ${found ? 200 : 404} ${req.method === 'HEAD' ? '-' : body.length}`);
  return { kind: 'http', response: { version: 'HTTP/1.1', status: found ? 200 : 404, reason: found ? 'OK' : 'Not Found', headers, body, headOnly: req.method === 'HEAD' } };
};

export const httpdStartup: StartupLog = ({ startedAt, podIP }) => {
  const d = startedAt;
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  const t = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.000000 ${d.getUTCFullYear()}`;
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${podIP}. Set the 'ServerName' directive globally to suppress this message`;
  return [fqdn, fqdn, `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: ${APACHE} configured -- resuming normal operations`, `[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`];
};

/** BusyBox httpd serves files from its directory; with none there, every path is a 404. */
export const busyboxHttpdApp: HttpApp = (req, ctx) => {
  const body = '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n';
  return {
    kind: 'http',
    response: { version: 'HTTP/1.1', status: 404, reason: 'Not Found', headers: [['Content-type', 'text/html'], ['Date', httpDate(ctx.now)], ['Connection', 'close']], body, close: true, headOnly: req.method === 'HEAD' },
  };
};
