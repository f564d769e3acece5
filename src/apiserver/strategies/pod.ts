/**
 * Pods: defaults (SetDefaults_Pod / PodSpec / Container / Probe / Volume), what admission adds on
 * create (ServiceAccount: serviceAccountName and the kube-api-access projected volume; the default
 * not-ready/unreachable tolerations; Priority 0), the initial status, and ValidatePodCreate/Update.
 * The pod-spec defaults and validation are exported for workload templates.
 */
import type { Cluster } from '../../store/cluster-state.js';
import { NAME_SUFFIX_ALPHABET } from '../../random.js';
import type { Strategy } from '../strategy.js';
import { duplicate, forbidden, goQuote, invalid, notFound, required, type FieldError, type FieldValue } from '../field-errors.js';
import { nameIsDNSSubdomain, regexError, validateDNS1123Label, validateDNS1123Subdomain } from '../../validation/names.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { isValidPortName, validatePortNum, validatePortNumOrName } from '../../validation/ports.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `Unsupported value` with the supported values in the order the validator lists them (no sorting). */
export function unsupportedInOrder(field: string, value: FieldValue, supported: string[]): FieldError {
  return { type: 'Unsupported value', field, value, detail: `supported values: ${supported.map(goQuote).join(', ')}` };
}

// ---------------------------------------------------------------------------------------------
// Defaults

/** The tag a container image resolves to (`latest` when it has neither tag nor digest). */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? ref.slice(colon + 1) : '';
  if (!tag && !digest) return 'latest';
  return tag;
}

/** SetDefaults_Container: imagePullPolicy from the tag, terminationMessagePath/Policy, port protocols, probes. */
export function setContainerDefaults(c: Json): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  c.resources ??= {};
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of c.ports ?? []) if (p && !p.protocol) p.protocol = 'TCP';
  for (const e of c.env ?? []) {
    const fr = e?.valueFrom?.fieldRef;
    if (fr && !fr.apiVersion) fr.apiVersion = 'v1';
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (c[key]) setProbeDefaults(c[key]);
}

function setProbeDefaults(p: Json): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    if (!p.httpGet.path) p.httpGet.path = '/';
    if (!p.httpGet.scheme) p.httpGet.scheme = 'HTTP';
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

function setVolumeDefaults(v: Json): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) {
    if (v[k] && typeof v[k] === 'object' && v[k].defaultMode === undefined) v[k].defaultMode = 420;
  }
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = '';
}

/** SetDefaults_PodSpec and the defaults of everything inside it (as applied to pods and to templates). */
export function setPodSpecDefaults(spec: Json): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const c of spec.containers ?? []) if (c) setContainerDefaults(c);
  for (const c of spec.initContainers ?? []) if (c) setContainerDefaults(c);
  for (const v of spec.volumes ?? []) if (v) setVolumeDefaults(v);
}

/** SetDefaults_Pod: the pod-only defaults on top of the pod-spec ones. */
export function setPodDefaults(spec: Json): void {
  setPodSpecDefaults(spec);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (limits && typeof limits === 'object') {
      c.resources.requests ??= {};
      for (const k of Object.keys(limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = limits[k];
    }
    if (spec.hostNetwork) for (const p of c?.ports ?? []) if (p && !p.hostPort) p.hostPort = p.containerPort;
  }
  spec.enableServiceLinks ??= true;
}

// ---------------------------------------------------------------------------------------------
// Admission on create

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** The built-in PriorityClasses (kubesim models no others: an unknown class resolves to 0). */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** ServiceAccount, DefaultTolerationSeconds and Priority admission, as the apiserver applies them to a new pod. */
export function admitPod(spec: Json, cluster: Cluster, annotations?: Record<string, string>): void {
  // Mirror (static) pods are left alone by the ServiceAccount plugin.
  const mirror = annotations !== undefined && MIRROR_ANNOTATION in annotations;
  if (!mirror && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  if (!mirror && spec.automountServiceAccountToken !== false) {
    const containers: Json[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    const needs = containers.filter((c) => !(c.volumeMounts ?? []).some((m: Json) => m?.mountPath === SERVICE_ACCOUNT_MOUNT_PATH));
    if (needs.length > 0) {
      const name = `kube-api-access-${cluster.random.string(5, NAME_SUFFIX_ALPHABET)}`;
      spec.volumes = [...(spec.volumes ?? []), serviceAccountTokenVolume(name)];
      for (const c of needs) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name, readOnly: true }];
    }
  }
  const tolerations: Json[] = spec.tolerations ?? [];
  for (const key of DEFAULT_TOLERATIONS) {
    const tolerated = tolerations.some(
      (t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')),
    );
    if (!tolerated) tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  spec.priority ??= SYSTEM_PRIORITY_CLASSES[spec.priorityClassName] ?? 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

function serviceAccountTokenVolume(name: string): Json {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

/** The pod's QoS class from its containers' requests and limits (cpu and memory). */
export function podQOSClass(spec: Json): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers: Json[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

// ---------------------------------------------------------------------------------------------
// Validation

const ENV_VAR_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const envVarRe = new RegExp(`^${ENV_VAR_FMT}$`);
const ENV_VAR_ERROR = regexError(
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
  ENV_VAR_FMT,
  'my.env-name',
  'MY_ENV.NAME',
  'MyEnvName1',
);

function validateContainerPorts(ports: Json[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(String(p.name));
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${ip}.name`, p.name, m));
      else if (names.has(p.name)) errs.push(duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${ip}.containerPort`));
    else errs.push(...validatePortNum(p.containerPort, `${ip}.containerPort`));
    if (p.hostPort) errs.push(...validatePortNum(p.hostPort, `${ip}.hostPort`));
    if (!p.protocol) errs.push(required(`${ip}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(unsupportedInOrder(`${ip}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateProbe(probe: Json | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const errs: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((k) => probe[k]);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  else if (handlers.length > 1) errs.push(forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  if (probe.httpGet) errs.push(...validatePortNumOrName(probe.httpGet.port, `${path}.httpGet.port`));
  if (probe.tcpSocket) errs.push(...validatePortNumOrName(probe.tcpSocket.port, `${path}.tcpSocket.port`));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof probe[k] === 'number' && probe[k] < 0) errs.push(invalid(`${path}.${k}`, probe[k], 'must be greater than or equal to 0'));
  }
  return errs;
}

function validateContainer(c: Json, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else errs.push(...validateDNS1123Label(String(c.name), `${path}.name`));
  if (!c.image) errs.push(required(`${path}.image`));
  if (!c.imagePullPolicy) errs.push(required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
    errs.push(unsupportedInOrder(`${path}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateContainerPorts(c.ports ?? [], `${path}.ports`));
  (c.env ?? []).forEach((e: Json, i: number) => {
    const ep = `${path}.env[${i}]`;
    if (!e?.name) errs.push(required(`${ep}.name`));
    else if (!envVarRe.test(e.name)) errs.push(invalid(`${ep}.name`, e.name, ENV_VAR_ERROR));
  });
  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m: Json, i: number) => {
    const mp = `${path}.volumeMounts[${i}]`;
    if (!m?.name) errs.push(required(`${mp}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${mp}.name`, m.name));
    if (!m?.mountPath) errs.push(required(`${mp}.mountPath`));
    else if (mountPaths.has(m.mountPath)) errs.push(invalid(`${mp}.mountPath`, m.mountPath, 'must be unique'));
    else mountPaths.add(m.mountPath);
  });
  return errs;
}

export interface PodSpecValidationOptions {
  /** The spec belongs to a pod template (ReplicaSet/Deployment/…): no ephemeral containers. */
  template?: boolean;
}

/** ValidatePodSpec: volumes, containers, init containers, restartPolicy, dnsPolicy, nodeSelector, names. */
export function validatePodSpec(spec: Json | undefined, path: string, _opts: PodSpecValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const s: Json = spec ?? {};
  const volumes = new Set<string>();
  (s.volumes ?? []).forEach((v: Json, i: number) => {
    const vp = `${path}.volumes[${i}]`;
    if (!v?.name) errs.push(required(`${vp}.name`));
    else {
      errs.push(...validateDNS1123Label(String(v.name), `${vp}.name`));
      if (volumes.has(v.name)) errs.push(duplicate(`${vp}.name`, v.name));
      volumes.add(v.name);
    }
  });

  const containers: Json[] = s.containers ?? [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cp = `${path}.containers[${i}]`;
    errs.push(...validateContainer(c ?? {}, volumes, cp));
    if (names.has(c?.name)) errs.push(duplicate(`${cp}.name`, c.name));
    else names.add(c?.name);
    errs.push(...validateProbe(c?.livenessProbe, `${cp}.livenessProbe`));
    errs.push(...validateProbe(c?.readinessProbe, `${cp}.readinessProbe`));
    errs.push(...validateProbe(c?.startupProbe, `${cp}.startupProbe`));
    if (c?.restartPolicy !== undefined) errs.push(forbidden(`${cp}.restartPolicy`, 'may not be set for non-init containers'));
  });
  (s.initContainers ?? []).forEach((c: Json, i: number) => {
    const cp = `${path}.initContainers[${i}]`;
    errs.push(...validateContainer(c ?? {}, volumes, cp));
    if (names.has(c?.name)) errs.push(duplicate(`${cp}.name`, c.name));
    else names.add(c?.name);
  });

  if (!s.restartPolicy) errs.push(required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(s.restartPolicy)) {
    errs.push(unsupportedInOrder(`${path}.restartPolicy`, s.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (!s.dnsPolicy) errs.push(required(`${path}.dnsPolicy`));
  else if (!dnsPolicies.includes(s.dnsPolicy)) errs.push(unsupportedInOrder(`${path}.dnsPolicy`, s.dnsPolicy, dnsPolicies));
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.serviceAccountName) for (const e of validateDNS1123Subdomain(String(s.serviceAccountName), `${path}.serviceAccountName`)) errs.push(e);
  if (s.nodeName) for (const e of validateDNS1123Subdomain(String(s.nodeName), `${path}.nodeName`)) errs.push(e);
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (!(v >= 1 && v <= 2147483647)) errs.push(invalid(`${path}.activeDeadlineSeconds`, v, 'must be between 1 and 2147483647, inclusive'));
  }
  if (s.hostname) errs.push(...validateDNS1123Label(String(s.hostname), `${path}.hostname`));
  if (s.subdomain) errs.push(...validateDNS1123Label(String(s.subdomain), `${path}.subdomain`));
  return errs;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function podSpecUpdateErrors(spec: Json, old: Json): FieldError[] {
  const munged: Json = structuredClone(spec);
  const copyImages = (key: string) => {
    (munged[key] ?? []).forEach((c: Json, i: number) => {
      const o = old[key]?.[i];
      if (o && c) c.image = o.image;
    });
  };
  copyImages('containers');
  copyImages('initContainers');
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.tolerations = old.tolerations;
  // kubesim addition: setting nodeName once stands in for the binding subresource the scheduler uses.
  if (!old.nodeName) munged.nodeName = old.nodeName;
  const norm = (o: Json) => JSON.stringify(o, (_k, v) => (v === undefined ? undefined : v));
  if (norm(munged) === norm(old)) return [];
  return [forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`)];
}

export const podStrategy: Strategy = {
  prepareForCreate(obj, cluster) {
    const spec = ((obj.spec ??= {}) as Json);
    setPodDefaults(spec);
    admitPod(spec, cluster, obj.metadata.annotations);
    obj.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
  },
  validateCreate(obj) {
    const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
    errs.push(...validatePodSpec(obj.spec as Json, 'spec'));
    if ((obj.spec as Json)?.ephemeralContainers?.length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    return errs;
  },
  prepareForUpdate(obj, old) {
    setPodDefaults(((obj.spec ??= {}) as Json));
    obj.status = structuredClone(old.status);
  },
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    errs.push(...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain));
    errs.push(...validatePodSpec(obj.spec as Json, 'spec'));
    errs.push(...podSpecUpdateErrors((obj.spec ?? {}) as Json, (old.spec ?? {}) as Json));
    return errs;
  },
};

