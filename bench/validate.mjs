#!/usr/bin/env node
// `kubesim validate` over a generated tree: 50,000 resources in 10,000 files (issue 6's bench).
// Run after `npm run build`:   node bench/validate.mjs [--keep] [--runs N] | --generate-only DIR
// Prints resources/second of `kubesim validate -f DIR -R -o json` (whole process: start-up,
// reading, parsing, per-object and cross-object checks, JSON output) and the target ratio.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/kubesim');
const FILES = 10_000;
const RESOURCES = 50_000;
const TARGET = 10_000; // resources per second
const NAMESPACES = 5;
const keep = process.argv.includes('--keep');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

/** One app file: a Deployment, its Service, a Pod, a StatefulSet and its headless Service. */
function appFile(i) {
  const ns = `team-${i % NAMESPACES}`;
  const app = `app-${i}`;
  const port = 8000 + (i % 1000);
  return `# generated app ${i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        tier: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - name: http
          containerPort: ${port}
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  type: ${i % 10 === 0 ? 'NodePort' : 'ClusterIP'}
  selector:
    app: ${app}
  ports:
  - name: http
    port: 80
    targetPort: http
---
apiVersion: v1
kind: Pod
metadata:
  name: ${app}-debug
  namespace: ${ns}
  labels:
    app: ${app}-debug
spec:
  containers:
  - name: shell
    image: busybox:1.36
    command: ["sleep", "3600"]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${app}-db
  namespace: ${ns}
spec:
  serviceName: ${app}-db
  replicas: 1
  selector:
    matchLabels:
      app: ${app}-db
  template:
    metadata:
      labels:
        app: ${app}-db
    spec:
      containers:
      - name: redis
        image: redis:7
        ports:
        - containerPort: 6379
          name: redis
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}-db
  namespace: ${ns}
spec:
  clusterIP: None
  selector:
    app: ${app}-db
  ports:
  - port: 6379
    targetPort: 6379
`;
}

function generate(dir) {
  const nsDocs = [];
  for (let n = 0; n < NAMESPACES; n++) nsDocs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${n}\n`);
  writeFileSync(join(dir, 'namespaces.yaml'), nsDocs.join('---\n'));
  let resources = NAMESPACES;
  for (let i = 0; i < FILES - 1; i++) {
    const sub = join(dir, `group-${String(i % 100).padStart(2, '0')}`);
    if (i < 100) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `app-${String(i).padStart(5, '0')}.yaml`), appFile(i));
    resources += 5;
  }
  return resources;
}

const genOnly = process.argv.indexOf('--generate-only');
if (genOnly > 0) {
  // `--generate-only DIR`: write the tree and stop (for profiling).
  const out = process.argv[genOnly + 1];
  mkdirSync(out, { recursive: true });
  console.log(`${generate(out)} resources written to ${out}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'kubesim-validate-bench-'));
try {
  const resources = generate(dir);
  if (resources !== RESOURCES) throw new Error(`generated ${resources} resources, expected ${RESOURCES}`);
  const env = { ...process.env, KUBESIM_HOME: join(dir, '.home'), NO_COLOR: '1' };
  const times = [];
  const cpu = [];
  let summary;
  const load = loadavg()[0];
  // /usr/bin/time reports the CPU seconds used (all threads), which a busy machine does not inflate.
  const timer = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  for (let r = 0; r < runs; r++) {
    const cmd = [BIN, 'validate', '-f', dir, '-R', '-o', 'json'];
    const t0 = process.hrtime.bigint();
    const res = timer
      ? spawnSync(timer, ['-f', 'cpu %U %S', process.execPath, ...cmd], { env, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, cmd, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`validate failed (exit ${res.status}): ${res.stderr.slice(0, 2000)}${res.stdout.slice(0, 2000)}`);
    summary = JSON.parse(res.stdout).summary;
    times.push(ms);
    const m = /cpu ([\d.]+) ([\d.]+)/.exec(res.stderr);
    if (m) cpu.push(Number(m[1]) + Number(m[2]));
  }
  times.sort((a, b) => a - b);
  const best = times[0];
  const median = times[Math.floor(times.length / 2)];
  const rate = (ms) => Math.round(resources / (ms / 1000));
  console.log(`kubesim validate -R -o json: ${resources} resources in ${FILES} files, ${cpus().length} CPUs, ${runs} runs`);
  console.log(`  checked: ${summary.resources} resources, ${summary.files} files, ${summary.errors} errors, ${summary.warnings} warnings`);
  console.log(`  median ${(median / 1000).toFixed(2)} s → ${rate(median)} resources/s (best ${(best / 1000).toFixed(2)} s → ${rate(best)}/s)`);
  console.log(`  target ≥ ${TARGET}/s: ratio ${(rate(median) / TARGET).toFixed(2)}× ${rate(median) >= TARGET ? 'ok' : 'BELOW TARGET'}`);
  if (cpu.length > 0) {
    cpu.sort((a, b) => a - b);
    console.log(`  CPU time (all threads) median ${cpu[Math.floor(cpu.length / 2)].toFixed(2)} s`);
  }
  if (load > cpus().length) console.log(`  note: load average ${load.toFixed(1)} on ${cpus().length} CPUs when the runs started; wall-clock numbers are inflated`);
  if (keep) console.log(`  tree kept at ${dir}`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
