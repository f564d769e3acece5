/**
 * Real forwards: the built CLI (`npm run build` first) listens on ephemeral 127.0.0.1 ports and
 * these tests talk to it with node:http (keep-alive) and raw sockets. Every test stops the
 * processes it started.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels: {app: frontend}
  template:
    metadata:
      labels: {app: frontend}
    spec:
      containers:
      - name: app
        image: example.com/frontend:1.0
        ports:
        - {name: http, containerPort: 5000}
---
apiVersion: v1
kind: Service
metadata:
  name: frontend-svc
spec:
  selector: {app: frontend}
  ports:
  - {name: web, port: 80, targetPort: http}
---
apiVersion: v1
kind: Service
metadata:
  name: external
spec:
  ports:
  - {port: 80}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: redis
        image: redis:7.4
        ports:
        - {name: redis, containerPort: 6379}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nothing
spec:
  replicas: 0
  selector:
    matchLabels: {app: nothing}
  template:
    metadata:
      labels: {app: nothing}
    spec:
      containers:
      - {name: app, image: nginx}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - {name: http, containerPort: 80}
    - {name: dns, containerPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Pod
metadata:
  name: victim
spec:
  containers:
  - name: app
    image: example.com/victim:1.0
    ports:
    - {containerPort: 5000}
---
apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  nodeSelector: {disk: none}
  containers:
  - {name: app, image: nginx}
`;

let sb: Sandbox;
const children: ChildProcess[] = [];
const blockers: Server[] = [];

interface Forward {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Local ports from the Forwarding lines, in order. */
  ports: number[];
  exit: Promise<number>;
}

/** Start `port-forward ARGS --address 127.0.0.1` and wait for `lines` Forwarding lines. */
async function startForward(args: string[], lines = 1, env: Record<string, string> = {}): Promise<Forward> {
  const child = spawn(process.execPath, [BIN, 'port-forward', ...args, '--address', '127.0.0.1'], { env: { ...sb.env, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = [...out.matchAll(/^Forwarding from 127\.0\.0\.1:(\d+) -> \d+$/gm)].map((m) => Number(m[1]));
    if (found.length >= lines) return { child, stdout: () => out, stderr: () => err, ports: found, exit };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`port-forward did not start: exit=${child.exitCode}\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function get(port: number, path: string, agent?: Agent, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, method, headers: { 'User-Agent': 'kubesim-test/1' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Write bytes on a raw socket; collect everything until the server closes or `until` matches. */
function raw(port: number, bytes: string, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const s = connect(port, '127.0.0.1', () => s.write(bytes));
    s.setEncoding('latin1');
    s.on('data', (d) => {
      out += d;
      if (until?.test(out)) s.destroy();
    });
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

async function stop(f: Forward): Promise<number> {
  f.child.kill('SIGINT');
  return f.exit;
}

beforeAll(async () => {
  sb = sandbox({ KUBESIM_NO_HINTS: '1' });
  const file = join(sb.home, 'manifests.yaml');
  writeFileSync(file, MANIFESTS);
  const r = await sb.run(['apply', '-f', file]);
  expect(r.stderr).toBe('');
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of blockers.splice(0)) s.close();
});

afterAll(() => sb.cleanup());

describe('port-forward through real sockets', () => {
  it('svc/NAME :PORT pins one pod; keep-alive and concurrent requests; Ctrl-C exits 0; access log', async () => {
    const f = await startForward(['svc/frontend-svc', ':80']);
    expect(f.stdout()).toMatch(/^Forwarding from 127\.0\.0\.1:\d+ -> 5000\n$/);
    const port = f.ports[0];

    const one = new Agent({ keepAlive: true, maxSockets: 1 });
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await get(port, `/seq-${i}`, one);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.headers['date']).toBe('Thu, 26 Nov 2026 05:00:00 GMT');
      bodies.push(r.body);
    }
    one.destroy();
    const many = new Agent({ keepAlive: true, maxSockets: 4 });
    const parallel = await Promise.all(Array.from({ length: 12 }, (_, i) => get(port, `/par-${i}`, many)));
    many.destroy();
    for (const r of parallel) bodies.push(r.body);

    const pods = new Set(bodies.map((b) => /^Pod: default\/(\S+)$/m.exec(b)?.[1]));
    expect(pods.size).toBe(1);
    const pod = [...pods][0]!;
    expect(pod).toMatch(/^frontend-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(bodies[0]).toMatch(/^Client: 127\.0\.0\.1:\d+$/m);
    expect(bodies[0]).toMatch(/^Request: GET \/seq-0 HTTP\/1\.1$/m);

    const handling = f.stdout().split('\n').filter((l) => l === `Handling connection for ${port}`).length;
    expect(handling).toBeGreaterThanOrEqual(2);
    expect(handling).toBeLessThanOrEqual(5); // 1 keep-alive socket + at most 4 parallel ones

    expect(await stop(f)).toBe(0);
    expect(f.stderr()).toBe('');
    const logs = await sb.run(['logs', pod]);
    expect(logs.code).toBe(0);
    for (const path of ['/seq-0', '/seq-3', '/par-0', '/par-11']) expect(logs.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1:\\d+ "GET ${path} HTTP/1\\.1" 200 \\d+ "kubesim-test/1"`));
  });

  it('the pod choice is kubectl\'s: the same pod for svc/, deploy/ and rs/ targets', async () => {
    const rs = (await sb.run(['get', 'rs', '-o', 'name'])).stdout.trim().split('\n').find((n) => n.includes('frontend'))!;
    const seen: string[] = [];
    for (const target of ['svc/frontend-svc', 'deploy/frontend', rs.replace('replicaset.apps/', 'rs/')]) {
      const f = await startForward([target, target.startsWith('svc') ? ':web' : ':http']);
      expect(f.stdout()).toMatch(/-> 5000\n$/);
      const r = await get(f.ports[0], '/');
      seen.push(/^Pod: default\/(\S+)$/m.exec(r.body)![1]);
      expect(await stop(f)).toBe(0);
    }
    expect(new Set(seen).size).toBe(1);
    const names = (await sb.run(['get', 'pods', '-l', 'app=frontend', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.replace('pod/', ''));
    expect(seen[0]).toBe([...names].sort()[0]); // all tie on every key: the first by name
  });

  it('raw socket: pipelined requests to nginx are answered in order; HEAD has no body', async () => {
    const f = await startForward(['web', ':http']);
    expect(f.stdout()).toMatch(/-> 80\n$/);
    const text = await raw(f.ports[0], 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d+) /gm)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '404']);
    expect(text).toContain('Server: nginx/1.27');
    expect(text).toContain('<title>Welcome to nginx!</title>');
    const head = await raw(f.ports[0], 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\n\r\n$/);
    expect(await stop(f)).toBe(0);
    const logs = await sb.run(['logs', 'web']);
    expect(logs.stdout).toMatch(/^127\.0\.0\.1 - - \[[^\]]+\] "GET \/missing HTTP\/1\.1" 404 /m);
    expect(logs.stdout).toMatch(/^127\.0\.0\.1 - - \[[^\]]+\] "HEAD \/ HTTP\/1\.1" 200 /m);
  });

  it('sts/NAME with a named port: redis answers PING; several ports at once', async () => {
    const f = await startForward(['sts/db', ':redis', ':6379'], 2);
    expect(f.stdout()).toMatch(/^Forwarding from 127\.0\.0\.1:\d+ -> 6379\nForwarding from 127\.0\.0\.1:\d+ -> 6379\n$/);
    expect(await raw(f.ports[0], '*1\r\n$4\r\nPING\r\n', /\r\n$/)).toBe('+PONG\r\n');
    expect(await raw(f.ports[1], 'PING\r\n', /\r\n$/)).toBe('+PONG\r\n');
    expect(f.stdout()).toContain(`Handling connection for ${f.ports[0]}\n`);
    expect(f.stdout()).toContain(`Handling connection for ${f.ports[1]}\n`);
    f.child.kill('SIGTERM');
    expect(await f.exit).toBe(0);
  });

  it('deleting the pinned pod ends the forward: error: lost connection to pod, exit 1', async () => {
    const f = await startForward(['victim', ':5000']);
    const r = await get(f.ports[0], '/before');
    expect(r.body).toContain('Pod: default/victim');
    const del = await sb.run(['delete', 'pod', 'victim']);
    expect(del.code).toBe(0);
    expect(await f.exit).toBe(1);
    expect(f.stderr()).toBe('error: lost connection to pod\n');
  });

  it('a pod port nothing listens on: klog line, lost connection, exit 1', async () => {
    const f = await startForward(['web', ':81']);
    expect(f.stdout()).toMatch(/-> 81\n$/);
    await raw(f.ports[0], 'GET / HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => '');
    expect(await f.exit).toBe(1);
    expect(f.stdout()).toContain(`Handling connection for ${f.ports[0]}\n`);
    const lines = f.stderr().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ portforward\\.go:424\\] "Unhandled Error" err="an error occurred forwarding ${f.ports[0]} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : .*connect: connection refused " logger="UnhandledError"$`,
      ),
    );
    expect(lines.slice(1)).toEqual(['error: lost connection to pod', '']);
  });

  it('a local port in use: kubectl\'s two lines, exit 1', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    const r = await sb.run(['port-forward', 'web', `${busy}:80`, '--address', '127.0.0.1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Unable to listen on port ${busy}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${busy}: bind: address already in use]\n` +
        `error: unable to listen on any of the requested ports: [{${busy} 80}]\n`,
    );
  });

  it('prints the hint naming the pinned pod when hints are on', async () => {
    const f = await startForward(['svc/frontend-svc', ':80'], 1, { KUBESIM_NO_HINTS: '0' });
    await new Promise((r) => setTimeout(r, 100));
    expect(f.stderr()).toMatch(/^hint: forwarding to pod frontend-\S+ \(chosen from 3 pods of service\/frontend-svc\); every connection goes to this one pod, bypassing the Service's load balancing\n$/);
    expect(await stop(f)).toBe(0);
  });
});

describe('port-forward errors (exact texts, exit 1)', () => {
  const cases: [string[], string][] = [
    [['web'], "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubesim port-forward -h' for help and examples\n"],
    [['nope', '80'], 'Error from server (NotFound): pods "nope" not found\n'],
    [['svc/nope', '80'], 'Error from server (NotFound): services "nope" not found\n'],
    [['deploy/nope', '80'], 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    [['frob/x', '80'], 'error: the server doesn\'t have a resource type "frob"\n'],
    [['stuck', '80'], 'error: unable to forward port because pod is not running. Current status=Pending\n'],
    [['web', 'dns'], 'error: UDP protocol is not supported for dns\n'],
    [['web', '8053:53'], 'error: UDP protocol is not supported for 53\n'],
    [['web', 'nope'], "error: Pod 'web' does not have a named port 'nope'\n"],
    [['svc/frontend-svc', '90'], 'error: Service frontend-svc does not have a service port 90\n'],
    [['svc/frontend-svc', 'https'], "error: Service 'frontend-svc' does not have a named port 'https'\n"],
    [['svc/external', '80'], "error: cannot attach to *v1.Service: invalid service 'external': Service is defined without a selector\n"],
    [['web', '0'], 'error: remote port must be > 0\n'],
    [['web', 'x:80'], 'error: error parsing local port \'x\': strconv.ParseUint: parsing "x": invalid syntax\n'],
    [['web', '70000:80'], 'error: error parsing local port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n'],
    [['web', '80', '--address', '1.2.3.999'], 'error: 1.2.3.999 is not a valid IP\n'],
    [['deploy/nothing', '80', '--pod-running-timeout', '300ms'], 'error: timed out waiting for the condition\n'],
    [['web', '80', '--pod-running-timeout', '0s'], "error: --pod-running-timeout must be higher than zero\nSee 'kubesim port-forward -h' for help and examples\n"],
  ];
  it.each(cases)('port-forward %j', async (args, stderr) => {
    const r = await sb.run(['port-forward', ...args]);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });
});
