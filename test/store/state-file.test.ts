/**
 * The state file's promises: created private (0600 in a 0700 directory), never overwritten when
 * it does not parse, untouched by a failed command, newer formats refused, older ones migrated.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sandbox } from '../helpers/cli.js';

describe('state file', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());
  const state = join(box.home, 'clusters', 'kubesim.json');

  it('is created 0600 in a 0700 directory on first use', async () => {
    const r = await box.run(['get', 'svc']);
    expect(r.code).toBe(0);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(statSync(join(box.home, 'clusters')).mode & 0o777).toBe(0o700);
  });

  it('is byte-for-byte unchanged after a failed command', async () => {
    const before = readFileSync(state);
    const r = await box.run(['apply', '-f', join(ROOT, 'fixtures/seed/multiport-unnamed.yaml')]);
    expect(r.code).toBe(1);
    expect(readFileSync(state).equals(before)).toBe(true);
    const r2 = await box.run(['create', 'service', 'nodeport', 'x', '--tcp=80', '--node-port=8888']);
    expect(r2.code).toBe(1);
    expect(readFileSync(state).equals(before)).toBe(true);
  });

  it('is never overwritten when it does not parse', async () => {
    const corrupt = join(box.home, 'corrupt.json');
    copyFileSync(join(ROOT, 'fixtures/state/corrupt.json'), corrupt);
    const before = readFileSync(corrupt);
    for (const args of [['get', 'svc'], ['apply', '-f', join(ROOT, 'fixtures/seed/frontend-svc.yaml')], ['delete', 'svc', 'kubernetes']]) {
      const r = await box.run(['--state', corrupt, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: unable to read the cluster state file ".*corrupt\.json": not valid JSON/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readFileSync(corrupt).equals(before)).toBe(true);
    }
  });

  it('refuses a state written by a newer kubesim and leaves it alone', async () => {
    const newer = join(box.home, 'newer.json');
    const s = JSON.parse(readFileSync(state, 'utf8'));
    s.formatVersion = 99;
    writeFileSync(newer, JSON.stringify(s));
    const before = readFileSync(newer);
    const r = await box.run(['--state', newer, 'apply', '-f', join(ROOT, 'fixtures/seed/frontend-svc.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('written by a newer kubesim (format 99; this kubesim reads up to 2)');
    expect(readFileSync(newer).equals(before)).toBe(true);
  });

  it('keeps the pods\' table view in step with the pods, also after a rewrite as one JSON document', async () => {
    const reformatted = join(box.home, 'one-line.json');
    writeFileSync(reformatted, JSON.stringify(JSON.parse(readFileSync(state, 'utf8'))));
    const get = async () => (await box.run(['--state', reformatted, 'get', 'pods', '-A', '--no-headers', '-o', 'wide'])).stdout;
    const before = await get();
    expect(before).toContain('coredns-');
    const r = await box.run(['--state', reformatted, 'create', 'deployment', 'viewed', '--image=nginx']);
    expect(r.code).toBe(0);
    const text = readFileSync(reformatted, 'utf8');
    expect(text.match(/^ {4}"Pod:table": \{$/gm)).toHaveLength(1);
    const after = await get();
    expect(after).toMatch(/^default\s+viewed-\S+\s+1\/1\s+Running/m);
    // The view and the pods print the same (a field selector makes get read the pods themselves).
    expect((await box.run(['--state', reformatted, 'get', 'pods', '-A', '--no-headers', '-o', 'wide', '--field-selector', 'metadata.name!=x'])).stdout).toBe(after);
  });

  it('migrates an older format on the next write', async () => {
    const older = join(box.home, 'older.json');
    const s = JSON.parse(readFileSync(state, 'utf8'));
    delete s.formatVersion;
    delete s.logs;
    delete s.ipam;
    delete s.wakeAt;
    writeFileSync(older, JSON.stringify(s));
    const r = await box.run(['--state', older, 'apply', '-f', join(ROOT, 'fixtures/seed/frontend-svc.yaml')]);
    expect(r.stdout).toBe('service/frontend-svc created\n');
    const after = JSON.parse(readFileSync(older, 'utf8'));
    expect(after.formatVersion).toBe(2);
    expect(after.logs).toBeTypeOf('object');
    expect(after.wakeAt).toBeTypeOf('object'); // every controller ran, and said when to wake
  });
});
