/**
 * `kubesim create service clusterip|nodeport|loadbalancer|externalname NAME` — kubectl's
 * service generator: the object it builds, its client-side checks and their exact texts, its
 * outputs, and the way it wraps server errors (`failed to create NodePort service: …`).
 *
 * Order of checks, as kubectl runs them: flag parsing (`--tcp` is a CSV string slice), required
 * flags, exactly one NAME, --dry-run, -o, --validate, then Validate (tcp required, external
 * name), then the port specifiers while building the object.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { createObject } from '../../apiserver/objects.js';
import { ApiError } from '../../apiserver/status.js';
import { goQuote } from '../../apiserver/field-errors.js';
import { KubesimError } from '../../errors.js';
import type { KObject } from '../../api/resources.js';
import type { Cluster } from '../../store/cluster-state.js';
import { parseValidateMode } from '../../apply/decode.js';
import { LAST_APPLIED } from '../../apply/last-applied.js';
import { isValidPortName, isValidPortNum } from '../../validation/ports.js';
import { isDNS1123Subdomain } from '../../validation/names.js';
import { nameOf, parseOutputFormat, printObjects, withoutManagedFields, type OutputFormat } from '../../printers/output.js';
import { typedJson, typedJsonCompact } from '../../printers/go-json.js';
import { dryRunSuffix, parseDryRun, type DryRun } from './common.js';

export type ServiceGenerator = 'clusterip' | 'nodeport' | 'loadbalancer' | 'externalname';

export const SERVICE_TYPE: Record<ServiceGenerator, string> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
};

export interface CreateServiceOptions {
  command?: string;
  tcp?: string[];
  clusterip?: string;
  nodePort?: number;
  externalName?: string;
  namespace?: string;
  dryRun?: string | boolean;
  output?: string;
  saveConfig?: boolean;
  validate?: string;
  showManagedFields?: boolean;
  allowMissingTemplateKeys?: boolean;
}

// ---------------------------------------------------------------------------------------------
// --tcp: a pflag string slice, i.e. each occurrence is one CSV record (Go encoding/csv).

const ERR_BARE_QUOTE = 'bare " in non-quoted-field';
const ERR_QUOTE = 'extraneous or missing " in quoted-field';

/**
 * Split one flag value as pflag's readAsCSV does (one record of Go's encoding/csv; columns in
 * errors are 1-based byte positions). Throws the csv parse error text.
 */
export function readAsCsv(value: string): string[] {
  if (value === '') return [];
  // Only the first record is read; a record ends at a newline outside quotes.
  const fields: string[] = [];
  let i = 0;
  let col = 1;
  const n = value.length;
  const fail = (c: number, what: string): never => {
    throw new Error(`parse error on line 1, column ${c}: ${what}`);
  };
  for (;;) {
    if (value[i] !== '"') {
      let end = i;
      while (end < n && value[end] !== ',' && value[end] !== '\n') end++;
      const field = value.slice(i, end).replace(/\r$/, '');
      const q = field.indexOf('"');
      if (q >= 0) fail(col + q, ERR_BARE_QUOTE);
      fields.push(field);
      if (end < n && value[end] === ',') {
        col += end - i + 1;
        i = end + 1;
        continue;
      }
      return fields;
    }
    // Quoted field.
    i++;
    col++;
    let field = '';
    for (;;) {
      const q = value.indexOf('"', i);
      if (q < 0) {
        col += n - i;
        fail(col, ERR_QUOTE);
      }
      field += value.slice(i, q);
      col += q - i + 1;
      i = q + 1;
      if (value[i] === '"') {
        field += '"';
        i++;
        col++;
        continue;
      }
      if (i >= n || value[i] === '\n' || (value[i] === '\r' && i + 1 === n)) {
        fields.push(field);
        return fields;
      }
      if (value[i] === ',') {
        fields.push(field);
        i++;
        col++;
        break;
      }
      fail(col - 1, ERR_QUOTE);
    }
    if (i >= n) {
      fields.push('');
      return fields;
    }
  }
}

/** All `--tcp` occurrences, as the string slice pflag accumulates (flag errors worded as cobra's). */
export function tcpSpecifiers(values: string[], commandPath: string): string[] {
  const out: string[] = [];
  for (const v of values) {
    try {
      out.push(...readAsCsv(v));
    } catch (err) {
      throw new KubesimError(`invalid argument ${goQuote(v)} for "--tcp" flag: ${(err as Error).message}\nSee '${commandPath} --help' for usage.`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Port specifiers: `port[:targetPort[:ignored…]]`.

/** Go's strconv.ParseUint(s, 10, 16) error text, or the number. */
function parseUint16(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new KubesimError(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  const v = Number(s);
  if (v > 65535) throw new KubesimError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return v;
}

/** Go's strconv.Atoi: optional sign, decimal digits, within int64. undefined when it fails. */
export function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return Number(big);
}

export interface ServicePortSpec {
  name: string;
  port: number;
  targetPort: number | string;
}

/** One `--tcp` item → name, port, targetPort; throws kubectl's client-side errors. */
export function parsePortSpecifier(spec: string): ServicePortSpec {
  const parts = spec.split(':');
  const port = parseUint16(parts[0]);
  const name = spec.replaceAll(':', '-');
  if (parts.length === 1) return { name, port, targetPort: port };
  const t = parts[1];
  const num = goAtoi(t);
  if (num === undefined) {
    const errs = isValidPortName(t);
    if (errs.length > 0) throw new KubesimError(errs.join(','));
    return { name, port, targetPort: t };
  }
  const errs = isValidPortNum(num);
  if (errs.length > 0) throw new KubesimError(errs.join(','));
  return { name, port, targetPort: num };
}

// ---------------------------------------------------------------------------------------------
// The object.

export interface ServiceParams {
  /** The `--tcp` items, already split. */
  tcp: string[];
  clusterIP?: string;
  nodePort?: number;
  externalName?: string;
  /** Set only when the namespace was given with -n (kubectl's EnforceNamespace). */
  namespace?: string;
}

/** kubectl's ServiceOptions.Validate. */
export function validateServiceParams(kind: ServiceGenerator, p: ServiceParams): void {
  const type = SERVICE_TYPE[kind];
  if (p.clusterIP === 'None' && type !== 'ClusterIP') throw new KubesimError('ClusterIP=None can only be used with ClusterIP service type');
  if (p.clusterIP !== 'None' && p.tcp.length === 0 && type !== 'ExternalName') throw new KubesimError('at least one tcp port specifier must be provided');
  if (type === 'ExternalName' && isDNS1123Subdomain(p.externalName ?? '').length > 0) {
    throw new KubesimError(`invalid service external name ${p.externalName ?? ''}`);
  }
}

/**
 * The Service kubectl's generator builds (fields in the Go structs' order, so `-o json` prints
 * them as kubectl does). Throws the port specifier errors.
 */
export function buildService(kind: ServiceGenerator, name: string, p: ServiceParams): KObject {
  const ports = p.tcp.map((spec) => {
    const s = parsePortSpecifier(spec);
    const port: Record<string, unknown> = { name: s.name, protocol: 'TCP', port: s.port, targetPort: s.targetPort };
    // int32(o.NodePort): Go truncates to 32 bits.
    const nodePort = (p.nodePort ?? 0) | 0;
    if (nodePort !== 0) port.nodePort = nodePort;
    return port;
  });
  const metadata: Record<string, unknown> = { name };
  if (p.namespace) metadata.namespace = p.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = { app: name };
  const spec: Record<string, unknown> = {};
  if (ports.length > 0) spec.ports = ports;
  spec.selector = { app: name };
  if (p.clusterIP) spec.clusterIP = p.clusterIP;
  spec.type = SERVICE_TYPE[kind];
  if (p.externalName) spec.externalName = p.externalName;
  return { kind: 'Service', apiVersion: 'v1', metadata: metadata as KObject['metadata'], spec, status: { loadBalancer: {} } };
}

/** cmdutil.CreateOrUpdateAnnotation for a typed object (--save-config). */
export function withCreateAnnotation(obj: KObject): KObject {
  const copy = structuredClone(obj);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const forValue = structuredClone(copy);
  if (Object.keys(annotations).length > 0) forValue.metadata.annotations = annotations;
  else delete forValue.metadata.annotations;
  copy.metadata.annotations = { ...annotations, [LAST_APPLIED]: typedJsonCompact(forValue) };
  return copy;
}

/** Print a generated/created object the way the command's printer does. */
export function printResult(
  rt: Runtime,
  format: OutputFormat | undefined,
  obj: KObject,
  verb: string,
  dryRun: DryRun,
  json: (o: KObject) => string,
  opts: { showManagedFields?: boolean; allowMissingTemplateKeys?: boolean; first?: boolean } = {},
): void {
  if (!format) {
    rt.stdout.write(`${nameOf(obj)} ${verb}${dryRunSuffix(dryRun)}\n`);
    return;
  }
  const shown = opts.showManagedFields ? obj : withoutManagedFields(obj);
  if (format.kind === 'json') {
    rt.stdout.write(json(shown));
    return;
  }
  // kubectl's YAML printer separates the second and later objects with `---`.
  if (format.kind === 'yaml' && opts.first === false) rt.stdout.write('---\n');
  printObjects(rt, format, [shown], { single: true, showManagedFields: true, allowMissingKeys: opts.allowMissingTemplateKeys });
}

// ---------------------------------------------------------------------------------------------
// Hint (gotcha §10.1): `app=<service name>` selects nothing while pods with another app exist.

export function selectorMismatchHint(serviceName: string, namespace: string, pods: KObject[]): string | undefined {
  if (pods.length === 0) return undefined;
  if (pods.some((p) => p.metadata.labels?.app === serviceName)) return undefined;
  const apps = [...new Set(pods.map((p) => p.metadata.labels?.app).filter((a): a is string => typeof a === 'string'))].sort();
  if (apps.length === 0) return undefined;
  const shown = apps.slice(0, 3).map((a) => `app=${a}`).join(', ') + (apps.length > 3 ? ', …' : '');
  return (
    `service/${serviceName} selects app=${serviceName} (create service always selects app=<service name>), ` +
    `but no pod in namespace "${namespace}" has that label (pods here have ${shown}); it will have no endpoints. ` +
    `Name the service after the app, or use \`kubesim expose deployment ${apps[0]} --port=…\``
  );
}

function podsIn(cluster: Cluster, namespace: string): KObject[] {
  return cluster.list('Pod', namespace);
}

// ---------------------------------------------------------------------------------------------

export async function runCreateService(rt: Runtime, args: string[], opts: CreateServiceOptions): Promise<number> {
  const kind = (opts.command ?? 'clusterip') as ServiceGenerator;
  if (!(kind in SERVICE_TYPE)) throw new KubesimError(`unknown command "${kind}"\nSee 'kubesim create service -h' for help and examples`);
  const path = `kubesim create service ${kind}`;
  const tcp = tcpSpecifiers(opts.tcp ?? [], path);
  if (kind === 'externalname' && opts.externalName === undefined) throw new KubesimError('required flag(s) "external-name" not set');
  if (args.length !== 1) throw new KubesimError(`exactly one NAME is required, got ${args.length}\nSee '${path} -h' for help and examples`);
  const name = args[0];
  const dryRun = parseDryRun(opts.dryRun);
  const format = opts.output !== undefined && opts.output !== '' ? parseOutputFormat(opts.output, 'write') : undefined;
  parseValidateMode(opts.validate);

  const params: ServiceParams = {
    tcp,
    clusterIP: kind === 'clusterip' ? opts.clusterip : undefined,
    nodePort: kind === 'nodeport' ? opts.nodePort : undefined,
    externalName: kind === 'externalname' ? opts.externalName : undefined,
    namespace: opts.namespace || undefined,
  };
  validateServiceParams(kind, params);
  const service = buildService(kind, name, params);
  const printOpts = { showManagedFields: opts.showManagedFields, allowMissingTemplateKeys: opts.allowMissingTemplateKeys };

  if (dryRun === 'client') {
    printResult(rt, format, service, 'created', dryRun, typedJson, printOpts);
    return 0;
  }

  const namespace = currentNamespace(rt, opts.namespace);
  const toCreate = opts.saveConfig ? withCreateAnnotation(service) : service;
  toCreate.metadata.namespace = namespace;
  let hint: string | undefined;
  const created = await mutateCluster(stateLocation(rt), { ...sessionOptions(rt), dryRun: dryRun === 'server' }, (cluster) => {
    let result: KObject;
    try {
      result = createObject(cluster, toCreate, { dryRun: dryRun === 'server' });
    } catch (err) {
      if (err instanceof ApiError) {
        throw new KubesimError(`failed to create ${SERVICE_TYPE[kind]} service: ${err.statusMessage}`, { hint: err.hint });
      }
      throw err;
    }
    if (kind !== 'externalname') hint = selectorMismatchHint(name, namespace, podsIn(cluster, namespace));
    return result;
  });
  printResult(rt, format, created, 'created', dryRun, typedJson, printOpts);
  if (hint && rt.hints) rt.stderr.write(`hint: ${hint}\n`);
  return 0;
}
