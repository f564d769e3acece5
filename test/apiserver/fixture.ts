/** A minimal hand-made cluster for apiserver tests: namespace `default`, no other objects. */
import { frozenClock } from '../../src/clock.js';
import { Random } from '../../src/random.js';
import { Cluster, STATE_API_VERSION, STATE_FORMAT_VERSION, type ClusterState } from '../../src/store/cluster-state.js';
import { createObject, updateObject } from '../../src/apiserver/objects.js';
import type { KObject } from '../../src/api/resources.js';
import { ApiError } from '../../src/apiserver/status.js';

export function testCluster(opts: { serviceCIDR?: string; nodePortRange?: string; seed?: number } = {}): Cluster {
  const state: ClusterState = {
    apiVersion: STATE_API_VERSION,
    kind: 'ClusterState',
    formatVersion: STATE_FORMAT_VERSION,
    cluster: {
      name: 'kubesim',
      kubernetesVersion: 'v1.32.0',
      serviceCIDR: opts.serviceCIDR ?? '10.96.0.0/12',
      podCIDR: '10.244.0.0/16',
      nodePortRange: opts.nodePortRange ?? '30000-32767',
      clusterDomain: 'cluster.local',
      seed: String(opts.seed ?? 1),
      createdAt: '2026-11-26T05:00:00Z',
    },
    resourceVersion: 1,
    random: Random.fromSeed(opts.seed ?? 1).state(),
    ipam: {},
    objects: {
      Namespace: {
        '/default': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
      },
    },
    logs: {},
  };
  return new Cluster(state, frozenClock(new Date('2026-11-26T05:00:00Z')));
}

export function svc(name: string, spec: Record<string, unknown>, namespace = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** Run a write and return kubectl's rendering of the error it throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.render();
    throw e;
  }
  throw new Error('expected the write to fail');
}

export const create = (c: Cluster, o: KObject) => createObject(c, o);
export const update = (c: Cluster, o: KObject) => updateObject(c, o);
