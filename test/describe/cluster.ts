/**
 * API objects for the describe tests, shaped as a kind v1.32 apiserver returns them (defaults
 * filled in), and a DescribeContext over a fixed set of objects.
 */
import type { KObject } from '../../src/api/resources.js';
import type { DescribeContext } from '../../src/printers/describe/index.js';

export function ctxOf(now: string, objects: KObject[]): DescribeContext {
  const key = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return {
    now: new Date(now),
    list(kind: string, namespace?: string): KObject[] {
      return objects
        .filter((o) => o.kind === kind && (namespace === undefined || (o.metadata.namespace ?? '') === namespace))
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    },
  };
}

/** Shift an RFC 3339 time by whole seconds. */
export function at(base: string, seconds: number): string {
  return new Date(Date.parse(base) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let eventSeq = 0x18eb81c98491a700n;

export interface EventSpec {
  obj: KObject;
  type?: string;
  reason: string;
  message: string;
  first: string;
  last?: string;
  count?: number;
  component?: string;
  reportingComponent?: string;
  fieldPath?: string;
}

/** A core/v1 Event about `obj`, named `<obj>.<hex>` like the apiserver's events. */
export function event(e: EventSpec): KObject {
  eventSeq += 1n;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${e.obj.metadata.name}.${eventSeq.toString(16)}`,
      namespace: e.obj.metadata.namespace ?? 'default',
      uid: `ev-${eventSeq}`,
      creationTimestamp: e.first,
    },
    involvedObject: {
      apiVersion: e.obj.apiVersion,
      kind: e.obj.kind,
      name: e.obj.metadata.name,
      namespace: e.obj.metadata.namespace,
      uid: e.obj.metadata.uid,
      ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
    },
    reason: e.reason,
    message: e.message,
    type: e.type ?? 'Normal',
    count: e.count ?? 1,
    firstTimestamp: e.first,
    lastTimestamp: e.last ?? e.first,
    source: e.component ? { component: e.component, host: 'kind-control-plane' } : {},
    reportingComponent: e.reportingComponent ?? e.component ?? '',
    reportingInstance: '',
  };
}

export const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

export function apiAccessVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

export const apiAccessMount = (name: string): Record<string, unknown> => ({
  name,
  readOnly: true,
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
});

function conditions(t: string, ready: boolean, notReady?: string): Record<string, unknown>[] {
  const extra = ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${notReady}]` };
  return [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t, ...extra },
    { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t, ...extra },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t },
  ];
}

const NGINX_ID = 'docker.io/library/nginx@sha256:a484819eb60211f5299034ac80f6a681b06f89e65866ce91f356ed7c72af059c';
const READINESS = {
  httpGet: { path: '/', port: 5000, scheme: 'HTTP' },
  initialDelaySeconds: 2,
  timeoutSeconds: 1,
  periodSeconds: 5,
  successThreshold: 1,
  failureThreshold: 3,
};

export const T0 = '2026-11-26T05:36:18Z';

/** kubectl-more §2.2: a running pod of deployment frontend. */
export function runningPod(name = 'frontend-7d4b9c8f5-abcde', ip = '10.244.0.5', volume = 'kube-api-access-x0q7z'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: 'frontend-7d4b9c8f5-',
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '1234',
      creationTimestamp: T0,
      labels: { app: 'frontend', 'pod-template-hash': '7d4b9c8f5' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend-7d4b9c8f5', uid: 'uid-rs-frontend-7d4b9c8f5', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          ports: [{ containerPort: 5000, protocol: 'TCP' }],
          env: [{ name: 'APP_ENV', value: 'production' }],
          resources: {},
          readinessProbe: READINESS,
          volumeMounts: [apiAccessMount(volume)],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName: 'kind-control-plane',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: DEFAULT_TOLERATIONS,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      volumes: [apiAccessVolume(volume)],
    },
    status: {
      phase: 'Running',
      conditions: conditions(at(T0, 6), true),
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: T0,
      containerStatuses: [
        {
          name: 'web',
          state: { running: { startedAt: at(T0, 6) } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'docker.io/library/nginx:1.25',
          imageID: NGINX_ID,
          containerID: 'containerd://4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
          started: true,
        },
      ],
      qosClass: 'BestEffort',
    },
  };
}

/** kubectl-more §2.3: image `<frontend-application-image>` the kubelet cannot parse. */
export function invalidImagePod(): KObject {
  const pod = runningPod('bad-image', '10.244.0.8', 'kube-api-access-7hx2m');
  pod.metadata.labels = { app: 'frontend' };
  delete pod.metadata.ownerReferences;
  delete pod.metadata.generateName;
  const spec = pod.spec as { containers: Record<string, unknown>[] };
  spec.containers[0].image = '<frontend-application-image>';
  delete spec.containers[0].readinessProbe;
  delete spec.containers[0].env;
  pod.status = {
    phase: 'Pending',
    conditions: conditions(at(T0, 2), false, 'web'),
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }],
    podIP: '10.244.0.8',
    podIPs: [{ ip: '10.244.0.8' }],
    startTime: T0,
    containerStatuses: [
      {
        name: 'web',
        state: {
          waiting: {
            reason: 'InvalidImageName',
            message: 'Failed to apply default image tag "<frontend-application-image>": couldn\'t parse image name "<frontend-application-image>": invalid reference format',
          },
        },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: '<frontend-application-image>',
        imageID: '',
        started: false,
      },
    ],
    qosClass: 'BestEffort',
  };
  return pod;
}

/** kubectl-more §2.5: two containers, limits, fieldRef/configMap env, a sidecar restarted after OOM. */
export function multiContainerPod(): KObject {
  const t = '2026-11-26T05:31:18Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'multi',
      namespace: 'default',
      uid: 'uid-multi',
      creationTimestamp: t,
      labels: { app: 'multi', tier: 'web' },
      annotations: {
        'example.com/owner': 'team-a',
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Pod"}\n',
      },
    },
    spec: {
      volumes: [{ name: 'shared', emptyDir: {} }, apiAccessVolume('kube-api-access-mlt9k')],
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          ports: [
            { containerPort: 5000, protocol: 'TCP' },
            { containerPort: 9090, protocol: 'TCP' },
          ],
          env: [
            { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
            { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'greeting' } } },
          ],
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
          volumeMounts: [
            { name: 'shared', mountPath: '/usr/share/nginx/html' },
            apiAccessMount('kube-api-access-mlt9k'),
          ],
          livenessProbe: { tcpSocket: { port: 5000 }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          imagePullPolicy: 'IfNotPresent',
        },
        {
          name: 'sidecar',
          image: 'busybox:1.36',
          command: ['sh', '-c'],
          args: ['while true; do date > /data/index.html; sleep 5; done'],
          resources: {},
          volumeMounts: [apiAccessMount('kube-api-access-mlt9k'), { name: 'shared', mountPath: '/data' }],
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName: 'kind-control-plane',
      tolerations: DEFAULT_TOLERATIONS,
      priority: 0,
    },
    status: {
      phase: 'Running',
      conditions: conditions(at(t, 6), true),
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: '10.244.0.10',
      podIPs: [{ ip: '10.244.0.10' }],
      startTime: t,
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: at(t, 6) } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'docker.io/library/nginx:1.25',
          imageID: NGINX_ID,
          containerID: 'containerd://aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66',
          started: true,
        },
        {
          name: 'sidecar',
          state: { running: { startedAt: '2026-11-26T05:37:18Z' } },
          lastState: {
            terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-11-26T05:31:28Z', finishedAt: '2026-11-26T05:37:17Z', containerID: 'containerd://old' },
          },
          ready: true,
          restartCount: 1,
          image: 'docker.io/library/busybox:1.36',
          imageID: 'docker.io/library/busybox@sha256:768e5c6f5cb6db0794eec98dc7a967f40631746c32232b78a3105fb946f3ab83',
          containerID: 'containerd://ff00ee11dd22cc33bb44aa55ff66ee77dd88cc99bb00aa11ff22ee33dd44cc55',
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

/** kubectl-more §2.6: no node fits the cpu request. */
export function unschedulablePod(): KObject {
  const t = '2026-11-26T05:40:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'big', namespace: 'default', uid: 'uid-big', creationTimestamp: t, labels: { run: 'big' } },
    spec: {
      containers: [
        {
          name: 'big',
          image: 'nginx:1.25',
          resources: { requests: { cpu: '64' } },
          volumeMounts: [apiAccessMount('kube-api-access-9zq2w')],
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      tolerations: DEFAULT_TOLERATIONS,
      priority: 0,
      volumes: [apiAccessVolume('kube-api-access-9zq2w')],
    },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: t,
          reason: 'Unschedulable',
          message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

const TEMPLATE = {
  metadata: { labels: { app: 'frontend' } },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        ports: [{ containerPort: 5000, protocol: 'TCP' }],
        env: [{ name: 'APP_ENV', value: 'production' }],
        resources: {},
        readinessProbe: READINESS,
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  },
};

export function deployment(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'frontend',
      namespace: 'default',
      uid: 'uid-deploy-frontend',
      generation: 1,
      creationTimestamp: T0,
      labels: { app: 'frontend' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'frontend' } },
      template: structuredClone(TEMPLATE),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: at(T0, 8), lastTransitionTime: at(T0, 8), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: at(T0, 8), lastTransitionTime: T0, reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "frontend-7d4b9c8f5" has successfully progressed.' },
      ],
    },
  };
}

export function replicaSet(hash = '7d4b9c8f5', replicas = 3, template: typeof TEMPLATE = TEMPLATE, created = T0): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `frontend-${hash}`,
      namespace: 'default',
      uid: `uid-rs-frontend-${hash}`,
      creationTimestamp: created,
      labels: { app: 'frontend', 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend', uid: 'uid-deploy-frontend', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'frontend', 'pod-template-hash': hash } },
      template: { ...structuredClone(template), metadata: { labels: { app: 'frontend', 'pod-template-hash': hash } } },
    },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

export { TEMPLATE };

export function service(): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'frontend-svc',
      namespace: 'default',
      uid: 'uid-svc-frontend',
      creationTimestamp: '2026-11-26T05:38:00Z',
      labels: { app: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n' },
    },
    spec: {
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
      selector: { app: 'frontend' },
      clusterIP: '10.96.120.15',
      clusterIPs: ['10.96.120.15'],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function endpointSlice(readyIPs: string[], notReadyIPs: string[], portName = 'http', port = 5000): KObject {
  const pods = ['abcde', 'fghij', 'klmno'];
  const all = [...readyIPs.map((ip) => ({ ip, ready: true })), ...notReadyIPs.map((ip) => ({ ip, ready: false }))];
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'frontend-svc-x7k2p',
      generateName: 'frontend-svc-',
      namespace: 'default',
      uid: 'uid-eps-frontend',
      creationTimestamp: '2026-11-26T05:38:00Z',
      labels: {
        app: 'frontend',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': 'frontend-svc',
      },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-26T05:38:03Z' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'frontend-svc', uid: 'uid-svc-frontend', controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: all.map((e, i) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.ready, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: `frontend-7d4b9c8f5-${pods[i % 3]}`, uid: `uid-frontend-7d4b9c8f5-${pods[i % 3]}` },
      nodeName: 'kind-control-plane',
    })),
    ports: [{ name: portName, protocol: 'TCP', port }],
  };
}
