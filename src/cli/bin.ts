/**
 * The bundle's entry point (dist/kubesim.js): run kubesim on this process's argv. The build's
 * code-cache warm-up loads the bundle without running it (it sets __kubesimNoAutorun) and calls
 * `main` itself.
 */
import { main } from './main.js';

export { main };

if (!(globalThis as { __kubesimNoAutorun?: boolean }).__kubesimNoAutorun) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`error: internal error in kubesim: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
