/** Pod phase counts for a workload controller's `Pods Status:` line. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/resources.js';
import { labelSelectorMatches, type LabelSelector } from '../../labels/selector.js';
import { controllerRefOf } from './object-meta.js';

export interface PodPhaseCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** Pods that match `selector` and whose controller is the object with `uid`, counted by phase. */
export function podStatusForController(pods: KObject[], selector: LabelSelector | undefined, uid: string | undefined): PodPhaseCounts {
  const counts: PodPhaseCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const obj of pods) {
    const pod = obj as unknown as Pod;
    if (!labelSelectorMatches(selector, pod.metadata?.labels)) continue;
    const ref = controllerRefOf(obj);
    if (!ref || ref.uid !== (uid ?? '')) continue;
    switch (pod.status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}

export function formatPodPhaseCounts(c: PodPhaseCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}
