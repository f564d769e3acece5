/**
 * Conformance: `get -o json|yaml|name|jsonpath` against the real kubectl v1.32 (`kubectl.1.32`).
 * kubectl prints what an API server returns, so kubectl is pointed at a tiny in-process server
 * that serves the objects kubesim holds: each as kubesim's own `get -o json` shows it, and lists
 * as a real server sends them (`ServiceList`, items without kind). Both must then print the same
 * objects byte for byte: key order, indentation, escaping, the List around several objects.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runProcess, sandbox, type RunResult } from '../helpers/cli.js';
import { findKubectl132 } from '../helpers/kubectl.js';
import { startFakeApiServer, type FakeApiServer } from '../helpers/fake-apiserver.js';
import { RESOURCES } from '../../src/api/resources.js';

const KUBECTL = findKubectl132();

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
  // Every other kind, cluster-scoped ones and other namespaces included.
  ['get', 'nodes', '-o', 'yaml'],
  ['get', 'ns', 'default', '-o', 'json'],
  ['get', 'rs', '-o', 'yaml'],
  ['get', 'endpointslices', '-o', 'json'],
  ['get', 'ds,deploy', '-n', 'kube-system', '-o', 'yaml'],
  ['get', 'pods', '-A', '-o', 'name'],
  ['get', 'events', '-o', 'json'],
  ['get', 'svc', '-A', '-l', 'k8s-app=kube-dns', '-o', 'jsonpath={.items[0].spec.ports}'],
  // Discovery, printed by the client: what kubesim serves.
  ['api-resources'],
  ['api-resources', '-o', 'wide'],
  ['api-resources', '-o', 'name'],
  ['api-resources', '--namespaced=false', '--no-headers'],
  ['api-resources', '--api-group=apps', '--sort-by=kind'],
  ['api-resources', '--verbs=deletecollection', '--sort-by=name'],
  ['api-resources', '--sort-by=age'],
  ['api-resources', '-o', 'json'],
];

describe.skipIf(!KUBECTL)('get -o json|yaml|name|jsonpath vs kubectl v1.32 on the same objects', () => {
  const box = sandbox({ KUBESIM_NO_HINTS: '1' });
  const results = new Map<string, { kubesim: RunResult; kubectl: RunResult }>();
  let server: FakeApiServer | undefined;

  beforeAll(async () => {
    writeFileSync(join(box.home, 'special.yaml'), SPECIAL);
    const seed = join(ROOT, 'fixtures/seed');
    const applied = await box.run(['apply', '-f', join(seed, 'frontend-deploy.yaml'), '-f', join(seed, 'frontend-svc.yaml'), '-f', join(seed, 'client-pod.yaml'), '-f', join(box.home, 'special.yaml')]);
    expect(applied.code, applied.stderr).toBe(0);
    const objects = [];
    for (const r of RESOURCES) objects.push(...JSON.parse((await box.run(['get', r.resource, ...(r.namespaced ? ['-A'] : []), '-o', 'json'])).stdout).items);
    server = await startFakeApiServer(objects);
    const url = server.url;
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
      if (!args.includes(BAD_SELECTOR) && args[0] !== 'api-resources') expect(r!.kubectl.stderr).toBe('');
      expect(r!.kubesim).toEqual(r!.kubectl);
    });
  }
});
