/**
 * `diagnose service/NAME`: does the Service get endpoints, do they answer, and where does traffic
 * go? In order: the selector (with the nearest near-miss when it matches nothing), the selected
 * pods' readiness, each port's targetPort against what the containers declare and listen on, the
 * Endpoints, traffic per node through the kube-proxy tables (Local policies), the load balancer,
 * env vars of pods that started before the Service, ExternalName targets, headless DNS, and which
 * pod `port-forward svc/NAME` would pin.
 */
import type { Cluster } from '../store/cluster-state.js';
import { isPodTerminal, nodeInternalIP, type NodeObject, type Pod } from '../controllers/kubelet.js';
import { hasSelector, isHeadless, type EndpointsObject, type Service, type ServicePort } from '../controllers/endpoints.js';
import { formatLabels, mapSelectorMatches } from '../labels/selector.js';
import { selectorNearMiss } from '../hints/service-selector.js';
import { query } from '../network/dns/coredns.js';
import { count, finding, nameList, type Diagnosis, type Finding } from './findings.js';
import { readinessFindings } from './readiness.js';
import { targetPortFindings } from './ports.js';
import { describeOutcome, routeOutcomes, verdictOf, type NodeOutcome } from './traffic.js';
import { loadBalancerFindings } from './load-balancer.js';
import { envVarFindings } from './env-vars.js';
import { externalNameFindings } from './external-name.js';
import { portForwardFindings } from './port-forward.js';

function protocolOf(sp: ServicePort): 'TCP' | 'UDP' | 'SCTP' {
  return sp.protocol === 'UDP' || sp.protocol === 'SCTP' ? sp.protocol : 'TCP';
}

export function serviceSummary(svc: Service): string {
  const type = svc.spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') return `ExternalName -> ${String(svc.spec.externalName ?? '')}`;
  const ip = isHeadless(svc) ? 'headless (clusterIP None)' : (svc.spec.clusterIP ?? '<none>');
  const ports = (svc.spec.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ''}${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'} -> ${String(p.targetPort ?? p.port)}`);
  const sel = hasSelector(svc) ? `selector ${formatLabels(svc.spec.selector)}` : 'no selector';
  return `${type} ${ip}, ${ports.length ? `ports ${ports.join(', ')}` : 'no ports'}, ${sel}`;
}

/** Pods the Service selects (its namespace, not finished). */
export function selectedPods(cluster: Cluster, svc: Service): Pod[] {
  if (!hasSelector(svc)) return [];
  return cluster.list<Pod>('Pod', svc.metadata.namespace).filter((p) => !isPodTerminal(p) && mapSelectorMatches(svc.spec.selector!, p.metadata.labels));
}

function selectorFindings(cluster: Cluster, svc: Service, pods: Pod[]): Finding[] {
  const ns = svc.metadata.namespace ?? 'default';
  const sel = formatLabels(svc.spec.selector);
  if (pods.length > 0) return [finding('selector', 'ok', `selector ${sel} matches ${count(pods.length, 'pod')} in namespace ${ns}`, [nameList(pods.map((p) => p.metadata.name), 5)])];
  const miss = selectorNearMiss(cluster, svc);
  const title = `selector ${sel} matches no pod in namespace ${ns}, so the Service has no endpoints`;
  const labelsOf = (list: { metadata: { name: string; labels?: Record<string, string> } }[]) => nameList(list.map((p) => `${p.metadata.name} (${formatLabels(p.metadata.labels)})`), 3);
  if (!miss || miss.kind === 'none' || miss.kind === 'not-ready') {
    const here = cluster.list<Pod>('Pod', ns);
    return [
      finding(
        'selector',
        'error',
        title,
        [here.length ? `pods in namespace ${ns}: ${labelsOf(here)}` : `namespace ${ns} has no pods`, 'no pod in any namespace has those labels either'],
        here.length ? `make the selector match the labels of the pods you mean (spec.selector), or label them: kubesim label pod NAME ${sel.replace(/,/g, ' ')}` : `create the workload first (e.g. a Deployment whose template has the labels ${sel}), in namespace ${ns}`,
      ),
    ];
  }
  switch (miss.kind) {
    case 'other-namespace':
      return [
        finding(
          'selector',
          'error',
          title,
          [`pods with those labels run in namespace ${miss.namespaces.join(', ')}: ${labelsOf(miss.pods.map((p) => ({ metadata: { name: `${p.metadata.namespace}/${p.metadata.name}`, labels: p.metadata.labels } })))}`, 'a Service selects pods only in its own namespace'],
          `create the Service in namespace ${miss.namespaces[0]} (kubesim apply -n ${miss.namespaces[0]} -f …, or metadata.namespace), or run the pods in namespace ${ns}`,
        ),
      ];
    case 'value': {
      const evidence = [`pods here have ${miss.key}=${miss.values.join(` / ${miss.key}=`)}, not ${miss.key}=${miss.wanted}: ${labelsOf(miss.pods)}`];
      if (miss.trap) evidence.push(`the selector is ${miss.key}=<service name>: what \`kubesim create service\` always sets (it has no --selector flag)`);
      const fix = miss.trap
        ? `expose the workload instead (kubesim expose deployment/NAME --port=${svc.spec.ports?.[0]?.port ?? 80} --target-port=…), name the Service after the app, or change spec.selector to ${miss.key}=${miss.values[0]}`
        : `change spec.selector to ${miss.key}=${miss.values[0]} (if those are the pods you mean), or relabel the pods: kubesim label pod NAME ${miss.key}=${miss.wanted} --overwrite`;
      return [finding('selector', 'error', title, evidence, fix)];
    }
    case 'key':
      return [
        finding(
          'selector',
          'error',
          title,
          [`pods here have the value ${miss.value} under another key (${miss.keys.map((k) => `${k}=${miss.value}`).join(', ')}), not ${miss.key}=${miss.value}: ${labelsOf(miss.pods)}`],
          `change spec.selector's key to ${miss.keys[0]} (selector ${miss.keys[0]}=${miss.value}), or label the pods ${miss.key}=${miss.value}`,
        ),
      ];
  }
}

function endpointsFinding(cluster: Cluster, svc: Service, refusedEverywhere: string | undefined): Finding {
  const ns = svc.metadata.namespace ?? 'default';
  const ep = cluster.get<EndpointsObject>('Endpoints', ns, svc.metadata.name);
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const s of ep?.subsets ?? []) {
    const ports = (s.ports ?? []).map((p) => p.port);
    for (const a of s.addresses ?? []) for (const p of ports.length ? ports : [undefined]) ready.add(p === undefined ? a.ip : `${a.ip}:${p}`);
    for (const a of s.notReadyAddresses ?? []) for (const p of ports.length ? ports : [undefined]) notReady.add(p === undefined ? a.ip : `${a.ip}:${p}`);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  if (ready.size) {
    const evidence = [`ready: ${nameList(sorted(ready), 6)}`];
    if (notReady.size) evidence.push(`not ready: ${nameList(sorted(notReady), 6)}`);
    return finding('endpoints', 'ok', `${count(ready.size, 'ready endpoint')}`, evidence);
  }
  const evidence: string[] = [];
  if (!ep) evidence.push(hasSelector(svc) ? 'no Endpoints object yet' : 'no Endpoints object: a Service without a selector gets endpoints only from ones you create');
  if (notReady.size) evidence.push(`not ready: ${nameList(sorted(notReady), 6)}`);
  if (refusedEverywhere) evidence.push(refusedEverywhere);
  const fix = hasSelector(svc) ? undefined : 'create an EndpointSlice (label kubernetes.io/service-name) or an Endpoints object with the same name, listing the backend addresses';
  return finding('endpoints', 'error', 'no ready endpoints: kubectl describe shows "Endpoints: <none>"', evidence, fix);
}

interface PathSpec {
  id: string;
  title: string;
  /** per vantage label → outcome */
  rows: { label: string; outcome: NodeOutcome }[];
  local: boolean;
  policyField: string;
}

function trafficFinding(svc: Service, spec: PathSpec, healthCheckNodePort?: number): Finding | undefined {
  const verdicts = spec.rows.map((r) => ({ ...r, v: verdictOf(r.outcome) }));
  const proxyFailures = verdicts.filter((r) => r.outcome.dropped.size > 0 || r.outcome.refused.size > 0);
  const evidence = verdicts.map((r) => `${r.label}: ${describeOutcome(r.outcome)}`);
  if (verdicts.every((r) => r.v === 'delivered')) return finding(spec.id, 'ok', `${spec.title}: delivered ${spec.id.startsWith('traffic.internal') ? 'from every node' : 'at every entry point'}`, evidence);
  if (proxyFailures.length === 0) return undefined; // only pods refusing: the targetPort finding explains it
  const delivering = verdicts.filter((r) => r.v === 'delivered' || r.v === 'partly');
  const failing = verdicts.filter((r) => r.v !== 'delivered');
  const level = delivering.length ? 'warn' : 'error';
  if (spec.local) {
    const fix =
      spec.policyField === 'externalTrafficPolicy'
        ? `externalTrafficPolicy: Local keeps the client's source IP but serves only from pods on the node the traffic arrives at: send clients only to ${nameList(delivering.map((r) => r.label.replace(/^node /, '').replace(/ .*/, '')))}${healthCheckNodePort ? ` (a cloud load balancer finds them through healthCheckNodePort ${healthCheckNodePort})` : ''}, run a ready pod on every node (more replicas, or a DaemonSet), or set externalTrafficPolicy: Cluster`
        : 'internalTrafficPolicy: Local sends pods only to endpoints on their own node: run a ready pod on every node (a DaemonSet), or set internalTrafficPolicy: Cluster';
    return finding(spec.id, level, `${spec.title}: dropped on ${failing.length} of ${count(verdicts.length, 'node')} (${spec.policyField}: Local)`, evidence, fix);
  }
  return finding(spec.id, level, `${spec.title}: not delivered from ${failing.length} of ${count(verdicts.length, 'node')}`, evidence);
}

function trafficFindings(cluster: Cluster, svc: Service): { findings: Finding[]; refusedEverywhere: Map<number, string> } {
  const nodes = cluster.list<NodeObject>('Node');
  const findings: Finding[] = [];
  const refusedEverywhere = new Map<number, string>();
  const clusterIP = svc.spec.clusterIP;
  if (!clusterIP || isHeadless(svc) || !/^\d+\.\d+\.\d+\.\d+$/.test(clusterIP)) return { findings, refusedEverywhere };
  const type = svc.spec.type ?? 'ClusterIP';
  const ingress = ((svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((x): x is string => !!x);
  const externalIPs = (svc.spec.externalIPs as string[] | undefined) ?? [];
  for (const sp of svc.spec.ports ?? []) {
    const proto = protocolOf(sp);
    const internal: PathSpec = {
      id: `traffic.internal.${sp.name || sp.port}`,
      title: `traffic to ${clusterIP}:${sp.port}/${proto} from inside the cluster`,
      rows: nodes.map((n) => ({ label: `node ${n.metadata.name} and its pods`, outcome: routeOutcomes(cluster, { kind: 'node', node: n }, clusterIP, sp.port, proto) })),
      local: svc.spec.internalTrafficPolicy === 'Local',
      policyField: 'internalTrafficPolicy',
    };
    const allRejected = internal.rows.every((r) => r.outcome.delivered.size === 0 && r.outcome.refusedByPods.size === 0 && r.outcome.refused.size > 0);
    if (allRejected) {
      refusedEverywhere.set(sp.port, `kube-proxy REJECTs connections to ${clusterIP}:${sp.port}/${proto} on every node: clients see "connection refused"`);
      continue;
    }
    const f = trafficFinding(svc, internal);
    if (f) findings.push(f);
    const external: PathSpec['rows'] = [];
    if ((type === 'NodePort' || type === 'LoadBalancer') && sp.nodePort) {
      for (const n of nodes) {
        const ip = nodeInternalIP(n);
        if (ip) external.push({ label: `node ${n.metadata.name} (${ip}:${sp.nodePort})`, outcome: routeOutcomes(cluster, { kind: 'outside' }, ip, sp.nodePort, proto) });
      }
    }
    for (const ip of [...ingress, ...externalIPs]) external.push({ label: `${ingress.includes(ip) ? 'load balancer' : 'external IP'} ${ip}:${sp.port}`, outcome: routeOutcomes(cluster, { kind: 'outside' }, ip, sp.port, proto) });
    if (external.length) {
      const ef = trafficFinding(
        svc,
        {
          id: `traffic.external.${sp.name || sp.port}`,
          title: `traffic from outside the cluster to ${[
            ...((type === 'NodePort' || type === 'LoadBalancer') && sp.nodePort ? [`NodePort ${sp.nodePort}`] : []),
            ...ingress.map((ip) => `load balancer ${ip}:${sp.port}`),
            ...externalIPs.map((ip) => `external IP ${ip}:${sp.port}`),
          ].join(', ')}`,
          rows: external,
          local: svc.spec.externalTrafficPolicy === 'Local',
          policyField: 'externalTrafficPolicy',
        },
        Number(svc.spec.healthCheckNodePort ?? 0) || undefined,
      );
      if (ef) findings.push(ef);
    }
  }
  return { findings, refusedEverywhere };
}

function headlessFinding(cluster: Cluster, svc: Service): Finding | undefined {
  if (!isHeadless(svc)) return undefined;
  const name = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${cluster.spec.clusterDomain}`;
  const r = query(cluster, `${name}.`, 'A');
  const ips = r.answers.filter((a) => a.type === 'A').map((a) => a.data).sort();
  const note = 'headless: no clusterIP and no kube-proxy rules; clients connect to the pod IPs DNS returns';
  if (ips.length) return finding('dns.headless', 'ok', `${name} resolves to the ready pods: ${nameList(ips, 6)}`, [note]);
  return finding('dns.headless', 'warn', `${name} does not resolve (${r.rcode}): a headless Service's name has an address only per ready endpoint`, [note]);
}

export function diagnoseService(cluster: Cluster, svc: Service): Diagnosis {
  const object = { kind: 'Service', namespace: svc.metadata.namespace, name: svc.metadata.name };
  const summary = serviceSummary(svc);
  if (svc.spec.type === 'ExternalName') return { object, summary, findings: externalNameFindings(cluster, svc) };
  const findings: Finding[] = [];
  const pods = selectedPods(cluster, svc);
  if (hasSelector(svc)) {
    findings.push(...selectorFindings(cluster, svc, pods));
    findings.push(...readinessFindings(cluster, pods, pods.length === 1 ? 'it gets no endpoint' : 'they get no endpoint'));
    for (const sp of svc.spec.ports ?? []) findings.push(...targetPortFindings(sp, pods));
  } else {
    findings.push(finding('selector', 'ok', 'no selector: the endpoints controller leaves this Service alone', ['its endpoints come only from EndpointSlices/Endpoints managed by someone else (by hand; for default/kubernetes, the apiserver)']));
  }
  const traffic = trafficFindings(cluster, svc);
  const refused = [...traffic.refusedEverywhere.values()];
  findings.push(endpointsFinding(cluster, svc, refused.length ? refused.join('; ') : undefined));
  const h = headlessFinding(cluster, svc);
  if (h) findings.push(h);
  findings.push(...traffic.findings);
  findings.push(...loadBalancerFindings(cluster, svc));
  findings.push(...envVarFindings(cluster, svc));
  if (hasSelector(svc)) findings.push(...portForwardFindings(svc, pods));
  return { object, summary, findings };
}
