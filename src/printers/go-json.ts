/**
 * `-o json` as kubectl prints it: Go's json.MarshalIndent with four spaces and a newline, strings
 * HTML-safe (<, >, & and U+2028/U+2029 escaped). The key order depends on where the object came
 * from, as in kubectl:
 * - read from the API server (get, apply, create -f, scale, label, wait): an unstructured map,
 *   so every key is sorted;
 * - built by kubectl itself (the create generators, expose --dry-run=client, config view): a Go
 *   struct, so fields follow the struct's declaration and only maps are sorted.
 */
import type { KObject } from '../api/resources.js';

/** The JSON of an object read from the API server. */
export function unstructuredJson(value: unknown): string {
  return marshal(value, '', {}, '    ', 0) + '\n';
}

/** json.Marshal of a map: compact, every key sorted (the last-applied annotation's value). */
export function sortedCompactJson(value: unknown): string {
  return marshal(value, '', {}, '', 0);
}

/** Field order of the Go structs on each path of a typed object ('' is the object; `[]` an element). */
export type StructOrder = Record<string, string[]>;

const TYPE_META = ['kind', 'apiVersion', 'metadata', 'spec', 'status'];
const OBJECT_META = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const META_PATHS: StructOrder = {
  metadata: OBJECT_META,
  'metadata.ownerReferences[]': ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'],
  'metadata.managedFields[]': ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'],
};

/** k8s.io/api core/v1 and apps/v1, for the objects kubesim's generators build. */
const STRUCTS: Record<string, StructOrder> = {
  Service: {
    '': TYPE_META,
    ...META_PATHS,
    spec: [
      'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName',
      'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
    ],
    'spec.ports[]': ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'],
    'spec.sessionAffinityConfig': ['clientIP'],
    'spec.sessionAffinityConfig.clientIP': ['timeoutSeconds'],
    status: ['loadBalancer', 'conditions'],
    'status.loadBalancer': ['ingress'],
    'status.loadBalancer.ingress[]': ['ip', 'hostname', 'ipMode', 'ports'],
    'status.loadBalancer.ingress[].ports[]': ['port', 'protocol', 'error'],
    'status.conditions[]': ['type', 'status', 'observedGeneration', 'lastTransitionTime', 'reason', 'message'],
  },
  Namespace: { '': TYPE_META, ...META_PATHS, spec: ['finalizers'], status: ['phase', 'conditions'] },
  Deployment: {
    '': TYPE_META,
    ...META_PATHS,
    spec: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
    'spec.selector': ['matchLabels', 'matchExpressions'],
    'spec.template': ['metadata', 'spec'],
    'spec.template.metadata': OBJECT_META,
    'spec.template.spec': ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'],
    'spec.template.spec.containers[]': ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'],
    'spec.template.spec.containers[].ports[]': ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
    'spec.strategy': ['type', 'rollingUpdate'],
    'spec.strategy.rollingUpdate': ['maxUnavailable', 'maxSurge'],
    status: ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'conditions', 'collisionCount'],
  },
};

/** The JSON of an object kubectl built as a Go struct (`order` defaults to its kind's structs). */
export function typedJson(value: unknown, order: StructOrder = STRUCTS[(value as KObject).kind] ?? {}): string {
  return marshal(value, '', order, '    ', 0) + '\n';
}

/** Compact typed JSON (the last-applied annotation kubectl writes for --save-config). */
export function typedJsonCompact(value: unknown, order: StructOrder = STRUCTS[(value as KObject).kind] ?? {}): string {
  return marshal(value, '', order, '', 0) + '\n';
}

/** A JSON string as encoding/json writes it. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * json.Marshal (indent '') or MarshalIndent. A path with an entry in `order` is a struct: its
 * fields in that order (any others after, sorted); every other object is a map: keys sorted.
 * Undefined fields are left out, as omitempty leaves out what was never set.
 */
function marshal(v: unknown, path: string, order: StructOrder, indent: string, level: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v !== 'object') return String(v);
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const close = indent ? '\n' + indent.repeat(level) : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => nl + marshal(x, `${path}[]`, order, indent, level + 1)).join(',') + close + ']';
  }
  const o = v as Record<string, unknown>;
  const fields = order[path];
  const keys = (fields ? [...fields.filter((k) => k in o), ...Object.keys(o).filter((k) => !fields.includes(k)).sort()] : Object.keys(o).sort()).filter((k) => o[k] !== undefined);
  if (keys.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  const child = (k: string) => (fields ? (path === '' ? k : `${path}.${k}`) : `${path}.*`); // below a map nothing is a struct
  return '{' + keys.map((k) => nl + goJsonString(k) + sep + marshal(o[k], child(k), order, indent, level + 1)).join(',') + close + '}';
}
