/**
 * `diagnose deployment/NAME`: replicas wanted against ready, why its pods are not ready, whether
 * the template's programs listen on the ports it declares, which Services select its pods (and
 * whether those pods serve their targetPorts), and Services that nearly select them (a label
 * value or key off, or `create service`'s app=<service name>).
 */
import type { Cluster } from '../store/cluster-state.js';
import type { KObject } from '../api/resources.js';
import { isPodTerminal, type Container, type Pod } from '../controllers/kubelet.js';
import { hasSelector, type Service } from '../controllers/endpoints.js';
import { formatLabels, formatLabelSelector, labelSelectorMatches, mapSelectorMatches, type LabelSelector } from '../labels/selector.js';
import { selectorNearMiss } from '../hints/service-selector.js';
import { finding, type Diagnosis, type Finding } from './findings.js';
import { readinessFindings } from './readiness.js';
import { containerPortFindings, targetPortFindings } from './ports.js';

interface Deployment extends KObject {
  spec: { replicas?: number; selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[]; initContainers?: Container[] } } };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number };
}

export function deploymentSummary(d: Deployment): string {
  const s = d.status ?? {};
  const images = (d.spec.template?.spec?.containers ?? []).map((c) => `${c.name} (${c.image})`).join(', ');
  return `Deployment ${s.readyReplicas ?? 0}/${d.spec.replicas ?? 1} ready, ${s.availableReplicas ?? 0} available, selector ${formatLabelSelector(d.spec.selector)}, containers ${images}`;
}

export function diagnoseDeployment(cluster: Cluster, d: Deployment): Diagnosis {
  const ns = d.metadata.namespace ?? 'default';
  const want = d.spec.replicas ?? 1;
  const pods = cluster.list<Pod>('Pod', ns).filter((p) => !isPodTerminal(p) && labelSelectorMatches(d.spec.selector, p.metadata.labels));
  const findings: Finding[] = [];
  const ready = d.status?.readyReplicas ?? 0;
  if (want === 0) findings.push(finding('replicas', 'warn', 'scaled to 0 replicas: no pods, so Services selecting them have no endpoints', [], `kubesim scale deployment/${d.metadata.name} --replicas=1`));
  else if (ready >= want) findings.push(finding('replicas', 'ok', `${ready}/${want} replicas ready`));
  else if (pods.length === 0) findings.push(finding('replicas', 'error', `0/${want} replicas ready and no pods exist`, ['the ReplicaSet has not created pods (see kubesim describe deployment and its events)']));
  findings.push(...readinessFindings(cluster, pods, 'Services get no endpoint from them'));
  const template = d.spec.template?.spec;
  const containers = [...(template?.containers ?? []), ...(template?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  findings.push(...containerPortFindings(containers));

  // Services: the ones selecting the template's labels, and near misses.
  const labels = d.spec.template?.metadata?.labels ?? {};
  const services = cluster.list<Service>('Service', ns).filter((s) => s.spec.type !== 'ExternalName' && hasSelector(s));
  const selecting = services.filter((s) => mapSelectorMatches(s.spec.selector!, labels));
  for (const svc of selecting) {
    const sub = pods.length ? (svc.spec.ports ?? []).flatMap((sp) => targetPortFindings(sp, pods, 'its pods')) : [];
    const bad = sub.filter((f) => f.level !== 'ok');
    if (bad.length === 0) findings.push(finding(`service.${svc.metadata.name}`, 'ok', `service/${svc.metadata.name} selects its pods (${formatLabels(svc.spec.selector)})`));
    for (const f of bad) findings.push({ ...f, id: `service.${svc.metadata.name}.${f.id}`, title: `service/${svc.metadata.name} ${f.title}` });
  }
  const podNames = new Set(pods.map((p) => p.metadata.name));
  for (const svc of services) {
    if (selecting.includes(svc)) continue;
    const miss = selectorNearMiss(cluster, svc);
    if (!miss || (miss.kind !== 'value' && miss.kind !== 'key')) continue;
    if (!miss.pods.some((p) => podNames.has(p.metadata.name))) continue;
    const sel = formatLabels(svc.spec.selector);
    const evidence = [`its pods have ${formatLabels(labels)}`];
    if (miss.kind === 'value' && miss.trap) evidence.push('the selector is app=<service name>: what `kubesim create service` always sets');
    const fix =
      miss.kind === 'value'
        ? `change service/${svc.metadata.name}'s selector to ${miss.key}=${labels[miss.key]}${miss.trap ? `, or replace it: kubesim expose deployment/${d.metadata.name} --name=${svc.metadata.name} --port=${svc.spec.ports?.[0]?.port ?? 80}` : ''}`
        : `change service/${svc.metadata.name}'s selector key to ${miss.keys[0]}`;
    findings.push(finding(`service.${svc.metadata.name}.selector`, 'warn', `service/${svc.metadata.name} nearly selects these pods: it wants ${sel}`, evidence, fix));
  }
  if (selecting.length === 0 && !findings.some((f) => f.id.endsWith('.selector'))) {
    const port = template?.containers?.[0]?.ports?.[0]?.containerPort;
    findings.push(finding('services', 'ok', `no Service in namespace ${ns} selects its pods`, [], `to reach them through a Service: kubesim expose deployment/${d.metadata.name} --port=${port ?? 80}${port ? ` --target-port=${port}` : ''}`));
  }
  return { object: { kind: 'Deployment', namespace: ns, name: d.metadata.name }, summary: deploymentSummary(d), findings };
}

export type { Deployment };
