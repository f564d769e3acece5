/**
 * The scheduler's NodeResourcesFit filter: a pod fits a node when the node has room for one more
 * pod and, for every resource the pod requests, the node's allocatable minus the requests of the
 * pods already bound there covers it. Requests are what counts, never actual usage, so a node of
 * idle pods can still be full.
 */
import type { Pod as ApiPod } from 'kubernetes-types/core/v1.js';
import { podSchedulingRequests } from '../api/pod-resources.js';
import { addResourceList, quantityMilliValue, quantityOf, quantityValue, type Quantity, type QuantityList } from '../api/quantity.js';
import type { NodeObject, Pod } from './kubelet.js';

/** What the pods bound to one node hold: their number and the sum of their requests. */
export interface NodeUsage {
  pods: number;
  requested: QuantityList;
}

export function emptyUsage(): NodeUsage {
  return { pods: 0, requested: new Map() };
}

/** The pod's requests, as the scheduler reserves them (see api/pod-resources.ts). */
export function podRequests(pod: Pod): QuantityList {
  return podSchedulingRequests(pod as unknown as ApiPod);
}

export function addPodToUsage(usage: NodeUsage, requests: QuantityList): void {
  usage.pods++;
  addResourceList(usage.requested, requests);
}

/**
 * Resources the scheduler accounts for besides cpu, memory and ephemeral-storage (its
 * IsScalarResourceName): extended (`example.com/gpu`), hugepages, `kubernetes.io/`-prefixed and
 * attachable-volume resources. Any other name a pod requests is not fitted at all.
 */
function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-') || name.includes('kubernetes.io/')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

/** cpu is fitted in millicores, everything else in whole units (Quantity.MilliValue / Value). */
function amount(name: string, q: Quantity): bigint {
  return name === 'cpu' ? quantityMilliValue(q) : quantityValue(q);
}

/**
 * The filter's reasons, in its order ("Too many pods", then cpu, memory, ephemeral-storage, then
 * the scalar resources, sorted here because Go walks them in map order); [] when the pod fits.
 * A node without status.allocatable (hand-made test nodes) has nothing to fit against.
 */
export function insufficientResources(requests: QuantityList, node: NodeObject, usage: NodeUsage): string[] {
  const allocatable = (node.status as { allocatable?: Record<string, string | number> } | undefined)?.allocatable;
  if (!allocatable) return [];
  const reasons: string[] = [];
  if (usage.pods + 1 > Number(amount('pods', quantityOf(allocatable.pods)))) reasons.push('Too many pods');
  const scalars = [...requests.keys()].filter(isScalarResource).sort();
  for (const name of ['cpu', 'memory', 'ephemeral-storage', ...scalars]) {
    const want = amount(name, requests.get(name) ?? quantityOf(0));
    if (want <= 0n) continue;
    const free = amount(name, quantityOf(allocatable[name])) - amount(name, usage.requested.get(name) ?? quantityOf(0));
    if (want > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}
