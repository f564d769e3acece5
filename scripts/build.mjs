// Builds dist/kubesim.js (one minified CommonJS bundle) and dist/kubesim.js.cache (V8's code
// cache for it, warmed by running typical commands), which bin/kubesim loads.
//
// Why: start-up is most of a kubesim command. Measured on Node 20 (CPU ms, median of 15):
// `node -e 0` 69, an ESM bundle 130, a CommonJS bundle 120, the CommonJS bundle compiled from
// V8's code cache 80. Node 20 has no built-in compile cache (module.enableCompileCache is 22+).
// The file is replaced atomically, so a CLI started during a rebuild never sees a torn dist/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;

/**
 * commander requires node:child_process at load time, for executable subcommands kubesim never
 * uses; loading that built-in costs ~3 ms of every start. Inside commander it becomes a proxy that
 * loads the real module on first use. (kubesim's own code never imports child_process.)
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes('/node_modules/commander/') ? { path: 'lazy-child-process', namespace: 'kubesim' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'kubesim' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });",
      loader: 'js',
    }));
  },
};
const bundle = join(dist, 'kubesim.js');
const result = await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
  // CommonJS has no import.meta; the bundle knows its own URL from __filename.
  define: { 'import.meta.url': '__kubesimUrl' },
  banner: { js: "const __kubesimUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess],
});
// bin/kubesim reads the bundle as latin1 (a third faster than utf8): it must be pure ASCII.
const text = result.outputFiles[0].contents;
const nonAscii = text.findIndex((b) => b > 0x7f);
if (nonAscii >= 0) {
  const at = Buffer.from(text).toString('utf8', Math.max(0, nonAscii - 60), nonAscii + 20);
  throw new Error(`the bundle must be ASCII (write \\uXXXX escapes in regular expressions); found a non-ASCII byte near: ${at}`);
}
mkdirSync(dist, { recursive: true });
const atomicWrite = (path, data) => {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
};
// dist/ holds CommonJS (the package is "type": "module"); workers load the bundle directly.
atomicWrite(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
atomicWrite(bundle, result.outputFiles[0].contents);
rmSync(`${bundle}.cache`, { force: true });
const warm = spawnSync(process.execPath, [new URL('./warm-code-cache.cjs', import.meta.url).pathname, bundle], { stdio: ['ignore', 'ignore', 'inherit'] });
if (warm.status !== 0) console.warn('warning: the code cache was not written; kubesim works, but starts slower');
const keep = new Set(['kubesim.js', 'kubesim.js.cache', 'package.json']);
for (const name of readdirSync(dist)) if (!keep.has(name) && !name.endsWith('.tmp')) rmSync(join(dist, name), { force: true });
