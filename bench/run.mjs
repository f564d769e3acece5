#!/usr/bin/env node
// kubesim benchmarks (not part of `npm test`). Prints medians side by side and their ratios.
//   node bench/run.mjs            all benchmarks
//   node bench/run.mjs startup    only the start-up comparisons
//   node bench/run.mjs big        only the 1,000-service / 10,000-pod cluster
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/kubesim');
const which = process.argv[2] ?? 'all';
const home = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));
const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_SEED: '1', NO_COLOR: '1' };

function time(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const mid = (xs) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];

function median(cmd, args, runs = 21, opts = {}) {
  time(cmd, args, opts); // warm the file cache
  return mid(Array.from({ length: runs }, () => time(cmd, args, opts)));
}

/** Median wall times of a and b, run alternately so that the machine's drift hits both alike. */
function pair(a, b, runs = 21) {
  time(...a); // warm the file cache
  time(...b);
  const xs = [];
  const ys = [];
  for (let i = 0; i < runs; i++) {
    xs.push(time(...a));
    ys.push(time(...b));
  }
  return [mid(xs), mid(ys)];
}

function kubectl132() {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const p = join(dirname(realpathSync(r.stdout.trim())), 'kubectl.1.32');
  return existsSync(p) ? p : undefined;
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const results = [];

try {
  if (which === 'all' || which === 'startup') {
    time(BIN, ['get', 'svc']); // create the default cluster
    const createArgs = ['create', 'service', 'clusterip', 'x', '--tcp=80:5000', '--dry-run=client', '-o', 'yaml'];
    const k = kubectl132();
    if (k) {
      const [ks, kc] = pair([BIN, createArgs], [k, createArgs], 31); // kubesim as users run it: through the launcher
      results.push(['create service --dry-run=client -o yaml', fmt(ks), `kubectl.1.32 ${fmt(kc)}`, (ks / kc).toFixed(2) + '×', '≤ 1.4×']);
    } else results.push(['create service --dry-run=client -o yaml', fmt(median(BIN, createArgs)), 'kubectl.1.32 not found', '-', '≤ 1.4×']);
    // bin/kubesim starts Node without NODE_EXTRA_CA_CERTS (see its header), so the fair floor is a
    // bare Node started the same way; where the variable is set, the plain `node -e 0` is shown too.
    const { NODE_EXTRA_CA_CERTS, ...noCa } = env;
    const [get, bare] = pair([BIN, ['get', 'svc']], [process.execPath, ['-e', '0'], { env: noCa }], 31);
    results.push(['get svc (default cluster)', fmt(get), `node -e 0 ${fmt(bare)}`, (get / bare).toFixed(2) + '×', '≤ 1.5×']);
    if (NODE_EXTRA_CA_CERTS) results.push(['', '', `node -e 0 with NODE_EXTRA_CA_CERTS ${fmt(median(process.execPath, ['-e', '0']))}`, '', '']);
  }
  if (which === 'all' || which === 'big') {
    // 10,000 pods need room: 100 nodes (a /24 of pod IPs each), like a real cluster's 110-pod limit.
    const bigHome = join(home, 'big');
    const bigEnv = { ...env, KUBESIM_HOME: bigHome };
    spawnSync(process.execPath, [BIN, 'cluster', 'create', 'big', '--nodes', '100', '--seed', '1'], { env: bigEnv });
    const state = join(bigHome, 'clusters', 'big.json');
    const manifest = join(home, 'big.yaml');
    const docs = [];
    for (let i = 0; i < 1000; i++) {
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 10\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n`);
      docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n  - port: 80\n    targetPort: 80\n`);
    }
    writeFileSync(manifest, docs.join('---\n'));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [BIN, '--state', state, 'apply', '-f', manifest], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`building the big cluster failed: ${r.stderr.slice(0, 2000)}`);
    console.log(`built a cluster of 1,000 services and 10,000 pods in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const one = join(home, 'one.yaml');
    let n = 0;
    const applyOne = () => {
      writeFileSync(one, `apiVersion: v1\nkind: Service\nmetadata:\n  name: extra-${n++}\nspec:\n  selector:\n    app: app-1\n  ports:\n  - port: 80\n`);
      return time(BIN, ['--state', state, 'apply', '-f', one], { maxBuffer: 1 << 28 });
    };
    const runs = (f, k = 7) => {
      const xs = Array.from({ length: k }, f).sort((a, b) => a - b);
      return xs[Math.floor(k / 2)];
    };
    results.push(['get svc -A (1,000 svc)', fmt(median(BIN, ['--state', state, 'get', 'svc', '-A'], 7, { maxBuffer: 1 << 28 })), '', '', '≤ 400 ms']);
    results.push(['get pods -A (10,000 pods)', fmt(median(BIN, ['--state', state, 'get', 'pods', '-A'], 7, { maxBuffer: 1 << 28 })), '', '', '≤ 400 ms']);
    results.push(['apply one more service', fmt(runs(applyOne)), '', '', '≤ 400 ms']);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...results.map((r) => r[i].length), 6));
for (const r of results) console.log(r.map((c, i) => c.padEnd(widths[i] + 2)).join('').trimEnd());
