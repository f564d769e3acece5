/**
 * A tiny world for the containers layer's unit tests: a cluster state with a few pods, and a
 * fake DNS + kube-proxy installed in the engine seam (names → IPs, IP:port → outcome), matching
 * the targets of tool-outputs.md (web, refused, blackhole, empty, redis …).
 */
import { Cluster, type ClusterState } from '../../../src/store/cluster-state.js';
import { frozenClock } from '../../../src/clock.js';
import { Random } from '../../../src/random.js';
import { installEngine } from '../../../src/network/containers/engine.js';
import { makeBox } from '../../../src/network/containers/toolbox.js';
import { contextFor, type Box } from '../../../src/network/containers/box.js';
import type { ConnectOutcome, HostLookup, Program, Vantage } from '../../../src/network/contracts.js';
import type { Pod } from '../../../src/controllers/kubelet.js';
import type { Tool, ImageProfile } from '../../../src/network/containers/images.js';
import { runShell } from '../../../src/network/containers/shell/interpreter.js';

export const NOW = '2026-11-26T05:40:07Z';

export function pod(name: string, image: string, ip: string, extra: Partial<Pod['spec']['containers'][0]> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2026-11-26T05:00:00Z', labels: { app: name } },
    spec: { nodeName: 'kubesim', containers: [{ name: 'c', image, ...extra }] },
    status: {
      phase: 'Running',
      podIP: ip,
      startTime: '2026-11-26T05:00:00Z',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-26T05:00:00Z' }],
      containerStatuses: [{ name: 'c', state: { running: { startedAt: '2026-11-26T05:00:00Z' } }, lastState: {}, ready: true, restartCount: 0, image, imageID: '', started: true }],
    },
  };
}

export interface World {
  cluster: Cluster;
  pods: Record<string, Pod>;
}

/** DNS table and connection outcomes of the test world. */
export const HOSTS: Record<string, string[]> = {
  web: ['10.96.45.1'],
  refused: ['10.96.45.2'],
  blackhole: ['10.96.45.3'],
  redis: ['10.96.45.4'],
  empty: ['10.96.45.5'],
  'my-svc': ['10.96.45.12'],
};

export function world(): World {
  const web = pod('web-7d4b9c8f5-abcde', 'nginx:1.22.1', '10.244.1.5');
  const redis = pod('redis-0', 'redis:7', '10.244.1.6');
  const pg = pod('pg-0', 'postgres:17', '10.244.1.7');
  const client = pod('client', 'curlimages/curl:8.10.1', '10.244.0.9', { command: ['sleep', 'infinity'] });
  const state: ClusterState = {
    apiVersion: 'kubesim.io/v1alpha1',
    kind: 'ClusterState',
    formatVersion: 1,
    cluster: { name: 'kubesim', kubernetesVersion: 'v1.32.0', serviceCIDR: '10.96.0.0/12', podCIDR: '10.244.0.0/16', nodePortRange: '30000-32767', clusterDomain: 'cluster.local', seed: '1', createdAt: NOW },
    resourceVersion: 1,
    random: Random.fromSeed('containers').state(),
    ipam: {},
    objects: { Pod: Object.fromEntries([web, redis, pg, client].map((p) => [`default/${p.metadata.name}`, p])) },
    logs: {},
  };
  const cluster = new Cluster(state, frozenClock(new Date(NOW)));
  const byIP: Record<string, Pod> = { '10.96.45.1': web, '10.96.45.4': redis, '10.96.45.5': pg };
  const ports: Record<string, number> = { '10.96.45.1': 80, '10.96.45.4': 6379, '10.96.45.5': 5432 };
  const fakeProgram: Program = (argv) => ({ stdout: `fake ${argv.join(' ')}\n`, stderr: '', code: 0 });
  installEngine({
    resolveHost: (_c, _from, name): HostLookup => {
      const short = name.replace(/\.default\.svc\.cluster\.local\.?$/, '');
      const addresses = HOSTS[short] ?? [];
      return { addresses, name: addresses.length ? `${short}.default.svc.cluster.local` : undefined, canonicalNames: [], error: addresses.length ? undefined : 'NXDOMAIN', trace: [{ layer: 'dns', text: `lookup ${name}` }] };
    },
    connect: (_c, from, ip, port): ConnectOutcome => {
      const trace = [{ layer: 'kube-proxy' as const, text: `connect ${ip}:${port}` }];
      if (ip === '10.96.45.3') return { result: 'timeout', trace };
      const p = byIP[ip];
      if (!p) {
        const direct = Object.values(state.objects.Pod).find((x) => (x as Pod).status?.podIP === ip) as Pod | undefined;
        if (direct) return { result: 'connected', backend: { ip, port, pod: direct }, sourceIP: srcOf(from), trace };
        return { result: 'refused', trace };
      }
      const target = ip === '10.96.45.5' ? 5432 : ports[ip] === port ? port : -1;
      if (target < 0) return { result: 'refused', trace };
      return { result: 'connected', backend: { ip: p.status!.podIP!, port: target, pod: p }, sourceIP: srcOf(from), trace };
    },
    dnsPrograms: { nslookupBind9: fakeProgram, nslookupBusybox: fakeProgram },
    containerEnv: () => [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', 'client'], ['HOME', '/root']],
    podFiles: (_c, p) => ({ '/etc/hostname': `${p.metadata.name}\n`, '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${(p.status as { podIP: string }).podIP}\t${p.metadata.name}\n`, '/etc/resolv.conf': 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' }),
  });
  return { cluster, pods: { web, redis, pg, client } };
}

function srcOf(from: Vantage): string {
  return from.kind === 'pod' ? ((from.pod.status as { podIP: string }).podIP ?? '') : '192.168.49.2';
}

export const ALPINE: { tools: Tool[]; profile: Pick<ImageProfile, 'curl' | 'shell' | 'bash' | 'busybox'> } = {
  tools: ['coreutils', 'curl', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'],
  profile: { curl: '8.10.1', shell: 'ash', bash: false, busybox: true },
};
export const DEBIAN: { tools: Tool[]; profile: Pick<ImageProfile, 'curl' | 'shell' | 'bash' | 'busybox'> } = {
  tools: ['coreutils', 'curl', 'apt'],
  profile: { curl: '7.88.1', shell: 'dash', bash: true, busybox: false },
};

export function clientBox(w: World, kind: typeof ALPINE = ALPINE, opts: { tty?: boolean; user?: string } = {}): Box {
  const client = w.pods.client;
  return makeBox(w.cluster, { kind: 'pod', pod: client, container: 'c' }, { ...kind, files: { '/etc/hostname': 'client\n', '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.0.9\tclient\n', '/etc/os-release': 'NAME="Alpine Linux"\n' }, ...opts });
}

export function env(): Map<string, string> {
  return new Map([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', 'client'],
    ['HOME', '/root'],
  ]);
}

/** Run argv in the box as exec would (no shell unless argv[0] is one). */
export function run(box: Box, argv: string[], stdin = '') {
  const exe = box.lookup(argv[0]);
  if (!exe) throw new Error(`${argv[0]} not in box`);
  return exe.run(argv, contextFor(box, env(), stdin, []));
}

/** `sh -c SCRIPT` in the box's shell flavour. */
export function sh(box: Box, script: string, flavor: 'ash' | 'dash' | 'bash' = 'ash', stdin = '') {
  return runShell(flavor, ['sh', '-c', script], env(), box, stdin, []);
}
