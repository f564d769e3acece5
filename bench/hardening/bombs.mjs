// Resource bombs (issue 7): each hostile manifest must end with a clear error (exit 1, no stack
// trace) in < 10 s and < 512 MB RSS, measured in a child process (process.resourceUsage().maxRSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const WRAPPER = join(ROOT, 'bench/hardening/rss-wrapper.mjs');

/** The bombs at full size (`mb` scales the big manifest; the test uses a smaller one). */
export function bombFiles(dir, mb = 100) {
  const files = {};
  const put = (name, data) => {
    writeFileSync(join(dir, name), data);
    files[name] = join(dir, name);
  };
  const laughs = ['apiVersion: v1', 'kind: Service', 'metadata: {name: lol}', 'spec:', '  a0: &a0 ["lol", "lol"]'];
  for (let i = 1; i < 10; i++) laughs.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
  put('billion-laughs.yaml', laughs.join('\n') + '\n');
  const header = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  annotations:\n';
  const line = (i) => `    k${i}: "${'v'.repeat(980)}"\n`;
  const parts = [header];
  for (let i = 0, size = 0; size < mb * 1024 * 1024; i++) {
    const l = line(i);
    parts.push(l);
    size += l.length;
  }
  put(`manifest-${mb}mb.yaml`, parts.join(''));
  put(`manifest-${mb}mb.json`, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big', annotations: Object.fromEntries(Array.from({ length: Math.ceil((mb * 1024 * 1024) / 1000) }, (_, i) => [`k${i}`, 'v'.repeat(980)])) } }));
  const n = 10_000;
  put('nested-10000.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: deep}\nspec: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`);
  put('nested-10000-seq.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: deep}\nspec: ${'['.repeat(n)}${']'.repeat(n)}\n`);
  put('nested-10000.json', `{"apiVersion":"v1","kind":"Service","metadata":{"name":"deep"},"spec":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}\n`);
  put('binary.yaml', randomBytes(1 << 20));
  put('binary-elf.json', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0'), randomBytes(1 << 20)]));
  put('line-10mb.yaml', `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  annotations:\n    a: "${'x'.repeat(10 << 20)}"\n`);
  put('line-10mb-plain.yaml', `${'x'.repeat(10 << 20)}\n`);
  put('line-10mb-block.yaml', `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  annotations:\n    a: |\n      ${'y'.repeat(10 << 20)}\n`);
  return files;
}

/** Run the CLI on one file in a child process; peak RSS and time as the child saw them. */
export function runBomb(args, home) {
  const rssFile = join(home, `rss-${process.pid}-${Date.now()}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [WRAPPER, ...args], {
    env: { PATH: process.env.PATH, HOME: home, KUBESIM_HOME: home, KUBESIM_SEED: '1', KUBESIM_NOW: '2026-11-26T05:00:00Z', NO_COLOR: '1', KUBESIM_RSS_FILE: rssFile },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  const wall = performance.now() - t0;
  let usage = { maxRssKB: NaN };
  try {
    usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  } catch {
    /* killed */
  }
  return { code: r.status ?? -1, signal: r.signal, stdout: r.stdout, stderr: r.stderr, rssMB: usage.maxRssKB / 1024, seconds: wall / 1000 };
}

export async function runBombs() {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bombs-'));
  const home = mkdtempSync(join(tmpdir(), 'kubesim-bombs-home-'));
  let ok = true;
  try {
    const files = bombFiles(dir, 100);
    console.log('bombs: each must exit 1 with a clear error, < 512 MB RSS, < 10 s');
    console.log(`  ${'file'.padEnd(26)} ${'verb'.padEnd(9)} ${'exit'.padStart(4)} ${'RSS MB'.padStart(7)} ${'time s'.padStart(7)}  first line of stderr`);
    for (const [name, path] of Object.entries(files)) {
      for (const verb of ['apply', 'create', 'validate']) {
        const r = runBomb([verb, '-f', path], home);
        // validate reports its findings on stdout; the others on stderr.
        const said = r.stderr.trim() || r.stdout.trim();
        const clear = r.code === 1 && !/^\s+at |TypeError|RangeError|internal error/m.test(r.stderr + r.stdout) && said.length > 0;
        const good = clear && r.rssMB < 512 && r.seconds < 10;
        ok &&= good;
        const first = (said.split('\n')[0] ?? '').replaceAll(dir + '/', '').slice(0, 90);
        console.log(`  ${name.padEnd(26)} ${verb.padEnd(9)} ${String(r.code).padStart(4)} ${r.rssMB.toFixed(0).padStart(7)} ${r.seconds.toFixed(2).padStart(7)}  ${good ? '' : 'FAIL '}${first}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`bombs: ${ok ? 'all bounded' : 'SOME FAILED'}`);
  return ok;
}
