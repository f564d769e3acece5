/**
 * Resource bombs (issue 7), scaled down: alias expansion, a 10 MB manifest (the soak uses 100 MB),
 * 10,000-level nesting in YAML and JSON, binary files and a 10 MB line. Each ends with a clear
 * error (exit 1, no stack trace) within 512 MB RSS and 10 s, measured in the child process.
 * The full run: `node bench/soak.mjs bombs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bombFiles, runBomb } from '../../bench/hardening/bombs.mjs';

describe('resource bombs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bombs-'));
  const home = mkdtempSync(join(tmpdir(), 'kubesim-bombs-home-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  const files = bombFiles(dir, 10);

  it.each(Object.keys(files))('%s: a clear error, < 512 MB RSS, < 10 s', (name) => {
    const r = runBomb(['apply', '-f', files[name]], home);
    const context = `${name}: exit ${r.code}, ${r.rssMB.toFixed(0)} MB, ${r.seconds.toFixed(2)} s\n${r.stderr.slice(0, 500)}`;
    expect(r.code, context).toBe(1);
    // kubectl's own error shapes: `error: …`, `Error from server (…): …`, or an API status (`The Namespace "big" is invalid: …`).
    expect(r.stderr, context).toMatch(/^(error: |Error from server|The \w+ "[^"]*" is invalid: )/);
    expect(r.stderr, context).not.toMatch(/^\s+at |TypeError|RangeError|internal error/m);
    expect(r.rssMB, context).toBeLessThan(512);
    expect(r.seconds, context).toBeLessThan(10);
  });

  it('the state is untouched by every bomb', () => {
    const before = runBomb(['get', 'ns', '-o', 'name'], home).stdout;
    for (const f of Object.values(files)) runBomb(['create', '-f', f], home);
    expect(runBomb(['get', 'ns', '-o', 'name'], home).stdout).toBe(before);
  });
});
