import { describe, expect, it } from 'vitest';
import { ALPINE, DEBIAN, clientBox, pod, run, sh, world } from './fixture.js';
import { serve, serveHttpBytes, startupLog, podListens } from '../../../src/network/containers/servers/index.js';
import { containerListeners, imageProfile } from '../../../src/network/containers/images.js';
import { NGINX_WELCOME } from '../../../src/network/containers/servers/nginx.js';

const GET = (path = '/', host = 'web') => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/8.10.1\r\nAccept: */*\r\n\r\n`;

describe('nginx', () => {
  it('serves the 615-byte welcome page with nginx headers, in order', () => {
    const w = world();
    const r = serve(w.cluster, w.pods.web, 80, GET(), { ip: '10.244.0.9', port: 40000 });
    expect(r).not.toBe('refused');
    if (r === 'refused' || r.kind !== 'http') throw new Error('expected http');
    expect(r.response.headers).toEqual([
      ['Server', 'nginx/1.22.1'],
      ['Date', 'Thu, 26 Nov 2026 05:40:07 GMT'],
      ['Content-Type', 'text/html'],
      ['Content-Length', '615'],
      ['Last-Modified', 'Wed, 19 Oct 2022 10:49:37 GMT'],
      ['Connection', 'keep-alive'],
      ['ETag', '"634fd641-267"'],
      ['Accept-Ranges', 'bytes'],
    ]);
    expect(r.response.body).toBe(NGINX_WELCOME);
    expect(Buffer.byteLength(NGINX_WELCOME)).toBe(615);
  });
  it('logs each request in the image main format with the client address it saw', () => {
    const w = world();
    serve(w.cluster, w.pods.web, 80, GET(), { ip: '192.168.49.3', port: 40000 });
    serve(w.cluster, w.pods.web, 80, GET('/missing'), { ip: '10.244.0.9', port: 40001 });
    const lines = w.cluster.state.logs['default/web-7d4b9c8f5-abcde/c'];
    expect(lines[0]).toBe('192.168.49.3 - - [26/Nov/2026:05:40:07 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.10.1" "-"');
    expect(lines[2]).toBe('10.244.0.9 - - [26/Nov/2026:05:40:07 +0000] "GET /missing HTTP/1.1" 404 153 "-" "curl/8.10.1" "-"');
    expect(lines[1]).toMatch(/\[error\] 29#29: \*\d+ open\(\) "\/usr\/share\/nginx\/html\/missing" failed \(2: No such file or directory\), client: 10\.244\.0\.9/);
  });
  it('starts with the docker-entrypoint lines', () => {
    const w = world();
    const lines = startupLog(w.pods.web, 'c');
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines).toContain('2026/11/26 05:00:00 [notice] 1#1: nginx/1.22.1');
  });
  it('serves raw bytes for port-forward', () => {
    const w = world();
    const r = serveHttpBytes(w.cluster, w.pods.web, 80, Buffer.from(GET()), '127.0.0.1');
    if (r === 'refused') throw new Error('refused');
    expect(r.response.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.22\.1\r\n/);
    expect(r.response.toString().endsWith(NGINX_WELCOME)).toBe(true);
    expect(serveHttpBytes(w.cluster, w.pods.web, 8080, Buffer.from(GET()), '127.0.0.1')).toBe('refused');
  });
});

describe('listeners per image', () => {
  it('known images listen where their program does, whatever containerPort says', () => {
    expect(containerListeners({ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }).map((l) => l.port)).toEqual([80]);
    expect(containerListeners({ name: 'c', image: 'nginx', command: ['sleep', '3600'] })).toEqual([]);
    expect(containerListeners({ name: 'c', image: 'hashicorp/http-echo', args: ['-text=hi'] })).toEqual([{ port: 5678, protocol: 'TCP', server: 'http-echo', settings: { text: 'hi' } }]);
    expect(containerListeners({ name: 'c', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', args: ['netexec', '--http-port=8080'] }).map((l) => l.port)).toEqual([8080]);
    expect(containerListeners({ name: 'c', image: 'example.com/frontend:1.0', ports: [{ containerPort: 5000 }] })).toEqual([{ port: 5000, protocol: 'TCP', server: 'echo' }]);
    expect(containerListeners({ name: 'c', image: 'curlimages/curl:8.10.1', command: ['sleep', 'infinity'] })).toEqual([]);
    expect(containerListeners({ name: 'c', image: 'busybox:1.36', command: ['httpd', '-f', '-p', '8080'] }).map((l) => l.port)).toEqual([8080]);
  });
  it('image facts: nginx ENV, tools, busybox 1.28 vs 1.29+', () => {
    expect(imageProfile('nginx:1.27').env).toEqual([['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ['NJS_RELEASE', '1~bookworm'], ['PKG_RELEASE', '1~bookworm'], ['DYNPKG_RELEASE', '1~bookworm']]);
    expect(imageProfile('nginx').tools).not.toContain('bind9');
    expect(imageProfile('busybox:1.28').tools).toContain('nslookup-busybox128');
    expect(imageProfile('busybox:1.36').tools).toContain('nslookup-busybox');
    expect(imageProfile('docker.io/library/nginx:1.25').name).toBe('nginx');
    expect(imageProfile('curlimages/curl:8.10.1')).toMatchObject({ curl: '8.10.1', user: 'curl_user', shell: 'ash' });
  });
  it('only running pods listen', () => {
    const p = pod('x', 'nginx', '10.244.0.30');
    expect(podListens(p, 80, 'TCP')).toBe(true);
    expect(podListens(p, 81, 'TCP')).toBe(false);
    expect(podListens({ ...p, status: { ...p.status, phase: 'Pending' } }, 80, 'TCP')).toBe(false);
  });
});

describe('echo server, whoami, http-echo, agnhost, redis', () => {
  const w = world();
  const answer = (image: string, extra: object, path = '/') => {
    const p = pod('app-1', image, '10.244.2.8', extra);
    const r = serve(w.cluster, p, containerListeners(p.spec.containers[0])[0].port, GET(path, 'app'), { ip: '10.244.0.9', port: 41000 });
    if (r === 'refused' || r.kind !== 'http') throw new Error('expected http');
    return r.response;
  };
  it('echo: pod name, IP, node, client address, request line', () => {
    expect(answer('example.com/frontend:1.0', { ports: [{ containerPort: 5000 }] }).body).toBe('Hostname: app-1\nPod: default/app-1\nPod IP: 10.244.2.8\nNode: kubesim\nClient: 10.244.0.9:41000\nRequest: GET / HTTP/1.1\n');
  });
  it('whoami, http-echo, agnhost netexec', () => {
    expect(answer('traefik/whoami', {}).body).toBe('Hostname: app-1\nIP: 127.0.0.1\nIP: ::1\nIP: 10.244.2.8\nRemoteAddr: 10.244.0.9:41000\nGET / HTTP/1.1\r\nHost: app\r\nUser-Agent: curl/8.10.1\r\nAccept: */*\r\n\r\n');
    const e = answer('hashicorp/http-echo', { args: ['-text=hello'] });
    expect(e.body).toBe('hello\n');
    expect(e.headers.map(([k]) => k)).toEqual(['X-App-Name', 'X-App-Version', 'Date', 'Content-Length', 'Content-Type']);
    expect(answer('registry.k8s.io/e2e-test-images/agnhost:2.39', { args: ['netexec'] }, '/hostname').body).toBe('app-1');
    expect(answer('registry.k8s.io/e2e-test-images/agnhost:2.39', { args: ['netexec'] }, '/clientip').body).toBe('10.244.0.9:41000');
    expect(answer('registry.k8s.io/e2e-test-images/agnhost:2.39', { args: ['netexec'] }, '/echo?msg=hi').body).toBe('hi');
    expect(answer('httpd:2.4', {}).body).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });
  it('redis: RESP, and HTTP is cut off after the Host: line', () => {
    const r = serve(w.cluster, w.pods.redis, 6379, '*1\r\n$4\r\nPING\r\n', { ip: '10.244.0.9', port: 1 });
    expect(r).toEqual({ kind: 'raw', bytes: '+PONG\r\n' });
    expect(serve(w.cluster, w.pods.redis, 6379, GET(), { ip: '10.244.0.9', port: 2 })).toEqual({ kind: 'raw', bytes: "-ERR wrong number of arguments for 'get' command\r\n" });
    expect(w.cluster.state.logs['default/redis-0/c'][0]).toMatch(/# Possible SECURITY ATTACK detected/);
  });
});

describe('package managers', () => {
  it('apt-get install needs apt-get update, and -y; then nslookup exists', () => {
    const w = world();
    const box = clientBox(w, DEBIAN);
    expect(box.lookup('nslookup')).toBeUndefined();
    expect(run(box, ['apt-get', 'install', '-y', 'dnsutils'])).toMatchObject({ stderr: 'E: Unable to locate package dnsutils\n', code: 100 });
    expect(run(box, ['apt-get', 'update']).code).toBe(0);
    expect(run(box, ['apt-get', 'install', 'dnsutils']).stdout).toMatch(/Do you want to continue\? \[Y\/n\] Abort\.\n$/);
    const r = sh(box, 'apt install -y dnsutils >/dev/null 2>&1; nslookup frontend-svc', 'dash');
    expect(r).toMatchObject({ stdout: 'fake nslookup frontend-svc\n', code: 0 });
  });
  it('apk add as a non-root user fails; as root it installs bind-tools', () => {
    const w = world();
    expect(run(clientBox(w, ALPINE, { user: 'curl_user' }), ['apk', 'add', 'bind-tools'])).toMatchObject({ stderr: 'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n', code: 99 });
    const box = clientBox(w, ALPINE);
    const r = run(box, ['apk', 'add', 'bind-tools']);
    expect(r.stdout).toMatch(/Installing bind-tools \(9\.18\.31-r0\)\n/);
    expect(box.lookup('dig')).toBeDefined();
  });
});
