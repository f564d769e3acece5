/**
 * Conformance: `get -o json|yaml|name|jsonpath` against the real kubectl v1.32 (`kubectl.1.32`).
 * kubectl prints what an API server returns, so kubectl is pointed at a tiny in-process server
 * that serves the objects kubesim holds: each as kubesim's own `get -o json` shows it, and lists
 * as a real server sends them (`ServiceList`, items without kind). Both must then print the same
 * objects byte for byte: key order, indentation, escaping, the List around several objects.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runProcess, sandbox, type RunResult } from '../helpers/cli.js';
import { findKubectl132 } from '../helpers/kubectl.js';

const KUBECTL = findKubectl132();

/** Kinds the fake server knows: discovery group/version, plural and short names. */
const KINDS = [
  { kind: 'Service', plural: 'services', short: ['svc'], group: '' },
  { kind: 'Pod', plural: 'pods', short: ['po'], group: '' },
  { kind: 'Endpoints', plural: 'endpoints', short: ['ep'], group: '' },
  { kind: 'Deployment', plural: 'deployments', short: ['deploy'], group: 'apps' },
];

const SPECIAL = `apiVersion: v1
kind: Service
metadata:
  name: special
  annotations:
    note: "a <b> & c"
    text: "h\\u00e9llo \\u2028 line"
    sep: "a\\u2028b"
    end: "z\\u2029"
    tab: "tab\\there"
    emoji: "emoji \\U0001F600 x"
    nbsp: "nb\\u00a0sp"
    space-break: "sp \\nx"
    break-space: "x\\n y"
    trailing: "lead\\n"
    two: "x\\n\\u2028y"
spec:
  selector: {app: frontend}
  ports: [{port: 80, targetPort: 5000}]
`;

const BAD_SELECTOR = 'app in (a';
const BAD_SELECTOR_ERROR = "unable to parse requirement: found '', expected: ',', ')' or identifier";

const CASES: string[][] = [
  ['get', 'svc', '-l', BAD_SELECTOR],
  ['get', 'svc,deploy', '-l', BAD_SELECTOR, '-o', 'name'],
  ['get', 'svc', 'frontend-svc', '-o', 'json'],
  ['get', 'svc', 'frontend-svc', '-o', 'yaml'],
  ['get', 'svc', 'special', '-o', 'json'],
  ['get', 'svc', 'special', '-o', 'yaml'],
  ['get', 'svc', '-o', 'json'],
  ['get', 'pods', '-o', 'yaml'],
  ['get', 'pods', '-o', 'json'],
  ['get', 'deploy', 'frontend', '-o', 'json'],
  ['get', 'ep', 'frontend-svc', '-o', 'json'],
  ['get', 'svc,deploy', '-o', 'name'],
  ['get', 'svc', 'frontend-svc', 'special', '-o', 'json'],
  ['get', 'svc', 'frontend-svc', '-o', 'jsonpath={.spec.ports[0].targetPort} {.metadata.labels}'],
  ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
  // Printed by the client from the objects too: custom columns and sorting.
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName,PORTS:.spec.containers[*].ports[*].containerPort'],
  ['get', 'svc', '-o', 'custom-columns=NAME:.metadata.name,TYPE:.spec.type,MISSING:.spec.nothing', '--no-headers'],
  ['get', 'pods', '--sort-by=.status.podIP', '-o', 'name'],
  ['get', 'svc', '--sort-by=.metadata.name', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'],
  ['get', 'pods', '--sort-by=.metadata.creationTimestamp', '-o', 'custom-columns=NAME:.metadata.name'],
];

/** A server that answers discovery and GETs of the objects, as a v1.32 apiserver would. */
function apiServer(objects: Map<string, Record<string, unknown>[]>): Promise<Server> {
  const resource = (k: (typeof KINDS)[number]) => ({ name: k.plural, singularName: '', namespaced: true, kind: k.kind, verbs: ['get', 'list'], shortNames: k.short });
  const docs: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: KINDS.filter((k) => !k.group).map(resource) },
    '/apis/apps/v1': { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1', resources: KINDS.filter((k) => k.group).map(resource) },
  };
  for (const k of KINDS) {
    const base = `${k.group ? `/apis/${k.group}/v1` : '/api/v1'}/namespaces/default/${k.plural}`;
    const items = objects.get(k.kind) ?? [];
    // A list carries its items without kind and apiVersion; the client fills them in.
    docs[base] = { kind: `${k.kind}List`, apiVersion: k.group ? `${k.group}/v1` : 'v1', metadata: { resourceVersion: '100' }, items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest) };
    for (const o of items) docs[`${base}/${(o.metadata as { name: string }).name}`] = o;
  }
  const server = createServer((req, res) => {
    // A list with a malformed -l: the apiserver's 400 carries the selector parser's error.
    const selector = new URL(req.url ?? '/', 'http://x').searchParams.get('labelSelector');
    if (selector === BAD_SELECTOR) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: BAD_SELECTOR_ERROR, reason: 'BadRequest', code: 400 }));
      return;
    }
    const doc = docs[(req.url ?? '').split('?')[0]];
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

describe.skipIf(!KUBECTL)('get -o json|yaml|name|jsonpath vs kubectl v1.32 on the same objects', () => {
  const box = sandbox({ KUBESIM_NO_HINTS: '1' });
  const results = new Map<string, { kubesim: RunResult; kubectl: RunResult }>();
  let server: Server | undefined;

  beforeAll(async () => {
    writeFileSync(join(box.home, 'special.yaml'), SPECIAL);
    const seed = join(ROOT, 'fixtures/seed');
    const applied = await box.run(['apply', '-f', join(seed, 'frontend-deploy.yaml'), '-f', join(seed, 'frontend-svc.yaml'), '-f', join(seed, 'client-pod.yaml'), '-f', join(box.home, 'special.yaml')]);
    expect(applied.code, applied.stderr).toBe(0);
    const objects = new Map<string, Record<string, unknown>[]>();
    for (const k of KINDS) objects.set(k.kind, JSON.parse((await box.run(['get', k.plural, '-o', 'json'])).stdout).items);
    server = await apiServer(objects);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const kubectlHome = join(box.home, 'kubectl-home');
    mkdirSync(kubectlHome);
    const kubectlEnv = { PATH: process.env.PATH, HOME: kubectlHome };
    for (const args of CASES) {
      const [kubesim, kubectl] = await Promise.all([box.run(args), runProcess(KUBECTL!, [`--server=${url}`, ...args], kubectlEnv)]);
      results.set(args.join(' '), { kubesim, kubectl });
    }
  }, 120_000);

  afterAll(() => {
    server?.close();
    box.cleanup();
  });

  it('config view -o json follows clientcmd\'s structs (on the kubeconfig kubesim shows)', async () => {
    const kubeconfig = join(box.home, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, (await box.run(['config', 'view'])).stdout);
    const kubectl = await runProcess(KUBECTL!, ['config', 'view', '-o', 'json'], { PATH: process.env.PATH, HOME: box.home, KUBECONFIG: kubeconfig });
    expect(await box.run(['config', 'view', '-o', 'json'])).toEqual(kubectl);
  });

  for (const args of CASES) {
    it(`kubesim ${args.join(' ')}`, () => {
      const r = results.get(args.join(' '));
      expect(r, 'case did not run').toBeDefined();
      if (!args.includes(BAD_SELECTOR)) expect(r!.kubectl.stderr).toBe('');
      expect(r!.kubesim).toEqual(r!.kubectl);
    });
  }
});
