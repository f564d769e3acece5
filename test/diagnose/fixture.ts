/** In-process clusters for diagnose tests, built from the golden stories' fixture files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Cluster } from '../../src/store/cluster-state.js';
import { newClusterState } from '../../src/store/default-cluster.js';
import { frozenClock } from '../../src/clock.js';
import { createObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import type { KObject } from '../../src/api/resources.js';
import { wireNetwork } from '../../src/network/containers/wire.js';

export const ROOT = join(import.meta.dirname, '../..');

export function newCluster(now = '2026-11-26T05:00:00Z'): Cluster & { setNow(t: string): void } {
  let t = new Date(now);
  const clock = { now: () => t };
  wireNetwork();
  const state = newClusterState({ name: 'kubesim', nodes: 3, seed: '7008' }, frozenClock(t));
  const c = new Cluster(state, clock) as Cluster & { setNow(t: string): void };
  c.setNow = (s: string) => void (t = new Date(s));
  return c;
}

/** Create every object of a fixture file (relative to the repo root) and settle the controllers. */
export function applyFile(cluster: Cluster, path: string): KObject[] {
  const docs = parseAllDocuments(readFileSync(join(ROOT, path), 'utf8')).map((d) => d.toJSON() as KObject).filter(Boolean);
  const out = docs.map((o) => {
    o.metadata.namespace ??= o.kind === 'Namespace' ? undefined : 'default';
    if (o.kind === 'Namespace') delete o.metadata.namespace;
    return createObject(cluster, o);
  });
  reconcile(cluster);
  return out;
}

export function add(cluster: Cluster, obj: KObject): KObject {
  const o = createObject(cluster, obj);
  reconcile(cluster);
  return o;
}
