/**
 * The DaemonSet controller: one pod per node the pod can run on (`<ds>-<5 chars>`), pinned by
 * required node affinity on metadata.name and placed by the default scheduler; the daemon
 * tolerations are added so cordoned or pressured nodes still run it; template changes roll out
 * node by node within maxUnavailable (RollingUpdate) or wait for deletions (OnDelete).
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import type { LabelSelector } from '../labels/selector.js';
import { recordEvent } from './events.js';
import { isPodActive, isPodAvailable, isPodReady, type NodeObject, type Pod, type Toleration } from './kubelet.js';
import { deepEqual, podTemplateHash } from './pod-template-hash.js';
import { claimObjects, createControlledPod, deleteControlledPod, orphanPodsByNamespace, podFromTemplate, podsByController, type PodTemplate } from './replicaset.js';
import { resolveIntOrPercent } from './deployment.js';
import { unfitReason } from './scheduler.js';
import { CONTROLLER_REVISION_HASH_LABEL } from './statefulset.js';

const COMPONENT = 'daemonset-controller';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

export interface DaemonSet extends KObject {
  spec: {
    selector: LabelSelector;
    template: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    [key: string]: unknown;
  };
  status?: Record<string, unknown>;
}

/** The tolerations the controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

export function daemonSetHash(ds: DaemonSet): string {
  const collision = ds.status?.collisionCount as number | undefined;
  return podTemplateHash(ds.spec.template, collision || undefined);
}

/** The pod the controller would create for a node. */
export function daemonPodFor(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const pod = podFromTemplate(ds, ds.spec.template, {
    generateName: `${ds.metadata.name}-`,
    labels: { [CONTROLLER_REVISION_HASH_LABEL]: hash, [POD_TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) },
  });
  const tolerations = [...(pod.spec.tolerations ?? [])];
  for (const t of daemonTolerations(!!pod.spec.hostNetwork)) {
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
  }
  pod.spec.tolerations = tolerations;
  const affinity = { ...(pod.spec.affinity ?? {}) };
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] },
  };
  pod.spec.affinity = affinity;
  return pod;
}

/** The node a daemon pod is pinned to (its nodeName, else its metadata.name affinity). */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

function event(cluster: Cluster, ds: DaemonSet, reason: 'SuccessfulCreate' | 'SuccessfulDelete', message: string): void {
  recordEvent(cluster, ds, { type: 'Normal', reason, message, component: COMPONENT });
}

function syncOne(cluster: Cluster, ds: DaemonSet, nodes: NodeObject[], owned: Pod[], orphans: Pod[] | undefined): void {
  if (ds.metadata.deletionTimestamp) return;
  const hash = daemonSetHash(ds);
  const pods = claimObjects(cluster, ds, ds.spec.selector, owned, orphans).filter(isPodActive);
  const byNode = new Map<string, Pod[]>();
  const stray: Pod[] = [];
  for (const p of pods) {
    const n = targetNode(p);
    if (!n) {
      stray.push(p);
      continue;
    }
    let list = byNode.get(n);
    if (!list) byNode.set(n, (list = []));
    list.push(p);
  }
  const wanted = new Set<string>();
  for (const node of nodes) if (!unfitReason(daemonPodFor(ds, node.metadata.name, hash), node)) wanted.add(node.metadata.name);

  const toDelete: Pod[] = [...stray];
  const toCreate: string[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    const list = byNode.get(name) ?? [];
    if (wanted.has(name)) {
      if (list.length === 0) toCreate.push(name);
      else if (list.length > 1) {
        // Keep the oldest, delete the duplicates.
        const sorted = [...list].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
        toDelete.push(...sorted.slice(1));
      }
    } else toDelete.push(...list);
  }
  for (const [n, list] of byNode) if (!nodes.some((x) => x.metadata.name === n)) toDelete.push(...list);

  // Rolling update: replace old-revision pods while at most maxUnavailable are unavailable.
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && toCreate.length === 0) {
    const desired = wanted.size;
    const maxUnavailable = Math.max(1, resolveIntOrPercent(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, 1));
    let unavailable = 0;
    const old: Pod[] = [];
    for (const n of wanted) {
      const p = (byNode.get(n) ?? [])[0];
      if (!p) continue;
      if (!isPodAvailable(p, ds.spec.minReadySeconds ?? 0, cluster)) unavailable++;
      if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash) old.push(p);
    }
    // Unavailable old pods go first, then available ones within the budget.
    old.sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
    for (const p of old) {
      if (!isPodReady(p)) toDelete.push(p);
      else if (unavailable < maxUnavailable) {
        toDelete.push(p);
        unavailable++;
      }
    }
  }

  for (const p of toDelete) {
    if (!cluster.get('Pod', p.metadata.namespace, p.metadata.name)) continue;
    deleteControlledPod(cluster, p);
    event(cluster, ds, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
  }
  for (const n of toCreate) {
    const created = createControlledPod(cluster, ds, daemonPodFor(ds, n, hash), COMPONENT);
    if (!created) break;
    event(cluster, ds, 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  }

  // Status from the pods as they are now.
  const current = cluster.get<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name)!;
  const now = (Object.values(cluster.state.objects.Pod ?? {}) as Pod[]).filter(
    (p) => p.metadata.namespace === ds.metadata.namespace && p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid) && isPodActive(p),
  );
  let scheduled = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  const seen = new Set<string>();
  for (const p of now) {
    const n = p.spec.nodeName;
    if (!n) continue;
    if (!wanted.has(n)) {
      misscheduled++;
      continue;
    }
    if (seen.has(n)) continue;
    seen.add(n);
    scheduled++;
    if (isPodReady(p)) ready++;
    if (isPodAvailable(p, ds.spec.minReadySeconds ?? 0, cluster)) available++;
    if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: wanted.size,
    numberMisscheduled: misscheduled,
    numberReady: ready,
  };
  if (available) status.numberAvailable = available;
  if (wanted.size - available > 0) status.numberUnavailable = wanted.size - available;
  if (current.metadata.generation) status.observedGeneration = current.metadata.generation;
  if (updated) status.updatedNumberScheduled = updated;
  if (current.status?.collisionCount !== undefined) status.collisionCount = current.status.collisionCount;
  if (!deepEqual(status, current.status ?? {})) cluster.put({ ...current, status });
}

export function syncDaemonSets(cluster: Cluster): void {
  const sets = Object.values(cluster.state.objects.DaemonSet ?? {}) as DaemonSet[];
  if (sets.length === 0) return;
  const nodes = cluster.list<NodeObject>('Node');
  const owned = podsByController(cluster);
  const orphans = orphanPodsByNamespace(cluster);
  for (const ds of sets) syncOne(cluster, ds, nodes, owned.get(ds.metadata.uid!) ?? [], orphans.get(ds.metadata.namespace ?? ''));
}
