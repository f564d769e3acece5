/**
 * default-scheduler, reduced to its filters that a small cluster exercises (node unschedulable,
 * taints and tolerations, nodeSelector and required node affinity, resource requests against
 * allocatable) and a spreading score: the node running the fewest pods of the same owner, then
 * the fewest pods overall, ties by node order. Pods that already name a node (spec.nodeName) are
 * not scheduled. A pod that fits nowhere stays Pending and is tried again whenever a Pod or Node
 * changes (a deletion frees room, a new node adds some), as the real scheduling queue does.
 */
import type { QuantityList } from '../api/quantity.js';
import type { Cluster } from '../store/cluster-state.js';
import { findEvent, recordEvent, repeatEvent } from './events.js';
import { addPodToUsage, emptyUsage, insufficientResources, podRequests, type NodeUsage } from './node-resources.js';
import { podCondition, type NodeObject, type NodeSelectorRequirement, type NodeSelectorTerm, type Pod, type PodCondition, type Toleration } from './kubelet.js';

const COMPONENT = 'default-scheduler';
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Does one toleration tolerate the taint (key/operator/value/effect matching)? */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const op = t.operator || 'Equal';
  if (!t.key) return op === 'Exists';
  if (t.key !== taint.key) return false;
  if (op === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || vals.length !== 1) return false;
      const a = Number(value);
      const b = Number(vals[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: NodeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) if (!requirementMatches(e, Object.prototype.hasOwnProperty.call(labels, e.key) ? labels[e.key] : undefined)) return false;
  for (const f of fields) if (!requirementMatches(f, f.key === 'metadata.name' ? node.metadata.name : undefined)) return false;
  return true;
}

/** nodeSelector and required node affinity (terms ORed, requirements ANDed). */
export function matchesNodeSelection(pod: Pod, node: NodeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => termMatches(t, node))) return false;
  return true;
}

/** Why the pod cannot run on the node (the scheduler's reason text), or undefined if it fits. */
export function unfitReason(pod: Pod, node: NodeObject): string | undefined {
  if (node.spec?.unschedulable && !tolerates(pod.spec.tolerations, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' })) {
    return 'node(s) were unschedulable';
  }
  if (!matchesNodeSelection(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(pod.spec.tolerations, taint)) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  return undefined;
}

function controllerUID(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

/** Why one node was filtered out: its reasons, and whether evicting pods could make room. */
interface NodeRejection {
  reasons: string[];
  /** False for the filters no preemption can change (taints, affinity, cordon). */
  resolvable: boolean;
}

/** All filters for one node, in the scheduler's plugin order; undefined when the pod fits. */
function filterNode(pod: Pod, requests: QuantityList, node: NodeObject, usage: NodeUsage): NodeRejection | undefined {
  const why = unfitReason(pod, node);
  if (why) return { reasons: [why], resolvable: false };
  const short = insufficientResources(requests, node, usage);
  return short.length > 0 ? { reasons: short, resolvable: true } : undefined;
}

/** "<n> <reason>" per distinct reason, sorted as strings (FitError.Error's histogram). */
function histogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

/**
 * The FailedScheduling message: the filters' reasons, then what preemption found. kubesim evicts
 * nothing, so a node where eviction could help reports no victims, as for a pod of the default
 * priority on a cluster of pods that are not lower.
 */
function schedulingFailureMessage(rejections: NodeRejection[]): string {
  const n = rejections.length;
  if (n === 0) return 'no nodes available to schedule pods';
  const filters = histogram(rejections.flatMap((r) => r.reasons));
  const preemption = histogram(rejections.map((r) => (r.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')));
  return `0/${n} nodes are available: ${filters}. preemption: 0/${n} nodes are available: ${preemption}.`;
}

/** Pods bound to each node and the sum of their requests (terminal pods hold nothing). */
function nodeUsages(pods: Pod[]): Map<string, NodeUsage> {
  const usages = new Map<string, NodeUsage>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (!usages.has(n)) usages.set(n, emptyUsage());
    addPodToUsage(usages.get(n)!, podRequests(p));
  }
  return usages;
}

/** One scheduling pass: bind every pod that has no node and whose scheduler is the default one. */
export function syncScheduler(cluster: Cluster): void {
  const pods = Object.values(cluster.state.objects.Pod ?? {}) as Pod[];
  const queue = pods.filter(
    (p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && (!p.spec.schedulerName || p.spec.schedulerName === COMPONENT),
  );
  if (queue.length === 0) return;
  const nodes = cluster.list<NodeObject>('Node');
  const usages = nodeUsages(pods);
  const byOwner = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    const owner = controllerUID(p);
    if (!n || !owner || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    byOwner.set(`${owner}/${n}`, (byOwner.get(`${owner}/${n}`) ?? 0) + 1);
  }
  // Higher priority first, then first come first served; each binding takes room from the next.
  queue.sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0) || cmp(a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? ''));
  for (const pod of queue) {
    const owner = controllerUID(pod);
    const requests = podRequests(pod);
    let best: NodeObject | undefined;
    let bestScore: [number, number] = [Infinity, Infinity];
    const rejections: NodeRejection[] = [];
    for (const node of nodes) {
      const name = node.metadata.name;
      const usage = usages.get(name) ?? emptyUsage();
      const rejection = filterNode(pod, requests, node, usage);
      if (rejection) {
        rejections.push(rejection);
        continue;
      }
      const score: [number, number] = [owner ? (byOwner.get(`${owner}/${name}`) ?? 0) : 0, usage.pods];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) {
        best = node;
        bestScore = score;
      }
    }
    if (!best) {
      markUnschedulable(cluster, pod, schedulingFailureMessage(rejections));
      continue;
    }
    const nodeName = best.metadata.name;
    bind(cluster, pod, nodeName);
    if (!usages.has(nodeName)) usages.set(nodeName, emptyUsage());
    addPodToUsage(usages.get(nodeName)!, requests);
    if (owner) byOwner.set(`${owner}/${nodeName}`, (byOwner.get(`${owner}/${nodeName}`) ?? 0) + 1);
  }
}

/** PodScheduled=False with the reasons, and one FailedScheduling event each time they change. */
function markUnschedulable(cluster: Cluster, pod: Pod, message: string): void {
  const cur = podCondition(pod, 'PodScheduled');
  // Unchanged reasons: only the retries the clock brought are new; a pass that finds none settles.
  if (cur?.status === 'False' && cur.message === message) return replayRetries(cluster, pod, message);
  const now = cluster.timestamp();
  const cond: PodCondition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: cur?.status === 'False' ? cur.lastTransitionTime : now };
  const updated: Pod = { ...pod, status: { ...(pod.status ?? {}), phase: pod.status?.phase ?? 'Pending', conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond] } };
  cluster.put(updated);
  recordEvent(cluster, updated, { type: 'Warning', reason: 'FailedScheduling', message, component: COMPONENT });
  cluster.wakeAt(cluster.now().getTime() + UNSCHEDULABLE_RETRY_MS);
}

/**
 * The scheduling queue moves a pod that stayed unschedulable for 5 minutes back to the active
 * queue (podMaxInUnschedulablePodsDuration), so a stuck pod is retried, and its FailedScheduling
 * event counted again, every 5 minutes: `(x3 over 10m)`. Replayed up to now from the event's first
 * time; the next retry is a wake-up.
 */
function replayRetries(cluster: Cluster, pod: Pod, message: string): void {
  const spec = { type: 'Warning' as const, reason: 'FailedScheduling', message, component: COMPONENT };
  const ev = findEvent(cluster, pod, spec);
  const first = Date.parse(ev?.firstTimestamp ?? '');
  if (!ev || Number.isNaN(first)) return;
  const attempts = 1 + Math.floor((cluster.now().getTime() - first) / UNSCHEDULABLE_RETRY_MS);
  cluster.wakeAt(first + attempts * UNSCHEDULABLE_RETRY_MS);
  repeatEvent(cluster, pod, spec, attempts, first, first + (attempts - 1) * UNSCHEDULABLE_RETRY_MS);
}

/** The binding: spec.nodeName, PodScheduled=True and the Scheduled event. */
function bind(cluster: Cluster, pod: Pod, nodeName: string): void {
  const cond: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: cluster.timestamp() };
  const updated: Pod = {
    ...pod,
    spec: { ...pod.spec, nodeName },
    status: { ...(pod.status ?? {}), phase: pod.status?.phase ?? 'Pending', conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond] },
  };
  cluster.put(updated);
  recordEvent(cluster, updated, {
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    component: COMPONENT,
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
