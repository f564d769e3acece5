/**
 * `kubesim api-resources`: the resources kubesim's API server serves, as `kubectl api-resources`
 * lists them from discovery (kubectl-more.md §7.4): NAME SHORTNAMES APIVERSION NAMESPACED KIND,
 * `-o wide` adding VERBS and CATEGORIES, ordered by API group (core first) then name. Only what
 * kubesim serves is listed: `get configmaps` would fail here, so ConfigMaps are not offered.
 */
import type { Runtime } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../../api/resources.js';
import { renderTable } from '../../printers/tabwriter.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The verbs a v1.32 apiserver advertises for a resource (Namespaces have no deletecollection). */
export function discoveryVerbs(r: ResourceInfo): string[] {
  return r.resource === 'namespaces' ? ALL_VERBS.filter((v) => v !== 'deletecollection') : ALL_VERBS;
}

/** Discovery categories: `all` is what `kubectl get all` lists. */
export function discoveryCategories(r: ResourceInfo): string[] {
  return ['pods', 'services', 'deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(r.resource) ? ['all'] : [];
}

interface ApiResourcesOptions {
  output?: string;
  namespaced?: boolean;
  apiGroup?: string;
  verbs?: string[];
  sortBy?: string;
  headers?: boolean;
}

export async function runApiResources(rt: Runtime, _args: string[], opts: ApiResourcesOptions): Promise<number> {
  if (opts.output !== undefined && opts.output !== 'wide' && opts.output !== 'name') {
    throw new KubesimError(`--output ${opts.output} is not available`);
  }
  if (opts.sortBy !== undefined && opts.sortBy !== 'name' && opts.sortBy !== 'kind') throw new KubesimError('--sort-by accepts only name or kind');
  const wanted = (opts.verbs ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  const rows = RESOURCES.filter((r) => opts.namespaced === undefined || r.namespaced === opts.namespaced)
    .filter((r) => opts.apiGroup === undefined || r.group === opts.apiGroup)
    .filter((r) => wanted.every((v) => discoveryVerbs(r).includes(v)))
    .sort(order(opts.sortBy));
  if (opts.output === 'name') {
    rt.stdout.write(rows.map((r) => `${r.group ? `${r.resource}.${r.group}` : r.resource}\n`).join(''));
    return 0;
  }
  const wide = opts.output === 'wide';
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const cells = rows.map((r) => [
    r.resource,
    r.shortNames.join(','),
    apiVersionOf(r),
    String(r.namespaced),
    r.kind,
    ...(wide ? [discoveryVerbs(r).join(','), discoveryCategories(r).join(',')] : []),
  ]);
  rt.stdout.write(renderTable(opts.headers === false ? cells : [header, ...cells]));
  return 0;
}

/** kubectl's order: API group (core first), then resource name; or by name or kind alone. */
function order(sortBy: string | undefined): (a: ResourceInfo, b: ResourceInfo) => number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  if (sortBy === 'name') return (a, b) => cmp(a.resource, b.resource);
  if (sortBy === 'kind') return (a, b) => cmp(a.kind, b.kind);
  return (a, b) => cmp(a.group, b.group) || cmp(a.resource, b.resource);
}
