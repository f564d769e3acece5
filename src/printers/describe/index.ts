/**
 * `kubectl describe` pages for kubesim's kinds: pure functions from objects (and the related
 * objects a describer would fetch) to kubectl v1.32's exact text.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Endpoints, Namespace, Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KObject } from '../../api/resources.js';
import type { LabelSelector } from '../../labels/selector.js';
import { podStatusForController } from './controller-pods.js';
import { describeDaemonSet } from './daemonset.js';
import { describeDeployment, replicaSetsOf } from './deployment.js';
import { describeEndpoints } from './endpoints.js';
import { describeEndpointSlice } from './endpointslice.js';
import { eventsFor } from './events.js';
import { describeGeneric } from './generic.js';
import { describeNamespace } from './namespace.js';
import { describeNode, type LeaseLookup, type NodeLease } from './node.js';
import { describePod } from './pod.js';
import { describeReplicaSet } from './replicaset.js';
import { describeService } from './service.js';
import { describeStatefulSet } from './statefulset.js';

export interface DescribeContext {
  now: Date;
  /** All objects of a kind (optionally in one namespace), sorted by namespace then name. Kinds: 'Pod','Service','Endpoints','EndpointSlice','Deployment','ReplicaSet','StatefulSet','DaemonSet','Node','Namespace','Event','Lease'. */
  list(kind: string, namespace?: string): KObject[];
  /** `--show-events=false` drops the Events section; default true. */
  showEvents?: boolean;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

function events(obj: KObject, ctx: DescribeContext) {
  if (ctx.showEvents === false) return undefined;
  const all = obj.kind === 'Node' ? ctx.list('Event') : ctx.list('Event', obj.metadata.namespace ?? '');
  return eventsFor(obj, all);
}

/**
 * The node's Lease from `kube-node-lease`. kubesim's nodes are always-healthy simulated kubelets,
 * so when no Lease object is stored the lease is reported as a live kubelet keeps it: held by
 * the node, no acquire time, renewed just now.
 */
function nodeLease(node: KObject, ctx: DescribeContext): LeaseLookup {
  const stored = ctx.list('Lease', NODE_LEASE_NAMESPACE).find((l) => l.metadata.name === node.metadata.name);
  if (stored) return { lease: stored as unknown as NodeLease };
  const renew = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { lease: { spec: { holderIdentity: node.metadata.name, renewTime: renew } } };
}

/** Pods counted on a node page: bound to it and not finished, in server (namespace/name) order. */
function podsOnNode(node: KObject, ctx: DescribeContext): Pod[] {
  return (ctx.list('Pod') as unknown as Pod[]).filter(
    (p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
}

/** One object's describe page, ending with a newline. */
export function describeObject(obj: KObject, ctx: DescribeContext): string {
  const ns = obj.metadata.namespace ?? '';
  const now = ctx.now;
  switch (obj.kind) {
    case 'Pod':
      return describePod(obj as unknown as Pod, events(obj, ctx), now);
    case 'Service': {
      const slices = ctx
        .list('EndpointSlice', ns)
        .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === obj.metadata.name) as unknown as EndpointSlice[];
      return describeService(obj as unknown as Service, slices, events(obj, ctx), now);
    }
    case 'Endpoints':
      return describeEndpoints(obj as unknown as Endpoints, events(obj, ctx), now);
    case 'EndpointSlice':
      return describeEndpointSlice(obj as unknown as EndpointSlice, events(obj, ctx), now);
    case 'Deployment': {
      const d = obj as unknown as Deployment;
      const { oldRSs, newRS } = replicaSetsOf(d, ctx.list('ReplicaSet', ns));
      return describeDeployment(d, oldRSs, newRS ? [newRS] : [], events(obj, ctx), now);
    }
    case 'ReplicaSet': {
      const rs = obj as unknown as ReplicaSet;
      const pods = podStatusForController(ctx.list('Pod', ns), rs.spec?.selector as LabelSelector | undefined, obj.metadata.uid);
      return describeReplicaSet(rs, pods, events(obj, ctx), now);
    }
    case 'StatefulSet': {
      const sts = obj as unknown as StatefulSet;
      const pods = podStatusForController(ctx.list('Pod', ns), sts.spec?.selector as LabelSelector | undefined, obj.metadata.uid);
      return describeStatefulSet(sts, pods, events(obj, ctx), now);
    }
    case 'DaemonSet': {
      const ds = obj as unknown as DaemonSet;
      const pods = podStatusForController(ctx.list('Pod', ns), ds.spec?.selector as LabelSelector | undefined, obj.metadata.uid);
      return describeDaemonSet(ds, pods, events(obj, ctx), now);
    }
    case 'Node':
      return describeNode(obj as unknown as Node, podsOnNode(obj, ctx), events(obj, ctx), nodeLease(obj, ctx), now);
    case 'Namespace':
      return describeNamespace(obj as unknown as Namespace);
    default:
      return describeGeneric(obj, events(obj, ctx), now);
  }
}

/** Several pages, separated by two blank lines as `kubectl describe` prints them. */
export function describeObjects(objs: KObject[], ctx: DescribeContext): string {
  return objs.map((o) => describeObject(o, ctx)).join('\n\n');
}
