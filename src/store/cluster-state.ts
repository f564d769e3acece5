/**
 * The simulated cluster in memory: the persisted ClusterState plus the live clock and random
 * source. Core code (apiserver, controllers, network) reads and writes objects through it.
 */
import type { Clock } from '../clock.js';
import { rfc3339 } from '../clock.js';
import { Random } from '../random.js';
import type { KObject } from '../api/resources.js';

export const STATE_API_VERSION = 'kubesim.io/v1alpha1';
/**
 * Bumped when the file layout changes; older formats are migrated on read. 2 added `wakeAt`, which
 * an older kubesim would keep without updating (so it must not write a format-2 file).
 */
export const STATE_FORMAT_VERSION = 2;

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
  /**
   * controller → the earliest time it has work that only the clock brings (minReadySeconds,
   * progress deadlines, image pull retries, event expiry), like a requeue-after: from then on,
   * the next change runs it. Absent = unknown (every controller runs).
   */
  wakeAt?: Record<string, string>;
  /** The Endpoints and EndpointSlice controllers' last runs, for last-change-trigger-time (trigger-time-tracker.ts). */
  endpointsSyncedAt?: Record<string, string[]>;
}

/** What a session changed: the kinds, and in each the keys ("namespace/name") written or removed. */
export interface StateChanges {
  readonly kinds: ReadonlySet<string>;
  keys(kind: string): ReadonlySet<string>;
}

export const MAX_EVENTS = 2000;
export const MAX_LOG_LINES = 1000;

/** A kind's objects ("namespace/name" → object), optionally of one namespace, in key order. */
export function listBucket<T extends KObject = KObject>(bucket: Record<string, KObject> | undefined, namespace?: string): T[] {
  if (!bucket) return [];
  const out: T[] = [];
  const prefix = namespace === undefined ? undefined : `${namespace}/`;
  for (const key of Object.keys(bucket).sort()) {
    if (prefix === undefined || key.startsWith(prefix)) out.push(bucket[key] as T);
  }
  return out;
}

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
  /** Settings every controller depends on changed (e.g. the load-balancer pool): run them all. */
  settingsChanged = false;
  /** The resourceVersion the session started from: later writes are this session's changes. */
  readonly baseRevision: number;
  /** kind → object key → the resourceVersion of its last write or removal in this session. */
  private readonly writes = new Map<string, Map<string, number>>();
  /** kind → the resourceVersion of its latest write or removal (the reconciler asks per pass, per controller). */
  private readonly lastWrite = new Map<string, number>();
  /** The earliest clock-driven deadline reported by the running controller (ms). */
  private wake = Infinity;

  constructor(
    readonly state: ClusterState,
    readonly clock: Clock,
  ) {
    this.random = new Random(state.random);
    this.baseRevision = state.resourceVersion;
  }

  /** This session's changes, for the writer (which copies everything else as it was read). */
  changes(): StateChanges {
    return { kinds: this.changedKinds, keys: (kind) => new Set(this.writes.get(kind)?.keys() ?? []) };
  }

  /** Whether an object of the kind was written or removed after resourceVersion `since`. */
  changedSince(kind: string, since: number): boolean {
    return (this.lastWrite.get(kind) ?? -1) > since;
  }

  /** Keys ("namespace/name") of the kind written or removed after resourceVersion `since`. */
  keysChangedSince(kind: string, since: number): string[] {
    const out: string[] = [];
    for (const [key, rv] of this.writes.get(kind) ?? []) if (rv > since) out.push(key);
    return out;
  }

  /** The running controller has work due at `ms` that no object change will bring. */
  wakeAt(ms: number): void {
    if (ms < this.wake) this.wake = ms;
  }

  /** The earliest deadline reported since the last call, or undefined. */
  takeWake(): number | undefined {
    const w = this.wake;
    this.wake = Infinity;
    return w === Infinity ? undefined : w;
  }

  private recordWrite(kind: string, key: string): void {
    let w = this.writes.get(kind);
    if (!w) this.writes.set(kind, (w = new Map()));
    w.set(key, this.state.resourceVersion);
    this.lastWrite.set(kind, this.state.resourceVersion);
    this.dirty = this.changed = true;
    this.changedKinds.add(kind);
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
    return listBucket<T>(this.state.objects[kind], namespace);
  }

  /** Store an object, bumping its resourceVersion. */
  put(obj: KObject): KObject {
    this.state.resourceVersion += 1;
    obj.metadata.resourceVersion = String(this.state.resourceVersion);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    (this.state.objects[obj.kind] ??= {})[key] = obj;
    this.recordWrite(obj.kind, key);
    return obj;
  }

  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const bucket = this.state.objects[kind];
    const key = objectKey(namespace, name);
    if (!bucket || !Object.hasOwn(bucket, key)) return false;
    delete bucket[key];
    this.state.resourceVersion += 1;
    this.recordWrite(kind, key);
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
