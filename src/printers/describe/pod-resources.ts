/**
 * A pod's QoS class (what `describe pod` prints when the server did not record one). Its requests
 * and limits, which `describe node` sums, are api/pod-resources.ts's, shared with the scheduler.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { addResourceList, cmpQuantity, quantityOf, toQuantityList, type QuantityList, type ResourceList } from '../../api/quantity.js';

const QOS_RESOURCES = new Set(['cpu', 'memory']);

/** status.qosClass when recorded, else the class computed from the containers' cpu/memory. */
export function podQOSClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests: QuantityList = new Map();
  const limits: QuantityList = new Map();
  let guaranteed = true;
  const zero = quantityOf('0');
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const [name, q] of toQuantityList(c.resources?.requests as ResourceList | undefined)) {
      if (!QOS_RESOURCES.has(name) || cmpQuantity(q, zero) <= 0) continue;
      addResourceList(requests, new Map([[name, q]]));
    }
    const found = new Set<string>();
    for (const [name, q] of toQuantityList(c.resources?.limits as ResourceList | undefined)) {
      if (!QOS_RESOURCES.has(name) || cmpQuantity(q, zero) <= 0) continue;
      found.add(name);
      addResourceList(limits, new Map([[name, q]]));
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || cmpQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
