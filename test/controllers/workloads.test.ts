import { describe, expect, it } from 'vitest';
import { apply, deployment, events, list, makeCluster, movableClock, pod, NODES } from './fixture.js';
import { deleteObject, updateObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import { containerStartRevision, type Pod } from '../../src/controllers/kubelet.js';
import { podTemplateHash } from '../../src/controllers/pod-template-hash.js';
import type { KObject } from '../../src/api/resources.js';
import type { Cluster } from '../../src/store/cluster-state.js';

const pods = (c: Cluster) => list<Pod>(c, 'Pod');
const rsOf = (c: Cluster) => list(c, 'ReplicaSet') as any[];

function update(c: Cluster, kind: string, name: string, fn: (o: any) => void): void {
  const o = structuredClone(c.get(kind, 'default', name)!);
  fn(o);
  updateObject(c, o);
  reconcile(c);
}

describe('deployment → replicaset → pods', () => {
  it('creates RS <name>-<hash> and 3 running pods spread over 3 nodes, each .2', () => {
    const c = makeCluster();
    const d = apply(c, deployment('web')) as any;
    const rs = rsOf(c);
    expect(rs).toHaveLength(1);
    const hash = podTemplateHash(d.spec.template);
    expect(rs[0].metadata.name).toBe(`web-${hash}`);
    expect(rs[0].metadata.labels['pod-template-hash']).toBe(hash);
    expect(rs[0].spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs[0].metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    expect(new Set(ps.map((p) => p.spec.nodeName))).toEqual(new Set(NODES));
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.status!.podIP).toMatch(/^10\.244\.[012]\.2$/);
      const i = NODES.indexOf(p.spec.nodeName!);
      expect(p.status!.podIP).toBe(`10.244.${i}.2`);
      expect(p.status!.hostIP).toBe(`192.168.49.${i + 2}`);
      expect(p.status!.phase).toBe('Running');
      expect(p.status!.conditions!.map((x) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
      const cs = p.status!.containerStatuses![0];
      expect(cs).toMatchObject({ name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.25' });
      expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
      expect(cs.state.running!.startedAt).toBe('2026-11-26T05:36:18Z');
      expect(p.status!.startTime).toBe('2026-11-26T05:36:18Z');
      expect(p.status!.qosClass).toBe('BestEffort');
      expect(containerStartRevision(c, p)).toBeGreaterThan(0);
    }
    // all pods pulled the same image: the same imageID
    expect(new Set(ps.map((p) => p.status!.containerStatuses![0].imageID)).size).toBe(1);
    const st = (c.get('Deployment', 'default', 'web') as any).status;
    expect(st).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(st.conditions.map((x: any) => `${x.type}/${x.reason}`)).toEqual(['Available/MinimumReplicasAvailable', 'Progressing/NewReplicaSetAvailable']);
    expect(c.get<any>('Deployment', 'default', 'web')!.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    const ev = events(c);
    expect(ev.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(ev.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    const p0 = ps[0];
    const pe = ev.filter((e) => e.object === `Pod/${p0.metadata.name}`);
    expect(pe.map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(pe[0]).toMatchObject({ message: `Successfully assigned default/${p0.metadata.name} to ${p0.spec.nodeName}`, source: { component: 'default-scheduler' } });
    expect(pe[1]).toMatchObject({ message: 'Pulling image "nginx:1.25"', source: { component: 'kubelet', host: p0.spec.nodeName }, fieldPath: 'spec.containers{web}' });
    expect(pe[2].message).toMatch(/^Successfully pulled image "nginx:1\.25" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(pe[3].message).toBe('Created container web');
  });

  it('reaches a fixed point: a second reconcile changes nothing', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    const rv = c.state.resourceVersion;
    expect(reconcile(c)).toBe(0);
    expect(c.state.resourceVersion).toBe(rv);
  });

  it('is deterministic: same seed → same names and IPs', () => {
    const run = (seed: number) => {
      const c = makeCluster(seed);
      apply(c, deployment('web'));
      return pods(c).map((p) => `${p.metadata.name} ${p.spec.nodeName} ${p.status!.podIP} ${p.metadata.uid}`);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('rolls out a template change: new RS, old scaled to 0, revision 2, events in order', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    const oldRS = rsOf(c)[0].metadata.name;
    const oldIPs = new Set(pods(c).map((p) => p.status!.podIP));
    update(c, 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.26'));
    const rs = rsOf(c);
    expect(rs).toHaveLength(2);
    const newRS = rs.find((r) => r.metadata.name !== oldRS);
    const old = rs.find((r) => r.metadata.name === oldRS);
    expect(old.spec.replicas).toBe(0);
    expect(newRS.spec.replicas).toBe(3);
    expect(newRS.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.get<any>('Deployment', 'default', 'web')!.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    expect(ps.every((p) => p.metadata.labels!['pod-template-hash'] === newRS.metadata.labels['pod-template-hash'])).toBe(true);
    expect(ps.every((p) => !oldIPs.has(p.status!.podIP!))).toBe(true);
    const scaling = events(c).filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(scaling).toEqual([
      `Scaled up replica set ${oldRS} from 0 to 3`,
      `Scaled up replica set ${newRS.metadata.name} from 0 to 1`,
      `Scaled down replica set ${oldRS} from 3 to 2`,
      `Scaled up replica set ${newRS.metadata.name} from 1 to 2`,
      `Scaled down replica set ${oldRS} from 2 to 1`,
      `Scaled up replica set ${newRS.metadata.name} from 2 to 3`,
      `Scaled down replica set ${oldRS} from 1 to 0`,
    ]);
    const st = c.get<any>('Deployment', 'default', 'web')!.status;
    expect(st).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2 });
    expect(st.conditions.find((x: any) => x.type === 'Progressing').message).toBe(`ReplicaSet "${newRS.metadata.name}" has successfully progressed.`);
    // Rolling back to the first template reuses the old RS with revision 3 and history "1".
    update(c, 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.25'));
    const back = c.get<any>('ReplicaSet', 'default', oldRS)!;
    expect(back.spec.replicas).toBe(3);
    expect(back.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('a rollout to an image that does not parse gets stuck with the old pods serving', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    update(c, 'Deployment', 'web', (d) => (d.spec.template.spec.containers[0].image = '<frontend-application-image>'));
    const rs = rsOf(c);
    expect(rs.map((r) => r.spec.replicas).sort()).toEqual([1, 3]);
    const ps = pods(c);
    expect(ps.filter((p) => p.status!.phase === 'Running')).toHaveLength(3);
    expect(ps.filter((p) => p.status!.phase === 'Pending')).toHaveLength(1);
    const st = c.get<any>('Deployment', 'default', 'web')!.status;
    expect(st).toMatchObject({ replicas: 4, updatedReplicas: 1, availableReplicas: 3, unavailableReplicas: 1 });
  });

  it('scale down deletes the newest pods first; scale up adds', () => {
    const c = makeCluster();
    apply(c, deployment('web', { replicas: 2 }));
    const first = pods(c).map((p) => p.metadata.name);
    update(c, 'Deployment', 'web', (d) => (d.spec.replicas = 4));
    const all = pods(c).map((p) => p.metadata.name);
    expect(all).toHaveLength(4);
    const added = all.filter((n) => !first.includes(n));
    const rs = rsOf(c)[0];
    const creates = events(c).filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message.replace('Created pod: ', ''));
    const newest = creates[creates.length - 1];
    expect(added).toContain(newest);
    update(c, 'Deployment', 'web', (d) => (d.spec.replicas = 3));
    expect(pods(c).map((p) => p.metadata.name)).not.toContain(newest);
    expect(pods(c)).toHaveLength(3);
    const ev = events(c);
    expect(ev.find((e) => e.reason === 'SuccessfulDelete')!.message).toBe(`Deleted pod: ${newest}`);
    expect(ev.find((e) => e.reason === 'Killing' && e.object === `Pod/${newest}`)!.message).toBe('Stopping container web');
    expect(ev.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message)).toContain(`Scaled down replica set ${rs.metadata.name} from 4 to 3`);
    expect(c.get<any>('ReplicaSet', 'default', rs.metadata.name)!.metadata.annotations['deployment.kubernetes.io/desired-replicas']).toBe('3');
  });

  it('replaces a deleted pod with a new name and the next IP', () => {
    const c = makeCluster();
    apply(c, deployment('web'));
    const victim = pods(c).find((p) => p.spec.nodeName === 'kubesim')!;
    deleteObject(c, 'Pod', 'default', victim.metadata.name);
    reconcile(c);
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    const repl = ps.find((p) => !p.metadata.name.startsWith(victim.metadata.name) && p.spec.nodeName === 'kubesim')!;
    expect(repl).toBeDefined();
    expect(repl.metadata.name).not.toBe(victim.metadata.name);
    expect(repl.status!.podIP).toBe('10.244.0.3');
    expect(c.state.ipam.kubesim).toBe('10.244.0.3');
  });

  it('IPAM wraps around and skips addresses in use', () => {
    const c = makeCluster();
    c.state.ipam.kubesim = '10.244.0.254';
    apply(c, pod('a', { run: 'a' }, [{ name: 'a', image: 'nginx' }], { nodeName: 'kubesim' }));
    expect(c.get<Pod>('Pod', 'default', 'a')!.status!.podIP).toBe('10.244.0.2');
    c.state.ipam.kubesim = '10.244.0.254';
    apply(c, pod('b', { run: 'b' }, [{ name: 'b', image: 'nginx' }], { nodeName: 'kubesim' }));
    expect(c.get<Pod>('Pod', 'default', 'b')!.status!.podIP).toBe('10.244.0.3');
    apply(c, pod('h', { run: 'h' }, [{ name: 'h', image: 'nginx' }], { nodeName: 'kubesim-m02', hostNetwork: true }));
    expect(c.get<Pod>('Pod', 'default', 'h')!.status!.podIP).toBe('192.168.49.3');
  });
});

describe('kubelet', () => {
  it('InvalidImageName: Pending with an IP, waiting reason, Ready False, events that repeat', () => {
    const clock = movableClock();
    const c = makeCluster(1, clock);
    apply(c, pod('bad-image', { app: 'x' }, [{ name: 'web', image: '<frontend-application-image>', ports: [{ containerPort: 5000 }] }]));
    const p = c.get<Pod>('Pod', 'default', 'bad-image')!;
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.podIP).toMatch(/^10\.244\./);
    expect(p.status!.hostIP).toMatch(/^192\.168\.49\./);
    expect(p.status!.startTime).toBeDefined();
    const msg = 'Failed to apply default image tag "<frontend-application-image>": couldn\'t parse image name "<frontend-application-image>": invalid reference format';
    expect(p.status!.containerStatuses![0]).toEqual({
      name: 'web',
      state: { waiting: { reason: 'InvalidImageName', message: msg } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: '<frontend-application-image>',
      imageID: '',
      started: false,
      volumeMounts: expect.any(Array),
    });
    const conds = Object.fromEntries(p.status!.conditions!.map((x) => [x.type, x]));
    expect(Object.keys(conds)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(conds.Ready).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(conds.ContainersReady).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(conds.PodReadyToStartContainers.status).toBe('True');
    let ev = events(c).filter((e) => e.object === 'Pod/bad-image');
    expect(ev.map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([expect.stringMatching(/^Normal Scheduled/), `Warning InspectFailed: ${msg}`, 'Warning Failed: Error: InvalidImageName']);
    // Later reconciles find the kubelet retried: the counts grow with time.
    clock.advance(91);
    apply(c, pod('other', { app: 'y' }, [{ name: 'web', image: 'nginx:1.25' }]));
    ev = events(c).filter((e) => e.object === 'Pod/bad-image' && e.type === 'Warning');
    expect(ev.map((e) => e.count)).toEqual([8, 8]);
  });

  it('uppercase and images already on the node', () => {
    const c = makeCluster();
    apply(c, pod('up', {}, [{ name: 'web', image: 'NGINX' }], { nodeName: 'kubesim' }));
    expect(c.get<Pod>('Pod', 'default', 'up')!.status!.containerStatuses![0].state.waiting!.message).toContain('repository name (library/NGINX) must be lowercase');
    apply(c, pod('a', {}, [{ name: 'web', image: 'nginx:1.25' }], { nodeName: 'kubesim' }));
    apply(c, pod('b', {}, [{ name: 'web', image: 'nginx:1.25' }], { nodeName: 'kubesim' }));
    const ev = events(c).filter((e) => e.object === 'Pod/b').map((e) => e.message);
    expect(ev).toContain('Container image "nginx:1.25" already present on machine');
    expect(ev.some((m) => m.startsWith('Pulling'))).toBe(false);
  });
});

describe('scheduler', () => {
  it('skips cordoned and tainted nodes; reports unschedulable pods', () => {
    const c = makeCluster();
    const n0 = structuredClone(c.get<any>('Node', undefined, 'kubesim'));
    n0.spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
    c.put(n0);
    const n1 = structuredClone(c.get<any>('Node', undefined, 'kubesim-m02'));
    n1.spec.unschedulable = true;
    c.put(n1);
    apply(c, deployment('web', { replicas: 2 }));
    expect(pods(c).map((p) => p.spec.nodeName)).toEqual(['kubesim-m03', 'kubesim-m03']);
    const n2 = structuredClone(c.get<any>('Node', undefined, 'kubesim-m03'));
    n2.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }];
    c.put(n2);
    apply(c, pod('lost', {}, [{ name: 'web', image: 'nginx' }]));
    const p = c.get<Pod>('Pod', 'default', 'lost')!;
    expect(p.spec.nodeName).toBeUndefined();
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    expect(p.status!.conditions).toEqual([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastProbeTime: null, lastTransitionTime: '2026-11-26T05:36:18Z' }]);
    expect(events(c).filter((e) => e.object === 'Pod/lost')).toEqual([expect.objectContaining({ type: 'Warning', reason: 'FailedScheduling', message: msg, count: 1 })]);
    apply(c, pod('tolerant', {}, [{ name: 'web', image: 'nginx' }], { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }));
    expect(c.get<Pod>('Pod', 'default', 'tolerant')!.spec.nodeName).toBe('kubesim-m03');
  });
});

describe('statefulset', () => {
  const sts = (replicas: number): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    },
  });
  it('creates <sts>-<ordinal> in order, with hostname/subdomain and labels; keeps names on recreate', () => {
    const c = makeCluster();
    apply(c, sts(3));
    const ps = pods(c);
    expect(ps.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    const rev = (c.get<any>('StatefulSet', 'default', 'web')!.status as any).updateRevision;
    expect(rev).toMatch(/^web-[4-9bcdf]+$/);
    for (const [i, p] of ps.entries()) {
      expect(p.spec.hostname).toBe(`web-${i}`);
      expect(p.spec.subdomain).toBe('nginx');
      expect(p.metadata.labels).toEqual({ app: 'nginx', 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': `web-${i}`, 'apps.kubernetes.io/pod-index': String(i) });
      expect(p.status!.phase).toBe('Running');
    }
    const creates = events(c).filter((e) => e.object === 'StatefulSet/web').map((e) => e.message);
    expect(creates).toEqual(['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful']);
    expect(c.get<any>('StatefulSet', 'default', 'web')!.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, currentRevision: rev });
    const old = c.get<Pod>('Pod', 'default', 'web-1')!;
    deleteObject(c, 'Pod', 'default', 'web-1');
    reconcile(c);
    const again = c.get<Pod>('Pod', 'default', 'web-1')!;
    expect(again.metadata.uid).not.toBe(old.metadata.uid);
    expect(again.status!.podIP).not.toBe(old.status!.podIP);
    update(c, 'StatefulSet', 'web', (s) => (s.spec.replicas = 1));
    expect(pods(c).map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(events(c).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
  });
});

describe('daemonset', () => {
  it('runs one pod per node, pinned by node affinity, with daemon tolerations and revision labels', () => {
    const c = makeCluster();
    const ds = apply(c, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } } },
    }) as any;
    const ps = list<Pod>(c, 'Pod', 'kube-system');
    expect(ps).toHaveLength(3);
    expect(new Set(ps.map((p) => p.spec.nodeName))).toEqual(new Set(NODES));
    for (const p of ps) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels!['controller-revision-hash']).toMatch(/^[4-9bcdf]+$/);
      expect(p.metadata.labels!['pod-template-generation']).toBe('1');
      expect(p.spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(p.spec.tolerations!.map((t) => t.key)).toContain('node.kubernetes.io/unschedulable');
      expect(p.status!.phase).toBe('Running');
    }
    expect(c.get<any>('DaemonSet', 'kube-system', 'agent')!.status).toMatchObject({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberReady: 3, numberMisscheduled: 0, numberAvailable: 3, updatedNumberScheduled: 3 });
    expect(ds.metadata.name).toBe('agent');
    // A template change rolls node by node to new pods.
    const o = structuredClone(c.get<any>('DaemonSet', 'kube-system', 'agent'));
    o.spec.template.spec.containers[0].image = 'busybox:1.37';
    updateObject(c, o);
    reconcile(c);
    const after = list<Pod>(c, 'Pod', 'kube-system');
    expect(after).toHaveLength(3);
    expect(after.every((p) => p.metadata.labels!['pod-template-generation'] === '2')).toBe(true);
    expect(after.every((p) => !ps.some((q) => q.metadata.name === p.metadata.name))).toBe(true);
  });
});
