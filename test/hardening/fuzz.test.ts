/**
 * Property tests (issue 7): arbitrary and mutated manifests on stdin, arbitrary argv for every
 * command of the commander program, run in-process. Every case must exit 0 or 1 (or the exec'd
 * command's code), print no stack trace or engine error, and a failed command must leave the
 * home (state file, preferences) byte-for-byte unchanged. The long run is `bench/soak.mjs fuzz`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyArgv, bindHome, manifestText } from '../../bench/hardening/arbitraries.js';
import { commandShapes, problemsOf, removeHome, restore, runInProcess, seededHome, snapshot, type CommandShape, type Snapshot } from '../../bench/hardening/harness.js';

const SEED = Number(process.env.KUBESIM_FUZZ_SEED ?? 20261126);

let home: string;
let pods: string[];
let template: Snapshot;
let shapes: CommandShape[];

beforeAll(async () => {
  ({ home, pods, snap: template } = await seededHome());
  shapes = commandShapes();
});
afterAll(() => removeHome(home));

/** Run one case against the seeded home, check it, and put the home back. */
async function check(argv: string[], stdin?: string): Promise<void> {
  const bound = bindHome(argv, home);
  const r = await runInProcess(bound, { home, stdin, timeoutMs: 10_000 });
  const after = snapshot(home);
  const problems = problemsOf(r, template, after);
  restore(home, template, after);
  if (problems.length > 0) {
    throw new Error(`kubesim ${JSON.stringify(bound)}${stdin === undefined ? '' : ` <<< ${JSON.stringify(stdin.slice(0, 400))}`}\n${problems.join('\n')}\nexit ${r.code}\nstdout: ${r.stdout.slice(0, 800)}\nstderr: ${r.stderr.slice(0, 1500)}`);
  }
}

describe('property: manifests on stdin', () => {
  const verbs = [['apply', '-f', '-'], ['create', '-f', '-'], ['validate', '-f', '-'], ['apply', '--dry-run=server', '-o', 'yaml', '-f', '-'], ['delete', '-f', '-'], ['expose', '-f', '-', '--port=80'], ['apply', '--validate=false', '-f', '-']];
  it('arbitrary and mutated YAML/JSON documents: exit 0/1, no stack trace, no state change on failure (3,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...verbs), manifestText, async (verb, text) => check(verb, text)),
      { numRuns: 3000, seed: SEED },
    );
  }, 180_000);
});

describe('property: argv of every command', () => {
  it('covers every command of the program', () => {
    const names = shapes.map((s) => s.path.join(' '));
    for (const expected of ['get', 'apply', 'create service nodeport', 'exec', 'port-forward', 'cluster create', 'config set-context', 'rollout status', 'validate']) {
      expect(names).toContain(expected);
    }
  });

  it('a watch runs until interrupted, like port-forward: the harness ends it as Ctrl-C would, not as a hang', async () => {
    for (const argv of [['get', 'rs', '--watch'], ['get', 'pods', '-w', '--watch-only']]) {
      const r = await runInProcess(argv, { home, timeoutMs: 300 });
      expect(problemsOf(r), argv.join(' ')).toEqual([]);
    }
  });

  it('arbitrary argv for every command: exit 0/1 (or the exec\'d code), no stack trace, no state change on failure (2,500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(anyArgv(shapes, pods), manifestText, async (argv, stdin) => check(argv, stdin)),
      { numRuns: 2500, seed: SEED + 1 },
    );
  }, 180_000);
});
