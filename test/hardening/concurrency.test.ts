/**
 * Concurrency (issue 7), small: 8 processes × 10 mixed operations (apply, delete, scale, create,
 * exec curl, port-forward start/stop) on one cluster; every operation succeeds and the final state
 * equals a serial replay of the same operations. A writer killed while holding the lock does not
 * make the next writer wait. The full run: `node bench/soak.mjs concurrency` (50 × 200).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concurrencySoak } from '../../bench/hardening/concurrency.js';
import { BIN, sandbox } from '../helpers/cli.js';

describe('concurrency soak (small)', () => {
  it('8 processes × 10 mixed operations: all succeed, final state = serial replay', async () => {
    const r = await concurrencySoak(8, 10);
    expect(r.failed.map((d) => `${d.op.argv.join(' ')} → ${d.code}: ${d.stderr}`)).toEqual([]);
    expect(r.ops).toBe(80);
    expect(r.concurrent).toEqual(r.serial);
    expect(r.concurrent.some((l) => l.startsWith('Deployment default/w7-app'))).toBe(true);
  }, 120_000);
});

describe('stale locks', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('a writer SIGKILLed while it holds the lock is recovered at once by the next writer', async () => {
    await box.run(['get', 'ns']);
    const lockDir = join(box.home, 'clusters', 'kubesim.json.lock');
    // An exec of an endless loop holds the lock for about a second: kill it in the middle.
    const pods = await box.run(['create', 'deployment', 'spin', '--image=busybox']);
    expect(pods.code).toBe(0);
    const pod = (await box.run(['get', 'pods', '-l', 'app=spin', '-o', 'name'])).stdout.trim();
    const child = spawn(process.execPath, [BIN, 'exec', pod, '--', 'sh', '-c', 'while :; do while :; do :; done; done'], { env: box.env, stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(lockDir); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lockDir)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(existsSync(lockDir)).toBe(true); // left behind by the dead holder
    const t0 = performance.now();
    const r = await box.run(['create', 'namespace', 'after-stale-lock']);
    expect(r.code, r.stderr).toBe(0);
    expect(performance.now() - t0).toBeLessThan(3_000); // not proper-lockfile's 10 s staleness
  });
});
