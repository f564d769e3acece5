// Builds kubesim's CommonJS bundles and V8 code caches, which bin/kubesim loads:
//   dist/verbs/VERB.js   one per top-level verb (get, apply, …): the CLI with only that verb's code
//   dist/kubesim.js      the whole CLI: help, completion, and anything that names no known verb
// and beside each, FILE.cache: V8's code cache, warmed by running the verb's commands (verbs.cjs).
//
// Why: start-up is most of a kubesim command. Measured on Node 20 (CPU ms, median of 15):
// `node -e 0` 69, an ESM bundle 130, a CommonJS bundle 120, the CommonJS bundle compiled from
// V8's code cache 80. Node 20 has no built-in compile cache (module.enableCompileCache is 22+).
// Reading and deserializing the whole CLI's 1.1 MB bundle and cache then still cost 10 ms of a
// 24 ms Node start; `get` alone is a quarter of it.
//
// Every file is replaced atomically, and a cache is used only with the bundle it was made from
// (it starts with the bundle's build id), so a CLI started during a rebuild never runs torn code.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const { SETUP, VERBS } = createRequire(import.meta.url)('./verbs.cjs');

/**
 * commander requires node:child_process at load time, for executable subcommands kubesim never
 * uses; loading that built-in costs ~3 ms of every start. Inside commander it becomes a proxy that
 * loads the real module on first use. (kubesim's own code never imports child_process.)
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes('/node_modules/commander/') ? { path: 'lazy-child-process', namespace: 'kubesim' } : undefined));
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'kubesim' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });",
      loader: 'js',
    }));
  },
};

/**
 * In VERB's bundle, main.ts's imports of other verbs' command modules become a module that throws.
 * main() declares only the verb on the command line, so no other verb's action can run there.
 */
const onlyVerb = (verb) => ({
  name: 'only-verb',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      if (!args.importer.endsWith('/src/cli/main.ts')) return undefined;
      const name = args.path.slice('./commands/'.length, -'.js'.length);
      return name === verb || name.startsWith(`${verb}-`) ? undefined : { path: name, namespace: 'other-verb' };
    });
    b.onLoad({ filter: /.*/, namespace: 'other-verb' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`the ${verb} bundle has no ${args.path} command (scripts/build.mjs)`)});`,
      loader: 'js',
    }));
  },
});

/** One bundle: minified CommonJS, pure ASCII (bin/kubesim reads it as latin1), led by its build id. */
async function bundle(verb) {
  const result = await build({
    entryPoints: ['src/cli/bin.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    // CommonJS has no import.meta; the bundle knows its own URL from __filename, worked out on
    // first use (node:url's pathToFileURL is half a millisecond of every start otherwise).
    define: { 'import.meta.url': '__kubesimMeta.url' },
    banner: { js: "const __kubesimMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
    plugins: verb ? [lazyChildProcess, onlyVerb(verb)] : [lazyChildProcess],
  });
  const text = result.outputFiles[0].contents;
  const nonAscii = text.findIndex((b) => b > 0x7f);
  if (nonAscii >= 0) {
    const at = Buffer.from(text).toString('utf8', Math.max(0, nonAscii - 60), nonAscii + 20);
    throw new Error(`the bundle must be ASCII (write \\uXXXX escapes in regular expressions); found a non-ASCII byte near: ${at}`);
  }
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return Buffer.concat([Buffer.from(`//${id}\n`), text]);
}

const atomicWrite = (path, data) => {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
};

const verbs = Object.keys(VERBS);
const bundles = await Promise.all([bundle(undefined), ...verbs.map(bundle)]);
mkdirSync(join(dist, 'verbs'), { recursive: true });
// dist/ holds CommonJS (the package is "type": "module"); workers load the bundles directly.
atomicWrite(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
const files = [join(dist, 'kubesim.js'), ...verbs.map((v) => join(dist, 'verbs', `${v}.js`))];
files.forEach((file, i) => atomicWrite(file, bundles[i]));

// The cluster the warm-up commands run in (each bundle gets a copy): SETUP applied by the new CLI.
const home = mkdtempSync(join(tmpdir(), 'kubesim-warm-'));
const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_SEED: '1', NO_COLOR: '1', KUBESIM_NO_HINTS: '1' };
const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const kubesim = new URL('../bin/kubesim', import.meta.url).pathname;
for (const args of SETUP) spawnSync(process.execPath, [kubesim, ...args], { cwd: fixtures, env, stdio: 'ignore' });
// Warm the caches in two processes, one per core, each taking every other bundle.
const warmer = new URL('./warm-code-cache.cjs', import.meta.url).pathname;
const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
const warmed = await Promise.all(
  halves.map((half) => new Promise((resolve) => spawn(process.execPath, [warmer, home, ...half], { cwd: fixtures, env, stdio: ['ignore', 'ignore', 'inherit'] }).on('close', resolve))),
);
rmSync(home, { recursive: true, force: true });
if (warmed.some((status) => status !== 0)) console.warn('warning: some code caches were not written; kubesim works, but starts slower');

// Remove what an earlier build left that this one did not make.
const made = new Set(files.flatMap((f) => [f, `${f}.cache`]));
for (const dir of [dist, join(dist, 'verbs')]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && !made.has(path) && entry.name !== 'package.json' && !entry.name.endsWith('.tmp')) rmSync(path, { force: true });
  }
}
