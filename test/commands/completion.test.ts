/**
 * Shell completion: the candidate logic over a small commander tree (pure), then the built CLI's
 * hidden `__complete` and the `completion` scripts, including a real bash run of the script.
 * Needs `npm run build` first (as the golden tests do).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpec, complete, type CompletionSource } from '../../src/cli/commands/completion.js';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';

function tree(): Command {
  const p = new Command('kubesim').option('--state <path>');
  p.command('get').argument('[args...]').option('-n, --namespace <ns>').option('-o, --output <format>').option('-A, --all-namespaces');
  const r = p.command('rollout');
  r.command('status').argument('[args...]').option('--timeout <d>');
  r.command('undo').argument('[args...]');
  p.command('completion').argument('[shell...]');
  p.command('__complete', { hidden: true }).argument('[words...]');
  p.command('config').command('use-context').alias('use').argument('[name]');
  return p;
}

const src: CompletionSource = {
  names: (r, ns) => (r.resource === 'pods' ? (ns === 'kube-system' ? ['coredns-a'] : ns === undefined ? ['coredns-a', 'web-1', 'web-2'] : ['web-1', 'web-2']) : r.resource === 'deployments' ? ['web'] : []),
  namespaces: () => ['default', 'kube-system'],
  defaultNamespace: 'default',
  clusters: () => ['kubesim'],
  contexts: () => ['kubesim', 'lab'],
};

describe('complete (pure)', () => {
  const root = commandSpec(tree());
  const c = (words: string[], cur: string) => complete(root, words, cur, src);

  it('completes visible commands and subcommands', () => {
    expect(c([], '')).toEqual(['get', 'rollout', 'completion', 'config']);
    expect(c([], 'ro')).toEqual(['rollout']);
    expect(c(['rollout'], '')).toEqual(['status', 'undo']);
    expect(c(['config'], 'u')).toEqual(['use-context']);
  });

  it('completes flags of the command and the global ones', () => {
    expect(c(['get'], '--')).toEqual(['--namespace', '--output', '--all-namespaces', '--state', '--help']);
    expect(c(['get'], '-')).toContain('-n');
    expect(c(['rollout', 'status'], '--t')).toEqual(['--timeout']);
  });

  it('completes resource types, names, type/name and namespaces', () => {
    expect(c(['get'], 'po')).toEqual(['pods', 'po']);
    expect(c(['get'], 'svc,e')).toEqual(['svc,endpoints', 'svc,events', 'svc,endpointslices', 'svc,ep', 'svc,ev']);
    expect(c(['get', 'pods'], '')).toEqual(['web-1', 'web-2']);
    expect(c(['get', 'pods', 'web-1'], '')).toEqual(['web-2']);
    expect(c(['get', '-n', 'kube-system', 'pods'], '')).toEqual(['coredns-a']);
    expect(c(['get', '--namespace=kube-system', 'pods'], '')).toEqual(['coredns-a']);
    expect(c(['get', '-A', 'pods'], 'c')).toEqual(['coredns-a']);
    expect(c(['get'], 'po/w')).toEqual(['po/web-1', 'po/web-2']);
    expect(c(['get', '-n'], '')).toEqual(['default', 'kube-system']);
    expect(c(['get', '-o'], 'j')).toEqual(['json', 'jsonpath=', 'jsonpath-as-json=']);
  });

  it('uses per-command positionals', () => {
    expect(c(['rollout', 'status'], '')).toEqual(['deployment', 'daemonset', 'statefulset']);
    expect(c(['rollout', 'undo'], 'deployment/')).toEqual(['deployment/web']);
    expect(c(['completion'], '')).toEqual(['bash', 'zsh']);
    expect(c(['config', 'use'], '')).toEqual(['kubesim', 'lab']);
  });
});

describe('the built CLI', () => {
  let box: Sandbox;
  const built = existsSync(BIN) && existsSync(new URL('../../dist/kubesim.js', import.meta.url));
  beforeAll(async () => {
    box = sandbox();
    if (built) await box.run(['apply', '-f', 'fixtures/seed/frontend-deploy.yaml']);
  });
  afterAll(() => box.cleanup());

  it.skipIf(!built)('__complete lists commands from the real program tree, without hidden ones', async () => {
    const r = await box.run(['__complete', '']);
    const words = r.stdout.trim().split('\n');
    for (const w of ['get', 'apply', 'describe', 'wait', 'rollout', 'completion', 'cluster', 'config']) expect(words).toContain(w);
    expect(words).not.toContain('__complete');
    expect(r.code).toBe(0);
  });

  it.skipIf(!built)('__complete lists object names from the cluster', async () => {
    const r = await box.run(['__complete', 'get', 'pods', '']);
    expect(r.stdout).toBe('frontend-f6f878cb-hz26c\nfrontend-f6f878cb-t7hlj\nfrontend-f6f878cb-z2mxg\n');
    expect((await box.run(['__complete', 'rollout', 'status', 'deploy/'])).stdout).toBe('deploy/frontend\n');
    expect((await box.run(['__complete', 'wait', '--fo'])).stdout).toBe('--for\n');
    expect((await box.run(['__complete', 'get', '-n', 'kube-system', 'deploy', ''])).stdout).toBe('coredns\n');
  });

  it.skipIf(!built)('completion prints scripts and rejects other shells as kubectl words it', async () => {
    const bash = await box.run(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o default -F _kubesim_complete kubesim');
    const zsh = await box.run(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef kubesim\ncompdef _kubesim kubesim\n')).toBe(true);
    const fish = await box.run(['completion', 'fish']);
    expect(fish).toEqual({ stdout: '', stderr: 'error: Unsupported shell type "fish".\nSee \'kubesim completion -h\' for help and examples\n', code: 1 });
    expect((await box.run(['completion'])).stderr).toBe("error: Shell not specified.\nSee 'kubesim completion -h' for help and examples\n");
  });

  const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
  it.skipIf(!built || !hasBash)('the bash script completes through __complete', async () => {
    const script = (await box.run(['completion', 'bash'])).stdout;
    const shim = `kubesim() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; }`;
    const r = spawnSync('bash', ['-c', `${shim}\n${script}\nCOMP_WORDS=(kubesim get po ''); COMP_CWORD=3; _kubesim_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], { env: box.env, encoding: 'utf8' });
    expect(r.stdout).toBe('frontend-f6f878cb-hz26c\nfrontend-f6f878cb-t7hlj\nfrontend-f6f878cb-z2mxg\n');
  });
});
