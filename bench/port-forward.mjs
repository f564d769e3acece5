// Throughput and p99 latency through `kubesim port-forward` against a plain node:http server
// answering the same body, both on loopback, both driven by the same load generator: a keep-alive
// node:http Agent with 16 sockets and 16 request loops, ~10 s each (after a 1 s warm-up).
// The target is a ratio of at least 0.5.
//
//   npm run build && node bench/port-forward.mjs [--duration 10] [--connections 16] [--per-request-lock]
//
// --per-request-lock also measures the forward with every request's log line written under the
// state lock before it is answered (KUBESIM_PORT_FORWARD_FLUSH_MS=0), the design batching replaces.
// Servers run in child processes, the load generator here; the numbers are machine-dependent,
// the ratio is what to compare.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/kubesim');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const DURATION_S = opt('duration', 10);
const CONNECTIONS = opt('connections', 16);
const WARMUP_S = 1;

const home = mkdtempSync(join(tmpdir(), 'kubesim-bench-pf-'));
const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_SEED: '7008', NO_COLOR: '1', KUBESIM_NO_HINTS: '1' };
const children = [];

function run(args) {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => (code === 0 ? res(out) : rej(new Error(`kubesim ${args.join(' ')}: ${err}`))));
  });
}

/** Start a long-running child; resolve with the port parsed from its stdout. */
function startServer(cmd, args, extraEnv, portPattern) {
  return new Promise((res, rej) => {
    const c = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(c);
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => {
      out += d;
      const m = portPattern.exec(out);
      if (m) res({ child: c, port: Number(m[1]) });
    });
    c.stderr.on('data', (d) => (err += d));
    c.on('exit', (code) => rej(new Error(`server exited (${code}) before listening: ${out}${err}`)));
  });
}

function once(port, agent) {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent, headers: { 'User-Agent': 'kubesim-bench/1' } }, (r) => {
      const chunks = [];
      r.on('data', (d) => chunks.push(d));
      r.on('end', () => (r.statusCode === 200 ? res(Buffer.concat(chunks)) : rej(new Error(`status ${r.statusCode}`))));
    });
    req.on('error', rej);
    req.end();
  });
}

/** CONNECTIONS loops of sequential keep-alive requests; latencies of the measured window only. */
async function load(port, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const start = performance.now();
  const measureFrom = start + WARMUP_S * 1000;
  const end = measureFrom + seconds * 1000;
  const latencies = [];
  let errors = 0;
  const loop = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        await once(port, agent);
      } catch {
        errors++;
        continue;
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: p(0.5), p99: p(0.99), errors };
}

const fmt = (r) => `${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms${r.errors ? `   errors ${r.errors}` : ''}`;

try {
  const manifest = join(home, 'frontend.yaml');
  writeFileSync(
    manifest,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  replicas: 3
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers:
      - name: app
        image: example.com/frontend:1.0
        ports: [{name: http, containerPort: 5000}]
---
apiVersion: v1
kind: Service
metadata: {name: frontend-svc}
spec:
  selector: {app: frontend}
  ports: [{port: 80, targetPort: http}]
`,
  );
  await run(['apply', '-f', manifest]);

  const forwardOnce = async (extraEnv) => {
    const pf = await startServer(process.execPath, [BIN, 'port-forward', 'svc/frontend-svc', ':80', '--address', '127.0.0.1'], extraEnv, /Forwarding from 127\.0\.0\.1:(\d+) -> 5000/);
    return pf;
  };

  // The body the forwarded pod answers, for the plain server to answer too.
  const probe = await forwardOnce({});
  const body = await once(probe.port);
  probe.child.kill('SIGINT');

  const plainSrc = `
    const body = Buffer.from(${JSON.stringify(body.toString('base64'))}, 'base64');
    const s = require('node:http').createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, Date: new Date().toUTCString() });
      res.end(body);
    });
    s.listen(0, '127.0.0.1', () => console.log('listening on ' + s.address().port));`;
  const plain = await startServer(process.execPath, ['-e', plainSrc], {}, /listening on (\d+)/);

  console.log(`port-forward bench: ${CONNECTIONS} keep-alive connections, ${DURATION_S} s each after ${WARMUP_S} s warm-up, body ${body.length} bytes`);
  const base = await load(plain.port, DURATION_S);
  console.log(`plain node:http server   ${fmt(base)}`);
  plain.child.kill();

  const pf = await forwardOnce({});
  const fwd = await load(pf.port, DURATION_S);
  console.log(`kubesim port-forward     ${fmt(fwd)}`);
  pf.child.kill('SIGINT');
  const ratio = fwd.rps / base.rps;
  console.log(`ratio (forward / plain)  ${ratio.toFixed(2)}x   target >= 0.5x   ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);

  if (argv.includes('--per-request-lock')) {
    const slow = await forwardOnce({ KUBESIM_PORT_FORWARD_FLUSH_MS: '0' });
    const r = await load(slow.port, DURATION_S);
    console.log(`per-request lock+write   ${fmt(r)}   ratio ${(r.rps / base.rps).toFixed(3)}x`);
    slow.child.kill('SIGINT');
  }
  const logs = await run(['logs', 'deploy/frontend', '--tail', '1']).catch(() => '');
  if (logs) console.log(`last access-log line: ${logs.trim()}`);
  process.exitCode = ratio >= 0.5 ? 0 : 1;
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(home, { recursive: true, force: true });
}
