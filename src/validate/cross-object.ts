/**
 * Checks across the objects of one validate run — what no single-object validator can see:
 *
 * - duplicate-object: the same kind/namespace/name twice (error).
 * - missing-namespace: an object in a namespace that neither the set nor a fresh cluster has
 *   (warning: the namespace may exist in the target cluster).
 * - selector-no-match: a Service whose selector matches no Pod or workload template in the set,
 *   with the nearest near-miss (same key other value, same value other key, other namespace).
 *   A warning: the pods may come from elsewhere.
 * - target-port-missing / target-port-undeclared: a Service port whose targetPort the selected
 *   containers do not declare (named: error — the port never reaches those pods; numeric: warning).
 * - cluster-ip-conflict / node-port-conflict: two Services asking for the same clusterIP or
 *   nodePort (error, in the apiserver's words for the second one).
 * - selector-overlap: a workload selector that also selects another workload's (or a bare Pod's)
 *   pods (warning).
 *
 * Positions are looked up only for the findings made (`locate`), so a clean run reads no
 * position at all. Indexes keep every check near-linear in the number of objects.
 */
import { goStringSlice, invalid } from '../apiserver/field-errors.js';
import { invalidError } from '../apiserver/status.js';
import { checkClusterIP } from '../allocators/clusterip-allocator.js';
import { checkNodePort } from '../allocators/nodeport-allocator.js';
import { formatLabels, labelSelectorMatches, mapSelectorMatches, formatLabelSelector } from '../labels/selector.js';
import { levenshtein } from '../manifest/load.js';
import type { Finding, ObjectIdentity, RuleId, Severity } from './findings.js';
import { RULE_BY_ID, objectLabel } from './findings.js';
import type { ObjectSummary, ContainerPortFact } from './checks.js';
import type { Path } from './fast-yaml.js';

export type Locate = (o: ObjectSummary, path: Path) => { file: string; line: number; col: number };

/** Namespaces a fresh cluster has. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
const SERVICE_CIDR = '10.96.0.0/12';
const NODE_PORT_RANGE = '30000-32767';
const NEAREST_SCAN_LIMIT = 2000;

const pairKey = (k: string, v: string) => `${k}\u0000${v}`;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function identityOf(o: ObjectSummary): ObjectIdentity {
  return o.namespace === undefined ? { kind: o.kind, name: o.name } : { kind: o.kind, namespace: o.namespace, name: o.name };
}

function listNames(objs: ObjectSummary[], max = 3): string {
  const names = objs.slice(0, max).map(objectLabel).join(', ');
  return objs.length > max ? `${names} and ${objs.length - max} more` : names;
}

function portText(p: ContainerPortFact): string {
  return p.name ? `${p.containerPort}/${p.protocol} "${p.name}"` : `${p.containerPort}/${p.protocol}`;
}

/** How close a pod's labels come to a selector (higher is closer), and the labels that show it. */
function nearness(selector: Record<string, string>, labels: Record<string, string>): { score: number; shown: string } | undefined {
  let score = 0;
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] === v) {
      score += 100;
      shown[k] = v;
    } else if (Object.hasOwn(labels, k)) {
      score += 50 - Math.min(40, levenshtein(v, labels[k]));
      shown[k] = labels[k];
    } else {
      const other = Object.keys(labels).find((lk) => labels[lk] === v);
      if (other !== undefined) {
        score += 30;
        shown[other] = v;
      }
    }
  }
  if (Object.keys(shown).length === 0) return undefined;
  return { score, shown: formatLabels(shown) };
}

export interface CrossFinding {
  finding: Finding;
  /** the object the finding is about */
  object: ObjectSummary;
}

export function crossObjectFindings(objects: ObjectSummary[], locate: Locate): CrossFinding[] {
  const out: CrossFinding[] = [];
  const add = (rule: RuleId, o: ObjectSummary, path: Path, message: string, hint?: string, severity?: Severity) => {
    const f: Finding = { severity: severity ?? RULE_BY_ID.get(rule)!.severity, rule, message, ...locate(o, path), object: identityOf(o) };
    if (hint) f.hint = hint;
    out.push({ finding: f, object: o });
  };
  const where = (o: ObjectSummary, path: Path) => {
    const p = locate(o, path);
    return `${p.file}:${p.line}:${p.col}`;
  };

  // --- duplicates and namespaces
  const seen = new Map<string, ObjectSummary>();
  const namespaces = new Set(SYSTEM_NAMESPACES);
  for (const o of objects) if (o.kind === 'Namespace') namespaces.add(o.name);
  for (const o of objects) {
    if (o.name === '') continue;
    const key = `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;
    const first = seen.get(key);
    if (first) {
      add('duplicate-object', o, ['metadata', 'name'], `${objectLabel(o)} is defined more than once (first at ${where(first, ['metadata', 'name'])})`, 'kubectl create fails on the second definition and kubectl apply lets the later one win; keep one');
    } else seen.set(key, o);
    if (o.namespace !== undefined && !namespaces.has(o.namespace)) {
      add(
        'missing-namespace',
        o,
        ['metadata', 'namespace'],
        `namespaces "${o.namespace}" not found: ${objectLabel(o)} is in namespace "${o.namespace}", which the set does not create`,
        `add a Namespace named "${o.namespace}" to the set, or create it before applying`,
      );
    }
  }

  // --- indexes of pod labels (Pods and workload templates)
  const podMakers = objects.filter((o) => o.podLabels !== undefined);
  const byPair = new Map<string, ObjectSummary[]>(); // ns + pair → makers
  const byPairAnyNs = new Map<string, ObjectSummary[]>();
  const byNs = new Map<string, ObjectSummary[]>();
  for (const o of podMakers) {
    push(byNs, o.namespace ?? '', o);
    for (const [k, v] of Object.entries(o.podLabels!)) {
      push(byPair, `${o.namespace}\u0000${pairKey(k, v)}`, o);
      push(byPairAnyNs, pairKey(k, v), o);
    }
  }
  const matching = (ns: string, selector: Record<string, string>): ObjectSummary[] => {
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    let best: ObjectSummary[] | undefined;
    for (const k of keys) {
      const b = byPair.get(`${ns}\u0000${pairKey(k, selector[k])}`) ?? [];
      if (!best || b.length < best.length) best = b;
    }
    return best!.filter((o) => mapSelectorMatches(selector, o.podLabels));
  };

  // --- Services: selectors and targetPorts
  for (const o of objects) {
    const svc = o.service;
    if (!svc || !svc.selector || svc.type === 'ExternalName') continue;
    const ns = o.namespace ?? 'default';
    const selector = svc.selector;
    const selText = formatLabels(selector);
    const matched = matching(ns, selector);
    if (matched.length === 0) {
      const one = Object.keys(selector).length === 1;
      let nearest = '';
      // the same labels in another namespace
      const firstKey = Object.keys(selector)[0];
      const elsewhere = (byPairAnyNs.get(pairKey(firstKey, selector[firstKey])) ?? []).find((w) => w.namespace !== ns && mapSelectorMatches(selector, w.podLabels));
      if (elsewhere) nearest = ` (nearest: ${objectLabel(elsewhere)} has ${selText}, but in namespace "${elsewhere.namespace}")`;
      else {
        let best: { score: number; shown: string; w: ObjectSummary } | undefined;
        for (const w of (byNs.get(ns) ?? []).slice(0, NEAREST_SCAN_LIMIT)) {
          const n = nearness(selector, w.podLabels!);
          if (n && (!best || n.score > best.score)) best = { ...n, w };
        }
        if (best) nearest = ` (nearest: ${objectLabel(best.w)} has ${best.shown})`;
      }
      const hint = Object.entries(selector).some(([k, v]) => k === 'app' && v === o.name)
        ? `\`kubectl create service\` sets the selector app=${o.name}; set spec.selector to the labels of the pods the Service is for`
        : "make spec.selector equal labels of the pods' template (spec.template.metadata.labels of a Deployment)";
      add('selector-no-match', o, ['spec', 'selector'], `${objectLabel(o)} selects ${selText}, but no workload in the set has ${one ? 'that label' : 'those labels'}${nearest}`, hint);
      continue;
    }
    svc.ports.forEach((sp, i) => {
      const path: Path = ['spec', 'ports', i, 'targetPort'];
      if (typeof sp.targetPort === 'string') {
        const lacking = matched.filter((w) => !(w.containerPorts ?? []).some((cp) => cp.name === sp.targetPort && cp.protocol === sp.protocol));
        if (lacking.length === 0) return;
        const declared = [...new Set(lacking.flatMap((w) => (w.containerPorts ?? []).map(portText)))];
        const declares = declared.length > 0 ? `declares ${declared.slice(0, 4).join(', ')}` : 'declares no ports';
        const all = lacking.length === matched.length;
        add(
          'target-port-missing',
          o,
          path,
          all
            ? `${objectLabel(o)} port ${sp.port} targets the named port "${sp.targetPort}" (${sp.protocol}), but no container of ${listNames(lacking)} has a port of that name (it ${declares})`
            : `${objectLabel(o)} port ${sp.port} targets the named port "${sp.targetPort}" (${sp.protocol}), which ${listNames(lacking)} lacks (it ${declares}); those pods get no traffic on this port`,
          `name a container port "${sp.targetPort}" in the pod template, or set targetPort to the container's port number`,
          all ? 'error' : 'warning',
        );
        return;
      }
      const withPorts = matched.filter((w) => (w.containerPorts ?? []).length > 0);
      if (withPorts.length < matched.length || withPorts.length === 0) return; // some pods declare nothing: cannot tell
      const serves = withPorts.some((w) => w.containerPorts!.some((cp) => cp.containerPort === sp.targetPort && cp.protocol === sp.protocol));
      if (serves) return;
      const declared = [...new Set(withPorts.flatMap((w) => w.containerPorts!.map(portText)))];
      add(
        'target-port-undeclared',
        o,
        path,
        `${objectLabel(o)} port ${sp.port} targets port ${sp.targetPort}/${sp.protocol}, but the containers of ${listNames(withPorts)} declare only ${declared.slice(0, 4).join(', ')}`,
        'set targetPort to the port the container listens on (its containerPort)',
      );
    });
  }

  // --- allocation conflicts between Services of the set
  const ipOwner = new Map<string, ObjectSummary>();
  const portOwner = new Map<number, { o: ObjectSummary; path: Path }>();
  for (const o of objects) {
    const svc = o.service;
    if (!svc) continue;
    const ip = svc.clusterIP;
    if (ip && svc.type !== 'ExternalName') {
      const first = ipOwner.get(ip);
      if (first && first !== o && checkClusterIP(SERVICE_CIDR, ip, new Set()) === undefined) {
        const detail = checkClusterIP(SERVICE_CIDR, ip, new Set([ip]))!;
        const text = invalidError('Service', o.name, [invalid('spec.clusterIPs', goStringSlice([ip]), `failed to allocate IP ${ip}: ${detail}`)]).render();
        add('cluster-ip-conflict', o, ['spec', 'clusterIP'], `${text} (${objectLabel(first)} at ${where(first, ['spec', 'clusterIP'])} requests it too)`, 'omit clusterIP to let the cluster choose a free one');
      } else if (!first) ipOwner.set(ip, o);
    }
    const mine = new Set<number>();
    const claims: { port: number; path: Path; field: string }[] = svc.ports.flatMap((p, i) => (p.nodePort ? [{ port: p.nodePort, path: ['spec', 'ports', i, 'nodePort'] as Path, field: `spec.ports[${i}].nodePort` }] : []));
    if (svc.healthCheckNodePort) claims.push({ port: svc.healthCheckNodePort, path: ['spec', 'healthCheckNodePort'], field: 'spec.healthCheckNodePort' });
    for (const c of claims) {
      if (mine.has(c.port)) continue;
      mine.add(c.port);
      if (checkNodePort(NODE_PORT_RANGE, c.port, new Set()) !== undefined) continue; // out of range: reported per object
      const first = portOwner.get(c.port);
      if (!first) {
        portOwner.set(c.port, { o, path: c.path });
        continue;
      }
      const detail = checkNodePort(NODE_PORT_RANGE, c.port, new Set([c.port]))!;
      const text = invalidError('Service', o.name, [invalid(c.field, c.port, detail)]).render();
      add('node-port-conflict', o, c.path, `${text} (${objectLabel(first.o)} at ${where(first.o, first.path)} requests it too)`, 'omit nodePort to let the cluster choose a free one');
    }
  }

  // --- workload selectors that select other pods
  for (const o of objects) {
    const sel = o.workloadSelector;
    if (!sel) continue;
    const ns = o.namespace ?? 'default';
    const ml = sel.matchLabels && typeof sel.matchLabels === 'object' ? sel.matchLabels : {};
    const keys = Object.keys(ml);
    if (keys.length === 0 && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0)) continue;
    const pool = keys.length > 0 ? (byPair.get(`${ns}\u0000${pairKey(keys[0], String(ml[keys[0]]))}`) ?? []) : (byNs.get(ns) ?? []).slice(0, NEAREST_SCAN_LIMIT);
    let others: ObjectSummary[];
    try {
      others = pool.filter((w) => w !== o && !(w.kind === o.kind && w.name === o.name && w.namespace === o.namespace) && labelSelectorMatches(sel, w.podLabels));
    } catch {
      continue; // a malformed selector is reported per object
    }
    // A workload defined twice (its own duplicate-object error) is named once.
    others = others.filter((w, i) => others.findIndex((x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace) === i);
    if (others.length === 0) continue;
    add(
      'selector-overlap',
      o,
      ['spec', 'selector'],
      `${objectLabel(o)} selects ${formatLabelSelector(sel)}, which also matches the pods of ${listNames(others)}`,
      'add a label that only this workload\'s template has (e.g. app.kubernetes.io/component) to its selector and template',
    );
  }
  return out;
}
