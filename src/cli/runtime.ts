/**
 * What a command needs from the outside world, gathered once by the CLI: streams, environment,
 * clock, preferences, where the state lives. Commands get this object and never touch
 * `process` themselves, so they can be run in-process by tests and other front ends.
 */
import { homedir } from 'node:os';
import { readFileSync } from 'node:fs';
import { clockFromEnv, type Clock } from '../clock.js';
import { KubesimError, rawError } from '../errors.js';
import { clusterStatePath, defaultHome, DEFAULT_CLUSTER, type StateLocation } from '../store/paths.js';
import { readPreferences, type Preferences } from '../store/preferences.js';
import { stdioOutput } from './stdio.js';
import type { SessionOptions } from '../apiserver/session.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
  /** The terminal's width when the stream is one (progress bars fit their line to it). */
  readonly columns?: number;
}

export interface Runtime {
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  readStdin(): string;
  clock: Clock;
  home: string;
  prefs: Preferences;
  /** `--state` given on the command line. */
  stateFlag?: string;
  /** `--context` given on the command line (kubectl's global flag): the context of this command. */
  contextFlag?: string;
  hints: boolean;
  colour: boolean;
}

export function createRuntime(argv: string[], envOverride?: Record<string, string | undefined>): Runtime {
  const env = envOverride ?? process.env;
  const clock = clockFromEnv(env.KUBESIM_NOW);
  if (typeof clock === 'string') throw new KubesimError(clock);
  const home = defaultHome(env, homedir());
  const stdout = stdioOutput(1);
  return {
    env,
    stdout,
    stderr: stdioOutput(2),
    readStdin: () => readFileSync(0, 'utf8'),
    clock,
    home,
    prefs: readPreferences(home),
    stateFlag: flagValue(argv, '--state'),
    contextFlag: flagValue(argv, '--context'),
    hints: !argv.includes('--no-hints') && env.KUBESIM_NO_HINTS !== '1' && env.KUBESIM_NO_HINTS !== 'true',
    colour: stdout.isTTY && !('NO_COLOR' in env) && env.TERM !== 'dumb',
  };
}

/** `--flag VALUE` / `--flag=VALUE` anywhere before `--` (the program's flags that every verb takes). */
function flagValue(argv: string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === flag) return argv[i + 1];
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return undefined;
}

/** The context a command works in: --context, else the current one. */
export function activeContext(rt: Runtime): string {
  const name = rt.contextFlag ?? rt.prefs.currentContext;
  if (rt.contextFlag !== undefined && !Object.hasOwn(rt.prefs.contexts, name)) throw rawError(`Error in configuration: context was not found for specified context: ${name}`);
  return name;
}

/** The state file for this command: --state, KUBESIM_STATE, or the current context's cluster. */
export function stateLocation(rt: Runtime): StateLocation {
  const explicit = rt.stateFlag ?? rt.env.KUBESIM_STATE;
  if (explicit) {
    // Kept as typed: messages name the file the way the user named it.
    return { path: explicit, clusterName: DEFAULT_CLUSTER, createIfMissing: true };
  }
  const context = activeContext(rt);
  const cluster = rt.prefs.contexts[context]?.cluster ?? context;
  return { path: clusterStatePath(rt.home, cluster), clusterName: cluster, createIfMissing: cluster === DEFAULT_CLUSTER };
}

/** The namespace a command works in: -n, else its context's, else default. */
export function currentNamespace(rt: Runtime, flag: string | undefined): string {
  if (flag) return flag;
  return rt.prefs.contexts[activeContext(rt)]?.namespace || 'default';
}

export function sessionOptions(rt: Runtime): SessionOptions {
  return { clock: rt.clock, seed: rt.env.KUBESIM_SEED };
}
