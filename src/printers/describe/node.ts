/** `kubectl describe node`. */
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './object-meta.js';
import { podRequestsAndLimits } from '../../api/pod-resources.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';
import {
  addQuantity,
  formatQuantity,
  quantityMilliValue,
  quantityOf,
  quantityValue,
  ZERO_QUANTITY,
  type Quantity,
  type QuantityList,
  type ResourceList,
} from '../../api/quantity.js';
import { printTaintsMultiline } from './scheduling.js';
import { tabbedString } from './tabwriter.js';
import { rfc1123z, since } from './time.js';

/** The parts of a coordination.k8s.io/v1 Lease that describe shows. */
export interface NodeLease {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

/** What to print on the `Lease:` line(s): a lease, or the error text of a failed lookup. */
export type LeaseLookup = { lease: NodeLease } | { error: string };

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_ROLE_LABEL = 'kubernetes.io/role';

/** Roles from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label, sorted. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Go's int64(float64) conversion on amd64: NaN and out-of-range values become MinInt64. */
function goInt64(x: number): string {
  if (!Number.isFinite(x) || x >= 9.223372036854776e18 || x < -9.223372036854776e18) return '-9223372036854775808';
  return String(Math.trunc(x));
}

const percent = (part: bigint, whole: bigint): string => goInt64((Number(part) / Number(whole)) * 100);
/** The allocated-resources rows guard against a zero denominator. */
const percentOr0 = (part: bigint, whole: bigint): string => (whole === 0n ? '0' : percent(part, whole));

const get = (list: QuantityList, name: string): Quantity => list.get(name) ?? ZERO_QUANTITY;

function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const capacity = (node.status?.capacity ?? {}) as ResourceList;
  const allocatableRaw = (node.status?.allocatable ?? {}) as ResourceList;
  const allocatable = Object.keys(allocatableRaw).length > 0 ? allocatableRaw : capacity;
  const allocCPU = quantityMilliValue(quantityOf(allocatable.cpu));
  const allocMem = quantityValue(quantityOf(allocatable.memory));
  const allocEph = quantityValue(quantityOf(allocatable['ephemeral-storage']));

  const totalReqs: QuantityList = new Map();
  const totalLimits: QuantityList = new Map();
  const accumulate = (into: QuantityList, from: QuantityList): void => {
    for (const [k, v] of from) {
      const cur = into.get(k);
      into.set(k, cur ? addQuantity(cur, v) : { ...v });
    }
  };
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    accumulate(totalReqs, requests);
    accumulate(totalLimits, limits);
    const cpuReq = get(requests, 'cpu');
    const cpuLim = get(limits, 'cpu');
    const memReq = get(requests, 'memory');
    const memLim = get(limits, 'memory');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${formatQuantity(cpuReq)} (${percent(quantityMilliValue(cpuReq), allocCPU)}%)\t` +
        `${formatQuantity(cpuLim)} (${percent(quantityMilliValue(cpuLim), allocCPU)}%)\t` +
        `${formatQuantity(memReq)} (${percent(quantityValue(memReq), allocMem)}%)\t` +
        `${formatQuantity(memLim)} (${percent(quantityValue(memLim), allocMem)}%)\t` +
        `${since(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }

  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, req: Quantity, lim: Quantity, scale: (q: Quantity) => bigint, whole: bigint): void => {
    w.write(LEVEL_1, `${name}\t${formatQuantity(req)} (${percentOr0(scale(req), whole)}%)\t${formatQuantity(lim)} (${percentOr0(scale(lim), whole)}%)\n`);
  };
  row('cpu', get(totalReqs, 'cpu'), get(totalLimits, 'cpu'), quantityMilliValue, allocCPU);
  row('memory', get(totalReqs, 'memory'), get(totalLimits, 'memory'), quantityValue, allocMem);
  row('ephemeral-storage', get(totalReqs, 'ephemeral-storage'), get(totalLimits, 'ephemeral-storage'), quantityValue, allocEph);

  const names = Object.keys(allocatable);
  const hugePages = names.filter((n) => n.startsWith('hugepages-')).sort(byteOrder);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  const extended = names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n)).sort(byteOrder);
  for (const hp of hugePages) {
    row(hp, get(totalReqs, hp), get(totalLimits, hp), quantityValue, quantityValue(quantityOf(allocatable[hp])));
  }
  for (const ext of extended) {
    w.write(LEVEL_1, `${ext}\t${formatQuantity(get(totalReqs, ext))}\t${formatQuantity(get(totalLimits, ext))}\n`);
  }
}

export function describeNode(node: Node, pods: Pod[], events: Event[] | undefined, lease: LeaseLookup, now: Date): string {
  return tabbedString((out) => {
    const w = new PrefixWriter(out);
    const meta = node.metadata ?? {};
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);

    if ('lease' in lease) {
      const ls = lease.lease.spec ?? {};
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${ls.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    }

    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }

    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);

    const printResourceList = (list: ResourceList): void => {
      for (const name of Object.keys(list).sort(byteOrder)) w.write(LEVEL_0, `  ${name}:\t${formatQuantity(quantityOf(list[name]))}\n`);
    };
    const capacity = (status.capacity ?? {}) as ResourceList;
    const allocatable = (status.allocatable ?? {}) as ResourceList;
    if (Object.keys(capacity).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(capacity);
    }
    if (Object.keys(allocatable).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(allocatable);
    }

    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);

    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs!.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, w, now);
    if (events) describeEvents(events, w, now);
  });
}
