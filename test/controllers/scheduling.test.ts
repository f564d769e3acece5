import { describe, expect, it } from 'vitest';
import { apply, deployment, events, list, makeCluster, movableClock, pod, service, NODES } from './fixture.js';
import { createObject, deleteObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import { emptyUsage, insufficientResources, podRequests, addPodToUsage } from '../../src/controllers/node-resources.js';
import type { NodeObject, Pod } from '../../src/controllers/kubelet.js';
import type { KObject } from '../../src/api/resources.js';
import type { Cluster } from '../../src/store/cluster-state.js';

/** The default cluster's node size (store/default-cluster.ts): a 2-CPU, ~7.65Gi minikube node. */
const MINIKUBE = { cpu: '2', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8025424Ki', pods: '110' };

/** The fixture's nodes carry no status.capacity; give them one, as the default cluster's have. */
function sized(c: Cluster, allocatable: Record<string, string> = MINIKUBE, names = NODES): Cluster {
  for (const n of names) {
    const node = structuredClone(c.get<any>('Node', undefined, n));
    node.status = { ...node.status, capacity: allocatable, allocatable };
    c.put(node);
  }
  reconcile(c);
  return c;
}

const requesting = (name: string, requests: Record<string, string>, extra: Record<string, unknown> = {}): KObject => pod(name, { app: name }, [{ name: 'app', image: 'nginx:1.25', resources: { requests } }], extra);
const getPod = (c: Cluster, name: string) => c.get<Pod>('Pod', 'default', name)!;
const failures = (c: Cluster, name: string) => events(c).filter((e) => e.object === `Pod/${name}` && e.reason === 'FailedScheduling');
const cpuShort = (n: number) => `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;

describe('scheduler: resource requests against node allocatable', () => {
  it('leaves a pod that fits nowhere Pending, unbound, without IP, with one FailedScheduling event (kubectl-more §2.6)', () => {
    const c = sized(makeCluster());
    apply(c, requesting('huge', { cpu: '64' }));
    const p = getPod(c, 'huge');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.podIP).toBeUndefined();
    expect(p.status!.containerStatuses).toBeUndefined();
    expect(p.status!.conditions).toEqual([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: cpuShort(3), lastProbeTime: null, lastTransitionTime: '2026-11-26T05:36:18Z' }]);
    expect(failures(c, 'huge')).toEqual([expect.objectContaining({ type: 'Warning', message: cpuShort(3), count: 1, source: { component: 'default-scheduler' } })]);
    // A later pass over the same cluster changes nothing: no second event, the state settles.
    const rv = c.state.resourceVersion;
    apply(c, service('other', { app: 'none' }, [{ port: 80 }]));
    expect(getPod(c, 'huge').spec.nodeName).toBeUndefined();
    expect(failures(c, 'huge')).toHaveLength(1);
    expect(c.state.resourceVersion).toBeGreaterThan(rv);
  });

  it('retries a stuck pod every 5 minutes, counting the same FailedScheduling event again (x3 over 10m)', () => {
    const clock = movableClock('2026-11-26T05:36:18Z');
    const c = sized(makeCluster(42, clock));
    apply(c, requesting('huge', { cpu: '64' }));
    clock.advance(4 * 60);
    apply(c, service('a', { app: 'none' }, [{ port: 80 }]));
    expect(failures(c, 'huge')).toEqual([expect.objectContaining({ count: 1 })]);
    clock.advance(7 * 60); // 11 minutes after the first attempt: retried at 5 and 10 minutes
    apply(c, service('b', { app: 'none' }, [{ port: 80 }]));
    const [ev] = c.list<any>('Event', 'default').filter((e) => e.reason === 'FailedScheduling');
    expect([ev.count, ev.firstTimestamp, ev.lastTimestamp]).toEqual([3, '2026-11-26T05:36:18Z', '2026-11-26T05:46:18Z']);
    expect(getPod(c, 'huge').spec.nodeName).toBeUndefined();
  });

  it('names every short resource, sorted, counted per node', () => {
    const c = sized(makeCluster());
    apply(c, requesting('both', { cpu: '8', memory: '64Gi' }));
    expect(failures(c, 'both')[0].message).toBe(
      '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    apply(c, requesting('gpu', { 'example.com/gpu': '1', 'ephemeral-storage': '1Ti' }));
    expect(failures(c, 'gpu')[0].message).toBe(
      '0/3 nodes are available: 3 Insufficient ephemeral-storage, 3 Insufficient example.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('mixes filter reasons: preemption cannot help a tainted node, but might where room is short', () => {
    const c = sized(makeCluster());
    const n0 = structuredClone(c.get<any>('Node', undefined, 'kubesim'));
    n0.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    c.put(n0);
    reconcile(c);
    apply(c, requesting('huge', { cpu: '3' }));
    expect(failures(c, 'huge')[0].message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('sums the requests of the pods already bound to each node', () => {
    const c = sized(makeCluster());
    for (const name of ['a', 'b', 'c']) apply(c, requesting(name, { cpu: '1500m' }));
    expect(new Set(['a', 'b', 'c'].map((n) => getPod(c, n).spec.nodeName))).toEqual(new Set(NODES));
    // 500m left on each node: 600m fits nowhere, 500m fits exactly.
    apply(c, requesting('d', { cpu: '600m' }));
    expect(getPod(c, 'd').spec.nodeName).toBeUndefined();
    expect(failures(c, 'd')[0].message).toBe(cpuShort(3));
    apply(c, requesting('e', { cpu: '500m' }));
    expect(getPod(c, 'e').spec.nodeName).toBeDefined();
  });

  it('counts a limit without a request as the request, and init containers by the max rule', () => {
    const c = sized(makeCluster());
    apply(c, pod('limited', {}, [{ name: 'app', image: 'nginx:1.25', resources: { limits: { cpu: '3' } } }]));
    expect(getPod(c, 'limited').spec.nodeName).toBeUndefined();
    expect(failures(c, 'limited')[0].message).toBe(cpuShort(3));
    // The init container needs 1800m alone; the app 300m: 1800m is reserved, not 2100m.
    const init = pod('init', {}, [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '300m' } } }], {
      initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'], resources: { requests: { cpu: '1800m' } } }],
    });
    apply(c, init);
    const node = getPod(c, 'init').spec.nodeName!;
    expect(node).toBeDefined();
    expect(podRequests(getPod(c, 'init')).get('cpu')!.nanos).toBe(1_800_000_000n);
  });

  it('schedules a Pending pod once a deletion frees room, and once a new node joins', () => {
    const c = sized(makeCluster());
    for (const name of ['a', 'b', 'c']) apply(c, requesting(name, { cpu: '1500m' }));
    apply(c, requesting('late', { cpu: '1500m' }));
    expect(getPod(c, 'late').spec.nodeName).toBeUndefined();
    const freed = getPod(c, 'b').spec.nodeName;
    deleteObject(c, 'Pod', 'default', 'b');
    reconcile(c);
    const late = getPod(c, 'late');
    expect(late.spec.nodeName).toBe(freed);
    expect(late.status!.phase).toBe('Running');
    expect(late.status!.podIP).toMatch(/^10\.244\.\d\.\d+$/);
    expect(late.status!.conditions!.find((x) => x.type === 'PodScheduled')!.status).toBe('True');
    expect(events(c).filter((e) => e.object === 'Pod/late').map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled', 'Pulled', 'Created', 'Started']);

    apply(c, requesting('later', { cpu: '1' }));
    expect(getPod(c, 'later').spec.nodeName).toBeUndefined();
    const extra = structuredClone(c.get<NodeObject>('Node', undefined, 'kubesim-m03')!) as any;
    extra.metadata = { name: 'kubesim-m04', labels: { 'kubernetes.io/hostname': 'kubesim-m04', 'kubernetes.io/os': 'linux' } };
    extra.spec = { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] };
    extra.status.addresses = [{ type: 'InternalIP', address: '192.168.49.5' }];
    createObject(c, extra);
    reconcile(c);
    expect(getPod(c, 'later').spec.nodeName).toBe('kubesim-m04');
    expect(getPod(c, 'later').status!.podIP).toBe('10.244.3.2');
  });

  it('turns away the 111th pod of a 110-pod node ("Too many pods")', () => {
    const c = sized(makeCluster(), { ...MINIKUBE, pods: '1' });
    apply(c, pod('one', {}, [{ name: 'app', image: 'nginx:1.25' }]));
    apply(c, pod('two', {}, [{ name: 'app', image: 'nginx:1.25' }]));
    apply(c, pod('three', {}, [{ name: 'app', image: 'nginx:1.25' }]));
    apply(c, pod('four', {}, [{ name: 'app', image: 'nginx:1.25' }]));
    expect(getPod(c, 'four').spec.nodeName).toBeUndefined();
    expect(failures(c, 'four')[0].message).toBe(
      '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('keeps spreading and pod IPs of pods without requests exactly as before', () => {
    const plain = makeCluster();
    const sizedC = sized(makeCluster());
    for (const c of [plain, sizedC]) apply(c, deployment('web', { replicas: 5 }));
    const layout = (c: Cluster) => list<Pod>(c, 'Pod').map((p) => `${p.metadata.name} ${p.spec.nodeName} ${p.status!.podIP}`);
    expect(layout(sizedC)).toEqual(layout(plain));
  });

  it('a Deployment whose pods fit nowhere has none available, and its Service no endpoint address', () => {
    const c = sized(makeCluster());
    const d = deployment('big', { replicas: 2 }) as any;
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '4' } };
    apply(c, d);
    apply(c, service('big', { app: 'big' }, [{ port: 80, targetPort: 5000 }]));
    const ps = list<Pod>(c, 'Pod');
    expect(ps).toHaveLength(2);
    for (const p of ps) expect(p.spec.nodeName).toBeUndefined();
    const status = c.get<any>('Deployment', 'default', 'big')!.status;
    expect(status.availableReplicas ?? 0).toBe(0);
    expect(status.unavailableReplicas).toBe(2);
    expect(status.conditions.find((x: any) => x.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    const ep = c.get<any>('Endpoints', 'default', 'big')!;
    expect(ep.subsets ?? []).toEqual([]);
    const slices = list<any>(c, 'EndpointSlice').filter((s) => s.metadata.labels['kubernetes.io/service-name'] === 'big');
    expect(slices.flatMap((s) => s.endpoints ?? [])).toEqual([]);
  });
});

describe('insufficientResources (the NodeResourcesFit filter)', () => {
  const node = (allocatable?: Record<string, string>): NodeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: allocatable ? { allocatable } : {} });
  const req = (r: Record<string, string>) => podRequests(requesting('p', r) as unknown as Pod);

  it('compares cpu in millicores and the rest in whole units, against allocatable minus requested', () => {
    const usage = emptyUsage();
    addPodToUsage(usage, req({ cpu: '1.5', memory: '1Gi' }));
    expect(insufficientResources(req({ cpu: '500m' }), node(MINIKUBE), usage)).toEqual([]);
    expect(insufficientResources(req({ cpu: '501m' }), node(MINIKUBE), usage)).toEqual(['Insufficient cpu']);
    expect(insufficientResources(req({ memory: '7Gi' }), node(MINIKUBE), usage)).toEqual(['Insufficient memory']);
    expect(insufficientResources(req({ memory: '6Gi' }), node(MINIKUBE), usage)).toEqual([]);
  });

  it('ignores resource names the scheduler does not fit, and nodes that report no allocatable', () => {
    expect(insufficientResources(req({ storage: '1Pi' }), node(MINIKUBE), emptyUsage())).toEqual([]);
    expect(insufficientResources(req({ cpu: '1000' }), node(undefined), emptyUsage())).toEqual([]);
    expect(insufficientResources(req({ 'hugepages-2Mi': '2Mi' }), node(MINIKUBE), emptyUsage())).toEqual(['Insufficient hugepages-2Mi']);
  });
});
