/**
 * `kubesim describe`: the objects named, every object's page from the describers, two blank lines
 * apart; or kubectl's name-prefix fallback (DescribeMatchingResources) when `describe TYPE NAME`
 * finds no NAME: every object whose name starts with it, each page followed by one blank line.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { readCluster } from '../../apiserver/session.js';
import { KubesimError } from '../../errors.js';
import type { KObject } from '../../api/resources.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';
import { parseResourceArgs } from './common.js';
import { describeObjects } from '../../printers/describe/index.js';
import { loadManifests } from '../../manifest/load.js';
import { resourceForKind } from '../../api/resources.js';
import { reportErrors } from './report.js';
import { notFoundWithHint } from '../../hints/near-names.js';

interface DescribeOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  filename?: string[];
  showEvents?: boolean;
}

export async function runDescribe(rt: Runtime, args: string[], opts: DescribeOptions): Promise<number> {
  const namespace = currentNamespace(rt, opts.namespace);
  let requests = parseResourceArgs(args).requests;
  if (opts.filename?.length) {
    requests = [];
    for (const item of loadManifests(opts.filename, { recursive: false, readStdin: rt.readStdin })) {
      if ('error' in item) throw item.error;
      const o = item.doc.object as unknown as KObject;
      const r = resourceForKind(String(o.kind));
      if (r) requests.push({ resource: r, name: o.metadata?.name });
    }
  }
  if (requests.length === 0) {
    throw new KubesimError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
  const cluster = await readCluster(stateLocation(rt), sessionOptions(rt));
  const objects: KObject[] = [];
  const errors: KubesimError[] = [];
  const ctx = { now: rt.clock.now(), list: (kind: string, ns?: string) => cluster.list(kind, ns), showEvents: opts.showEvents !== false };
  // Only `describe TYPE NAME` (two words) falls back to the names NAME starts.
  const single = requests[0];
  const singleNs = single.resource.namespaced ? namespace : undefined;
  if (!opts.filename?.length && args.length === 2 && requests.length === 1 && single.name !== undefined && !cluster.get(single.resource.kind, singleNs, single.name)) {
    const prefixed = cluster.list(single.resource.kind, singleNs).filter((o) => o.metadata.name.startsWith(single.name!));
    if (prefixed.length > 0) {
      rt.stdout.write(prefixed.map((o) => `${describeObjects([o], ctx)}\n`).join(''));
      return 0;
    }
  }
  for (const req of requests) {
    const r = req.resource;
    const ns = r.namespaced && !opts.allNamespaces ? namespace : undefined;
    if (req.name === undefined) {
      let list = cluster.list(r.kind, ns);
      if (selector) list = list.filter((o) => selectorMatches(selector, o.metadata.labels));
      objects.push(...list);
      continue;
    }
    const exact = cluster.get(r.kind, r.namespaced ? namespace : undefined, req.name);
    if (exact) {
      objects.push(exact);
      continue;
    }
    errors.push(notFoundWithHint(cluster, r, namespace, req.name));
  }
  if (objects.length === 0 && errors.length === 0) {
    rt.stderr.write(opts.allNamespaces || requests.every((q) => !q.resource.namespaced) ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    return 0;
  }
  if (objects.length > 0) {
    rt.stdout.write(describeObjects(objects, ctx));
  }
  return reportErrors(rt, errors);
}
