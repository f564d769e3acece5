/** `kubectl describe deployment`. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/resources.js';
import { formatLabelSelector, labelSelectorMatches, type LabelSelector } from '../../labels/selector.js';
import { describeEvents } from './events.js';
import { controllerRefOf, printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { describePodTemplate } from './pod-template.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';
import { rfc1123z } from './time.js';

/** A selector as labels.Selector.String() prints it: like formatLabelSelector, but '' when empty. */
export function selectorString(sel: LabelSelector | undefined): string {
  const s = formatLabelSelector(sel);
  return s === '<none>' ? '' : s;
}

/** JSON value with empty maps/lists and null/undefined dropped (Semantic.DeepEqual treats them alike). */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(normalize);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

/** Pod templates equal once the `pod-template-hash` label is ignored. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): unknown => {
    if (!t) return undefined;
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    return normalize({ ...t, metadata: { ...(t.metadata ?? {}), labels } });
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

const creationOrder = (a: ReplicaSet, b: ReplicaSet): number => {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return Date.parse(ta) - Date.parse(tb) || (ta < tb ? -1 : 1);
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
};

/**
 * The deployment's replica sets (matching its selector and controlled by its uid), split into
 * the new one (oldest whose template equals the deployment's, ignoring the hash label) and all
 * the others, in creation order.
 */
export function replicaSetsOf(d: Deployment, replicaSets: KObject[]): { oldRSs: ReplicaSet[]; newRS?: ReplicaSet } {
  const uid = d.metadata?.uid ?? '';
  const owned = (replicaSets as unknown as ReplicaSet[])
    .filter((rs) => labelSelectorMatches(d.spec?.selector as LabelSelector | undefined, rs.metadata?.labels))
    .filter((rs) => controllerRefOf(rs)?.uid === uid)
    .sort(creationOrder);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  // kubectl lists the old ReplicaSets that still want pods (FindOldReplicaSets' "required" ones):
  // after a finished rollout, the old ones scaled to 0 make `OldReplicaSets:  <none>`.
  return { oldRSs: owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 1) !== 0), newRS };
}

function printReplicaSets(list: ReplicaSet[]): string {
  const s = list.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ');
  return s === '' ? '<none>' : s;
}

/** Go's IntOrString.String() of a possibly unset value. */
const intOrStringPtr = (v: number | string | undefined): string => (v === undefined || v === null ? '<nil>' : String(v));

export function describeDeployment(d: Deployment, oldRSs: ReplicaSet[], newRSs: ReplicaSet[], events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = d.metadata ?? {};
    const spec = d.spec;
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector as LabelSelector | undefined)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ` +
        `${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru) {
      w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrStringPtr(ru.maxUnavailable)} max unavailable, ${intOrStringPtr(ru.maxSurge)} max surge\n`);
    }
    describePodTemplate(spec?.template, w);
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRSs)}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}
