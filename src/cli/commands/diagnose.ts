/**
 * `kubesim diagnose TYPE/NAME | TYPE [NAME…] [-n NS | -A] [-o json]` (kubesim only): a short
 * report on a Service, Pod or Deployment — what works, and for what does not, why and what to
 * change, each finding with its evidence. Read-only: the state file is never written (the network
 * walks only read the affinity lists and draw nothing).
 *
 * Exit code: 1 when any finding is an error (so CI scripts can gate on it), 0 otherwise — warnings
 * alone exit 0; an unknown object is kubectl's NotFound error (exit 1) with a near-name hint.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { readCluster } from '../../apiserver/session.js';
import { notFoundError } from '../../apiserver/status.js';
import { qualifiedResource, type KObject } from '../../api/resources.js';
import { KubesimError } from '../../errors.js';
import { nearNameHint } from '../../hints/near-names.js';
import { parseResourceArgs } from './common.js';
import { reportErrors } from './report.js';

interface DiagnoseOptions {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
}

const SUPPORTED = new Set(['Service', 'Pod', 'Deployment']);

export async function runDiagnose(rt: Runtime, args: string[], opts: DiagnoseOptions): Promise<number> {
  const format = opts.output ?? 'text';
  if (format !== 'text' && format !== 'json') throw new KubesimError(`unable to match a printer suitable for the output format "${format}", allowed formats are: json,text`);
  const { requests } = parseResourceArgs(args);
  if (requests.length === 0) throw new KubesimError('You must specify the type of resource to diagnose: service, pod or deployment (e.g. kubesim diagnose svc/web).');
  for (const r of requests) {
    if (!SUPPORTED.has(r.resource.kind)) throw new KubesimError(`diagnose supports services, pods and deployments, not ${r.resource.resource}`);
  }
  const namespace = currentNamespace(rt, opts.namespace);
  const cluster = await readCluster(stateLocation(rt), sessionOptions(rt));
  const objects: KObject[] = [];
  const errors: KubesimError[] = [];
  for (const req of requests) {
    const kind = req.resource.kind;
    if (req.name === undefined) {
      objects.push(...cluster.list(kind, opts.allNamespaces ? undefined : namespace));
      continue;
    }
    const found = opts.allNamespaces ? cluster.list(kind).filter((o) => o.metadata.name === req.name) : [cluster.get(kind, namespace, req.name)].filter((o): o is KObject => !!o);
    if (found.length) {
      objects.push(...found);
      continue;
    }
    const err = notFoundError(qualifiedResource(req.resource), req.name);
    err.hint = nearNameHint(cluster, kind, opts.allNamespaces ? undefined : namespace, req.name);
    errors.push(err);
  }
  if (objects.length === 0 && errors.length === 0) {
    rt.stderr.write(opts.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    return 0;
  }
  let rc = 0;
  if (objects.length) {
    // The simulated programs' listeners decide whether a pod answers (as for curl and exec).
    const { wireNetwork } = await import('../../network/containers/wire.js');
    wireNetwork();
    const { diagnose } = await import('../../diagnose/index.js');
    const { exitCodeFor } = await import('../../diagnose/findings.js');
    const { renderJSON, renderText } = await import('../../diagnose/render.js');
    const diagnoses = objects.map((o) => diagnose(cluster, o));
    rt.stdout.write(format === 'json' ? renderJSON(diagnoses) : renderText(diagnoses, { colour: rt.colour && rt.stdout.isTTY }));
    rc = exitCodeFor(diagnoses);
  }
  return Math.max(rc, reportErrors(rt, errors));
}
