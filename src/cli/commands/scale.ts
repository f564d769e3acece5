/**
 * `kubesim scale`: the `/scale` subresource of Deployments, ReplicaSets and StatefulSets.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { updateObject } from '../../apiserver/objects.js';
import { ApiError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedResource, resourceForKind, type KObject, type ResourceInfo } from '../../api/resources.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';
import { dryRunSuffix, holdStdout, parseDryRun, parseResourceArgs } from './common.js';
import { loadManifests } from '../../manifest/load.js';
import { nameOf, parseOutputFormat, printObjects } from '../../printers/output.js';
import { reportErrors } from './report.js';

interface ScaleOptions {
  namespace?: string;
  filename?: string[];
  replicas?: number;
  currentReplicas: number;
  selector?: string;
  all?: boolean;
  output?: string;
  dryRun?: string | boolean;
}

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

export async function runScale(rt: Runtime, args: string[], opts: ScaleOptions): Promise<number> {
  if (opts.replicas === undefined) throw new KubesimError('required flag(s) "replicas" not set');
  if (opts.replicas < 0) throw new KubesimError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const namespace = currentNamespace(rt, opts.namespace);
  const dryRun = parseDryRun(opts.dryRun);
  const format = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
  const named: { resource: ResourceInfo; name: string }[] = [];
  let listTypes: ResourceInfo[] = [];
  if (opts.filename?.length) {
    for (const item of loadManifests(opts.filename, { recursive: false, readStdin: rt.readStdin })) {
      if ('error' in item) throw item.error;
      const o = item.doc.object as unknown as KObject;
      const r = resourceForKind(String(o.kind));
      if (r) named.push({ resource: r, name: o.metadata.name });
    }
  } else {
    if (args.length === 0) throw new KubesimError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const parsed = parseResourceArgs(args);
    if (parsed.named) for (const q of parsed.requests) named.push({ resource: q.resource, name: q.name! });
    else if (opts.all || selector) listTypes = parsed.requests.map((q) => q.resource);
    else throw new KubesimError('resource(s) were provided, but no name was specified');
  }

  const errors: KubesimError[] = [];
  // "scaled" lines wait for the write: a failed write must not follow them.
  const out = holdStdout(rt);
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none' }, (cluster) => {
    const targets: KObject[] = [];
    for (const n of named) {
      const obj = cluster.get(n.resource.kind, n.resource.namespaced ? namespace : undefined, n.name);
      if (!obj) {
        errors.push(new KubesimError(`no objects passed to scale ${qualifiedResource(n.resource)} "${n.name}" not found`));
        continue;
      }
      targets.push(obj);
    }
    for (const r of listTypes) for (const o of cluster.list(r.kind, namespace)) if (!selector || selectorMatches(selector, o.metadata.labels)) targets.push(o);
    for (const obj of targets) {
      if (!SCALABLE.has(obj.kind)) {
        errors.push(new ApiError('NotFound', 'the server could not find the requested resource'));
        continue;
      }
      const spec = (obj.spec ?? {}) as { replicas?: number };
      const current = spec.replicas ?? 1;
      if (opts.currentReplicas >= 0 && current !== opts.currentReplicas) {
        errors.push(new KubesimError(`Expected replicas to be ${opts.currentReplicas}, was ${current}`));
        continue;
      }
      const next = structuredClone(obj);
      (next.spec as { replicas: number }).replicas = opts.replicas!;
      const result = dryRun === 'client' ? next : updateObject(cluster, next, { dryRun: dryRun === 'server' });
      if (format) printObjects(out.rt, format, [result], { single: true });
      else out.rt.stdout.write(`${nameOf(result)} scaled${dryRunSuffix(dryRun)}\n`);
    }
  });
  out.flush();
  return reportErrors(rt, errors);
}
