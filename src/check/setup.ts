/**
 * The cluster `kubesim check` runs in: a throwaway cluster built in memory (the embedded default
 * shape, or the CHECKS file's `cluster:` shape), or a copy of an existing cluster's state. Either
 * way nothing is ever written: the manifests are applied to the in-memory copy only.
 *
 * Applying follows `kubesim apply -f A -f B …` (src/cli/commands/apply.ts): every document is
 * decoded in strict mode, placed in its namespace, created (or, when it already exists in a
 * copied cluster, three-way merged with its last-applied configuration), each failure collected
 * with its source position, and the controllers reconcile once at the end.
 */
import type { Clock } from '../clock.js';
import { KubesimError } from '../errors.js';
import { Cluster, type ClusterState } from '../store/cluster-state.js';
import { newClusterState } from '../store/default-cluster.js';
import { reconcile } from '../controllers/reconcile.js';
import type { ManifestItem } from '../manifest/load.js';
import { applyDocument } from '../apply/apply-document.js';
import type { ClusterShape } from './format.js';

/** The seed of a throwaway cluster when neither the CHECKS file nor KUBESIM_SEED gives one. */
export const DEFAULT_CHECK_SEED = '1';
export const THROWAWAY_NAME = 'kubesim';

export interface ClusterInfo {
  /** `throwaway`, or the name of the copied cluster. */
  source: 'throwaway' | 'copy';
  name: string;
  nodes: number;
  seed: string;
  loadBalancerPool?: string;
}

/** A fresh in-memory cluster shaped like the default one (or as the CHECKS file says). */
export function throwawayCluster(shape: Omit<ClusterShape, 'at'> | undefined, envSeed: string | undefined, clock: Clock): { cluster: Cluster; info: ClusterInfo } {
  const seed = shape?.seed ?? envSeed ?? DEFAULT_CHECK_SEED;
  const nodes = shape?.nodes ?? 3;
  const state = newClusterState({ name: THROWAWAY_NAME, nodes, seed, loadBalancerPool: shape?.loadBalancerPool }, clock);
  const info: ClusterInfo = { source: 'throwaway', name: THROWAWAY_NAME, nodes, seed };
  if (shape?.loadBalancerPool) info.loadBalancerPool = shape.loadBalancerPool;
  return { cluster: new Cluster(state, clock), info };
}

/** An in-memory copy of an existing cluster's state (the caller read it; it is never written back). */
export function copiedCluster(state: ClusterState, clock: Clock): { cluster: Cluster; info: ClusterInfo } {
  const copy = structuredClone(state);
  const info: ClusterInfo = { source: 'copy', name: copy.cluster.name, nodes: Object.keys(copy.objects.Node ?? {}).length, seed: copy.cluster.seed };
  if (copy.cluster.loadBalancerPool) info.loadBalancerPool = copy.cluster.loadBalancerPool;
  return { cluster: new Cluster(copy, clock), info };
}

export interface ApplyOutcome {
  /** `deployment.apps/frontend created`-style lines, in order. */
  applied: { kind: string; namespace?: string; name: string; operation: 'created' | 'configured' | 'unchanged'; source: string }[];
  /** Distinct source files that held at least one document. */
  files: number;
  errors: KubesimError[];
  warnings: string[];
}

/** Apply loaded manifests to the cluster and let the controllers settle. */
export function applyManifests(cluster: Cluster, items: ManifestItem[], namespace: string): ApplyOutcome {
  const out: ApplyOutcome = { applied: [], files: 0, errors: [], warnings: [] };
  const sources = new Set<string>();
  for (const item of items) {
    if ('error' in item) {
      out.errors.push(item.error);
      continue;
    }
    sources.add(item.doc.source);
    try {
      const { obj, operation } = applyDocument(cluster, item.doc, { mode: 'strict', dryRun: 'none', namespace, explicitNamespace: false, warn: (w) => out.warnings.push(w) });
      out.applied.push({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, operation, source: item.doc.source });
    } catch (err) {
      if (!(err instanceof KubesimError)) throw err;
      out.errors.push(err);
    }
  }
  out.files = sources.size;
  reconcile(cluster);
  return out;
}
