/**
 * bin/kubesim as users start it (through its sh launcher), and the start-up shortcuts: the bundle
 * read as latin1, commander's child_process loaded lazily, and only the named verb declared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runProcess, sandbox } from '../helpers/cli.js';

const sb = sandbox();
afterAll(() => sb.cleanup());

describe('bin/kubesim launcher', () => {
  it('starts Node without NODE_EXTRA_CA_CERTS (kubesim opens no TLS connection)', async () => {
    // Node warns when it cannot load the bundle the variable names; the launcher never lets it try.
    const r = await runProcess(BIN, ['get', 'ns', 'default', '--no-headers'], { ...sb.env, NODE_EXTRA_CA_CERTS: join(sb.home, 'missing.pem') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^default\s+Active/);
    expect(r.code).toBe(0);
  });

  it('passes arguments through unchanged, spaces and quotes included', async () => {
    const r = await runProcess(BIN, ['get', 'ns', '-o', 'jsonpath={.items[0].metadata.name} "x y"'], sb.env);
    expect(r.stdout).toBe('default "x y"');
  });

  it('is also a plain Node script (node bin/kubesim works)', async () => {
    const r = await sb.run(['get', 'ns', 'kube-system', '-o', 'name']);
    expect(r.stdout).toBe('namespace/kube-system\n');
  });

  it('loads a pure-ASCII bundle, which it reads as latin1', () => {
    const bundle = readFileSync(join(ROOT, 'dist/kubesim.js'));
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
  });
});

describe('declaring only the verb that runs', () => {
  it('finds the verb after the program option --state', async () => {
    const r = await sb.run(['--state', join(sb.home, 'clusters', 'other.json'), 'get', 'ns', 'default', '-o', 'name']);
    expect(r.stdout).toBe('namespace/default\n');
  });

  it('still lists every verb in help and rejects an unknown one as before', async () => {
    const help = await sb.run(['--help']);
    for (const verb of ['get', 'apply', 'create', 'expose', 'exec', 'curl', 'port-forward', 'diagnose', 'validate', 'check', 'cluster', 'config', 'rollout']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
    }
    const unknown = await sb.run(['gte', 'svc']);
    expect(unknown.stderr).toContain('error: unknown command "gte" for "kubesim"');
    expect(unknown.code).toBe(1);
  });

  it('completes verbs, which needs them all', async () => {
    const r = await sb.run(['__complete', 'ro']);
    expect(r.stdout).toContain('rollout');
  });
});
