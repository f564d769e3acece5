// node warm-code-cache.cjs HOME BUNDLE...: for each bundle, compiles it, runs its verb's commands
// (verbs.cjs) in this process in a copy of the cluster in HOME, so V8 compiles the functions they
// use, and writes the code cache beside the bundle, led by the bundle's build id (see build.mjs).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { VERBS, WHOLE } = require('./verbs.cjs');

/** Load a bundle without running it (bin.ts checks __kubesimNoAutorun); returns its script and exports. */
function load(file, source) {
  const script = new vm.Script(Module.wrap(source), { filename: file, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  globalThis.__kubesimNoAutorun = true;
  script.runInThisContext().call(m.exports, m.exports, (id) => m.require(id), m, file, path.dirname(file));
  return { script, main: m.exports.main };
}

async function warm(baseHome, file) {
  const source = fs.readFileSync(file, 'latin1');
  const id = source.slice(2, source.indexOf('\n'));
  const { script, main } = load(file, source);
  const verb = path.dirname(file).endsWith(`${path.sep}verbs`) ? path.basename(file, '.js') : undefined;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-warm-'));
  fs.cpSync(baseHome, home, { recursive: true });
  const sink = { write: () => undefined, isTTY: false };
  const env = { ...process.env, KUBESIM_HOME: home };
  try {
    for (const argv of verb ? VERBS[verb] : WHOLE) await main(argv, { env, stdout: sink, stderr: sink, hints: true });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const tmp = `${file}.cache.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
  fs.renameSync(tmp, `${file}.cache`);
}

(async () => {
  const [home, ...files] = process.argv.slice(2);
  for (const file of files) await warm(home, file);
})().then(
  () => process.exit(0),
  (err) => {
    console.error(`warning: code cache warm-up failed: ${err && err.message}`);
    process.exit(1);
  },
);
