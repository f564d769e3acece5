/**
 * Run the controllers until nothing changes. Called after each mutation, so what a command prints
 * afterwards is the settled state (pods started, endpoints published).
 *
 * Like the informers of a real controller manager, each controller is woken by changes to the
 * kinds it reads: the state on disk is always settled, so a controller none of whose inputs
 * changed has nothing to do (and applying a Service to a cluster of 10,000 pods need not read the
 * pods at all). Work that only the passing of time brings (minReadySeconds, progress deadlines,
 * image pull retries, event expiry) is reported by the controller as a wake-up time, kept in the
 * state per controller: once it is due, the next change runs that controller, like a requeue-after.
 */
import type { Cluster } from '../store/cluster-state.js';
import { KubesimError } from '../errors.js';
import { syncDaemonSets } from './daemonset.js';
import { syncDeployments } from './deployment.js';
import { syncEndpoints } from './endpoints.js';
import { syncEndpointSlices } from './endpointslices.js';
import { pruneEvents } from './events.js';
import { syncKubelet } from './kubelet.js';
import { syncLoadBalancers } from './load-balancer.js';
import { syncNamespaces } from './namespace.js';
import { syncReplicaSets } from './replicaset.js';
import { syncScheduler } from './scheduler.js';
import { syncStatefulSets } from './statefulset.js';
import { pruneServiceHistory, recordServiceRevisions } from '../network/pod-env/service-env.js';

/**
 * Upper bound on passes. A rolling update takes about two passes per step and a ReplicaSet
 * creates at most 500 pods per pass, so real workloads settle far below this.
 */
export const MAX_RECONCILE_PASSES = 2000;

export interface Controller {
  name: string;
  /** The kinds whose changes wake it (KUBESIM_VERIFY_RECONCILE=1, on in the tests, catches one missing). */
  reads: readonly string[];
  /** `since`: the resourceVersion of its previous run (changes after it are new); undefined = look at everything. */
  sync(cluster: Cluster, since: number | undefined): void;
}

/** In dependency order, as one pass runs them. */
export const CONTROLLERS: readonly Controller[] = [
  // Service creation/change/deletion revisions for the env vars (network/pod-env/service-env.ts)
  { name: 'service-env', reads: ['Service'], sync: (c) => recordServiceRevisions(c) },
  { name: 'service-env-prune', reads: ['Pod'], sync: (c) => pruneServiceHistory(c) },
  // A deleted namespace's objects go in the same run, so it needs waking by Namespace changes only.
  { name: 'namespace', reads: ['Namespace'], sync: (c) => syncNamespaces(c) },
  { name: 'deployment', reads: ['Deployment', 'ReplicaSet'], sync: (c) => syncDeployments(c) },
  { name: 'replicaset', reads: ['ReplicaSet', 'Pod'], sync: (c) => syncReplicaSets(c) },
  { name: 'statefulset', reads: ['StatefulSet', 'Pod'], sync: (c) => syncStatefulSets(c) },
  { name: 'daemonset', reads: ['DaemonSet', 'Pod', 'Node'], sync: (c) => syncDaemonSets(c) },
  { name: 'scheduler', reads: ['Pod', 'Node'], sync: (c) => syncScheduler(c) },
  { name: 'kubelet', reads: ['Pod', 'Node'], sync: (c) => syncKubelet(c) },
  { name: 'endpoints', reads: ['Service', 'Pod', 'Endpoints'], sync: (c, since) => syncEndpoints(c, since) },
  { name: 'endpointslice', reads: ['Service', 'Pod', 'Node', 'Endpoints', 'EndpointSlice'], sync: (c, since) => syncEndpointSlices(c, since) },
  { name: 'load-balancer', reads: ['Service', 'Node', 'EndpointSlice'], sync: (c) => syncLoadBalancers(c) },
  { name: 'event-ttl', reads: ['Event'], sync: (c) => pruneEvents(c) },
];

/** Reconcile to a fixed point; returns the number of passes that changed something. */
export function reconcile(cluster: Cluster): number {
  const wakeAt = cluster.state.wakeAt;
  const everything = wakeAt === undefined || cluster.settingsChanged;
  const now = cluster.now().getTime();
  // When each controller last started (a resourceVersion); undefined = look at everything.
  const lastRun = new Map<Controller, number | undefined>();
  for (const c of CONTROLLERS) {
    const due = everything || (wakeAt![c.name] !== undefined && Date.parse(wakeAt![c.name]) <= now);
    lastRun.set(c, due ? undefined : cluster.baseRevision);
  }
  const woken = new Map<string, number | undefined>();
  for (let pass = 0; pass < MAX_RECONCILE_PASSES; pass++) {
    const before = cluster.state.resourceVersion;
    for (const c of CONTROLLERS) {
      const since = lastRun.get(c);
      if (since !== undefined && !c.reads.some((kind) => cluster.changedSince(kind, since))) continue;
      lastRun.set(c, cluster.state.resourceVersion);
      cluster.takeWake();
      c.sync(cluster, since);
      // A run looks at all of its objects, so the last run's deadlines replace the earlier ones.
      woken.set(c.name, cluster.takeWake());
    }
    if (cluster.state.resourceVersion === before) {
      recordWakes(cluster, woken);
      return pass;
    }
  }
  throw new KubesimError(`internal error: the controllers did not settle after ${MAX_RECONCILE_PASSES} passes`, {
    hint: 'this is a kubesim bug; the state was not written. Please report it with the commands that led here.',
  });
}

/** Controllers that ran report all their deadlines anew; the others keep the stored ones. */
function recordWakes(cluster: Cluster, woken: Map<string, number | undefined>): void {
  const stored = cluster.state.wakeAt ?? {};
  const next: Record<string, string> = {};
  for (const c of CONTROLLERS) {
    if (!woken.has(c.name)) {
      if (stored[c.name]) next[c.name] = stored[c.name];
    } else {
      const ms = woken.get(c.name);
      if (ms !== undefined) next[c.name] = new Date(ms).toISOString();
    }
  }
  cluster.state.wakeAt = next;
}

/**
 * A development check (KUBESIM_VERIFY_RECONCILE=1, set by the test suite's CLI runs): after a
 * reconcile that woke only some controllers, running all of them must find nothing left to do.
 */
export function verifySettled(cluster: Cluster): void {
  const before = cluster.state.resourceVersion;
  const settings = cluster.settingsChanged;
  cluster.settingsChanged = true;
  reconcile(cluster);
  cluster.settingsChanged = settings;
  if (cluster.state.resourceVersion === before) return;
  const missed = [...cluster.changedKinds].flatMap((kind) => cluster.keysChangedSince(kind, before).map((key) => `${kind} ${key}`));
  throw new KubesimError(`internal error: the controllers woken by this change left work undone: ${missed.join(', ')}`, {
    hint: 'a controller reads a kind missing from its `reads` in src/controllers/reconcile.ts, or misses a wake-up time',
  });
}
