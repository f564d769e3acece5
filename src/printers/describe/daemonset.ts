/** `kubectl describe daemonset`. */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { formatLabels, type LabelSelector } from '../../labels/selector.js';
import { formatPodPhaseCounts, type PodPhaseCounts } from './controller-pods.js';
import { selectorString } from './deployment.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { describePodTemplate } from './pod-template.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';

export function describeDaemonSet(ds: DaemonSet, pods: PodPhaseCounts, events: Event[] | undefined, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = ds.metadata ?? {};
    const spec = ds.spec;
    const status = ds.status;
    // kubectl's DaemonSet describer prints no Namespace line.
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector as LabelSelector | undefined)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    // These five lines have no tab: each one ends the alignment block.
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${formatPodPhaseCounts(pods)}\n`);
    describePodTemplate(spec?.template, w);
    if (events) describeEvents(events, w, now);
  });
}
