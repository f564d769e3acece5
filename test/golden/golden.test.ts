/**
 * Runs every test/golden/*.golden script against the built CLI and compares stdout, stderr and
 * exit code of each step exactly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { readGolden, writeGolden, type GoldenStep } from '../helpers/golden.js';

const DIR = import.meta.dirname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const files = readdirSync(DIR).filter((f) => f.endsWith('.golden')).sort();

for (const file of files) {
  describe(file, () => {
    const { header, steps } = readGolden(join(DIR, file));
    const box: Sandbox = sandbox();
    const actual: GoldenStep[] = [];
    afterAll(() => {
      // Rewrite only when every step ran (a -t filter may have skipped some).
      if (UPDATE && actual.length === steps.length) writeGolden(join(DIR, file), header, actual);
      box.cleanup();
    });
    steps.forEach((step, i) => {
      it(`${i + 1}: kubesim ${step.line}`, async () => {
        const env: Record<string, string> = step.now ? { KUBESIM_NOW: step.now } : {};
        const r = await box.run(step.args, { stdin: step.stdin, env });
        actual.push({ ...step, stdout: r.stdout, stderr: r.stderr, exit: r.code });
        if (UPDATE) return;
        expect({ stdout: r.stdout, stderr: r.stderr, exit: r.code }).toEqual({ stdout: step.stdout, stderr: step.stderr, exit: step.exit });
      });
    });
  });
}
