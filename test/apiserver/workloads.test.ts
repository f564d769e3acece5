import { describe, expect, it } from 'vitest';
import { create, errorOf, testCluster, update } from './fixture.js';
import type { KObject } from '../../src/api/resources.js';

const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/* eslint-disable @typescript-eslint/no-explicit-any */
function deploy(name: string, over: (spec: any) => void = () => {}): KObject {
  const spec: any = {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
  };
  over(spec);
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec };
}

describe('Deployment', () => {
  it('defaults: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, template pod-spec defaults', () => {
    const out = create(testCluster(), deploy('web'));
    const spec = out.spec as any;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.progressDeadlineSeconds).toBe(600);
    const ps = spec.template.spec;
    expect(ps.dnsPolicy).toBe('ClusterFirst');
    expect(ps.restartPolicy).toBe('Always');
    expect(ps.terminationGracePeriodSeconds).toBe(30);
    expect(ps.schedulerName).toBe('default-scheduler');
    expect(ps.securityContext).toEqual({});
    // Pod-only defaults and admission do not touch templates.
    expect(ps.enableServiceLinks).toBeUndefined();
    expect(ps.tolerations).toBeUndefined();
    expect(ps.serviceAccountName).toBeUndefined();
    expect(ps.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(ps.containers[0].ports[0].protocol).toBe('TCP');
    expect(spec.template.metadata.creationTimestamp).toBeNull();
    expect(out.metadata.generation).toBe(1);
    expect(out.status).toEqual({});
  });

  it('selector does not match template labels', () => {
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => (s.selector = { matchLabels: { app: 'frontend' } }))))).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it('a missing selector is required and selects nothing', () => {
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => delete s.selector)))).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it('an empty selector is invalid "for deployment"', () => {
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => (s.selector = {}))))).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('replicas ≥ 0; restartPolicy Always only', () => {
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => (s.replicas = -1))))).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => (s.template.spec.restartPolicy = 'Never'))))).toBe(
      'The Deployment "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
  });

  it('replicas beyond kubesim\'s simulation limit are refused rather than hanging the command', () => {
    expect(() => create(testCluster(), deploy('web', (s) => (s.replicas = 5000)))).not.toThrow();
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => (s.replicas = 1115071662))))).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: 1115071662: must be no more than 5000 in kubesim (a simulation limit; a real cluster accepts it and leaves the pods it cannot place Pending)',
    );
  });

  it('an OrderedReady StatefulSet is limited to 500 replicas (one pod per pass), a Parallel one to 5000', () => {
    const sts = (replicas: number, policy?: string): KObject => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: { replicas, serviceName: 'db', ...(policy ? { podManagementPolicy: policy } : {}), selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    expect(() => create(testCluster(), sts(500))).not.toThrow();
    expect(() => create(testCluster(), sts(5000, 'Parallel'))).not.toThrow();
    expect(errorOf(() => create(testCluster(), sts(501)))).toBe(
      'The StatefulSet "db" is invalid: spec.replicas: Invalid value: 501: must be no more than 500 in kubesim (a simulation limit; kubesim starts an OrderedReady StatefulSet\'s pods one at a time; podManagementPolicy: Parallel allows 5000)',
    );
  });

  it('names: DNS-1123 subdomain (1frontend fine, My_App not)', () => {
    expect(() => create(testCluster(), deploy('1frontend'))).not.toThrow();
    expect(errorOf(() => create(testCluster(), deploy('My_App')))).toBe(`The Deployment "My_App" is invalid: metadata.name: Invalid value: "My_App": ${DNS1123_SUBDOMAIN}`);
  });

  it('containers: name required/label/unique, image required, IANA port names', () => {
    const bad = deploy('web', (s) => {
      s.template.spec.containers = [
        { name: 'web', image: 'nginx', ports: [{ name: 'http-web-server-port', containerPort: 80 }] },
        { name: 'web', image: '' },
        { name: 'Side_Car', image: 'busybox', ports: [{ containerPort: 0 }, { containerPort: 8080, protocol: 'HTTP' }] },
      ];
    });
    expect(errorOf(() => create(testCluster(), bad))).toBe(
      'The Deployment "web" is invalid: \n' +
        '* spec.template.spec.containers[0].ports[0].name: Invalid value: "http-web-server-port": must be no more than 15 characters\n' +
        '* spec.template.spec.containers[1].image: Required value\n' +
        '* spec.template.spec.containers[1].name: Duplicate value: "web"\n' +
        `* spec.template.spec.containers[2].name: Invalid value: "Side_Car": ${DNS1123_LABEL}\n` +
        '* spec.template.spec.containers[2].ports[0].containerPort: Required value\n' +
        '* spec.template.spec.containers[2].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('template labels are validated on spec.template.labels', () => {
    expect(errorOf(() => create(testCluster(), deploy('web', (s) => { s.template.metadata.labels = { app: 'web', tier: 'a b' }; })))).toContain(
      'is invalid: spec.template.labels: Invalid value: "a b": a valid label must be',
    );
  });

  it('the selector is immutable', () => {
    const c = testCluster();
    create(c, deploy('web'));
    const o = structuredClone(c.get('Deployment', 'default', 'web')!) as any;
    o.spec.selector = { matchLabels: { app: 'web', v: '2' } };
    o.spec.template.metadata.labels = { app: 'web', v: '2' };
    expect(errorOf(() => update(c, o))).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('a template change bumps generation; status is carried over', () => {
    const c = testCluster();
    create(c, deploy('web'));
    c.get('Deployment', 'default', 'web')!.status = { replicas: 1 };
    const o = structuredClone(c.get('Deployment', 'default', 'web')!) as any;
    o.spec.template.spec.containers[0].image = 'nginx:1.26';
    delete o.status;
    const out = update(c, o);
    expect(out.metadata.generation).toBe(2);
    expect(out.status).toEqual({ replicas: 1 });
  });
});

describe('ReplicaSet, StatefulSet, DaemonSet', () => {
  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

  it('ReplicaSet: empty selector message says "deployment"; replicas default 1', () => {
    const rs = (spec: any): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default' }, spec });
    expect((create(testCluster(), rs({ selector: { matchLabels: { app: 'web' } }, template: tpl })).spec as any).replicas).toBe(1);
    expect(errorOf(() => create(testCluster(), rs({ selector: {}, template: tpl })))).toContain('empty selector is invalid for deployment');
  });

  it('StatefulSet defaults and DNS-1123 label names', () => {
    const sts = (name: string, spec: any): KObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' }, spec });
    const out = create(testCluster(), sts('web', { serviceName: 'nginx', selector: { matchLabels: { app: 'web' } }, template: tpl }));
    expect(out.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(errorOf(() => create(testCluster(), sts('web.v1', { selector: { matchLabels: { app: 'web' } }, template: tpl })))).toBe(
      'The StatefulSet "web.v1" is invalid: metadata.name: Invalid value: "web.v1": must not contain dots',
    );
    const c = testCluster();
    create(c, sts('db', { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template: tpl }));
    const o = structuredClone(c.get('StatefulSet', 'default', 'db')!) as any;
    o.spec.serviceName = 'other';
    expect(errorOf(() => update(c, o))).toBe(
      "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('DaemonSet defaults and selector mismatch', () => {
    const ds = (spec: any): KObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' }, spec });
    const out = create(testCluster(), ds({ selector: { matchLabels: { app: 'web' } }, template: tpl }));
    expect(out.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect(errorOf(() => create(testCluster(), ds({ selector: { matchLabels: { app: 'x' } }, template: tpl })))).toBe(
      'The DaemonSet "agent" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });
});
