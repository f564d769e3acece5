/**
 * A container's full environment block, as `printenv` in it shows (k8s-cluster.md §1.3-1.4):
 *   1. PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin (containerd's default)
 *   2. HOSTNAME=<pod hostname>
 *   3. the image's ENV in Dockerfile order (an image PATH replaces the default in place)
 *   4. the kubelet's block, replacing equal names in place and appending the rest:
 *      envFrom, then `env` in declared order (`$(VAR)` expanded against the variables defined so far
 *      and the Service variables, `$$` → `$`, unknown references left as written), then the
 *      Service variables whose names the user did not define (Services sorted by name)
 *   5. TERM=xterm for a TTY exec (containerd appends it to the exec process)
 *   6. HOME=/root when still missing (runc adds it last, from /etc/passwd)
 *
 * Limits, documented: kubesim has no ConfigMaps or Secrets, so `envFrom` entries and
 * `configMapKeyRef`/`secretKeyRef` values cannot be resolved and are left out (a real kubelet
 * would refuse to start the container with CreateContainerConfigError unless `optional: true`).
 */
import type { Cluster } from '../../store/cluster-state.js';
import type { KObject } from '../../api/resources.js';
import type { Container, NodeObject, Pod } from '../../controllers/kubelet.js';
import { podHostname } from './files.js';
import { serviceEnvVars } from './service-env.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string; apiVersion?: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
    configMapKeyRef?: unknown;
    secretKeyRef?: unknown;
  };
}

/**
 * `$(VAR)` expansion as the kubelet does it (k8s third_party/forked/golang/expansion):
 * `$$` → `$`, `$(NAME)` → its value when mapped (else left as written), an unclosed `$(` and any
 * other `$x` stay literal.
 */
export function expandEnvValue(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const v = lookup(name);
      out += v === undefined ? `$(${name})` : v;
      i = close + 1;
    } else {
      out += c + next;
      i += 2;
    }
  }
  return out;
}

function bracketKey(path: string, prefix: string): string | undefined {
  const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\['(.*)'\\]$`).exec(path);
  return m ? m[1] : undefined;
}

/** A downward-API fieldRef value; undefined when the path is not supported. */
export function fieldRefValue(pod: Pod, path: string): string | undefined {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return String((pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default');
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((x) => x.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((x) => x.ip).join(',');
  }
  const label = bracketKey(path, 'metadata.labels');
  if (label !== undefined) return pod.metadata.labels?.[label] ?? '';
  const ann = bracketKey(path, 'metadata.annotations');
  if (ann !== undefined) return pod.metadata.annotations?.[ann] ?? '';
  return undefined;
}

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6, m: 1e-3 };

function quantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  return m ? Number(m[1]) * SUFFIX[m[2] ?? ''] : undefined;
}

/** resourceFieldRef: the container's limit (or request), else the node's allocatable, divided and rounded up. */
function resourceFieldValue(cluster: Cluster, pod: Pod, c: Container, ref: NonNullable<EnvVar['valueFrom']>['resourceFieldRef']): string | undefined {
  if (!ref) return undefined;
  const target = ref.containerName ? pod.spec.containers.find((x) => x.name === ref.containerName) ?? c : c;
  const [kind, res] = ref.resource.split('.', 2);
  const node = pod.spec.nodeName ? cluster.get<NodeObject>('Node', undefined, pod.spec.nodeName) : undefined;
  const alloc = (node?.status as { allocatable?: Record<string, string> } | undefined)?.allocatable?.[res];
  const fromSpec = kind === 'requests' ? target.resources?.requests?.[res] : target.resources?.limits?.[res];
  const v = quantity(fromSpec ?? (kind === 'limits' ? alloc : undefined) ?? (res === 'cpu' && kind === 'requests' ? '0' : undefined));
  if (v === undefined) return undefined;
  const divisor = quantity(ref.divisor ?? 1) || 1;
  return String(Math.ceil(v / divisor - 1e-9));
}

/** Set in place when present, else append. */
function setVar(list: [string, string][], name: string, value: string): void {
  const i = list.findIndex(([k]) => k === name);
  if (i >= 0) list[i] = [name, value];
  else list.push([name, value]);
}

/** The ordered environment of one container of a pod. */
export function containerEnv(cluster: Cluster, pod: KObject, containerName: string, opts: { imageEnv: [string, string][]; tty: boolean }): [string, string][] {
  const p = pod as Pod;
  const all = [...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])];
  const c = all.find((x) => x.name === containerName) ?? p.spec.containers[0];
  const env: [string, string][] = [
    ['PATH', DEFAULT_PATH],
    ['HOSTNAME', podHostname(pod)],
  ];
  for (const [k, v] of opts.imageEnv) setVar(env, k, v);

  // The kubelet's block.
  const serviceVars = serviceEnvVars(cluster, pod);
  const serviceMap = new Map(serviceVars);
  const user: [string, string][] = [];
  const userMap = new Map<string, string>();
  const lookup = (name: string) => (userMap.has(name) ? userMap.get(name) : serviceMap.get(name));
  for (const e of ((c?.env as EnvVar[] | undefined) ?? [])) {
    let value: string | undefined;
    if (e.valueFrom) {
      if (e.valueFrom.fieldRef) value = fieldRefValue(p, e.valueFrom.fieldRef.fieldPath);
      else if (e.valueFrom.resourceFieldRef && c) value = resourceFieldValue(cluster, p, c, e.valueFrom.resourceFieldRef);
      // configMapKeyRef / secretKeyRef: nothing to resolve in kubesim (see the module comment).
    } else {
      value = expandEnvValue(e.value ?? '', lookup);
    }
    if (value === undefined) continue;
    if (userMap.has(e.name)) {
      const i = user.findIndex(([k]) => k === e.name);
      user[i] = [e.name, value];
    } else user.push([e.name, value]);
    userMap.set(e.name, value);
  }
  for (const [k, v] of user) setVar(env, k, v);
  for (const [k, v] of serviceVars) if (!userMap.has(k)) setVar(env, k, v);

  if (opts.tty && !env.some(([k]) => k === 'TERM')) env.push(['TERM', 'xterm']);
  if (!env.some(([k]) => k === 'HOME')) env.push(['HOME', '/root']);
  return env;
}
