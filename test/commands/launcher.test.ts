/**
 * bin/kubesim as users start it (through its sh launcher), and the start-up shortcuts: one bundle
 * per verb read as latin1, each with its own code cache, commander's child_process loaded lazily,
 * and only the named verb declared.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verbOf } from '../../src/cli/main.js';
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

  it('loads pure-ASCII bundles, which it reads as latin1', () => {
    for (const file of ['kubesim.js', ...readdirSync(join(ROOT, 'dist/verbs')).filter((f) => f.endsWith('.js')).map((f) => `verbs/${f}`)]) {
      const bundle = readFileSync(join(ROOT, 'dist', file));
      expect(bundle.findIndex((b) => b > 0x7f), file).toBe(-1);
    }
  });
});

describe('one bundle per verb', () => {
  it('every verb that help lists has its own bundle and code cache, made from that bundle', async () => {
    const help = await sb.run(['--help']);
    const verbs = [...help.stdout.matchAll(/^  ([a-z][a-z-]*) /gm)].map((m) => m[1]).filter((v) => v !== 'help');
    expect(verbs.length).toBeGreaterThan(15);
    for (const verb of verbs) {
      const bundle = readFileSync(join(ROOT, 'dist/verbs', `${verb}.js`), 'latin1');
      const id = /^\/\/([0-9a-f]{16})\n/.exec(bundle)?.[1];
      expect(id, verb).toBeDefined();
      expect(readFileSync(join(ROOT, 'dist/verbs', `${verb}.js.cache`)).toString('latin1', 0, 16), verb).toBe(id);
    }
  });

  it("a verb's bundle leaves the other verbs' commands out", () => {
    const get = readFileSync(join(ROOT, 'dist/verbs/get.js'), 'latin1');
    expect(get).toContain('the get bundle has no apply command');
    expect(get.length).toBeLessThan(readFileSync(join(ROOT, 'dist/kubesim.js'), 'latin1').length / 2);
  });

  it('picks the bundle of the verb that main() then declares, whatever flags come first', () => {
    // bin/kubesim cannot import src/, so it has its own copy of verbOf: the two must agree.
    const launcher = readFileSync(BIN, 'utf8');
    const source = /^function verbOf\(argv\) \{\n[\s\S]*?\n\}\n/m.exec(launcher)?.[0];
    expect(source).toBeDefined();
    const launcherVerbOf = new Function(`${source}; return verbOf;`)() as (argv: string[]) => string | undefined;
    const cases = [
      ['get', 'svc'],
      ['--state', 'f.json', 'get'],
      ['--state=f.json', 'apply', '-f', 'x'],
      ['-n', 'kube-system', 'get', 'pods'],
      ['-nkube-system', 'describe', 'svc'],
      ['--namespace', 'prod', 'exec', 'p'],
      ['--namespace=prod', 'delete'],
      ['--context', 'demo', 'get'],
      ['--context=demo', '-n', 'x', 'scale'],
      ['--no-hints', '--no-progress', 'create', 'service'],
      ['--help', 'get'],
      ['-h'],
      ['--version'],
      ['__complete', 'get', ''],
      ['port-forward', 'svc/x', '8080:80'],
      ['GET', 'svc'],
      ['../../etc/passwd'],
      ['--', 'get'],
      [],
    ];
    for (const argv of cases) expect(launcherVerbOf(argv), argv.join(' ')).toBe(verbOf(argv));
    expect(cases.map(verbOf)).toEqual(['get', 'get', 'apply', 'get', 'describe', 'exec', 'delete', 'get', 'scale', 'create', undefined, undefined, undefined, undefined, 'port-forward', undefined, undefined, undefined, undefined]);
  });

  it('help before the verb is the program\'s help, with every verb, as in kubectl', async () => {
    const r = await sb.run(['--help', 'get']);
    expect(r.stdout).toMatch(/^Usage: kubesim \[options\] \[command\]/);
    expect(r.stdout).toMatch(/^  apply /m);
  });

  it('finds the verb after the program flags', async () => {
    const other = join(sb.home, 'clusters', 'other.json');
    for (const args of [['--state', other, 'get'], ['--state=' + other, 'get'], ['--no-hints', 'get'], ['--no-progress', '--no-hints', 'get']]) {
      const r = await sb.run([...args, 'ns', 'default', '-o', 'name']);
      expect(r.stdout, args.join(' ')).toBe('namespace/default\n');
    }
  });

  it('does not use a cache made from another build of the bundle', async () => {
    // A copy of the launcher and its dist/, where get's bundle is rebuilt (a changed header of the
    // same length, a new build id) but its cache is still the old build's. V8 checks only the
    // source's length: it would run the old bytecode and print CLUSTER-IP.
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-launcher-'));
    try {
      cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      const bundle = join(dir, 'dist/verbs/get.js');
      const source = readFileSync(bundle, 'latin1');
      writeFileSync(bundle, `//${'f'.repeat(16)}${source.slice(18).replace('CLUSTER-IP', 'CLUSTER_IP')}`, 'latin1');
      const r = await runProcess(join(dir, 'bin/kubesim'), ['get', 'svc', 'kubernetes'], sb.env);
      expect(r.stdout).toMatch(/^NAME +TYPE +CLUSTER_IP /);
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('declaring only the verb that runs', () => {
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
