/**
 * Building the Box a command runs in: a pod's container (its image's executables, plus what was
 * installed with apt/apk since it started) or a node (like `minikube ssh`: bash, curl, ping,
 * iptables-save). Also where tools installed by package managers are remembered: per pod UID,
 * container and restart count, in the state's kubesim-internal `containers` key.
 */
import type { Program, TraceHop, Vantage } from '../contracts.js';
import type { Cluster, ClusterState } from '../../store/cluster-state.js';
import type { KObject } from '../../api/resources.js';
import type { Container, Pod } from '../../controllers/kubelet.js';
import { contextFor, VirtualFs, type Box, type ContainerContext, type Executable, type Runner, type RunResult, type ShellFlavor } from './box.js';
import { imageProfile, type ImageProfile, type Tool } from './images.js';
import { COREUTILS } from './shell/coreutils.js';
import { runShell } from './shell/interpreter.js';
import { runCurl } from './programs/curl.js';
import { runBusyboxWget, runGnuWget } from './programs/wget.js';
import { runBusyboxPing, runIputilsPing } from './programs/ping.js';
import { runBusyboxNc, runOpenbsdNc } from './programs/nc.js';
import { runApk, runAptGet } from './programs/packages.js';
import { runRedisCli } from './programs/redis-cli.js';
import { engine } from './engine.js';

/** kubesim-internal per-container state (tools installed, apt lists fetched, redis keys). */
interface ContainersState {
  installed?: Record<string, Tool[]>;
  aptUpdated?: Record<string, boolean>;
  redis?: Record<string, Record<string, string>>;
}

function containersState(cluster: Cluster): ContainersState {
  const s = cluster.state as ClusterState & { containers?: ContainersState };
  return (s.containers ??= {});
}

/** Key of one container instance: a restart starts from the image again. */
export function instanceKey(pod: KObject, container: string): string {
  const restarts = ((pod.status as { containerStatuses?: { name: string; restartCount?: number }[] } | undefined)?.containerStatuses ?? []).find((c) => c.name === container)?.restartCount ?? 0;
  return `${pod.metadata.uid ?? pod.metadata.name}/${container}/${restarts}`;
}

/** Forget the state of pods that no longer exist. */
export function pruneContainerState(cluster: Cluster): void {
  const s = (cluster.state as ClusterState & { containers?: ContainersState }).containers;
  if (!s) return;
  const uids = new Set(cluster.list('Pod').map((p) => p.metadata.uid ?? p.metadata.name));
  for (const bucket of [s.installed, s.aptUpdated, s.redis]) {
    if (!bucket) continue;
    for (const key of Object.keys(bucket)) {
      if (!uids.has(key.split('/')[0])) {
        delete bucket[key];
        cluster.dirty = true;
      }
    }
  }
}

const wrapProgram =
  (p: Program): Runner =>
  (argv, ctx) =>
    p(argv, ctx);

const missingProgram =
  (name: string): Runner =>
  () => ({ stdout: '', stderr: `kubesim: ${name} is not available in this build\n`, code: 127 });

function dnsProgram(key: 'nslookupBind9' | 'nslookupBusybox' | 'nslookupBusybox128' | 'dig' | 'host', name: string): Runner {
  return (argv, ctx) => {
    const p = engine().dnsPrograms[key];
    return p ? p(argv, ctx) : missingProgram(name)(argv, ctx);
  };
}

/** The command table of a set of tools. Later tools override earlier ones (bind9 over busybox nslookup). */
function commandTable(tools: Tool[], profile: Pick<ImageProfile, 'curl' | 'shell' | 'bash' | 'busybox'>, shellFor: (flavor: ShellFlavor) => Runner): Map<string, Runner> {
  const t = new Map<string, Runner>();
  if (profile.shell) {
    const sh = shellFor(profile.shell);
    t.set('sh', sh);
    if (profile.shell === 'ash') t.set('ash', sh);
    if (profile.shell === 'dash') t.set('dash', sh);
  }
  if (profile.bash) t.set('bash', shellFor('bash'));
  const order: Tool[] = ['coreutils', 'wget-busybox', 'nslookup-busybox128', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'curl', 'wget-gnu', 'bind9', 'ping-iputils', 'nc-openbsd', 'apt', 'apk', 'redis-cli', 'iptables'];
  for (const tool of order) {
    if (!tools.includes(tool)) continue;
    switch (tool) {
      case 'coreutils':
        for (const [k, v] of Object.entries(COREUTILS)) t.set(k, v);
        break;
      case 'curl': {
        const version = profile.curl ?? '8.10.1';
        t.set('curl', (argv, ctx) => runCurl(version, argv, ctx));
        break;
      }
      case 'wget-busybox':
        t.set('wget', runBusyboxWget);
        break;
      case 'wget-gnu':
        t.set('wget', runGnuWget);
        break;
      case 'nslookup-busybox':
        t.set('nslookup', dnsProgram('nslookupBusybox', 'nslookup'));
        break;
      case 'nslookup-busybox128':
        t.set('nslookup', dnsProgram('nslookupBusybox128', 'nslookup'));
        break;
      case 'bind9':
        t.set('nslookup', dnsProgram('nslookupBind9', 'nslookup'));
        t.set('dig', dnsProgram('dig', 'dig'));
        t.set('host', dnsProgram('host', 'host'));
        break;
      case 'ping-busybox':
        t.set('ping', runBusyboxPing);
        break;
      case 'ping-iputils':
        t.set('ping', runIputilsPing);
        break;
      case 'nc-busybox':
        t.set('nc', runBusyboxNc);
        break;
      case 'nc-openbsd':
        t.set('nc', runOpenbsdNc);
        break;
      case 'apt':
        t.set('apt-get', runAptGet);
        t.set('apt', runAptGet);
        break;
      case 'apk':
        t.set('apk', runApk);
        break;
      case 'redis-cli':
        t.set('redis-cli', runRedisCli);
        break;
      case 'iptables':
        t.set('iptables-save', (argv, ctx) => {
          const p = engine().iptablesSave;
          return p ? wrapProgram(p)(argv, ctx) : missingProgram('iptables-save')(argv, ctx);
        });
        break;
    }
  }
  if (profile.busybox && t.has('sh')) {
    // The multi-call binary: `busybox wget …`.
    t.set('busybox', (argv, ctx) => {
      if (argv.length < 2) return { stdout: 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n', stderr: '', code: 0 };
      const applet = t.get(argv[1]);
      return applet ? applet(argv.slice(1), ctx) : { stdout: '', stderr: `${argv[1]}: applet not found\n`, code: 127 };
    });
  }
  return t;
}

const BIN_DIRS = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin', '/usr/local/sbin']);

function lookupIn(table: Map<string, Runner>) {
  return (nameOrPath: string): Executable | undefined => {
    let name = nameOrPath;
    if (nameOrPath.includes('/')) {
      const p = VirtualFs.resolve('/', nameOrPath);
      const dir = p.slice(0, p.lastIndexOf('/')) || '/';
      name = p.slice(p.lastIndexOf('/') + 1);
      if (!BIN_DIRS.has(dir)) return undefined;
    }
    const run = table.get(name);
    return run ? { name, run } : undefined;
  };
}

export interface BoxOptions {
  tty: boolean;
}

/** A Box for `exec` into a pod's container. */
export function podBox(cluster: Cluster, pod: Pod, container: Container, opts: BoxOptions): { box: Box; profile: ImageProfile; env: Map<string, string> } {
  const profile = imageProfile(container.image);
  const st = containersState(cluster);
  const key = instanceKey(pod, container.name);
  const installed = st.installed?.[key] ?? [];
  const files: Record<string, string> = { ...profile.files, ...engine().podFiles(cluster, pod, container.name) };
  const hints: string[] = [];
  let table = new Map<string, Runner>();
  const box: Box = {
    cluster,
    vantage: { kind: 'pod', pod, container: container.name },
    fs: new VirtualFs(files),
    tty: opts.tty,
    busybox: profile.busybox,
    user: profile.user,
    lookup: (n) => lookupIn(table)(n),
    hints,
    install: (tools) => {
      const list = ((st.installed ??= {})[key] ??= []);
      for (const t of tools as Tool[]) if (!list.includes(t)) list.push(t);
      table = commandTable([...profile.tools, ...list], profile, shellRunner(box));
      cluster.dirty = true;
    },
    aptUpdated: Boolean(st.aptUpdated?.[key]),
    setAptUpdated: () => {
      (st.aptUpdated ??= {})[key] = true;
      box.aptUpdated = true;
      cluster.dirty = true;
    },
  };
  table = commandTable([...profile.tools, ...installed], profile, shellRunner(box));
  const env = new Map(engine().containerEnv(cluster, pod, container.name, { imageEnv: profile.env, tty: opts.tty }));
  if (profile.user !== 'root' && env.get('HOME') === '/root') env.set('HOME', profile.home);
  return { box, profile, env };
}

/** The node's shell, as `minikube ssh` gives it: bash, curl 7.88.1, ping, nc, iptables-save. */
export function nodeBox(cluster: Cluster, node: KObject, opts: BoxOptions): { box: Box; env: Map<string, string> } {
  const profile: Pick<ImageProfile, 'curl' | 'shell' | 'bash' | 'busybox'> = { curl: '7.88.1', shell: 'dash', bash: true, busybox: false };
  const tools: Tool[] = ['coreutils', 'curl', 'ping-iputils', 'nc-openbsd', 'iptables', 'apt'];
  const name = node.metadata.name;
  const files: Record<string, string> = {
    '/etc/hostname': `${name}\n`,
    '/etc/os-release': 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n',
    ...(engine().nodeFiles?.(cluster, node) ?? {}),
  };
  let table = new Map<string, Runner>();
  const box: Box = {
    cluster,
    vantage: { kind: 'node', node },
    fs: new VirtualFs(files),
    tty: opts.tty,
    busybox: false,
    user: 'docker',
    lookup: (n) => {
      // `sudo CMD` runs CMD as root.
      if (n === 'sudo') return { name: 'sudo', run: (argv, ctx) => sudo(argv, ctx, table) };
      return lookupIn(table)(n);
    },
    hints: [],
    install: () => undefined,
    aptUpdated: false,
    setAptUpdated: () => undefined,
  };
  table = commandTable(tools, profile, shellRunner(box));
  const env = new Map<string, string>([
    ['SHELL', '/bin/bash'],
    ['PWD', '/home/docker'],
    ['LOGNAME', 'docker'],
    ['HOME', '/home/docker'],
    ['LANG', 'C.UTF-8'],
    ['USER', 'docker'],
    ['SHLVL', '1'],
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  ]);
  if (opts.tty) env.set('TERM', 'xterm');
  box.fs.mkdir('/home/docker');
  return { box, env };
}

/** A box with a given tool set (tests; other front ends). */
export function makeBox(cluster: Cluster, vantage: Vantage, opts: { tools: Tool[]; profile: Pick<ImageProfile, 'curl' | 'shell' | 'bash' | 'busybox'>; files?: Record<string, string>; user?: string; tty?: boolean }): Box {
  let table = new Map<string, Runner>();
  const installed: Tool[] = [];
  let updated = false;
  const box: Box = {
    cluster,
    vantage,
    fs: new VirtualFs(opts.files ?? {}),
    tty: opts.tty ?? false,
    busybox: opts.profile.busybox,
    user: opts.user ?? 'root',
    lookup: (n) => lookupIn(table)(n),
    hints: [],
    install: (tools) => {
      installed.push(...(tools as Tool[]));
      table = commandTable([...opts.tools, ...installed], opts.profile, shellRunner(box));
    },
    get aptUpdated() {
      return updated;
    },
    setAptUpdated: () => {
      updated = true;
    },
  };
  table = commandTable(opts.tools, opts.profile, shellRunner(box));
  return box;
}

/** The user's machine, outside the cluster on the nodes' network (for `kubesim curl`). */
export function outsideBox(cluster: Cluster, opts: BoxOptions): { box: Box; env: Map<string, string> } {
  const box: Box = {
    cluster,
    vantage: { kind: 'outside' },
    fs: new VirtualFs(engine().outsideFiles ?? {}),
    tty: opts.tty,
    busybox: false,
    user: 'user',
    lookup: () => undefined,
    hints: [],
    install: () => undefined,
    aptUpdated: false,
    setAptUpdated: () => undefined,
  };
  return { box, env: new Map([['PATH', '/usr/local/bin:/usr/bin:/bin']]) };
}

function sudo(argv: string[], ctx: ContainerContext, table: Map<string, Runner>): RunResult {
  const rest = argv.slice(1).filter((a, i) => !(i === 0 && a.startsWith('-')));
  if (rest.length === 0) return { stdout: '', stderr: 'usage: sudo -h | -K | -k | -V\n', code: 1 };
  const run = lookupIn(table)(rest[0]);
  if (!run) return { stdout: '', stderr: `sudo: ${rest[0]}: command not found\n`, code: 1 };
  return run.run(rest, { ...ctx, box: { ...ctx.box, user: 'root' } });
}

function shellRunner(box: Box) {
  return (flavor: ShellFlavor): Runner =>
    (argv, ctx) =>
      runShell(flavor, argv, ctx.env, box, ctx.stdin, ctx.trace);
}

/** Run argv directly in a box (no shell in between), as the container runtime does for exec. */
export function runInBox(box: Box, argv: string[], env: Map<string, string>, stdin: string, trace: TraceHop[]): RunResult | 'not-found' {
  const exe = box.lookup(argv[0]);
  if (!exe) return 'not-found';
  const cwd = env.get('PWD') ?? '/';
  const ctx: ContainerContext = contextFor(box, env, stdin, trace, cwd);
  return exe.run(argv, ctx);
}

export type { Vantage };
