/**
 * `kubesim delete`: by names, `-f`, `-l` or `--all`; cascading like the garbage collector;
 * kubectl's lines (`service "x" deleted`), its NotFound handling and "No resources found" on stdout.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { deleteObject, type PropagationPolicy } from '../../apiserver/objects.js';
import { ApiError, notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedKind, qualifiedResource, resourceForKind, type KObject, type ResourceInfo } from '../../api/resources.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';
import { dryRunSuffix, holdStdout, parseDryRun, parseResourceArgs } from './common.js';
import { loadManifests } from '../../manifest/load.js';
import { nameOf } from '../../printers/output.js';
import { reportErrors } from './report.js';

interface DeleteOptions {
  namespace?: string;
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  ignoreNotFound?: boolean;
  cascade?: string;
  gracePeriod?: number;
  force?: boolean;
  output?: string;
  dryRun?: string | boolean;
}

interface Target {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  /** The -f source, for `error when deleting "<file>"`. */
  source?: string;
}

function propagationOf(cascade: string | undefined): PropagationPolicy {
  switch ((cascade ?? 'background').toLowerCase()) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      throw new KubesimError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  }
}

export async function runDelete(rt: Runtime, args: string[], opts: DeleteOptions): Promise<number> {
  const namespace = currentNamespace(rt, opts.namespace);
  const dryRun = parseDryRun(opts.dryRun);
  const propagation = propagationOf(opts.cascade);
  const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
  const errors: KubesimError[] = [];
  const explicit: Target[] = [];
  let listTypes: ResourceInfo[] = [];

  if (opts.filename?.length) {
    if (args.length > 0) throw new KubesimError(`Unexpected args: [${args.join(' ')}]\nSee 'kubesim delete -h' for help and examples`);
    for (const item of loadManifests(opts.filename, { recursive: opts.recursive === true, readStdin: rt.readStdin })) {
      if ('error' in item) {
        errors.push(item.error);
        continue;
      }
      const o = item.doc.object as unknown as KObject;
      const r = resourceForKind(String(o.kind));
      if (!r || !o.metadata?.name) continue;
      explicit.push({ resource: r, namespace: r.namespaced ? o.metadata.namespace || namespace : undefined, name: o.metadata.name, source: item.doc.source });
    }
  } else {
    if (args.length === 0) {
      throw new KubesimError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    }
    const parsed = parseResourceArgs(args);
    if (parsed.named) {
      if (opts.all) throw new KubesimError('--all and a resource name cannot be given together');
      for (const q of parsed.requests) explicit.push({ resource: q.resource, namespace: q.resource.namespaced ? namespace : undefined, name: q.name! });
    } else {
      if (!opts.all && !selector) throw new KubesimError('resource(s) were provided, but no name was specified');
      listTypes = parsed.requests.map((q) => q.resource);
    }
  }

  let deleted = 0;
  // "deleted" lines wait for the write: a failed write must not follow them.
  const out = holdStdout(rt);
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none' }, (cluster) => {
    const targets = [...explicit];
    for (const r of listTypes) {
      for (const o of cluster.list(r.kind, r.namespaced && !opts.allNamespaces ? namespace : undefined)) {
        if (!selector || selectorMatches(selector, o.metadata.labels)) targets.push({ resource: r, namespace: o.metadata.namespace, name: o.metadata.name });
      }
    }
    for (const t of targets) {
      try {
        const obj = deleteObject(cluster, t.resource.kind, t.namespace, t.name, { dryRun: dryRun !== 'none', propagation });
        deleted++;
        if (opts.output === 'name') out.rt.stdout.write(`${nameOf(obj)}\n`);
        else out.rt.stdout.write(`${qualifiedKind(t.resource)} "${t.name}" ${opts.force && opts.gracePeriod === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dryRun)}\n`);
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'NotFound') {
          if (opts.ignoreNotFound) continue;
          const e = notFoundError(qualifiedResource(t.resource), t.name);
          if (t.source) e.withSource('deleting', t.source);
          errors.push(e);
          continue;
        }
        if (err instanceof KubesimError) errors.push(err);
        else throw err;
      }
    }
  });
  out.flush();
  if (deleted === 0 && errors.length === 0 && listTypes.length > 0) rt.stdout.write('No resources found\n');
  if (opts.force && opts.gracePeriod === 0) rt.stderr.write('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  return reportErrors(rt, errors);
}
