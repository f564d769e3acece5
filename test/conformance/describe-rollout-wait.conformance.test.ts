/**
 * Conformance: `describe`, `rollout history|status` and `wait` against the real kubectl v1.32
 * (`kubectl.1.32`). All three work in the client: pointed at a fake API server
 * (test/helpers/fake-apiserver.ts) that serves the objects of a kubesim cluster, kubectl must
 * print what kubesim prints, byte for byte: layout, alignment, field order, events, messages.
 *
 * Ages: kubectl measures them from the real clock, so the cluster is built half an hour in the
 * past and kubesim describes at the real now; ages then read in whole minutes (`30m`) for both.
 * kubesim keeps no Lease objects: its nodes' kubelets renew theirs at every command, so the
 * fake server holds, per node, the Lease that `describe node` shows (renewed at that now).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/api/resources.js';
import { ROOT, runProcess, sandbox, type RunResult } from '../helpers/cli.js';
import { startFakeApiServer, type FakeApiServer } from '../helpers/fake-apiserver.js';
import { findKubectl132 } from '../helpers/kubectl.js';

const KUBECTL = findKubectl132();
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const BUILT_AT = seconds(Date.now() - 30 * 60_000);

const MANIFESTS = [
  'seed/frontend-deploy.yaml',
  'seed/frontend-svc.yaml',
  'seed/client-pod.yaml',
  'seed/dnsutils-pod.yaml',
  'seed/frontend-nodeport.yaml',
  'seed/frontend-headless.yaml',
  'seed/frontend-lb.yaml',
  'seed/externalname.yaml',
  'seed/externalip.yaml',
  'seed/multiport.yaml',
  'core/bad-image-pod.yaml',
  'core/statefulset.yaml',
  'core/pull-fail-pod.yaml',
  'scheduling/huge-pod.yaml',
];

const CASES: string[][] = [
  ['describe', 'svc', 'frontend-svc'],
  ['describe', 'svc', 'frontend-np'],
  ['describe', 'svc', 'frontend-headless'],
  ['describe', 'pod', 'client-app'],
  ['describe', 'pod', 'bad-image'],
  ['describe', 'pod', 'pull-fail'],
  ['describe', 'pod', 'huge'],
  ['describe', 'deploy', 'frontend'],
  ['describe', 'ep', 'frontend-svc'],
  ['describe', 'ns', 'default'],
  ['describe', 'node', 'kubesim-m02'],
  // Every object of a kind, prefixes, selectors, other namespaces and kinds, errors.
  ['describe', 'pods'],
  ['describe', 'svc'],
  ['describe', 'rs'],
  ['describe', 'deploy'],
  ['describe', 'endpointslices'],
  ['describe', 'ep'],
  ['describe', 'nodes'],
  ['describe', 'ns'],
  ['describe', 'sts'],
  ['describe', 'pods', '-n', 'kube-system'],
  ['describe', 'ds', '-n', 'kube-system'],
  ['describe', 'deploy', '-n', 'kube-system'],
  ['describe', 'svc', '-n', 'kube-system'],
  ['describe', 'svc', 'frontend'],
  ['describe', 'pods', '-l', 'app=frontend'],
  ['describe', 'svc', 'nope'],
  ['describe', 'pod/client-app', 'svc/frontend-svc'],
  ['rollout', 'history', 'deployment/frontend'],
  ['rollout', 'history', 'deployment/frontend', '--revision=1'],
  ['rollout', 'status', 'deployment/frontend', '--watch=false'],
  ['rollout', 'status', 'sts/web', '--watch=false'],
  ['wait', '--for=condition=Ready', 'pod/client-app', '--timeout=5s'],
  ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/client-app', 'pod/dnsutils', '--timeout=5s'],
  ['wait', '--for=condition=Available', 'deployment/frontend', '--timeout=5s'],
];

/** The kubelet's heartbeat Lease of a node, last renewed at `now`. */
function nodeLease(node: string, now: string) {
  return {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name: node, namespace: 'kube-node-lease' },
    spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: now.replace('Z', '.000000Z') },
  };
}

describe.skipIf(!KUBECTL)('describe, rollout and wait vs kubectl v1.32 on the same objects', () => {
  const box = sandbox({ KUBESIM_NOW: BUILT_AT, KUBESIM_NO_HINTS: '1' });
  const results = new Map<string, { kubesim: RunResult; kubectl: RunResult }>();
  let server: FakeApiServer | undefined;

  beforeAll(async () => {
    const applied = await box.run(MANIFESTS.flatMap((m) => ['-f', join(ROOT, 'fixtures', m)]).reduce((a, x) => [...a, x], ['apply']));
    expect(applied.code, applied.stderr).toBe(0);
    const objects: { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } }[] = [];
    for (const r of RESOURCES) {
      const listed = await box.run(['get', r.resource, ...(r.namespaced ? ['-A'] : []), '-o', 'json']);
      objects.push(...JSON.parse(listed.stdout).items);
    }
    server = await startFakeApiServer(objects);
    const kubectlHome = join(box.home, 'kubectl-home');
    writeFileSync(join(box.home, 'kubeconfig'), `apiVersion: v1\nkind: Config\nclusters: [{name: fake, cluster: {server: "${server.url}"}}]\ncontexts: [{name: fake, context: {cluster: fake, user: fake}}]\ncurrent-context: fake\nusers: [{name: fake, user: {}}]\n`);
    const kubectlEnv = { PATH: process.env.PATH, HOME: kubectlHome, KUBECONFIG: join(box.home, 'kubeconfig') };
    const nodes = objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
    for (const args of CASES) {
      // Both at the real now (to the second), one right after the other.
      const now = seconds(Date.now());
      objects.splice(0, objects.length, ...objects.filter((o) => o.kind !== 'Lease'), ...nodes.map((n) => nodeLease(n, now)));
      const kubesim = await box.run(args, { env: { KUBESIM_NOW: now } });
      const kubectl = await runProcess(KUBECTL!, args, kubectlEnv);
      results.set(args.join(' '), { kubesim, kubectl });
    }
  }, 120_000);

  afterAll(() => {
    server?.close();
    box.cleanup();
  });

  for (const args of CASES) {
    it(`kubesim ${args.join(' ')}`, () => {
      const r = results.get(args.join(' '));
      expect(r, 'case did not run').toBeDefined();
      expect(r!.kubesim).toEqual(r!.kubectl);
    });
  }
});
