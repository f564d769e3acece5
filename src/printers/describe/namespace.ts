/** `kubectl describe namespace` (no Events section). */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import { tabbedString } from './tabwriter.js';
import { rfc1123z } from './time.js';

/**
 * kubesim simulates neither ResourceQuota nor LimitRange, so their sections always read
 * `No resource quota.` and `No LimitRange resource.`, as on a cluster that has none.
 */
export function describeNamespace(ns: Namespace): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = ns.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, '\n');
    w.write(LEVEL_0, 'No resource quota.\n');
    w.write(LEVEL_0, '\n');
    w.write(LEVEL_0, 'No LimitRange resource.\n');
  });
}
