/**
 * The `kubectl config` verbs users script with, over kubesim's contexts (one per cluster).
 */
import { activeContext, type Runtime } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { updatePreferences } from '../../store/preferences.js';
import { checkClusterName } from '../../store/paths.js';
import { renderTable } from '../../printers/tabwriter.js';
import { toYaml } from '../../printers/yaml.js';
import { typedJson, type StructOrder } from '../../printers/go-json.js';

export async function runCurrentContext(rt: Runtime): Promise<number> {
  rt.stdout.write(`${rt.prefs.currentContext}\n`);
  return 0;
}

export async function runGetContexts(rt: Runtime, args: string[], opts: { headers?: boolean; output?: string }): Promise<number> {
  const names = Object.keys(rt.prefs.contexts).sort();
  const wanted = args[0];
  if (wanted && !rt.prefs.contexts[wanted]) throw new KubesimError(`context ${wanted} not found`);
  const shown = wanted ? [wanted] : names;
  if (opts.output === 'name') {
    for (const n of shown) rt.stdout.write(`${n}\n`);
    return 0;
  }
  if (opts.output) throw new KubesimError(`output must be one of '' or 'name': ${opts.output}`);
  const rows = opts.headers === false ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
  for (const n of shown) {
    const c = rt.prefs.contexts[n];
    rows.push([n === rt.prefs.currentContext ? '*' : '', n, c.cluster, c.cluster, c.namespace ?? '']);
  }
  rt.stdout.write(renderTable(rows));
  return 0;
}

export async function runUseContext(rt: Runtime, args: string[]): Promise<number> {
  const name = args[0];
  if (!name) throw new KubesimError(`Unexpected args: []\nSee 'kubesim config use-context -h' for help and examples`);
  if (!rt.prefs.contexts[name]) throw new KubesimError(`no context exists with the name: "${name}"`);
  await updatePreferences(rt.home, (p) => {
    p.currentContext = name;
  });
  rt.stdout.write(`Switched to context "${name}".\n`);
  return 0;
}

export async function runSetContext(rt: Runtime, args: string[], opts: { current?: boolean; namespace?: string; cluster?: string }): Promise<number> {
  if (opts.current && args.length > 0) throw new KubesimError('you cannot specify both a context name and --current');
  const name = opts.current ? rt.prefs.currentContext : args[0];
  if (!name) throw new KubesimError(`Unexpected args: []\nSee 'kubesim config set-context -h' for help and examples`);
  const exists = Boolean(rt.prefs.contexts[name]);
  if (opts.cluster) checkClusterName(opts.cluster);
  await updatePreferences(rt.home, (p) => {
    const c = (p.contexts[name] ??= { cluster: opts.cluster ?? name });
    if (opts.cluster) c.cluster = opts.cluster;
    if (opts.namespace !== undefined) c.namespace = opts.namespace;
  });
  rt.stdout.write(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
  return 0;
}

/** clientcmd's v1.Config structs: `-o json` follows them (YAML sorts every key). */
const CONFIG_STRUCTS: StructOrder = {
  '': ['kind', 'apiVersion', 'preferences', 'clusters', 'users', 'contexts', 'current-context', 'extensions'],
  'clusters[]': ['name', 'cluster'],
  'clusters[].cluster': ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'],
  'clusters[].cluster.extensions[]': ['name', 'extension'],
  'users[]': ['name', 'user'],
  'contexts[]': ['name', 'context'],
  'contexts[].context': ['cluster', 'user', 'namespace', 'extensions'],
};

export async function runConfigView(rt: Runtime, _args: string[], opts: { output?: string; minify?: boolean }): Promise<number> {
  // Only --minify heeds --context (kubectl's plain view, get-contexts and current-context do not).
  const current = opts.minify ? activeContext(rt) : rt.prefs.currentContext;
  const names = Object.keys(rt.prefs.contexts)
    .sort()
    .filter((n) => !opts.minify || n === current);
  const clusters = [...new Set(names.map((n) => rt.prefs.contexts[n].cluster))].sort();
  const view = {
    apiVersion: 'v1',
    // The simulated apiserver's endpoint, as minikube writes it; the state file goes in an extension.
    clusters: clusters.map((c) => ({
      cluster: { extensions: [{ extension: { provider: 'kubesim', state: `clusters/${c}.json` }, name: 'cluster_info' }], server: 'https://192.168.49.2:8443' },
      name: c,
    })),
    contexts: names.map((n) => {
      const c = rt.prefs.contexts[n];
      const context: Record<string, string> = { cluster: c.cluster, user: c.cluster };
      if (c.namespace) context.namespace = c.namespace;
      return { context, name: n };
    }),
    'current-context': current,
    kind: 'Config',
    preferences: {},
    users: clusters.map((c) => ({ name: c, user: {} })),
  };
  if (opts.output === 'json') rt.stdout.write(typedJson(view, CONFIG_STRUCTS));
  else if (!opts.output || opts.output === 'yaml') rt.stdout.write(toYaml(view));
  else throw new KubesimError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,yaml`);
  return 0;
}
