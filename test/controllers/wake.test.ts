/**
 * Controllers woken by their inputs, and by the clock. Each step runs the built CLI with
 * KUBESIM_VERIFY_RECONCILE=1 (the sandbox's default): after a change, running every controller
 * must find nothing left, so a controller that should have woken and did not fails the command.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox } from '../helpers/cli.js';

const T0 = Date.parse('2026-11-26T05:00:00Z');
const at = (seconds: number) => ({ KUBESIM_NOW: new Date(T0 + seconds * 1000).toISOString().replace('.000Z', 'Z') });

const deployment = (minReady: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
spec:
  replicas: 2
  minReadySeconds: ${minReady}
  selector:
    matchLabels:
      app: slow
  template:
    metadata:
      labels:
        app: slow
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - port: 80
`;

describe('controllers woken by the clock', () => {
  const sb = sandbox();
  afterAll(() => sb.cleanup());
  const state = () => JSON.parse(readFileSync(join(sb.home, 'clusters', 'kubesim.json'), 'utf8'));

  it('makes pods available after minReadySeconds at the next change, whatever it touches', async () => {
    expect((await sb.run(['apply', '-f', '-'], { stdin: deployment(30), env: at(0) })).code).toBe(0);
    const avail = async (t: number) => (await sb.run(['get', 'deploy', 'slow', '-o', 'jsonpath={.status.availableReplicas}'], { env: at(t) })).stdout;
    expect(await avail(1)).toBe('');
    // The ReplicaSet and Deployment controllers said when to look again.
    expect(Object.keys(state().wakeAt)).toEqual(expect.arrayContaining(['replicaset', 'deployment']));
    // Before the deadline, an unrelated Service changes nothing about them.
    expect((await sb.run(['apply', '-f', '-'], { stdin: service('early'), env: at(10) })).code).toBe(0);
    expect(await avail(11)).toBe('');
    // After it, the next change (a Service again) wakes them.
    const r = await sb.run(['apply', '-f', '-'], { stdin: service('late'), env: at(31) });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(await avail(32)).toBe('2');
    expect(state().wakeAt.replicaset).toBeUndefined();
  });

  it('counts an unpullable image\'s retries and expires old events at later changes', async () => {
    const bad = deployment(0).replace('name: slow', 'name: placeholder').replace(/app: slow/g, 'app: placeholder').replace('nginx:1.27', '<frontend-application-image>');
    expect((await sb.run(['apply', '-f', '-'], { stdin: bad, env: at(100) })).code).toBe(0);
    expect(state().wakeAt.kubelet).toBeDefined();
    const failed = async (t: number) => (await sb.run(['get', 'events', '--field-selector', 'reason=Failed', '-o', 'jsonpath={.items[0].count}'], { env: at(t) })).stdout;
    expect(await failed(101)).toBe('1');
    expect((await sb.run(['apply', '-f', '-'], { stdin: service('retry'), env: at(160) })).code).toBe(0);
    expect(Number(await failed(161))).toBeGreaterThan(1);
    // Two hours on, the events of the first test are past their one-hour TTL.
    expect((await sb.run(['apply', '-f', '-'], { stdin: service('much-later'), env: at(7300) })).code).toBe(0);
    const reasons = (await sb.run(['get', 'events', '-o', 'jsonpath={.items[*].reason}'], { env: at(7301) })).stdout;
    expect(reasons).not.toContain('ScalingReplicaSet');
  });
});

describe('controllers woken by their inputs', () => {
  const sb = sandbox();
  afterAll(() => sb.cleanup());

  it('publishes endpoints for a Service applied after its pods, and drops them with it', async () => {
    expect((await sb.run(['apply', '-f', '-'], { stdin: deployment(0).replace(/slow/g, 'web') })).code).toBe(0);
    expect((await sb.run(['apply', '-f', '-'], { stdin: service('web') })).code).toBe(0);
    const eps = (await sb.run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[0].endpoints[*].addresses[0]}'])).stdout;
    expect(eps.split(' ')).toHaveLength(2);
    expect((await sb.run(['delete', 'svc', 'web'])).code).toBe(0);
    expect((await sb.run(['get', 'ep', 'web'])).stderr).toContain('NotFound');
  });

  it('puts back a managed EndpointSlice a user deletes', async () => {
    expect((await sb.run(['apply', '-f', '-'], { stdin: service('web') })).code).toBe(0);
    const name = (await sb.run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'name'])).stdout.trim();
    expect((await sb.run(['delete', name])).code).toBe(0);
    const after = (await sb.run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'name'])).stdout.trim();
    expect(after).toMatch(/^endpointslice.discovery.k8s.io\/web-/);
  });
});
