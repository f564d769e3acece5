/**
 * The writer lock (src/store/state-lock.ts): waiters are served in the order they came (in one
 * process and across processes), tickets of dead or vanished waiters block nobody, a dead holder's
 * lock is taken over at once, a stuck holder ends in a clear error, a queue that keeps moving is
 * waited for however long it is, and nothing is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withStateLock } from '../../src/store/state-lock.js';
import { KubesimError } from '../../src/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root: string;
let dir: string;
let statePath: string;
let queueDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubesim-lock-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function freshDir(): void {
  dir = join(root, `case-${n++}`, 'clusters');
  statePath = join(dir, 'kubesim.json');
  queueDir = `${statePath}.lock.q`;
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Wait until `cond` holds (polling), failing after `ms`. */
async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const tickets = () => (existsSync(queueDir) ? readdirSync(queueDir) : []);

/** Hold the lock until the returned release() is called. */
async function holdLock(): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const isHeld = new Promise<void>((r) => (held = r));
  const done = withStateLock(statePath, async () => {
    held();
    await released;
  });
  await isHeld;
  return { release, done };
}

/** A PID that belonged to a process which has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

/** A live process that is not kubesim (killed after the test). */
function livePid(): number {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

describe('state lock: order', () => {
  it('in one process: waiters run in the order they queued', async () => {
    freshDir();
    const holder = await holdLock();
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let i = 1; i <= 6; i++) {
      waiters.push(
        withStateLock(statePath, async () => {
          order.push(i);
          await sleep(3);
        }),
      );
      await until(() => tickets().length === i, `ticket ${i}`);
    }
    holder.release();
    await Promise.all([holder.done, ...waiters]);
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readdirSync(dir)).toEqual([]);
  });

  describe('across processes', () => {
    let lockModule: string;
    beforeAll(async () => {
      lockModule = join(root, 'state-lock.mjs');
      await build({ entryPoints: [resolve(import.meta.dirname, '../../src/store/state-lock.ts')], outfile: lockModule, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    });

    it('waiter processes are served first come, first served, and leave nothing behind', async () => {
      freshDir();
      const log = join(root, `order-${n}.log`);
      const script = `
        import { appendFileSync } from 'node:fs';
        import { withStateLock } from ${JSON.stringify(lockModule)};
        await withStateLock(${JSON.stringify(statePath)}, async () => {
          appendFileSync(${JSON.stringify(log)}, process.argv[1] + '\\n');
          await new Promise((r) => setTimeout(r, 10));
        });`;
      const holder = await holdLock();
      const exits: Promise<number | null>[] = [];
      for (let i = 1; i <= 6; i++) {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, String(i)], { stdio: ['ignore', 'ignore', 'inherit'] });
        children.push(child);
        exits.push(new Promise((r) => child.on('close', r)));
        await until(() => tickets().length === i, `process ${i}'s ticket`);
      }
      holder.release();
      await holder.done;
      expect(await Promise.all(exits)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(readFileSync(log, 'utf8')).toBe('1\n2\n3\n4\n5\n6\n');
      expect(readdirSync(dir)).toEqual([]);
    }, 60_000);
  });
});

describe('state lock: dead and vanished waiters', () => {
  it("a dead waiter's ticket (its process gone) is skipped and removed", async () => {
    freshDir();
    mkdirSync(queueDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(queueDir, `1-${deadPid()}`), '', { mode: 0o600 });
    const t0 = Date.now();
    let ran = false;
    await withStateLock(statePath, () => void (ran = true), { stallMs: 5_000 });
    expect(ran).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a ticket its live owner stopped touching (a stopped process, a reused PID) is skipped", async () => {
    freshDir();
    mkdirSync(queueDir, { recursive: true, mode: 0o700 });
    const stale = join(queueDir, `1-${livePid()}`);
    writeFileSync(stale, '', { mode: 0o600 });
    const past = new Date(Date.now() - 30_000);
    utimesSync(stale, past, past);
    await withStateLock(statePath, () => undefined, { stallMs: 5_000 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a live waiter ahead is waited for (the queue is respected)', async () => {
    freshDir();
    mkdirSync(queueDir, { recursive: true, mode: 0o700 });
    const ahead = join(queueDir, `1-${livePid()}`);
    writeFileSync(ahead, '', { mode: 0o600 });
    let ran = false;
    const waiting = withStateLock(statePath, () => void (ran = true), { stallMs: 5_000 });
    await sleep(300);
    expect(ran).toBe(false);
    rmSync(ahead); // that waiter is served and leaves
    await waiting;
    expect(ran).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a waiter whose ticket was removed by another takes a new one and still gets the lock', async () => {
    freshDir();
    const holder = await holdLock();
    let ran = false;
    const waiting = withStateLock(statePath, () => void (ran = true));
    await until(() => tickets().length === 1, 'the ticket');
    rmSync(join(queueDir, tickets()[0]));
    await until(() => tickets().length === 1, 'a new ticket');
    holder.release();
    await Promise.all([holder.done, waiting]);
    expect(ran).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('state lock: holders', () => {
  it("a dead holder's lock is taken over at once", async () => {
    freshDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(`${statePath}.lock`, String(deadPid()), { mode: 0o600 });
    const t0 = Date.now();
    await withStateLock(statePath, () => undefined, { stallMs: 5_000 });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stuck live holder: every waiter ends with the clear error, leaving its ticket behind nowhere', async () => {
    freshDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const lock = `${statePath}.lock`;
    writeFileSync(lock, String(livePid()), { mode: 0o600 });
    const t0 = Date.now();
    const results = await Promise.allSettled([1, 2, 3].map(() => withStateLock(statePath, () => 'ran', { stallMs: 400 })));
    const elapsed = Date.now() - t0;
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as KubesimError;
      expect(err).toBeInstanceOf(KubesimError);
      expect(err.message).toBe(`unable to lock the cluster state file "${statePath}": another kubesim command holds it`);
      expect(err.hint).toBe(`try again; if no kubesim command is running, remove ${lock}`);
    }
    // All at about the same time, not one after another.
    expect(elapsed).toBeLessThan(2_000);
    expect(readdirSync(dir)).toEqual(['kubesim.json.lock']);
    expect(readFileSync(lock, 'utf8')).toBe(String(children[0].pid)); // the holder's lock is not touched
  });

  it('behind a queue that keeps moving, a waiter waits longer than the stall limit', async () => {
    freshDir();
    const holder = await holdLock();
    const stallMs = 300;
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      waiters.push(
        withStateLock(
          statePath,
          async () => {
            order.push(i);
            await sleep(150);
          },
          { stallMs },
        ),
      );
      await until(() => tickets().length === i, `ticket ${i}`);
    }
    const t0 = Date.now();
    await sleep(200); // the holder keeps it for a while too, within the limit
    holder.release();
    await Promise.all([holder.done, ...waiters]);
    expect(Date.now() - t0).toBeGreaterThan(3 * stallMs);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('state lock: files', () => {
  it('state directory 0700, queue directory 0700, tickets and lock 0600; nothing left afterwards', async () => {
    freshDir();
    const holder = await holdLock();
    const waiting = withStateLock(statePath, () => undefined);
    await until(() => tickets().length === 1, 'the ticket');
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    expect(mode(queueDir)).toBe(0o700);
    expect(mode(join(queueDir, tickets()[0]))).toBe(0o600);
    expect(mode(`${statePath}.lock`)).toBe(0o600);
    holder.release();
    await Promise.all([holder.done, waiting]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failing fn releases the lock and its error passes through', async () => {
    freshDir();
    await expect(withStateLock(statePath, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
    await withStateLock(statePath, () => undefined, { stallMs: 1_000 });
  });
});
