/**
 * A reader that stops early (`| head -1`) must not make kubesim print an EPIPE stack trace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runProcess, sandbox } from '../helpers/cli.js';

describe('closed stdout pipe', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('get … | head -1 ends quietly', async () => {
    // Far more than a pipe's 64 KiB buffer, so kubesim is still writing when head exits.
    await box.run(['create', 'deployment', 'many', '--image=nginx:1.27', '--replicas=60']);
    for (let i = 0; i < 3; i++) {
      const r = await runProcess('sh', ['-c', `"${process.execPath}" "${BIN}" get pods -o yaml | head -1`], box.env);
      expect(r.stdout).toBe('apiVersion: v1\n');
      expect(r.stderr).toBe('');
    }
  });
});
