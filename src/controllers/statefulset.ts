/**
 * The StatefulSet controller: stable pod names `<sts>-<ordinal>` with hostname = pod name and
 * subdomain = serviceName; OrderedReady creation (each pod after its predecessors are Running and
 * Ready) or Parallel; scale-down from the highest ordinal; RollingUpdate replacing pods from the
 * highest ordinal down (honouring partition); status with current/update revisions.
 * (PersistentVolumeClaims from volumeClaimTemplates are not modelled.)
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import type { LabelSelector } from '../labels/selector.js';
import { recordEvent } from './events.js';
import { isPodActive, isPodAvailable, isPodReady, type Pod } from './kubelet.js';
import { deepEqual, podTemplateHash } from './pod-template-hash.js';
import { claimObjects, createControlledPod, deleteControlledPod, orphanPodsByNamespace, podFromTemplate, podsByController, type PodTemplate } from './replicaset.js';

const COMPONENT = 'statefulset-controller';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const STS_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface StatefulSet extends KObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    ordinals?: { start?: number };
    [key: string]: unknown;
  };
  status?: Record<string, unknown>;
}

/** `<sts>-<hash of the template>`, the revision name the pods carry in controller-revision-hash. */
export function statefulSetRevision(sts: StatefulSet): string {
  const collision = sts.status?.collisionCount as number | undefined;
  return `${sts.metadata.name}-${podTemplateHash(sts.spec.template, collision || undefined)}`;
}

function ordinalOf(sts: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  if (!pod.metadata.name.startsWith(prefix)) return undefined;
  const rest = pod.metadata.name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

function newPod(sts: StatefulSet, ordinal: number, revision: string): Pod {
  const name = `${sts.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(sts, sts.spec.template, {
    name,
    labels: { [CONTROLLER_REVISION_HASH_LABEL]: revision, [STS_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
  });
  pod.spec.hostname = name;
  if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
  return pod;
}

function event(cluster: Cluster, sts: StatefulSet, verb: 'create' | 'delete', pod: string): void {
  recordEvent(cluster, sts, {
    type: 'Normal',
    reason: verb === 'create' ? 'SuccessfulCreate' : 'SuccessfulDelete',
    message: `${verb} Pod ${pod} in StatefulSet ${sts.metadata.name} successful`,
    component: COMPONENT,
  });
}

function syncOne(cluster: Cluster, sts: StatefulSet, owned: Pod[], orphans: Pod[] | undefined): void {
  if (sts.metadata.deletionTimestamp) return;
  const revision = statefulSetRevision(sts);
  const claimed = claimObjects(cluster, sts, sts.spec.selector, owned, orphans).filter(isPodActive);
  const replicas = sts.spec.replicas ?? 1;
  const start = sts.spec.ordinals?.start ?? 0;
  const parallel = sts.spec.podManagementPolicy === 'Parallel';
  const byOrdinal = new Map<number, Pod>();
  const condemned: Pod[] = [];
  for (const p of claimed) {
    const o = ordinalOf(sts, p);
    if (o === undefined || o < start || o >= start + replicas) condemned.push(p);
    else byOrdinal.set(o, p);
  }
  const healthy = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p);
  let acted = false;
  // Create missing pods in ordinal order.
  for (let o = start; o < start + replicas; o++) {
    const p = byOrdinal.get(o);
    if (!p) {
      const created = createControlledPod(cluster, sts, newPod(sts, o, revision), COMPONENT);
      if (!created) return;
      event(cluster, sts, 'create', created.metadata.name);
      byOrdinal.set(o, created);
      acted = true;
      if (!parallel) break;
    } else if (!parallel && !healthy(p)) {
      break;
    }
  }
  // Scale down from the highest ordinal.
  if (!acted && condemned.length) {
    condemned.sort((a, b) => (ordinalOf(sts, b) ?? Infinity) - (ordinalOf(sts, a) ?? Infinity));
    const victims = parallel ? condemned : [condemned[0]];
    for (const v of victims) {
      deleteControlledPod(cluster, v);
      event(cluster, sts, 'delete', v.metadata.name);
    }
    acted = true;
  }
  // Rolling update: replace the highest-ordinal pod of an old revision once all pods are healthy.
  const strategy = sts.spec.updateStrategy?.type ?? 'RollingUpdate';
  if (!acted && strategy === 'RollingUpdate' && byOrdinal.size === replicas && [...byOrdinal.values()].every(healthy)) {
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let o = start + replicas - 1; o >= start + partition; o--) {
      const p = byOrdinal.get(o)!;
      if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== revision) {
        deleteControlledPod(cluster, p);
        event(cluster, sts, 'delete', p.metadata.name);
        byOrdinal.delete(o);
        break;
      }
    }
  }

  const pods = [...byOrdinal.values()].filter((p) => cluster.get('Pod', p.metadata.namespace, p.metadata.name));
  const updated = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === revision).length;
  const current = cluster.get<StatefulSet>('StatefulSet', sts.metadata.namespace, sts.metadata.name)!;
  const prevCurrent = (current.status?.currentRevision as string | undefined) ?? revision;
  const currentRevision = updated === replicas && pods.length === replicas ? revision : prevCurrent;
  const currentReplicas = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === currentRevision).length;
  const status: Record<string, unknown> = {
    availableReplicas: pods.filter((p) => isPodAvailable(p, sts.spec.minReadySeconds ?? 0, cluster)).length,
    collisionCount: (current.status?.collisionCount as number | undefined) ?? 0,
    currentReplicas,
    currentRevision,
    observedGeneration: current.metadata.generation,
    readyReplicas: pods.filter(isPodReady).length,
    replicas: pods.length,
    updateRevision: revision,
    updatedReplicas: updated,
  };
  for (const k of ['currentReplicas', 'readyReplicas', 'updatedReplicas', 'observedGeneration']) if (!status[k]) delete status[k];
  if (!deepEqual(status, current.status ?? {})) cluster.put({ ...current, status });
}

export function syncStatefulSets(cluster: Cluster): void {
  const sets = Object.values(cluster.state.objects.StatefulSet ?? {}) as StatefulSet[];
  if (sets.length === 0) return;
  const owned = podsByController(cluster);
  const orphans = orphanPodsByNamespace(cluster);
  for (const sts of sets) syncOne(cluster, sts, owned.get(sts.metadata.uid!) ?? [], orphans.get(sts.metadata.namespace ?? ''));
}
