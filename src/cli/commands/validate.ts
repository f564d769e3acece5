/**
 * `kubesim validate -f PATH… [-R] [-o text|json|junit|tap|sarif] [--summary]`: offline checks of a
 * set of manifests (src/validate/), no cluster read or written. Findings go to stdout in the chosen
 * format; the exit code is 1 when any finding is an error (warnings alone exit 0), and 1 with
 * kubectl's message when a path does not exist.
 *
 * Large sets are checked on several threads: the files are cut into contiguous shards, worker
 * threads (this same bundle, started with the hidden `--internal-shard` flag) check theirs while
 * the main thread checks the first, then the main thread runs the cross-object pass. Findings do
 * not depend on the split. `KUBESIM_VALIDATE_THREADS=1` turns this off.
 */
import os from 'node:os';
// Static: the bundle may run where dynamic import() is unavailable (a vm.Script with a code cache).
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { Runtime } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { expandPaths } from '../../validate/documents.js';
import { checkFiles, finishValidation, Sources, type FileOutcome } from '../../validate/validate.js';
import { totals, type ValidateResult } from '../../validate/findings.js';
import { renderText } from '../../validate/reporters/text.js';
import { renderJson } from '../../validate/reporters/json.js';
import { renderJunit } from '../../validate/reporters/junit.js';
import { renderTap } from '../../validate/reporters/tap.js';
import { renderSarif } from '../../validate/reporters/sarif.js';
import { reportErrors } from './report.js';

interface ValidateOptions {
  filename?: string[];
  recursive?: boolean;
  output?: string;
  summary?: boolean;
  namespace?: string;
  internalShard?: boolean;
}

const FORMATS = ['json', 'junit', 'sarif', 'tap', 'text'] as const;
type Format = (typeof FORMATS)[number];

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_MIN_FILES = 400;
const MAX_THREADS = 4;

interface ShardRequest {
  files: string[];
  base: number;
  defaultNamespace: string;
}

function parseFormat(v: string | undefined): Format {
  const f = (v ?? 'text').toLowerCase();
  if ((FORMATS as readonly string[]).includes(f)) return f as Format;
  throw new KubesimError(`unable to match a printer suitable for the output format "${v}", allowed formats are: ${FORMATS.join(',')}`);
}

/** The worker side: check the shard given in workerData and post the outcomes back. */
async function runShard(): Promise<number> {
  if (!parentPort) throw new KubesimError('--internal-shard is for kubesim\'s own worker threads');
  const req = workerData as ShardRequest;
  const outcomes = checkFiles(req.files, req.base, new Sources(() => ''), { readStdin: () => '', defaultNamespace: req.defaultNamespace });
  parentPort.postMessage(outcomes);
  return 0;
}

function threadCount(rt: Runtime, files: string[]): number {
  if (rt.env.KUBESIM_VALIDATE_THREADS !== undefined) {
    const n = Number(rt.env.KUBESIM_VALIDATE_THREADS);
    return Number.isInteger(n) && n >= 1 ? Math.min(n, 16) : 1;
  }
  if (files.length < PARALLEL_MIN_FILES || files.includes('-')) return 1;
  // Workers run this same bundle; from the TypeScript sources (tests) there is no bundle to run.
  if (!import.meta.url.endsWith('.js')) return 1;
  return Math.max(1, Math.min(MAX_THREADS, os.availableParallelism()));
}

/** Check the files, spreading them over `threads` threads (the main thread takes the first shard). */
async function checkAll(files: string[], threads: number, sources: Sources, defaultNamespace: string, readStdin: () => string): Promise<FileOutcome[]> {
  if (threads <= 1 || files.includes('-') || !import.meta.url.endsWith('.js')) return checkFiles(files, 0, sources, { readStdin, defaultNamespace });
  const size = Math.ceil(files.length / threads);
  const shards: ShardRequest[] = [];
  for (let i = 0; i < files.length; i += size) shards.push({ files: files.slice(i, i + size), base: i, defaultNamespace });
  const pending = shards.slice(1).map(
    (shard) =>
      new Promise<FileOutcome[]>((resolve) => {
        let done = false;
        const fallback = () => {
          if (!done) {
            done = true;
            resolve(checkFiles(shard.files, shard.base, sources, { readStdin, defaultNamespace }));
          }
        };
        try {
          const w = new Worker(new URL(import.meta.url), { argv: ['validate', '--internal-shard'], workerData: shard, stdout: true, stderr: true });
          w.once('message', (m: FileOutcome[]) => {
            done = true;
            resolve(m);
          });
          w.once('error', fallback);
          w.once('exit', fallback);
        } catch {
          fallback();
        }
      }),
  );
  const first = checkFiles(shards[0].files, 0, sources, { readStdin, defaultNamespace });
  const rest = await Promise.all(pending);
  return [first, ...rest].flat();
}

function render(format: Format, r: ValidateResult, summary: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(r);
    case 'junit':
      return renderJunit(r);
    case 'tap':
      return renderTap(r, { summary });
    case 'sarif':
      return renderSarif(r, { cwd: process.cwd() });
    default:
      return renderText(r, { summary });
  }
}

export async function runValidate(rt: Runtime, _args: string[], opts: ValidateOptions): Promise<number> {
  if (opts.internalShard) return runShard();
  const format = parseFormat(opts.output);
  const paths = opts.filename ?? [];
  if (paths.length === 0) throw new KubesimError('must specify -f', { hint: 'name the manifests to check, e.g. `kubesim validate -f k8s/ -R`' });
  const expanded = expandPaths(paths, opts.recursive === true);
  if ('errors' in expanded) return reportErrors(rt, expanded.errors);
  const defaultNamespace = opts.namespace || 'default';
  const sources = new Sources(rt.readStdin);
  const outcomes = await checkAll(expanded.files, threadCount(rt, expanded.files), sources, defaultNamespace, rt.readStdin);
  const result = finishValidation(expanded.files, outcomes, sources);
  if (result.objects.length === 0 && result.findings.length === 0) throw new KubesimError('no objects passed to validate');
  rt.stdout.write(render(format, result, opts.summary === true));
  return totals(result).errors > 0 ? 1 : 0;
}
