/**
 * A pod deletion through the generic flow stops its running containers as the kubelet would:
 * `Killing` / `Stopping container <name>` per running container (kubectl-more.md §4.3), whoever
 * deleted it — and none for containers that never started, nor in a terminating namespace.
 */
import { describe, expect, it } from 'vitest';
import { apply, deployment, events, list, makeCluster, pod } from '../controllers/fixture.js';
import { createObject, deleteObject, updateObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import type { Deployment } from '../../src/controllers/deployment.js';
import type { Pod } from '../../src/controllers/kubelet.js';
import type { Cluster } from '../../src/store/cluster-state.js';

const killing = (c: Cluster, ns = 'default') => events(c, ns).filter((e) => e.reason === 'Killing');

function remove(c: Cluster, kind: string, name: string, ns = 'default', opts: { dryRun?: boolean } = {}): void {
  deleteObject(c, kind, ns, name, opts);
  reconcile(c);
}

describe('pod deletion: Killing events', () => {
  it('a user delete of a running pod: one per running container, from the kubelet on its node', () => {
    const c = makeCluster();
    apply(c, pod('two', { app: 'x' }, [{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox', command: ['sleep', '3600'] }], { nodeName: 'kubesim-m02' }));
    expect(killing(c)).toEqual([]);
    remove(c, 'Pod', 'two');
    expect(killing(c)).toEqual([
      { reason: 'Killing', message: 'Stopping container web', count: 1, object: 'Pod/two', type: 'Normal', source: { component: 'kubelet', host: 'kubesim-m02' }, fieldPath: 'spec.containers{web}' },
      { reason: 'Killing', message: 'Stopping container side', count: 1, object: 'Pod/two', type: 'Normal', source: { component: 'kubelet', host: 'kubesim-m02' }, fieldPath: 'spec.containers{side}' },
    ]);
  });

  it('none for a container that never started (InvalidImageName), an unscheduled pod, or a dry run', () => {
    const c = makeCluster();
    apply(c, pod('bad', { app: 'x' }, [{ name: 'web', image: '<bad>' }]));
    expect(c.get<Pod>('Pod', 'default', 'bad')!.status!.containerStatuses![0].state.waiting?.reason).toBe('InvalidImageName');
    remove(c, 'Pod', 'bad');
    apply(c, pod('nowhere', { app: 'x' }, [{ name: 'web', image: 'nginx' }], { nodeSelector: { disk: 'none' } }));
    remove(c, 'Pod', 'nowhere');
    apply(c, pod('kept', { app: 'x' }, [{ name: 'web', image: 'nginx' }]));
    remove(c, 'Pod', 'kept', 'default', { dryRun: true });
    expect(c.get('Pod', 'default', 'kept')).toBeDefined();
    expect(killing(c)).toEqual([]);
  });

  it('a deployment deleted: every pod the garbage collector removes; a scale-down: once per pod', () => {
    const c = makeCluster();
    apply(c, deployment('web', { replicas: 3 }));
    const d = structuredClone(c.get<Deployment>('Deployment', 'default', 'web')!);
    d.spec.replicas = 2;
    updateObject(c, d);
    reconcile(c);
    const scaledDown = killing(c).map((e) => e.object);
    expect(scaledDown).toHaveLength(1);
    const left = list<Pod>(c, 'Pod').map((p) => `Pod/${p.metadata.name}`);
    remove(c, 'Deployment', 'web');
    expect(list(c, 'Pod')).toEqual([]);
    const after = killing(c);
    expect(after.map((e) => e.object).sort()).toEqual([...scaledDown, ...left].sort());
    expect(after.every((e) => e.count === 1 && e.message === 'Stopping container web')).toBe(true);
  });

  it('a namespace deleted: none (the apiserver refuses new content in a terminating namespace)', () => {
    const c = makeCluster();
    createObject(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    reconcile(c);
    createObject(c, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    reconcile(c);
    expect(c.get<Pod>('Pod', 'team', 'p')!.status!.phase).toBe('Running');
    remove(c, 'Namespace', 'team', '');
    expect(c.get('Namespace', undefined, 'team')).toBeUndefined();
    expect(c.list('Event').filter((e) => e.metadata.namespace === 'team')).toEqual([]);
  });
});
