/**
 * The registry of per-kind strategies the generic apiserver flow (`apiserver/objects.ts`) uses.
 * Kinds without their own strategy get a permissive one (metadata checks only).
 */
import { resourceForKind } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { serviceStrategy } from './service.js';
import { podStrategy } from './pod.js';
import { workloadStrategy } from './workloads.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { endpointsStrategy } from './endpoints.js';
import { endpointSliceStrategy } from './endpointslice.js';
import { eventStrategy } from './event.js';

const STRATEGIES: Record<string, Strategy> = {
  Service: serviceStrategy,
  Pod: podStrategy,
  Deployment: workloadStrategy('Deployment'),
  ReplicaSet: workloadStrategy('ReplicaSet'),
  StatefulSet: workloadStrategy('StatefulSet'),
  DaemonSet: workloadStrategy('DaemonSet'),
  Namespace: namespaceStrategy,
  Node: nodeStrategy,
  Endpoints: endpointsStrategy,
  EndpointSlice: endpointSliceStrategy,
  Event: eventStrategy,
};

/** Metadata checks only (name as a DNS-1123 subdomain, labels, annotations). */
function permissiveStrategy(kind: string): Strategy {
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  return {
    validateCreate: (obj) => validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain),
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain)],
  };
}

export function strategyFor(kind: string): Strategy {
  return STRATEGIES[kind] ?? permissiveStrategy(kind);
}
