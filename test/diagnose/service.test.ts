/**
 * diagnose on Services, in-process over the golden stories' fixtures: which findings appear, at
 * which level, with which evidence and fix; and that a diagnosis changes nothing in the state.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { diagnosisLevel, exitCodeFor, type Diagnosis } from '../../src/diagnose/findings.js';
import { serviceSelectorHint } from '../../src/hints/service-selector.js';
import type { KObject } from '../../src/api/resources.js';
import type { Cluster } from '../../src/store/cluster-state.js';
import { add, applyFile, newCluster } from './fixture.js';

function svcDiag(cluster: Cluster, ns: string, name: string): Diagnosis {
  return diagnose(cluster, cluster.get('Service', ns, name)!);
}

function byId(d: Diagnosis, id: string) {
  return d.findings.find((f) => f.id === id);
}

describe('diagnose service: selector', () => {
  it('a value near-miss names the pods, their labels and the selector to use', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/wrong-selector/app.yaml');
    const d = svcDiag(c, 'wrong-selector', 'shop-svc');
    const f = byId(d, 'selector')!;
    expect(f.level).toBe('error');
    expect(f.evidence[0]).toMatch(/^pods here have app=shop-web, not app=shop: shop-/);
    expect(f.fix).toContain('change spec.selector to app=shop-web');
    expect(byId(d, 'endpoints')!.level).toBe('error');
    expect(byId(d, 'endpoints')!.evidence.join('\n')).toContain('REJECTs');
    expect(exitCodeFor([d])).toBe(1);
  });

  it('the create service trap: selector app=<service name>', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/wrong-selector/app.yaml');
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'shop', namespace: 'wrong-selector' }, spec: { selector: { app: 'shop' }, ports: [{ name: '80-80', port: 80, targetPort: 80 }] } } as KObject);
    const f = byId(svcDiag(c, 'wrong-selector', 'shop'), 'selector')!;
    expect(f.evidence.join('\n')).toContain('kubesim create service` always sets');
    expect(f.fix).toMatch(/^expose the workload instead/);
  });

  it('pods with the labels in another namespace', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/other-namespace/app.yaml');
    const f = byId(svcDiag(c, 'other-namespace', 'api'), 'selector')!;
    expect(f.level).toBe('error');
    expect(f.evidence[0]).toMatch(/^pods with those labels run in namespace backend: backend\/api-/);
    expect(f.fix).toContain('create the Service in namespace backend');
  });

  it('a key near-miss: the value under another key', () => {
    const c = newCluster();
    add(c, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { name: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as KObject);
    const f = byId(svcDiag(c, 'default', 's'), 'selector')!;
    expect(f.evidence[0]).toContain('under another key (name=web)');
    expect(f.fix).toContain('change spec.selector\'s key to name');
  });

  it('keeps apply\'s one-line hint as it was', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/other-namespace/app.yaml');
    expect(serviceSelectorHint(c, c.get('Service', 'other-namespace', 'api')!)).toBe(
      'service/api selects app=api, which no pod in namespace "other-namespace" has; pods with those labels run in namespace "backend" (a Service selects pods only in its own namespace)',
    );
  });
});

describe('diagnose service: pods and ports', () => {
  it('placeholder image: InvalidImageName, with the owner to edit', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/placeholder-image/app.yaml');
    const d = svcDiag(c, 'placeholder-image', 'frontend-svc');
    const f = byId(d, 'pods.ready')!;
    expect(f.level).toBe('error');
    expect(f.title).toBe('all 3 pods are not ready (InvalidImageName): they get no endpoint');
    expect(f.evidence.join('\n')).toContain('invalid reference format');
    expect(f.fix).toContain("deployment/frontend's containers");
    expect(f.fix).toContain('placeholder');
    expect(byId(d, 'port-forward')!.level).toBe('warn');
  });

  it('targetPort declared but not listened on (nginx listens on 80)', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/targetport-mismatch/app.yaml');
    const d = svcDiag(c, 'targetport-mismatch', 'web');
    const f = byId(d, 'targetPort.80')!;
    expect(f.level).toBe('error');
    expect(f.evidence.join('\n')).toContain('declared as a containerPort but no program listens on it');
    expect(f.evidence.join('\n')).toContain('nginx 1.27.3) listens on 80/TCP');
    expect(f.fix).toMatch(/^set targetPort: 80/);
    // The endpoints exist (Kubernetes does not check listeners): only the port finding says why it fails.
    expect(byId(d, 'endpoints')!.level).toBe('ok');
  });

  it('targetPort neither declared nor listened on', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/targetport-mismatch/app.yaml');
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web8080', namespace: 'targetport-mismatch' }, spec: { selector: { app: 'tpm-web' }, ports: [{ port: 80, targetPort: 8080 }] } } as KObject);
    const f = byId(svcDiag(c, 'targetport-mismatch', 'web8080'), 'targetPort.80')!;
    expect(f.evidence.join('\n')).toContain('neither declared as a containerPort nor listened on');
  });

  it('a named targetPort missing on some pods is a warning naming them', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/named-port-missing/app.yaml');
    const d = svcDiag(c, 'named-port-missing', 'web');
    const f = byId(d, 'targetPort.web')!;
    expect(f.level).toBe('warn');
    expect(f.title).toContain('missing on 1 of 2 selected pods');
    expect(f.evidence[0]).toMatch(/^1 pod \(web-v2-.*\): no named containerPort$/);
    expect(diagnosisLevel(d)).toBe('warn');
  });
});

describe('diagnose service: traffic, load balancer, env vars, ExternalName', () => {
  it('Local policies: per node, delivered or dropped, and the state is not changed', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/local-policy/app.yaml');
    const before = JSON.stringify(c.state);
    const randomBefore = c.random.state();
    const d = svcDiag(c, 'local-policy', 'echo');
    expect(JSON.stringify(c.state)).toBe(before);
    expect(c.random.state()).toEqual(randomBefore);
    const ext = byId(d, 'traffic.external.80')!;
    expect(ext.level).toBe('warn');
    expect(ext.title).toContain('dropped on 2 of 3 nodes (externalTrafficPolicy: Local)');
    expect(ext.evidence.filter((e) => e.includes('dropped: externalTrafficPolicy Local: no local endpoint'))).toHaveLength(2);
    expect(ext.evidence.filter((e) => e.includes('delivered to echo-'))).toHaveLength(1);
    expect(byId(d, 'traffic.internal.80')!.title).toContain('(internalTrafficPolicy: Local)');
  });

  it('pending LoadBalancer: no provider, then an address once a pool is set', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/pending-loadbalancer/app.yaml');
    const f = byId(svcDiag(c, 'pending-loadbalancer', 'web-lb'), 'load-balancer')!;
    expect(f.level).toBe('warn');
    expect(f.title).toBe('EXTERNAL-IP is <pending>: no load-balancer provider');
    expect(f.fix).toContain('kubesim cluster set --load-balancer-pool');
    c.state.cluster.loadBalancerPool = '172.18.255.200/29';
    c.state.resourceVersion++;
    add(c, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nudge', namespace: 'default' } } as KObject);
    const d = svcDiag(c, 'pending-loadbalancer', 'web-lb');
    expect(byId(d, 'load-balancer')!.level).toBe('ok');
    expect(byId(d, 'traffic.external.80')!.evidence.some((e) => e.startsWith('load balancer 172.18.255.'))).toBe(true);
  });

  it('env vars: pods started before the Service lack them; a later pod has them', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/env-var-ordering/client.yaml');
    c.setNow('2026-11-26T05:01:00Z');
    applyFile(c, 'fixtures/diagnose/env-var-ordering/backend.yaml');
    const f = byId(svcDiag(c, 'env-var-ordering', 'backend'), 'env-vars')!;
    expect(f.level).toBe('warn');
    expect(f.title).toMatch(/^2 pods in namespace env-var-ordering started before the Service/);
    expect(f.evidence[0]).toMatch(/client-.*, client-/);
    expect(f.fix).toContain('kubesim rollout restart deployment/client');
    const pod = diagnose(c, c.list('Pod', 'env-var-ordering').find((p) => p.metadata.name.startsWith('client-'))!);
    expect(pod.findings.find((x) => x.id === 'env-vars')!.title).toContain('BACKEND_SERVICE_HOST');
    applyFile(c, 'fixtures/diagnose/env-var-ordering/late-pod.yaml');
    const late = diagnose(c, c.get('Pod', 'env-var-ordering', 'late-client')!);
    expect(late.findings.some((x) => x.id === 'env-vars')).toBe(false);
  });

  it('env vars: a pod whose container never started (its image cannot be pulled) will get them; no warning', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/core/pull-fail-pod.yaml');
    c.setNow('2026-11-26T05:01:00Z');
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pull', namespace: 'default' }, spec: { selector: { app: 'pull' }, ports: [{ port: 80 }] } } as KObject);
    expect(byId(svcDiag(c, 'default', 'pull'), 'env-vars')).toBeUndefined();
  });

  it('ExternalName: the CNAME target and what it resolves to', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/seed/externalname.yaml');
    const d = svcDiag(c, 'prod', 'my-service');
    expect(d.summary).toBe('ExternalName -> my.database.example.com');
    expect(d.findings[0].level).toBe('ok');
    expect(d.findings[0].title).toContain('my.database.example.com -> 203.0.113.10');
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nx', namespace: 'prod' }, spec: { type: 'ExternalName', externalName: 'no-such-host.invalid' } } as KObject);
    expect(svcDiag(c, 'prod', 'nx').findings[0].level).toBe('warn');
    add(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ip', namespace: 'prod' }, spec: { type: 'ExternalName', externalName: '10.0.0.5' } } as KObject);
    expect(svcDiag(c, 'prod', 'ip').findings[0].title).toContain('is an IP address');
  });

  it('port-forward: the pod kubectl would pin and the container port', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/local-policy/app.yaml');
    const f = byId(svcDiag(c, 'local-policy', 'echo'), 'port-forward')!;
    expect(f.title).toMatch(/^port-forward svc\/echo pins one pod: kubectl would pick echo-/);
    expect(f.evidence.join('\n')).toMatch(/would forward to echo-\S+ port 5678/);
  });
});
