/**
 * The built CLI as scripts and CI run it: through pipes, no progress bar and no control
 * characters on stderr, even with the start delay at zero and validate's worker threads on.
 * Where util-linux `script` is installed, the same commands on a pseudo-terminal do show the bar,
 * and once they end the terminal shows exactly what the pipe received (stdout is unchanged).
 *
 * Needs `npm run build` (as the golden tests do).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runProcess, sandbox, type RunResult } from '../helpers/cli.js';
import { screen } from '../cli/terminal.js';

const box = sandbox({ KUBESIM_PROGRESS_DELAY_MS: '0' });
afterAll(() => box.cleanup());

const CONTROL = /[\r\x1b]/;
const tree = join(box.home, 'manifests');
let port = '';

beforeAll(async () => {
  // Enough files for validate to spread them over worker threads.
  for (let d = 0; d < 4; d++) {
    mkdirSync(join(tree, `d${d}`), { recursive: true });
    for (let i = 0; i < 30; i++) {
      const name = `app-${d}-${i}`;
      writeFileSync(
        join(tree, `d${d}`, `${name}.yaml`),
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n    targetPort: http\n`,
      );
    }
  }
  expect((await box.run(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'])).code).toBe(0);
  expect((await box.run(['expose', 'deployment', 'web', '--port=80', '--type=NodePort'])).code).toBe(0);
  port = (await box.run(['get', 'svc', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
});

const commands = (): [string, string[], Record<string, string>][] => [
  ['validate (worker threads)', ['validate', '-f', tree, '-R', '--summary'], { KUBESIM_VALIDATE_THREADS: '3' }],
  ['apply', ['apply', '-f', tree, '-R', '--dry-run=client'], {}],
  ['curl --count', ['curl', '--count', '2000', `http://192.168.49.2:${port}/`], {}],
];

describe('through a pipe', () => {
  it('no progress escape sequences, whatever the command', async () => {
    for (const [name, args, env] of commands()) {
      const r = await box.run(args, { env });
      expect(r.stdout.length, name).toBeGreaterThan(0);
      expect(r.stderr, name).not.toMatch(CONTROL);
      expect(r.stdout, name).not.toMatch(CONTROL);
    }
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;
if (!hasScript) console.log('progress.process.test: util-linux `script` not found; the pseudo-terminal tests are skipped');

describe.skipIf(!hasScript)('on a pseudo-terminal (util-linux script)', () => {
  /** Run kubesim with stderr on a pty and stdout in a file; returns what the pty got as stderr. */
  async function onTerminal(args: string[], env: Record<string, string>, n: number): Promise<RunResult> {
    const out = join(box.home, `tty-stdout-${n}`);
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = await runProcess('script', ['-qec', `${quoted} > '${out}'`, '/dev/null'], { ...box.env, ...env });
    // The pty turns \n into \r\n.
    return { stdout: readFileSync(out, 'utf8'), stderr: r.stdout.replace(/\r\n/g, '\n'), code: r.code };
  }

  it('the bar shows on the terminal, is erased at the end, and stdout does not change', async () => {
    let n = 0;
    // curl advances the cluster's random source: every run starts from its own copy of the state.
    const base = join(box.home, 'clusters', 'kubesim.json');
    const fresh = () => {
      const copy = join(box.home, `state-${n++}.json`);
      copyFileSync(base, copy);
      return copy;
    };
    for (const [name, args, cmdEnv] of commands()) {
      const env = { ...cmdEnv, KUBESIM_STATE: fresh() };
      const tty = await onTerminal(args, env, n++);
      env.KUBESIM_STATE = fresh();
      const pipe = await box.run(args, { env });
      const label = args[0];
      expect(tty.stderr, name).toMatch(new RegExp(`\\r${label} \\[[#.]+\\]`));
      expect(screen(tty.stderr), name).toBe(pipe.stderr);
      expect(tty.stdout, name).toBe(pipe.stdout);
      expect(tty.code, name).toBe(pipe.code);
      // Same again with CI set: nothing.
      const ci = await onTerminal(args, { ...env, KUBESIM_STATE: fresh(), CI: 'true' }, n++);
      expect(ci.stderr, name).not.toMatch(CONTROL);
      expect(ci.stdout, name).toBe(pipe.stdout);
    }
  });
});
