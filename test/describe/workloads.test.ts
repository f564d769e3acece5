import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/resources.js';
import { describeObject } from '../../src/printers/describe/index.js';
import { at, ctxOf, deployment, event, replicaSet, runningPod, T0, TEMPLATE } from './cluster.js';
import { DEPLOYMENT, REPLICASET } from './vectors.js';

describe('describe deployment', () => {
  it('prints the deployment vector of kubectl-more §3.1', () => {
    const d = deployment();
    const rs = replicaSet();
    const ev = event({ obj: d, reason: 'ScalingReplicaSet', message: 'Scaled up replica set frontend-7d4b9c8f5 from 0 to 3', first: T0, component: 'deployment-controller' });
    expect(describeObject(d, ctxOf(at(T0, 303), [d, rs, ev]))).toBe(DEPLOYMENT);
  });

  it('splits old and new replica sets during a rollout (new = template equal ignoring the hash)', () => {
    const d = deployment();
    const newTemplate = structuredClone(TEMPLATE);
    newTemplate.spec.containers[0].image = 'nginx:1.26';
    (d.spec as { template: unknown }).template = newTemplate;
    const old = replicaSet('7d4b9c8f5', 1);
    const fresh = replicaSet('5c9f8d7b6d', 3, newTemplate, at(T0, 60));
    const foreign = replicaSet('0000000000', 2);
    foreign.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend', uid: 'uid-other', controller: true }];
    const out = describeObject(d, ctxOf(at(T0, 303), [d, old, fresh, foreign]));
    expect(out).toContain('\nOldReplicaSets:  frontend-7d4b9c8f5 (1/1 replicas created)\nNewReplicaSet:   frontend-5c9f8d7b6d (3/3 replicas created)\n');
  });

  it('lists only the old replica sets that still want pods, as kubectl (<none> after a finished rollout)', () => {
    const d = deployment();
    const newTemplate = structuredClone(TEMPLATE);
    newTemplate.spec.containers[0].image = 'nginx:1.26';
    (d.spec as { template: unknown }).template = newTemplate;
    const old = replicaSet('7d4b9c8f5', 0);
    const fresh = replicaSet('5c9f8d7b6d', 3, newTemplate, at(T0, 60));
    expect(describeObject(d, ctxOf(at(T0, 303), [d, old, fresh]))).toContain('\nOldReplicaSets:  <none>\nNewReplicaSet:   frontend-5c9f8d7b6d (3/3 replicas created)\n');
  });

  it('prints <none> for a missing new replica set and omits both lines with no replica sets', () => {
    const d = deployment();
    const old = replicaSet('7d4b9c8f5', 1);
    (old.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'nginx:1.24';
    expect(describeObject(d, ctxOf(at(T0, 303), [d, old]))).toContain('\nOldReplicaSets:  frontend-7d4b9c8f5 (1/1 replicas created)\nNewReplicaSet:   <none>\n');
    const out = describeObject(d, ctxOf(at(T0, 303), [d]));
    expect(out).not.toContain('OldReplicaSets');
    // Events:\t<none> then continues the Conditions block (widest cell `  Progressing `).
    expect(out.endsWith('  Progressing   True    NewReplicaSetAvailable\nEvents:         <none>\n')).toBe(true);
  });
});

describe('describe replicaset', () => {
  it('prints the replica set vector of kubectl-more §3.2 (pod template completed as the spec says)', () => {
    const rs = replicaSet();
    const pods = ['abcde', 'fghij', 'klmno'].map((s, i) => runningPod(`frontend-7d4b9c8f5-${s}`, `10.244.0.${5 + i}`));
    const stranger: KObject = runningPod('frontend-7d4b9c8f5-zzzzz', '10.244.0.9');
    stranger.metadata.ownerReferences = [];
    const events = pods.map((p) =>
      event({ obj: rs, reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: T0, component: 'replicaset-controller' }),
    );
    const template = [
      'Pod Template:',
      '  Labels:  app=frontend',
      '           pod-template-hash=7d4b9c8f5',
      '  Containers:',
      '   web:',
      '    Image:      nginx:1.25',
      '    Port:       5000/TCP',
      '    Host Port:  0/TCP',
      '    Readiness:  http-get http://:5000/ delay=2s timeout=1s period=5s #success=1 #failure=3',
      '    Environment:',
      '      APP_ENV:     production',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
    ].join('\n');
    const expected = REPLICASET.replace(/^Pod Template:.*$/m, template);
    expect(describeObject(rs, ctxOf(at(T0, 303), [rs, ...pods, stranger, ...events]))).toBe(expected);
  });

  it('prints conditions with a dashes line and counts pods by phase', () => {
    const rs = replicaSet();
    (rs.status as Record<string, unknown>).conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }];
    const pending = runningPod('frontend-7d4b9c8f5-p', '10.244.0.9');
    (pending.status as { phase: string }).phase = 'Pending';
    const out = describeObject(rs, ctxOf(at(T0, 303), [rs, runningPod(), pending]));
    expect(out).toContain('\nPods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n');
    expect(out).toContain('\nConditions:\n  Type             Status  Reason\n  ----             ------  ------\n  ReplicaFailure   True    FailedCreate\nEvents:            <none>\n');
  });
});

describe('describe statefulset and daemonset', () => {
  const template = {
    metadata: { labels: { app: 'db' } },
    spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379, protocol: 'TCP' }] }] },
  };

  it('prints a stateful set with replicas, update strategy and volume claims', () => {
    const sts: KObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default', uid: 'uid-sts-db', creationTimestamp: T0, labels: { app: 'db' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        serviceName: 'db',
        template,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' } },
        ],
      },
      status: { replicas: 2 },
    };
    const expected = [
      'Name:               db',
      'Namespace:          default',
      'CreationTimestamp:  Thu, 26 Nov 2026 05:36:18 +0000',
      'Selector:           app=db',
      'Labels:             app=db',
      'Annotations:        <none>',
      'Replicas:           2 desired | 2 total',
      'Update Strategy:    RollingUpdate',
      '  Partition:        0',
      'Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=db',
      '  Containers:',
      '   redis:',
      // No bare `Environment:` line here, so Image … Tolerations form one block.
      '    Image:         redis:7',
      '    Port:          6379/TCP',
      '    Host Port:     0/TCP',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Volume Claims:',
      '  Name:          data',
      '  StorageClass:  standard',
      '  Labels:        <none>',
      '  Annotations:   <none>',
      '  Capacity:      1Gi',
      '  Access Modes:  [ReadWriteOnce]',
      'Events:          <none>',
      '',
    ].join('\n');
    expect(describeObject(sts, ctxOf(at(T0, 60), [sts]))).toBe(expected);
  });

  it('prints a daemon set; its tab-less count lines end the alignment blocks', () => {
    const ds: KObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system', uid: 'uid-ds', creationTimestamp: T0, labels: { app: 'agent' } },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...template, metadata: { labels: { app: 'agent' } } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0 },
    };
    const expected = [
      'Name:           agent', // kubectl's DaemonSet describer prints no Namespace line
      'Selector:       app=agent',
      'Node-Selector:  <none>',
      'Labels:         app=agent',
      'Annotations:    <none>',
      'Desired Number of Nodes Scheduled: 3',
      'Current Number of Nodes Scheduled: 3',
      'Number of Nodes Scheduled with Up-to-date Pods: 3',
      'Number of Nodes Scheduled with Available Pods: 3',
      'Number of Nodes Misscheduled: 0',
      'Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=agent',
      '  Containers:',
      '   redis:',
      // No bare `Environment:` line here, so Image … Tolerations form one block.
      '    Image:         redis:7',
      '    Port:          6379/TCP',
      '    Host Port:     0/TCP',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Events:            <none>',
      '',
    ].join('\n');
    expect(describeObject(ds, ctxOf(at(T0, 60), [ds]))).toBe(expected);
  });
});
