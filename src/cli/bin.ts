/**
 * The executable's entry point (bundled to dist/main.js): run kubesim on this process's argv.
 */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: internal error in kubesim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
