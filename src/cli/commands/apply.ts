/**
 * `kubesim apply -f`: each document is applied on its own (created, configured or unchanged),
 * errors are collected and printed at the end, exit 1 if any — kubectl's partial-failure rules.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { createObject, updateObject } from '../../apiserver/objects.js';
import { ApiError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { loadManifests, type ManifestDoc } from '../../manifest/load.js';
import { createPathRejection, decodeDocument, parseValidateMode, patchPathRejection, type ValidateMode } from '../../apply/decode.js';
import { LAST_APPLIED, lastAppliedValue, threeWayMerge, withLastApplied } from '../../apply/last-applied.js';
import { dryRunSuffix, parseDryRun, type DryRun } from './common.js';
import { nameOf, parseOutputFormat, printObjects, type OutputFormat } from '../../printers/output.js';
import { isNamespaced } from '../../apiserver/objects.js';
import type { KObject } from '../../api/resources.js';
import type { Cluster } from '../../store/cluster-state.js';
import { reportErrors } from './report.js';
import { serviceSelectorHint } from '../../hints/service-selector.js';

interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  namespace?: string;
  output?: string;
  dryRun?: string | boolean;
  validate?: string;
  serverSide?: boolean;
}

export interface ObjectResult {
  obj: KObject;
  /** created | configured | unchanged | serverside-applied */
  operation: string;
}

/** Fill in the namespace, enforcing `-n` against the object's own namespace as kubectl does. */
export function placeInNamespace(obj: KObject, namespace: string, explicit: boolean): void {
  if (!isNamespaced(obj.kind)) {
    delete obj.metadata.namespace;
    return;
  }
  const own = obj.metadata.namespace;
  if (own && explicit && own !== namespace) {
    throw new KubesimError(`the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  obj.metadata.namespace = own || namespace;
}

function applyOne(cluster: Cluster, doc: ManifestDoc, mode: ValidateMode, dryRun: DryRun, namespace: string, explicitNs: boolean, warn: (w: string) => void): ObjectResult {
  let decoded;
  try {
    decoded = decodeDocument(doc, mode);
  } catch (err) {
    if (err instanceof ApiError) err.withSource('creating', doc.source);
    throw err;
  }
  decoded.warnings.forEach(warn);
  const config = decoded.object;
  placeInNamespace(config, namespace, explicitNs);
  const live = cluster.get(config.kind, config.metadata.namespace, config.metadata.name);
  if (!live) {
    const rejection = createPathRejection(decoded);
    if (rejection) throw rejection;
    if (dryRun === 'client') return { obj: withLastApplied(config), operation: 'created' };
    try {
      const created = createObject(cluster, withLastApplied(config), { dryRun: dryRun === 'server' });
      return { obj: created, operation: 'created' };
    } catch (err) {
      if (err instanceof ApiError) {
        err.withSource('creating', doc.source);
        err.position ??= positionForCauses(err, doc);
      }
      throw err;
    }
  }
  const patchRejection = patchPathRejection(decoded);
  if (patchRejection) throw patchRejection;
  if (dryRun === 'client') return { obj: withLastApplied(config), operation: 'configured' };
  const annotation = live.metadata.annotations?.[LAST_APPLIED];
  if (annotation === undefined) {
    warn(`Warning: resource ${resourcePlural(live)}/${live.metadata.name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`);
  }
  let last: unknown = {};
  try {
    last = annotation ? JSON.parse(annotation) : {};
  } catch {
    last = {};
  }
  const desired = threeWayMerge(live, last, withLastApplied(config)) as KObject;
  desired.metadata.annotations = { ...(desired.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(config) };
  try {
    const updated = updateObject(cluster, desired, { dryRun: dryRun === 'server' });
    const unchanged = updated === live;
    return { obj: updated, operation: unchanged ? 'unchanged' : 'configured' };
  } catch (err) {
    if (err instanceof ApiError) err.position ??= positionForCauses(err, doc);
    throw err;
  }
}

function resourcePlural(o: KObject): string {
  return nameOf(o).split('/')[0].split('.')[0] + 's';
}

/** Point at the first invalid field of the manifest (`spec.ports[1].name` → its key). */
export function positionForCauses(err: ApiError, doc: ManifestDoc): { file: string; line: number; col: number } | undefined {
  const field = err.causes[0]?.field;
  if (!field) return undefined;
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) break;
    path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  return doc.positionOf(path);
}

export async function runApply(rt: Runtime, _args: string[], opts: ApplyOptions): Promise<number> {
  const files = opts.filename ?? [];
  if (files.length === 0) throw new KubesimError('must specify one of -f and -k');
  const dryRun = parseDryRun(opts.dryRun);
  const mode = parseValidateMode(opts.validate);
  const format: OutputFormat | undefined = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const namespace = currentNamespace(rt, opts.namespace);
  const items = loadManifests(files, { recursive: opts.recursive === true, readStdin: rt.readStdin });
  if (items.length === 0) throw new KubesimError('no objects passed to apply');

  const errors: KubesimError[] = [];
  const services: { namespace?: string; name: string }[] = [];
  let printed = 0;
  // After the controllers ran: say so when an applied Service ends up with no ready endpoints.
  const after = (cluster: Cluster) => {
    if (!rt.hints || dryRun !== 'none') return;
    for (const s of services) {
      const svc = cluster.get('Service', s.namespace, s.name);
      const hint = svc && serviceSelectorHint(cluster, svc);
      if (hint) rt.stderr.write(`hint: ${hint}\n`);
    }
  };
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none', after }, (cluster) => {
    for (const item of items) {
      if ('error' in item) {
        errors.push(item.error);
        continue;
      }
      try {
        const result = applyOne(cluster, item.doc, mode, dryRun, namespace, opts.namespace !== undefined, (w) => rt.stderr.write(w + '\n'));
        if (result.obj.kind === 'Service') services.push({ namespace: result.obj.metadata.namespace, name: result.obj.metadata.name });
        if (format) {
          if (format.kind === 'yaml' && printed > 0) rt.stdout.write('---\n');
          printObjects(rt, format, [result.obj], { single: true });
        } else {
          rt.stdout.write(`${nameOf(result.obj)} ${opts.serverSide ? 'serverside-applied' : result.operation}${dryRunSuffix(dryRun)}\n`);
        }
        printed++;
      } catch (err) {
        if (!(err instanceof KubesimError)) throw err;
        errors.push(err);
      }
    }
  });
  return reportErrors(rt, errors);
}
