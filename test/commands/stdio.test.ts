/**
 * Standard output into pipes and files is written synchronously (src/cli/stdio.ts): every byte
 * arrives however the kernel splits the writes, and a stdout that cannot be written fails the
 * way kubectl fails.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAll } from '../../src/cli/stdio.js';
import { BIN, runProcess, sandbox } from '../helpers/cli.js';
import { findKubectl132 } from '../helpers/kubectl.js';

const eagain = () => Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });

describe('writeAll', () => {
  it('waits out a full non-blocking pipe and finishes short writes', () => {
    const text = 'NAME   TYPE\nkubernetes   ClusterIP ünïcode\n';
    const got: Buffer[] = [];
    let calls = 0;
    writeAll(1, text, (_fd, buf, off) => {
      calls++;
      if (calls % 2 === 1) throw eagain(); // every other attempt finds the pipe full
      const n = Math.min(5, buf.length - off); // and the kernel takes 5 bytes at a time
      got.push(buf.subarray(off, off + n));
      return n;
    });
    expect(Buffer.concat(got).toString('utf8')).toBe(text);
    expect(calls).toBe(2 * Math.ceil(Buffer.byteLength(text) / 5));
  });
});

describe('stdout that cannot be written', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());
  const create = ['create', 'service', 'clusterip', 'x', '--tcp=80:5000', '--dry-run=client', '-o', 'yaml'];
  const shell = (bin: string, redirect: string) => runProcess('sh', ['-c', `"$0" "$@" ${redirect}`, bin, ...create], box.env);

  it.runIf(existsSync('/dev/full'))('a full disk: kubectl\'s error and exit code 1', async () => {
    const r = await shell(BIN, '>/dev/full');
    expect(r).toMatchObject({ stdout: '', stderr: 'error: write /dev/stdout: no space left on device\n', code: 1 });
    const kubectl = findKubectl132();
    if (kubectl) expect(await shell(kubectl, '>/dev/full')).toMatchObject({ stderr: r.stderr, code: r.code });
  });

  it('a closed stdout: nothing to print to, exit 0 as kubectl', async () => {
    const r = await shell(BIN, '>&-');
    expect(r).toMatchObject({ stderr: '', code: 0 });
    const kubectl = findKubectl132();
    if (kubectl) expect((await shell(kubectl, '>&-')).code).toBe(0);
  });
});
