// Bundles the CLI into dist/ with esbuild. Code splitting keeps start-up small: each
// command is a separate chunk loaded only when that command runs.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  banner: {
    // Some bundled CommonJS dependencies (cli-table3, proper-lockfile) call require().
    js: "import { createRequire as __ksCreateRequire } from 'node:module'; const require = __ksCreateRequire(import.meta.url);",
  },
});
