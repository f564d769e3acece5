/**
 * The kubelet of every node, reduced to what a Services tutorial can observe: a scheduled pod
 * gets a sandbox IP from its node's pod CIDR (host-local IPAM: `.1` is the gateway, the first pod
 * gets `.2`, later pods the next address after the last one handed out, wrapping), its images
 * are resolved and "pulled", its containers start at once and pass their readiness probes, and
 * the status is written in the kubelet's shape. An image reference that does not parse leaves
 * the container waiting with InvalidImageName, and one the registry does not have (registry.ts)
 * with ErrImagePull, then ImagePullBackOff; either way the pod keeps its IP and stays Pending.
 */
import { createHash } from 'node:crypto';
import type { KObject } from '../api/resources.js';
import type { Cluster, ClusterState } from '../store/cluster-state.js';
import { findEvent, recordEvent, repeatEvent } from './events.js';
import { POD_RETRY_SECONDS, pullRetries } from './image-pull-backoff.js';
import { pullError } from './registry.js';
import { defaultPullPolicy, invalidImageMessage, parseImageReference, type ImageReference } from './image-reference.js';

// ---------------------------------------------------------------------------------------------
// Pod shapes (the fields the controllers read and write)

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
  hostPort?: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface ResourceRequirements {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
  volumeMounts?: VolumeMount[];
  resources?: ResourceRequirements;
  [key: string]: unknown;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface PodSpec {
  nodeName?: string;
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: NodeAffinity; [key: string]: unknown };
  priority?: number;
  schedulerName?: string;
  [key: string]: unknown;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  [key: string]: unknown;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime: string | null;
  lastTransitionTime: string;
}

export interface ContainerState {
  running?: { startedAt: string };
  waiting?: { reason: string; message?: string };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly?: string }[];
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  [key: string]: unknown;
}

export interface Pod extends KObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface NodeObject extends KObject {
  spec?: { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: { addresses?: { type: string; address: string }[]; images?: { names: string[]; sizeBytes: number }[]; [key: string]: unknown };
}

// ---------------------------------------------------------------------------------------------
// Pod predicates shared by the controllers

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  const conds = pod.status?.conditions;
  if (!conds) return undefined;
  for (let i = 0; i < conds.length; i++) if (conds[i].type === type) return conds[i];
  return undefined;
}

/** PodReady=True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Counted by controllers: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/**
 * Ready for at least minReadySeconds (the controllers' "available"). A pod that will be is a
 * wake-up for the calling controller: nothing but the clock changes it.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, cluster: Cluster): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = Date.parse(c.lastTransitionTime);
  if (Number.isNaN(t)) return false;
  if (t + minReadySeconds * 1000 <= cluster.now().getTime()) return true;
  cluster.wakeAt(t + minReadySeconds * 1000);
  return false;
}

/** A sidecar: an init container that keeps running (restartPolicy Always). */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

export function nodeInternalIP(node: NodeObject): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** QoS class from requests and limits (requests default to limits). */
export function qosClassOf(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || requests[r] !== limits[r]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

// ---------------------------------------------------------------------------------------------
// Container start bookkeeping (kubesim's own, kept beside the objects in the state file)

interface KubeletState {
  /** pod uid → the cluster resourceVersion at which the pod's containers started. */
  podStarts: Record<string, number>;
}

function kubeletState(cluster: Cluster, create: boolean): KubeletState | undefined {
  const s = cluster.state as ClusterState & { kubelet?: KubeletState };
  if (!s.kubelet && create) s.kubelet = { podStarts: {} };
  return s.kubelet;
}

/**
 * The cluster resourceVersion at which this pod's containers started (undefined: not started).
 * Objects created at a lower resourceVersion existed when the containers started — the order that
 * matters for "Service env vars as of container start", even when the clock is frozen.
 * The wall-clock start is `status.containerStatuses[].state.running.startedAt`.
 */
export function containerStartRevision(cluster: Cluster, pod: KObject): number | undefined {
  const uid = pod.metadata.uid;
  return uid ? kubeletState(cluster, false)?.podStarts[uid] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Images

/** The repo digest the simulated registry serves for an image: stable per reference. */
export function imageDigest(ref: ImageReference): string {
  if (ref.digest) return ref.digest;
  return `sha256:${createHash('sha256').update(ref.normalized).digest('hex')}`;
}

export function imageIDOf(ref: ImageReference): string {
  return `${ref.repository}@${imageDigest(ref)}`;
}

/** A plausible, stable image size in bytes. */
function imageSize(ref: ImageReference): number {
  const d = imageDigest(ref);
  const n = parseInt(d.slice(d.indexOf(':') + 1, d.indexOf(':') + 9), 16);
  return 5_000_000 + (n % 120_000_000);
}

/** Go's time.Duration String() for a whole number of milliseconds. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${s.toFixed(3).replace(/\.?0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

// ---------------------------------------------------------------------------------------------
// host-local IPAM

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return (((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3]) >>> 0;
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The first and last address a pod may get in a CIDR: gateway+1 … broadcast−1. */
function podRange(cidr: string): { first: number; last: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (bits > 30) return undefined;
  const size = 2 ** (32 - bits);
  const base = Math.floor(ipToInt(m[1]) / size) * size;
  return { first: base + 2, last: base + size - 2 };
}

/** Next free IP after the node's last allocation (wrapping); undefined when the range is full. */
export function allocatePodIP(cluster: Cluster, nodeName: string, cidr: string, inUse: Set<string>): string | undefined {
  const range = podRange(cidr);
  if (!range) return undefined;
  const size = range.last - range.first + 1;
  const lastIP = cluster.state.ipam?.[nodeName];
  let start = range.first;
  if (lastIP) {
    const l = ipToInt(lastIP);
    if (l >= range.first && l < range.last) start = l + 1;
  }
  for (let i = 0; i < size; i++) {
    const candidate = intToIp(range.first + ((start - range.first + i) % size));
    if (!inUse.has(candidate)) {
      cluster.state.ipam ??= {};
      cluster.state.ipam[nodeName] = candidate;
      return candidate;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The sync

const COMPONENT = 'kubelet';
/** How often a kubelet retries a pod whose image reference does not parse (events repeat). */
export const INVALID_IMAGE_RETRY_SECONDS = POD_RETRY_SECONDS;

function containerFieldPath(c: Container, init: boolean): string {
  return `${init ? 'spec.initContainers' : 'spec.containers'}{${c.name}}`;
}

function condition(type: string, ok: boolean, now: string, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function statusVolumeMounts(c: Container): ContainerStatus['volumeMounts'] {
  if (!c.volumeMounts?.length) return undefined;
  return c.volumeMounts.map((m) => {
    const v: NonNullable<ContainerStatus['volumeMounts']>[number] = { name: m.name, mountPath: m.mountPath };
    if (m.readOnly) {
      v.readOnly = true;
      v.recursiveReadOnly = 'Disabled';
    }
    return v;
  });
}

interface NodeContext {
  node: NodeObject;
  ip?: string;
  cidr?: string;
  usedIPs?: Set<string>;
  /** Image names present on the node. */
  images: Set<string>;
  newImages: { names: string[]; sizeBytes: number }[];
}

/**
 * Start one container: events and its status. Returns the status and whether it runs.
 */
function startContainer(cluster: Cluster, pod: Pod, c: Container, init: boolean, nc: NodeContext, now: string): ContainerStatus {
  const nodeName = nc.node.metadata.name;
  const fieldPath = containerFieldPath(c, init);
  const ev = (type: 'Normal' | 'Warning', reason: string, message: string) =>
    recordEvent(cluster, pod, { type, reason, message, component: COMPONENT, host: nodeName, fieldPath });
  const waiting = (reason: string, message?: string): ContainerStatus => {
    const st: ContainerStatus = {
      name: c.name,
      state: { waiting: message ? { reason, message } : { reason } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: c.image,
      imageID: '',
      started: false,
    };
    const vm = statusVolumeMounts(c);
    if (vm) st.volumeMounts = vm;
    return st;
  };

  const parsed = parseImageReference(c.image);
  if (!parsed.ok) {
    const msg = invalidImageMessage(c.image, parsed.error);
    ev('Warning', 'InspectFailed', msg);
    ev('Warning', 'Failed', 'Error: InvalidImageName');
    return waiting('InvalidImageName', msg);
  }
  const ref = parsed.ref;
  const policy = c.imagePullPolicy ?? defaultPullPolicy(c.image);
  const present = nc.images.has(ref.normalized);
  if (policy === 'Never' && !present) {
    const msg = `Container image ${JSON.stringify(c.image)} is not present with pull policy of Never`;
    ev('Warning', 'ErrImageNeverPull', msg);
    ev('Warning', 'Failed', 'Error: ErrImageNeverPull');
    return waiting('ErrImageNeverPull', msg);
  }
  if (present && policy !== 'Always') {
    ev('Normal', 'Pulled', `Container image ${JSON.stringify(c.image)} already present on machine`);
  } else {
    ev('Normal', 'Pulling', `Pulling image ${JSON.stringify(c.image)}`);
    const err = pullError(ref);
    if (err) {
      ev('Warning', 'Failed', pullFailedMessage(c.image, err));
      ev('Warning', 'Failed', 'Error: ErrImagePull');
      return waiting('ErrImagePull', err);
    }
    const ms = present ? 300 + cluster.random.int(900) : 800 + cluster.random.int(8000);
    const size = imageSize(ref);
    ev('Normal', 'Pulled', `Successfully pulled image ${JSON.stringify(c.image)} in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`);
    if (!present) {
      nc.images.add(ref.normalized);
      nc.newImages.push({ names: [imageIDOf(ref), ref.normalized], sizeBytes: size });
    }
  }
  ev('Normal', 'Created', `Created container ${c.name}`);
  ev('Normal', 'Started', `Started container ${c.name}`);
  const containerID = `containerd://${cluster.random.hex(64)}`;
  const st: ContainerStatus = {
    name: c.name,
    state: { running: { startedAt: now } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: ref.normalized,
    imageID: imageIDOf(ref),
    containerID,
    started: true,
  };
  if (init && !isSidecar(c)) {
    st.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now, containerID } };
    st.started = false;
  }
  const vm = statusVolumeMounts(c);
  if (vm) st.volumeMounts = vm;
  return st;
}

function unreadyNames(statuses: ContainerStatus[]): string[] {
  return statuses.filter((s) => !s.ready).map((s) => s.name);
}

/** Bring up one scheduled pod: IP, containers, status. Returns false when the sandbox could not be created. */
function startPod(cluster: Cluster, pod: Pod, nc: NodeContext): boolean {
  const now = cluster.timestamp();
  const nodeName = nc.node.metadata.name;
  let podIP: string | undefined;
  if (pod.spec.hostNetwork) podIP = nc.ip;
  else if (nc.cidr && nc.usedIPs) podIP = allocatePodIP(cluster, nodeName, nc.cidr, nc.usedIPs);
  if (!podIP) {
    const msg = nc.cidr
      ? `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${nc.cidr}`
      : 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: no pod CIDR assigned to the node';
    const spec = { type: 'Warning' as const, reason: 'FailedCreatePodSandBox', message: msg, component: COMPONENT, host: nodeName };
    if (!findEvent(cluster, pod, spec)) recordEvent(cluster, pod, spec);
    return false;
  }
  if (!pod.spec.hostNetwork) nc.usedIPs?.add(podIP);

  const initStatuses: ContainerStatus[] = [];
  let initOK = true;
  for (const c of pod.spec.initContainers ?? []) {
    if (!initOK) {
      initStatuses.push({ name: c.name, state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false });
      continue;
    }
    const st = startContainer(cluster, pod, c, true, nc, now);
    initStatuses.push(st);
    if (!st.ready) initOK = false;
  }
  const statuses: ContainerStatus[] = [];
  for (const c of pod.spec.containers ?? []) {
    if (!initOK) {
      statuses.push({ name: c.name, state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false });
      continue;
    }
    statuses.push(startContainer(cluster, pod, c, false, nc, now));
  }

  const notReady = unreadyNames(statuses);
  const sidecarsNotReady = (pod.spec.initContainers ?? []).filter((c, i) => isSidecar(c) && !initStatuses[i]?.ready).map((c) => c.name);
  const allNotReady = [...sidecarsNotReady, ...notReady];
  const notInitialized = initStatuses.filter((s) => !s.ready).map((s) => s.name);
  const ready = allNotReady.length === 0 && initOK;
  const readyMsg = `containers with unready status: [${allNotReady.join(' ')}]`;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', true, now),
    condition('Initialized', initOK, now, 'ContainersNotInitialized', `containers with incomplete status: [${notInitialized.join(' ')}]`),
    condition('Ready', ready, now, initOK ? 'ContainersNotReady' : 'ContainersNotInitialized', initOK ? readyMsg : `containers with incomplete status: [${notInitialized.join(' ')}]`),
    condition('ContainersReady', ready, now, initOK ? 'ContainersNotReady' : 'ContainersNotInitialized', initOK ? readyMsg : `containers with incomplete status: [${notInitialized.join(' ')}]`),
    condition('PodScheduled', true, podCondition(pod, 'PodScheduled')?.lastTransitionTime ?? now),
  ];
  const anyWaiting = statuses.some((s) => s.state.waiting);
  const status: PodStatus = {
    ...(pod.status ?? {}),
    phase: !initOK || anyWaiting ? 'Pending' : 'Running',
    conditions,
    hostIP: nc.ip,
    hostIPs: nc.ip ? [{ ip: nc.ip }] : undefined,
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    containerStatuses: statuses,
    qosClass: pod.status?.qosClass ?? qosClassOf(pod),
  };
  if (!nc.ip) {
    delete status.hostIP;
    delete status.hostIPs;
  }
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  delete status.reason;
  delete status.message;
  const updated: Pod = { ...pod, status };
  cluster.put(updated);
  kubeletState(cluster, true)!.podStarts[pod.metadata.uid!] = Number(updated.metadata.resourceVersion);
  return true;
}

/** The Failed event of a pull the registry refused. */
function pullFailedMessage(image: string, err: string): string {
  return `Failed to pull image ${JSON.stringify(image)}: ${err}`;
}

/**
 * Replay, up to now, the kubelet's retries of a started pod whose containers wait on their image:
 * an image that does not parse fails the same way on every retry (the events repeat); one the
 * registry refuses alternates between ErrImagePull and ImagePullBackOff (image-pull-backoff.ts).
 * The first attempt was at the pod's start; the next retry is a wake-up.
 */
function retryImages(cluster: Cluster, pod: Pod): void {
  const started = Date.parse(pod.status?.startTime ?? '');
  if (Number.isNaN(started)) return;
  const elapsed = (cluster.now().getTime() - started) / 1000;
  const all = [
    ...(pod.spec.initContainers ?? []).map((c, i) => ({ c, i, init: true })),
    ...(pod.spec.containers ?? []).map((c, i) => ({ c, i, init: false })),
  ];
  let updated: Pod | undefined;
  for (const { c, i, init } of all) {
    const statuses = (p: Pod) => (init ? p.status?.initContainerStatuses : p.status?.containerStatuses);
    const waiting = statuses(pod)?.[i]?.state.waiting;
    const base = { component: COMPONENT, host: pod.spec.nodeName, fieldPath: containerFieldPath(c, init) };
    const at = (seconds: number) => started + seconds * 1000;
    if (waiting?.reason === 'InvalidImageName') {
      const n = 1 + Math.floor(elapsed / INVALID_IMAGE_RETRY_SECONDS);
      repeatEvent(cluster, pod, { type: 'Warning', reason: 'InspectFailed', message: waiting.message ?? '', ...base }, n, started, at((n - 1) * INVALID_IMAGE_RETRY_SECONDS));
      repeatEvent(cluster, pod, { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName', ...base }, n, started, at((n - 1) * INVALID_IMAGE_RETRY_SECONDS));
      cluster.wakeAt(at(n * INVALID_IMAGE_RETRY_SECONDS));
      continue;
    }
    if (waiting?.reason !== 'ErrImagePull' && waiting?.reason !== 'ImagePullBackOff') continue;
    const parsed = parseImageReference(c.image);
    const err = parsed.ok ? pullError(parsed.ref) : undefined;
    if (!err) continue; // not a registry refusal kubesim models
    const r = pullRetries(elapsed);
    const image = JSON.stringify(c.image);
    const backOff = `Back-off pulling image ${image}`;
    for (const [reason, message] of [['Pulling', `Pulling image ${image}`], ['Failed', pullFailedMessage(c.image, err)], ['Failed', 'Error: ErrImagePull']]) {
      repeatEvent(cluster, pod, { type: reason === 'Pulling' ? 'Normal' : 'Warning', reason, message, ...base }, r.pulls, started, at(r.lastPull));
    }
    if (r.backOffs > 0) {
      repeatEvent(cluster, pod, { type: 'Normal', reason: 'BackOff', message: backOff, ...base }, r.backOffs, at(r.firstBackOff!), at(r.lastBackOff!));
      repeatEvent(cluster, pod, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', ...base }, r.backOffs, at(r.firstBackOff!), at(r.lastBackOff!));
    }
    cluster.wakeAt(at(r.nextRetry));
    const want = r.backingOff ? { reason: 'ImagePullBackOff', message: backOff } : { reason: 'ErrImagePull', message: err };
    if (waiting.reason === want.reason && waiting.message === want.message) continue;
    updated ??= structuredClone(pod);
    statuses(updated)![i].state = { waiting: want };
  }
  if (updated) cluster.put(updated);
}

/** Record `Killing` events for a pod's running containers (before a controller deletes it). */
export function recordContainerKilling(cluster: Cluster, pod: Pod): void {
  const nodeName = pod.spec.nodeName;
  if (!nodeName) return;
  const statuses = pod.status?.containerStatuses ?? [];
  for (const c of pod.spec.containers ?? []) {
    const st = statuses.find((s) => s.name === c.name);
    if (!st?.state.running) continue;
    recordEvent(cluster, pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, component: COMPONENT, host: nodeName, fieldPath: containerFieldPath(c, false) });
  }
}

/** One kubelet pass over all nodes. */
export function syncKubelet(cluster: Cluster): void {
  const podBucket = cluster.state.objects.Pod ?? {};
  const pods = Object.values(podBucket) as Pod[];
  const pending: Pod[] = [];
  for (const pod of pods) {
    if (!pod.spec?.nodeName || pod.metadata.deletionTimestamp) continue;
    if (!pod.status?.startTime) pending.push(pod);
    else if (pod.status.phase === 'Pending') retryImages(cluster, pod);
  }
  // Forget start records of pods that are gone.
  const ks = kubeletState(cluster, false);
  if (ks) {
    let started = 0;
    for (const p of pods) if (p.status?.startTime) started++;
    const recorded = Object.keys(ks.podStarts);
    if (recorded.length > started) {
      const uids = new Set(pods.map((p) => p.metadata.uid));
      for (const uid of recorded) if (!uids.has(uid)) delete ks.podStarts[uid];
    }
  }
  if (pending.length === 0) return;

  const nodes = new Map<string, NodeContext>();
  const contextFor = (name: string): NodeContext | undefined => {
    let nc = nodes.get(name);
    if (nc) return nc;
    const node = cluster.get<NodeObject>('Node', undefined, name);
    if (!node) return undefined;
    const images = new Set<string>();
    for (const img of node.status?.images ?? []) for (const n of img.names ?? []) images.add(n);
    nc = { node, ip: nodeInternalIP(node), cidr: node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0], images, newImages: [] };
    nodes.set(name, nc);
    return nc;
  };
  // IPs in use per node, computed once for the nodes that need one.
  const needIPs = new Set(pending.filter((p) => !p.spec.hostNetwork).map((p) => p.spec.nodeName!));
  const used = new Map<string, Set<string>>();
  for (const n of needIPs) used.set(n, new Set());
  for (const p of pods) {
    const set = p.spec?.nodeName ? used.get(p.spec.nodeName) : undefined;
    if (set && p.status?.podIP && !p.spec.hostNetwork) set.add(p.status.podIP);
  }
  // Start pods in creation order (then by name) for deterministic IPs.
  pending.sort((a, b) => cmp(a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? '') || cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || 0);
  for (const pod of pending) {
    const nc = contextFor(pod.spec.nodeName!);
    if (!nc) continue; // no such node: no kubelet will ever run it
    nc.usedIPs = used.get(nc.node.metadata.name);
    startPod(cluster, pod, nc);
  }
  // Report newly pulled images in the nodes' status, largest first, as the kubelet does.
  for (const nc of nodes.values()) {
    if (nc.newImages.length === 0) continue;
    const node = structuredClone(cluster.get<NodeObject>('Node', undefined, nc.node.metadata.name)!);
    node.status ??= {};
    const images = [...(node.status.images ?? []), ...nc.newImages];
    images.sort((a, b) => b.sizeBytes - a.sizeBytes);
    node.status.images = images;
    cluster.put(node);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
