/**
 * A reader that stops early (`| head -1`) must not make kubesim print an EPIPE stack trace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runProcess, sandbox } from '../helpers/cli.js';

describe('closed stdout pipe', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('get … | head -1 ends quietly', async () => {
    await box.run(['get', 'pods', '-A']);
    for (let i = 0; i < 5; i++) {
      const r = await runProcess('sh', ['-c', `"${process.execPath}" "${BIN}" get pods -A -o name | head -1`], box.env);
      expect(r.stdout).toMatch(/^pod\/\S+\n$/);
      expect(r.stderr).toBe('');
    }
  });
});
