/** `kubectl describe statefulset`. */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Event, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from '../../labels/selector.js';
import { formatPodPhaseCounts, type PodPhaseCounts } from './controller-pods.js';
import { selectorString } from './deployment.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline, printLabelsMultilineWithIndent } from './object-meta.js';
import { describePodTemplate } from './pod-template.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { canonicalQuantity } from '../../api/quantity.js';
import { tabbedString } from './tabwriter.js';
import { rfc1123z } from './time.js';

/** The claim's storage class: the beta annotation first, then spec.storageClassName. */
function claimClass(pvc: PersistentVolumeClaim): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

function describeVolumeClaimTemplates(templates: PersistentVolumeClaim[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultilineWithIndent(w, '  ', 'Labels', '\t', pvc.metadata?.labels, new Set());
    printLabelsMultilineWithIndent(w, '  ', 'Annotations', '\t', pvc.metadata?.annotations, new Set());
    const storage = (pvc.spec?.resources?.requests as Record<string, string> | undefined)?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? canonicalQuantity(storage) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export function describeStatefulSet(sts: StatefulSet, pods: PodPhaseCounts, events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = sts.metadata ?? {};
    const spec = sts.spec;
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector as LabelSelector | undefined)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec?.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec?.updateStrategy?.type ?? ''}\n`);
    const ru = spec?.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${formatPodPhaseCounts(pods)}\n`);
    describePodTemplate(spec?.template, w);
    describeVolumeClaimTemplates(spec?.volumeClaimTemplates, w);
    if (events) describeEvents(events, w, now);
  });
}
