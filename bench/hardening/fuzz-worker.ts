/**
 * One fuzzing process of `bench/soak.mjs fuzz` (bundled by soak.mjs with esbuild): runs the same
 * generators and checks as test/hardening/fuzz.test.ts, many more times, and reports progress and
 * every failing case as JSON lines on stdout instead of stopping at the first.
 *   node fuzz-worker.mjs CASES SEED [CURRENT_FILE]
 * CURRENT_FILE receives each case before it runs, so that the parent can name a case that hangs
 * the process synchronously (no in-process timeout can fire then).
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { anyArgv, bindHome, manifestText } from './arbitraries.js';
import { commandShapes, problemsOf, removeHome, restore, runInProcess, seededHome, snapshot } from './harness.js';

const total = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const currentFile = process.argv[4];
const report = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

const verbs = [['apply', '-f', '-'], ['create', '-f', '-'], ['validate', '-f', '-'], ['apply', '--dry-run=server', '-o', 'yaml', '-f', '-'], ['delete', '-f', '-'], ['expose', '-f', '-', '--port=80'], ['apply', '--validate=false', '-f', '-']];

const { home, pods, snap } = await seededHome();
const shapes = commandShapes();
const input = fc.oneof(
  fc.tuple(fc.constantFrom(...verbs), manifestText),
  fc.tuple(anyArgv(shapes, pods), manifestText),
);

let done = 0;
let failures = 0;
let slowest = 0;
const started = performance.now();
const CHUNK = 500;
for (let chunk = 0; done < total; chunk++) {
  const runs = Math.min(CHUNK, total - done);
  await fc.check(
    fc.asyncProperty(input, async ([argv, stdin]) => {
      const bound = bindHome(argv, home);
      if (currentFile) writeFileSync(currentFile, JSON.stringify({ argv: bound, stdin: stdin.slice(0, 4000) }));
      const r = await runInProcess(bound, { home, stdin, timeoutMs: 10_000 });
      const after = snapshot(home);
      const problems = problemsOf(r, snap, after);
      restore(home, snap, after);
      slowest = Math.max(slowest, r.ms);
      if (problems.length > 0) {
        failures++;
        report({ failure: { argv: bound, stdin: stdin.slice(0, 2000), problems, code: r.code, stderr: r.stderr.slice(0, 2000) } });
      }
      return true;
    }),
    { numRuns: runs, seed: seed * 100_003 + chunk, endOnFailure: true },
  );
  done += runs;
  report({ progress: { done, failures, seconds: (performance.now() - started) / 1000, slowestMs: Math.round(slowest) } });
}
removeHome(home);
