import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/resources.js';
import { buildTable, podStatusCells, renderTables, type TableOptions } from '../../src/printers/tables.js';
import { podTableView } from '../../src/printers/pod-table-view.js';
import { renderTable } from '../../src/printers/tabwriter.js';
import {
  D,
  H,
  M,
  NOW,
  ago,
  byName,
  deployment,
  endpoints,
  event,
  multiPod,
  pod,
  replicaSet,
  runningStatus,
  services,
  svc,
  waitingPod,
  webSpec,
} from './fixtures.js';

const base: TableOptions = { now: NOW, wide: false, showLabels: false, labelColumns: [], withNamespace: false };

function table(kind: string, objects: KObject[], opts: Partial<TableOptions> = {}, noHeaders = false): string {
  const t = buildTable(kind, objects, { ...base, ...opts });
  const out = renderTable(noHeaders ? t.rows : [t.header, ...t.rows]);
  // Pod tables print the same from the state file's table view (printers/pod-table-view.ts).
  if (kind === 'Pod') {
    for (const more of [{}, { wide: true, showLabels: true, labelColumns: ['app', 'tier'] }]) {
      expect(buildTable(kind, objects.map(podTableView), { ...base, ...opts, ...more })).toEqual(buildTable(kind, objects, { ...base, ...opts, ...more }));
    }
  }
  return out;
}

const lines = (...l: string[]) => l.map((x) => x + '\n').join('');

describe('services (kubectl-client.md §2.2)', () => {
  it('prints the svc -o wide vector', () => {
    expect(table('Service', services, { wide: true })).toBe(
      lines(
        'NAME           TYPE           CLUSTER-IP     EXTERNAL-IP       PORT(S)                      AGE     SELECTOR',
        'eip-svc        ClusterIP      10.96.50.50    1.2.3.4,5.6.7.8   8080/TCP                     400d    app=none',
        'ext-svc        ExternalName   <none>         db.example.com    <none>                       10d     <none>',
        'frontend-svc   ClusterIP      10.96.120.15   <none>            80/TCP                       3m15s   app=frontend',
        'headless       ClusterIP      None           <none>            5000/UDP                     9h      app=frontend',
        'kubernetes     ClusterIP      10.96.0.1      <none>            443/TCP                      3d5h    <none>',
        'lb-svc         LoadBalancer   10.96.44.8     <pending>         80:31380/TCP                 2d3h    app=frontend',
        'np-svc         NodePort       10.96.33.7     <none>            80:32233/TCP,443:30443/TCP   8s      app=frontend',
      ),
    );
  });

  it('sorts, dedupes and truncates load-balancer ingress (16 chars, not wide)', () => {
    const lb = (ingress: unknown[], externalIPs?: string[]) =>
      svc('lb', 60, { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], ...(externalIPs ? { externalIPs } : {}) }, { loadBalancer: { ingress } });
    const ext = (o: KObject, wide: boolean) => buildTable('Service', [o], { ...base, wide }).rows[0][3];
    expect(ext(lb([{ ip: '172.18.255.200' }]), false)).toBe('172.18.255.200');
    expect(ext(lb([{ ip: '2.2.2.2' }, { ip: '1.1.1.1' }, { ip: '2.2.2.2' }]), false)).toBe('1.1.1.1,2.2.2.2');
    expect(ext(lb([{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }]), false)).toBe('10.0.0.1,10.0...');
    expect(ext(lb([{ ip: '172.18.255.201' }, { ip: '172.18.255.200' }]), false)).toBe('172.18.255.20...');
    expect(ext(lb([{ ip: '172.18.255.201' }, { ip: '172.18.255.200' }]), true)).toBe('172.18.255.200,172.18.255.201');
    expect(ext(lb([{ hostname: 'lb.example.com' }]), false)).toBe('lb.example.com');
    expect(ext(lb([{ ip: '1.1.1.1' }], ['9.9.9.9']), false)).toBe('1.1.1.1,9.9.9.9');
    expect(ext(lb([], ['9.9.9.9']), false)).toBe('9.9.9.9');
    expect(ext(lb([]), false)).toBe('<pending>');
  });

  it('shows <unknown> for a service without a type', () => {
    expect(buildTable('Service', [svc('x', 5, { clusterIPs: ['10.96.0.2'] })], base).rows[0]).toEqual(['x', '', '10.96.0.2', '<unknown>', '<none>', '5s']);
  });

  it('adds NAMESPACE with -A, LABELS with --show-labels and -L columns after wide columns', () => {
    const s = svc('web', 65, { type: 'ClusterIP', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } });
    s.metadata.labels = { app: 'web', 'app.kubernetes.io/tier': 'front' };
    s.metadata.namespace = 'shop';
    expect(table('Service', [s], { withNamespace: true, wide: true, showLabels: true, labelColumns: ['app.kubernetes.io/tier', 'missing'] })).toBe(
      lines(
        'NAMESPACE   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR   TIER    MISSING   LABELS',
        'shop        web    ClusterIP   10.96.1.1    <none>        80/TCP    65s   app=web    front             app=web,app.kubernetes.io/tier=front',
      ),
    );
  });

  it('keeps the padding of an empty last -L column', () => {
    const a = svc('a', 5, { type: 'ClusterIP', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, protocol: 'TCP' }] });
    expect(table('Service', [a], { labelColumns: ['app'] })).toBe(
      lines('NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   APP', 'a      ClusterIP   10.96.1.1    <none>        80/TCP    5s    '),
    );
  });
});

describe('endpoints and endpointslices (§2.3, §2.4)', () => {
  const ready = (...ips: string[]) => ips.map((ip) => ({ ip }));
  it('prints the endpoints vector', () => {
    const eps = [
      endpoints('eip-svc', 400 * D),
      endpoints('frontend-svc', 3 * M + 15, [{ addresses: ready('10.244.0.5', '10.244.0.6'), notReadyAddresses: ready('10.244.0.9'), ports: [{ name: 'http', port: 5000, protocol: 'TCP' }] }]),
      endpoints('np-svc', 8, [
        {
          addresses: ready('10.244.0.5', '10.244.0.6', '10.244.0.7', '10.244.0.8'),
          ports: [
            { name: 'http', port: 5000, protocol: 'TCP' },
            { name: 'https', port: 8443, protocol: 'TCP' },
          ],
        },
      ]),
    ];
    expect(table('Endpoints', eps)).toBe(
      lines(
        'NAME           ENDPOINTS                                                     AGE',
        'eip-svc        <none>                                                        400d',
        'frontend-svc   10.244.0.5:5000,10.244.0.6:5000                               3m15s',
        'np-svc         10.244.0.5:5000,10.244.0.6:5000,10.244.0.7:5000 + 5 more...   8s',
      ),
    );
  });

  it('brackets IPv6, prints bare IPs for port-less subsets, and ignores not-ready addresses', () => {
    const cell = (subsets: unknown[]) => buildTable('Endpoints', [endpoints('x', 1, subsets)], base).rows[0][1];
    expect(cell([{ addresses: ready('fd00::5'), ports: [{ port: 80 }] }])).toBe('[fd00::5]:80');
    expect(cell([{ addresses: ready('10.0.0.1', '10.0.0.2') }])).toBe('10.0.0.1,10.0.0.2');
    expect(cell([{ addresses: ready('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4') }])).toBe('10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...');
    expect(cell([{ notReadyAddresses: ready('10.0.0.1'), ports: [{ port: 80 }] }])).toBe('');
    expect(
      cell([
        { addresses: ready('10.0.0.1'), ports: [{ port: 80 }] },
        { addresses: ready('10.0.0.2', '10.0.0.3', '10.0.0.4'), ports: [{ port: 81 }] },
      ]),
    ).toBe('10.0.0.1:80,10.0.0.2:81,10.0.0.3:81 + 1 more...');
  });

  it('prints endpointslices (obs-fake cells)', () => {
    const slice = (name: string, ports: unknown[], addrs: string[][], age: number): KObject => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: 'default', creationTimestamp: ago(age), labels: { 'kubernetes.io/service-name': name.replace(/-[a-z0-9]{5}$/, '') } },
      addressType: 'IPv4',
      ports,
      endpoints: addrs.map((a, i) => ({ addresses: a, conditions: { ready: i % 2 === 0 } })),
    });
    expect(
      table('EndpointSlice', [
        slice('frontend-svc-x7k2p', [{ name: 'http', port: 5000, protocol: 'TCP' }], [['10.244.0.5'], ['10.244.0.6']], 195),
        slice('np-svc-abcde', [{ name: 'http', port: 5000, protocol: 'TCP' }, { name: 'https', port: 8443, protocol: 'TCP' }], [['10.244.0.5'], ['10.244.0.6'], ['10.244.0.7'], ['10.244.0.8']], 8),
        slice('empty-svc-zzzzz', [], [], 8),
        slice('named-aaaaa', [{ name: 'http' }, {}, { port: 1 }, { port: 2 }, { port: 3 }], [], 8),
      ]),
    ).toBe(
      lines(
        'NAME                 ADDRESSTYPE   PORTS                  ENDPOINTS                                      AGE',
        'frontend-svc-x7k2p   IPv4          5000                   10.244.0.5,10.244.0.6                          3m15s',
        'np-svc-abcde         IPv4          5000,8443              10.244.0.5,10.244.0.6,10.244.0.7 + 1 more...   8s',
        'empty-svc-zzzzz      IPv4          <unset>                <unset>                                        8s',
        'named-aaaaa          IPv4          http,*,1 + 2 more...   <unset>                                        8s',
      ),
    );
  });
});

describe('pods (§2.5)', () => {
  const donePod = pod(
    'done-pod',
    66 * M,
    webSpec('kind-control-plane'),
    {
      phase: 'Succeeded',
      conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
      containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: ago(60 * M) } }, lastState: {} }],
    },
  );
  const frontend = pod('frontend-7d4b9c8f5-abcde', 127 * M, webSpec('kind-control-plane'), runningStatus('10.244.0.5', 127 * M));
  const pending = pod('pending-pod', 36, webSpec(), { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });

  it('prints the pods -o wide vector', () => {
    expect(table('Pod', [donePod, frontend, pending], { wide: true })).toBe(
      lines(
        'NAME                       READY   STATUS              RESTARTS   AGE    IP           NODE                 NOMINATED NODE   READINESS GATES',
        'done-pod                   0/1     Completed           0          66m    <none>       kind-control-plane   <none>           <none>',
        'frontend-7d4b9c8f5-abcde   1/1     Running             0          127m   10.244.0.5   kind-control-plane   <none>           <none>',
        'pending-pod                0/1     ContainerCreating   0          36s    <none>       <none>               <none>           <none>',
      ),
    );
  });

  it('prints the minwidth vector with --no-headers', () => {
    const p = pod('frontend-7d4b9c8f5-abcde', 128 * M, webSpec('n'), runningStatus('10.244.0.5', 128 * M));
    expect(table('Pod', [p], {}, true)).toBe('frontend-7d4b9c8f5-abcde   1/1   Running   0     128m\n');
  });

  it('prints the -A vector', () => {
    expect(table('Pod', [frontend], { withNamespace: true })).toBe(
      lines('NAMESPACE   NAME                       READY   STATUS    RESTARTS   AGE', 'default     frontend-7d4b9c8f5-abcde   1/1     Running   0          127m'),
    );
  });

  // Every vector also holds for the state file's table view of the pod (printers/pod-table-view.ts).
  const st = (p: KObject) => {
    const cells = podStatusCells(p, NOW);
    expect(podStatusCells(podTableView(p), NOW)).toEqual(cells);
    return cells;
  };

  it('shows the restart age from lastState.terminated.finishedAt', () => {
    expect(st(multiPod(10 * M, 4 * M + 2))).toEqual({ ready: '2/2', status: 'Running', restarts: '1 (4m2s ago)' });
    expect(st(multiPod(10 * M))).toEqual({ ready: '2/2', status: 'Running', restarts: '1' });
  });

  it('scans containers last to first: the first container decides', () => {
    const p = pod('x', 60, { containers: [{ name: 'a' }, { name: 'b' }] }, {
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5) } } },
        { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } },
      ],
    });
    expect(st(p)).toEqual({ ready: '0/2', status: 'CrashLoopBackOff', restarts: '2 (5s ago)' });
  });

  it('uses terminated reasons, exit codes and signals', () => {
    const term = (t: Record<string, unknown>) => pod('x', 60, { containers: [{ name: 'a' }] }, { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: t } }] });
    expect(st(term({ exitCode: 137, reason: 'OOMKilled' })).status).toBe('OOMKilled');
    expect(st(term({ exitCode: 3 })).status).toBe('ExitCode:3');
    expect(st(term({ exitCode: 0, signal: 9 })).status).toBe('Signal:9');
  });

  it('turns Completed into Running or NotReady while another container runs', () => {
    const p = (readyCond: string) =>
      pod('x', 60, { containers: [{ name: 'a' }, { name: 'b' }] }, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: readyCond }],
        containerStatuses: [
          { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'b', ready: true, restartCount: 0, state: { running: {} } },
        ],
      });
    expect(st(p('True'))).toMatchObject({ ready: '1/2', status: 'Running' });
    expect(st(p('False'))).toMatchObject({ ready: '1/2', status: 'NotReady' });
  });

  it('reports init containers: Init:i/n, Init:<reason>, Init:ExitCode:N', () => {
    const init = (statuses: unknown[], conditions: unknown[] = []) =>
      pod('x', 60, { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] }, {
        phase: 'Pending',
        conditions,
        initContainerStatuses: statuses,
        containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      });
    expect(st(init([{ name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'i2', state: { running: {} } }])).status).toBe('Init:1/2');
    expect(st(init([{ name: 'i1', state: { waiting: { reason: 'PodInitializing' } } }, { name: 'i2', state: { waiting: {} } }])).status).toBe('Init:0/2');
    expect(st(init([{ name: 'i1', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }, { name: 'i2', state: {} }]))).toEqual({ ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '3' });
    expect(st(init([{ name: 'i1', state: { terminated: { exitCode: 2 } } }, { name: 'i2', state: {} }])).status).toBe('Init:ExitCode:2');
    expect(st(init([{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }, { name: 'i2', state: {} }])).status).toBe('Init:Error');
    // All init containers done: the regular containers decide.
    expect(st(init([{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { terminated: { exitCode: 0 } } }])).status).toBe('PodInitializing');
  });

  it('counts restartable (sidecar) init containers in READY', () => {
    const p = pod('x', 60, { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'a' }] }, {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} } }],
      containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }],
    });
    expect(st(p)).toEqual({ ready: '2/2', status: 'Running', restarts: '1' });
  });

  it('shows Terminating for a deleted pod that is not finished, Unknown for NodeLost', () => {
    const p = pod('x', 60, webSpec('n'), runningStatus('10.244.0.5', 60), { deletionTimestamp: ago(1) });
    expect(st(p).status).toBe('Terminating');
    const done = pod('y', 60, webSpec('n'), { phase: 'Succeeded' }, { deletionTimestamp: ago(1) });
    expect(st(done).status).toBe('Succeeded');
    const lost = pod('z', 60, webSpec('n'), { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(1) });
    expect(st(lost).status).toBe('Unknown');
  });

  it('uses status.reason over the phase, and SchedulingGated', () => {
    expect(st(pod('x', 1, webSpec(), { phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted');
    expect(st(pod('x', 1, webSpec(), { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status).toBe('SchedulingGated');
  });

  it('counts readiness gates', () => {
    const p = pod('x', 60, { ...webSpec('n'), readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }] }, { ...runningStatus('10.244.0.5', 60), conditions: [{ type: 'example.com/a', status: 'True' }] });
    expect(buildTable('Pod', [p], { ...base, wide: true }).rows[0][8]).toBe('1/2');
    expect(buildTable('Pod', [podTableView(p)], { ...base, wide: true }).rows[0][8]).toBe('1/2');
  });
});

const frontendDeploy = deployment('frontend', 127 * M, 2, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }, [{ name: 'web', image: 'nginx:1.25' }], { matchLabels: { app: 'frontend' } });

describe('deployments, replicasets, statefulsets, daemonsets (§2.6)', () => {
  it('prints the deployments -o wide vector', () => {
    const api = deployment('api', 5 * M + 7, 1, { replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 }, [{ name: 'api', image: 'api:1' }, { name: 'side', image: 'busybox' }], {
      matchLabels: { app: 'api' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['be'] }],
    });
    expect(table('Deployment', [api, frontendDeploy], { wide: true })).toBe(
      lines(
        'NAME       READY   UP-TO-DATE   AVAILABLE   AGE    CONTAINERS   IMAGES          SELECTOR',
        'api        0/1     1            0           5m7s   api,side     api:1,busybox   app=api,tier in (be)',
        'frontend   2/2     2            2           127m   web          nginx:1.25      app=frontend',
      ),
    );
  });

  it('prints replicasets, wide adds CONTAINERS IMAGES SELECTOR', () => {
    const rs = replicaSet('frontend-7d4b9c8f5', 5 * M + 5, 3, { replicas: 3, readyReplicas: 3, availableReplicas: 3 }, [{ name: 'web', image: 'nginx:1.25' }], { matchLabels: { app: 'frontend', 'pod-template-hash': '7d4b9c8f5' } });
    expect(table('ReplicaSet', [rs], { wide: true })).toBe(
      lines(
        'NAME                 DESIRED   CURRENT   READY   AGE    CONTAINERS   IMAGES       SELECTOR',
        'frontend-7d4b9c8f5   3         3         3       5m5s   web          nginx:1.25   app=frontend,pod-template-hash=7d4b9c8f5',
      ),
    );
  });

  it('prints statefulsets and daemonsets', () => {
    const sts: KObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default', creationTimestamp: ago(4 * H) }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'pg', image: 'postgres:16' }] } } }, status: { readyReplicas: 2 } };
    expect(table('StatefulSet', [sts], { wide: true })).toBe(lines('NAME   READY   AGE   CONTAINERS   IMAGES', 'db     2/3     4h    pg           postgres:16'));
    const ds: KObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', creationTimestamp: ago(3 * D + 5 * H) },
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
    };
    expect(table('DaemonSet', [ds])).toBe(
      lines('NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE', 'kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   3d5h'),
    );
    expect(buildTable('DaemonSet', [ds], { ...base, wide: true }).header.slice(-3)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(buildTable('DaemonSet', [ds], { ...base, wide: true }).rows[0].slice(-1)).toEqual(['k8s-app=kube-proxy']);
  });
});

describe('nodes and namespaces (§2.6)', () => {
  const node = (name: string, labels: Record<string, string>, ready: string | undefined, unschedulable = false, info: Record<string, string> = {}): KObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, creationTimestamp: ago(3 * D + 5 * H) },
    spec: unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: ready === undefined ? [] : [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.32.0', ...info },
    },
  });

  it('prints node status, roles and version', () => {
    const cp = node('kind-control-plane', { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'kind-control-plane' }, 'True', false, { osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.18' });
    const w = node('worker', { 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/edge': 'x' }, 'False', true);
    const u = node('ghost', {}, undefined);
    expect(table('Node', [cp, w, u])).toBe(
      lines(
        'NAME                 STATUS                        ROLES           AGE    VERSION',
        'kind-control-plane   Ready                         control-plane   3d5h   v1.32.0',
        'worker               NotReady,SchedulingDisabled   edge,infra      3d5h   v1.32.0',
        'ghost                Unknown                       <none>          3d5h   v1.32.0',
      ),
    );
    expect(buildTable('Node', [cp, w], { ...base, wide: true }).rows.map((r) => r.slice(5))).toEqual([
      ['172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.8.0', 'containerd://1.7.18'],
      ['172.18.0.2', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ]);
  });

  it('never adds NAMESPACE to cluster-scoped kinds', () => {
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: ago(3 * D + 5 * H) }, status: { phase: 'Active' } };
    expect(table('Namespace', [ns], { withNamespace: true })).toBe(lines('NAME      STATUS   AGE', 'default   Active   3d5h'));
  });
});

describe('fallback printer', () => {
  it('prints NAME AGE for kinds without a printer', () => {
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', creationTimestamp: ago(45) } };
    expect(table('ConfigMap', [cm], { namePrefix: 'configmap/' })).toBe(lines('NAME            AGE', 'configmap/cfg   45s'));
  });
});

describe('several kinds (§2.8, kubectl-more.md §4.1)', () => {
  const eps = [endpoints('frontend-svc', 3 * M + 15, [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ port: 5000, protocol: 'TCP' }] }])];
  const tablesFor = (groups: [string, string, KObject[]][], opts: Partial<TableOptions> = {}) => groups.map(([kind, prefix, objs]) => buildTable(kind, objs, { ...base, ...opts, namePrefix: prefix }));

  it('prints get svc,ep frontend-svc', () => {
    expect(renderTables(tablesFor([['Service', 'service/', byName(services, 'frontend-svc')], ['Endpoints', 'endpoints/', eps]]), { noHeaders: false })).toBe(
      lines(
        'NAME                   TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE',
        'service/frontend-svc   ClusterIP   10.96.120.15   <none>        80/TCP    3m15s',
        '',
        'NAME                     ENDPOINTS                         AGE',
        'endpoints/frontend-svc   10.244.0.5:5000,10.244.0.6:5000   3m15s',
      ),
    );
  });

  it('skips a kind with no rows (get svc,deploy -l …)', () => {
    expect(renderTables(tablesFor([['Service', 'service/', byName(services, 'kubernetes')], ['Deployment', 'deployment.apps/', []]]), { noHeaders: false })).toBe(
      lines('NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   3d5h'),
    );
  });

  it('prints no headers and no blank lines with --no-headers', () => {
    const kep = [endpoints('kubernetes', 3 * D + 5 * H, [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }])];
    expect(renderTables(tablesFor([['Service', 'service/', byName(services, 'kubernetes')], ['Endpoints', 'endpoints/', kep]]), { noHeaders: true })).toBe(
      lines('service/kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   3d5h', 'endpoints/kubernetes   172.18.0.2:6443   3d5h'),
    );
  });

  it('prints the get all vector', () => {
    const fe = (suffix: string) => pod(`frontend-7d4b9c8f5-${suffix}`, 5 * M + 5, webSpec('kind-control-plane'), runningStatus('10.244.0.5', 5 * M + 5));
    const pods = [
      waitingPod('bad-image', 95, 'InvalidImageName', '<frontend-application-image>'),
      fe('abcde'),
      fe('fghij'),
      fe('klmno'),
      multiPod(10 * M),
      waitingPod('pull-err', 13, 'ErrImagePull', 'nginx:doesnotexist'),
      waitingPod('pull-fail', 80, 'ImagePullBackOff', 'nginx:doesnotexist'),
    ];
    const svcs = [
      byName(services, 'frontend-svc', 'kubernetes')[0],
      byName(services, 'kubernetes')[0],
      svc('lb-svc', 105, { type: 'LoadBalancer', clusterIPs: ['10.96.44.8'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31380 }], selector: { app: 'frontend' } }),
    ];
    svcs[0] = svc('frontend-svc', 3 * M + 20, { type: 'ClusterIP', clusterIPs: ['10.96.120.15'], ports: [{ port: 80, protocol: 'TCP' }] });
    const deploy = deployment('frontend', 5 * M + 5, 3, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }, [{ name: 'web', image: 'nginx:1.25' }], { matchLabels: { app: 'frontend' } });
    const rs = replicaSet('frontend-7d4b9c8f5', 5 * M + 5, 3, { replicas: 3, readyReplicas: 3 }, [{ name: 'web', image: 'nginx:1.25' }], { matchLabels: { app: 'frontend' } });
    const out = renderTables(
      tablesFor([
        ['Pod', 'pod/', pods],
        ['ReplicationController', 'replicationcontroller/', []],
        ['Service', 'service/', svcs],
        ['DaemonSet', 'daemonset.apps/', []],
        ['Deployment', 'deployment.apps/', [deploy]],
        ['ReplicaSet', 'replicaset.apps/', [rs]],
        ['StatefulSet', 'statefulset.apps/', []],
      ]),
      { noHeaders: false },
    );
    expect(out).toBe(
      lines(
        'NAME                           READY   STATUS             RESTARTS   AGE',
        'pod/bad-image                  0/1     InvalidImageName   0          95s',
        'pod/frontend-7d4b9c8f5-abcde   1/1     Running            0          5m5s',
        'pod/frontend-7d4b9c8f5-fghij   1/1     Running            0          5m5s',
        'pod/frontend-7d4b9c8f5-klmno   1/1     Running            0          5m5s',
        'pod/multi                      2/2     Running            1          10m',
        'pod/pull-err                   0/1     ErrImagePull       0          13s',
        'pod/pull-fail                  0/1     ImagePullBackOff   0          80s',
        '',
        'NAME                   TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE',
        'service/frontend-svc   ClusterIP      10.96.120.15   <none>        80/TCP         3m20s',
        'service/kubernetes     ClusterIP      10.96.0.1      <none>        443/TCP        3d5h',
        'service/lb-svc         LoadBalancer   10.96.44.8     <pending>     80:31380/TCP   105s',
        '',
        'NAME                       READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/frontend   3/3     3            3           5m5s',
        '',
        'NAME                                 DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/frontend-7d4b9c8f5   3         3         3       5m5s',
      ),
    );
  });
});

describe('events (kubectl-more.md §4.2)', () => {
  const kubelet = { component: 'kubelet', host: 'kind-control-plane' };
  const pod1 = 'frontend-7d4b9c8f5-abcde';
  const events = [
    event({ name: `${pod1}.1`, type: 'Normal', reason: 'Scheduled', kind: 'Pod', object: pod1, message: `Successfully assigned default/${pod1} to kind-control-plane`, last: 306, component: 'default-scheduler' }),
    event({ name: `${pod1}.2`, type: 'Normal', reason: 'Pulling', kind: 'Pod', object: pod1, message: 'Pulling image "nginx:1.25"', last: 305, fieldPath: 'spec.containers{web}', ...kubelet }),
    event({ name: `${pod1}.3`, type: 'Normal', reason: 'Pulled', kind: 'Pod', object: pod1, message: 'Successfully pulled image "nginx:1.25" in 4.869s (4.869s including waiting). Image size: 72099410 bytes.', last: 300, fieldPath: 'spec.containers{web}', ...kubelet }),
    event({ name: `${pod1}.4`, type: 'Normal', reason: 'Created', kind: 'Pod', object: pod1, message: 'Created container web', last: 300, fieldPath: 'spec.containers{web}', ...kubelet }),
    event({ name: `${pod1}.5`, type: 'Normal', reason: 'Started', kind: 'Pod', object: pod1, message: 'Started container web', last: 300, fieldPath: 'spec.containers{web}', ...kubelet }),
    event({ name: 'frontend-7d4b9c8f5.1', type: 'Normal', reason: 'SuccessfulCreate', kind: 'ReplicaSet', object: 'frontend-7d4b9c8f5', message: `Created pod: ${pod1}`, last: 306, component: 'replicaset-controller' }),
    event({ name: 'frontend.1', type: 'Normal', reason: 'ScalingReplicaSet', kind: 'Deployment', object: 'frontend', message: 'Scaled up replica set frontend-7d4b9c8f5 from 0 to 3', last: 306, component: 'deployment-controller' }),
    event({ name: 'lb-svc.18eb81c98491a71e', type: 'Normal', reason: 'Type', kind: 'Service', object: 'lb-svc', message: 'ClusterIP -> LoadBalancer', last: 106, component: 'service-controller' }),
    event({ name: 'lb-svc.18eb81c98491a71f', type: 'Normal', reason: 'EnsuringLoadBalancer', kind: 'Service', object: 'lb-svc', message: 'Ensuring load balancer', last: 106, component: 'service-controller' }),
    event({ name: 'pull-fail.1', type: 'Normal', reason: 'Pulling', kind: 'Pod', object: 'pull-fail', message: 'Pulling image "nginx:doesnotexist"', last: 26, ...kubelet }),
    event({ name: 'pull-fail.2', type: 'Warning', reason: 'Failed', kind: 'Pod', object: 'pull-fail', message: 'Error: ErrImagePull', last: 25, ...kubelet }),
    event({ name: 'pull-fail.3', type: 'Normal', reason: 'BackOff', kind: 'Pod', object: 'pull-fail', message: 'Back-off pulling image "nginx:doesnotexist"', last: 11, ...kubelet }),
    event({ name: 'pull-fail.4', type: 'Warning', reason: 'Failed', kind: 'Pod', object: 'pull-fail', message: 'Error: ImagePullBackOff', last: 11, ...kubelet }),
  ];

  it('prints the get events vector', () => {
    expect(table('Event', events, { namePrefix: 'event/' })).toBe(
      lines(
        'LAST SEEN   TYPE      REASON                 OBJECT                          MESSAGE',
        '5m6s        Normal    Scheduled              pod/frontend-7d4b9c8f5-abcde    Successfully assigned default/frontend-7d4b9c8f5-abcde to kind-control-plane',
        '5m5s        Normal    Pulling                pod/frontend-7d4b9c8f5-abcde    Pulling image "nginx:1.25"',
        '5m          Normal    Pulled                 pod/frontend-7d4b9c8f5-abcde    Successfully pulled image "nginx:1.25" in 4.869s (4.869s including waiting). Image size: 72099410 bytes.',
        '5m          Normal    Created                pod/frontend-7d4b9c8f5-abcde    Created container web',
        '5m          Normal    Started                pod/frontend-7d4b9c8f5-abcde    Started container web',
        '5m6s        Normal    SuccessfulCreate       replicaset/frontend-7d4b9c8f5   Created pod: frontend-7d4b9c8f5-abcde',
        '5m6s        Normal    ScalingReplicaSet      deployment/frontend             Scaled up replica set frontend-7d4b9c8f5 from 0 to 3',
        '106s        Normal    Type                   service/lb-svc                  ClusterIP -> LoadBalancer',
        '106s        Normal    EnsuringLoadBalancer   service/lb-svc                  Ensuring load balancer',
        '26s         Normal    Pulling                pod/pull-fail                   Pulling image "nginx:doesnotexist"',
        '25s         Warning   Failed                 pod/pull-fail                   Error: ErrImagePull',
        '11s         Normal    BackOff                pod/pull-fail                   Back-off pulling image "nginx:doesnotexist"',
        '11s         Warning   Failed                 pod/pull-fail                   Error: ImagePullBackOff',
      ),
    );
  });

  it('prints the events -o wide vector', () => {
    expect(table('Event', events.filter((e) => (e.involvedObject as { name: string }).name === 'lb-svc'), { wide: true })).toBe(
      lines(
        'LAST SEEN   TYPE     REASON                 OBJECT           SUBOBJECT   SOURCE               MESSAGE                     FIRST SEEN   COUNT   NAME',
        '106s        Normal   Type                   service/lb-svc               service-controller   ClusterIP -> LoadBalancer   106s         1       lb-svc.18eb81c98491a71e',
        '106s        Normal   EnsuringLoadBalancer   service/lb-svc               service-controller   Ensuring load balancer      106s         1       lb-svc.18eb81c98491a71f',
      ),
    );
  });

  it('derives times and counts for new-style events and sources', () => {
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'x.1', namespace: 'default' },
      involvedObject: { kind: 'Node', name: '' },
      reason: 'R',
      message: '  padded message \n',
      eventTime: '2026-11-26T04:57:59.500000Z',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
      type: 'Normal',
    };
    expect(buildTable('Event', [ev], { ...base, wide: true }).rows[0]).toEqual(['2m', 'Normal', 'R', 'node', '', 'kubelet, node-1', 'padded message', '2m', '1', 'x.1']);
    const series = { ...ev, series: { count: 7, lastObservedTime: '2026-11-26T04:59:50.000000Z' }, source: {}, reportingComponent: '' };
    expect(buildTable('Event', [series], { ...base, wide: true }).rows[0]).toEqual(['10s', 'Normal', 'R', 'node', '', '<unknown>', 'padded message', '2m', '7', 'x.1']);
  });
});
