/**
 * `kubesim get -w` as users run it: a watcher in the background while other kubesim processes
 * change the cluster, its rows checked byte for byte (kubectl-more.md §8). Each step waits for the
 * watcher's output before the next change, so every change is one state-file write it sees.
 *
 * Needs `npm run build` (as the golden tests do).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type RunResult, type Sandbox } from '../helpers/cli.js';

interface Watcher {
  output(): string;
  /** Resolves once stdout holds `n` lines. */
  lines(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `test` holds for stdout. */
  until(test: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
  interrupt(): void;
  done: Promise<RunResult>;
}

function startWatch(box: Sandbox, args: string[]): Watcher {
  const child = spawn(process.execPath, [BIN, ...args], { env: box.env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const done = new Promise<RunResult>((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 })));
  const until = async (test: (out: string) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test(stdout)) {
      if (Date.now() > deadline) throw new Error(`the watcher has not printed what the test waits for:\n${stdout}${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    output: () => stdout,
    lines: (n, timeoutMs) => until((out) => out.split('\n').length - 1 >= n, timeoutMs),
    until,
    interrupt: () => child.kill('SIGINT'),
    done,
  };
}

/** Lines of output: kubectl's rows end in "\n". */
const text = (...lines: string[]) => lines.map((l) => l + '\n').join('');

let box: Sandbox;
afterEach(() => box?.cleanup());

async function setUp(): Promise<Sandbox> {
  box = sandbox();
  expect((await box.run(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).code).toBe(0);
  writeFileSync(
    join(box.home, 'bad.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a-much-longer-pod-name\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx:doesnotexist\n',
  );
  return box;
}

async function ok(args: string[]): Promise<void> {
  const r = await box.run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('get -w', () => {
  it('prints the list, then one row per change with widths that only grow; Ctrl-C ends it quietly', async () => {
    await setUp();
    const w = startWatch(box, ['get', 'pods', '-w']);
    await w.lines(3);
    await ok(['scale', 'deployment', 'web', '--replicas=3']);
    await w.lines(4);
    await ok(['apply', '-f', join(box.home, 'bad.yaml')]);
    await w.lines(5);
    await ok(['delete', 'pod', 'a-much-longer-pod-name']);
    await w.lines(6);
    w.interrupt();
    const r = await w.done;
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: text(
        'NAME                   READY   STATUS    RESTARTS   AGE',
        'web-6dc5cd68db-hz26c   1/1     Running   0          0s',
        'web-6dc5cd68db-t7hlj   1/1     Running   0          0s',
        'web-6dc5cd68db-52n9l   1/1     Running   0          0s',
        'a-much-longer-pod-name   0/1     ErrImagePull   0          0s',
        'a-much-longer-pod-name   0/1     ErrImagePull   0          0s',
      ),
    });
  });

  it('--output-watch-events --watch-only -l: an EVENT column, no list, the header with the first event', async () => {
    await setUp();
    const w = startWatch(box, ['get', 'pods', '--watch-only', '--output-watch-events', '-l', 'app=web', '--request-timeout=20s']);
    // Nothing is printed until a change: change a pod (a label the table does not show) until the
    // watcher, once started, reports it.
    const pod = (await box.run(['get', 'pods', '-o', 'name'])).stdout.split('\n')[0];
    for (let i = 0; w.output() === ''; i++) {
      await ok(['label', pod, `try=${i}`, '--overwrite']);
      await w.lines(2, 1500).catch(() => undefined);
    }
    await ok(['scale', 'deployment', 'web', '--replicas=1']);
    await w.lines(3);
    await ok(['apply', '-f', join(box.home, 'bad.yaml')]);
    await w.lines(4);
    w.interrupt();
    expect(await w.done).toEqual({
      code: 0,
      stderr: '',
      stdout: text(
        'EVENT      NAME                   READY   STATUS    RESTARTS   AGE',
        'MODIFIED   web-6dc5cd68db-hz26c   1/1     Running   0          0s',
        'DELETED    web-6dc5cd68db-t7hlj   1/1     Running   0          0s',
        'ADDED      a-much-longer-pod-name   0/1     ErrImagePull   0          0s',
      ),
    });
  });

  it('a named object: its row, then its changes only (the synthetic ADDED is dropped), its DELETED row', async () => {
    await setUp();
    const [first, second] = (await box.run(['get', 'pods', '-o', 'name'])).stdout.trim().split('\n');
    const name = first.split('/')[1];
    const w = startWatch(box, ['get', 'pod', name, '-w', '--output-watch-events']);
    await w.lines(2);
    await ok(['label', second, 'other=yes']);
    await ok(['label', first, 'mine=yes']);
    await w.lines(3);
    await ok(['delete', first]);
    await w.lines(4);
    w.interrupt();
    expect(await w.done).toEqual({
      code: 0,
      stderr: '',
      stdout: text(
        'EVENT   NAME                   READY   STATUS    RESTARTS   AGE',
        `ADDED   ${name}   1/1     Running   0          0s`,
        `MODIFIED   ${name}   1/1     Running   0          0s`,
        `DELETED    ${name}   1/1     Running   0          0s`,
      ),
    });
  });

  it('-o name and -o yaml print each changed object (YAML documents separated by ---)', async () => {
    await setUp();
    const names = startWatch(box, ['get', 'deployments', '-w', '-o', 'name']);
    const yaml = startWatch(box, ['get', 'deployment', 'web', '-w', '-o', 'yaml']);
    const docs = (n: number) => (out: string) => out.split('---\n').length === n && out.endsWith('\n');
    await names.lines(1);
    await yaml.until((out) => out.includes('\nstatus:\n'));
    await ok(['scale', 'deployment', 'web', '--replicas=3']);
    await names.lines(2);
    await yaml.until(docs(2));
    await ok(['delete', 'deployment', 'web']);
    await names.lines(3);
    await yaml.until(docs(3));
    names.interrupt();
    yaml.interrupt();
    expect(await names.done).toEqual({ code: 0, stderr: '', stdout: text('deployment.apps/web', 'deployment.apps/web', 'deployment.apps/web') });
    const y = await yaml.done;
    expect(y.code).toBe(0);
    const printed = y.stdout.split('---\n');
    expect(printed.map((d) => /^ {2}replicas: (\d+)$/m.exec(d)?.[1])).toEqual(['2', '3', '3']);
    expect(printed.every((d) => d.startsWith('apiVersion: apps/v1\nkind: Deployment\n'))).toBe(true);
  });

  it('--request-timeout ends the watch with exit 0; -o wide and -A keep their columns', async () => {
    await setUp();
    const r = await box.run(['get', 'svc', '-A', '-o', 'wide', '-w', '--request-timeout=1s']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: text(
        'NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE   SELECTOR',
        'default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  0s    <none>',
        'kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   0s    k8s-app=kube-dns',
      ),
    });
    expect((await box.run(['get', 'pods', '-w', '--request-timeout=2'])).code).toBe(0);
  });

  it('refuses several types, a bad timeout, and a missing named object', async () => {
    box = sandbox();
    expect(await box.run(['get', 'svc,pods', '-w'])).toEqual({ code: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    expect(await box.run(['get', 'pods', '-w', '--request-timeout=soon'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n',
    });
    const missing = await box.run(['get', 'pod', 'nope', '-w', '--no-hints']);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await box.run(['get', 'pod', 'nope', '-w', '--ignore-not-found'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
