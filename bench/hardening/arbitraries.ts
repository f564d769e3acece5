/**
 * fast-check generators for hostile input: arbitrary YAML/JSON documents, mutated valid
 * manifests (wrong types, huge numbers, empty strings, unicode, deep nesting, `__proto__` /
 * `constructor` keys, anchors and aliases) and arbitrary argv for every kubesim command.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { CommandShape } from './harness.js';

// ---------------------------------------------------------------------------------------------
// Documents

const nastyStrings = [
  '', ' ', '-', '--', '0', '-1', '1e309', '9007199254740993', '99999999999999999999999', '0x7fffffff', '0777', '1_000', 'NaN', '.inf', '-.inf',
  'null', '~', 'yes', 'no', 'on', 'true', 'False', '2026-01-01', '2026-01-01T00:00:00Z', '12:30:45',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '../../etc/passwd', '/etc/passwd', 'a/b', '..', '.', 'C:\\x', 'file:///etc/passwd',
  '\u001b[31mred\u001b[0m', '\u001b]0;title\u0007', '\r', '\n', '\t', '\u0000', '\u0007', '\u009b31m', '\u202eevil', '\ufeff',
  'ünïcödé', '名前', '🚀', '\ud800', 'a'.repeat(64), 'a'.repeat(254), 'x'.repeat(5000),
  '${HOME}', '$(id)', '`id`', '{{.}}', '*', '&a', '!!binary', '%TAG', '@', '|', '>', '#', ': ', '- ', '? ', '[', ']', '{', '}', ',', '"', "'",
  'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'None', 'TCP', 'UDP', 'SCTP', 'http', 'app', 'web',
];

const nastyNumbers = [0, -0, 1, -1, 65535, 65536, 30000, 32767, 32768, 2147483647, 2147483648, -2147483649, 4294967296, Number.MAX_SAFE_INTEGER, 1e21, 1e308, 0.5, -0.000001];

const kinds = ['Service', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Namespace', 'Endpoints', 'EndpointSlice', 'Node', 'ConfigMap', 'List', 'ServiceList', 'Event', ''];
const apiVersions = ['v1', 'apps/v1', 'discovery.k8s.io/v1', 'v2', 'apps/v1/x', '', 'batch/v1'];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/) },
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...nastyNumbers) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'status', 'name', 'namespace', 'labels', 'annotations', 'ports', 'port', 'targetPort', 'nodePort', 'selector', 'type', 'clusterIP', 'replicas', 'template', 'containers', 'image', 'items', 'protocol', 'externalIPs', 'generateName', 'uid', 'resourceVersion') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', '<<', '0', 'a.b', 'a/b') },
  { weight: 1, arbitrary: nastyString },
);

/** Arbitrary JSON-like values, with bias towards Kubernetes field names. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A document shaped like an object (apiVersion/kind mostly present) with arbitrary content. */
export const objectish: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom(...apiVersions), scalar),
    kind: fc.oneof(fc.constantFrom(...kinds), scalar),
    metadata: fc.oneof(fc.record({ name: fc.oneof(nastyString, scalar), namespace: fc.oneof(fc.constantFrom('default', 'kube-system', 'nope'), nastyString), labels: fc.dictionary(nastyString, scalar, { maxKeys: 3 }) }, { requiredKeys: [] }), anyValue),
    spec: anyValue,
    items: fc.array(anyValue, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------
// Valid manifests, mutated

const validService = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: { app: name } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], type: 'ClusterIP' },
});
const validDeployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] }] } },
  },
});
const validPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] },
});
const validNamespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export const validManifest: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom(validService, validDeployment, validPod, validNamespace), fc.constantFrom('web', 'api', 'fz', 'kubernetes', 'box'))
  .map(([make, name]) => make(name) as Record<string, unknown>);

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const clone = structuredClone(root) as Record<string | number, unknown>;
  let cur = clone;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === '__proto__') Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  else cur[last] = value;
  return clone;
}

function deepNest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const mutationValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [null], { __proto__: null }, { constructor: { prototype: { polluted: true } } }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 300 }).map((d) => deepNest(d, 'deep')) },
);

/** A valid manifest with one to three of its values replaced, or a hostile key added. */
export const mutatedManifest: fc.Arbitrary<Record<string, unknown>> = validManifest.chain((m) => {
  const all = paths(m);
  const mutation = fc.oneof(
    fc.tuple(fc.constantFrom(...all), mutationValue).map(([p, v]) => (x: unknown) => setAt(x, p, v)),
    fc.tuple(fc.constantFrom(...all.filter((p) => p.length > 0)), fc.constantFrom('__proto__', 'constructor', 'prototype', ''), mutationValue).map(([p, k, v]) => (x: unknown) => {
      const parent = p.slice(0, -1);
      return setAt(x, [...parent, k], v);
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce<unknown>((acc, f) => {
    try {
      return f(acc);
    } catch {
      return acc; // the path vanished under an earlier mutation
    }
  }, m) as Record<string, unknown>);
});

// ---------------------------------------------------------------------------------------------
// Serialisation: YAML, JSON and hand-made YAML with anchors, aliases, tags and merge keys

function toYaml(v: unknown): string {
  try {
    return stringify(v, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    return JSON.stringify(v) ?? 'null';
  }
}

const yamlTricks: fc.Arbitrary<string> = fc.constantFrom(
  'apiVersion: v1\nkind: Service\nmetadata: &m\n  name: a\n  labels: &l {app: web}\nspec:\n  selector: *l\n  ports: [{port: 80}]\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  <<: {type: NodePort}\n  ports: [{port: 80, nodePort: 99999}]\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: &a {name: *a}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec: *nope\n',
  'apiVersion: !!binary djE=\nkind: Namespace\nmetadata: {name: bin}\n',
  'apiVersion: v1\nkind: !!int 3\n',
  '? [a, b]\n: c\n',
  '- a\n- b\n',
  '"just a string"\n',
  '--- |\n  text\n',
  '---\n---\n---\n',
  '--- x\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: l1}\n- 3\n- null\n',
  'apiVersion: v1\nkind: ServiceList\nitems: [{metadata: {name: sl}, spec: {ports: [{port: 80}]}}]\n',
  '%YAML 1.2\n---\na: 1\n',
  '%TAG ! tag:x,2000:\n---\n!foo a: 1\n',
  'a: &x [*x]\n',
  '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}{"kind": 1}',
  '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "__proto__"}}',
  '{"__proto__": {"kind": "Namespace"}, "apiVersion": "v1", "metadata": {"name": "p"}}',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tab\n\tlabels: {}\n',
  'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n',
  '\ufeffapiVersion: v1\nkind: Namespace\nmetadata:\n  name: bom\n',
  'a: b: c\n',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n',
  '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n',
);

/** Anchors and aliases around an arbitrary value: `&a`, then n references (bounded). */
const aliased: fc.Arbitrary<string> = fc.tuple(anyValue, fc.integer({ min: 1, max: 20 })).map(([v, n]) => {
  const body = JSON.stringify(v) ?? 'null';
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: al}\ndata:\n  base: &a ${body}\n${Array.from({ length: n }, (_, i) => `  k${i}: *a`).join('\n')}\n`;
});

/** A whole stdin: one to three documents in YAML or JSON, or a hand-made YAML oddity. */
export const manifestText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(mutatedManifest, objectish, validManifest), { minLength: 1, maxLength: 3 }).map((docs) => docs.map(toYaml).join('---\n')) },
  { weight: 1, arbitrary: fc.oneof(mutatedManifest, objectish).map((d) => JSON.stringify(d) ?? '') },
  { weight: 1, arbitrary: anyValue.map(toYaml) },
  { weight: 1, arbitrary: yamlTricks },
  { weight: 1, arbitrary: aliased },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
);

// ---------------------------------------------------------------------------------------------
// argv

const positionals = [
  'svc', 'service', 'services', 'pods', 'po', 'pod', 'deploy', 'deployment', 'rs', 'sts', 'ds', 'ns', 'namespace', 'nodes', 'no', 'ep', 'endpoints', 'endpointslices', 'events', 'all', 'cm', 'foo',
  'svc/web', 'service/kubernetes', 'deployment/web', 'deploy/box', 'pod/x', 'svc,ep', 'pods,svc', 'node/kubesim', 'kubesim', 'kubesim-m02', 'web', 'box', 'kubernetes', 'kube-dns', 'x', 'nope',
  'clusterip', 'nodeport', 'loadbalancer', 'externalname', 'bash', 'zsh', 'fish', 'status', 'history', 'restart', 'undo',
  'app=web', 'app-', 'tier=back', 'a=b=c', '80', '8080:80', ':80', '0:80', 'http', '-1', '1',
  'sh', '-c', 'echo hi', 'true', 'false', 'exit 3', 'curl -s web', 'wget -qO- web', 'nslookup web', 'env', 'cat /etc/hosts', 'ls /', 'ip addr',
  'http://web', 'http://10.96.0.1:443', 'web.default.svc.cluster.local', 'localhost:1',
];

const flagValues = [
  '', '0', '1', '-1', '2', '3', '100', '99999999999999999999', '1.5', 'abc', 'json', 'yaml', 'wide', 'name', 'text', 'junit', 'sarif', 'tap',
  'jsonpath={.items[*].metadata.name}', 'jsonpath={.metadata.name}', 'jsonpath={', 'jsonpath={range .items[*]}{.x}{end}', 'jsonpath-as-json={.spec}', 'custom-columns=NAME:.metadata.name', 'custom-columns=', 'custom-columns=A', 'go-template={{.}}',
  'app=web', 'app in (web,box)', 'app notin (x)', '!app', 'app', 'a=b,c', '=', ',,', 'metadata.name=web', 'spec.x=y', 'status.phase!=Running',
  '80', '80:8080', '1:1', '0', '65536', 'a:b', '1.2.3.4', '10.96.0.50', 'None', '::1', '127.0.0.1', 'localhost', '0.0.0.0',
  'client', 'server', 'none', 'true', 'false', 'strict', 'ignore', 'warn', 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'TCP', 'UDP',
  'nginx', 'busybox', 'nginx:1.27', '<bad image>', 'background', 'orphan', 'foreground', 'merge', 'json', 'strategic', '{"spec":{"type":"NodePort"}}', '{', '[]',
  'default', 'kube-system', 'nope', '192.168.100.0/28', '10.0.0.0/33', 'pod/web', 'node/kubesim', 'outside', 'condition=Available', 'delete', 'create', 'jsonpath={.status.phase}=Running',
  'fixtures/seed/frontend-svc.yaml', 'fixtures/seed', 'fixtures/errors/partial.yaml', '-', 'missing.yaml', '@HOME@/state.json',
];

/** Durations stay short: a fuzzer must not wait a week for a condition (`--timeout=-1`). */
const durations = ['0', '0s', '1ms', '20ms', 'abc', '', '5', '1e3', '-0s', '1h-1h'];

/** Flags not fuzzed: `--state` is given only as a path inside the case's home (see flagValues). */
const SKIP_FLAGS = new Set(['--state', '--internal-shard']);

function flagToken(shape: CommandShape): fc.Arbitrary<string[]> {
  const flags = shape.flags.filter((f) => !SKIP_FLAGS.has(f));
  if (flags.length === 0) return fc.constant([]);
  return fc.tuple(fc.constantFrom(...flags), fc.constantFrom('sep', 'eq', 'bare'), fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...flagValues) }, { weight: 1, arbitrary: nastyString })).map(([f, form, v]) => {
    const value = /timeout/.test(f) ? durations[v.length % durations.length] : v;
    if (!shape.valued.has(f) || form === 'bare') return [f];
    if (form === 'eq' && f.startsWith('--')) return [`${f}=${value}`];
    return [f, value];
  });
}

/** argv for one command: its path, then flags, positionals, `--` and free strings in any order. */
export function argvFor(shape: CommandShape, pods: string[]): fc.Arbitrary<string[]> {
  const positional = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...positionals, ...pods, ...pods.map((p) => `pod/${p}`)) },
    { weight: 1, arbitrary: nastyString },
  );
  const token = fc.oneof({ weight: 3, arbitrary: flagToken(shape) }, { weight: 3, arbitrary: positional.map((p) => [p]) }, { weight: 1, arbitrary: fc.constant(['--']) }, { weight: 1, arbitrary: fc.constantFrom(['--help'], ['-h'], ['--no-hints'], ['--bogus'], ['-Z'], ['--state=@HOME@/other.json']) });
  return fc.array(token, { maxLength: 7 }).map((ts) => {
    const args = ts.flat();
    // Waiting commands default to 30 s or more: start them with a short timeout (a fuzzed one may follow).
    const waits = shape.flags.includes('--timeout') ? ['--timeout=0s'] : shape.flags.includes('--pod-running-timeout') ? ['--pod-running-timeout=10ms'] : [];
    return [...shape.path, ...waits, ...args];
  });
}

/** Any command of the program with fuzzed argv; sometimes no known command at all. */
export function anyArgv(shapes: CommandShape[], pods: string[]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...shapes).chain((s) => argvFor(s, pods)) },
    { weight: 1, arbitrary: fc.array(fc.oneof(nastyString, fc.constantFrom(...positionals)), { maxLength: 5 }) },
  );
}

/** Replace the `@HOME@` placeholder with a case's home (so `--state` never points elsewhere). */
export function bindHome(argv: string[], home: string): string[] {
  return argv.map((a) => a.replaceAll('@HOME@', home));
}
