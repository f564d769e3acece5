/**
 * `kubesim label`: add, change (`--overwrite`) and remove (`key-`) labels, with kubectl's
 * lines (`labeled`, `not labeled`, `unlabeled`) and errors.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { updateObject } from '../../apiserver/objects.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedResource, type KObject } from '../../api/resources.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';
import { dryRunSuffix, holdStdout, parseDryRun, parseResourceArgs } from './common.js';
import { nameOf, parseOutputFormat, printObjects } from '../../printers/output.js';
import { reportErrors } from './report.js';

interface LabelOptions {
  namespace?: string;
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  list?: boolean;
  output?: string;
  dryRun?: string | boolean;
}

interface LabelChanges {
  set: [string, string][];
  remove: string[];
}

function parseLabelArgs(items: string[]): LabelChanges {
  const set: [string, string][] = [];
  const remove: string[] = [];
  for (const item of items) {
    if (item.endsWith('-') && !item.includes('=')) remove.push(item.slice(0, -1));
    else {
      const eq = item.indexOf('=');
      if (eq <= 0) throw new KubesimError(`invalid label spec: ${item}`);
      set.push([item.slice(0, eq), item.slice(eq + 1)]);
    }
  }
  for (const [k] of set) if (remove.includes(k)) throw new KubesimError('can not both modify and remove a label in the same command');
  return { set, remove };
}

export async function runLabel(rt: Runtime, args: string[], opts: LabelOptions): Promise<number> {
  const namespace = currentNamespace(rt, opts.namespace);
  const dryRun = parseDryRun(opts.dryRun);
  const format = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
  // Resource args come first; label changes are the args containing '=' or ending in '-'.
  const firstLabel = args.findIndex((a, i) => i > 0 && (a.includes('=') || (a.endsWith('-') && !a.includes('/'))));
  const resourceArgs = firstLabel < 0 ? args : args.slice(0, firstLabel);
  const labelArgs = firstLabel < 0 ? [] : args.slice(firstLabel);
  if (resourceArgs.length === 0) throw new KubesimError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (labelArgs.length === 0 && !opts.list) throw new KubesimError('at least one label update is required');
  const changes = parseLabelArgs(labelArgs);
  const parsed = parseResourceArgs(resourceArgs);
  if (!parsed.named && !opts.all && !selector) throw new KubesimError('resource(s) were provided, but no name was specified');

  const errors: KubesimError[] = [];
  // "labeled" lines (and the others, to keep their order) wait for the write: a failed write
  // must not follow them.
  const out = holdStdout(rt);
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none' }, (cluster) => {
    const targets: KObject[] = [];
    for (const q of parsed.requests) {
      const ns = q.resource.namespaced ? namespace : undefined;
      if (q.name !== undefined) {
        const o = cluster.get(q.resource.kind, ns, q.name);
        if (o) targets.push(o);
        else errors.push(notFoundError(qualifiedResource(q.resource), q.name));
      } else {
        for (const o of cluster.list(q.resource.kind, opts.allNamespaces ? undefined : ns)) if (!selector || selectorMatches(selector, o.metadata.labels)) targets.push(o);
      }
    }
    for (const obj of targets) {
      if (opts.list) {
        for (const k of Object.keys(obj.metadata.labels ?? {}).sort()) out.rt.stdout.write(`${k}=${obj.metadata.labels![k]}\n`);
        continue;
      }
      const labels = { ...(obj.metadata.labels ?? {}) };
      let failed = false;
      for (const [k, v] of changes.set) {
        if (Object.hasOwn(labels, k) && labels[k] !== v && !opts.overwrite) {
          errors.push(new KubesimError(`'${k}' already has a value (${labels[k]}), and --overwrite is false`));
          failed = true;
        }
        labels[k] = v;
      }
      if (failed) continue;
      for (const k of changes.remove) {
        if (!Object.hasOwn(labels, k)) out.rt.stdout.write(`label "${k}" not found.\n`);
        delete labels[k];
      }
      const before = JSON.stringify(obj.metadata.labels ?? {});
      const after = JSON.stringify(labels);
      const next = structuredClone(obj);
      next.metadata.labels = labels;
      if (Object.keys(labels).length === 0) delete next.metadata.labels;
      const result = before === after || dryRun === 'client' ? next : updateObject(cluster, next, { dryRun: dryRun === 'server' });
      const verb = before === after ? 'not labeled' : changes.set.length === 0 ? 'unlabeled' : 'labeled';
      if (format) printObjects(out.rt, format, [result], { single: true });
      else out.rt.stdout.write(`${nameOf(result)} ${verb}${dryRunSuffix(dryRun)}\n`);
    }
  });
  out.flush();
  return reportErrors(rt, errors);
}
