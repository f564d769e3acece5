/**
 * `kubesim cluster create|delete|list|use|info|set`: simulated clusters, one state file and one
 * context each (kubesim's own verbs; kubectl has no equivalent).
 */
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../runtime.js';
import { sessionOptions, stateLocation } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { checkClusterName, clusterStatePath, DEFAULT_CLUSTER } from '../../store/paths.js';
import { updatePreferences } from '../../store/preferences.js';
import { writeStateAtomic, readStateFile } from '../../store/state-file.js';
import { withStateLock } from '../../store/state-lock.js';
import { newClusterState } from '../../store/default-cluster.js';
import { mutateCluster, readCluster } from '../../apiserver/session.js';
import { renderTable } from '../../printers/tabwriter.js';

interface CreateOpts {
  nodes: number;
  seed?: string;
  loadBalancerPool?: string;
}

function checkPool(pool: string | undefined): void {
  if (pool === undefined || pool === '') return;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(pool);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) throw new KubesimError(`invalid --load-balancer-pool ${JSON.stringify(pool)}: must be an IPv4 CIDR such as 172.18.255.200/29`);
}

export async function runClusterCreate(rt: Runtime, args: string[], opts: CreateOpts): Promise<number> {
  const name = args[0] ?? DEFAULT_CLUSTER;
  checkClusterName(name);
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1 || opts.nodes > 250) throw new KubesimError('--nodes must be between 1 and 250');
  checkPool(opts.loadBalancerPool);
  const path = clusterStatePath(rt.home, name);
  const seed = opts.seed ?? rt.env.KUBESIM_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  await withStateLock(path, () => {
    if (existsSync(path)) throw new KubesimError(`cluster "${name}" already exists`, { hint: `delete it first with \`kubesim cluster delete ${name}\`, or pick another name` });
    writeStateAtomic(path, newClusterState({ name, nodes: opts.nodes, seed, loadBalancerPool: opts.loadBalancerPool || undefined }, rt.clock));
  });
  await updatePreferences(rt.home, (p) => {
    p.contexts[name] = { cluster: name, namespace: 'default' };
    p.currentContext = name;
  });
  rt.stdout.write(`cluster "${name}" created (${opts.nodes} node${opts.nodes === 1 ? '' : 's'}, seed ${seed})\n`);
  rt.stdout.write(`Switched to context "${name}".\n`);
  return 0;
}

export async function runClusterDelete(rt: Runtime, args: string[]): Promise<number> {
  const name = args[0] ?? rt.prefs.contexts[rt.prefs.currentContext]?.cluster ?? rt.prefs.currentContext;
  const path = clusterStatePath(rt.home, name);
  if (!existsSync(path)) throw new KubesimError(`cluster "${name}" not found`);
  await withStateLock(path, () => unlinkSync(path));
  await updatePreferences(rt.home, (p) => {
    for (const [ctx, c] of Object.entries(p.contexts)) if (c.cluster === name && ctx !== DEFAULT_CLUSTER) delete p.contexts[ctx];
    if (p.contexts[p.currentContext]?.cluster === name || !p.contexts[p.currentContext]) p.currentContext = DEFAULT_CLUSTER;
    p.contexts[DEFAULT_CLUSTER] ??= { cluster: DEFAULT_CLUSTER, namespace: 'default' };
  });
  rt.stdout.write(`cluster "${name}" deleted\n`);
  return 0;
}

function clusterNames(home: string): string[] {
  const dir = join(home, 'clusters');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export async function runClusterList(rt: Runtime): Promise<number> {
  const current = rt.prefs.contexts[rt.prefs.currentContext]?.cluster ?? rt.prefs.currentContext;
  const rows = [['CURRENT', 'NAME', 'NODES', 'SERVICE-CIDR', 'LB-POOL', 'SEED']];
  const names = new Set(clusterNames(rt.home));
  names.add(DEFAULT_CLUSTER);
  for (const name of [...names].sort()) {
    let state;
    try {
      state = readStateFile(clusterStatePath(rt.home, name));
    } catch {
      rows.push([name === current ? '*' : '', name, '<unreadable>', '', '', '']);
      continue;
    }
    const nodes = state ? Object.keys(state.objects.Node ?? {}).length : 3;
    rows.push([name === current ? '*' : '', name, String(nodes), state?.cluster.serviceCIDR ?? '10.96.0.0/12', state?.cluster.loadBalancerPool ?? '<none>', state?.cluster.seed ?? '<first use>']);
  }
  rt.stdout.write(renderTable(rows));
  return 0;
}

export async function runClusterUse(rt: Runtime, args: string[]): Promise<number> {
  const name = args[0];
  if (!name) throw new KubesimError('a cluster name is required');
  checkClusterName(name);
  if (name !== DEFAULT_CLUSTER && !existsSync(clusterStatePath(rt.home, name))) throw new KubesimError(`cluster "${name}" not found`, { hint: `create it with \`kubesim cluster create ${name}\`` });
  await updatePreferences(rt.home, (p) => {
    p.contexts[name] ??= { cluster: name, namespace: 'default' };
    p.currentContext = name;
  });
  rt.stdout.write(`Switched to context "${name}".\n`);
  return 0;
}

export async function runClusterInfo(rt: Runtime, args: string[]): Promise<number> {
  const loc = args[0] ? { path: clusterStatePath(rt.home, args[0]), clusterName: args[0], createIfMissing: args[0] === DEFAULT_CLUSTER } : stateLocation(rt);
  const cluster = await readCluster(loc, sessionOptions(rt));
  const s = cluster.spec;
  const nodes = cluster.list('Node');
  const lines = [
    `Cluster:            ${s.name}`,
    `Kubernetes version: ${s.kubernetesVersion}`,
    `State file:         ${loc.path}`,
    `Nodes:              ${nodes.map((n) => n.metadata.name).join(', ')}`,
    `Service CIDR:       ${s.serviceCIDR}`,
    `Pod CIDR:           ${s.podCIDR}`,
    `NodePort range:     ${s.nodePortRange}`,
    `Cluster domain:     ${s.clusterDomain}`,
    `Load balancers:     ${s.loadBalancerPool ? `simulated provider, pool ${s.loadBalancerPool}` : 'none (LoadBalancer Services stay <pending>)'}`,
    `Seed:               ${s.seed}`,
    `Created:            ${s.createdAt}`,
  ];
  rt.stdout.write(lines.join('\n') + '\n');
  return 0;
}

export async function runClusterSet(rt: Runtime, _args: string[], opts: { loadBalancerPool?: string }): Promise<number> {
  if (opts.loadBalancerPool === undefined) throw new KubesimError('nothing to set; use --load-balancer-pool CIDR');
  checkPool(opts.loadBalancerPool);
  const loc = stateLocation(rt);
  await mutateCluster(loc, sessionOptions(rt), (cluster) => {
    if (opts.loadBalancerPool) cluster.spec.loadBalancerPool = opts.loadBalancerPool;
    else delete cluster.spec.loadBalancerPool;
    cluster.dirty = cluster.changed = cluster.settingsChanged = true;
  });
  rt.stdout.write(`cluster "${loc.clusterName}" modified\n`);
  return 0;
}
