/**
 * Services: defaults (SetDefaults_Service), the registry's allocation (ClusterIPs, IP families,
 * NodePorts, healthCheckNodePort — before validation, as BeginCreate/BeginUpdate run), the update
 * fix-ups (patchAllocatedValues, normalizeClusterIPs, dropTypeDependentFields) and ValidateService
 * in the apiserver's order. Allocated sets are derived from the Service objects in the cluster.
 */
import type { KObject } from '../../api/resources.js';
import type { Cluster } from '../../store/cluster-state.js';
import type { Strategy } from '../strategy.js';
import { ApiError, invalidError } from '../status.js';
import { duplicate, forbidden, GoLiteral, goQuote, goStringSlice, invalid, required, unsupported, type FieldError } from '../field-errors.js';
import { allocateClusterIP, checkClusterIP } from '../../allocators/clusterip-allocator.js';
import { allocateNodePort, checkNodePort } from '../../allocators/nodeport-allocator.js';
import { nameIsDNS1035Label, validateDNS1123Label, validateDNS1123Subdomain } from '../../validation/names.js';
import { isQualifiedName, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { validatePortNum, validatePortNumOrName } from '../../validation/ports.js';
import { isIPv6String, validateCIDR, validateIP, validateNonSpecialIP } from '../../validation/ip.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerSourceRanges?: string[];
  loadBalancerClass?: string;
  trafficDistribution?: string;
  [key: string]: unknown;
}

type ServiceObject = KObject & { spec?: ServiceSpec; status?: Record<string, unknown> };

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
export const DEFAULT_CLIENT_IP_TIMEOUT = 10800;
const MAX_CLIENT_IP_TIMEOUT = 86400;

function specOf(obj: KObject): ServiceSpec {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  return obj.spec as ServiceSpec;
}

// ---------------------------------------------------------------------------------------------
// Predicates (pkg/api/service, registry/core/service)

export function isHeadless(spec: ServiceSpec): boolean {
  return (spec.clusterIPs?.length ?? 0) === 1 && spec.clusterIPs![0] === 'None';
}

/** NodePort, LoadBalancer, or ClusterIP with externalIPs. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}

export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  if (spec.type === 'LoadBalancer') return spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Defaults

/** SetDefaults_Service, applied to what the client sent (before allocation and validation). */
export function setServiceDefaults(spec: ServiceSpec): void {
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t === undefined || t === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port ?? 0;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    spec.allocateLoadBalancerNodePorts = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Allocation state derived from the cluster

function serviceKey(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function clusterIPsOf(s: ServiceObject | undefined): string[] {
  return (s?.spec?.clusterIPs ?? (s?.spec?.clusterIP ? [s.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
}

/**
 * Which Services hold which ClusterIPs, kept per session and brought up to date from the Services
 * written since: an apply of thousands of Services allocates thousands of times, and rebuilding
 * the set from every Service each time made it quadratic.
 */
interface ClusterIPIndex {
  at: number;
  byKey: Map<string, string[]>;
  holders: Map<string, number>;
}
const clusterIPIndexes = new WeakMap<Cluster, ClusterIPIndex>();

function clusterIPIndex(cluster: Cluster): ClusterIPIndex {
  const services = (cluster.state.objects.Service ?? {}) as Record<string, ServiceObject>;
  const set = (idx: ClusterIPIndex, key: string, ips: string[]) => {
    for (const ip of idx.byKey.get(key) ?? []) idx.holders.set(ip, idx.holders.get(ip)! - 1);
    idx.byKey.set(key, ips);
    for (const ip of ips) idx.holders.set(ip, (idx.holders.get(ip) ?? 0) + 1);
  };
  let idx = clusterIPIndexes.get(cluster);
  if (!idx) {
    idx = { at: cluster.state.resourceVersion, byKey: new Map(), holders: new Map() };
    for (const [key, svc] of Object.entries(services)) set(idx, key, clusterIPsOf(svc));
    clusterIPIndexes.set(cluster, idx);
  } else if (idx.at !== cluster.state.resourceVersion) {
    for (const key of cluster.keysChangedSince('Service', idx.at)) set(idx, key, clusterIPsOf(services[key]));
    idx.at = cluster.state.resourceVersion;
  }
  return idx;
}

/** ClusterIPs held by every Service but `except`. */
export function usedClusterIPs(cluster: Cluster, except?: KObject): Pick<ReadonlySet<string>, 'has'> {
  const idx = clusterIPIndex(cluster);
  const own = new Set(except ? (idx.byKey.get(serviceKey(except)) ?? []) : []);
  return { has: (ip: string) => (idx.holders.get(ip) ?? 0) - (own.has(ip) ? 1 : 0) > 0 };
}

/** NodePorts and healthCheckNodePorts held by every Service but `except`. */
export function usedNodePorts(cluster: Cluster, except?: KObject): Set<number> {
  const used = new Set<number>();
  const skip = except && serviceKey(except);
  for (const s of Object.values(cluster.state.objects.Service ?? {}) as ServiceObject[]) {
    if (skip && serviceKey(s) === skip) continue;
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort);
  }
  return used;
}

function internalError(message: string): ApiError {
  return new ApiError('InternalError', `Internal error occurred: ${message}`);
}

function clusterIPsValue(spec: ServiceSpec): GoLiteral {
  return spec.clusterIPs ? goStringSlice(spec.clusterIPs) : new GoLiteral('[]string(nil)');
}

// ---------------------------------------------------------------------------------------------
// ClusterIP fields (normalizeClusterIPs, initIPFamilyFields, allocClusterIPs)

function sameStrings(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function normalizeClusterIPs(spec: ServiceSpec, old?: ServiceSpec): void {
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if ((old.clusterIPs?.length ?? 0) > 0 && !spec.clusterIPs?.length && (old.clusterIP ?? '') === (spec.clusterIP ?? '')) {
    spec.clusterIPs = [...old.clusterIPs!];
  }
  if ((old.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (old.clusterIP && !spec.clusterIP) {
      // A client clearing clusterIP: clear the plural too when it was left as it was.
      if (sameStrings(old.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameStrings(old.clusterIPs, spec.clusterIPs)) {
      // clusterIP changed (or newly set) with the plural untouched: the plural follows.
      spec.clusterIPs = [spec.clusterIP!];
    }
  }
}

const familyOf = (ip: string): string => (isIPv6String(ip) ? 'IPv6' : 'IPv4');

/** The cluster is single-stack IPv4. Throws a 422 for inputs the allocator cannot work with. */
function initIPFamilyFields(obj: ServiceObject, spec: ServiceSpec, old?: ServiceSpec): void {
  if (spec.type === 'ExternalName') return;
  const name = obj.metadata.name;
  if (!spec.ipFamilyPolicy) {
    if (old?.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }
  const pre = validateClusterIPsRelatedFields(spec);
  if (pre.length > 0) throw invalidError('Service', name, pre);

  const el: FieldError[] = [];
  if (old && spec.ipFamilyPolicy === 'SingleStack') {
    if (sameStrings(old.clusterIPs, spec.clusterIPs) && (spec.clusterIPs?.length ?? 0) > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
    if (sameStrings(old.ipFamilies, spec.ipFamilies) && (spec.ipFamilies?.length ?? 0) > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (spec.clusterIPs?.length === 2) el.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if (spec.ipFamilies?.length === 2) el.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    if (ip === 'None') break;
    const fam = familyOf(ip);
    if (i >= (spec.ipFamilies?.length ?? 0)) {
      if (fam !== 'IPv4') el.push(invalid(`spec.clusterIPs[${i}]`, clusterIPsValue(spec), `${fam} is not configured on this cluster`));
      else spec.ipFamilies = [...(spec.ipFamilies ?? []), fam];
    }
  }
  if (el.length > 0) throw invalidError('Service', name, el);

  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
    if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
      spec.ipFamilies = [...spec.ipFamilies, spec.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    }
    return;
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack') el.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  for (const [i, fam] of (spec.ipFamilies ?? []).entries()) {
    if (fam !== 'IPv4') el.push(invalid(`spec.ipFamilies[${i}]`, fam, 'not configured on this cluster'));
  }
  if (el.length > 0) throw invalidError('Service', name, el);
  if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
}

function allocClusterIPs(obj: ServiceObject, spec: ServiceSpec, cluster: Cluster, old?: KObject): void {
  if (spec.type === 'ExternalName' || spec.clusterIPs?.[0] === 'None') return;
  const wanted = spec.clusterIPs?.[0] ?? '';
  const used = usedClusterIPs(cluster, old ?? obj);
  let ip: string;
  if (wanted === '') {
    const r = allocateClusterIP(cluster.spec.serviceCIDR, used, cluster.random);
    if (!r.ok) throw internalError(`failed to allocate a serviceIP: ${r.error}`);
    ip = r.value;
  } else {
    const err = checkClusterIP(cluster.spec.serviceCIDR, wanted, used);
    if (err) throw invalidError('Service', obj.metadata.name, [invalid('spec.clusterIPs', clusterIPsValue(spec), `failed to allocate IP ${wanted}: ${err}`)]);
    ip = wanted;
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)];
}

// ---------------------------------------------------------------------------------------------
// NodePorts (initNodePorts, updateNodePorts, health check node port)

function nodePortError(obj: KObject, i: number, port: number, err: string): ApiError {
  return invalidError('Service', obj.metadata.name, [invalid(`spec.ports[${i}].nodePort`, port, err)]);
}

function initNodePorts(obj: ServiceObject, spec: ServiceSpec, cluster: Cluster, used: Set<number>): void {
  const ports = spec.ports ?? [];
  const byServicePort = new Map<number, number>();
  const range = cluster.spec.nodePortRange;
  ports.forEach((sp, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(spec)) return;
    const already = byServicePort.get(sp.port ?? 0);
    if (already === undefined) {
      // A later port with the same number may carry the user's choice for both.
      const requested = ports.slice(i).find((p) => p.port === sp.port && p.nodePort)?.nodePort ?? 0;
      if (requested) {
        const err = checkNodePort(range, requested, used);
        if (err) throw nodePortError(obj, i, requested, err);
        used.add(requested);
        sp.nodePort = requested;
        byServicePort.set(sp.port ?? 0, requested);
      } else {
        const r = allocateNodePort(range, used, cluster.random);
        if (!r.ok) throw internalError(`failed to allocate a nodePort: ${r.error}`);
        used.add(r.value);
        sp.nodePort = r.value;
        byServicePort.set(sp.port ?? 0, r.value);
      }
    } else if (sp.nodePort !== already) {
      if (!sp.nodePort) sp.nodePort = already;
      else {
        const err = checkNodePort(range, sp.nodePort, used);
        if (err) throw nodePortError(obj, i, sp.nodePort, err);
        used.add(sp.nodePort);
      }
    }
  });
}

function updateNodePorts(obj: ServiceObject, spec: ServiceSpec, old: ServiceSpec, cluster: Cluster, used: Set<number>): void {
  const oldNumbers = new Set((old.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
  const seen = new Set<string>();
  const allocatedHere = new Set<number>();
  const range = cluster.spec.nodePortRange;
  (spec.ports ?? []).forEach((sp, i) => {
    if (!sp.nodePort && !shouldAllocateNodePorts(spec)) return;
    if (sp.nodePort) {
      if (!oldNumbers.has(sp.nodePort) && !allocatedHere.has(sp.nodePort)) {
        const err = checkNodePort(range, sp.nodePort, used);
        if (err) throw nodePortError(obj, i, sp.nodePort, err);
        used.add(sp.nodePort);
        allocatedHere.add(sp.nodePort);
      }
    } else {
      const r = allocateNodePort(range, used, cluster.random);
      if (!r.ok) throw internalError(`failed to allocate a nodePort: ${r.error}`);
      used.add(r.value);
      sp.nodePort = r.value;
    }
    const key = `${sp.protocol} ${sp.nodePort}`;
    if (seen.has(key)) throw internalError(`duplicate nodePort: {${key}}`);
    seen.add(key);
  });
}

function allocHealthCheckNodePort(spec: ServiceSpec, cluster: Cluster, used: Set<number>): void {
  const range = cluster.spec.nodePortRange;
  if (spec.healthCheckNodePort) {
    const err = checkNodePort(range, spec.healthCheckNodePort, used);
    if (err) throw internalError(`failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: ${err}`);
    used.add(spec.healthCheckNodePort);
  } else {
    const r = allocateNodePort(range, used, cluster.random);
    if (!r.ok) throw internalError(`failed to allocate a HealthCheck NodePort 0: ${r.error}`);
    used.add(r.value);
    spec.healthCheckNodePort = r.value;
  }
}

// ---------------------------------------------------------------------------------------------
// Update fix-ups

function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = [...old.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const nums = (s: ServiceSpec) => new Set((s.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
    const newNums = nums(spec);
    const inBoth = new Set([...nums(old)].filter((n) => newNums.has(n)));
    const byName = new Map<string, number>();
    for (const p of old.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (!p.nodePort) {
        const v = byName.get(p.name ?? '') ?? 0;
        if (v && !inBoth.has(v)) p.nodePort = v;
      }
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort && old.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

function dropTypeDependentFields(obj: ServiceObject, spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if ((old.clusterIP ?? '') === (spec.clusterIP ?? '') && sameStrings(old.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStrings(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if ((old.ipFamilyPolicy ?? '') === (spec.ipFamilyPolicy ?? '')) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const set = (s: ServiceSpec) => [...new Set((s.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n))].sort().join(',');
    if (set(old) === set(spec)) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(spec) && (old.healthCheckNodePort ?? 0) === (spec.healthCheckNodePort ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (typeof spec.allocateLoadBalancerNodePorts === 'boolean' && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (old.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && old.externalTrafficPolicy === spec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer') obj.status = { ...(obj.status ?? {}), loadBalancer: {} };
}

// ---------------------------------------------------------------------------------------------
// Validation

/** ValidateServiceClusterIPsRelatedFields (also run by the allocator before it allocates). */
export function validateClusterIPsRelatedFields(spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid('spec.clusterIPs', clusterIPsValue(spec), 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalid('spec.clusterIPs', clusterIPsValue(spec), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((fam, i) => {
    if (fam !== 'IPv4' && fam !== 'IPv6') errs.push(unsupported(`spec.ipFamilies[${i}]`, fam, ['IPv4', 'IPv6']));
    if (seen.has(fam)) errs.push(duplicate(`spec.ipFamilies[${i}]`, fam));
    seen.add(fam);
  });
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(spec.ipFamilyPolicy)) {
    errs.push(unsupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  let hasInvalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalid = true;
        errs.push(invalid('spec.clusterIPs', clusterIPsValue(spec), "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(ip, `spec.clusterIPs[${i}]`);
    if (e.length) hasInvalid = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', clusterIPsValue(spec), 'may only hold up to 2 values'));
  if (hasInvalid) return errs;
  if (ips.length > 1) {
    const fams = ips.map(familyOf);
    if (!(ips.length === 2 && fams[0] !== fams[1])) errs.push(invalid('spec.clusterIPs', clusterIPsValue(spec), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && ips.length > 0 && (spec.ipFamilies?.length ?? 0) > 0) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies![i];
      if (fam === undefined) return;
      if (fam === 'IPv4' && isIPv6String(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === 'IPv6' && !isIPv6String(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

/** Go's %#v of a core.ServicePort key as the duplicate-port check reports it. */
function servicePortKeyDump(protocol: string, port: number): GoLiteral {
  return new GoLiteral(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(required(`${path}.name`));
  else if (sp.name) {
    errs.push(...validateDNS1123Label(sp.name, `${path}.name`));
    if (names.has(sp.name)) errs.push(duplicate(`${path}.name`, sp.name));
    else names.add(sp.name);
  }
  errs.push(...validatePortNum(sp.port ?? 0, `${path}.port`));
  if (!sp.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(sp.protocol)) errs.push(unsupported(`${path}.protocol`, sp.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort, `${path}.targetPort`));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
    for (const m of isQualifiedName(sp.appProtocol)) errs.push(invalid(`${path}.appProtocol`, sp.appProtocol, m));
  }
  return errs;
}

/** ValidateService, check by check in the apiserver's order (§2.4). */
export function validateService(obj: ServiceObject): FieldError[] {
  const spec = specOf(obj);
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNS1035Label);
  const headless = isHeadless(spec);
  const ports = spec.ports ?? [];

  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless) errs.push(invalid('spec.clusterIPs[0]', spec.clusterIPs![0], `may not be set to 'None' for ${spec.type} services`));
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs?.length ?? 0) > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies?.length ?? 0) > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname.length > 0) errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
      else errs.push(required('spec.externalName'));
      break;
    }
  }

  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));

  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (spec.sessionAffinity !== 'ClientIP' && spec.sessionAffinity !== 'None') {
    errs.push(unsupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  }
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    const when = 'when session affinity type is ClientIP';
    if (!cfg) errs.push(required('spec.sessionAffinityConfig', when));
    else if (!cfg.clientIP) errs.push(required('spec.sessionAffinityConfig.clientIP', when));
    else if (cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null) errs.push(required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', when));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MAX_CLIENT_IP_TIMEOUT) {
        errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT}`));
      }
    }
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errs.push(...validateClusterIPsRelatedFields(spec));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const e = validateIP(ip, `spec.externalIPs[${i}]`);
    errs.push(...(e.length ? e : validateNonSpecialIP(ip, `spec.externalIPs[${i}]`)));
  });

  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(unsupported('spec.type', spec.type, SERVICE_TYPES));

  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePortKeys = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePortKeys.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePortKeys.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) errs.push(duplicate(`spec.ports[${i}]`, servicePortKeyDump(p.protocol ?? '', p.port ?? 0)));
    portKeys.add(key);
  });

  if ((spec.loadBalancerSourceRanges?.length ?? 0) > 0) {
    const f = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(f, "may only be used when `type` is 'LoadBalancer'"));
    spec.loadBalancerSourceRanges!.forEach((v, i) => errs.push(...validateCIDR(String(v).trim(), `${f}[${i}]`)));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && spec.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  errs.push(...validateLoadBalancerClass(spec));

  // External traffic policy and the health check node port.
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (spec.externalTrafficPolicy !== 'Cluster' && spec.externalTrafficPolicy !== 'Local') {
    errs.push(unsupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (!needsHealthCheck(spec)) {
    if (spec.healthCheckNodePort) {
      errs.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (!spec.healthCheckNodePort) errs.push(required('spec.healthCheckNodePort'));
  else errs.push(...validatePortNum(spec.healthCheckNodePort, 'spec.healthCheckNodePort'));

  if (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') errs.push(required('spec.internalTrafficPolicy'));
  } else if (spec.internalTrafficPolicy !== 'Cluster' && spec.internalTrafficPolicy !== 'Local') {
    errs.push(unsupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  }

  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && spec.trafficDistribution !== 'PreferClose') {
    errs.push(unsupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateLoadBalancerClass(spec: ServiceSpec, old?: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (old && old.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && (old.loadBalancerClass ?? null) !== (spec.loadBalancerClass ?? null)) {
    errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
      for (const m of isQualifiedName(spec.loadBalancerClass)) errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass, m));
    }
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(spec: ServiceSpec, old: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return errs;
  if (isHeadless(old) && isHeadless(spec)) return errs;
  const n = spec.clusterIPs ?? [];
  const o = old.clusterIPs ?? [];
  const value = clusterIPsValue(spec);
  if (o.length === n.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, value, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0) errs.push(invalid('spec.clusterIPs[0]', value, 'primary clusterIP can not be unset'));
    if (o.length > 0 && n.length > 0 && n[0] !== o[0]) errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
    if (n.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (o.length > 0 && n[0] !== o[0]) {
    errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(spec: ServiceSpec, old: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return errs;
  if (isHeadless(old) !== isHeadless(spec) || isHeadless(spec)) return errs;
  const n = spec.ipFamilies ?? [];
  const o = old.ipFamilies ?? [];
  const famValue = new GoLiteral(`[]core.IPFamily{${n.map(goQuote).join(', ')}}`);
  if (o.length === n.length) {
    o.forEach((f, i) => {
      if (f !== n[i]) errs.push(invalid('spec.ipFamilies[0]', famValue, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if ((spec.clusterIPs?.length ?? 0) === 0) errs.push(invalid('spec.ipFamilies[0]', famValue, 'primary ipFamily can not be unset'));
    if (n.length > 0 && n[0] !== o[0]) errs.push(invalid('spec.ipFamilies[0]', clusterIPsValue(spec), 'may not change once set'));
    if (n.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (o.length > 0 && n.length > 0 && n[0] !== o[0]) {
    errs.push(invalid('spec.ipFamilies[0]', clusterIPsValue(spec), 'may not change once set'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// The strategy

export const serviceStrategy: Strategy = {
  prepareForCreate(obj) {
    setServiceDefaults(specOf(obj));
    obj.status = { loadBalancer: {} };
  },

  beginCreate(obj, cluster) {
    const svc = obj as ServiceObject;
    const spec = specOf(obj);
    normalizeClusterIPs(spec);
    initIPFamilyFields(svc, spec);
    allocClusterIPs(svc, spec, cluster);
    if (!needsNodePort(spec) && !needsHealthCheck(spec)) return;
    const used = usedNodePorts(cluster, obj);
    if (needsNodePort(spec)) initNodePorts(svc, spec, cluster, used);
    if (needsHealthCheck(spec)) allocHealthCheckNodePort(spec, cluster, used);
  },

  validateCreate(obj) {
    return validateService(obj as ServiceObject);
  },

  prepareForUpdate(obj) {
    setServiceDefaults(specOf(obj));
  },

  beginUpdate(obj, old, cluster) {
    const svc = obj as ServiceObject;
    const spec = specOf(obj);
    const oldSpec = (old.spec ?? {}) as ServiceSpec;
    // BeginUpdate: fill in what the client left out, then allocate for type changes.
    patchAllocatedValues(spec, oldSpec);
    normalizeClusterIPs(spec, oldSpec);
    initIPFamilyFields(svc, spec, oldSpec);
    if (oldSpec.type === 'ExternalName' && spec.type !== 'ExternalName') allocClusterIPs(svc, spec, cluster, old);
    const used = usedNodePorts(cluster, old);
    for (const p of oldSpec.ports ?? []) if (p.nodePort) used.add(p.nodePort); // released only after the update
    if (oldSpec.healthCheckNodePort) used.add(oldSpec.healthCheckNodePort);
    if (needsNodePort(spec)) updateNodePorts(svc, spec, oldSpec, cluster, used);
    if (!needsHealthCheck(oldSpec) && needsHealthCheck(spec)) allocHealthCheckNodePort(spec, cluster, used);
    // PrepareForUpdate: status belongs to the status subresource; drop fields the new type does not use.
    svc.status = structuredClone((old as ServiceObject).status ?? { loadBalancer: {} });
    dropTypeDependentFields(svc, spec, oldSpec);
  },

  validateUpdate(obj, old) {
    const spec = specOf(obj);
    const oldSpec = (old.spec ?? {}) as ServiceSpec;
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateUpgradeDowngradeClusterIPs(spec, oldSpec),
      ...validateUpgradeDowngradeIPFamilies(spec, oldSpec),
      ...validateLoadBalancerClass(spec, oldSpec).filter((e) => e.detail === 'may not change once set'),
      ...validateService(obj as ServiceObject),
    ];
  },
};

