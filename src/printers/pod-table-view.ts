/**
 * The part of a Pod that `kubesim get pods` tables read (the default and wide columns, -A, -L,
 * --show-labels, -l): a quarter of the object. The state file keeps it beside the pods (see
 * store/state-file.ts, views), so listing 10,000 pods parses 7 MB instead of 31 MB.
 * test/printers/tables.test.ts prints every pod vector from both the pod and its view.
 */
import type { KObject } from '../api/resources.js';

type Json = Record<string, unknown>;

function pick(from: unknown, keys: readonly string[]): Json {
  const out: Json = {};
  if (!from || typeof from !== 'object') return out;
  for (const k of keys) if ((from as Json)[k] !== undefined) out[k] = (from as Json)[k];
  return out;
}

function pickEach(from: unknown, keys: readonly string[]): Json[] | undefined {
  return Array.isArray(from) ? from.map((x) => pick(x, keys)) : undefined;
}

const CONTAINER_STATUS = ['name', 'ready', 'restartCount', 'started', 'state', 'lastState'] as const;

export function podTableView(pod: KObject): KObject {
  const spec = (pod.spec ?? {}) as Json;
  const status = (pod.status ?? {}) as Json;
  const viewSpec: Json = pick(spec, ['nodeName', 'readinessGates']);
  const containers = pickEach(spec.containers, ['name']);
  if (containers) viewSpec.containers = containers;
  const initContainers = pickEach(spec.initContainers, ['name', 'restartPolicy']);
  if (initContainers) viewSpec.initContainers = initContainers;
  const viewStatus: Json = pick(status, ['phase', 'reason', 'podIP', 'podIPs', 'nominatedNodeName']);
  const conditions = pickEach(status.conditions, ['type', 'status', 'reason']);
  if (conditions) viewStatus.conditions = conditions;
  const cs = pickEach(status.containerStatuses, CONTAINER_STATUS);
  if (cs) viewStatus.containerStatuses = cs;
  const ics = pickEach(status.initContainerStatuses, CONTAINER_STATUS);
  if (ics) viewStatus.initContainerStatuses = ics;
  return {
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata: pick(pod.metadata, ['name', 'namespace', 'creationTimestamp', 'deletionTimestamp', 'labels']) as KObject['metadata'],
    spec: viewSpec,
    status: viewStatus,
  };
}
