import { describe, expect, it } from 'vitest';
import { apply, deployment, events, list, makeCluster, movableClock, pod, service } from './fixture.js';
import { pullRetries } from '../../src/controllers/image-pull-backoff.js';
import { OFFICIAL_IMAGES, officialTagExists, pullError } from '../../src/controllers/registry.js';
import { parseImageReference } from '../../src/controllers/image-reference.js';
import { imageProfile } from '../../src/network/containers/images.js';
import type { Pod } from '../../src/controllers/kubelet.js';
import type { Cluster } from '../../src/store/cluster-state.js';

const NOT_FOUND = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found';

function errorOf(image: string): string | undefined {
  const p = parseImageReference(image);
  if (!p.ok) throw new Error(p.error);
  return pullError(p.ref);
}

describe('registry', () => {
  it('knows the tags of the official images in the catalogue', () => {
    for (const tag of ['latest', '1', '1.27', '1.27.3', '1.27-alpine', '1.36.1-musl', '1.27.3-bookworm-perl', 'stable-alpine-slim', 'mainline', 'alpine3.20', '16-alpine3.20', 'bookworm', 'uclibc', 'stable-glibc', 'jammy', '22.04', 'noble-20240904', 'lts', '8.0-oraclelinux9']) {
      expect(officialTagExists(tag), tag).toBe(true);
    }
    for (const tag of ['doesnotexist', 'lates', 'Latest', 'v1.27', '1.27-doesnotexist', 'alpine-nope', '1.27--alpine']) {
      expect(officialTagExists(tag), tag).toBe(false);
    }
  });

  it("refuses a tag an official image does not have, with containerd's text, whatever the spelling", () => {
    expect(errorOf('nginx:doesnotexist')).toBe(NOT_FOUND);
    expect(errorOf('library/nginx:doesnotexist')).toBe(NOT_FOUND);
    expect(errorOf('docker.io/library/nginx:doesnotexist')).toBe(NOT_FOUND);
    expect(errorOf('busybox:lates')).toBe(NOT_FOUND.replaceAll('nginx:doesnotexist', 'busybox:lates'));
  });

  it('pulls what it cannot vouch for: digests, other repositories and registries', () => {
    for (const image of ['nginx', 'nginx:1.27', 'redis:7', 'postgres:16', 'busybox:1.36', `nginx:doesnotexist@sha256:${'a'.repeat(64)}`, 'nginxinc/nginx-unprivileged:nope', 'example.com/nginx:doesnotexist', 'myapp:doesnotexist', 'traefik/whoami:v1.10', 'registry.k8s.io/pause:3.10']) {
      expect(errorOf(image), image).toBeUndefined();
    }
  });

  it('lists only images the catalogue profiles', () => {
    for (const name of OFFICIAL_IMAGES) expect(imageProfile(name).name, name).not.toBe('unknown');
  });
});

describe('image pull back-off', () => {
  it('retries every 12 s: a pull after 10 s, 20 s, 40 s … of back-off, back-offs in between', () => {
    expect(pullRetries(0)).toEqual({ pulls: 1, lastPull: 0, backOffs: 0, backingOff: false, nextRetry: 12 });
    expect(pullRetries(11.9)).toMatchObject({ pulls: 1, backOffs: 0, backingOff: false, nextRetry: 12 });
    expect(pullRetries(12)).toMatchObject({ pulls: 2, lastPull: 12, backOffs: 0, backingOff: false, nextRetry: 24 });
    expect(pullRetries(24)).toMatchObject({ pulls: 2, backOffs: 1, firstBackOff: 24, lastBackOff: 24, backingOff: true, nextRetry: 36 });
    expect(pullRetries(36)).toMatchObject({ pulls: 3, lastPull: 36, backOffs: 1, backingOff: false });
    expect(pullRetries(77)).toMatchObject({ pulls: 3, lastPull: 36, backOffs: 4, firstBackOff: 24, lastBackOff: 72, backingOff: true, nextRetry: 84 });
    expect(pullRetries(84)).toMatchObject({ pulls: 4, lastPull: 84, backOffs: 4, backingOff: false });
  });

  it('caps the back-off at 300 s', () => {
    // Pulls at 0, 12, 36, 84, 168, 336, then every 300 s.
    expect(pullRetries(336)).toMatchObject({ pulls: 6, lastPull: 336 });
    expect(pullRetries(336 + 3 * 300 + 50)).toMatchObject({ pulls: 9, lastPull: 1236, backingOff: true, lastBackOff: 1236 + 48, nextRetry: 1236 + 60 });
    // Same counts as retry by retry.
    let pulls = 0;
    let backOffs = 0;
    let last = -1;
    for (let t = 0; t <= 4000; t += 12) {
      const r = pullRetries(t);
      if (r.backingOff) backOffs++;
      else pulls++;
      expect(r.lastPull).toBeGreaterThanOrEqual(last);
      last = r.lastPull;
      expect({ pulls: r.pulls, backOffs: r.backOffs }).toEqual({ pulls, backOffs });
    }
  });
});

describe('kubelet: images the registry does not have', () => {
  const ofPod = (c: Cluster, name: string) => events(c).filter((e) => e.object === `Pod/${name}`).map((e) => `${e.type} ${e.reason} x${e.count}: ${e.message}`);
  const waiting = (c: Cluster, name: string) => c.get<Pod>('Pod', 'default', name)!.status!.containerStatuses![0].state.waiting;

  it('ErrImagePull right after the pull, ImagePullBackOff during the back-off, counts growing', () => {
    const clock = movableClock();
    const c = makeCluster(1, clock);
    apply(c, pod('pull-fail', { app: 'x' }, [{ name: 'web', image: 'nginx:doesnotexist', ports: [{ containerPort: 80 }] }]));
    const p = c.get<Pod>('Pod', 'default', 'pull-fail')!;
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.podIP).toMatch(/^10\.244\./);
    expect(p.status!.containerStatuses![0]).toMatchObject({ state: { waiting: { reason: 'ErrImagePull', message: NOT_FOUND } }, ready: false, started: false, imageID: '', image: 'nginx:doesnotexist' });
    expect(p.status!.conditions!.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const pulled = [`Normal Pulling x1: Pulling image "nginx:doesnotexist"`, `Warning Failed x1: Failed to pull image "nginx:doesnotexist": ${NOT_FOUND}`, 'Warning Failed x1: Error: ErrImagePull'];
    expect(ofPod(c, 'pull-fail')).toEqual([expect.stringMatching(/^Normal Scheduled x1/), ...pulled]);
    expect(c.state.wakeAt?.kubelet).toBe('2026-11-26T05:36:30.000Z');

    // Reads never run the kubelet; the next change does.
    clock.advance(30);
    apply(c, pod('other', {}, [{ name: 'web', image: 'nginx:1.27' }]));
    expect(waiting(c, 'pull-fail')).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' });
    expect(ofPod(c, 'pull-fail').slice(1)).toEqual([...pulled.map((e) => e.replace('x1', 'x2')), 'Normal BackOff x1: Back-off pulling image "nginx:doesnotexist"', 'Warning Failed x1: Error: ImagePullBackOff']);

    clock.advance(7); // 37 s: the third pull
    apply(c, pod('other2', {}, [{ name: 'web', image: 'nginx:1.27' }]));
    expect(waiting(c, 'pull-fail')!.reason).toBe('ErrImagePull');

    clock.advance(40); // 77 s
    apply(c, pod('other3', {}, [{ name: 'web', image: 'nginx:1.27' }]));
    expect(waiting(c, 'pull-fail')!.reason).toBe('ImagePullBackOff');
    const ev = events(c).filter((e) => e.object === 'Pod/pull-fail' && e.reason !== 'Scheduled');
    expect(ev.map((e) => `${e.reason} ${e.count}`)).toEqual(['Pulling 3', 'Failed 3', 'Failed 3', 'BackOff 4', 'Failed 4']);
    const raw = Object.values(c.state.objects.Event ?? {}) as any[];
    const backOff = raw.find((e) => e.reason === 'BackOff');
    expect([backOff.firstTimestamp, backOff.lastTimestamp]).toEqual(['2026-11-26T05:36:42Z', '2026-11-26T05:37:30Z']);
    const pulling = raw.find((e) => e.reason === 'Pulling' && e.involvedObject.name === 'pull-fail');
    expect([pulling.firstTimestamp, pulling.lastTimestamp]).toEqual(['2026-11-26T05:36:18Z', '2026-11-26T05:36:54Z']);
  });

  it('a Deployment whose pods cannot pull: not ready, not-ready endpoint addresses', () => {
    const c = makeCluster();
    apply(c, deployment('web', { replicas: 2, image: 'nginx:lates', labels: { app: 'web' }, ports: [{ containerPort: 80 }] }));
    apply(c, service('web', { app: 'web' }, [{ port: 80 }]));
    const pods = list<Pod>(c, 'Pod');
    expect(pods.map((p) => p.status!.containerStatuses![0].state.waiting?.reason)).toEqual(['ErrImagePull', 'ErrImagePull']);
    const ep = c.get<any>('Endpoints', 'default', 'web')!;
    expect(ep.subsets[0].addresses).toBeUndefined();
    expect(ep.subsets[0].notReadyAddresses).toHaveLength(2);
    const d = c.get<any>('Deployment', 'default', 'web')!;
    expect(d.status.availableReplicas ?? 0).toBe(0);
    expect(d.status.conditions.find((x: any) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
  });

  it('an init container that cannot pull holds the others at PodInitializing', () => {
    const c = makeCluster();
    apply(c, pod('init', {}, [{ name: 'web', image: 'nginx:1.27' }], { initContainers: [{ name: 'setup', image: 'busybox:nope' }] }));
    const p = c.get<Pod>('Pod', 'default', 'init')!;
    expect(p.status!.initContainerStatuses![0].state.waiting!.reason).toBe('ErrImagePull');
    expect(p.status!.containerStatuses![0].state.waiting!.reason).toBe('PodInitializing');
    expect(events(c).filter((e) => e.object === 'Pod/init' && e.reason === 'Pulling').map((e) => e.fieldPath)).toEqual(['spec.initContainers{setup}']);
  });
});
