import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/resources.js';
import { describeObject } from '../../src/printers/describe/index.js';
import { ctxOf, event, multiContainerPod, runningPod } from './cluster.js';
import { NAMESPACE, NODE } from './vectors.js';

const NOW = '2026-11-26T05:41:22Z';
const CREATED = '2026-11-23T00:41:18Z';
const HEARTBEAT = '2026-11-26T05:40:38Z';

function kindNode(): KObject {
  const resources = { cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16365260Ki', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'kind-control-plane',
      uid: 'uid-node-kind',
      creationTimestamp: CREATED,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'kind-control-plane',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], providerID: 'kind://docker/kind/kind-control-plane' },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: HEARTBEAT, lastTransitionTime: CREATED, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: HEARTBEAT, lastTransitionTime: CREATED, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: HEARTBEAT, lastTransitionTime: CREATED, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: HEARTBEAT, lastTransitionTime: '2026-11-23T00:41:38Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'kind-control-plane' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '3c1e4d2f9a8b4c7d9e0f1a2b3c4d5e6f',
        systemUUID: '8f0c2d1e-4b3a-4c5d-9e8f-7a6b5c4d3e2f',
        bootID: '0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e',
        kernelVersion: '6.8.0-1017-gcp',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: 'v1.32.2',
        kubeProxyVersion: 'v1.32.2',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** A kube-system style pod on the node with the given requests/limits. */
function sysPod(namespace: string, name: string, requests: Record<string, string>, limits: Record<string, string> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: CREATED },
    spec: { nodeName: 'kind-control-plane', containers: [{ name: 'c', image: 'x', resources: { requests, limits } }] },
    status: { phase: 'Running' },
  };
}

/** The 16 non-terminated pods of a kind control-plane node running the tutorial's workloads. */
function podsOnNode(): KObject[] {
  const frontend = ['abcde', 'fghij', 'klmno'].map((s, i) => runningPod(`frontend-7d4b9c8f5-${s}`, `10.244.0.${5 + i}`));
  const plain = (name: string): KObject => sysPod('default', name, {});
  return [
    ...frontend,
    multiContainerPod(),
    plain('bad-image'),
    plain('pull-fail'),
    plain('curl'),
    sysPod('kube-system', 'coredns-668d6bf9bc-4xkzq', { cpu: '100m', memory: '70Mi' }, { memory: '170Mi' }),
    sysPod('kube-system', 'coredns-668d6bf9bc-8tq2m', { cpu: '100m', memory: '70Mi' }, { memory: '170Mi' }),
    sysPod('kube-system', 'etcd-kind-control-plane', { cpu: '100m', memory: '100Mi' }),
    sysPod('kube-system', 'kindnet-5wq7m', { cpu: '100m', memory: '50Mi' }, { cpu: '100m', memory: '50Mi' }),
    sysPod('kube-system', 'kube-apiserver-kind-control-plane', { cpu: '250m' }),
    sysPod('kube-system', 'kube-controller-manager-kind-control-plane', { cpu: '200m' }),
    sysPod('kube-system', 'kube-proxy-6nhjd', {}),
    sysPod('kube-system', 'kube-scheduler-kind-control-plane', { cpu: '100m' }),
    sysPod('local-path-storage', 'local-path-provisioner-58cc7856b6-2x9fq', {}),
  ];
}

function lease(renewTime: string): KObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kind-control-plane', namespace: 'kube-node-lease', uid: 'uid-lease' },
    spec: { holderIdentity: 'kind-control-plane', leaseDurationSeconds: 40, renewTime },
  };
}

describe('describe node', () => {
  it('prints the node vector of kubectl-more §3.4 (with the rows the spec omits filtered out)', () => {
    const node = kindNode();
    const finished = sysPod('default', 'job-done', { cpu: '4' });
    (finished.status as { phase: string }).phase = 'Succeeded';
    const elsewhere = sysPod('default', 'on-other-node', { cpu: '4' });
    (elsewhere.spec as { nodeName: string }).nodeName = 'kind-worker';
    const objects = [node, ...podsOnNode(), finished, elsewhere, lease('2026-11-26T05:41:15.123456Z')];
    const out = describeObject(node, ctxOf(NOW, objects));
    expect(out).toContain('\nNon-terminated Pods:          (16 in total)\n');
    const keptPods = ['frontend-7d4b9c8f5-abcde ', 'multi '];
    const shown = out
      .split('\n')
      .filter((l) => !/^ {2}(DiskPressure|PIDPressure) /.test(l))
      .filter((l) => !/^ {2}hugepages-/.test(l))
      .filter((l) => !/^ {2}(default|kube-system|local-path-storage) /.test(l) || keptPods.some((p) => l.includes(` ${p}`)))
      .join('\n');
    const capacity = NODE.split('\n').filter((l, i, all) => i > all.indexOf('Capacity:') && i <= all.indexOf('Capacity:') + 4);
    const expected = NODE.replace(/^Allocatable: .*$/m, ['Allocatable:', ...capacity].join('\n'));
    expect(shown).toBe(expected);
  });

  it('counts node events by uid and by name, and simulates a fresh lease when none is stored', () => {
    const node = kindNode();
    const byUid = event({ obj: node, reason: 'RegisteredNode', message: 'Node kind-control-plane event: Registered Node kind-control-plane in Controller', first: '2026-11-23T00:41:40Z', component: 'node-controller' });
    const byName = event({ obj: { ...node, metadata: { ...node.metadata, uid: 'kind-control-plane' } }, reason: 'Starting', message: 'Starting kubelet.', first: '2026-11-23T00:41:20Z', component: 'kubelet' });
    const out = describeObject(node, ctxOf(NOW, [node, byUid, byName]));
    expect(out).toContain('\nLease:\n  HolderIdentity:  kind-control-plane\n  AcquireTime:     <unset>\n  RenewTime:       Thu, 26 Nov 2026 05:41:22 +0000\n');
    expect(out).toContain('\nNon-terminated Pods:          (0 in total)\n');
    expect(out.slice(out.indexOf('Events:'))).toBe(
      [
        'Events:',
        '  Type    Reason          Age   From             Message',
        '  ----    ------          ----  ----             -------',
        '  Normal  Starting        3d5h  kubelet          Starting kubelet.',
        '  Normal  RegisteredNode  3d4h  node-controller  Node kind-control-plane event: Registered Node kind-control-plane in Controller',
        '',
      ].join('\n'),
    );
  });

  it('prints roles, taints and unschedulable', () => {
    const node = kindNode();
    (node.spec as Record<string, unknown>).taints = [
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' },
    ];
    (node.spec as Record<string, unknown>).unschedulable = true;
    node.metadata.labels!['kubernetes.io/role'] = 'edge';
    const out = describeObject(node, ctxOf(NOW, [node]));
    expect(out).toContain('\nRoles:              control-plane,edge\n');
    expect(out).toContain(
      '\nTaints:             node-role.kubernetes.io/control-plane:NoExecute\n                    dedicated=db:NoSchedule\n                    node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n',
    );
  });
});

describe('describe namespace', () => {
  it('prints the namespace vector of kubectl-more §3.5', () => {
    const ns: KObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', uid: 'uid-ns-default', creationTimestamp: CREATED, labels: { 'kubernetes.io/metadata.name': 'default' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    expect(describeObject(ns, ctxOf(NOW, [ns]))).toBe(NAMESPACE);
  });

  it('prints extra labels and annotations (`k: v`) of a created namespace', () => {
    const ns: KObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev', team: 'web' }, annotations: { owner: 'alice' } },
      status: { phase: 'Active' },
    };
    expect(describeObject(ns, ctxOf(NOW, [ns]))).toBe(
      'Name:         dev\nLabels:       kubernetes.io/metadata.name=dev\n              team=web\nAnnotations:  owner: alice\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
  });
});
