/**
 * Run every controller until nothing changes. Called after each mutation, so what a command
 * prints afterwards is the settled state (pods started, endpoints published). A pass changes
 * nothing exactly when the global resourceVersion stays put (every write bumps it).
 */
import type { Cluster } from '../store/cluster-state.js';
import { KubesimError } from '../errors.js';
import { syncDaemonSets } from './daemonset.js';
import { syncDeployments } from './deployment.js';
import { PodIndex, syncEndpoints } from './endpoints.js';
import { syncEndpointSlices } from './endpointslices.js';
import { pruneEvents } from './events.js';
import { syncKubelet } from './kubelet.js';
import { syncLoadBalancers } from './load-balancer.js';
import { syncNamespaces } from './namespace.js';
import { syncReplicaSets } from './replicaset.js';
import { syncScheduler } from './scheduler.js';
import { syncStatefulSets } from './statefulset.js';
import { recordServiceRevisions } from '../network/pod-env/service-env.js';

/**
 * Upper bound on passes. A rolling update takes about two passes per step and a ReplicaSet
 * creates at most 500 pods per pass, so real workloads settle far below this.
 */
export const MAX_RECONCILE_PASSES = 2000;

/** One pass of all controllers, in dependency order. */
export function reconcilePass(cluster: Cluster): void {
  recordServiceRevisions(cluster); // Service creation/change/deletion revisions for the env vars (network/pod-env/service-env.ts)
  syncNamespaces(cluster);
  syncDeployments(cluster);
  syncReplicaSets(cluster);
  syncStatefulSets(cluster);
  syncDaemonSets(cluster);
  syncScheduler(cluster);
  syncKubelet(cluster);
  const pods = PodIndex.of(cluster);
  syncEndpoints(cluster, pods);
  syncEndpointSlices(cluster, pods);
  syncLoadBalancers(cluster);
  pruneEvents(cluster);
}

/** Reconcile to a fixed point; returns the number of passes that changed something. */
export function reconcile(cluster: Cluster): number {
  for (let pass = 0; pass < MAX_RECONCILE_PASSES; pass++) {
    const before = cluster.state.resourceVersion;
    reconcilePass(cluster);
    if (cluster.state.resourceVersion === before) return pass;
  }
  throw new KubesimError(`internal error: the controllers did not settle after ${MAX_RECONCILE_PASSES} passes`, {
    hint: 'this is a kubesim bug; the state was not written. Please report it with the commands that led here.',
  });
}
