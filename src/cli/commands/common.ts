/**
 * Plumbing shared by the verbs: resource arguments (`svc a b`, `svc/a deploy/b`, `svc,ep`),
 * --dry-run values, namespaces, result lines held until the state is written.
 */
import { KubesimError } from '../../errors.js';
import { resolveResource, type ResourceInfo } from '../../api/resources.js';
import type { Runtime } from '../runtime.js';

export type DryRun = 'none' | 'client' | 'server';

/** `--dry-run` (bare = client, as kubectl's deprecated boolean form). */
export function parseDryRun(value: unknown): DryRun {
  if (value === undefined || value === 'none' || value === false || value === 'false') return 'none';
  if (value === true || value === 'client' || value === 'true') return 'client';
  if (value === 'server') return 'server';
  throw new KubesimError(`Invalid dry-run value (${String(value)}). Must be "none", "server", or "client".`);
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

export function unknownResourceType(typed: string): KubesimError {
  return new KubesimError(`the server doesn't have a resource type "${typed}"`);
}

export function requireResource(typed: string): ResourceInfo {
  const r = resolveResource(typed);
  if (!r) throw unknownResourceType(typed);
  return r;
}

/** One requested object or list, in the order the user asked. */
export interface ResourceRequest {
  resource: ResourceInfo;
  /** undefined = all objects of the type (a list request). */
  name?: string;
}

/** `all` expands to the "all" category, core kinds first (as kubectl get all). */
export const ALL_CATEGORY = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'];

export interface ParsedResourceArgs {
  requests: ResourceRequest[];
  /** Number of resource types named (for kubectl's kind-prefix rule). */
  typeCount: number;
  /** True when names were given (single object printing rules). */
  named: boolean;
}

/**
 * kubectl's ResourceTypeOrNameArgs: either `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`.
 * `allowAll` expands the `all` category.
 */
export function parseResourceArgs(args: string[], opts: { allowAll?: boolean } = {}): ParsedResourceArgs {
  if (args.length === 0) return { requests: [], typeCount: 0, named: false };
  if (args.some((a) => a.includes('/'))) {
    const requests: ResourceRequest[] = [];
    const types = new Set<string>();
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new KubesimError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim get resource/<resource_name>' instead of 'kubesim get resource resource/<resource_name>'`);
      }
      const typed = a.slice(0, slash);
      const name = a.slice(slash + 1);
      if (!name) throw new KubesimError(`arguments in resource/name form must have a single resource and name`);
      const r = requireResource(typed);
      types.add(r.kind);
      requests.push({ resource: r, name });
    }
    return { requests, typeCount: types.size, named: true };
  }
  const typeList = args[0].split(',').filter((t) => t !== '');
  const resources: ResourceInfo[] = [];
  for (const t of typeList) {
    if (t.toLowerCase() === 'all' && opts.allowAll) {
      for (const name of ALL_CATEGORY) resources.push(requireResource(name));
    } else resources.push(requireResource(t));
  }
  const names = args.slice(1);
  const requests: ResourceRequest[] = [];
  if (names.length === 0) for (const r of resources) requests.push({ resource: r });
  else for (const r of resources) for (const n of names) requests.push({ resource: r, name: n });
  const isAll = typeList.some((t) => t.toLowerCase() === 'all');
  return { requests, typeCount: isAll ? Math.max(2, resources.length) : new Set(resources.map((r) => r.kind)).size, named: names.length > 0 };
}

/**
 * A runtime whose stdout is held back until flush(): a writing verb prints its result lines
 * (`service/x created`, `deployment.apps "y" deleted`, …) through it inside the mutation and
 * flushes once mutateCluster has written the new state. A failed write (disk full, read-only)
 * throws past the flush, so no success line precedes its error. stderr (warnings) is not held.
 */
export function holdStdout(rt: Runtime): { rt: Runtime; flush(): void } {
  const held: string[] = [];
  return {
    rt: { ...rt, stdout: { write: (t) => void held.push(t), isTTY: rt.stdout.isTTY } },
    flush: () => {
      for (const t of held.splice(0)) rt.stdout.write(t);
    },
  };
}
