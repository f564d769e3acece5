/**
 * Conformance: `kubesim create service …` and `kubesim expose -f …` against the real kubectl
 * v1.32 (the official `kubectl.1.32` build beside the `kubectl` on the PATH). Both run as child
 * processes; stdout, stderr and the exit code must match byte for byte. The only normalization:
 * kubectl names itself in `See 'kubectl … --help'`, kubesim says `kubesim` there.
 *
 * Everything runs client-side: `create service` with --dry-run=client (or failing before any
 * request); `expose -f FILE --dry-run=client` needs API discovery to map the file's kind, so
 * kubectl is pointed at a tiny in-process discovery server (no objects are ever fetched).
 *
 * KUBESIM_BIN overrides the kubesim executable (default: bin/kubesim, after `npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKubectl132 } from '../helpers/kubectl.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const KUBESIM = process.env.KUBESIM_BIN ?? join(ROOT, 'bin/kubesim');
const FIXTURES = join(ROOT, 'fixtures/expose');

const KUBECTL = findKubectl132();

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end();
  });
}

interface Case {
  title: string;
  args: string[];
  /** Needs the discovery server on the kubectl side (expose -f). */
  discovery?: boolean;
}

const cs = (title: string, ...args: string[]): Case => ({ title, args: ['create', 'service', ...args] });
const ex = (title: string, ...args: string[]): Case => ({ title, args: ['expose', ...args], discovery: true });
const DRY = '--dry-run=client';

const CASES: Case[] = [
  // --- successful generators (all --dry-run=client) ---
  cs('clusterip port:target yaml', 'clusterip', 'frontend-svc', '--tcp=80:5000', DRY, '-o', 'yaml'),
  cs('clusterip bare port', 'clusterip', 'web', '--tcp=80', DRY, '-o', 'yaml'),
  cs('clusterip named target', 'clusterip', 'web', '--tcp=80:http', DRY, '-o', 'yaml'),
  cs('clusterip three fields', 'clusterip', 'web', '--tcp=80:5000:1', DRY, '-o', 'yaml'),
  cs('clusterip comma-joined --tcp', 'clusterip', 'web', '--tcp=80,443:8443', DRY, '-o', 'yaml'),
  cs('clusterip repeated --tcp', 'clusterip', 'web', '--tcp=80', '--tcp', '443:https', DRY, '-o', 'yaml'),
  cs('clusterip CSV-quoted --tcp', 'clusterip', 'web', '--tcp="80:5000",81', DRY, '-o', 'yaml'),
  cs('headless without ports', 'clusterip', 'headless', '--clusterip=None', DRY, '-o', 'yaml'),
  cs('headless with a port', 'clusterip', 'headless', '--clusterip=None', '--tcp=80', DRY, '-o', 'yaml'),
  cs('fixed clusterip json', 'clusterip', 'fixed', '--clusterip=10.96.0.50', '--tcp=80', DRY, '-o', 'json'),
  cs('nodeport with node port', 'nodeport', 'web', '--tcp=80:8080', '--node-port=30080', DRY, '-o', 'yaml'),
  cs('nodeport node port on every port json', 'nodeport', 'web', '--tcp=80:8080,443', '--node-port=30080', DRY, '-o', 'json'),
  cs('nodeport without node port', 'nodeport', 'web', '--tcp=80', DRY, '-o', 'yaml'),
  cs('loadbalancer yaml', 'loadbalancer', 'lb', '--tcp=80:8080', DRY, '-o', 'yaml'),
  cs('loadbalancer json', 'loadbalancer', 'lb', '--tcp=80', DRY, '-o', 'json'),
  cs('externalname', 'externalname', 'ext', '--external-name=db.example.com', DRY, '-o', 'yaml'),
  cs('externalname with ports', 'externalname', 'ext', '--external-name=db.example.com', '--tcp=5432', DRY, '-o', 'yaml'),
  { title: 'svc alias, -o name', args: ['create', 'svc', 'clusterip', 'web', '--tcp=80', DRY, '-o', 'name'] },
  cs('default output clusterip', 'clusterip', 'web', '--tcp=80', DRY),
  cs('default output externalname', 'externalname', 'ext', '--external-name=a.b', DRY),
  cs('no client-side name validation', 'clusterip', 'Bad_Name', '--tcp=80', DRY, '-o', 'yaml'),
  cs('port 0 accepted client-side', 'clusterip', 'web', '--tcp=0:80', DRY, '-o', 'yaml'),
  cs('leading zero and signed target', 'clusterip', 'web', '--tcp=080:+80', DRY, '-o', 'json'),
  cs('namespace from -n', 'clusterip', 'web', '--tcp=80', '-n', 'foo', DRY, '-o', 'yaml'),
  cs('--save-config under client dry run', 'clusterip', 'web', '--tcp=80', '--save-config', DRY, '-o', 'yaml'),
  cs('jsonpath', 'clusterip', 'web', '--tcp=80:9a', DRY, '-o', 'jsonpath={.spec.ports[0].targetPort}'),
  cs('externalname json', 'externalname', 'ext', '--external-name=x.example', '--tcp=1', DRY, '-o', 'json'),
  // --- client-side errors ---
  cs('no --tcp', 'clusterip', 'web', DRY),
  cs('empty --tcp', 'clusterip', 'web', '--tcp=', DRY),
  cs('externalname without flag', 'externalname', 'ext', DRY),
  cs('invalid external name', 'externalname', 'ext', '--external-name=Bad_Name', DRY),
  cs('--clusterip on nodeport', 'nodeport', 'web', '--tcp=80', '--clusterip=None'),
  cs('port not a number', 'clusterip', 'web', '--tcp=abc', DRY),
  cs('empty port', 'clusterip', 'web', '--tcp=:80', DRY),
  cs('port out of range', 'clusterip', 'web', '--tcp=70000', DRY),
  cs('signed port', 'clusterip', 'web', '--tcp=+80', DRY),
  cs('trailing comma', 'clusterip', 'web', '--tcp=80,', DRY),
  cs('target out of range', 'clusterip', 'web', '--tcp=80:70000', DRY),
  cs('target zero', 'clusterip', 'web', '--tcp=80:0', DRY),
  cs('target negative', 'clusterip', 'web', '--tcp=80:-1', DRY),
  cs('target name underscore', 'clusterip', 'web', '--tcp=80:abc_d', DRY),
  cs('target name upper case', 'clusterip', 'web', '--tcp=80:ABC_', DRY),
  cs('empty target', 'clusterip', 'web', '--tcp=80:', DRY),
  cs('target consecutive hyphens', 'clusterip', 'web', '--tcp=80:a--b', DRY),
  cs('target leading hyphen', 'clusterip', 'web', '--tcp=80:-ab', DRY),
  cs('target too long', 'clusterip', 'web', '--tcp=80:verylongportname1', DRY),
  cs('target huge number', 'clusterip', 'web', '--tcp=80:99999999999999999999', DRY),
  cs('bare quote in --tcp', 'clusterip', 'web', '--tcp=a"b', DRY),
  cs('unterminated quote in --tcp', 'clusterip', 'web', '--tcp="80', DRY),
  cs('missing NAME', 'clusterip', '--tcp=80', DRY),
  cs('two NAMEs', 'clusterip', 'a', 'b', '--tcp=80', DRY),
  cs('two NAMEs on nodeport', 'nodeport', 'a', 'b', '--tcp=80', DRY),
  cs('unknown flag', 'clusterip', 'web', '--tcp=80', '--foo'),
  cs('unknown shorthand', 'clusterip', 'web', '--tcp=80', '-x'),
  cs('--tcp without value', 'clusterip', 'web', '--tcp'),
  cs('--node-port not a number', 'nodeport', 'web', '--tcp=80', '--node-port=abc'),
  cs('unknown output format', 'clusterip', 'web', '--tcp=80', DRY, '-o', 'bogus'),
  cs('bad dry-run value', 'clusterip', 'web', '--tcp=80', '--dry-run=bogus'),
  cs('bad validate value', 'clusterip', 'web', '--tcp=80', DRY, '--validate=bogus'),
  // --- expose -f FILE (client dry run) ---
  ex('deployment: container port, labels copied', '-f', 'fixtures/expose/frontend-deployment.yaml', DRY, '-o', 'yaml'),
  ex('deployment --port without --target-port', '-f', 'fixtures/expose/frontend-deployment.yaml', '--port=80', DRY, '-o', 'yaml'),
  ex('deployment, every flag, json', '-f', 'fixtures/expose/frontend-deployment.yaml', '--port=80', '--target-port=http', '--name=fe', '--type=LoadBalancer', '--load-balancer-ip=1.2.3.4', '--external-ip=5.6.7.8', '--session-affinity=ClientIP', '--labels=x=y', '--selector=app=frontend,tier=web', DRY, '-o', 'json'),
  ex('deployment default output', '-f', 'fixtures/expose/frontend-deployment.yaml', DRY),
  // The other generators: typed objects, so -o json follows the Go structs.
  { title: 'create namespace json', args: ['create', 'namespace', 'team-a', DRY, '-o', 'json'] },
  { title: 'create namespace yaml', args: ['create', 'namespace', 'team-a', DRY, '-o', 'yaml'] },
  { title: 'create deployment json', args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', DRY, '-o', 'json'] },
  { title: 'create deployment two images json', args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--image=busybox', DRY, '-o', 'json'] },
  { title: 'create deployment yaml', args: ['create', 'deployment', 'web', '--image=nginx:1.27', DRY, '-o', 'yaml'] },
  ex('deployment -n', '-f', 'fixtures/expose/frontend-deployment.yaml', '-n', 'foo', DRY, '-o', 'yaml'),
  ex('pod: dedup and multi-protocol port names', '-f', 'fixtures/expose/web-pod.yaml', DRY, '-o', 'yaml'),
  ex('pod --protocol', '-f', 'fixtures/expose/web-pod.yaml', '--protocol=UDP', DRY, '-o', 'yaml'),
  ex('single-port pod -o name', '-f', 'fixtures/expose/single-pod.yaml', DRY, '-o', 'name'),
  ex('service: port-N names, targetPort = port', '-f', 'fixtures/expose/np-service.yaml', '--name=x', DRY, '-o', 'yaml'),
  ex('service headless', '-f', 'fixtures/expose/np-service.yaml', '--cluster-ip=None', '--port=8080,9090', DRY, '-o', 'yaml'),
  ex('non-integer --port', '-f', 'fixtures/expose/np-service.yaml', '--port=http', DRY),
  ex('unknown session affinity', '-f', 'fixtures/expose/np-service.yaml', '--session-affinity=Sticky', DRY),
  ex('bad --selector', '-f', 'fixtures/expose/np-service.yaml', '--selector=app', DRY),
  ex('matchExpressions selector', '-f', 'fixtures/expose/expressions-replicaset.yaml', DRY),
  ex('statefulset cannot be exposed', '-f', 'fixtures/expose/db-statefulset.yaml', DRY),
  ex('several files: derived values carry over', '-f', 'fixtures/expose/frontend-deployment.yaml', '-f', 'fixtures/expose/single-pod.yaml', DRY, '-o', 'yaml'),
];

/** kubectl names itself in `See 'kubectl … --help'`; kubesim names itself there. */
function normalizeKubectl(stderr: string): string {
  return stderr.replaceAll("See 'kubectl ", "See 'kubesim ");
}

/** A discovery-only API server, so kubectl can map the kinds of `-f` files. */
function discoveryServer(): Promise<Server> {
  const resource = (name: string, kind: string, namespaced: boolean) => ({ name, singularName: '', namespaced, kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
  const docs: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] },
    '/api/v1': {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [resource('pods', 'Pod', true), resource('services', 'Service', true), resource('namespaces', 'Namespace', false), resource('replicationcontrollers', 'ReplicationController', true)],
    },
    '/apis/apps/v1': {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apps/v1',
      resources: [resource('deployments', 'Deployment', true), resource('replicasets', 'ReplicaSet', true), resource('statefulsets', 'StatefulSet', true)],
    },
  };
  const server = createServer((req, res) => {
    const doc = docs[(req.url ?? '').split('?')[0]];
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

if (!KUBECTL) {
  console.warn('conformance: kubectl.1.32 not found beside `kubectl` on the PATH; the create service / expose conformance cases are SKIPPED');
}

describe.skipIf(!KUBECTL)('create service / expose vs kubectl v1.32', () => {
  const results = new Map<string, { kubesim: Result; kubectl: Result }>();
  let tmp = '';
  let server: Server | undefined;

  beforeAll(async () => {
    if (!process.env.KUBESIM_BIN && !existsSync(join(ROOT, 'dist/kubesim.js'))) throw new Error('kubesim is not built: run `npm run build` first');
    tmp = mkdtempSync(join(tmpdir(), 'kubesim-conformance-'));
    server = await discoveryServer();
    const apiserver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', TZ: 'UTC' };
    const kubesimEnv = { ...base, HOME: tmp, KUBESIM_HOME: join(tmp, 'kubesim'), KUBESIM_SEED: '1', KUBESIM_NOW: '2026-11-26T05:00:00Z', KUBESIM_NO_HINTS: '1' };
    // A private HOME: no kubeconfig (so nothing real is contacted) and a private discovery cache.
    const kubectlEnv = { ...base, HOME: join(tmp, 'kubectl-home') };
    const runCase = async (c: Case) => {
      const [kubesim, kubectl] = await Promise.all([
        run(KUBESIM, c.args, kubesimEnv),
        run(KUBECTL!, c.discovery ? [`--server=${apiserver}`, ...c.args] : c.args, kubectlEnv),
      ]);
      results.set(c.title, { kubesim, kubectl: { ...kubectl, stderr: normalizeKubectl(kubectl.stderr) } });
    };
    // The discovery cache is written on first use: warm it before running expose cases in parallel.
    const firstExpose = CASES.find((c) => c.discovery);
    if (firstExpose) await runCase(firstExpose);
    const rest = CASES.filter((c) => c !== firstExpose);
    for (let i = 0; i < rest.length; i += 4) await Promise.all(rest.slice(i, i + 4).map(runCase));
  }, 120_000);

  afterAll(() => {
    server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has at least 30 create service cases', () => {
    expect(CASES.filter((c) => c.args[0] === 'create').length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(`${c.title}: kubesim ${c.args.join(' ')}`, () => {
      const r = results.get(c.title);
      expect(r, 'case did not run').toBeDefined();
      expect({ stdout: r!.kubesim.stdout, stderr: r!.kubesim.stderr, code: r!.kubesim.code }).toEqual({ stdout: r!.kubectl.stdout, stderr: r!.kubectl.stderr, code: r!.kubectl.code });
    });
  }
});
