/**
 * A running container (or a node) as the simulated programs see it: which executables its image
 * holds, its files, whether a terminal is attached, and where its connections start. One Box
 * lives for one `exec`; files written during it are kept in memory only (never on the host).
 */
import type { ProgramContext, ProgramResult, TraceHop, Vantage } from '../contracts.js';
import type { Cluster } from '../../store/cluster-state.js';

/** stdout (1) or stderr (2) text in the order a program wrote it. */
export interface Chunk {
  fd: 1 | 2;
  text: string;
}

/** A program's run; `chunks`, when given, keeps the interleaving of stdout and stderr (for `2>&1` and TTYs). */
export interface RunResult extends ProgramResult {
  chunks?: Chunk[];
}

/** Which shell `/bin/sh` is (error message formats differ). */
export type ShellFlavor = 'ash' | 'dash' | 'bash';

export interface Executable {
  /** The name it is known by (`curl`), for messages. */
  name: string;
  run: Runner;
}

export type Runner = (argv: string[], ctx: ContainerContext) => RunResult;

export interface Box {
  cluster: Cluster;
  vantage: Vantage;
  fs: VirtualFs;
  /** A TTY is attached (`exec -t` with a terminal): programs drop progress meters, colour headers. */
  tty: boolean;
  /** Whether coreutils messages follow BusyBox's wording (`can't open 'x'`) or GNU's. */
  busybox: boolean;
  /** The user programs run as (`root`, or e.g. `curl_user` in curlimages/curl). */
  user: string;
  /** Find an executable by name or path (`curl`, `/usr/bin/curl`); undefined = not in the image. */
  lookup(nameOrPath: string): Executable | undefined;
  /** kubesim hint lines collected during the run (printed by the CLI when hints are on). */
  hints: string[];
  /** Package managers record what they installed (kept until the container restarts). */
  install(packages: string[]): void;
  /** The image's package-index state (`apt-get update` done). */
  aptUpdated: boolean;
  setAptUpdated(): void;
}

export interface ContainerContext extends ProgramContext {
  box: Box;
  cwd: string;
}

/** Build a program context for a run inside a box. */
export function contextFor(box: Box, env: Map<string, string>, stdin: string, trace: TraceHop[], cwd = '/'): ContainerContext {
  return { cluster: box.cluster, from: box.vantage, env, stdin, trace, box, cwd };
}

/** Result helpers. */
export const ok = (stdout = ''): RunResult => ({ stdout, stderr: '', code: 0 });
export const fail = (stderr: string, code = 1, stdout = ''): RunResult => ({ stdout, stderr, code });

/**
 * The container's files: a read-only base (the image's and the kubelet's files) with an in-memory
 * layer for what commands write during the exec. Paths are absolute and normalised.
 */
export class VirtualFs {
  private readonly layer = new Map<string, string>();
  private readonly removed = new Set<string>();
  private readonly dirs = new Set<string>();

  constructor(private readonly base: Record<string, string>) {
    for (const p of Object.keys(base)) this.addParents(p);
    for (const d of ['/', '/bin', '/etc', '/tmp', '/root', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/usr/sbin', '/sbin', '/var', '/var/log', '/home', '/proc', '/dev', '/sys', '/lib', '/opt', '/run', '/srv', '/mnt', '/media']) this.dirs.add(d);
  }

  private addParents(path: string): void {
    let p = path;
    for (;;) {
      const i = p.lastIndexOf('/');
      if (i <= 0) break;
      p = p.slice(0, i);
      this.dirs.add(p);
    }
  }

  static resolve(cwd: string, path: string): string {
    const abs = path.startsWith('/') ? path : `${cwd === '/' ? '' : cwd}/${path}`;
    const out: string[] = [];
    for (const part of abs.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return '/' + out.join('/');
  }

  read(path: string): string | undefined {
    if (path === '/dev/null') return '';
    if (this.removed.has(path)) return undefined;
    return this.layer.get(path) ?? this.base[path];
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined || this.isDir(path);
  }

  write(path: string, text: string, append = false): void {
    if (path === '/dev/null' || path === '/dev/stdout' || path === '/dev/stderr') return;
    const prev = append ? (this.read(path) ?? '') : '';
    this.layer.set(path, prev + text);
    this.removed.delete(path);
    this.addParents(path);
  }

  remove(path: string): boolean {
    if (this.read(path) === undefined) return false;
    this.layer.delete(path);
    this.removed.add(path);
    return true;
  }

  mkdir(path: string): void {
    this.dirs.add(path);
    this.addParents(path);
  }

  /** Entries directly under a directory, sorted. */
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : dir + '/';
    const names = new Set<string>();
    const all = [...Object.keys(this.base), ...this.layer.keys(), ...this.dirs];
    for (const p of all) {
      if (!p.startsWith(prefix) || p === dir || this.removed.has(p)) continue;
      const rest = p.slice(prefix.length);
      if (!rest) continue;
      names.add(rest.split('/')[0]);
    }
    return [...names].sort();
  }
}
