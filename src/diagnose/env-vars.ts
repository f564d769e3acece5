/**
 * Service env vars (`FRONTEND_SVC_SERVICE_HOST` …) are fixed when a pod's containers start: pods
 * that started before the Service lack them, and pods that started before it changed (deleted and
 * re-created with a new clusterIP, ports edited) carry stale values. The pod-env module's
 * bookkeeping (`serviceEnvVars`) is the source of truth for what each pod's containers have.
 */
import type { Cluster } from '../store/cluster-state.js';
import { containerStartRevision, type Pod } from '../controllers/kubelet.js';
import type { Service } from '../controllers/endpoints.js';
import { envVarName, serviceEnvVars, serviceVars } from '../network/pod-env/service-env.js';
import { count, finding, nameList, type Finding } from './findings.js';
import { ownerOf } from './readiness.js';

export interface EnvVarState {
  missing: Pod[];
  stale: Pod[];
  current: Pod[];
  /** spec.enableServiceLinks: false (only `kubernetes` env vars by design). */
  linksOff: Pod[];
  /** Not started yet: will get the current values. */
  notStarted: Pod[];
}

/**
 * Whether a container of the pod has run. The kubelet computes a container's env when it creates
 * it: one still waiting for its image (ErrImagePull, InvalidImageName) will get the current values.
 */
function anyContainerStarted(pod: Pod): boolean {
  return (pod.status?.containerStatuses ?? []).some((c) => c.state?.running || c.state?.terminated || c.lastState?.terminated);
}

export function envVarState(cluster: Cluster, svc: Service, pods: Pod[]): EnvVarState | undefined {
  const expected = serviceVars(svc.metadata.name, svc.spec.type === 'ExternalName' ? '' : (svc.spec.clusterIP ?? ''), svc.spec.ports ?? []);
  if (expected.length === 0) return undefined;
  const st: EnvVarState = { missing: [], stale: [], current: [], linksOff: [], notStarted: [] };
  const host = `${envVarName(svc.metadata.name)}_SERVICE_HOST`;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    if ((pod.spec as { enableServiceLinks?: boolean }).enableServiceLinks === false) {
      st.linksOff.push(pod);
      continue;
    }
    if (containerStartRevision(cluster, pod) === undefined || !anyContainerStarted(pod)) {
      st.notStarted.push(pod);
      continue;
    }
    const have = new Map(serviceEnvVars(cluster, pod));
    if (!have.has(host)) st.missing.push(pod);
    else if (expected.some(([k, v]) => have.get(k) !== v)) st.stale.push(pod);
    else st.current.push(pod);
  }
  return st;
}

export function envVarFindings(cluster: Cluster, svc: Service): Finding[] {
  const ns = svc.metadata.namespace ?? 'default';
  const pods = cluster.list<Pod>('Pod', ns);
  const st = envVarState(cluster, svc, pods);
  if (!st) return [];
  const p = envVarName(svc.metadata.name);
  const names = (list: Pod[]) => nameList(list.map((x) => x.metadata.name));
  const owners = (list: Pod[]) => [...new Set(list.map((x) => ownerOf(cluster, x)))];
  const restart = (list: Pod[]) => {
    const o = owners(list);
    const deploys = o.filter((x) => x.startsWith('deployment/'));
    const bare = o.filter((x) => x.startsWith('pod/'));
    const parts: string[] = [];
    if (deploys.length) parts.push(deploys.map((d) => `kubesim rollout restart ${d}`).join('; '));
    if (bare.length) parts.push(`delete and re-create ${nameList(bare)}`);
    const rest = o.filter((x) => !x.startsWith('deployment/') && !x.startsWith('pod/'));
    if (rest.length) parts.push(`restart the pods of ${nameList(rest)}`);
    return parts.join('; ');
  };
  const out: Finding[] = [];
  const dns = `${svc.metadata.name}.${ns}.svc.cluster.local`;
  if (st.missing.length) {
    out.push(
      finding(
        'env-vars',
        'warn',
        `${count(st.missing.length, 'pod')} in namespace ${ns} started before the Service and lack its env vars (${p}_SERVICE_HOST, ${p}_SERVICE_PORT)`,
        [`started before service/${svc.metadata.name} existed: ${names(st.missing)}`, 'env vars are set once, when a container starts; they are never added later'],
        `use DNS instead (${svc.metadata.name}, or ${dns}), or restart the pods: ${restart(st.missing)}`,
      ),
    );
  }
  if (st.stale.length) {
    out.push(
      finding(
        'env-vars.stale',
        'warn',
        `${count(st.stale.length, 'pod')} carry stale ${p}_* values from before the Service changed`,
        [`${names(st.stale)}: ${p}_SERVICE_HOST/PORT differ from the Service's clusterIP ${svc.spec.clusterIP} / port ${svc.spec.ports?.[0]?.port}`],
        `use DNS instead (${dns}), or restart the pods: ${restart(st.stale)}`,
      ),
    );
  }
  if (!st.missing.length && !st.stale.length && st.current.length) {
    out.push(finding('env-vars', 'ok', `${count(st.current.length, 'started pod')} in namespace ${ns} ${st.current.length === 1 ? 'has' : 'have'} ${p}_SERVICE_HOST=${svc.spec.clusterIP}`));
  }
  return out;
}
