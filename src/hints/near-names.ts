/**
 * "Did you mean …?" for names that do not exist: the closest names of the same kind in the
 * namespace, or the same name in other namespaces (the usual cause: a missing `-n`).
 */
import type { Cluster } from '../store/cluster-state.js';
import { qualifiedResource, type ResourceInfo } from '../api/resources.js';
import { notFoundError, type ApiError } from '../apiserver/status.js';

/** Levenshtein distance, bounded: returns max+1 once it is certain to exceed max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

export function nearNameHint(cluster: Cluster, kind: string, namespace: string | undefined, name: string): string | undefined {
  const here = cluster.list(kind, namespace).map((o) => o.metadata.name);
  const close = here
    .map((n) => ({ n, d: n.startsWith(name) || name.startsWith(n) ? 1 : editDistance(n, name) }))
    .filter((x) => x.d <= Math.max(1, Math.min(3, Math.floor(name.length / 3))))
    .sort((x, y) => x.d - y.d || x.n.localeCompare(y.n))
    .slice(0, 3)
    .map((x) => `"${x.n}"`);
  if (close.length > 0) return `did you mean ${close.join(' or ')}?`;
  if (namespace === undefined) return undefined;
  const elsewhere = cluster
    .list(kind)
    .filter((o) => o.metadata.name === name && o.metadata.namespace !== namespace)
    .map((o) => o.metadata.namespace!);
  if (elsewhere.length > 0) return `"${name}" exists in namespace ${elsewhere.map((n) => `"${n}"`).join(', ')}; add -n ${elsewhere[0]} (the current namespace is "${namespace}")`;
  return undefined;
}

/** kubectl's NotFound for a named object, with kubesim's hint of the names close to it. */
export function notFoundWithHint(cluster: Cluster, resource: ResourceInfo, namespace: string, name: string): ApiError {
  const err = notFoundError(qualifiedResource(resource), name);
  err.hint = nearNameHint(cluster, resource.kind, resource.namespaced ? namespace : undefined, name);
  return err;
}
