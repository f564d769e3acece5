/**
 * The kubelet's part of a pod deletion. kubesim has no grace period: the apiserver removes a pod
 * at once (apiserver/objects.ts), and this is where its node's kubelet stops it — `Killing`
 * (`Stopping container <name>`) for each container still running, whoever deleted the pod (a
 * user, a scale-down, the garbage collector). A container that never started (InvalidImageName,
 * ErrImagePull) or has exited gets none: the kubelet kills only running containers.
 */
import type { Cluster } from '../store/cluster-state.js';
import { recordContainerKilling, type Pod } from './kubelet.js';

export function stopPodContainers(cluster: Cluster, pod: Pod): void {
  // In a terminating namespace the apiserver refuses new content, events included
  // (NamespaceLifecycle admission), so the kubelet's Killing events there are rejected.
  const ns = pod.metadata.namespace ? cluster.get('Namespace', undefined, pod.metadata.namespace) : undefined;
  if (ns?.metadata.deletionTimestamp) return;
  recordContainerKilling(cluster, pod);
}
