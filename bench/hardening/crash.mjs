// Crash safety soak (issue 7): a writer is SIGKILLed at KILLS random moments (uniform over
// 0–250 ms after spawn: start-up, lock, read, reconcile, write, rename, unlock). After every kill
// the state must parse and equal the last completed generation or the next one (the killed
// writer's), never anything else; the next writer must not wait on the dead holder's lock.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubesim');

export async function runCrash(kills = 500) {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-crash-'));
  const env = { PATH: process.env.PATH, HOME: home, KUBESIM_HOME: home, KUBESIM_SEED: '5', KUBESIM_NOW: '2026-11-26T05:00:00Z', NO_COLOR: '1' };
  const statePath = join(home, 'clusters', 'kubesim.json');
  spawnSync(process.execPath, [BIN, 'get', 'ns'], { env });
  let generation = readFileSync(statePath, 'utf8');
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const stats = { kills, old: 0, next: 0, bad: 0, lockWaitsMs: [], maxRecoverMs: 0 };
  const started = performance.now();
  console.log(`crash: SIGKILL a writer at ${kills} random moments`);
  try {
    for (let i = 0; i < kills; i++) {
      const op = i % 3 === 0 ? ['create', 'namespace', `k-${i}`] : i % 3 === 1 ? ['create', 'deployment', `d-${i}`, '--image=nginx', '--replicas=2'] : ['delete', 'deployment', `d-${i - 1}`];
      const child = spawn(process.execPath, [BIN, ...op], { env, stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      const delay = rand() * 250;
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      const text = readFileSync(statePath, 'utf8');
      try {
        const s = JSON.parse(text);
        if (s.kind !== 'ClusterState') throw new Error('not a ClusterState');
      } catch (e) {
        stats.bad++;
        console.log(`  kill ${i} at ${delay.toFixed(0)} ms: the state does not parse: ${e.message}`);
        continue;
      }
      if (text === generation) stats.old++;
      else {
        // The killed writer completed: its generation must hold its change and nothing else.
        const done = spawnSync(process.execPath, [BIN, ...op], { env, encoding: 'utf8' });
        const expected = done.status === 1 && /already exists|not found|AlreadyExists|NotFound/.test(done.stderr);
        if (!expected) {
          stats.bad++;
          console.log(`  kill ${i}: the state changed but the operation "${op.join(' ')}" was not complete in it (${done.stderr.trim()})`);
        } else stats.next++;
        generation = readFileSync(statePath, 'utf8');
      }
      // The next writer must not wait for the dead holder's lock (stale after 10 s otherwise).
      if (i % 10 === 9) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [BIN, 'label', 'namespace', 'default', `round=r${i}`, '--overwrite'], { env, encoding: 'utf8' });
        const ms = performance.now() - t0;
        stats.maxRecoverMs = Math.max(stats.maxRecoverMs, ms);
        if (r.status !== 0) {
          stats.bad++;
          console.log(`  writer after kill ${i} failed: ${r.stderr}`);
        }
        generation = readFileSync(statePath, 'utf8');
      }
      if (i % 100 === 99) console.log(`  ${i + 1} kills: ${stats.old} left the previous generation, ${stats.next} the next, ${stats.bad} bad`);
    }
    const stray = readdirSync(join(home, 'clusters')).filter((n) => n.endsWith('.tmp'));
    const secs = (performance.now() - started) / 1000;
    console.log(`crash: ${kills} kills in ${secs.toFixed(0)} s; previous generation ${stats.old}, next generation ${stats.next}, bad ${stats.bad}; slowest writer after a kill ${stats.maxRecoverMs.toFixed(0)} ms; temporary files left by killed writers: ${stray.length}`);
    return stats.bad === 0;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
