/**
 * Opening a cluster for a command. Readers parse the state file without a lock. Writers take the
 * exclusive lock, read, mutate, reconcile the controllers to a fixed point, and replace the file
 * atomically — or write nothing when the mutation throws or changes nothing.
 */
import { existsSync } from 'node:fs';
import type { Clock } from '../clock.js';
import { KubesimError } from '../errors.js';
import { Cluster, type ClusterState } from '../store/cluster-state.js';
import type { StateLocation } from '../store/paths.js';
import { readStateFile, verifyWritten, writeStateAtomic } from '../store/state-file.js';
import { withStateLock } from '../store/state-lock.js';

export interface SessionOptions {
  clock: Clock;
  /** Seed for a cluster created on first use (KUBESIM_SEED); random when absent. */
  seed?: string;
}

function missingCluster(loc: StateLocation): KubesimError {
  return new KubesimError(`cluster "${loc.clusterName}" does not exist (no state file at ${loc.path})`, {
    hint: 'create it with `kubesim cluster create ' + loc.clusterName + '`, or switch with `kubesim config use-context kubesim`',
  });
}

function randomSeed(): string {
  return String(Math.floor(Math.random() * 2 ** 31));
}

/** Create the default cluster's file under the lock if it is still missing, and return its state. */
async function createOnFirstUse(loc: StateLocation, opts: SessionOptions): Promise<ClusterState> {
  // Loaded on demand: building a cluster needs the controllers, which plain reads do not.
  const { newClusterState } = await import('../store/default-cluster.js');
  return withStateLock(loc.path, () => {
    const existing = readStateFile(loc.path);
    if (existing) return existing;
    const state = newClusterState({ name: loc.clusterName, nodes: 3, seed: opts.seed ?? randomSeed() }, opts.clock);
    writeStateAtomic(loc.path, state);
    return state;
  });
}

/** Open a cluster for reading. */
export async function readCluster(loc: StateLocation, opts: SessionOptions): Promise<Cluster> {
  let state = readStateFile(loc.path);
  if (!state) {
    if (!loc.createIfMissing) throw missingCluster(loc);
    state = await createOnFirstUse(loc, opts);
  }
  return new Cluster(state, opts.clock);
}

/**
 * Run a mutation under the writer lock. The state is written only if something changed and the
 * mutation did not throw; `dryRun` never writes.
 */
export async function mutateCluster<T>(
  loc: StateLocation,
  opts: SessionOptions & { dryRun?: boolean; /** Runs after the controllers settled (hints, reports). */ after?: (cluster: Cluster) => void },
  fn: (cluster: Cluster) => T | Promise<T>,
): Promise<T> {
  if (!existsSync(loc.path)) {
    if (!loc.createIfMissing) throw missingCluster(loc);
    await createOnFirstUse(loc, opts);
  }
  const { reconcile, verifySettled } = await import('../controllers/reconcile.js');
  return withStateLock(loc.path, async () => {
    const state = readStateFile(loc.path);
    if (!state) throw missingCluster(loc);
    const cluster = new Cluster(state, opts.clock);
    const result = await fn(cluster);
    if (cluster.dirty && !opts.dryRun) {
      // Bookkeeping alone (an exec's random draws and access logs) needs no controller pass.
      if (cluster.changed) {
        reconcile(cluster);
        if (process.env.KUBESIM_VERIFY_RECONCILE === '1') verifySettled(cluster);
      }
      cluster.syncRandom();
      writeStateAtomic(loc.path, cluster.state, cluster.changes());
      if (process.env.KUBESIM_VERIFY_RECONCILE === '1') verifyWritten(loc.path, cluster.state, cluster.changes());
    }
    opts.after?.(cluster);
    return result;
  });
}
