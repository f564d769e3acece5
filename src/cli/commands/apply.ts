/**
 * `kubesim apply -f`: each document is applied on its own (created, configured or unchanged),
 * errors are collected and printed at the end, exit 1 if any — kubectl's partial-failure rules.
 * On a terminal, applying many documents shows a progress bar on stderr (src/cli/progress.ts).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { KubesimError } from '../../errors.js';
import { loadManifests } from '../../manifest/load.js';
import { parseValidateMode } from '../../apply/decode.js';
import { applyDocument } from '../../apply/apply-document.js';
import { dryRunSuffix, parseDryRun } from './common.js';
import { nameOf, parseOutputFormat, printObjects, type OutputFormat } from '../../printers/output.js';
import type { Cluster } from '../../store/cluster-state.js';
import { reportErrors } from './report.js';
import { serviceSelectorHint } from '../../hints/service-selector.js';
import { startProgress } from '../progress.js';

interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  namespace?: string;
  output?: string;
  dryRun?: string | boolean;
  validate?: string;
  serverSide?: boolean;
  /** false with `--no-progress` */
  progress?: boolean;
}

const MAX_SERVICE_HINTS = 5;

export async function runApply(rt: Runtime, _args: string[], opts: ApplyOptions): Promise<number> {
  const files = opts.filename ?? [];
  if (files.length === 0) throw new KubesimError('must specify one of -f and -k');
  const dryRun = parseDryRun(opts.dryRun);
  const mode = parseValidateMode(opts.validate);
  const format: OutputFormat | undefined = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const namespace = currentNamespace(rt, opts.namespace);
  const items = loadManifests(files, { recursive: opts.recursive === true, readStdin: rt.readStdin, validateSchema: mode !== 'ignore' });
  if (items.length === 0) throw new KubesimError('no objects passed to apply');

  const errors: KubesimError[] = [];
  const services: { namespace?: string; name: string }[] = [];
  let printed = 0;
  const progress = startProgress(rt, { label: 'apply', total: items.length, flag: opts.progress });
  // After the controllers ran: say so when an applied Service ends up with no ready endpoints.
  const after = (cluster: Cluster) => {
    progress.end();
    if (!rt.hints || dryRun !== 'none') return;
    let more = 0;
    for (const s of services) {
      const svc = cluster.get('Service', s.namespace, s.name);
      const hint = svc && serviceSelectorHint(cluster, svc);
      if (!hint) continue;
      // A few explain the pattern; a line per Service of a thousand-Service apply would bury it.
      if (more++ < MAX_SERVICE_HINTS) rt.stderr.write(`hint: ${hint}\n`);
    }
    if (more > MAX_SERVICE_HINTS) rt.stderr.write(`hint: ${more - MAX_SERVICE_HINTS} more applied Services have no ready endpoints; \`kubesim diagnose svc/NAME\` explains each\n`);
  };
  // Results are printed once the new state is written: a failed write (disk full, read-only) must
  // not be preceded by "created" lines for objects that were never stored.
  const held: string[] = [];
  const out: Runtime = { ...rt, stdout: { write: (t) => void held.push(t), isTTY: rt.stdout.isTTY } };
  // Warnings printed during the work erase the bar first.
  const warn = (w: string) => progress.stderr.write(w + '\n');
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none', after }, (cluster) => {
    for (const item of items) {
      progress.tick();
      if ('error' in item) {
        errors.push(item.error);
        continue;
      }
      try {
        const result = applyDocument(cluster, item.doc, { mode, dryRun, namespace, explicitNamespace: opts.namespace !== undefined, warn });
        if (result.obj.kind === 'Service') services.push({ namespace: result.obj.metadata.namespace, name: result.obj.metadata.name });
        if (format) {
          if (format.kind === 'yaml' && printed > 0) out.stdout.write('---\n');
          printObjects(out, format, [result.obj], { single: true });
        } else {
          out.stdout.write(`${nameOf(result.obj)} ${opts.serverSide ? 'serverside-applied' : result.operation}${dryRunSuffix(dryRun)}\n`);
        }
        printed++;
      } catch (err) {
        if (!(err instanceof KubesimError)) throw err;
        errors.push(err);
      }
    }
    // The controllers run next, then the state is written: the bar stays up until then.
    if (dryRun === 'none') progress.phase('reconciling');
  }).finally(() => progress.end());
  for (const t of held) rt.stdout.write(t);
  return reportErrors(rt, errors);
}
