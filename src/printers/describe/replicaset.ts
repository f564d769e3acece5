/** `kubectl describe replicaset`. */
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { formatLabelSelector, type LabelSelector } from '../../labels/selector.js';
import { formatPodPhaseCounts, type PodPhaseCounts } from './controller-pods.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printController, printLabelsMultiline } from './object-meta.js';
import { describePodTemplate } from './pod-template.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';

export function describeReplicaSet(rs: ReplicaSet, pods: PodPhaseCounts, events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = rs.metadata ?? {};
    const spec = rs.spec;
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec?.selector as LabelSelector | undefined)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const controlledBy = printController(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${spec?.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${formatPodPhaseCounts(pods)}\n`);
    describePodTemplate(spec?.template, w);
    const conditions = rs.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}
