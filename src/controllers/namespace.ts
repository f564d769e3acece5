/**
 * The namespace lifecycle: namespaces are Active once created; one marked for deletion
 * (deletionTimestamp set, phase Terminating) is emptied and then removed.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import { deleteObject, isNamespaced } from '../apiserver/objects.js';

export function syncNamespaces(cluster: Cluster): void {
  for (const ns of Object.values(cluster.state.objects.Namespace ?? {})) {
    const status = ns.status as { phase?: string } | undefined;
    if (ns.metadata.deletionTimestamp) {
      for (const kind of Object.keys(cluster.state.objects)) {
        if (!isNamespaced(kind)) continue;
        for (const o of cluster.list(kind, ns.metadata.name)) {
          if (cluster.get(kind, o.metadata.namespace, o.metadata.name)) deleteObject(cluster, kind, o.metadata.namespace, o.metadata.name);
        }
      }
      cluster.remove('Namespace', undefined, ns.metadata.name);
      continue;
    }
    if (!status?.phase) {
      const updated: KObject = { ...ns, status: { ...(status ?? {}), phase: 'Active' } };
      cluster.put(updated);
    }
  }
}
