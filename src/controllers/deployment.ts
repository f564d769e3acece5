/**
 * The Deployment controller: one ReplicaSet per template (`<deploy>-<pod-template-hash>`),
 * revisions, rolling updates bounded by maxSurge/maxUnavailable (one scaling step per sync, so
 * the ScalingReplicaSet events come in the real order), Recreate, proportional scaling of a
 * paused or stuck rollout, old-revision cleanup, and status with the Available/Progressing
 * conditions.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { createObject, deleteObject } from '../apiserver/objects.js';
import { fromLabelSelector, selectorMatches, type LabelSelector } from '../labels/selector.js';
import { recordEvent } from './events.js';
import { isPodTerminal } from './kubelet.js';
import { cachedCanonicalJSON, canonicalJSON, deepEqual, podTemplateHash } from './pod-template-hash.js';
import { claimObjects, controllerOf, ownerReferenceTo, podsByController, type PodTemplate, type ReplicaSet } from './replicaset.js';

const COMPONENT = 'deployment-controller';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
const MAX_REVISION_HISTORY_CHARS = 2000;
const SKIP_COPY_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: DeploymentStatus;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/** An int-or-percent value scaled against total (percentages rounded up or down). */
export function resolveIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean, dflt: number | string): number {
  const value = v ?? dflt;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

function replicasOf(obj: { spec: { replicas?: number } }): number {
  return obj.spec.replicas ?? 1;
}

function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** maxSurge and maxUnavailable resolved against spec.replicas (both zero → maxUnavailable 1). */
export function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  if (!isRollingUpdate(d)) return { surge: 0, unavailable: 0 };
  const n = replicasOf(d);
  const ru = d.spec.strategy?.rollingUpdate;
  const surge = resolveIntOrPercent(ru?.maxSurge, n, true, '25%');
  let unavailable = resolveIntOrPercent(ru?.maxUnavailable, n, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function maxUnavailable(d: Deployment): number {
  const n = replicasOf(d);
  if (!isRollingUpdate(d) || n === 0) return 0;
  return Math.min(fenceposts(d).unavailable, n);
}

function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

function revisionOf(rs: KObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(v) ? v : 0;
}

function specReplicas(list: ReplicaSet[]): number {
  return list.reduce((s, rs) => s + (rs.spec.replicas ?? 0), 0);
}

function statusField(list: ReplicaSet[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return list.reduce((s, rs) => s + ((rs.status?.[f] as number | undefined) ?? 0), 0);
}

function created(o: KObject): number {
  return Date.parse(o.metadata.creationTimestamp ?? '') || 0;
}

/** Oldest first (creation time, then name). */
function byCreation(a: KObject, b: KObject): number {
  return created(a) - created(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/** A template compared without the pod-template-hash label (EqualIgnoreHash). */
export function templateKey(t: PodTemplate | undefined): string {
  if (!t) return canonicalJSON({ spec: { containers: [] } });
  return cachedCanonicalJSON(t, () => {
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    const metadata = { ...(t.metadata ?? {}) };
    if (Object.keys(labels).length) metadata.labels = labels;
    else delete metadata.labels;
    return canonicalJSON({ ...t, metadata: Object.keys(metadata).length ? metadata : undefined });
  });
}

// ---------------------------------------------------------------------------------------------
// Conditions

function setCondition(status: DeploymentStatus, c: DeploymentCondition): void {
  const conds = status.conditions ?? [];
  const cur = conds.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...conds.filter((x) => x.type !== c.type), c];
}

function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

// ---------------------------------------------------------------------------------------------
// The sync of one deployment

class DeploymentSync {
  readonly now: string;
  constructor(
    readonly cluster: Cluster,
    public d: Deployment,
    public rsList: ReplicaSet[],
  ) {
    this.now = cluster.timestamp();
  }

  private cachedNew: { list: ReplicaSet[]; rs: ReplicaSet | undefined } | undefined;

  /** The RS whose template equals the deployment's (the oldest, if several). */
  get newRS(): ReplicaSet | undefined {
    if (this.cachedNew?.list === this.rsList) return this.cachedNew.rs;
    const key = templateKey(this.d.spec.template);
    let found: ReplicaSet | undefined;
    for (const rs of this.rsList) if (templateKey(rs.spec.template) === key && (!found || byCreation(rs, found) < 0)) found = rs;
    this.cachedNew = { list: this.rsList, rs: found };
    return found;
  }

  get oldRSs(): ReplicaSet[] {
    const n = this.newRS;
    return this.rsList.filter((rs) => rs !== n);
  }

  private replace(rs: ReplicaSet): ReplicaSet {
    const stored = this.cluster.put(rs) as ReplicaSet;
    this.rsList = this.rsList.map((x) => (x.metadata.uid === stored.metadata.uid ? stored : x));
    return stored;
  }

  private event(message: string): void {
    recordEvent(this.cluster, this.d, { type: 'Normal', reason: 'ScalingReplicaSet', message, component: COMPONENT });
  }

  private setReplicasAnnotations(rs: ReplicaSet): boolean {
    const desired = String(replicasOf(this.d));
    const max = String(replicasOf(this.d) + maxSurge(this.d));
    const a = (rs.metadata.annotations ??= {});
    if (a[DESIRED_REPLICAS_ANNOTATION] === desired && a[MAX_REPLICAS_ANNOTATION] === max) return false;
    a[DESIRED_REPLICAS_ANNOTATION] = desired;
    a[MAX_REPLICAS_ANNOTATION] = max;
    return true;
  }

  /** Scale an RS (and refresh its replica annotations); records the event when the size changes. */
  scale(rs: ReplicaSet, to: number, op?: 'up' | 'down'): boolean {
    const from = rs.spec.replicas ?? 0;
    const copy = structuredClone(rs);
    const annotations = this.setReplicasAnnotations(copy);
    if (from === to && !annotations) return false;
    copy.spec.replicas = to;
    this.replace(copy);
    if (from !== to) this.event(`Scaled ${op ?? (to > from ? 'up' : 'down')} replica set ${rs.metadata.name} from ${from} to ${to}`);
    return from !== to;
  }

  private setDeploymentRevision(rev: string): void {
    const a = (this.d.metadata.annotations ??= {});
    if (a[REVISION_ANNOTATION] !== rev) a[REVISION_ANNOTATION] = rev;
  }

  /** Copy annotations and bump the revision (keeping revision-history on a rollback). */
  private setNewRSAnnotations(rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
    let changed = false;
    const a = (rs.metadata.annotations ??= {});
    for (const [k, v] of Object.entries(this.d.metadata.annotations ?? {})) {
      if (SKIP_COPY_ANNOTATIONS.has(k)) continue;
      if (a[k] !== v) {
        a[k] = v;
        changed = true;
      }
    }
    const old = a[REVISION_ANNOTATION];
    const oldRev = old === undefined ? 0 : Number(old) || 0;
    if (oldRev < newRevision) {
      a[REVISION_ANNOTATION] = String(newRevision);
      changed = true;
      if (old !== undefined) {
        const hist = a[REVISION_HISTORY_ANNOTATION];
        if (!hist) a[REVISION_HISTORY_ANNOTATION] = old;
        else {
          const parts = hist.split(',');
          let total = hist.length + old.length + 1;
          let start = 0;
          while (total > MAX_REVISION_HISTORY_CHARS && start < parts.length) {
            total -= parts[start].length + 1;
            start++;
          }
          a[REVISION_HISTORY_ANNOTATION] = [...parts.slice(start), old].join(',');
        }
      }
    }
    if (!exists && this.setReplicasAnnotations(rs)) changed = true;
    return changed;
  }

  private newRSReplicas(newRS: ReplicaSet | undefined): number {
    const current = newRS?.spec.replicas ?? 0;
    if (!isRollingUpdate(this.d)) return replicasOf(this.d);
    const maxTotal = replicasOf(this.d) + maxSurge(this.d);
    const total = specReplicas(this.rsList);
    if (total >= maxTotal) return current;
    return current + Math.min(maxTotal - total, replicasOf(this.d) - current);
  }

  /** Find or create the RS of the current template. */
  ensureNewRS(create: boolean): ReplicaSet | undefined {
    const d = this.d;
    const existing = this.newRS;
    const maxOld = Math.max(0, ...this.oldRSs.map(revisionOf));
    const newRevision = maxOld + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const changed = this.setNewRSAnnotations(copy, newRevision, true);
      const minReady = d.spec.minReadySeconds ?? 0;
      if (changed || (copy.spec.minReadySeconds ?? 0) !== minReady) {
        if (minReady) copy.spec.minReadySeconds = minReady;
        else delete copy.spec.minReadySeconds;
        this.replace(copy);
      }
      this.setDeploymentRevision(copy.metadata.annotations![REVISION_ANNOTATION]);
      if (d.spec.progressDeadlineSeconds !== undefined && !d.status?.conditions?.some((c) => c.type === 'Progressing')) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set ${JSON.stringify(existing.metadata.name)}`, this.now));
      }
      return this.newRS;
    }
    if (!create) return undefined;
    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
    const name = `${d.metadata.name}-${hash}`;
    const clash = this.cluster.get<ReplicaSet>('ReplicaSet', d.metadata.namespace, name);
    if (clash) {
      // A different RS holds the name: bump the collision count and try another hash next time.
      d.status ??= {};
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      return undefined;
    }
    const template = structuredClone(d.spec.template);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector: LabelSelector = structuredClone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [ownerReferenceTo(d)] },
      spec: { replicas: 0, selector, template },
    };
    if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
    const replicas = this.newRSReplicas(undefined);
    rs.spec.replicas = replicas;
    this.setNewRSAnnotations(rs, newRevision, false);
    const stored = createObject(this.cluster, rs) as ReplicaSet;
    this.rsList = [...this.rsList, stored];
    if (replicas > 0) this.event(`Scaled up replica set ${name} from 0 to ${replicas}`);
    this.setDeploymentRevision(String(newRevision));
    if (d.spec.progressDeadlineSeconds !== undefined) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set ${JSON.stringify(name)}`, this.now));
    }
    return stored;
  }

  isScalingEvent(): boolean {
    const want = String(replicasOf(this.d));
    return this.rsList.some((rs) => (rs.spec.replicas ?? 0) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] !== want);
  }

  /** Scaling a deployment whose rollout is not finished: proportional across active RSs. */
  scaleForEvent(): void {
    const d = this.d;
    const want = replicasOf(d);
    const newRS = this.newRS;
    const active = this.rsList.filter((rs) => (rs.spec.replicas ?? 0) > 0);
    if (active.length <= 1) {
      let target = active[0];
      if (!target) target = newRS ?? [...this.oldRSs].sort(byCreation).reverse()[0];
      if (target) this.scale(target, want);
      return;
    }
    if (
      newRS &&
      newRS.spec.replicas === want &&
      newRS.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] === String(want) &&
      (newRS.status?.availableReplicas ?? 0) === want
    ) {
      for (const rs of this.oldRSs) if ((rs.spec.replicas ?? 0) > 0) this.scale(rs, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const allowed = want > 0 ? want + maxSurge(d) : 0;
    const toAdd = allowed - specReplicas(active);
    const sorted = [...active].sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
    const sizes = new Map<string, number>();
    let added = 0;
    for (const rs of sorted) {
      const r = rs.spec.replicas ?? 0;
      if (toAdd === 0) {
        sizes.set(rs.metadata.name, r);
        continue;
      }
      let fraction: number;
      if (want === 0) fraction = -r;
      else {
        const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
        const base = Number.isInteger(annotated) && annotated > 0 ? annotated : (d.status?.replicas ?? 0);
        fraction = base > 0 ? Math.round((r * (want + maxSurge(d))) / base) - r : 0;
      }
      const allowedLeft = toAdd - added;
      const proportion = r === 0 || toAdd === added ? 0 : toAdd > 0 ? Math.min(fraction, allowedLeft) : Math.max(fraction, allowedLeft);
      sizes.set(rs.metadata.name, r + proportion);
      added += proportion;
    }
    sorted.forEach((rs, i) => {
      let size = sizes.get(rs.metadata.name)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      this.scale(rs, size, toAdd > 0 ? 'up' : 'down');
    });
  }

  reconcileNewRS(newRS: ReplicaSet): boolean {
    const want = replicasOf(this.d);
    const r = newRS.spec.replicas ?? 0;
    if (r === want) return false;
    if (r > want) return this.scale(newRS, want);
    return this.scale(newRS, this.newRSReplicas(newRS));
  }

  reconcileOldRSs(newRS: ReplicaSet): boolean {
    const old = this.oldRSs;
    if (specReplicas(old) === 0) return false;
    const all = this.rsList;
    const minAvailable = replicasOf(this.d) - maxUnavailable(this.d);
    const newUnavailable = (newRS.spec.replicas ?? 0) - ((newRS.status?.availableReplicas as number | undefined) ?? 0);
    const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // First the old replicas that are not available anyway.
    let cleaned = 0;
    for (const rs of [...old].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const r = rs.spec.replicas ?? 0;
      const avail = (rs.status?.availableReplicas as number | undefined) ?? 0;
      if (r === 0 || r === avail) continue;
      const n = Math.min(maxScaledDown - cleaned, r - avail);
      this.scale(rs, r - n);
      cleaned += n;
    }
    // Then available ones, keeping minAvailable.
    const available = statusField(this.rsList, 'availableReplicas');
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of [...this.oldRSs].sort(byCreation)) {
        if (scaled >= total) break;
        const r = rs.spec.replicas ?? 0;
        if (r === 0) continue;
        const n = Math.min(r, total - scaled);
        this.scale(rs, r - n);
        scaled += n;
      }
    }
    return cleaned + scaled > 0;
  }

  /** Delete the oldest old RSs beyond revisionHistoryLimit (only empty ones). */
  cleanup(): void {
    const limit = this.d.spec.revisionHistoryLimit ?? 10;
    const cleanable = this.oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i];
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 0) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > ((rs.status?.observedGeneration as number | undefined) ?? 0)) continue;
      deleteObject(this.cluster, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      this.rsList = this.rsList.filter((x) => x.metadata.uid !== rs.metadata.uid);
    }
  }

  calculateStatus(newRS: ReplicaSet | undefined): DeploymentStatus {
    const d = this.d;
    const all = this.rsList;
    const available = statusField(all, 'availableReplicas');
    const unavailable = Math.max(0, specReplicas(all) - available);
    const status: DeploymentStatus = {};
    const set = (k: keyof Omit<DeploymentStatus, 'conditions'>, v: number | undefined) => {
      if (v) status[k] = v;
    };
    set('observedGeneration', d.metadata.generation);
    set('replicas', statusField(all, 'replicas'));
    set('updatedReplicas', newRS ? statusField([newRS], 'replicas') : 0);
    set('readyReplicas', statusField(all, 'readyReplicas'));
    set('availableReplicas', available);
    set('unavailableReplicas', unavailable);
    if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
    set('collisionCount', d.status?.collisionCount);
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', this.now));
    } else {
      setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', this.now));
    }
    return status;
  }

  private complete(status: DeploymentStatus): boolean {
    const want = replicasOf(this.d);
    return (
      (status.updatedReplicas ?? 0) === want &&
      (status.replicas ?? 0) === want &&
      (status.availableReplicas ?? 0) === want &&
      (status.observedGeneration ?? 0) >= (this.d.metadata.generation ?? 0)
    );
  }

  /** Status with the Progressing condition (syncRolloutStatus); `plain` = without progress estimation (scaling/paused). */
  rolloutStatus(newRS: ReplicaSet | undefined, plain: boolean): DeploymentStatus {
    const d = this.d;
    const status = this.calculateStatus(newRS);
    if (plain) return status;
    const hasDeadline = d.spec.progressDeadlineSeconds !== undefined;
    if (!hasDeadline) status.conditions = status.conditions?.filter((c) => c.type !== 'Progressing');
    const cur = d.status?.conditions?.find((c) => c.type === 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && cur?.reason === 'NewReplicaSetAvailable';
    if (hasDeadline && !isComplete) {
      const old = d.status ?? {};
      const n = (v: number | undefined) => v ?? 0;
      const progressing =
        n(status.updatedReplicas) > n(old.updatedReplicas) ||
        n(status.replicas) - n(status.updatedReplicas) < n(old.replicas) - n(old.updatedReplicas) ||
        n(status.readyReplicas) > n(old.readyReplicas) ||
        n(status.availableReplicas) > n(old.availableReplicas);
      const what = newRS ? `ReplicaSet ${JSON.stringify(newRS.metadata.name)}` : `Deployment ${JSON.stringify(d.metadata.name)}`;
      if (this.complete(status)) {
        setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`, this.now));
      } else if (progressing) {
        const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`, this.now);
        const current = status.conditions?.find((x) => x.type === 'Progressing');
        if (current) {
          if (current.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
          status.conditions = status.conditions!.filter((x) => x.type !== 'Progressing');
        }
        setCondition(status, c);
      } else if (cur && cur.reason !== 'NewReplicaSetAvailable') {
        const deadline = Date.parse(cur.lastUpdateTime) + d.spec.progressDeadlineSeconds! * 1000;
        const timedOut = cur.reason === 'ProgressDeadlineExceeded' || deadline < this.cluster.now().getTime();
        if (timedOut) setCondition(status, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`, this.now));
        else if (!Number.isNaN(deadline)) this.cluster.wakeAt(deadline + 1); // nothing but the clock times it out
      }
    }
    return status;
  }

  run(): void {
    const d = this.d;
    if (d.metadata.deletionTimestamp) return;
    let plain = false;
    let newRS: ReplicaSet | undefined;
    if (d.spec.paused || this.isScalingEvent()) {
      newRS = this.ensureNewRS(false);
      this.scaleForEvent();
      newRS = this.newRS;
      plain = true;
      if (d.spec.paused) {
        d.status ??= {};
        if (d.spec.progressDeadlineSeconds !== undefined) {
          const cur = d.status.conditions?.find((c) => c.type === 'Progressing');
          if (cur?.reason !== 'DeploymentPaused') setCondition(d.status, newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', this.now));
        }
      }
    } else if (!isRollingUpdate(d)) {
      newRS = this.ensureNewRS(false);
      let acted = false;
      for (const rs of this.oldRSs) if ((rs.spec.replicas ?? 0) > 0 && this.scale(rs, 0)) acted = true;
      if (!acted && !this.oldPodsRunning()) {
        newRS = newRS ?? this.ensureNewRS(true);
        if (newRS && !this.reconcileNewRS(newRS) && this.complete(d.status ?? {})) this.cleanup();
      }
      newRS = this.newRS;
    } else {
      // A deployment resumed after a pause reports DeploymentResumed first.
      const cur = d.status?.conditions?.find((c) => c.type === 'Progressing');
      if (cur?.reason === 'DeploymentPaused' && d.status) {
        setCondition(d.status, newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', this.now));
      }
      newRS = this.ensureNewRS(true);
      if (newRS && !this.reconcileNewRS(newRS) && !this.reconcileOldRSs(newRS)) {
        if (this.complete(d.status ?? {})) this.cleanup();
      }
      newRS = this.newRS;
    }
    const status = this.rolloutStatus(newRS, plain);
    const stored = this.cluster.get<Deployment>('Deployment', d.metadata.namespace, d.metadata.name);
    if (!stored) return;
    const next: Deployment = { ...stored, metadata: { ...stored.metadata }, status };
    if (d.metadata.annotations) next.metadata.annotations = d.metadata.annotations;
    if (!deepEqual(next.status, stored.status ?? {}) || !deepEqual(next.metadata.annotations, stored.metadata.annotations)) {
      this.cluster.put(next);
    }
  }

  private oldPodsRunning(): boolean {
    const pods = podsByController(this.cluster);
    return this.oldRSs.some((rs) => (pods.get(rs.metadata.uid!) ?? []).some((p) => !isPodTerminal(p)));
  }
}

function rv(o: KObject): number {
  return Number(o.metadata.resourceVersion) || 0;
}

/**
 * Nothing to do: the spec was observed, the rollout is complete, the status was written after
 * the last change to any of its ReplicaSets, and no orphan ReplicaSet could be adopted.
 */
function isSettled(d: Deployment, owned: ReplicaSet[], orphans: ReplicaSet[] | undefined): boolean {
  if (d.metadata.deletionTimestamp || d.spec.paused || d.spec.minReadySeconds) return false;
  const st = d.status;
  if (!st || st.observedGeneration !== d.metadata.generation) return false;
  if (d.spec.progressDeadlineSeconds !== undefined && st.conditions?.find((c) => c.type === 'Progressing')?.reason !== 'NewReplicaSetAvailable') return false;
  const at = rv(d);
  for (const rs of owned) if (rv(rs) >= at) return false;
  if (orphans?.length) {
    const sel = fromLabelSelector(d.spec.selector);
    if (orphans.some((rs) => selectorMatches(sel, rs.metadata.labels))) return false;
  }
  return true;
}

export function syncDeployments(cluster: Cluster): void {
  const deployments = Object.values(cluster.state.objects.Deployment ?? {}) as Deployment[];
  if (deployments.length === 0) return;
  const byOwner = new Map<string, ReplicaSet[]>();
  const orphans = new Map<string, ReplicaSet[]>();
  for (const rs of Object.values(cluster.state.objects.ReplicaSet ?? {}) as ReplicaSet[]) {
    const ref = controllerOf(rs);
    const key = ref ? ref.uid : (rs.metadata.namespace ?? '');
    const map = ref ? byOwner : orphans;
    if (!ref && rs.metadata.deletionTimestamp) continue;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(rs);
  }
  for (const stored of deployments) {
    if (isSettled(stored, byOwner.get(stored.metadata.uid!) ?? [], orphans.get(stored.metadata.namespace ?? ''))) continue;
    // A working copy: the sync changes annotations and status only.
    const d: Deployment = {
      ...stored,
      metadata: { ...stored.metadata, annotations: stored.metadata.annotations ? { ...stored.metadata.annotations } : undefined },
      status: stored.status ? structuredClone(stored.status) : undefined,
    };
    if (!d.metadata.annotations) delete d.metadata.annotations;
    if (!d.status) delete d.status;
    const rsList = claimObjects(cluster, d, d.spec.selector, byOwner.get(d.metadata.uid!) ?? [], orphans.get(d.metadata.namespace ?? ''));
    new DeploymentSync(cluster, d, rsList).run();
  }
}
