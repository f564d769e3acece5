// Run the built kubesim CLI (bin/kubesim) in this process and, on exit, write its peak memory
// (maxRSS, KB) and wall time to the file named by KUBESIM_RSS_FILE. Used by the resource-bomb
// test and soak:  node rss-wrapper.mjs ARGS…
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = process.env.KUBESIM_RSS_FILE;
const started = performance.now();
process.on('exit', (code) => {
  if (out) writeFileSync(out, JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS, ms: Math.round(performance.now() - started), code }));
});
// bin/kubesim is what users run (whatever form the build takes); it reads process.argv.slice(2).
createRequire(import.meta.url)('../../bin/kubesim');
