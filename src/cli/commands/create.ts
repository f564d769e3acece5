/**
 * `kubesim create -f` and the generators kubesim has so far: `create namespace`,
 * `create deployment` (kubectl's objects, outputs and errors).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { createObject } from '../../apiserver/objects.js';
import { ApiError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { loadManifests } from '../../manifest/load.js';
import { createPathRejection, decodeDocument, parseValidateMode } from '../../apply/decode.js';
import { withLastApplied } from '../../apply/last-applied.js';
import { dryRunSuffix, holdStdout, parseDryRun, type DryRun } from './common.js';
import { nameOf, parseOutputFormat, printObjects } from '../../printers/output.js';
import type { KObject } from '../../api/resources.js';
import { placeInNamespace, positionForCauses } from '../../apply/apply-document.js';
import { reportErrors } from './report.js';

interface CreateOptions {
  filename?: string[];
  recursive?: boolean;
  namespace?: string;
  output?: string;
  dryRun?: string | boolean;
  validate?: string;
  saveConfig?: boolean;
}

export async function runCreateFromFiles(rt: Runtime, args: string[], opts: CreateOptions): Promise<number> {
  const files = opts.filename ?? [];
  if (files.length === 0) {
    throw new KubesimError('must specify one of -f and -k');
  }
  if (args.length > 0) throw new KubesimError(`Unexpected args: [${args.join(' ')}]\nSee 'kubesim create -h' for help and examples`);
  const dryRun = parseDryRun(opts.dryRun);
  const mode = parseValidateMode(opts.validate);
  const format = opts.output ? parseOutputFormat(opts.output, 'write') : undefined;
  const namespace = currentNamespace(rt, opts.namespace);
  const items = loadManifests(files, { recursive: opts.recursive === true, readStdin: rt.readStdin, validateSchema: mode !== 'ignore' });
  if (items.length === 0) throw new KubesimError('no objects passed to create');
  const errors: KubesimError[] = [];
  // "created" lines wait for the write: a failed write must not follow them.
  const out = holdStdout(rt);
  await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun !== 'none' }, (cluster) => {
    for (const item of items) {
      if ('error' in item) {
        errors.push(item.error);
        continue;
      }
      try {
        let decoded;
        try {
          decoded = decodeDocument(item.doc, mode);
        } catch (err) {
          if (err instanceof ApiError) err.withSource('creating', item.doc.source);
          throw err;
        }
        decoded.warnings.forEach((w) => rt.stderr.write(w + '\n'));
        const obj = opts.saveConfig ? withLastApplied(decoded.object) : decoded.object;
        placeInNamespace(obj, namespace, opts.namespace !== undefined);
        const rejection = createPathRejection(decoded);
        if (rejection) throw rejection;
        let created = obj;
        if (dryRun !== 'client') {
          try {
            created = createObject(cluster, obj, { dryRun: dryRun === 'server' });
          } catch (err) {
            if (err instanceof ApiError) {
              err.withSource('creating', item.doc.source);
              err.position ??= positionForCauses(err, item.doc);
            }
            throw err;
          }
        }
        if (format) printObjects(out.rt, format, [created], { single: true });
        else out.rt.stdout.write(`${nameOf(created)} created${dryRunSuffix(dryRun)}\n`);
      } catch (err) {
        if (!(err instanceof KubesimError)) throw err;
        errors.push(err);
      }
    }
  });
  out.flush();
  return reportErrors(rt, errors);
}

/** Run a generator: print or store the object, wrapping server errors as kubectl's generators do. */
async function createGenerated(rt: Runtime, obj: KObject, dryRun: DryRun, output: string | undefined, wrap: ((e: ApiError) => KubesimError) | undefined): Promise<number> {
  const format = output ? parseOutputFormat(output, 'write') : undefined;
  const emit = (o: KObject) => {
    if (format) printObjects(rt, format, [o], { single: true, typed: true });
    else rt.stdout.write(`${nameOf(o)} created${dryRunSuffix(dryRun)}\n`);
  };
  if (dryRun === 'client') {
    emit(obj);
    return 0;
  }
  const created = await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun === 'server' }, (cluster) => {
    try {
      return createObject(cluster, obj, { dryRun: dryRun === 'server' });
    } catch (err) {
      if (err instanceof ApiError && wrap) throw wrap(err);
      throw err;
    }
  });
  emit(created);
  return 0;
}

function exactlyOneName(names: string[], path: string): string {
  if (names.length !== 1) throw new KubesimError(`exactly one NAME is required, got ${names.length}\nSee '${path} -h' for help and examples`);
  return names[0];
}

export async function runCreateNamespace(rt: Runtime, args: string[], opts: CreateOptions): Promise<number> {
  const name = exactlyOneName(args, 'kubesim create namespace');
  const obj: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null as unknown as string, name }, spec: {}, status: {} };
  return createGenerated(rt, obj, parseDryRun(opts.dryRun), opts.output, undefined);
}

interface CreateDeploymentOptions extends CreateOptions {
  image?: string[];
  replicas: number;
  port: number;
}

/** kubectl's container name for an image: the last path segment, tag and digest cut, made DNS-safe. */
function containerNameFor(image: string): string {
  let name = image.split('/').pop() ?? image;
  name = name.split('@')[0].split(':')[0];
  return name.replace(/[^a-z0-9-]/gi, '-').toLowerCase();
}

export async function runCreateDeployment(rt: Runtime, args: string[], opts: CreateDeploymentOptions): Promise<number> {
  const name = exactlyOneName(args, 'kubesim create deployment');
  if (!opts.image || opts.image.length === 0) throw new KubesimError('required flag(s) "image" not set');
  if (opts.image.length > 1 && opts.port >= 0) throw new KubesimError('cannot specify multiple --image options and port');
  const labels = { app: name };
  const containers = opts.image.map((image) => {
    const c: Record<string, unknown> = { image, name: containerNameFor(image), resources: {} };
    if (opts.port >= 0) c.ports = [{ containerPort: opts.port }];
    return c;
  });
  const obj: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null as unknown as string, labels, name, namespace: currentNamespace(rt, opts.namespace) },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  };
  const dryRun = parseDryRun(opts.dryRun);
  if (dryRun === 'client' && opts.output) delete obj.metadata.namespace;
  return createGenerated(rt, obj, dryRun, opts.output, (e) => new KubesimError(`failed to create deployment: ${e.statusMessage}`));
}
