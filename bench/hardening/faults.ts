/**
 * Faults (issue 7): the state directory read-only (chattr +i, and a read-only bind mount), the
 * disk full (a tiny tmpfs filled to a random level; a file-size limit via `ulimit -f`), permission
 * denied (a home owned by root used by uid 65534). Each writer must fail with a clear error and
 * exit 1, leave the state byte-for-byte as it was (no torn file, no temporary file left), and
 * readers keep working. Needs root (mount, chattr, setpriv); scenarios that cannot be set up are
 * reported as skipped, never as passed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempHome } from './harness.js';

const ROOT = process.env.KUBESIM_ROOT ?? resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubesim');

export interface FaultOutcome {
  scenario: string;
  runs: number;
  ok: number;
  skipped?: string;
  problems: string[];
  /** First line of the error users see. */
  message?: string;
}

const env = (home: string) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBESIM_HOME: home, KUBESIM_SEED: '99', KUBESIM_NOW: '2026-11-26T05:00:00Z', NO_COLOR: '1' });

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, input: opts.input, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

const kubesim = (home: string, args: string[], prefix: string[] = []) =>
  prefix.length ? sh(prefix[0], [...prefix.slice(1), process.execPath, BIN, ...args], { env: env(home) }) : sh(process.execPath, [BIN, ...args], { env: env(home) });

const nsManifest = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

/** A failed writer: exit 1, one clear error line, no stack trace, and the state exactly as before. */
function checkFailedWrite(r: { code: number; stderr: string }, statePath: string, before: Buffer, problems: string[], label: string): void {
  if (r.code !== 1) problems.push(`${label}: exit ${r.code} (${r.stderr.trim().split('\n')[0]})`);
  if (!/^error: /.test(r.stderr) || /^\s+at |TypeError|RangeError|internal error/m.test(r.stderr)) problems.push(`${label}: unclear error: ${r.stderr.slice(0, 300)}`);
  if (!readFileSync(statePath).equals(before)) problems.push(`${label}: the state changed`);
  JSON.parse(readFileSync(statePath, 'utf8'));
  const stray = readdirSync(join(statePath, '..')).filter((n) => n.endsWith('.tmp'));
  if (stray.length) problems.push(`${label}: temporary files left: ${stray.join(', ')}`);
}

function freshCluster(): { home: string; statePath: string } {
  const home = tempHome('kubesim-faults-');
  const r = kubesim(home, ['get', 'ns']);
  if (r.code !== 0) throw new Error(`set-up failed: ${r.stderr}`);
  return { home, statePath: join(home, 'clusters', 'kubesim.json') };
}

export function readOnlyImmutable(runs = 3): FaultOutcome {
  const out: FaultOutcome = { scenario: 'state directory read-only (chattr +i)', runs, ok: 0, problems: [] };
  const { home, statePath } = freshCluster();
  const dir = join(home, 'clusters');
  try {
    if (sh('chattr', ['+i', dir]).code !== 0) return { ...out, skipped: 'chattr +i not available here' };
    for (let i = 0; i < runs; i++) {
      const before = readFileSync(statePath);
      const r = kubesim(home, ['create', 'namespace', `ro-${i}`]);
      out.message ??= r.stderr.split('\n')[0];
      const n = out.problems.length;
      checkFailedWrite(r, statePath, before, out.problems, `create namespace ro-${i}`);
      const g = kubesim(home, ['get', 'ns', '-o', 'name']);
      if (g.code !== 0) out.problems.push(`reader failed on a read-only directory: ${g.stderr}`);
      if (out.problems.length === n) out.ok++;
    }
  } finally {
    sh('chattr', ['-i', dir]);
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

export function readOnlyMount(runs = 3): FaultOutcome {
  const out: FaultOutcome = { scenario: 'home on a read-only bind mount', runs, ok: 0, problems: [] };
  const { home, statePath } = freshCluster();
  try {
    if (sh('mount', ['--bind', home, home]).code !== 0) return { ...out, skipped: 'mount --bind not permitted here' };
    if (sh('mount', ['-o', 'remount,ro,bind', home]).code !== 0) {
      sh('umount', [home]);
      return { ...out, skipped: 'read-only remount not permitted here' };
    }
    for (let i = 0; i < runs; i++) {
      const before = readFileSync(statePath);
      const r2 = sh(process.execPath, [BIN, 'apply', '-f', '-'], { env: env(home), input: nsManifest(`rom-${i}`) });
      out.message ??= r2.stderr.split('\n')[0];
      const n = out.problems.length;
      checkFailedWrite(r2, statePath, before, out.problems, `apply rom-${i}`);
      if (kubesim(home, ['get', 'svc']).code !== 0) out.problems.push('reader failed on a read-only mount');
      if (out.problems.length === n) out.ok++;
    }
  } finally {
    sh('umount', [home]);
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

/** Disk full: the home on a tmpfs just big enough, filled so that a random amount stays free. */
export function diskFull(runs = 5, seed = 1): FaultOutcome {
  const out: FaultOutcome = { scenario: 'disk full (tiny tmpfs, random free space)', runs, ok: 0, problems: [] };
  const home = tempHome('kubesim-diskfull-');
  let rnd = seed;
  const next = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31), rnd / 2 ** 31);
  try {
    if (sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', home]).code !== 0) return { ...out, skipped: 'tmpfs mount not permitted here' };
    const first = kubesim(home, ['get', 'ns']);
    if (first.code !== 0) throw new Error(first.stderr);
    const statePath = join(home, 'clusters', 'kubesim.json');
    const size = statSync(statePath).size;
    let failedWrites = 0;
    for (let i = 0; i < runs; i++) {
      rmSync(join(home, 'filler'), { force: true });
      const probe = sh('df', ['-B1', '--output=avail', home]).stdout.split('\n')[1];
      const avail = Number(probe);
      // Leave between 0 and 1.5 × the state's size free: sometimes the write fits, mostly not.
      const leave = Math.floor(next() * size * 1.5);
      const fill = Math.max(0, avail - leave);
      writeFileSync(join(home, 'filler'), Buffer.alloc(0));
      const fd = sh('fallocate', ['-l', String(fill), join(home, 'filler')]);
      if (fd.code !== 0) sh('dd', ['if=/dev/zero', `of=${join(home, 'filler')}`, 'bs=4096', `count=${Math.floor(fill / 4096)}`]);
      const before = readFileSync(statePath);
      const r = sh(process.execPath, [BIN, 'apply', '-f', '-'], { env: env(home), input: nsManifest(`full-${i}`) });
      const n = out.problems.length;
      if (r.code === 0) {
        JSON.parse(readFileSync(statePath, 'utf8'));
        if (!readFileSync(statePath, 'utf8').includes(`"/full-${i}"`)) out.problems.push(`full-${i}: reported created but not stored`);
      } else {
        failedWrites++;
        out.message ??= r.stderr.split('\n')[0];
        checkFailedWrite(r, statePath, before, out.problems, `apply full-${i} with ${leave} bytes free`);
        if (/created/.test(r.stdout)) out.problems.push(`apply full-${i}: printed "${r.stdout.trim()}" although the write failed`);
      }
      if (out.problems.length === n) out.ok++;
    }
    if (failedWrites === 0) out.problems.push('no run hit a full disk');
  } finally {
    sh('umount', [home]);
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

/** A file-size limit (`ulimit -f`): the write fails with EFBIG (SIGXFSZ is ignored by Node). */
export function fileSizeLimit(runs = 2): FaultOutcome {
  const out: FaultOutcome = { scenario: 'file-size limit (ulimit -f)', runs, ok: 0, problems: [] };
  const { home, statePath } = freshCluster();
  try {
    for (let i = 0; i < runs; i++) {
      const before = readFileSync(statePath);
      const r = sh('sh', ['-c', `ulimit -f 16; exec "$0" "$@"`, process.execPath, BIN, 'apply', '-f', '-'], { env: env(home), input: nsManifest(`fsz-${i}`) });
      out.message ??= r.stderr.split('\n')[0];
      const n = out.problems.length;
      checkFailedWrite(r, statePath, before, out.problems, `apply fsz-${i}`);
      if (out.problems.length === n) out.ok++;
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

/** Permission denied: a home that belongs to root (0700) used by uid 65534. */
export function permissionDenied(): FaultOutcome {
  const out: FaultOutcome = { scenario: 'permission denied (home of another user)', runs: 3, ok: 0, problems: [] };
  const { home, statePath } = freshCluster();
  try {
    if (sh('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).code !== 0) return { ...out, skipped: 'setpriv not available (not root?)' };
    chmodSync(home, 0o755); // the nobody user can reach the home, not the 0700 clusters directory
    const before = readFileSync(statePath);
    for (const args of [['get', 'ns'], ['create', 'namespace', 'denied'], ['delete', 'svc', 'kubernetes']]) {
      const r = kubesim(home, args, ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
      out.message ??= r.stderr.split('\n')[0];
      const n = out.problems.length;
      checkFailedWrite(r, statePath, before, out.problems, args.join(' '));
      if (!/permission denied/.test(r.stderr)) out.problems.push(`${args.join(' ')}: does not say "permission denied": ${r.stderr.slice(0, 200)}`);
      if (out.problems.length === n) out.ok++;
    }
    if (existsSync(join(home, 'clusters', 'kubesim.json.lock'))) out.problems.push('a lock was left behind');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return out;
}

export function allFaults(scale = 1): FaultOutcome[] {
  return [readOnlyImmutable(3 * scale), readOnlyMount(3 * scale), diskFull(10 * scale), fileSizeLimit(2 * scale), permissionDenied()];
}
