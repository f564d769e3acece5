// Compiles the bundle, runs a few typical commands in this process so V8 compiles the functions
// they use, and writes the code cache beside the bundle (see scripts/build.mjs).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

async function warm() {
  const file = process.argv[2];
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), { filename: file, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  globalThis.__kubesimNoAutorun = true;
  script.runInThisContext().call(m.exports, m.exports, (id) => m.require(id), m, file, path.dirname(file));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-warm-'));
  const fixtures = path.join(__dirname, '..', 'fixtures', 'seed');
  const sink = { write: () => undefined, isTTY: false };
  const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_SEED: '1', NO_COLOR: '1' };
  const commands = [
    ['get', 'svc'],
    ['apply', '-f', path.join(fixtures, 'frontend-deploy.yaml'), '-f', path.join(fixtures, 'frontend-svc.yaml'), '-f', path.join(fixtures, 'client-pod.yaml')],
    ['get', 'pods', '-o', 'wide'],
    ['get', 'svc,ep', 'frontend-svc'],
    ['get', 'svc', 'frontend-svc', '-o', 'yaml'],
    ['describe', 'svc', 'frontend-svc'],
    ['create', 'service', 'clusterip', 'x', '--tcp=80:5000', '--dry-run=client', '-o', 'yaml'],
    ['exec', 'client-app', '--', 'curl', '-s', 'frontend-svc:80'],
  ];
  try {
    for (const argv of commands) await m.exports.main(argv, { env, stdout: sink, stderr: sink, hints: true });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const tmp = `${file}.cache.${process.pid}.tmp`;
  fs.writeFileSync(tmp, script.createCachedData());
  fs.renameSync(tmp, `${file}.cache`);
}

warm().then(
  () => process.exit(0),
  (err) => {
    console.error(`warning: code cache warm-up failed: ${err && err.message}`);
    process.exit(1);
  },
);
