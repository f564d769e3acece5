/**
 * A writing verb whose state write fails prints no success line: create (-f and the generators),
 * create service, delete, scale, label and expose print `… created` / `deleted` / `scaled` /
 * `labeled` / `exposed` only once the new state is stored. The write is made to fail with a
 * file-size limit (`ulimit -f`, as in test/hardening/faults.test.ts): the lock and the queue
 * ticket are tiny and still work, the mutation runs, and the state file's write hits EFBIG.
 * Each case then runs the same command without the limit, to show that only the write failed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runProcess, sandbox, type Sandbox } from '../helpers/cli.js';

let box: Sandbox;
let statePath: string;

beforeAll(async () => {
  box = sandbox({ KUBESIM_NO_HINTS: '1' });
  statePath = join(box.home, 'clusters', 'kubesim.json');
  for (const args of [
    ['create', 'deployment', 'web', '--image=nginx', '--port=80'],
    ['create', 'namespace', 'doomed'],
  ]) {
    const r = await box.run(args);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(() => box.cleanup());

/** Run kubesim with files limited to 16 blocks (the state file is far bigger). */
const runLimited = (args: string[], stdin?: string) => runProcess('sh', ['-c', 'ulimit -f 16; exec "$0" "$@"', process.execPath, BIN, ...args], box.env, stdin);

async function expectNoSuccessOnFailedWrite(args: string[], success: string, stdin?: string): Promise<void> {
  const before = readFileSync(statePath);
  const failed = await runLimited(args, stdin);
  expect(failed.stdout).toBe('');
  expect(failed.stderr).toMatch(/^error: unable to write the cluster state file ".*": /);
  expect(failed.code).toBe(1);
  expect(readFileSync(statePath).equals(before)).toBe(true);
  expect(readdirSync(join(box.home, 'clusters'))).toEqual(['kubesim.json']); // no temp file, lock or ticket left
  // Without the limit the same command succeeds with that line.
  const ok = await box.run(args, { stdin });
  expect(ok.stderr).toBe('');
  expect(ok.stdout).toBe(success);
  expect(ok.code).toBe(0);
}

describe('no success line when the state write fails', () => {
  it('create -f', () => expectNoSuccessOnFailedWrite(['create', '-f', '-'], 'namespace/from-file created\n', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-file}\n'));
  it('create namespace', () => expectNoSuccessOnFailedWrite(['create', 'namespace', 'generated'], 'namespace/generated created\n'));
  it('create deployment', () => expectNoSuccessOnFailedWrite(['create', 'deployment', 'gen', '--image=busybox'], 'deployment.apps/gen created\n'));
  it('create service', () => expectNoSuccessOnFailedWrite(['create', 'service', 'clusterip', 'svc-a', '--tcp=80'], 'service/svc-a created\n'));
  it('delete', () => expectNoSuccessOnFailedWrite(['delete', 'namespace', 'doomed'], 'namespace "doomed" deleted\n'));
  it('scale', () => expectNoSuccessOnFailedWrite(['scale', 'deployment', 'web', '--replicas=3'], 'deployment.apps/web scaled\n'));
  it('label', () => expectNoSuccessOnFailedWrite(['label', 'deployment', 'web', 'tier=front'], 'deployment.apps/web labeled\n'));
  it('expose', () => expectNoSuccessOnFailedWrite(['expose', 'deployment', 'web', '--port=80'], 'service/web exposed\n'));
});
