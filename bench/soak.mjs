#!/usr/bin/env node
// kubesim hardening soak (issue 7): the long versions of test/hardening/*. Not part of `npm test`.
//   node bench/soak.mjs fuzz [CASES] [WORKERS]     property fuzzing in-process (default 1,000,000 cases, 2 workers)
//   node bench/soak.mjs bombs                      resource bombs in child processes: RSS and time
//   node bench/soak.mjs concurrency [PROCS] [OPS]  PROCS processes × OPS mixed operations on one cluster (default 50 × 200)
//   node bench/soak.mjs crash [KILLS]              SIGKILL a writer at KILLS random moments (default 500)
//   node bench/soak.mjs faults                     read-only directory, disk full, permission denied, newer state
//   node bench/soak.mjs all                        everything above with the defaults (fuzz last)
// Build first (`npm run build`): the process-based runs use bin/kubesim.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBombs } from './hardening/bombs.mjs';
import { runCrash } from './hardening/crash.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
process.env.KUBESIM_ROOT = ROOT;

/** Bundle a TypeScript soak module (shared with test/hardening) into one ESM file. */
async function bundle(entry, outfile) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __ksCreateRequire } from 'node:module'; const require = __ksCreateRequire(import.meta.url);" },
  });
}

/** Bundle one of the soak modules and import it. */
async function load(entry) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'kubesim-soak-')), 'module.mjs');
  await bundle(entry, outfile);
  return import(outfile);
}

async function runConcurrency(procs, ops) {
  const { concurrencySoak } = await load('bench/hardening/concurrency.ts');
  console.log(`concurrency: ${procs} processes × ${ops} mixed operations (apply, delete, scale, create, exec curl, port-forward start/stop, label) on one cluster`);
  const r = await concurrencySoak(procs, ops, (s) => console.log(s));
  console.log(`concurrency: ${r.ops.toLocaleString('en-US')} operations in ${r.wallSeconds.toFixed(0)} s = ${r.opsPerSecond.toFixed(1)} ops/s; median ${r.medianMs.toFixed(0)} ms, slowest ${r.slowestMs.toFixed(0)} ms per operation; failed ${r.failed.length}; final state ${r.equal ? 'equals' : 'DIFFERS FROM'} the serial replay (${r.concurrent.length} objects compared)`);
  for (const d of r.failed.slice(0, 10)) console.log(`  failed: ${d.op.argv.join(' ')} → ${d.code}: ${d.stderr.trim().split('\n')[0]}`);
  if (!r.equal) {
    const a = new Set(r.concurrent);
    const b = new Set(r.serial);
    for (const l of r.concurrent.filter((x) => !b.has(x)).slice(0, 10)) console.log(`  only concurrent: ${l}`);
    for (const l of r.serial.filter((x) => !a.has(x)).slice(0, 10)) console.log(`  only serial:     ${l}`);
  }
  return r.equal && r.failed.length === 0;
}

async function runFaults() {
  const { allFaults } = await load('bench/hardening/faults.ts');
  const t0 = performance.now();
  const outcomes = allFaults(5);
  let ok = true;
  console.log('faults:');
  for (const o of outcomes) {
    if (o.skipped) console.log(`  SKIPPED ${o.scenario}: ${o.skipped}`);
    else console.log(`  ${o.problems.length ? 'FAIL' : 'ok  '} ${o.scenario}: ${o.ok}/${o.runs} runs held; error shown: ${o.message ?? '(none)'}`);
    for (const p of o.problems.slice(0, 5)) console.log(`       ${p}`);
    ok &&= o.problems.length === 0;
  }
  console.log(`faults: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return ok;
}
const [which = 'all', a1, a2] = process.argv.slice(2);

async function runFuzz(cases = 1_000_000, workers = 2) {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-soak-fuzz-'));
  const worker = join(dir, 'fuzz-worker.mjs');
  await bundle('bench/hardening/fuzz-worker.ts', worker);
  console.log(`fuzz: ${cases.toLocaleString('en-US')} cases in ${workers} worker processes (in-process main(), fast-check)`);
  const started = performance.now();
  const per = Math.ceil(cases / workers);
  const progress = new Map();
  const failures = [];
  let lastPrint = 0;
  const print = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPrint < 15_000) return;
    lastPrint = now;
    const done = [...progress.values()].reduce((s, p) => s + p.done, 0);
    const secs = (now - started) / 1000;
    console.log(`  ${done.toLocaleString('en-US')} cases, ${failures.length} failures, ${(done / secs).toFixed(0)} cases/s, ${secs.toFixed(0)} s`);
  };
  await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      new Promise((done, reject) => {
        const current = join(dir, `current-${w}.json`);
        let hung = false;
        const child = spawn(process.execPath, ['--max-old-space-size=1024', worker, String(per), String(1000 + w), current], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' } });
        // A case that blocks the worker's event loop cannot time itself out: name it and stop the worker.
        const watchdog = setInterval(() => {
          try {
            if (Date.now() - statSync(current).mtimeMs < 60_000) return;
            const stuck = JSON.parse(readFileSync(current, 'utf8'));
            hung = true;
            failures.push({ ...stuck, problems: ['hung (event loop blocked for 60 s)'] });
            console.log(`  FAILURE (worker ${w} hung): ${JSON.stringify(stuck).slice(0, 1500)}`);
            child.kill('SIGKILL');
          } catch {
            /* not started yet */
          }
        }, 10_000);
        children.add(child);
        child.on('close', () => {
          clearInterval(watchdog);
          children.delete(child);
        });
        let buf = '';
        child.stdout.setEncoding('utf8').on('data', (d) => {
          buf += d;
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (!line.startsWith('{')) continue;
            const msg = JSON.parse(line);
            if (msg.progress) progress.set(w, msg.progress);
            if (msg.failure) {
              failures.push(msg.failure);
              if (failures.length <= 5) console.log(`  FAILURE: ${JSON.stringify(msg.failure).slice(0, 1500)}`);
            }
            print();
          }
        });
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (code !== 0 && !hung) {
            // Died on its own (out of memory, a crash): the case it was running is a failure.
            let running = {};
            try {
              running = JSON.parse(readFileSync(current, 'utf8'));
            } catch {
              /* it died before its first case */
            }
            failures.push({ ...running, problems: [`worker died (${code ?? signal})`] });
            console.log(`  FAILURE (worker ${w} died, ${code ?? signal}): ${JSON.stringify(running).slice(0, 1500)}`);
          }
          done();
        });
      }),
    ),
  );
  print(true);
  const secs = (performance.now() - started) / 1000;
  const done = [...progress.values()].reduce((s, p) => s + p.done, 0);
  const slowest = Math.max(...[...progress.values()].map((p) => p.slowestMs));
  console.log(`fuzz: ${done.toLocaleString('en-US')} cases in ${secs.toFixed(0)} s = ${(done / secs).toFixed(0)} cases/s; slowest case ${slowest} ms; failures: ${failures.length}`);
  rmSync(dir, { recursive: true, force: true });
  return failures.length === 0;
}

// Workers must not outlive the soak (Ctrl-C, timeout): they are killed with it.
const children = new Set();
const stopAll = (signal) => {
  for (const c of children) c.kill('SIGKILL');
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

const num = (v, d) => (v === undefined ? d : Number(v));
const runs = {
  fuzz: () => runFuzz(num(a1, 1_000_000), num(a2, 2)),
  bombs: () => runBombs(),
  concurrency: () => runConcurrency(num(a1, 50), num(a2, 200)),
  crash: () => runCrash(num(a1, 500)),
  faults: () => runFaults(),
};

let ok = true;
if (which === 'all') {
  for (const name of ['bombs', 'faults', 'crash', 'concurrency', 'fuzz']) ok = (await runs[name]()) && ok;
} else if (runs[which]) {
  ok = await runs[which]();
} else {
  console.error(`unknown soak ${JSON.stringify(which)}; one of: ${Object.keys(runs).join(', ')}, all`);
  process.exit(2);
}
process.exitCode = ok ? 0 : 1;
