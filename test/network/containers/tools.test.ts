/**
 * curl, wget, ping and nc against the vectors of tool-outputs.md (the fixture's hosts play the
 * spec's targets: web = nginx 1.22.1, refused, blackhole, empty, redis, nosuch-svc).
 */
import { describe, expect, it } from 'vitest';
import { ALPINE, DEBIAN, clientBox, run, sh, world } from './fixture.js';
import type { Tool } from '../../../src/network/containers/images.js';
import { NGINX_WELCOME } from '../../../src/network/containers/servers/nginx.js';

const HEADER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const NGINX_404 = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('curl 8.10.1 (§1)', () => {
  const box = clientBox(world());
  it('HTTP 200: body on stdout, the meter on stderr (317 B as in §1.1)', () => {
    const r = run(box, ['curl', 'http://web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(NGINX_WELCOME);
    expect(r.stdout.length).toBe(615);
    expect(r.stderr).toMatch(new RegExp(`^${esc(HEADER + ZERO)}\\r100   615  100   615    0     0  [ \\dkM.]{5}      0 --:--:-- --:--:-- --:--:-- [ \\dkM.]{5}\\n$`));
    expect(r.stderr.length).toBe(317);
  });
  it('-s, -o /dev/null -w %{http_code}', () => {
    expect(run(box, ['curl', '-s', 'http://web/'])).toMatchObject({ stdout: NGINX_WELCOME, stderr: '', code: 0 });
    expect(run(box, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n', 'http://web/'])).toMatchObject({ stdout: '200\n', stderr: '', code: 0 });
    expect(run(box, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://web/missing'])).toMatchObject({ stdout: '404', code: 0 });
  });
  it('404 without and with -f (§1.3)', () => {
    expect(run(box, ['curl', '-s', 'http://web/missing'])).toMatchObject({ stdout: NGINX_404, code: 0 });
    expect(NGINX_404.length).toBe(153);
    const f = run(box, ['curl', '-f', 'http://web/missing']);
    expect(f).toMatchObject({ stdout: '', code: 22, stderr: HEADER + ZERO + ZERO + '\ncurl: (22) The requested URL returned error: 404\n' });
    expect(run(box, ['curl', '-sf', 'http://web/missing'])).toMatchObject({ stdout: '', stderr: '', code: 22 });
    expect(run(box, ['curl', '-sSf', 'http://web/missing'])).toMatchObject({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', code: 22 });
  });
  it('connection refused (§1.4): exit 7', () => {
    const r = run(box, ['curl', 'http://refused']);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(new RegExp(`^${esc(HEADER + ZERO + ZERO)}\\ncurl: \\(7\\) Failed to connect to refused port 80 after \\d+ ms: Could not connect to server\\n$`));
    expect(run(box, ['curl', '-s', 'http://refused'])).toMatchObject({ stdout: '', stderr: '', code: 7 });
    expect(run(box, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://refused'])).toMatchObject({ stdout: '000', code: 7 });
    expect(run(box, ['curl', '-sS', 'http://127.0.0.2:8080/']).stderr).toMatch(/^curl: \(7\) Failed to connect to 127\.0\.0\.2 port 8080 after \d+ ms: Could not connect to server\n$/);
  });
  it('-v on refused (§1.4 layout)', () => {
    const r = run(box, ['curl', '-v', 'http://refused']);
    const lines = r.stderr.split('\n');
    expect(lines[2]).toBe(`${ZERO}* Host refused:80 was resolved.`);
    expect(lines.slice(3, 6)).toEqual(['* IPv6: (none)', '* IPv4: 10.96.45.2', '*   Trying 10.96.45.2:80...']);
    expect(lines[6]).toMatch(/^\* connect to 10\.96\.45\.2 port 80 from 10\.244\.0\.9 port \d+ failed: Connection refused$/);
    expect(lines[7]).toMatch(/^\* Failed to connect to refused port 80 after \d+ ms: Could not connect to server$/);
    expect(lines.slice(8)).toEqual([ZERO, '* closing connection #0', expect.stringMatching(/^curl: \(7\) Failed to connect/), '']);
  });
  it('timeouts (§1.5): exit 28, --connect-timeout vs --max-time wording', () => {
    const a = run(box, ['curl', '--connect-timeout', '2', 'http://blackhole']);
    expect(a.code).toBe(28);
    expect(a.stderr).toMatch(/\ncurl: \(28\) Failed to connect to blackhole port 80 after 20\d\d ms: Timeout was reached\n$/);
    expect(a.stderr).toContain('\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0');
    expect(run(box, ['curl', '-sS', '--max-time', '2', 'http://blackhole']).stderr).toMatch(/^curl: \(28\) Connection timed out after 20\d\d milliseconds\n$/);
    expect(run(box, ['curl', '-sS', '-m', '2', '--connect-timeout', '1', 'http://blackhole:8080/api']).stderr).toMatch(/^curl: \(28\) Failed to connect to blackhole port 8080 after 10\d\d ms: Timeout was reached\n$/);
    const d = run(box, ['curl', '-sS', 'http://blackhole']);
    expect(d.code).toBe(28);
    expect(d.stderr).toMatch(/^curl: \(28\) Failed to connect to blackhole port 80 after 1\d{5} ms: Could not connect to server\n$/);
  });
  it('DNS failure (§1.7): exit 6, error glued to the first meter line', () => {
    expect(run(box, ['curl', 'http://nosuch-svc'])).toMatchObject({ stdout: '', stderr: HEADER + ZERO + 'curl: (6) Could not resolve host: nosuch-svc\n', code: 6 });
    expect(run(box, ['curl', '-s', 'http://nosuch-svc'])).toMatchObject({ stderr: '', code: 6 });
    expect(run(box, ['curl', '-sS', 'nosuch-svc.default.svc.cluster.local'])).toMatchObject({ stderr: 'curl: (6) Could not resolve host: nosuch-svc.default.svc.cluster.local\n', code: 6 });
    expect(run(box, ['curl', '-v', '-s', 'http://nosuch-svc']).stderr).toBe('* Could not resolve host: nosuch-svc\n* shutting down connection #0\n');
  });
  it('empty reply (52) and non-HTTP servers (§1.8)', () => {
    expect(run(box, ['curl', '-sS', 'http://empty:5432'])).toMatchObject({ stderr: 'curl: (52) Empty reply from server\n', code: 52 });
    expect(run(box, ['curl', 'http://empty:5432']).stderr).toBe(HEADER + ZERO + ZERO + '\ncurl: (52) Empty reply from server\n');
    expect(run(box, ['curl', '-sS', 'http://redis:6379'])).toMatchObject({ stderr: 'curl: (1) Received HTTP/0.9 when not allowed\n', code: 1 });
    expect(run(box, ['curl', '-s', '--http0.9', 'http://redis:6379'])).toMatchObject({ stdout: "-ERR wrong number of arguments for 'get' command\r\n", code: 0 });
  });
  it('usage errors (§1.9): exit 2', () => {
    expect(run(box, ['curl'])).toMatchObject({ stdout: '', stderr: HINT, code: 2 });
    const s = run(box, ['curl', '-s']);
    expect(s).toMatchObject({ stderr: 'curl: (2) no URL specified\n' + HINT, code: 2 });
    expect(s.stderr.length).toBe(91);
    const b = run(box, ['curl', '--bogus', 'http://web']);
    expect(b).toMatchObject({ stderr: 'curl: option --bogus: is unknown\n' + HINT, code: 2 });
    expect(b.stderr.length).toBe(97);
  });
  it('-v success trace (§1.2)', () => {
    const r = run(box, ['curl', '-v', 'http://web/']);
    const lines = r.stderr.split('\n');
    expect(lines.slice(2, 16)).toEqual([
      `${ZERO}* Host web:80 was resolved.`,
      '* IPv6: (none)',
      '* IPv4: 10.96.45.1',
      '*   Trying 10.96.45.1:80...',
      '* Connected to web (10.96.45.1) port 80',
      '* using HTTP/1.x',
      '> GET / HTTP/1.1\r',
      '> Host: web\r',
      '> User-Agent: curl/8.10.1\r',
      '> Accept: */*\r',
      '> \r',
      '* Request completely sent off',
      '< HTTP/1.1 200 OK\r',
      '< Server: nginx/1.22.1\r',
    ]);
    expect(r.stderr).toContain('< Content-Length: 615\r\n< Last-Modified: Wed, 19 Oct 2022 10:49:37 GMT\r\n< Connection: keep-alive\r\n< ETag: "634fd641-267"\r\n< Accept-Ranges: bytes\r\n< \r\n{ [615 bytes data]\n');
    expect(r.stderr.endsWith('* Connection #0 to host web left intact\n')).toBe(true);
  });
  it('-i on a TTY: bold header names; -I: headers only', () => {
    const tty = clientBox(world(), ALPINE, { tty: true });
    const r = run(tty, ['curl', '-i', 'http://web/']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n\x1b\[1mServer\x1b\[0m: nginx\/1\.22\.1\r\n\x1b\[1mDate\x1b\[0m: Thu, 26 Nov 2026 05:40:07 GMT\r\n/);
    const h = run(box, ['curl', '-sI', 'http://web/']);
    expect(h.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n$/);
    expect(h.stdout).not.toContain('Welcome');
  });
});

describe('curl 7.88.1 (Debian images)', () => {
  const box = clientBox(world(), DEBIAN);
  it("says Couldn't and no URL specified!", () => {
    expect(run(box, ['curl', '-sS', 'http://refused']).stderr).toMatch(/^curl: \(7\) Failed to connect to refused port 80 after \d+ ms: Couldn't connect to server\n$/);
    const s = run(box, ['curl', '-s']);
    expect(s).toMatchObject({ stderr: 'curl: no URL specified!\n' + HINT, code: 2 });
    expect(s.stderr.length).toBe(88);
    expect(run(box, ['curl', '-v', '-s', 'http://web/']).stderr).toContain('* Connected to web (10.96.45.1) port 80 (#0)\n> GET / HTTP/1.1\r\n');
  });
});

describe('BusyBox wget (§2.2)', () => {
  const box = clientBox(world());
  it('success, to stdout', () => {
    expect(run(box, ['wget', '-qO-', 'http://web/'])).toMatchObject({ stdout: NGINX_WELCOME, stderr: '', code: 0 });
    expect(run(box, ['wget', '-O-', 'http://web/'])).toMatchObject({ stderr: 'Connecting to web (10.96.45.1:80)\nwriting to stdout\n-                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n', code: 0 });
  });
  it('errors exit 1', () => {
    expect(run(box, ['wget', '-qO-', 'http://web/missing'])).toMatchObject({ stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n', code: 1 });
    expect(run(box, ['wget', '-O-', 'http://refused'])).toMatchObject({ stderr: 'Connecting to refused (10.96.45.2:80)\nwget: can\'t connect to remote host (10.96.45.2): Connection refused\n', code: 1 });
    expect(run(box, ['wget', '-T', '2', '-O-', 'http://blackhole'])).toMatchObject({ stderr: 'Connecting to blackhole (10.96.45.3:80)\nwget: download timed out\n', code: 1 });
    expect(run(box, ['wget', '-qO-', 'http://nosuch-svc'])).toMatchObject({ stderr: "wget: bad address 'nosuch-svc'\n", code: 1 });
    expect(run(box, ['wget', '-O-', 'http://redis:6379'])).toMatchObject({ stderr: 'Connecting to redis:6379 (10.96.45.4:6379)\nwget: error getting response\n', code: 1 });
  });
  it('--spider', () => {
    expect(run(box, ['wget', '--spider', 'http://web/'])).toMatchObject({ stderr: 'Connecting to web (10.96.45.1:80)\nremote file exists\n', code: 0 });
  });
});

describe('GNU Wget 1.21.3 (§2.1)', () => {
  const box = clientBox(world(), { tools: ['coreutils', 'wget-gnu'] as Tool[], profile: DEBIAN.profile });
  it('refused, 404, DNS, usage', () => {
    expect(run(box, ['wget', '-O-', 'http://refused'])).toMatchObject({ stdout: '', stderr: '--2026-11-26 05:40:07--  http://refused/\nResolving refused (refused)... 10.96.45.2\nConnecting to refused (refused)|10.96.45.2|:80... failed: Connection refused.\n', code: 4 });
    expect(run(box, ['wget', '-O-', 'http://web/missing'])).toMatchObject({ stderr: '--2026-11-26 05:40:07--  http://web/missing\nResolving web (web)... 10.96.45.1\nConnecting to web (web)|10.96.45.1|:80... connected.\nHTTP request sent, awaiting response... 404 Not Found\n2026-11-26 05:40:07 ERROR 404: Not Found.\n\n', code: 8 });
    expect(run(box, ['wget', '-O-', 'http://nosuch-svc'])).toMatchObject({ stderr: "--2026-11-26 05:40:07--  http://nosuch-svc/\nResolving nosuch-svc (nosuch-svc)... failed: Name or service not known.\nwget: unable to resolve host address 'nosuch-svc'\n", code: 4 });
    expect(run(box, ['wget'])).toMatchObject({ stderr: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", code: 1 });
    expect(run(box, ['wget', '-qO-', 'http://web/'])).toMatchObject({ stdout: NGINX_WELCOME, stderr: '', code: 0 });
  });
  it('success log layout', () => {
    const r = run(box, ['wget', '-O-', 'http://web/']);
    expect(r.stderr).toMatch(/^--2026-11-26 05:40:07--  http:\/\/web\/\nResolving web \(web\)\.\.\. 10\.96\.45\.1\nConnecting to web \(web\)\|10\.96\.45\.1\|:80\.\.\. connected\.\nHTTP request sent, awaiting response\.\.\. 200 OK\nLength: 615 \[text\/html\]\nSaving to: 'STDOUT'\n\n     0K {55}100% .{5}=0s\n\n2026-11-26 05:40:07 \(.+\) - written to stdout \[615\/615\]\n\n$/);
  });
  it('timeouts retry, then give up', () => {
    const r = run(box, ['wget', '-T', '1', '-t', '3', '-O-', 'http://blackhole']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--2026-11-26 05:40:09--  (try: 2)  http://blackhole/\nConnecting to blackhole (blackhole)|10.96.45.3|:80... failed: Connection timed out.\nRetrying.\n\n');
    expect(r.stderr.endsWith('failed: Connection timed out.\nGiving up.\n\n')).toBe(true);
  });
});

describe('ping (§5) and nc (§6)', () => {
  const w = world();
  const box = clientBox(w);
  it('BusyBox ping: a pod IP answers, a virtual IP does not', () => {
    const ok = run(box, ['ping', '-c', '2', '10.244.1.5']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^PING 10\.244\.1\.5 \(10\.244\.1\.5\): 56 data bytes\n64 bytes from 10\.244\.1\.5: seq=0 ttl=64 time=\d\.\d{3} ms\n64 bytes from 10\.244\.1\.5: seq=1 ttl=64 time=\d\.\d{3} ms\n\n--- 10\.244\.1\.5 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    expect(run(box, ['ping', '-c', '2', '-W', '1', '10.96.45.1'])).toMatchObject({ stdout: 'PING 10.96.45.1 (10.96.45.1): 56 data bytes\n\n--- 10.96.45.1 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n', code: 1 });
    expect(run(box, ['ping', '-c', '1', 'nosuch-svc'])).toMatchObject({ stderr: "ping: bad address 'nosuch-svc'\n", code: 1 });
  });
  it('iputils ping', () => {
    const deb = clientBox(world(), { tools: ['coreutils', 'ping-iputils'] as Tool[], profile: DEBIAN.profile });
    expect(run(deb, ['ping', '-c', '2', '10.96.45.1']).stdout).toMatch(/^PING 10\.96\.45\.1 \(10\.96\.45\.1\) 56\(84\) bytes of data\.\n\n--- 10\.96\.45\.1 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time \d+ms\n\n$/);
    expect(run(deb, ['ping', '-c', '1', 'nosuch-svc'])).toMatchObject({ stderr: 'ping: nosuch-svc: Name or service not known\n', code: 2 });
    expect(run(deb, ['ping'])).toMatchObject({ stderr: 'ping: usage error: Destination address required\n', code: 1 });
  });
  it('nc: busybox and openbsd -zv, and a redis PING', () => {
    expect(run(box, ['nc', '-zv', 'web', '80'])).toMatchObject({ stderr: 'web (10.96.45.1:80) open\n', code: 0 });
    expect(run(box, ['nc', '-zv', 'refused', '80'])).toMatchObject({ stderr: '', code: 1 });
    expect(run(box, ['nc', '-zv', 'nosuch-svc', '80'])).toMatchObject({ stderr: "nc: bad address 'nosuch-svc'\n", code: 1 });
    const deb = clientBox(world(), { tools: ['coreutils', 'nc-openbsd'] as Tool[], profile: DEBIAN.profile });
    expect(run(deb, ['nc', '-zv', 'web', '80'])).toMatchObject({ stderr: 'Connection to web (10.96.45.1) 80 port [tcp/http] succeeded!\n', code: 0 });
    expect(run(deb, ['nc', '-zv', 'refused', '80'])).toMatchObject({ stderr: 'nc: connect to refused (10.96.45.2) port 80 (tcp) failed: Connection refused\n', code: 1 });
    expect(run(deb, ['nc', '-zv', 'nosuch-svc', '80'])).toMatchObject({ stderr: 'nc: getaddrinfo for host "nosuch-svc" port 80: Name or service not known\n', code: 1 });
    expect(sh(box, 'echo PING | nc redis 6379').stdout).toBe('+PONG\r\n');
  });
});
