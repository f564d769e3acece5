/**
 * The kubelet's Service environment variables (pkg/kubelet/envvars, getServiceEnvVarMap):
 * - the Services of the pod's own namespace (when spec.enableServiceLinks, default true), plus
 *   `default/kubernetes` always (a same-namespace Service named `kubernetes` wins over it);
 * - Services without a ClusterIP (headless, ExternalName) give none;
 * - per Service: `<P>_SERVICE_HOST`, `<P>_SERVICE_PORT` (ports[0]), `<P>_SERVICE_PORT_<NAME>` per
 *   named port, `<P>_PORT` (ports[0] as `<proto>://<ip>:<port>`), then for every port
 *   `<P>_PORT_<port>_<PROTO>` and its `_PROTO`, `_PORT`, `_ADDR`;
 * - computed **when the container starts**: a Service created later is absent, and a Service changed
 *   or deleted later keeps the values it had then.
 *
 * Nothing in the API objects records when a Service appeared, changed or went away, so this module
 * keeps its own bookkeeping in the state (`podEnv.services`, by Service uid): the revision the
 * Service was first seen at (its creation: reconcile runs right after the creating write), each
 * later change of the env-relevant fields (clusterIP, ports), and the revision it was seen deleted
 * at. `recordServiceRevisions` runs at the start of every reconcile pass. Comparing with
 * `containerStartRevision` (controllers/kubelet.ts) gives the Services as the container saw them.
 * History no living started pod can need any more is pruned, so the bookkeeping stays small.
 * Services already present in a state file written before this bookkeeping existed count as
 * created at their current resourceVersion.
 */
import type { KObject } from '../../api/resources.js';
import type { Cluster, ClusterState } from '../../store/cluster-state.js';
import type { Service } from '../../controllers/endpoints.js';
import { containerStartRevision, type Pod } from '../../controllers/kubelet.js';

type PortTuple = [name: string, port: number, protocol: string];

interface SvcVersion {
  /** Valid from this revision on. */
  rev: number;
  clusterIP: string;
  ports: PortTuple[];
}

interface SvcRecord {
  namespace: string;
  name: string;
  created: number;
  /** The revision at which the Service was seen gone. */
  deleted?: number;
  versions: SvcVersion[];
}

/** kubesim's own bookkeeping, a top-level key of the state file. */
export interface PodEnvState {
  services: Record<string, SvcRecord>;
}

function podEnvState(cluster: Cluster, create: boolean): PodEnvState | undefined {
  const s = cluster.state as ClusterState & { podEnv?: PodEnvState };
  if (!s.podEnv && create) s.podEnv = { services: {} };
  return s.podEnv;
}

function clusterIPOf(svc: Service): string {
  const ip = svc.spec.clusterIP ?? '';
  return svc.spec.type === 'ExternalName' ? '' : ip;
}

function portsOf(svc: Service): PortTuple[] {
  return (svc.spec.ports ?? []).map((p) => [p.name ?? '', p.port, p.protocol ?? 'TCP']);
}

function sameVersion(v: SvcVersion, ip: string, ports: PortTuple[]): boolean {
  return v.clusterIP === ip && JSON.stringify(v.ports) === JSON.stringify(ports);
}

/**
 * Record Service creations, env-relevant changes and deletions (by uid); pruneServiceHistory drops
 * what no pod can need any more. Writes only kubesim's
 * `podEnv` key — never an object, never the resourceVersion — so it cannot keep reconcile from settling.
 */
export function recordServiceRevisions(cluster: Cluster): void {
  const bucket = cluster.state.objects.Service ?? {};
  const existing = podEnvState(cluster, false);
  if (!existing && Object.keys(bucket).length === 0) return;
  const st = podEnvState(cluster, true)!;
  const seen = new Set<string>();
  for (const svc of Object.values(bucket) as Service[]) {
    const uid = svc.metadata.uid;
    if (!uid) continue;
    seen.add(uid);
    const rv = Number(svc.metadata.resourceVersion) || 0;
    const ip = clusterIPOf(svc);
    const ports = portsOf(svc);
    const rec = st.services[uid];
    if (!rec) {
      st.services[uid] = { namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name, created: rv, versions: [{ rev: rv, clusterIP: ip, ports }] };
    } else if (!sameVersion(rec.versions[rec.versions.length - 1], ip, ports)) {
      rec.versions.push({ rev: rv, clusterIP: ip, ports });
    }
  }
  for (const [uid, rec] of Object.entries(st.services)) {
    if (!seen.has(uid) && rec.deleted === undefined) rec.deleted = cluster.state.resourceVersion;
  }
}

/**
 * Drop deleted Services and superseded versions that no started, living pod can have seen. Only
 * pods going away let more go, so the reconciler runs it when pods change.
 */
export function pruneServiceHistory(cluster: Cluster): void {
  const st = podEnvState(cluster, false);
  if (!st || !Object.values(st.services).some((rec) => rec.deleted !== undefined || rec.versions.length > 1)) return;
  let minStart = Infinity;
  for (const pod of Object.values(cluster.state.objects.Pod ?? {})) {
    const s = containerStartRevision(cluster, pod);
    if (s !== undefined && s < minStart) minStart = s;
  }
  for (const [uid, rec] of Object.entries(st.services)) {
    if (rec.deleted !== undefined && rec.deleted <= minStart) {
      delete st.services[uid];
      continue;
    }
    // Keep the version valid at minStart and every later one.
    let keepFrom = 0;
    for (let i = 0; i < rec.versions.length; i++) if (rec.versions[i].rev < minStart) keepFrom = i;
    if (keepFrom > 0) rec.versions = rec.versions.slice(keepFrom);
  }
}

interface VisibleService {
  namespace: string;
  name: string;
  clusterIP: string;
  ports: PortTuple[];
}

/** The Services (env-relevant fields) as they were at revision `at`, in the given namespaces. */
function servicesAt(cluster: Cluster, at: number, namespaces: Set<string>): VisibleService[] {
  const out: VisibleService[] = [];
  const st = podEnvState(cluster, false);
  const recorded = new Set<string>();
  for (const [uid, rec] of Object.entries(st?.services ?? {})) {
    recorded.add(uid);
    if (!namespaces.has(rec.namespace)) continue;
    if (rec.created >= at) continue;
    if (rec.deleted !== undefined && rec.deleted <= at) continue;
    let v = rec.versions[0];
    for (const x of rec.versions) if (x.rev < at) v = x;
    out.push({ namespace: rec.namespace, name: rec.name, clusterIP: v.clusterIP, ports: v.ports });
  }
  // Services not recorded yet (bookkeeping not run since they appeared).
  for (const svc of Object.values(cluster.state.objects.Service ?? {}) as Service[]) {
    if (svc.metadata.uid && recorded.has(svc.metadata.uid)) continue;
    const ns = svc.metadata.namespace ?? 'default';
    if (!namespaces.has(ns)) continue;
    if ((Number(svc.metadata.resourceVersion) || 0) >= at) continue;
    out.push({ namespace: ns, name: svc.metadata.name, clusterIP: clusterIPOf(svc), ports: portsOf(svc) });
  }
  return out;
}

/** `frontend-svc` → `FRONTEND_SVC`. */
export function envVarName(s: string): string {
  return s.replace(/-/g, '_').toUpperCase();
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The variables of one Service, in the kubelet's order. Empty for headless/ExternalName/portless Services. */
export function serviceVars(name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): [string, string][] {
  if (!clusterIP || clusterIP === 'None' || ports.length === 0) return [];
  const p = envVarName(name);
  const out: [string, string][] = [];
  out.push([`${p}_SERVICE_HOST`, clusterIP]);
  out.push([`${p}_SERVICE_PORT`, String(ports[0].port)]);
  for (const sp of ports) if (sp.name) out.push([`${p}_SERVICE_PORT_${envVarName(sp.name)}`, String(sp.port)]);
  ports.forEach((sp, i) => {
    const proto = (sp.protocol || 'TCP').toLowerCase();
    const url = `${proto}://${hostPort(clusterIP, sp.port)}`;
    if (i === 0) out.push([`${p}_PORT`, url]);
    const prefix = `${p}_PORT_${sp.port}_${proto.toUpperCase()}`;
    out.push([prefix, url], [`${prefix}_PROTO`, proto], [`${prefix}_PORT`, String(sp.port)], [`${prefix}_ADDR`, clusterIP]);
  });
  return out;
}

/**
 * The Service env vars of a pod's containers, as the kubelet computed them at container start
 * (a pod not started yet: as it would now). Fixed order: Services sorted by name, each Service's
 * variables in generation order (the real kubelet's order is random).
 */
export function serviceEnvVars(cluster: Cluster, pod: KObject): [string, string][] {
  const p = pod as Pod;
  const ns = p.metadata.namespace ?? 'default';
  const links = (p.spec as { enableServiceLinks?: boolean }).enableServiceLinks !== false;
  const start = containerStartRevision(cluster, pod) ?? Infinity;
  const chosen = new Map<string, VisibleService>();
  const visible = servicesAt(cluster, start, new Set([ns, 'default']));
  for (const s of visible) {
    if (s.namespace === 'default' && s.name === 'kubernetes') {
      if (!chosen.has('kubernetes')) chosen.set('kubernetes', s);
    } else if (s.namespace === ns && links) {
      chosen.set(s.name, s);
    }
  }
  // A same-namespace `kubernetes` Service (links enabled) overrides default/kubernetes.
  if (links && ns !== 'default') {
    const own = visible.find((s) => s.namespace === ns && s.name === 'kubernetes');
    if (own) chosen.set('kubernetes', own);
  }
  const out: [string, string][] = [];
  for (const name of [...chosen.keys()].sort()) {
    const s = chosen.get(name)!;
    out.push(...serviceVars(s.name, s.clusterIP, s.ports.map(([n, port, protocol]) => ({ name: n, port, protocol }))));
  }
  return out;
}
