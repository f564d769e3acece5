/**
 * The embedded default cluster, shaped like a 3-node minikube (docker driver): nodes `kubesim`
 * (control-plane, schedulable), `kubesim-m02`, `kubesim-m03` at 192.168.49.2-4, one /24 of
 * 10.244.0.0/16 each; the system namespaces; `default/kubernetes` at 10.96.0.1 and
 * `kube-system/kube-dns` at 10.96.0.10 with two CoreDNS pods; kube-proxy and kindnet on every node.
 */
import type { Clock } from '../clock.js';
import { rfc3339 } from '../clock.js';
import { Random } from '../random.js';
import type { KObject } from '../api/resources.js';
import { Cluster, STATE_API_VERSION, STATE_FORMAT_VERSION, type ClusterSpec, type ClusterState } from './cluster-state.js';
import { createObject } from '../apiserver/objects.js';
import { reconcile } from '../controllers/reconcile.js';

export const KUBERNETES_VERSION = 'v1.32.0';

export interface NewClusterOptions {
  name: string;
  nodes: number;
  seed: string;
  loadBalancerPool?: string;
}

function nodeName(cluster: string, i: number): string {
  return i === 0 ? cluster : `${cluster}-m${String(i + 1).padStart(2, '0')}`;
}

function nodeObject(cluster: string, i: number, random: Random): KObject {
  const name = nodeName(cluster, i);
  const ip = `192.168.49.${i + 2}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'minikube.k8s.io/name': cluster,
    'minikube.k8s.io/primary': String(i === 0),
  };
  if (i === 0) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const capacity = { cpu: '2', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8025424Ki', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: capacity,
      capacity,
      conditions: [],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: random.uuid(),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1017-gcp',
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        machineID: random.hex(32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: random.uuid(),
      },
    },
  };
}

function nodeConditions(created: string): unknown[] {
  const c = (type: string, status: string, reason: string, message: string) => ({ lastHeartbeatTime: created, lastTransitionTime: created, message, reason, status, type });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

const ns = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

function kubernetesService(): KObject[] {
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }], sessionAffinity: 'None', type: 'ClusterIP' },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.49.2'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
    },
  ];
}

function kubeDns(): KObject[] {
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: labels,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'coredns',
                image: 'registry.k8s.io/coredns/coredns:v1.11.3',
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
                resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              },
            ],
            dnsPolicy: 'Default',
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
            ],
          },
        },
      },
    },
  ];
}

function daemonSet(name: string, image: string, labels: Record<string, string>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name, image }],
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
        },
      },
    },
  };
}

function staticPod(component: string, image: string, node: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${component}-${node}`, namespace: 'kube-system', labels: { component, tier: 'control-plane' } },
    spec: {
      containers: [{ name: component, image }],
      hostNetwork: true,
      nodeName: node,
      priorityClassName: 'system-node-critical',
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  };
}

/** A fresh cluster state: the system objects, reconciled (CoreDNS pods running, endpoints filled). */
export function newClusterState(opts: NewClusterOptions, clock: Clock): ClusterState {
  const random = Random.fromSeed(opts.seed);
  const spec: ClusterSpec = {
    name: opts.name,
    kubernetesVersion: KUBERNETES_VERSION,
    serviceCIDR: '10.96.0.0/12',
    podCIDR: '10.244.0.0/16',
    nodePortRange: '30000-32767',
    clusterDomain: 'cluster.local',
    seed: opts.seed,
    createdAt: rfc3339(clock.now()),
  };
  if (opts.loadBalancerPool) spec.loadBalancerPool = opts.loadBalancerPool;
  const state: ClusterState = {
    apiVersion: STATE_API_VERSION,
    kind: 'ClusterState',
    formatVersion: STATE_FORMAT_VERSION,
    cluster: spec,
    resourceVersion: 0,
    random: random.state(),
    ipam: {},
    objects: {},
    logs: {},
  };
  const cluster = new Cluster(state, clock);
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) createObject(cluster, ns(name));
  for (let i = 0; i < opts.nodes; i++) {
    const node = createObject(cluster, nodeObject(opts.name, i, cluster.random));
    (node.status as { conditions: unknown[] }).conditions = nodeConditions(node.metadata.creationTimestamp!);
  }
  for (const o of [...kubernetesService(), ...kubeDns()]) createObject(cluster, o);
  createObject(cluster, daemonSet('kube-proxy', `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, { 'k8s-app': 'kube-proxy' }));
  if (opts.nodes > 1) createObject(cluster, daemonSet('kindnet', 'docker.io/kindest/kindnetd:v20241108-5c6d2daf', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }));
  const cp = nodeName(opts.name, 0);
  createObject(cluster, staticPod('etcd', 'registry.k8s.io/etcd:3.5.16-0', cp));
  createObject(cluster, staticPod('kube-apiserver', `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, cp));
  createObject(cluster, staticPod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`, cp));
  createObject(cluster, staticPod('kube-scheduler', `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, cp));
  reconcile(cluster);
  cluster.syncRandom();
  return state;
}
