/**
 * The progress bar in the long commands (validate, curl --count, apply of many documents), run
 * in-process with a fake terminal on stderr: the bar shows on a terminal, never on a pipe, under
 * CI, with TERM=dumb or KUBESIM_NO_PROGRESS; stdout is the same byte for byte either way; once
 * the command ends, the terminal shows exactly what a pipe would have received.
 *
 * KUBESIM_PROGRESS_DELAY_MS=0 makes the bar show at once, so small inputs suffice.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ERASE_LINE } from '../../src/cli/progress.js';
import { ROOT } from '../helpers/cli.js';
import { screen } from '../cli/terminal.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

let homes = 0;

/** A fresh KUBESIM_HOME with the same seed and clock each time, so two runs are comparable. */
function session(extraEnv: Record<string, string> = {}) {
  const home = join(tmp, `home-${homes++}`);
  const env: Record<string, string> = {
    HOME: home,
    KUBESIM_HOME: home,
    KUBESIM_SEED: '7008',
    KUBESIM_NOW: '2026-11-26T05:00:00Z',
    KUBESIM_PROGRESS_DELAY_MS: '0',
    NO_COLOR: '1',
    TZ: 'UTC',
    ...extraEnv,
  };
  return async (argv: string[], tty: boolean): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      env,
      stdout: { write: (t) => void (stdout += t), isTTY: false },
      stderr: { write: (t) => void (stderr += t), isTTY: tty, columns: 100 },
      readStdin: () => '',
    });
    return { stdout, stderr, code };
  };
}

/** The same command with a terminal and with a pipe on stderr, each in a fresh home after `setup`. */
async function both(argv: string[], opts: { env?: Record<string, string>; setup?: string[][] } = {}): Promise<{ tty: Run; pipe: Run }> {
  const results: Run[] = [];
  for (const tty of [true, false]) {
    const run = session(opts.env);
    for (const step of opts.setup ?? []) expect((await run(step, false)).code).toBe(0);
    results.push(await run(argv, tty));
  }
  return { tty: results[0], pipe: results[1] };
}

function expectBarThenNothing(r: { tty: Run; pipe: Run }, label: string) {
  expect(r.tty.stderr).toContain(`\r${label} [`);
  expect(r.tty.stderr).toMatch(new RegExp(`\\r${label} \\[[#.]+\\] +\\d+%  \\d+/\\d+`));
  // Erased at the end: the terminal shows what the pipe got, and nothing follows the erase.
  expect(screen(r.tty.stderr)).toBe(r.pipe.stderr);
  expect(r.tty.stderr.lastIndexOf(ERASE_LINE)).toBeGreaterThan(r.tty.stderr.lastIndexOf(`\r${label} [`));
  expect(r.tty.stdout).toBe(r.pipe.stdout);
  expect(r.tty.code).toBe(r.pipe.code);
  // A pipe never gets a bar or any control character.
  expect(r.pipe.stderr).not.toMatch(/[\r\x1b]/);
}

function manySources(n: number): string {
  const file = join(tmp, `services-${n}.yaml`);
  const docs = Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: web\n  ports:\n  - port: ${80 + (i % 5)}\n`);
  // One bad document: its error is printed at the end and must come out unchanged.
  docs.push('apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  ports:\n  - port: 80\n');
  writeFileSync(file, docs.join('---\n'));
  return file;
}

describe('progress on a terminal', () => {
  it('validate: a bar while files are checked, erased before the report; findings unchanged', async () => {
    const r = await both(['validate', '-f', join(ROOT, 'fixtures/validate'), '-R', '--summary']);
    expect(r.pipe.code).toBe(1); // the fixtures have errors: the report and exit code must not change
    expect(r.pipe.stdout).toMatch(/errors?/);
    expectBarThenNothing(r, 'validate');
  });

  it('validate -o json: stdout byte-identical with and without a terminal', async () => {
    const r = await both(['validate', '-f', join(ROOT, 'fixtures/validate'), '-R', '-o', 'json']);
    expectBarThenNothing(r, 'validate');
    expect(() => JSON.parse(r.tty.stdout)).not.toThrow();
  });

  it('apply of many documents: a bar, then the same created lines, hints and errors', async () => {
    const file = manySources(60);
    const r = await both(['apply', '-f', file]);
    expect(r.pipe.code).toBe(1);
    expect(r.pipe.stdout.split('\n').filter((l) => l.endsWith(' created'))).toHaveLength(60);
    expect(r.pipe.stderr).toContain('Bad_Name');
    expectBarThenNothing(r, 'apply');
  });

  it('curl --count: a bar while the requests run, the same distribution table', async () => {
    const setup = [
      ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'],
      ['expose', 'deployment', 'web', '--port=80', '--type=NodePort', '--name=web'],
    ];
    // The first node's IP and the NodePort kubesim allocates with seed 7008 are stable, but read them anyway.
    const probe = session();
    for (const step of setup) await probe(step, false);
    const port = (await probe(['get', 'svc', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}'], false)).stdout;
    expect(port).toMatch(/^3\d{4}$/);
    const r = await both(['curl', '--count', '3000', `http://192.168.49.2:${port}/`], { setup });
    expect(r.pipe.code).toBe(0);
    expect(r.pipe.stdout).toContain('3000 requests to');
    expectBarThenNothing(r, 'curl');
  });
});

describe('no progress where it does not belong', () => {
  const cases: [string, Record<string, string>][] = [
    ['CI=true', { CI: 'true' }],
    ['CI=1', { CI: '1' }],
    ['TERM=dumb', { TERM: 'dumb' }],
    ['KUBESIM_NO_PROGRESS=1', { KUBESIM_NO_PROGRESS: '1' }],
  ];
  for (const [name, env] of cases) {
    it(`${name}: nothing but the command's own stderr, even on a terminal`, async () => {
      const r = await both(['validate', '-f', join(ROOT, 'fixtures/validate'), '-R'], { env });
      expect(r.tty.stderr).toBe(r.pipe.stderr);
      expect(r.tty.stderr).not.toMatch(/[\r\x1b]/);
      expect(r.tty.stdout).toBe(r.pipe.stdout);
    });
  }

  it('CI=false still shows the bar', async () => {
    const r = await both(['validate', '-f', join(ROOT, 'fixtures/validate'), '-R'], { env: { CI: 'false' } });
    expectBarThenNothing(r, 'validate');
  });

  it('a quick command under the default start delay never flashes a bar', async () => {
    const r = await both(['validate', '-f', join(ROOT, 'fixtures/validate/valid'), '-R'], { env: { KUBESIM_PROGRESS_DELAY_MS: '' } });
    expect(r.tty.stderr).toBe(r.pipe.stderr);
    expect(r.tty.stderr).not.toMatch(/[\r\x1b]/);
  });
});
