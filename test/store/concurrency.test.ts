/**
 * The state file under concurrent writers and crashes: 20 processes applying at once lose
 * nothing; a writer killed with SIGKILL at random moments never leaves a torn file.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, sandbox } from '../helpers/cli.js';

function configMapFree(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

describe('concurrent writers', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('20 processes applying different objects at once: all 20 are stored', async () => {
    await box.run(['get', 'ns']); // create the default cluster first
    const files = Array.from({ length: 20 }, (_, i) => {
      const f = join(box.home, `ns-${i}.yaml`);
      writeFileSync(f, configMapFree(`team-${i}`));
      return f;
    });
    const results = await Promise.all(files.map((f) => box.run(['apply', '-f', f])));
    for (const [i, r] of results.entries()) {
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`namespace/team-${i} created\n`);
      expect(r.code).toBe(0);
    }
    const r = await box.run(['get', 'ns', '-o', 'name']);
    for (let i = 0; i < 20; i++) expect(r.stdout).toContain(`namespace/team-${i}\n`);
  });
});

describe('crash safety', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('a writer killed at random moments leaves a state that parses and holds a complete generation', async () => {
    await box.run(['get', 'ns']);
    const statePath = join(box.home, 'clusters', 'kubesim.json');
    let completed = 0;
    for (let i = 0; i < 25; i++) {
      const f = join(box.home, `kill-${i}.yaml`);
      writeFileSync(f, configMapFree(`kill-${i}`));
      const child = spawn(process.execPath, [BIN, 'apply', '-f', f], { env: box.env, stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      // Kill somewhere between start-up and well after the write (0-120 ms).
      const delay = (i * 37) % 120;
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      const text = readFileSync(statePath, 'utf8');
      const state = JSON.parse(text) as { kind: string; objects: { Namespace: Record<string, unknown> } };
      expect(state.kind).toBe('ClusterState');
      // A complete generation: every namespace created so far is there, or the last one is not yet.
      const present = Object.keys(state.objects.Namespace).filter((k) => k.startsWith('/kill-')).length;
      expect(present === completed || present === completed + 1).toBe(true);
      completed = present;
    }
    // The lock a killed writer left behind is recovered: a later writer succeeds.
    const f = join(box.home, 'after.yaml');
    writeFileSync(f, configMapFree('after-crashes'));
    const r = await box.run(['apply', '-f', f]);
    expect(r.stdout).toBe('namespace/after-crashes created\n');
  }, 120_000);
});
