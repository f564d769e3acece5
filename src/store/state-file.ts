/**
 * Reading and writing a cluster's state file. Writers hold an exclusive lock and replace the
 * file atomically (write temp, fsync, rename, fsync dir), so a crash leaves the old or the new
 * state, never a torn file. Readers take no lock. A file that does not parse is never overwritten.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync, chmodSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { KubesimError } from '../errors.js';
import { STATE_API_VERSION, STATE_FORMAT_VERSION, type ClusterState } from './cluster-state.js';

export function stateError(path: string, detail: string, hint?: string): KubesimError {
  return new KubesimError(`unable to read the cluster state file "${path}": ${detail}`, { hint });
}

/** Read and check a state file; undefined when it does not exist. */
export function readStateFile(path: string): ClusterState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw stateError(path, 'permission denied');
    if (code === 'EISDIR') throw stateError(path, 'it is a directory');
    throw stateError(path, (err as Error).message);
  }
  return parseState(path, text);
}

export function parseState(path: string, text: string): ClusterState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw stateError(path, `not valid JSON (${(err as Error).message})`, 'the file was left untouched; restore it from a backup, or remove it to start a fresh cluster');
  }
  const s = data as Partial<ClusterState>;
  if (!s || typeof s !== 'object' || s.kind !== 'ClusterState' || typeof s.apiVersion !== 'string') {
    throw stateError(path, 'not a kubesim ClusterState', 'the file was left untouched; remove it to start a fresh cluster');
  }
  if (s.apiVersion !== STATE_API_VERSION) {
    throw stateError(path, `unsupported apiVersion ${JSON.stringify(s.apiVersion)}`, 'it was written by another kubesim version; upgrade kubesim');
  }
  const version = typeof s.formatVersion === 'number' ? s.formatVersion : 0;
  if (version > STATE_FORMAT_VERSION) {
    throw stateError(path, `it was written by a newer kubesim (format ${version}; this kubesim reads up to ${STATE_FORMAT_VERSION})`, 'upgrade kubesim to use this cluster');
  }
  const state = migrate(s, version);
  if (!state.objects || typeof state.objects !== 'object' || !Array.isArray(state.random) || typeof state.resourceVersion !== 'number' || !state.cluster) {
    throw stateError(path, 'required fields are missing or malformed', 'the file was left untouched; remove it to start a fresh cluster');
  }
  return state;
}

/** Bring an older layout up to the current one. Format 0 lacked `formatVersion`, `ipam` and `logs`. */
function migrate(s: Partial<ClusterState>, from: number): ClusterState {
  if (from < 1) {
    s.formatVersion = 1;
    s.ipam ??= {};
    s.logs ??= {};
  }
  return s as ClusterState;
}

/**
 * Serialize with the top level pretty-printed and each object on its own line: readable and
 * diffable (one changed object = one changed line), yet compact for clusters of thousands of pods.
 */
export function serializeState(state: ClusterState): string {
  const lines: string[] = ['{'];
  const top = Object.keys(state) as (keyof ClusterState)[];
  top.forEach((key, i) => {
    const comma = i < top.length - 1 ? ',' : '';
    const value = state[key];
    if (key === 'objects' || key === 'logs') {
      const outer = value as Record<string, unknown>;
      const groups = Object.keys(outer).sort();
      lines.push(`  ${JSON.stringify(key)}: {`);
      groups.forEach((g, gi) => {
        const inner = outer[g];
        if (key === 'logs') {
          lines.push(`    ${JSON.stringify(g)}: ${JSON.stringify(inner)}${gi < groups.length - 1 ? ',' : ''}`);
          return;
        }
        const entries = Object.keys(inner as object).sort();
        lines.push(`    ${JSON.stringify(g)}: {`);
        entries.forEach((k, ki) => {
          lines.push(`      ${JSON.stringify(k)}: ${JSON.stringify((inner as Record<string, unknown>)[k])}${ki < entries.length - 1 ? ',' : ''}`);
        });
        lines.push(`    }${gi < groups.length - 1 ? ',' : ''}`);
      });
      lines.push(`  }${comma}`);
    } else if (key === 'random') {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    } else {
      const pretty = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      lines.push(`  ${JSON.stringify(key)}: ${pretty}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Create the state directory 0700 (never loosening an existing one's mode). */
export function ensureStateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function writeStateAtomic(path: string, state: ClusterState): void {
  const dir = dirname(path);
  ensureStateDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const data = serializeState(state);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'no space left on device' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (err as Error).message;
    throw new KubesimError(`unable to write the cluster state file "${path}": ${why}`, { hint: 'nothing was changed: the previous state is intact' });
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directory fsync is best effort (not supported everywhere) */
  }
}

/**
 * The PID of a lock's holder, in a file beside the lock directory (proper-lockfile removes the
 * directory with rmdir, so it must stay empty).
 */
const ownerFile = (lockDir: string) => `${lockDir}.pid`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(lockDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(ownerFile(lockDir), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove a lock whose holder process is gone (killed, crashed). The lock directory is renamed to
 * a private name first, so two reapers cannot both remove it, and the owner is checked again
 * afterwards: a lock that meanwhile passed to a live process is put back.
 */
function reapDeadLock(lockDir: string): void {
  const pid = ownerOf(lockDir);
  if (pid === undefined || isAlive(pid)) return;
  const tomb = `${lockDir}.dead-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockDir, tomb);
  } catch {
    return;
  }
  const now = ownerOf(lockDir);
  if (now !== undefined && now !== pid && isAlive(now) && !existsSync(lockDir)) {
    renameSync(tomb, lockDir);
    return;
  }
  rmSync(tomb, { recursive: true, force: true });
  if (ownerOf(lockDir) === pid) rmSync(ownerFile(lockDir), { force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run fn holding the exclusive writer lock of a state file (a `<file>.lock` directory, via
 * proper-lockfile). A lock whose holder died is taken over at once; one left by a holder on
 * another machine goes stale after 10 s without updates.
 */
export async function withStateLock<T>(path: string, fn: () => T | Promise<T>): Promise<T> {
  ensureStateDir(dirname(path));
  // Loaded on demand: readers never lock, so they never pay for the lock library.
  const { default: lockfile } = await import('proper-lockfile');
  const lockDir = `${path}.lock`;
  let release: (() => Promise<void>) | undefined;
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; !release; attempt++) {
    try {
      release = await lockfile.lock(path, { realpath: false, lockfilePath: lockDir, stale: 10000, update: 2000, retries: 0 });
      writeFileSync(ownerFile(lockDir), String(process.pid));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED' && Date.now() < deadline) {
        reapDeadLock(lockDir);
        await sleep(Math.min(5 + attempt * 2, 50) + Math.floor((attempt * 7919) % 10));
        continue;
      }
      if (code === 'ELOCKED') throw new KubesimError(`unable to lock the cluster state file "${path}": another kubesim command holds it`, { hint: 'try again; a lock left by a crashed command is recovered automatically' });
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new KubesimError(`unable to lock the cluster state file "${path}": permission denied`);
      throw new KubesimError(`unable to lock the cluster state file "${path}": ${(err as Error).message}`);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(ownerFile(lockDir), { force: true });
    await release().catch(() => undefined);
  }
}
