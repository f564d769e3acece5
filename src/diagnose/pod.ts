/**
 * `diagnose pod/NAME`: is the pod scheduled, running and ready (and if not, why and what to
 * change), do its programs listen on the ports it declares, which Services select it and whether
 * it serves their targetPorts, and which Services' env vars it lacks because it started first.
 */
import type { Cluster } from '../store/cluster-state.js';
import type { Pod } from '../controllers/kubelet.js';
import { hasSelector, type Service } from '../controllers/endpoints.js';
import { mapSelectorMatches } from '../labels/selector.js';
import { envVarName } from '../network/pod-env/service-env.js';
import { finding, nameList, type Diagnosis, type Finding } from './findings.js';
import { readinessFindings } from './readiness.js';
import { containerPortFindings, servicePortLabel, targetPortFindings } from './ports.js';
import { envVarState } from './env-vars.js';

export function podSummary(pod: Pod): string {
  const where = pod.spec.nodeName ? `node ${pod.spec.nodeName}` : 'no node';
  const containers = (pod.spec.containers ?? []).map((c) => `${c.name} (${c.image})`).join(', ');
  return `Pod on ${where}, IP ${pod.status?.podIP ?? '<none>'}, phase ${pod.status?.phase ?? 'Pending'}, containers ${containers}`;
}

/** For each Service selecting the pod: does the pod serve each port? */
function serviceFindings(cluster: Cluster, pod: Pod, services: Service[]): Finding[] {
  const out: Finding[] = [];
  for (const svc of services) {
    const sub = (svc.spec.ports ?? []).flatMap((sp) => targetPortFindings(sp, [pod], 'this pod'));
    const bad = sub.filter((f) => f.level !== 'ok');
    if (bad.length === 0) {
      out.push(finding(`service.${svc.metadata.name}`, 'ok', `selected by service/${svc.metadata.name}: it serves ${(svc.spec.ports ?? []).map(servicePortLabel).join(', ') || 'no ports'}`));
      continue;
    }
    for (const f of bad) out.push({ ...f, id: `service.${svc.metadata.name}.${f.id}`, title: `service/${svc.metadata.name} ${f.title}` });
  }
  return out;
}

function podEnvFindings(cluster: Cluster, pod: Pod, services: Service[]): Finding[] {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const svc of services) {
    const st = envVarState(cluster, svc, [pod]);
    if (!st) continue;
    if (st.missing.length) missing.push(svc.metadata.name);
    if (st.stale.length) stale.push(svc.metadata.name);
  }
  const out: Finding[] = [];
  if (missing.length) {
    out.push(
      finding(
        'env-vars',
        'warn',
        `started before service ${nameList(missing, 4)}: it lacks ${nameList(missing.map((n) => `${envVarName(n)}_SERVICE_HOST`), 4)}`,
        ['Service env vars are set when a container starts and never added later'],
        `use DNS names (${missing[0]}.${pod.metadata.namespace}.svc.cluster.local), or re-create the pod`,
      ),
    );
  }
  if (stale.length) out.push(finding('env-vars.stale', 'warn', `carries stale env vars of service ${nameList(stale, 4)} (changed after the pod started)`, [], 'use DNS names, or re-create the pod'));
  return out;
}

export function diagnosePod(cluster: Cluster, pod: Pod): Diagnosis {
  const ns = pod.metadata.namespace ?? 'default';
  const findings: Finding[] = [];
  findings.push(...readinessFindings(cluster, [pod], ''));
  findings.push(...containerPortFindings([...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')]));
  const services = cluster.list<Service>('Service', ns);
  const selecting = services.filter((s) => s.spec.type !== 'ExternalName' && hasSelector(s) && mapSelectorMatches(s.spec.selector!, pod.metadata.labels));
  if (selecting.length) findings.push(...serviceFindings(cluster, pod, selecting));
  else findings.push(finding('services', 'ok', `no Service in namespace ${ns} selects this pod`));
  findings.push(...podEnvFindings(cluster, pod, services));
  return { object: { kind: 'Pod', namespace: ns, name: pod.metadata.name }, summary: podSummary(pod), findings };
}
