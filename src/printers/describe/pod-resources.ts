/**
 * A pod's effective requests and limits (what `describe node` sums) and its QoS class
 * (what `describe pod` prints when the server did not record one).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import {
  addResourceList,
  cmpQuantity,
  maxResourceList,
  quantityOf,
  toQuantityList,
  type QuantityList,
  type ResourceList,
} from './quantity.js';

const isSidecar = (c: Container): boolean => (c as { restartPolicy?: string }).restartPolicy === 'Always';

function effective(pod: Pod, pick: (c: Container) => ResourceList | undefined): QuantityList {
  const total: QuantityList = new Map();
  for (const c of pod.spec?.containers ?? []) addResourceList(total, toQuantityList(pick(c)));
  const sidecars: QuantityList = new Map();
  const initMax: QuantityList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = toQuantityList(pick(c));
    let reqs: QuantityList;
    if (isSidecar(c)) {
      addResourceList(total, own);
      addResourceList(sidecars, own);
      reqs = sidecars;
    } else {
      reqs = new Map();
      addResourceList(reqs, own);
      addResourceList(reqs, sidecars);
    }
    maxResourceList(initMax, reqs);
  }
  maxResourceList(total, initMax);
  return total;
}

/** kubectl's PodRequestsAndLimits: containers summed, init containers as a maximum, plus overhead. */
export function podRequestsAndLimits(pod: Pod): { requests: QuantityList; limits: QuantityList } {
  const requests = effective(pod, (c) => c.resources?.requests as ResourceList | undefined);
  const limits = effective(pod, (c) => c.resources?.limits as ResourceList | undefined);
  const overhead = toQuantityList(pod.spec?.overhead as ResourceList | undefined);
  if (overhead.size > 0) {
    addResourceList(requests, overhead);
    for (const [k, v] of overhead) {
      const cur = limits.get(k);
      if (cur) addResourceList(limits, new Map([[k, v]]));
    }
  }
  return { requests, limits };
}

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
