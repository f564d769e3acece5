/**
 * Concurrency soak (issue 7): P real kubesim processes at a time, each running N mixed operations
 * (apply, delete, scale, create, exec curl, port-forward start/stop) against one cluster. Then the
 * same successful operations are replayed one after another (in-process, in completion order) on a
 * fresh cluster with the same seed, and both final states are compared (objects, labels, replicas
 * and pods per workload — not the allocations, which depend on the interleaving).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeHome, runInProcess, tempHome } from './harness.js';

const ROOT = process.env.KUBESIM_ROOT ?? resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubesim');

export interface Op {
  argv: string[];
  stdin?: string;
  /** port-forward: started, then stopped with SIGINT once it forwards. */
  forward?: boolean;
}

interface Done {
  op: Op;
  code: number;
  stderr: string;
  ms: number;
  endedAt: number;
}

const env = (home: string) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBESIM_HOME: home, KUBESIM_SEED: '4242', KUBESIM_NOW: '2026-11-26T05:00:00Z', NO_COLOR: '1', TZ: 'UTC' });

function runCli(op: Op, home: string): Promise<Done> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...op.argv], { env: env(home), cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (op.forward && !stopped && stdout.includes('Forwarding from')) {
        stopped = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (signal) stderr += `(ended by ${signal}; stdout: ${JSON.stringify(stdout.slice(0, 300))})`;
      done({ op, code: code ?? -1, stderr, ms: performance.now() - t0, endedAt: performance.now() });
    });
    child.stdin.end(op.stdin ?? '');
  });
}

const deployment = (name: string, replicas: number, image = 'nginx') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels: {soak: "yes"}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n      - name: c\n        image: ${image}\n        ports: [{containerPort: 80}]\n`;
const service = (name: string, app: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;

/** Worker w's operations: on its own objects (names carry w), so any interleaving is valid. */
export function planFor(w: number, count: number, curlPod: string): Op[] {
  const ops: Op[] = [];
  let created = 0;
  let deleted = 0;
  for (let i = 0; ops.length < count; i++) {
    const d = `w${w}-app`;
    switch (i % 10) {
      case 0:
        ops.push({ argv: ['apply', '-f', '-'], stdin: `${deployment(d, 1 + (i % 3))}---\n${service(`w${w}-svc`, d)}` });
        break;
      case 1:
        ops.push({ argv: ['create', 'namespace', `w${w}-ns-${created++}`] });
        break;
      case 2:
        ops.push({ argv: ['scale', 'deployment', d, `--replicas=${(i * 7 + w) % 4}`] });
        break;
      case 3:
        ops.push({ argv: ['exec', curlPod, '--', 'curl', '-s', '-m', '1', `http://w${w}-svc`] });
        break;
      case 4:
        ops.push({ argv: ['create', 'deployment', `w${w}-c${i}`, '--image=busybox'] });
        break;
      case 5:
        ops.push({ argv: ['delete', 'namespace', `w${w}-ns-${deleted++}`] });
        break;
      case 6:
        ops.push({ argv: ['port-forward', 'svc/soak-web', ':80', '--address', '127.0.0.1'], forward: true });
        break;
      case 7:
        ops.push({ argv: ['label', 'deployment', d, `round=r${i}`, '--overwrite'] });
        break;
      case 8:
        ops.push({ argv: ['delete', 'deployment', `w${w}-c${i - 4}`] });
        break;
      case 9:
        ops.push({ argv: ['apply', '-f', '-'], stdin: deployment(d, (i % 5) + 1) });
        break;
    }
  }
  return ops;
}

/** What must agree between the concurrent and the serial run. */
export function normalize(home: string): string[] {
  const state = JSON.parse(readFileSync(join(home, 'clusters', 'kubesim.json'), 'utf8')) as { objects: Record<string, Record<string, { metadata: { name: string; labels?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] }; spec?: { replicas?: number } }>> };
  const lines: string[] = [];
  const rsToDeploy = new Map<string, string>();
  for (const [key, rs] of Object.entries(state.objects.ReplicaSet ?? {})) {
    const owner = rs.metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
    if (owner) rsToDeploy.set(key.replace(/\/[^/]+$/, '/') + rs.metadata.name, owner.name);
  }
  const podsPerDeploy = new Map<string, number>();
  for (const [key, pod] of Object.entries(state.objects.Pod ?? {})) {
    const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
    const ns = key.split('/')[0];
    const d = owner ? rsToDeploy.get(`${ns}/${owner.name}`) : undefined;
    if (d) podsPerDeploy.set(`${ns}/${d}`, (podsPerDeploy.get(`${ns}/${d}`) ?? 0) + 1);
  }
  for (const kind of ['Namespace', 'Deployment', 'Service']) {
    for (const [key, obj] of Object.entries(state.objects[kind] ?? {})) {
      const labels = Object.entries(obj.metadata.labels ?? {}).sort().map(([k, v]) => `${k}=${v}`).join(',');
      const extra = kind === 'Deployment' ? ` replicas=${obj.spec?.replicas} pods=${podsPerDeploy.get(key) ?? 0}` : '';
      lines.push(`${kind} ${key} [${labels}]${extra}`);
    }
  }
  return lines.sort();
}

async function setup(home: string): Promise<string> {
  const steps: Op[] = [
    { argv: ['create', 'deployment', 'soak-curl', '--image=curlimages/curl:8.10.1'] },
    { argv: ['create', 'deployment', 'soak-web', '--image=nginx', '--port=80'] },
    { argv: ['expose', 'deployment', 'soak-web', '--port=80'] },
  ];
  for (const op of steps) {
    const r = await runInProcess(op.argv, { home, env: env(home) });
    if (r.code !== 0) throw new Error(`setup ${op.argv.join(' ')}: ${r.stderr}`);
  }
  const g = await runInProcess(['get', 'pods', '-l', 'app=soak-curl', '-o', 'name'], { home, env: env(home) });
  return g.stdout.trim().replace('pod/', '');
}

export interface SoakResult {
  ops: number;
  failed: Done[];
  wallSeconds: number;
  opsPerSecond: number;
  slowestMs: number;
  medianMs: number;
  concurrent: string[];
  serial: string[];
  equal: boolean;
}

export async function concurrencySoak(procs: number, perProc: number, log: (s: string) => void = () => undefined): Promise<SoakResult> {
  const home = tempHome('kubesim-soak-conc-');
  const replayHome = tempHome('kubesim-soak-serial-');
  try {
    const curlPod = await setup(home);
    const curlPod2 = await setup(replayHome);
    if (curlPod !== curlPod2) throw new Error('the seeded set-up differs between the two homes');
    const plans = Array.from({ length: procs }, (_, w) => planFor(w, perProc, curlPod));
    const finished: Done[] = [];
    const t0 = performance.now();
    let lastLog = t0;
    await Promise.all(
      plans.map(async (plan) => {
        for (const op of plan) {
          finished.push(await runCli(op, home));
          if (performance.now() - lastLog > 15_000) {
            lastLog = performance.now();
            log(`  ${finished.length}/${procs * perProc} operations, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
          }
        }
      }),
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    // exec passes the command's own exit code through (curl to a Service scaled to 0 fails, as it would).
    const succeeded = (d: Done) => d.code === 0 || (d.op.argv[0] === 'exec' && d.stderr.includes(`command terminated with exit code ${d.code}`));
    const failed = finished.filter((d) => !succeeded(d));
    // The serial run: the successful operations in the order they finished (each finished under the lock).
    const ok = finished.filter(succeeded).sort((a, b) => a.endedAt - b.endedAt);
    for (const d of ok) {
      if (d.op.forward) continue; // reads only
      const r = await runInProcess(d.op.argv, { home: replayHome, stdin: d.op.stdin, env: env(replayHome) });
      if (r.code !== 0 && !d.op.argv.includes('exec')) throw new Error(`serial replay of ${d.op.argv.join(' ')} failed: ${r.stderr}`);
    }
    const ms = finished.map((d) => d.ms).sort((a, b) => a - b);
    const concurrent = normalize(home);
    const serial = normalize(replayHome);
    writeFileSync(join(home, 'normalized.txt'), concurrent.join('\n'));
    return {
      ops: finished.length,
      failed,
      wallSeconds,
      opsPerSecond: finished.length / wallSeconds,
      slowestMs: ms[ms.length - 1],
      medianMs: ms[Math.floor(ms.length / 2)],
      concurrent,
      serial,
      equal: concurrent.join('\n') === serial.join('\n'),
    };
  } finally {
    removeHome(home);
    removeHome(replayHome);
  }
}
