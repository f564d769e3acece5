/**
 * In-process harness for the hardening property tests (test/hardening) and the long soak
 * (bench/soak.mjs fuzz): run one kubesim command through `main()` with its own streams, stdin and
 * KUBESIM_HOME, and judge the outcome against the promises of issue 7 — exit code 0 or 1 (or the
 * exec'd command's), no stack trace or internal error, and a failed command leaves the state
 * byte-for-byte unchanged.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildProgram, main } from '../../src/cli/main.js';
import { createRuntime } from '../../src/cli/runtime.js';

export interface CaseResult {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
  /** main() rejected (it must not). */
  rejected?: unknown;
  /** Still running after the case timeout (and, for port-forward and get -w, after SIGINT). */
  hung?: boolean;
  ms: number;
}

export const BASE_ENV: Record<string, string> = {
  KUBESIM_SEED: '7007',
  KUBESIM_NOW: '2026-11-26T05:00:00Z',
  NO_COLOR: '1',
  TZ: 'UTC',
};

/** Run one command in-process. `home` is its KUBESIM_HOME; stdin is what `-f -` / `exec -i` read. */
export async function runInProcess(argv: string[], opts: { home: string; stdin?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<CaseResult> {
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const env = { ...BASE_ENV, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: opts.home, KUBESIM_HOME: opts.home, ...opts.env };
  const run = main(argv, {
    env,
    stdout: { write: (t: string) => void (stdout += t), isTTY: false },
    stderr: { write: (t: string) => void (stderr += t), isTTY: false },
    readStdin: () => opts.stdin ?? '',
  }).then(
    (code) => ({ code }),
    (rejected: unknown) => ({ code: -1, rejected }),
  );
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = (ms: number) => new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  let outcome = await Promise.race([run, timeout(timeoutMs)]);
  clearTimeout(timer);
  const runsUntilInterrupted = argv.includes('port-forward') || argv.some((a) => a === '-w' || /^--watch(-only)?(=|$)/.test(a));
  if (outcome === 'timeout' && runsUntilInterrupted) {
    // A forward and a watch run until interrupted, as kubectl's do: interrupt them like Ctrl-C.
    process.emit('SIGINT');
    outcome = await Promise.race([run, timeout(5_000)]);
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  if (outcome === 'timeout') return { argv, code: -1, stdout, stderr, hung: true, ms };
  return { argv, code: outcome.code, stdout, stderr, rejected: 'rejected' in outcome ? outcome.rejected : undefined, ms };
}

/** Commands whose exit code is the simulated program's (exec, ssh) or curl's own. */
function passesThroughCode(argv: string[], r: CaseResult): boolean {
  const verb = argv.find((a) => !a.startsWith('-'));
  if (verb === 'exec') return r.stderr.includes(`command terminated with exit code ${r.code}\n`);
  if (verb === 'ssh') return r.stderr.includes(`ssh: Process exited with status ${r.code}\n`);
  // curl's own codes; 1 is also kubesim's, so only with curl's message (unsupported protocol).
  if (verb === 'curl') return r.code === 1 ? r.stderr.includes('curl: (1) ') : r.code > 1 && r.code < 100;
  return false;
}

/** Lines of a JavaScript stack trace, or the names of the engine's own errors. */
const STACK_LINE = /^\s+at \S/m;
const ENGINE_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError|InternalError)\b|Maximum call stack|internal error in kubesim|\[object Object\]/;

/** What is wrong with an outcome; empty when it keeps every promise. */
export function problemsOf(r: CaseResult, before?: Snapshot, after?: Snapshot): string[] {
  const p: string[] = [];
  if (r.hung) p.push('hung');
  if (r.rejected !== undefined) p.push(`main() rejected: ${r.rejected instanceof Error ? r.rejected.stack : String(r.rejected)}`);
  const execCode = passesThroughCode(r.argv, r);
  if (!r.hung && r.rejected === undefined && r.code !== 0 && r.code !== 1 && !execCode) p.push(`exit code ${r.code}`);
  if (STACK_LINE.test(r.stderr)) p.push('stack trace in stderr');
  const engine = ENGINE_ERROR.exec(r.stderr);
  if (engine) p.push(`engine error in stderr: ${engine[0]}`);
  if (before && after && r.code !== 0 && !execCode && !sameSnapshot(before, after) && !reportsSuccess(r.stdout)) {
    p.push(`failed command changed the state: ${diffSnapshot(before, after).join(', ')}`);
  }
  return p;
}

/**
 * kubectl's partial failure: with several objects, those that succeeded stay applied and the
 * command still exits 1. A state change after a failure is allowed only when stdout reports one.
 */
function reportsSuccess(stdout: string): boolean {
  return /^(\S+|\S+ "[^"]*") (created|configured|serverside-applied|deleted|scaled|labeled|exposed|restarted|rolled back)( \(server dry run\))?$/m.test(stdout);
}

// ---------------------------------------------------------------------------------------------
// Homes and snapshots

/** Every file under a KUBESIM_HOME (lock directories and pid files excluded: they come and go). */
export type Snapshot = Map<string, Buffer>;

export function snapshot(home: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (n.includes('.lock')) continue;
      const full = join(dir, n);
      try {
        out.set(relative(home, full), readFileSync(full));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EISDIR') walk(full);
      }
    }
  };
  walk(home);
  return out;
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || !w.equals(v)) return false;
  }
  return true;
}

function diffSnapshot(a: Snapshot, b: Snapshot): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => !a.get(k)?.equals(b.get(k) ?? Buffer.alloc(0)) || !b.has(k) || !a.has(k));
}

/** Put a home back to a snapshot (only when it changed: the common case costs one read). */
export function restore(home: string, snap: Snapshot, current?: Snapshot): void {
  const now = current ?? snapshot(home);
  if (sameSnapshot(now, snap)) return;
  for (const n of readdirSync(home)) rmSync(join(home, n), { recursive: true, force: true });
  for (const [rel, data] of snap) {
    const full = join(home, rel);
    mkdirSync(join(full, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(full, data, { mode: 0o600 });
  }
}

export function tempHome(prefix = 'kubesim-hardening-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A home holding the default cluster plus a little workload: a busybox Deployment, an nginx
 * Deployment behind a NodePort Service. Returns the names the fuzzers use as positionals.
 */
export async function seededHome(home = tempHome()): Promise<{ home: string; pods: string[]; snap: Snapshot }> {
  const steps = [
    ['create', 'deployment', 'box', '--image=busybox', '--replicas=2'],
    ['create', 'deployment', 'web', '--image=nginx', '--port=80'],
    ['expose', 'deployment', 'web', '--port=80', '--type=NodePort'],
    ['label', 'deployment', 'web', 'tier=front'],
    // The second state file the fuzzers reach with --state=@HOME@/other.json, created up front:
    // the first use of a state file creates the default cluster, even for a command that fails.
    ['--state', join(home, 'other.json'), 'get', 'ns'],
  ];
  for (const argv of steps) {
    const r = await runInProcess(argv, { home });
    if (r.code !== 0) throw new Error(`seeding ${argv.join(' ')} failed: ${r.stderr}`);
  }
  const state = JSON.parse(readFileSync(join(home, 'clusters', 'kubesim.json'), 'utf8')) as { objects: Record<string, Record<string, unknown>> };
  const pods = Object.keys(state.objects.Pod ?? {})
    .filter((k) => k.startsWith('default/'))
    .map((k) => k.slice('default/'.length));
  return { home, pods, snap: snapshot(home) };
}

export function removeHome(home: string): void {
  if (existsSync(home)) rmSync(home, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The command surface, from the commander program itself

export interface CommandShape {
  /** e.g. ['create', 'service', 'nodeport'] */
  path: string[];
  /** Flags as typed: '--output', '-o', '--dry-run' … */
  flags: string[];
  /** Flags that take a value (required or optional). */
  valued: Set<string>;
}

export function commandShapes(): CommandShape[] {
  const rt = createRuntime([], { ...BASE_ENV, KUBESIM_HOME: join(tmpdir(), 'kubesim-hardening-unused') });
  const program = buildProgram(rt, async () => undefined);
  const out: CommandShape[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      if (sub.name() === '__complete' || sub.name() === 'help') continue;
      const p = [...path, sub.name()];
      const flags: string[] = [];
      const valued = new Set<string>();
      for (const o of sub.options) {
        for (const f of [o.long, o.short]) {
          if (!f) continue;
          flags.push(f);
          if (o.required || o.optional) valued.add(f);
        }
      }
      out.push({ path: p, flags, valued });
      walk(sub, p);
    }
  };
  walk(program, []);
  return out;
}
