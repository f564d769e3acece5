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
 *
 * On a terminal, long runs show a progress bar on stderr (src/cli/progress.ts), drawn by the main
 * thread only: workers count the files they finished in a shared array that the bar reads.
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
import { startProgress, type Progress } from '../progress.js';

interface ValidateOptions {
  filename?: string[];
  recursive?: boolean;
  output?: string;
  summary?: boolean;
  namespace?: string;
  internalShard?: boolean;
  /** false with `--no-progress` */
  progress?: boolean;
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
  /** When a bar is shown: the worker adds 1 to `counts[slot]` (an Int32Array over it) per file. */
  progress?: { counts: SharedArrayBuffer; slot: number };
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
  const counts = req.progress ? new Int32Array(req.progress.counts) : undefined;
  const slot = req.progress?.slot ?? 0;
  const onFile = counts ? () => void Atomics.add(counts, slot, 1) : undefined;
  const outcomes = checkFiles(req.files, req.base, new Sources(() => ''), { readStdin: () => '', defaultNamespace: req.defaultNamespace, onFile });
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
async function checkAll(files: string[], threads: number, sources: Sources, defaultNamespace: string, readStdin: () => string, progress: Progress): Promise<FileOutcome[]> {
  const onFile = progress.enabled ? () => progress.tick() : undefined;
  if (threads <= 1 || files.includes('-') || !import.meta.url.endsWith('.js')) return checkFiles(files, 0, sources, { readStdin, defaultNamespace, onFile });
  const size = Math.ceil(files.length / threads);
  const shards: ShardRequest[] = [];
  for (let i = 0; i < files.length; i += size) shards.push({ files: files.slice(i, i + size), base: i, defaultNamespace });
  // Slot i counts shard i's files when a worker checks it; the main thread ticks for its own.
  const counts = progress.enabled ? new Int32Array(new SharedArrayBuffer(4 * shards.length)) : undefined;
  if (counts) {
    shards.forEach((shard, slot) => (shard.progress = { counts: counts.buffer as SharedArrayBuffer, slot }));
    progress.alsoCount(() => {
      let n = 0;
      for (let i = 0; i < counts.length; i++) n += Atomics.load(counts, i);
      return n;
    });
  }
  const pending = shards.slice(1).map(
    (shard, i) =>
      new Promise<FileOutcome[]>((resolve) => {
        let done = false;
        const fallback = () => {
          if (!done) {
            done = true;
            // The worker's count is dropped: its files are counted again as they are checked here.
            if (counts) Atomics.store(counts, i + 1, 0);
            resolve(checkFiles(shard.files, shard.base, sources, { readStdin, defaultNamespace, onFile }));
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
  const first = checkFiles(shards[0].files, 0, sources, { readStdin, defaultNamespace, onFile });
  // This thread now only waits: the bar follows the workers' counts on a timer.
  progress.follow();
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
  const progress = startProgress(rt, { label: 'validate', total: expanded.files.length, flag: opts.progress });
  let result: ValidateResult;
  let report: string;
  try {
    const outcomes = await checkAll(expanded.files, threadCount(rt, expanded.files), sources, defaultNamespace, rt.readStdin, progress);
    progress.phase('cross-object checks');
    result = finishValidation(expanded.files, outcomes, sources);
    if (result.objects.length === 0 && result.findings.length === 0) throw new KubesimError('no objects passed to validate');
    report = render(format, result, opts.summary === true);
  } finally {
    progress.end();
  }
  rt.stdout.write(report);
  return totals(result).errors > 0 ? 1 : 0;
}
