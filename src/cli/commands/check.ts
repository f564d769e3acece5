/**
 * `kubesim check -f MANIFESTS… --checks CHECKS.yaml [-o text|json|junit|tap] [--cluster NAME]`
 * (kubesim only): apply the manifests to a cluster in memory, run the CHECKS file's assertions
 * (src/check/), print a test report on stdout, exit 1 when anything failed.
 *
 * The cluster is a throwaway one built in memory (the default 3-node shape, seed from the CHECKS
 * file's `cluster.seed`, else KUBESIM_SEED, else 1), or with `--cluster NAME` an in-memory copy of
 * that existing cluster. Nothing is ever written: no state file is created or changed, whatever
 * the checks find. Exit codes: 0 all passed; 1 a check or the apply failed, or the CHECKS file or
 * the command line is invalid (then a message on stderr and no report).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Runtime } from '../runtime.js';
import { KubesimError, rawError } from '../../errors.js';
import { hasObjects, loadManifests } from '../../manifest/load.js';
import { checkClusterName, clusterStatePath } from '../../store/paths.js';
import { readStateFile } from '../../store/state-file.js';
import { formatProblems, parseChecks } from '../../check/format.js';
import { applyManifests, copiedCluster, throwawayCluster } from '../../check/setup.js';
import { applyCase, runChecks, summarize } from '../../check/runner.js';
import { CHECK_FORMATS, clusterText, renderReport, type CheckFormat } from '../../check/reporters.js';
import { reportErrors } from './report.js';
import { hintForError } from '../../hints/error-hints.js';

interface CheckOptions {
  filename?: string[];
  recursive?: boolean;
  checks?: string;
  output?: string;
  cluster?: string;
  namespace?: string;
}

function parseFormat(v: string | undefined): CheckFormat {
  const f = (v ?? 'text').toLowerCase();
  if ((CHECK_FORMATS as readonly string[]).includes(f)) return f as CheckFormat;
  throw new KubesimError(`unable to match a printer suitable for the output format "${v}", allowed formats are: ${CHECK_FORMATS.join(',')}`);
}

function readChecksFile(rt: Runtime, path: string): { text: string; name: string } {
  if (path === '-') return { text: rt.readStdin(), name: 'STDIN' };
  try {
    if (statSync(path).isDirectory()) throw new KubesimError(`--checks ${JSON.stringify(path)} is a directory; give the checks file`);
    return { text: readFileSync(path, 'utf8'), name: path };
  } catch (err) {
    if (err instanceof KubesimError) throw err;
    throw new KubesimError(`the path "${path}" does not exist`, { hint: '--checks names the YAML file of checks (see the README section "CI checks with `kubesim check`")' });
  }
}

export async function runCheck(rt: Runtime, _args: string[], opts: CheckOptions): Promise<number> {
  const format = parseFormat(opts.output);
  if (!opts.checks) throw new KubesimError('required flag(s) "checks" not set', { hint: 'kubesim check -f MANIFESTS --checks CHECKS.yaml' });
  const files = opts.filename ?? [];
  if (files.length === 0 && !opts.cluster) throw new KubesimError('must specify -f with the manifests to check (or --cluster NAME to check an existing cluster as it is)');
  if (opts.cluster !== undefined) checkClusterName(opts.cluster);
  if (files.includes('-') && opts.checks === '-') throw new KubesimError('-f - and --checks - cannot both read stdin');

  const source = readChecksFile(rt, opts.checks);
  const parsed = parseChecks(source.text, source.name);
  if ('problems' in parsed) throw rawError(formatProblems(parsed.problems));
  const suite = parsed.suite;

  const items = files.length ? loadManifests(files, { recursive: opts.recursive === true, readStdin: rt.readStdin }) : [];
  if (files.length && !hasObjects(items)) {
    const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
    if (errors.length) return reportErrors(rt, errors);
    throw new KubesimError('no objects passed to check');
  }

  let setup;
  if (opts.cluster) {
    const path = clusterStatePath(rt.home, opts.cluster);
    const state = readStateFile(path);
    if (!state) throw new KubesimError(`cluster "${opts.cluster}" does not exist`, { hint: `create it with \`kubesim cluster create ${opts.cluster}\`, or leave out --cluster to check in a throwaway cluster` });
    setup = copiedCluster(state, rt.clock);
    if (suite.cluster) rt.stderr.write(`Warning: ${suite.file}:${suite.cluster.at.line}:${suite.cluster.at.col}: the cluster: section shapes only the throwaway cluster; --cluster ${opts.cluster} is used as it is\n`);
  } else {
    setup = throwawayCluster(suite.cluster, rt.env.KUBESIM_SEED, rt.clock);
  }
  const { cluster, info } = setup;
  const namespace = opts.namespace ?? 'default';
  const applied = applyManifests(cluster, items, namespace);
  for (const w of applied.warnings) rt.stderr.write(w + '\n');

  const cases = [applyCase(applied.applied.length, applied.files, applied.errors, clusterText(info), hintForError), ...runChecks(cluster, suite.checks, namespace)];
  if (!rt.hints) for (const c of cases) c.hints = [];
  const report = summarize(suite.file, info, cases);
  rt.stdout.write(renderReport(report, format));
  return report.failed > 0 ? 1 : 0;
}
