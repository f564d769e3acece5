/**
 * A pod's effective requests and limits (component-helpers' PodRequests/PodLimits): regular and
 * sidecar containers summed, each init container's need as a maximum over the init sequence, plus
 * the pod overhead. `describe node` sums these per node and the scheduler fits them, so both read
 * one implementation.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { addResourceList, maxResourceList, toQuantityList, type QuantityList, type ResourceList } from './quantity.js';

const isSidecar = (c: Container): boolean => (c as { restartPolicy?: string }).restartPolicy === 'Always';

/** The init max rule: sidecars run alongside the later init containers and then the main ones. */
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

/**
 * What the scheduler reserves for the pod. A limit without a request counts as the request: the
 * apiserver defaults it so on create, and pods written by older kubesim states may lack it.
 */
export function podSchedulingRequests(pod: Pod): QuantityList {
  const requested = (c: Container): ResourceList => ({ ...(c.resources?.limits as ResourceList | undefined), ...(c.resources?.requests as ResourceList | undefined) });
  const requests = effective(pod, requested);
  addResourceList(requests, toQuantityList(pod.spec?.overhead as ResourceList | undefined));
  return requests;
}
