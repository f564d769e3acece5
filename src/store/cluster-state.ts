/**
 * The simulated cluster in memory: the persisted ClusterState plus the live clock and random
 * source. Core code (apiserver, controllers, network) reads and writes objects through it.
 */
import type { Clock } from '../clock.js';
import { rfc3339 } from '../clock.js';
import { Random } from '../random.js';
import type { KObject } from '../api/resources.js';

export const STATE_API_VERSION = 'kubesim.io/v1alpha1';
/** Bumped when the file layout changes; older formats are migrated on read. */
export const STATE_FORMAT_VERSION = 1;

export interface ClusterSpec {
  name: string;
  kubernetesVersion: string;
  serviceCIDR: string;
  podCIDR: string;
  nodePortRange: string;
  clusterDomain: string;
  seed: string;
  createdAt: string;
  /** CIDR of the simulated load-balancer provider; absent = no provider (EXTERNAL-IP stays <pending>). */
  loadBalancerPool?: string;
}

export interface ClusterState {
  apiVersion: string;
  kind: 'ClusterState';
  formatVersion: number;
  cluster: ClusterSpec;
  resourceVersion: number;
  random: number[];
  /** host-local IPAM: the last pod IP handed out per node. */
  ipam: Record<string, string>;
  /** kind → "namespace/name" (cluster-scoped: "/name") → object. */
  objects: Record<string, Record<string, KObject>>;
  /** "namespace/pod/container" → log lines (bounded). */
  logs: Record<string, string[]>;
}

export const MAX_EVENTS = 2000;
export const MAX_LOG_LINES = 1000;

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class Cluster {
  readonly random: Random;
  /** Something must be written: objects, or kubesim's bookkeeping (random state, logs, affinity). */
  dirty = false;
  /** Objects or cluster settings changed: the controllers must run before writing. */
  changed = false;
  /** Kinds with objects stored or removed in this session (the others are written back as read). */
  readonly changedKinds = new Set<string>();

  constructor(
    readonly state: ClusterState,
    readonly clock: Clock,
  ) {
    this.random = new Random(state.random);
  }

  get spec(): ClusterSpec {
    return this.state.cluster;
  }

  now(): Date {
    return this.clock.now();
  }

  timestamp(): string {
    return rfc3339(this.clock.now());
  }

  get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.state.objects[kind]?.[objectKey(namespace, name)] as T | undefined;
  }

  /** Objects of a kind, optionally in one namespace, sorted by namespace then name (as the apiserver lists). */
  list<T extends KObject = KObject>(kind: string, namespace?: string): T[] {
    const bucket = this.state.objects[kind];
    if (!bucket) return [];
    const out: T[] = [];
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    for (const key of Object.keys(bucket).sort()) {
      if (prefix === undefined || key.startsWith(prefix)) out.push(bucket[key] as T);
    }
    return out;
  }

  /** Store an object, bumping its resourceVersion. */
  put(obj: KObject): KObject {
    this.state.resourceVersion += 1;
    obj.metadata.resourceVersion = String(this.state.resourceVersion);
    const bucket = (this.state.objects[obj.kind] ??= {});
    bucket[objectKey(obj.metadata.namespace, obj.metadata.name)] = obj;
    this.dirty = this.changed = true;
    this.changedKinds.add(obj.kind);
    return obj;
  }

  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const bucket = this.state.objects[kind];
    const key = objectKey(namespace, name);
    if (!bucket || !(key in bucket)) return false;
    delete bucket[key];
    this.state.resourceVersion += 1;
    this.dirty = this.changed = true;
    this.changedKinds.add(kind);
    return true;
  }

  newUID(): string {
    return this.random.uuid();
  }

  /** Persist the random source's position into the state before writing. */
  syncRandom(): void {
    this.state.random = this.random.state();
  }
}
