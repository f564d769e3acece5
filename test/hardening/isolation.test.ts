/**
 * Isolation (issue 7): hostile scripts run through `exec`/`ssh`/`curl` in-process while every way
 * of starting a host process (child_process) and of writing files is spied on. Nothing may start,
 * no file outside the case's KUBESIM_HOME may be written, no sensitive host file read, no real
 * connection opened, and every command ends quickly. Also: port-forward listens only where asked;
 * control characters from the cluster are printed escaped; cluster and context names cannot
 * leave KUBESIM_HOME.
 */
import { createHash } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------------
// Spies, installed before kubesim is loaded (named ESM imports of builtins are re-synced)

const require = createRequire(import.meta.url);
type Fn = (...args: unknown[]) => unknown;
const events: { kind: 'process' | 'write' | 'read' | 'net'; what: string }[] = [];
let recording = false;
const record = (kind: (typeof events)[number]['kind'], what: string) => {
  if (recording) events.push({ kind, what });
};

const cp = require('node:child_process') as Record<string, Fn>;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const orig = cp[name];
  cp[name] = function (this: unknown, ...args: unknown[]) {
    if (recording) {
      record('process', `${name}(${JSON.stringify(args[0])})`);
      throw new Error(`isolation: child_process.${name} called during a hostile exec`);
    }
    return orig.apply(this, args);
  };
}

const pathOf = (p: unknown): string => (typeof p === 'string' ? p : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? p.toString() : '');
const writeOps = ['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'chmod', 'chown', 'truncate', 'utimes', 'symlink', 'link', 'copyFile', 'cp', 'mkdtemp'];
const readOps = ['readFile', 'readdir', 'stat', 'lstat', 'access', 'exists', 'opendir', 'realpath', 'readlink'];
const fsMod = require('node:fs') as Record<string, unknown> & { promises: Record<string, Fn> };
const wrap = (target: Record<string, unknown>, name: string, onCall: (args: unknown[]) => void) => {
  const orig = target[name];
  if (typeof orig !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    onCall(args);
    return (orig as Fn).apply(this, args);
  };
  Object.assign(wrapped, orig); // keep e.g. realpathSync.native
  target[name] = wrapped;
};
const isWriteFlag = (flags: unknown) => (typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' ? (flags & 3) !== 0 : false);
for (const target of [fsMod]) {
  for (const op of writeOps) {
    for (const name of [op, `${op}Sync`]) wrap(target, name, (args) => record('write', `${name} ${pathOf(args[0])}${typeof args[1] === 'string' && /^(rename|symlink|link|copyFile|cp)/.test(name) ? ` -> ${args[1]}` : ''}`));
  }
  for (const name of ['rename', 'renameSync']) wrap(target, name, (args) => record('write', `${name} ${pathOf(args[0])} -> ${pathOf(args[1])}`));
  for (const name of ['open', 'openSync']) wrap(target, name, (args) => record(isWriteFlag(args[1]) ? 'write' : 'read', `${name} ${pathOf(args[0])}`));
  for (const op of readOps) for (const name of [op, `${op}Sync`]) wrap(target, name, (args) => record('read', `${name} ${pathOf(args[0])}`));
}
// fs/promises: writes and readFile (wrapping every promise API upsets the test runner itself).
for (const name of [...writeOps, 'rename', 'readFile']) {
  const promises = fsMod.promises as Record<string, unknown>;
  const orig = promises[name];
  if (typeof orig !== 'function') continue;
  promises[name] = (...args: unknown[]) => {
    record(name === 'readFile' ? 'read' : 'write', `promises.${name} ${pathOf(args[0])}${name === 'rename' ? ` -> ${pathOf(args[1])}` : ''}`);
    return (orig as Fn)(...args);
  };
}
wrap(fsMod, 'createWriteStream', (args) => record('write', `createWriteStream ${pathOf(args[0])}`));
wrap(fsMod, 'createReadStream', (args) => record('read', `createReadStream ${pathOf(args[0])}`));
const net = require('node:net') as Record<string, unknown> & { Socket: { prototype: Record<string, unknown> }; Server: { prototype: Record<string, unknown> } };
wrap(net, 'connect', (args) => record('net', `net.connect ${JSON.stringify(args[0])}`));
wrap(net, 'createConnection', (args) => record('net', `net.createConnection ${JSON.stringify(args[0])}`));
wrap(net.Socket.prototype, 'connect', (args) => record('net', `Socket.connect ${JSON.stringify(args[0])}`));
const listens: unknown[][] = [];
wrap(net.Server.prototype, 'listen', (args) => void listens.push(args));
for (const mod of ['node:http', 'node:https']) wrap(require(mod) as Record<string, unknown>, 'request', (args) => record('net', `${mod} request ${JSON.stringify(args[0])}`));
wrap(require('node:dns') as Record<string, unknown>, 'lookup', (args) => record('net', `dns.lookup ${String(args[0])}`));
syncBuiltinESMExports();

const { problemsOf, removeHome, runInProcess, seededHome, tempHome } = await import('../../bench/hardening/harness.js');

/** Paths a hostile exec must not read (host secrets and system state). */
const SENSITIVE = /^\/(etc|root|proc|sys|dev|var|home|boot|usr\/bin|bin)(\/|$)/;

let home: string;
let pods: string[];
let curlPod: string;
const canary = join(tmpdir(), `kubesim-canary-${process.pid}.txt`);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let passwdBefore: string;

beforeAll(async () => {
  ({ home, pods } = await seededHome());
  const r = await runInProcess(['create', 'deployment', 'cl', '--image=curlimages/curl:8.10.1'], { home });
  expect(r.code).toBe(0);
  const g = await runInProcess(['get', 'pods', '-l', 'app=cl', '-o', 'name'], { home });
  curlPod = g.stdout.trim().split('\n')[0].replace('pod/', '');
  writeFileSync(canary, 'canary\n');
  passwdBefore = sha('/etc/passwd');
});
afterAll(() => {
  removeHome(home);
  removeHome(canary);
});

/** Run one command with the spies recording; returns the result and what the spies saw. */
async function hostile(argv: string[], stdin?: string) {
  events.length = 0;
  recording = true;
  let r;
  try {
    r = await runInProcess(argv, { home, stdin, timeoutMs: 10_000 });
  } finally {
    recording = false;
  }
  const inHome = (p: string) => resolve(p) === home || resolve(p).startsWith(home + sep);
  const escapes = events.filter((e) => {
    if (e.kind === 'process' || e.kind === 'net') return true;
    const paths = e.what.split(' ').slice(1).filter((w) => w.startsWith('/'));
    if (e.kind === 'write') return paths.some((p) => !inHome(p));
    return paths.some((p) => SENSITIVE.test(p));
  });
  return { r, escapes };
}

const scripts = [
  'rm -rf /',
  'rm -rf / --no-preserve-root; echo $?',
  `rm -f ${canary}; echo gone > ${canary}`,
  'cat /etc/shadow; echo $(cat /etc/passwd)',
  'echo `cat /etc/hostname` `id`',
  'echo pwned > /etc/passwd; cat /etc/passwd',
  'echo hi; /bin/sh -c "id"; exec /bin/sh -c whoami',
  '; /bin/sh',
  'curl file:///etc/passwd; wget -O- file:///etc/passwd',
  'cat < /proc/self/environ; ls /proc/1/root',
  'while true; do :; done',
  'while :; do while :; do echo x; done; done',
  'for i in $(seq 1 100000000); do :; done',
  ':(){ :|:& };:',
  'bomb(){ bomb | bomb & }; bomb',
  'f(){ f; }; f',
  'x=a; while true; do x=$x$x; done',
  'yes | head -5; sleep 99999',
  'nc -l -p 4444 -e /bin/sh',
  'python3 -c "import os; os.system(\'id\')"; perl -e "system(\\"id\\")"; node -e "require(\'child_process\').execSync(\'id\')"',
  'eval "$(printf \'%s\' \'rm -rf /\')"; echo done',
  'cd ../../../../..; pwd; ls; cat etc/passwd',
  'ln -s /etc/passwd /tmp/p; cat /tmp/p; cp /etc/passwd /tmp/q',
  'export PATH=/host/bin:$PATH; id; env',
];

describe('isolation: hostile scripts in the simulated shell', () => {
  it('never start a host process, write outside the state directory, read host secrets or connect, and end quickly', async () => {
    const targets = [pods[0], curlPod];
    for (const pod of targets) {
      for (const s of scripts) {
        for (const shell of ['sh']) {
          const { r, escapes } = await hostile(['exec', pod, '--', shell, '-c', s]);
          const context = `exec ${pod} -- ${shell} -c ${JSON.stringify(s)}\nstderr: ${r.stderr.slice(0, 600)}`;
          expect(escapes, context).toEqual([]);
          expect(problemsOf(r), context).toEqual([]);
          expect(r.ms, context).toBeLessThan(10_000);
        }
      }
    }
    // Scripts on stdin (`exec -i POD -- sh`), straight argv, the node shell and kubesim curl.
    const more: [string[], string?][] = [
      [['exec', '-i', pods[0], '--', 'sh'], 'rm -rf /\ncat /etc/shadow\nwhile :; do :; done\n'],
      [['exec', pods[0], '--', '/bin/sh', '-c', 'reboot; halt; poweroff; kill -9 -1']],
      [['exec', pods[0], '--', '/etc/passwd']],
      [['exec', pods[0], '--', '../../../../bin/sh', '-c', 'id']],
      [['exec', curlPod, '--', 'curl', '-s', 'file:///etc/passwd']],
      [['exec', curlPod, '--', 'curl', '-o', '/etc/passwd', 'http://web']],
      [['exec', curlPod, '--', 'curl', '-K', '/etc/passwd', 'http://127.0.0.1:1']],
      [['ssh', '--', 'sudo rm -rf / ; cat /etc/shadow; while :; do :; done']],
      [['ssh', '-n', 'kubesim-m02', '--', 'curl', 'file:///etc/passwd']],
      [['curl', 'file:///etc/passwd']],
      [['curl', 'http://169.254.169.254/latest/meta-data/']],
      [['curl', 'http://127.0.0.1:22']],
      [['curl', '--from', `pod/${curlPod}`, 'http://localhost:8080/../../etc/passwd']],
    ];
    for (const [argv, stdin] of more) {
      const { r, escapes } = await hostile(argv, stdin);
      const context = `${argv.join(' ')}\nstderr: ${r.stderr.slice(0, 600)}`;
      expect(escapes, context).toEqual([]);
      expect(problemsOf(r), context).toEqual([]);
      expect(r.ms, context).toBeLessThan(10_000);
    }
    expect(readFileSync(canary, 'utf8')).toBe('canary\n');
    expect(sha('/etc/passwd')).toBe(passwdBefore);
  });

  it('the spies work: they see a real child process and a write outside the home', async () => {
    events.length = 0;
    recording = true;
    try {
      expect(() => (require('node:child_process') as Record<string, Fn>).execFileSync('true')).toThrow(/isolation/);
      (require('node:fs') as typeof import('node:fs')).writeFileSync(canary, 'canary\n');
    } finally {
      recording = false;
    }
    expect(events.map((e) => e.kind)).toEqual(['process', 'write']);
  });
});

describe('property: random scripts in the simulated shell', () => {
  const fragments = [
    'echo', 'x', '"', "'", '`', '$', '(', ')', '{', '}', '[', ']', ';', '&', '&&', '||', '|', '>', '<', '>>', '2>&1', '<<EOF', 'EOF', '\\', '\n', ' ', '*', '?', '~', '#', '=', 'a=b', '$a', '${a}', '${a:-x}', '${#a}', '$(echo hi)', '$((1+2))', '$((1/0))', '`id`',
    'if', 'then', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case', 'esac', 'function', 'f()', 'f', 'return', 'break', 'continue', 'exit', 'eval', 'set -e', 'shift', 'read', 'test', '[ 1 = 1 ]', 'true', 'false', ':',
    'cat', 'ls', 'rm -rf /', 'cd ..', 'wget', 'curl', 'nslookup', 'grep', 'sed', 'awk', 'seq 5', 'sort', 'head', 'tail', 'wc', 'tr', 'printf', '%s', '%d', 'sleep 1', 'env', 'export', 'unset', 'kill', 'trap', 'exec', '/etc/passwd', 'web', 'http://web', "it's", '"it\'s"', "'a\"b'",
  ];
  it('any script ends quickly with the shell\'s own exit code, no engine error, no escape (400 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...fragments), { maxLength: 14 }), fc.constantFrom(' ', '', '\n'), async (parts, glue) => {
        const script = parts.join(glue);
        const { r, escapes } = await hostile(['exec', pods[0], '--', 'sh', '-c', script]);
        const context = `sh -c ${JSON.stringify(script)}\nstderr: ${r.stderr.slice(0, 600)}`;
        expect(escapes, context).toEqual([]);
        expect(problemsOf(r), context).toEqual([]);
        expect(r.ms, context).toBeLessThan(10_000);
      }),
      { numRuns: 400, seed: 7007 },
    );
  });
});

describe('isolation: port-forward listens only where asked', () => {
  async function forward(args: string[]): Promise<{ hosts: unknown[]; stdout: string; code: number }> {
    listens.length = 0;
    const run = runInProcess(['port-forward', 'svc/web', ...args], { home, timeoutMs: 1_500 });
    const r = await run; // stopped with SIGINT by the harness after the timeout
    const hosts = listens.map((a) => (typeof a[0] === 'object' && a[0] !== null ? (a[0] as { host?: string }).host : a[1]));
    return { hosts, stdout: r.stdout, code: r.code };
  }

  it('by default only on 127.0.0.1 and ::1', async () => {
    const { hosts, stdout, code } = await forward([':80']);
    expect(stdout).toMatch(/^Forwarding from 127\.0\.0\.1:\d+ -> 80\n/);
    expect(code).toBe(0);
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(['127.0.0.1', '::1']).toContain(h);
  });

  it('with --address 127.0.0.1 only there; never on all interfaces', async () => {
    const { hosts, code } = await forward(['--address', '127.0.0.1', ':80']);
    expect(code).toBe(0);
    expect(hosts).toEqual(['127.0.0.1']);
    for (const bad of [['--address', ''], ['--address', 'example.com'], ['--address', '127.0.0.1;0.0.0.0']]) {
      const r = await forward([...bad, ':80']);
      expect(r.code).toBe(1);
      expect(r.hosts).toEqual([]);
    }
  });
});

describe('isolation: terminal control characters from the cluster are printed escaped', () => {
  it('names, labels, annotations, images and commands with ESC/CR never reach the terminal raw', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\rX';
    // Fields the API accepts with control characters: annotations, images, command, env values.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ctl', labels: { app: 'ctl' }, annotations: { note: evil } },
      spec: { containers: [{ name: 'c', image: `busybox${evil}`, command: ['sh', '-c', `echo ${evil}`], env: [{ name: 'E', value: evil }] }] },
    };
    const applied = await runInProcess(['apply', '-f', '-'], { home, stdin: JSON.stringify(pod) });
    expect(applied.code, applied.stderr).toBe(0);
    // Names and labels cannot pass validation: put them in the state file as another tool might.
    const statePath = join(home, 'clusters', 'kubesim.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { objects: Record<string, Record<string, { metadata: { name: string; labels?: Record<string, string> } }>> };
    const svc = Object.values(state.objects.Service).find((s) => s.metadata.name === 'web')!;
    svc.metadata.labels = { ...svc.metadata.labels, [`k${evil}`]: `v${evil}` };
    const hostilePod = structuredClone(state.objects.Pod['default/ctl']);
    hostilePod.metadata.name = `ctl${evil}`;
    hostilePod.metadata.labels = { app: `x${evil}` };
    state.objects.Pod[`default/ctl${evil}`] = hostilePod;
    writeFileSync(statePath, JSON.stringify(state));
    const views = [
      ['get', 'pods'], ['get', 'pods', '-o', 'wide', '--show-labels'], ['get', 'pods', '-L', 'app'], ['get', 'svc', '--show-labels'], ['get', 'all'],
      ['describe', 'pods'], ['describe', 'pod', 'ctl'], ['describe', 'svc', 'web'], ['get', 'pods', '-o', 'yaml'], ['get', 'pods', '-o', 'json'], ['get', 'pods', '-o', 'custom-columns=N:.metadata.name,I:.spec.containers[0].image'],
      ['get', 'events'],
    ];
    for (const argv of views) {
      const r = await runInProcess(argv, { home });
      const out = r.stdout + r.stderr;
      expect(out, argv.join(' ')).not.toMatch(/[\u001b\r]/);
    }
  });
});

describe('isolation: cluster and context names cannot leave KUBESIM_HOME', () => {
  it('refuses ../, absolute paths and slashes in every place a name becomes a path', async () => {
    const h = tempHome();
    try {
      const outside = resolve(h, '..');
      const bad = ['../x', '../../tmp/kubesim-escape', '/abs', `/${outside}/abs2`, 'a/b', '..', '.', '', 'A', 'x\u0000y', '-x', `x${'a'.repeat(70)}`];
      for (const name of bad) {
        for (const argv of [['cluster', 'create', name], ['config', 'use-context', name], ['config', 'set-context', 'ctx', `--cluster=${name}`], ['config', 'set-context', name, '--cluster=kubesim'], ['cluster', 'use', name], ['cluster', 'delete', name], ['cluster', 'info', name]]) {
          const r = await runInProcess(argv, { home: h });
          const context = `${argv.join(' ')} → ${r.code} ${r.stderr}`;
          expect(problemsOf(r), context).toEqual([]);
          if (argv[0] === 'cluster' && argv[1] === 'create') expect(r.code, context).toBe(1);
        }
      }
      for (const p of ['x.json', 'tmp/kubesim-escape.json', 'abs.json', 'abs2.json', 'b.json']) expect(existsSync(join(outside, p))).toBe(false);
      expect(existsSync('/abs.json')).toBe(false);
      // A preferences file edited by hand to point outside: the command fails, nothing is created.
      writeFileSync(join(h, 'config.json'), JSON.stringify({ currentContext: 'evil', contexts: { evil: { cluster: '../../escape' } } }));
      for (const argv of [['get', 'pods'], ['apply', '-f', '-'], ['cluster', 'info']]) {
        const r = await runInProcess(argv, { home: h, stdin: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n' });
        expect(r.code, r.stderr).toBe(1);
        expect(problemsOf(r)).toEqual([]);
      }
      expect(existsSync(resolve(h, '../../escape.json'))).toBe(false);
      expect(existsSync(resolve(h, 'clusters/../../escape.json'))).toBe(false);
    } finally {
      removeHome(h);
    }
  });
});
