/**
 * The ReplicaSet controller: keep `spec.replicas` active pods that match the selector, adopting
 * orphans and releasing pods whose labels no longer match; create at most 500 pods per sync;
 * scale down in the victim order of ActivePodsWithRanks; report status. Also the owner-reference
 * plumbing the other workload controllers share.
 */
import type { KObject, OwnerReference } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { createObject, deleteObject } from '../apiserver/objects.js';
import { fromLabelSelector, selectorMatches, type LabelSelector } from '../labels/selector.js';
import { deepEqual } from './pod-template-hash.js';
import { findEvent, recordEvent, type EventSpec } from './events.js';
import { containerStartRevision, isPodActive, isPodAvailable, isPodReady, podCondition, type Pod, type PodSpec } from './kubelet.js';

export const BURST_REPLICAS = 500;
const COMPONENT = 'replicaset-controller';
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec: PodSpec;
}

export interface ReplicaSet extends KObject {
  spec: { replicas?: number; minReadySeconds?: number; selector: LabelSelector; template: PodTemplate };
  status?: { replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number; [key: string]: unknown };
}

// ---------------------------------------------------------------------------------------------
// Owner references

export function controllerOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerReferenceTo(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** Pods by the uid of their controller, built once per controller run. */
export function podsByController(cluster: Cluster): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of Object.values(cluster.state.objects.Pod ?? {}) as Pod[]) {
    const uid = controllerOf(p)?.uid;
    if (!uid) continue;
    let list = out.get(uid);
    if (!list) out.set(uid, (list = []));
    list.push(p);
  }
  return out;
}

/** Orphan pods (no controller) by namespace. */
export function orphanPodsByNamespace(cluster: Cluster): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of Object.values(cluster.state.objects.Pod ?? {}) as Pod[]) {
    if (controllerOf(p) || p.metadata.deletionTimestamp) continue;
    const ns = p.metadata.namespace ?? '';
    let list = out.get(ns);
    if (!list) out.set(ns, (list = []));
    list.push(p);
  }
  return out;
}

/**
 * Claim objects (pods, ReplicaSets) for an owner, as the controller ref manager does: owned ones
 * that no longer match are released; matching orphans are adopted. Returns what the owner now controls.
 */
export function claimObjects<T extends KObject>(cluster: Cluster, owner: KObject, selector: LabelSelector | undefined, owned: T[], orphans: T[] | undefined): T[] {
  const out: T[] = [];
  const empty = !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  const sel = fromLabelSelector(selector);
  for (const p of owned) {
    if (empty || selectorMatches(sel, p.metadata.labels)) out.push(p);
    else if (!p.metadata.deletionTimestamp) {
      const refs = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      const released: T = { ...p, metadata: { ...p.metadata } };
      if (refs.length) released.metadata.ownerReferences = refs;
      else delete released.metadata.ownerReferences;
      cluster.put(released);
    }
  }
  if (!empty && orphans && !owner.metadata.deletionTimestamp) {
    for (let i = 0; i < orphans.length; i++) {
      const p = orphans[i];
      if (controllerOf(p) || !selectorMatches(sel, p.metadata.labels)) continue;
      const adopted: T = { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ownerReferenceTo(owner)] } };
      cluster.put(adopted);
      orphans[i] = adopted;
      out.push(adopted);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pod creation and deletion on behalf of a controller

/** A pod from a template, owned by `owner` (labels, annotations, spec copied). */
export function podFromTemplate(owner: KObject, template: PodTemplate, meta: { name?: string; generateName?: string; labels?: Record<string, string> }): Pod {
  const labels = { ...(template.metadata?.labels ?? {}), ...(meta.labels ?? {}) };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: meta.name ?? '', namespace: owner.metadata.namespace, ownerReferences: [ownerReferenceTo(owner)] },
    spec: structuredClone(template.spec),
  };
  if (meta.generateName) pod.metadata.generateName = meta.generateName;
  if (Object.keys(labels).length) pod.metadata.labels = labels;
  if (template.metadata?.annotations && Object.keys(template.metadata.annotations).length) pod.metadata.annotations = { ...template.metadata.annotations };
  return pod;
}

/**
 * Create a pod through the apiserver; on rejection record `FailedCreate` (once per message) and
 * return undefined.
 */
export function createControlledPod(cluster: Cluster, owner: KObject, pod: Pod, component: string): Pod | undefined {
  try {
    return createObject(cluster, pod) as Pod;
  } catch (err) {
    const message = `Error creating: ${(err as Error).message}`;
    const spec = { type: 'Warning' as const, reason: 'FailedCreate', message, component };
    recordOnce(cluster, owner, spec);
    return undefined;
  }
}

/** Record an event unless an identical one exists (a standing failure must not keep the reconcile loop going). */
export function recordOnce(cluster: Cluster, obj: KObject, spec: EventSpec): void {
  if (!findEvent(cluster, obj, spec)) recordEvent(cluster, obj, spec);
}

/** Delete a pod as a controller does (the kubelet's Killing events come with any pod deletion). */
export function deleteControlledPod(cluster: Cluster, pod: Pod): void {
  if (cluster.get('Pod', pod.metadata.namespace, pod.metadata.name)) deleteObject(cluster, 'Pod', pod.metadata.namespace, pod.metadata.name);
}

// ---------------------------------------------------------------------------------------------
// Scale-down victim order

function phaseRank(p: Pod): number {
  const phase = p.status?.phase;
  return phase === 'Pending' || !phase ? 0 : phase === 'Unknown' ? 1 : phase === 'Running' ? 2 : 3;
}

function deletionCost(p: Pod): number {
  const v = Number(p.metadata.annotations?.[POD_DELETION_COST]);
  return Number.isFinite(v) ? v : 0;
}

/**
 * Sort pods so the ones to delete first come first: unscheduled; Pending < Unknown < Running;
 * not ready; lower deletion cost; more pods of the same owner on the node; ready more recently;
 * more restarts; newer.
 */
export function sortForDeletion(cluster: Cluster, pods: Pod[]): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const key = (p: Pod) => ({
    scheduled: p.spec.nodeName ? 1 : 0,
    phase: phaseRank(p),
    ready: isPodReady(p) ? 1 : 0,
    cost: deletionCost(p),
    doubled: p.spec.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0,
    readyAt: Date.parse(podCondition(p, 'Ready')?.lastTransitionTime ?? '') || 0,
    restarts: (p.status?.containerStatuses ?? []).reduce((s, c) => s + (c.restartCount ?? 0), 0),
    created: Date.parse(p.metadata.creationTimestamp ?? '') || 0,
    started: containerStartRevision(cluster, p) ?? Number.MAX_SAFE_INTEGER,
  });
  const keyed = pods.map((p) => ({ p, k: key(p) }));
  keyed.sort((a, b) => {
    const x = a.k;
    const y = b.k;
    return (
      x.scheduled - y.scheduled ||
      x.phase - y.phase ||
      x.ready - y.ready ||
      x.cost - y.cost ||
      y.doubled - x.doubled ||
      (x.ready && y.ready ? y.readyAt - x.readyAt : 0) ||
      y.restarts - x.restarts ||
      y.created - x.created ||
      y.started - x.started ||
      (a.p.metadata.uid! < b.p.metadata.uid! ? 1 : a.p.metadata.uid! > b.p.metadata.uid! ? -1 : 0)
    );
  });
  return keyed.map((k) => k.p);
}

// ---------------------------------------------------------------------------------------------
// The controller

function replicaSetStatus(cluster: Cluster, rs: ReplicaSet, pods: Pod[]): NonNullable<ReplicaSet['status']> {
  const templateLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    let all = true;
    for (const [k, v] of templateLabels) if (p.metadata.labels?.[k] !== v) all = false;
    if (all) fully++;
    if (isPodReady(p)) ready++;
    if (isPodAvailable(p, rs.spec.minReadySeconds ?? 0, cluster)) available++;
  }
  const status: NonNullable<ReplicaSet['status']> = { ...(rs.status ?? {}), replicas: pods.length };
  const set = (k: 'fullyLabeledReplicas' | 'readyReplicas' | 'availableReplicas' | 'observedGeneration', v: number | undefined) => {
    if (v) status[k] = v;
    else delete status[k];
  };
  set('fullyLabeledReplicas', fully);
  set('readyReplicas', ready);
  set('availableReplicas', available);
  set('observedGeneration', rs.metadata.generation);
  return status;
}

function rv(o: KObject): number {
  return Number(o.metadata.resourceVersion) || 0;
}

/**
 * Nothing to do for this RS: its status was written after every change to its pods, it has the
 * wanted number of active pods, and no orphan could be adopted. (Time-dependent availability,
 * minReadySeconds, is always recomputed.)
 */
function isSettled(rs: ReplicaSet, owned: Pod[], orphans: Pod[] | undefined): boolean {
  if (rs.metadata.deletionTimestamp || rs.spec.minReadySeconds) return false;
  if (!rs.status || rs.status.observedGeneration !== rs.metadata.generation) return false;
  const at = rv(rs);
  let active = 0;
  for (const p of owned) {
    if (rv(p) >= at) return false;
    if (isPodActive(p)) active++;
  }
  if (active !== (rs.spec.replicas ?? 1) || rs.status.replicas !== active) return false;
  if (orphans?.length) {
    const sel = fromLabelSelector(rs.spec.selector);
    if (orphans.some((p) => !controllerOf(p) && selectorMatches(sel, p.metadata.labels))) return false;
  }
  return true;
}

export function syncReplicaSets(cluster: Cluster): void {
  const sets = Object.values(cluster.state.objects.ReplicaSet ?? {}) as ReplicaSet[];
  if (sets.length === 0) return;
  const owned = podsByController(cluster);
  const orphans = orphanPodsByNamespace(cluster);
  for (const rs of sets) {
    if (!cluster.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name)) continue;
    if (isSettled(rs, owned.get(rs.metadata.uid!) ?? [], orphans.get(rs.metadata.namespace ?? ''))) continue;
    const claimed = claimObjects(cluster, rs, rs.spec.selector, owned.get(rs.metadata.uid!) ?? [], orphans.get(rs.metadata.namespace ?? ''));
    let active = claimed.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    if (!rs.metadata.deletionTimestamp) {
      const diff = active.length - want;
      if (diff < 0) {
        const n = Math.min(-diff, BURST_REPLICAS);
        for (let i = 0; i < n; i++) {
          const pod = createControlledPod(cluster, rs, podFromTemplate(rs, rs.spec.template, { generateName: `${rs.metadata.name}-` }), COMPONENT);
          if (!pod) break;
          active.push(pod);
          recordEvent(cluster, rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
        }
      } else if (diff > 0) {
        const victims = sortForDeletion(cluster, active).slice(0, Math.min(diff, BURST_REPLICAS));
        const gone = new Set(victims.map((v) => v.metadata.uid));
        for (const v of victims) {
          deleteControlledPod(cluster, v);
          recordEvent(cluster, rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${v.metadata.name}`, component: COMPONENT });
        }
        active = active.filter((p) => !gone.has(p.metadata.uid));
      }
    }
    const current = cluster.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name)!;
    const status = replicaSetStatus(cluster, current, active);
    if (!deepEqual(status, current.status ?? {})) cluster.put({ ...current, status });
  }
}
