/**
 * The writer lock of a state file (see withStateLock). Readers never take it.
 *
 * Two parts:
 *
 * - **The lock** — `<file>.lock`, created exclusively and holding its owner's PID. This alone
 *   gives mutual exclusion. A lock whose owner process is gone (killed, crashed) is taken over at
 *   once; one whose content cannot be read (its owner died between creating and writing it, or runs
 *   on another machine) after 10 s without change. Taking over renames the lock to a private name
 *   first and re-checks it there, so two waiters can never both take it, and a live owner's lock is
 *   never taken. (proper-lockfile, used before, only knows the 10 s staleness rule, which left
 *   every command waiting after a crash.)
 *
 * - **The queue** — fairness. Waiters retrying the lock at random moments let some writers win
 *   again and again while one starves (a 50-process soak once kept a writer out for a minute).
 *   So each waiter first takes a ticket, an empty file `<file>.lock.q/<seq>-<pid>` created with
 *   O_EXCL, numbered one past the highest ticket present; only the holder of the first live
 *   ticket tries the lock, and gives up its ticket as soon as it has it. Tickets whose process is
 *   gone are removed by whoever finds them at the front. A waiter touches its ticket every
 *   HEARTBEAT_MS, so a ticket left untouched for STALE_MS (its process stopped, or its PID reused
 *   by an unrelated process) is removed too; a waiter that finds its own ticket gone takes a new
 *   one. The queue only orders who may try: the lock stays the one source of exclusion, so a
 *   waiter that skips the queue (an older kubesim) is still safe, merely not fair.
 *
 * A waiter gives up when the lock has not changed hands for STALL_MS, rather than after an
 * absolute time: behind many live writers that keep making progress it keeps waiting, while a
 * stuck holder gets every waiter a clear error at about the same time. (Progress is deliberately
 * not "the front of the queue moved": the front waiter giving up would then restart every other
 * waiter's clock, and the waiters behind a stuck holder would fail one per STALL_MS.)
 */
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubesimError } from '../errors.js';
import { ensureStateDir } from './state-file.js';

/** A lock (or ticket) of unknown (or unresponsive) owner is dead after this long without change. */
const STALE_MS = 10_000;
/** How often a waiter touches its ticket to show it is still there. */
const HEARTBEAT_MS = 2_000;
/** A waiter gives up when the lock has not changed hands for this long. */
const STALL_MS = 60_000;

export interface LockOptions {
  /** Override STALL_MS (tests). */
  stallMs?: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------
// The lock.

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

/** Which lock is there now (changes whenever the lock changes hands), or "free". */
function lockIdentity(lockPath: string): string {
  try {
    const s = statSync(lockPath);
    return `${s.ino}:${s.mtimeMs}`;
  } catch {
    return 'free';
  }
}

// ---------------------------------------------------------------------------------------------
// The queue.

interface Ticket {
  name: string;
  seq: number;
  pid: number;
}

function parseTicket(name: string): Ticket | undefined {
  const m = /^(\d+)-(\d+)$/.exec(name);
  return m ? { name, seq: Number(m[1]), pid: Number(m[2]) } : undefined;
}

/** The tickets in queue order (equal numbers, taken at the same moment, are ordered by PID). */
function listTickets(queueDir: string): Ticket[] {
  let names: string[];
  try {
    names = readdirSync(queueDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map(parseTicket)
    .filter((t): t is Ticket => t !== undefined)
    .sort((a, b) => a.seq - b.seq || a.pid - b.pid);
}

/** Join the end of the queue; returns the ticket's file name. */
function takeTicket(queueDir: string): string {
  for (;;) {
    try {
      mkdirSync(queueDir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const last = listTickets(queueDir).at(-1);
    const name = `${(last?.seq ?? 0) + 1}-${process.pid}`;
    try {
      closeSync(openSync(join(queueDir, name), 'wx', 0o600));
      return name;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // EEXIST: another waiter of this process took that number; ENOENT: the last one out
      // removed the directory meanwhile. Look again either way.
      if (code !== 'EEXIST' && code !== 'ENOENT') throw err;
    }
  }
}

/** Leave the queue; the last one out removes the directory (which fails harmlessly if not empty). */
function dropTicket(queueDir: string, name: string): void {
  rmSync(join(queueDir, name), { force: true });
  try {
    rmdirSync(queueDir);
  } catch {
    /* other tickets remain, or it is gone already */
  }
}

/** A ticket counts while its process lives and keeps touching it. */
function ticketLive(queueDir: string, t: Ticket): boolean {
  if (!isAlive(t.pid)) return false;
  try {
    return Date.now() - statSync(join(queueDir, t.name)).mtimeMs <= STALE_MS;
  } catch {
    return false; // just removed
  }
}

interface Place {
  /** My ticket is no longer there (judged dead by another waiter): take a new one. */
  lost?: boolean;
  /** How many tickets are before mine (0: mine is the first live one; the others unchecked). */
  ahead: number;
}

/** Where my ticket stands. Dead tickets found at the front are removed, so they block nobody. */
function placeInQueue(queueDir: string, mine: string): Place {
  const tickets = listTickets(queueDir);
  const me = tickets.findIndex((t) => t.name === mine);
  if (me < 0) return { lost: true, ahead: 0 };
  for (let i = 0; i < me; i++) {
    if (ticketLive(queueDir, tickets[i])) return { ahead: me - i };
    rmSync(join(queueDir, tickets[i].name), { force: true });
  }
  return { ahead: 0 };
}

// ---------------------------------------------------------------------------------------------

function lockError(path: string, err: unknown): KubesimError {
  if (err instanceof KubesimError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new KubesimError(`unable to lock the cluster state file "${path}": permission denied`);
  if (code === 'ENOSPC') return new KubesimError(`unable to lock the cluster state file "${path}": no space left on device`);
  return new KubesimError(`unable to lock the cluster state file "${path}": ${(err as Error).message}`);
}

/** Wait in the queue, then take the lock. */
async function acquire(path: string, lockPath: string, queueDir: string, stallMs: number): Promise<void> {
  let ticket: string | undefined;
  try {
    ticket = takeTicket(queueDir);
    let touchedAt = Date.now();
    let seen = '';
    let movedAt = Date.now();
    let polls = 0; // since this waiter came to the front
    for (;;) {
      if (Date.now() - touchedAt >= HEARTBEAT_MS) {
        try {
          utimesSync(join(queueDir, ticket), new Date(), new Date());
        } catch {
          /* gone: noticed below */
        }
        touchedAt = Date.now();
      }
      const place = placeInQueue(queueDir, ticket);
      if (place.lost) {
        ticket = takeTicket(queueDir);
        continue;
      }
      if (place.ahead === 0) {
        if (tryLock(lockPath)) return;
        if (breakDeadLock(lockPath)) continue;
        polls++;
      } else polls = 0;
      // Progress: the lock changed hands. (In a moving queue the lock is held nearly all the
      // time, each holder's file a new one, so a poll now and then is enough to see it move.)
      const holder = lockIdentity(lockPath);
      if (holder !== seen) {
        seen = holder;
        movedAt = Date.now();
      } else if (Date.now() - movedAt > stallMs) {
        throw new KubesimError(`unable to lock the cluster state file "${path}": another kubesim command holds it`, { hint: `try again; if no kubesim command is running, remove ${lockPath}` });
      }
      // The first in line polls the lock often; the others only watch the queue, less often the
      // further back they are.
      await sleep(place.ahead === 0 ? Math.min(2 + polls, 10) + (process.pid % 3) : Math.min(10 + 5 * place.ahead, 100));
    }
  } catch (err) {
    throw lockError(path, err);
  } finally {
    if (ticket !== undefined) dropTicket(queueDir, ticket);
  }
}

/** Run fn holding the exclusive writer lock of a state file (waiting in turn for it). */
export async function withStateLock<T>(path: string, fn: () => T | Promise<T>, opts: LockOptions = {}): Promise<T> {
  ensureStateDir(dirname(path));
  const lockPath = `${path}.lock`;
  await acquire(path, lockPath, `${lockPath}.q`, opts.stallMs ?? STALL_MS);
  try {
    return await fn();
  } finally {
    if (lockOwner(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
  }
}
