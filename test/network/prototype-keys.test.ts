/**
 * Names a user types that are also properties of every JavaScript object: they must be unknown
 * commands, hosts, packages and contexts, not crashes (found by the 1,000,000-case fuzz).
 */
import { afterAll, expect, it } from 'vitest';
import { sandbox } from '../helpers/cli.js';

const sb = sandbox();
afterAll(() => sb.cleanup());

it.each([
  [['ssh', '--', 'hasOwnProperty'], 127, 'hasOwnProperty: command not found'],
  [['ssh', '--', 'constructor'], 127, 'constructor: command not found'],
  [['ssh', '--', 'sh', '-c', '__proto__'], 127, '__proto__: not found'],
  [['curl', '__proto__'], 6, 'curl: (6) Could not resolve host: __proto__'],
  [['ssh', '--', 'curl', '-s', 'http://toString/'], 6, 'ssh: Process exited with status 6'],
  [['ssh', '--', 'sudo', 'apt-get', 'install', '-y', '__proto__'], 100, 'E: Unable to locate package __proto__'],
  [['config', 'get-contexts', 'hasOwnProperty'], 1, 'error: context hasOwnProperty not found'],
  [['config', 'use-context', 'valueOf'], 1, 'error: no context exists with the name: "valueOf"'],
  [['label', 'svc', 'kubernetes', '-n', 'default', 'constructor=yes'], 0, 'service/kubernetes labeled'],
  [['label', 'svc', 'kubernetes', '-n', 'default', 'toString-'], 0, 'label "toString" not found.'],
])('%j', async (argv, code, text) => {
  const r = await sb.run(argv as string[]);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr + r.stdout).toContain(text);
  expect(r.code).toBe(code);
});
