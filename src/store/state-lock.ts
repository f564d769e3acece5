/**
 * The writer lock of a state file (see withStateLock). Readers never take it.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, linkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KubesimError } from '../errors.js';
import { ensureStateDir } from './state-file.js';

/**
 * The writer lock: a `<file>.lock` file created exclusively (O_EXCL) holding its owner's PID.
 * A lock whose owner process is gone (killed, crashed) is taken over at once; one whose content
 * cannot be read (its owner died between creating and writing it, or runs on another machine)
 * after 10 s without change. Taking over renames the lock to a private name first and re-checks
 * it there, so two waiters can never both take it, and a live owner's lock is never taken.
 * (proper-lockfile, used before, only knows the 10 s staleness rule, which left every command
 * waiting after a crash.)
 */
const STALE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockOwner(lockPath: string): { pid?: number; mtimeMs: number } | undefined {
  try {
    const text = readFileSync(lockPath, 'utf8');
    const mtimeMs = statSync(lockPath).mtimeMs;
    const pid = Number(text.trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, mtimeMs };
  } catch {
    return undefined;
  }
}

/** Take over a lock whose owner is dead (or unknown for too long); true if the lock was removed. */
function breakDeadLock(lockPath: string): boolean {
  const owner = lockOwner(lockPath);
  if (!owner) return false;
  const dead = owner.pid !== undefined ? !isAlive(owner.pid) : Date.now() - owner.mtimeMs > STALE_MS;
  if (!dead) return false;
  const tomb = `${lockPath}.dead-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockPath, tomb);
  } catch {
    return false;
  }
  const taken = lockOwner(tomb);
  if (taken && taken.pid !== owner.pid && taken.pid !== undefined && isAlive(taken.pid)) {
    // The lock changed hands between our look and the rename: give it back.
    try {
      renameSync(tomb, lockPath);
    } catch {
      /* someone else holds a new lock already */
    }
    return false;
  }
  rmSync(tomb, { force: true });
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tryLock(lockPath: string): boolean {
  // The lock appears with its owner's PID already in it: written to a private file, then hard-linked
  // into place (which fails if the lock exists). Created empty and then written, a lock whose holder
  // was killed in between had no owner to check, and every later writer waited STALE_MS.
  const mine = `${lockPath}.${process.pid}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    linkSync(mine, lockPath);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    rmSync(mine, { force: true });
  }
  // A file system without hard links: create, then write.
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Run fn holding the exclusive writer lock of a state file. */
export async function withStateLock<T>(path: string, fn: () => T | Promise<T>): Promise<T> {
  ensureStateDir(dirname(path));
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    let locked: boolean;
    try {
      locked = tryLock(lockPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new KubesimError(`unable to lock the cluster state file "${path}": permission denied`);
      if (code === 'ENOSPC') throw new KubesimError(`unable to lock the cluster state file "${path}": no space left on device`);
      throw new KubesimError(`unable to lock the cluster state file "${path}": ${(err as Error).message}`);
    }
    if (locked) break;
    if (breakDeadLock(lockPath)) continue;
    if (Date.now() > deadline) throw new KubesimError(`unable to lock the cluster state file "${path}": another kubesim command holds it`, { hint: `try again; if no kubesim command is running, remove ${lockPath}` });
    await sleep(Math.min(2 + attempt, 25) + ((process.pid + attempt) % 5));
  }
  try {
    return await fn();
  } finally {
    if (lockOwner(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
  }
}
