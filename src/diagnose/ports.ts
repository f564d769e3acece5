/**
 * Does a Service port reach a program in the selected pods? Per pod: the targetPort resolved the
 * way the endpoints controller does (`findPort`: a number as is, a name through the pod's named
 * containerPorts), whether a container declares that port, and whether a container's program
 * really listens on it (`containerListeners`: nginx listens on 80 whatever containerPort says; an
 * unknown image's echo server on its declared TCP ports). Pods are grouped by what they have in
 * common, so a Deployment's 30 replicas make one line.
 */
import type { Container, Pod } from '../controllers/kubelet.js';
import { findPort, type ServicePort } from '../controllers/endpoints.js';
import { containerListeners, imageProfile } from '../network/containers/images.js';
import { count, finding, nameList, type Finding } from './findings.js';

export interface PortOnPod {
  pod: Pod;
  /** The container port number the targetPort means on this pod (undefined: a name the pod lacks). */
  port?: number;
  declared: boolean;
  listens: boolean;
}

function serving(pod: Pod): Container[] {
  return [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}

/** What the programs of a pod listen on, e.g. `container web (nginx 1.27.3) listens on 80/TCP`. */
export function listenerSummary(c: Container): string {
  const profile = imageProfile(c.image);
  const what = profile.name === 'unknown' ? `image ${c.image}` : `${profile.name} ${profile.version}`;
  const ls = containerListeners(c);
  const declared = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`);
  const listening = ls.length ? `listens on ${ls.map((l) => `${l.port}/${l.protocol}`).join(', ')}` : 'listens on no port';
  return `container ${c.name} (${what}) ${listening}; declares ${declared.length ? `containerPort ${declared.join(', ')}` : 'no containerPort'}`;
}

export function portOnPod(pod: Pod, sp: ServicePort): PortOnPod {
  const port = findPort(pod, sp);
  if (port === undefined) return { pod, declared: false, listens: false };
  const protocol = sp.protocol ?? 'TCP';
  const containers = serving(pod);
  const declared = containers.some((c) => (c.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol));
  const listens = !pod.spec.hostNetwork
    ? containers.some((c) => containerListeners(c).some((l) => l.port === port && l.protocol === protocol))
    : true; // hostNetwork pods share the node's ports: not modelled here
  return { pod, port, declared, listens };
}

/** `80/TCP -> 5000` or `http 80/TCP -> "web"`. */
export function servicePortLabel(sp: ServicePort): string {
  const target = sp.targetPort ?? sp.port;
  const t = typeof target === 'string' && !/^\d+$/.test(target) ? JSON.stringify(target) : String(target);
  return `${sp.name ? `${sp.name} ` : ''}${sp.port}/${sp.protocol ?? 'TCP'} -> ${t}`;
}

/** Pods that share the same container specs, with one representative. */
function groupBySpec(pods: Pod[]): { pods: Pod[]; sample: Pod }[] {
  const groups = new Map<string, Pod[]>();
  for (const p of pods) {
    const key = JSON.stringify(serving(p).map((c) => [c.name, c.image, c.command, c.args, c.ports]));
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].map((g) => ({ pods: g, sample: g[0] }));
}

function podsText(pods: Pod[]): string {
  return `${count(pods.length, 'pod')} (${nameList(pods.map((p) => p.metadata.name))})`;
}

function namedPorts(pod: Pod): string {
  const names = serving(pod).flatMap((c) => (c.ports ?? []).filter((p) => p.name).map((p) => `${p.name}=${p.containerPort}/${p.protocol ?? 'TCP'}`));
  return names.length ? `named ports ${names.join(', ')}` : 'no named containerPort';
}

/**
 * Findings for one Service port over the selected pods (none when no pod is selected: the
 * selector finding says why). `subject` names the Service in titles.
 */
export function targetPortFindings(sp: ServicePort, pods: Pod[], subject = 'the selected pods'): Finding[] {
  if (pods.length === 0) return [];
  const label = servicePortLabel(sp);
  const target = sp.targetPort ?? sp.port;
  const named = typeof target === 'string' && !/^\d+$/.test(target);
  const results = pods.map((p) => portOnPod(p, sp));
  const out: Finding[] = [];
  const id = `targetPort${sp.name ? `.${sp.name}` : `.${sp.port}`}`;

  const missing = results.filter((r) => r.port === undefined);
  if (named && missing.length > 0) {
    const evidence: string[] = [];
    for (const g of groupBySpec(missing.map((r) => r.pod))) evidence.push(`${podsText(g.pods)}: ${namedPorts(g.sample)}`);
    const having = results.filter((r) => r.port !== undefined);
    for (const g of groupBySpec(having.map((r) => r.pod))) evidence.push(`${podsText(g.pods)}: "${target}" is containerPort ${portOnPod(g.sample, sp).port}`);
    const fix = `name the containerPort "${target}" (protocol ${sp.protocol ?? 'TCP'}) in every pod template the Service selects, or set targetPort to the port number`;
    if (having.length === 0) {
      out.push(finding(id, 'error', `port ${label}: no selected pod has a containerPort named "${target}", so this port has no endpoints`, evidence, fix));
      return out;
    }
    out.push(finding(id, 'warn', `port ${label}: the named port "${target}" is missing on ${missing.length} of ${count(pods.length, 'selected pod')}; those pods get no endpoint for this port`, evidence, fix));
  }
  const resolved = results.filter((r) => r.port !== undefined);
  const deaf = resolved.filter((r) => !r.listens);
  if (deaf.length > 0) {
    const evidence: string[] = [];
    for (const g of groupBySpec(deaf.map((r) => r.pod))) {
      const r = portOnPod(g.sample, sp);
      evidence.push(`${podsText(g.pods)}: targetPort means ${r.port}/${sp.protocol ?? 'TCP'}, ${r.declared ? 'declared as a containerPort but no program listens on it' : 'neither declared as a containerPort nor listened on'}`);
      for (const c of serving(g.sample)) evidence.push(`  ${listenerSummary(c)}`);
    }
    const heard = [...new Set(deaf.flatMap((r) => serving(r.pod).flatMap((c) => containerListeners(c).filter((l) => l.protocol === (sp.protocol ?? 'TCP')).map((l) => l.port))))];
    const fix =
      heard.length === 1
        ? `set targetPort: ${heard[0]} (the port the program listens on)${named ? ` or point the named containerPort "${target}" at ${heard[0]}` : ''}, or make the program listen on ${deaf[0].port}`
        : heard.length > 1
          ? `set targetPort to a port the program listens on (${heard.join(', ')}), or make the program listen on ${deaf[0].port}`
          : `the containers run no server (e.g. a sleep or a shell): run a server image, or fix the command`;
    const all = deaf.length === resolved.length;
    out.push(
      finding(
        id,
        all ? 'error' : 'warn',
        all
          ? `port ${label}: nothing listens on the targetPort in ${subject}; connections are refused`
          : `port ${label}: nothing listens on the targetPort in ${deaf.length} of ${count(resolved.length, 'pod')}; connections sent to them are refused`,
        evidence,
        fix,
      ),
    );
    return out;
  }
  if (missing.length === 0) {
    const ports = [...new Set(resolved.map((r) => r.port))];
    const undeclared = resolved.filter((r) => !r.declared);
    const evidence = [`${count(resolved.length, 'pod')} listen${resolved.length === 1 ? 's' : ''} on ${ports.map((p) => `${p}/${sp.protocol ?? 'TCP'}`).join(', ')}`];
    if (undeclared.length) evidence.push(`not declared as a containerPort in ${podsText(undeclared.map((r) => r.pod))} (allowed: a numeric targetPort needs no declaration)`);
    const running = resolved.some((r) => r.pod.status?.phase === 'Running');
    out.push(finding(id, 'ok', `port ${label}: ${running ? `${subject} listen on the targetPort` : `${subject} would listen on the targetPort once running`}`, evidence));
  }
  return out;
}

/** Declared containerPorts against what the containers' programs listen on. */
export function containerPortFindings(containers: Container[]): Finding[] {
  const out: Finding[] = [];
  const evidence: string[] = [];
  const deaf: string[] = [];
  for (const c of containers) {
    evidence.push(listenerSummary(c));
    const ls = containerListeners(c);
    for (const p of c.ports ?? []) {
      const proto = p.protocol ?? 'TCP';
      if (!ls.some((l) => l.port === p.containerPort && l.protocol === proto)) deaf.push(`${c.name}: ${p.containerPort}/${proto}`);
    }
  }
  if (deaf.length) {
    const heard = [...new Set(containers.flatMap((c) => containerListeners(c).map((l) => `${l.port}/${l.protocol}`)))];
    out.push(
      finding(
        'container-ports',
        'warn',
        `declared containerPort${deaf.length === 1 ? '' : 's'} ${deaf.join(', ')} ${deaf.length === 1 ? 'has' : 'have'} no listening program; a Service targeting ${deaf.length === 1 ? 'it' : 'them'} gets connection refused`,
        evidence,
        heard.length ? `declare the port${heard.length === 1 ? '' : 's'} the program listens on (${heard.join(', ')}) and target ${heard.length === 1 ? 'it' : 'them'}, or configure the program to listen on the declared port` : 'the container runs no server: run a server image or fix its command',
      ),
    );
  } else if (containers.some((c) => (c.ports ?? []).length || containerListeners(c).length)) {
    out.push(finding('container-ports', 'ok', 'every declared containerPort has a listening program', evidence));
  }
  return out;
}
