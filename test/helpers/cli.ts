/**
 * Running the built CLI as a real process, the way users and scripts do: a private
 * KUBESIM_HOME, a frozen clock, a fixed seed, no colour.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/kubesim');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Sandbox {
  home: string;
  env: Record<string, string>;
  run(args: string[], opts?: { stdin?: string; env?: Record<string, string> }): Promise<RunResult>;
  cleanup(): void;
}

export function runProcess(cmd: string, args: string[], env: Record<string, string | undefined>, stdin?: string, cwd = ROOT): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(stdin ?? '');
  });
}

export function sandbox(extraEnv: Record<string, string> = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-test-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    KUBESIM_HOME: home,
    KUBESIM_SEED: '7008',
    KUBESIM_NOW: '2026-11-26T05:00:00Z',
    NO_COLOR: '1',
    TZ: 'UTC',
    // Every change is checked: the controllers it woke left nothing for the others to do.
    KUBESIM_VERIFY_RECONCILE: '1',
    ...extraEnv,
  };
  return {
    home,
    env,
    run: (args, opts = {}) => runProcess(process.execPath, [BIN, ...args], { ...env, ...opts.env }, opts.stdin),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
