/**
 * Why a pod is (not) ready, from the status the kubelet and the scheduler wrote: not scheduled
 * (and the scheduler's message), terminating, finished, containers waiting (InvalidImageName,
 * ErrImagePull, …) with the kubelet's message, no IP yet. Also the workload that owns a pod, so a
 * fix can name what to edit (`deployment/frontend`, not a pod that will be replaced).
 */
import type { Cluster } from '../store/cluster-state.js';
import { isPodReady, podCondition, type Pod } from '../controllers/kubelet.js';
import { count, finding, nameList, type Finding } from './findings.js';

export interface PodReadiness {
  ready: boolean;
  /** Short reason: `Running`, `InvalidImageName`, `Unschedulable`, `Terminating` … */
  reason: string;
  /** Facts behind the reason, one per line. */
  details: string[];
  /** The containers' waiting reasons (for grouping and fixes). */
  waiting: { container: string; reason: string; message?: string; image: string }[];
}

export function podReadiness(pod: Pod): PodReadiness {
  const details: string[] = [];
  const waiting: PodReadiness['waiting'] = [];
  const images = new Map([...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].map((c) => [c.name, c.image]));
  for (const st of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = st.state?.waiting;
    if (w?.reason) waiting.push({ container: st.name, reason: w.reason, message: w.message, image: images.get(st.name) ?? st.image });
  }
  if (pod.metadata.deletionTimestamp) return { ready: false, reason: 'Terminating', details: [`pod is being deleted (since ${pod.metadata.deletionTimestamp})`], waiting };
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Succeeded' || phase === 'Failed') return { ready: false, reason: phase, details: [`pod has finished (phase ${phase}); finished pods are never endpoints`], waiting };
  if (!pod.spec.nodeName) {
    const c = podCondition(pod, 'PodScheduled');
    const reason = c?.reason ?? 'NotScheduled';
    details.push(c?.message ? `not scheduled: ${c.message}` : 'not scheduled to a node yet');
    return { ready: false, reason, details, waiting };
  }
  if (isPodReady(pod)) return { ready: true, reason: phase, details: [`${phase} on node ${pod.spec.nodeName}, Ready`], waiting };
  for (const w of waiting) {
    if (w.reason === 'PodInitializing') continue;
    details.push(`container ${w.container} (image ${JSON.stringify(w.image)}) is waiting: ${w.reason}${w.message ? `: ${w.message}` : ''}`);
  }
  if (!pod.status?.podIP) details.push(`no pod IP yet on node ${pod.spec.nodeName}`);
  const ready = podCondition(pod, 'Ready');
  if (details.length === 0 && ready?.message) details.push(`Ready=False: ${ready.message}`);
  if (details.length === 0) details.push(`phase ${phase}, not Ready`);
  const first = waiting.find((w) => w.reason !== 'PodInitializing') ?? waiting[0];
  return { ready: false, reason: first?.reason ?? ready?.reason ?? phase, details, waiting };
}

/** What to change for a not-ready reason, naming the object to edit. */
export function readinessFix(reason: string, owner: string, waiting: PodReadiness['waiting']): string | undefined {
  const image = waiting.find((w) => w.reason === reason)?.image;
  switch (reason) {
    case 'InvalidImageName':
      return `${JSON.stringify(image ?? '')} is not a valid image reference${/^<.*>$/.test(image ?? '') ? ' (a placeholder to be replaced with your own image)' : ''}: set a real image in ${owner}'s containers (e.g. nginx:1.27, or your registry/app:tag) and apply again`;
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return `the image ${JSON.stringify(image ?? '')} cannot be pulled: check its name and tag in ${owner}`;
    case 'ErrImageNeverPull':
      return `imagePullPolicy is Never and ${JSON.stringify(image ?? '')} is not on the node: remove imagePullPolicy: Never from ${owner} (or pre-load the image)`;
    case 'Unschedulable':
      return `no node can run the pod: relax ${owner}'s nodeSelector/affinity/tolerations or resource requests, or make a node schedulable`;
    case 'Terminating':
      return 'the pod is going away; its replacement (if any) takes over once Ready';
    default:
      return undefined;
  }
}

/** `deployment/frontend` for a pod of a Deployment's ReplicaSet, else the controller, else `pod/NAME`. */
export function ownerOf(cluster: Cluster, pod: Pod): string {
  const ns = pod.metadata.namespace;
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!ref) return `pod/${pod.metadata.name}`;
  if (ref.kind === 'ReplicaSet') {
    const rs = cluster.get('ReplicaSet', ns, ref.name);
    const dep = rs?.metadata.ownerReferences?.find((r) => r.kind === 'Deployment');
    if (dep) return `deployment/${dep.name}`;
    return `replicaset/${ref.name}`;
  }
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}

/**
 * One finding per not-ready reason among `pods` (error when none is ready, warn when some are),
 * or one `ok` when all are ready. `what` names the consequence (e.g. "they get no endpoint").
 */
export function readinessFindings(cluster: Cluster, pods: Pod[], consequence: string): Finding[] {
  if (pods.length === 0) return [];
  const states = pods.map((p) => ({ pod: p, r: podReadiness(p) }));
  const ready = states.filter((s) => s.r.ready);
  const all = (n: number) => (n === 1 ? 'the pod is' : n === 2 ? 'both pods are' : `all ${n} pods are`);
  if (ready.length === pods.length) return [finding('pods.ready', 'ok', `${all(pods.length)} Ready`, [`${nameList(ready.map((s) => `${s.pod.metadata.name} on ${s.pod.spec.nodeName}`))}`])];
  const byReason = new Map<string, typeof states>();
  for (const s of states) {
    if (s.r.ready) continue;
    const list = byReason.get(s.r.reason) ?? [];
    list.push(s);
    byReason.set(s.r.reason, list);
  }
  const level = ready.length === 0 ? 'error' : 'warn';
  const out: Finding[] = [];
  for (const [reason, list] of byReason) {
    const names = list.map((s) => s.pod.metadata.name);
    const sample = list[0];
    const evidence = [`${count(list.length, 'pod')}: ${nameList(names)}`, ...sample.r.details.map((d) => (list.length > 1 ? `${sample.pod.metadata.name}: ${d}` : d))];
    const owner = ownerOf(cluster, sample.pod);
    out.push(
      finding(
        'pods.ready',
        level,
        `${list.length === pods.length ? all(pods.length) : `${list.length} of ${pods.length} pods are`} not ready (${reason})${consequence ? `: ${consequence}` : ''}`,
        evidence,
        readinessFix(reason, owner, sample.r.waiting),
      ),
    );
  }
  return out;
}
