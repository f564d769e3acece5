import { describe, expect, it } from 'vitest';
import { create, errorOf, testCluster, update } from './fixture.js';
import type { KObject } from '../../src/api/resources.js';
import { imageTag } from '../../src/apiserver/strategies/pod.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const pod = (name: string, spec: any): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec });

describe('Pod defaults and admission (kubectl-more §2.2)', () => {
  it('fills what the apiserver fills', () => {
    const out = create(testCluster(), pod('web', { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 5000 }] }] }));
    const s = out.spec as any;
    expect(s.priority).toBe(0);
    expect(s.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(s.serviceAccountName).toBe('default');
    expect(s.serviceAccount).toBe('default');
    expect(s.dnsPolicy).toBe('ClusterFirst');
    expect(s.restartPolicy).toBe('Always');
    expect(s.terminationGracePeriodSeconds).toBe(30);
    expect(s.schedulerName).toBe('default-scheduler');
    expect(s.enableServiceLinks).toBe(true);
    expect(s.securityContext).toEqual({});
    expect(s.tolerations).toEqual([
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ]);
    const vol = s.volumes[0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected.defaultMode).toBe(420);
    expect(vol.projected.sources.map((x: any) => Object.keys(x)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    const c = s.containers[0];
    expect(c.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol.name, readOnly: true }]);
    expect(c).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
    expect(c.ports).toEqual([{ containerPort: 5000, protocol: 'TCP' }]);
    expect(out.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('imagePullPolicy: Always for :latest or no tag, IfNotPresent otherwise', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('nginx:latest')).toBe('latest');
    expect(imageTag('localhost:5000/nginx')).toBe('latest');
    expect(imageTag('localhost:5000/nginx:1.2')).toBe('1.2');
    expect(imageTag('nginx@sha256:abc')).toBe('');
    const s = create(testCluster(), pod('p', { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox:1.36' }] })).spec as any;
    expect(s.containers.map((c: any) => c.imagePullPolicy)).toEqual(['Always', 'IfNotPresent']);
  });

  it('does not add a toleration the pod already has; automountServiceAccountToken false skips the volume', () => {
    const s = create(
      testCluster(),
      pod('p', { automountServiceAccountToken: false, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }], containers: [{ name: 'a', image: 'nginx' }] }),
    ).spec as any;
    expect(s.tolerations).toEqual([{ effect: 'NoExecute', operator: 'Exists' }]);
    expect(s.volumes).toBeUndefined();
  });

  it('QoS: requests default to limits; Guaranteed / Burstable', () => {
    const g = create(testCluster(), pod('g', { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }));
    expect((g.spec as any).containers[0].resources.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect((g.status as any).qosClass).toBe('Guaranteed');
    const b = create(testCluster(), pod('b', { containers: [{ name: 'a', image: 'nginx', resources: { requests: { cpu: '100m' } } }] }));
    expect((b.status as any).qosClass).toBe('Burstable');
  });

  it('validation: name subdomain, containers required, restartPolicy values in order', () => {
    expect(errorOf(() => create(testCluster(), pod('My_Pod', { containers: [{ name: 'a', image: 'nginx' }] })))).toMatch(
      /^The Pod "My_Pod" is invalid: metadata\.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must/,
    );
    expect(errorOf(() => create(testCluster(), pod('p', {})))).toBe('The Pod "p" is invalid: spec.containers: Required value');
    expect(errorOf(() => create(testCluster(), pod('p', { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'nginx' }] })))).toBe(
      'The Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(errorOf(() => create(testCluster(), pod('p', { containers: [{ name: 'a', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] })))).toBe(
      'The Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
  });

  it('updates may only change images (and a first nodeName)', () => {
    const c = testCluster();
    create(c, pod('p', { containers: [{ name: 'a', image: 'nginx:1.25' }] }));
    const o = structuredClone(c.get('Pod', 'default', 'p')!) as any;
    o.spec.containers[0].image = 'nginx:1.26';
    o.spec.nodeName = 'kubesim';
    expect(() => update(c, o)).not.toThrow();
    const o2 = structuredClone(c.get('Pod', 'default', 'p')!) as any;
    o2.spec.containers[0].ports = [{ containerPort: 80 }];
    expect(errorOf(() => update(c, o2))).toBe(
      'The Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });
});

describe('Namespace, Node, Endpoints, EndpointSlice, Event', () => {
  it('Namespace: label, finalizers, phase; DNS-1123 label name', () => {
    const out = create(testCluster(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: { team: 'web' } } });
    expect(out.metadata.labels).toEqual({ team: 'web', 'kubernetes.io/metadata.name': 'dev' });
    expect(out.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(out.status).toEqual({ phase: 'Active' });
    expect(errorOf(() => create(testCluster(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my.ns' } }))).toBe(
      'The Namespace "my.ns" is invalid: metadata.name: Invalid value: "my.ns": must not contain dots',
    );
  });

  it('Node keeps its status on create', () => {
    const out = create(testCluster(), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24' }, status: { addresses: [] } });
    expect(out.status).toEqual({ addresses: [] });
  });

  it('Endpoints and EndpointSlices: light checks', () => {
    const ep = create(testCluster(), {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }],
    });
    expect((ep.subsets as any)[0].ports[0].protocol).toBe('TCP');
    expect(
      errorOf(() =>
        create(testCluster(), { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default' }, addressType: 'IPv4', endpoints: [{ addresses: ['x'] }] }),
      ),
    ).toBe('The EndpointSlice "web-abc" is invalid: endpoints[0].addresses[0]: Invalid value: "x": must be a valid IPv4 address');
  });

  it('Events pass with light validation', () => {
    expect(() =>
      create(testCluster(), { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.17f3a', namespace: 'default' }, involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, type: 'Normal' }),
    ).not.toThrow();
  });
});
