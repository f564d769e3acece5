import { describe, expect, it } from 'vitest';
import { canonicalJSON, fnv1a32, podTemplateHash, safeEncodeString } from '../../src/controllers/pod-template-hash.js';
import { defaultPullPolicy, invalidImageMessage, parseImageReference } from '../../src/controllers/image-reference.js';
import { goDuration } from '../../src/controllers/kubelet.js';

describe('pod-template-hash', () => {
  it('maps decimal digits like SafeEncodeString (spec vectors)', () => {
    expect(safeEncodeString('1335831723')).toBe('5779d75c67');
    expect(safeEncodeString('3719251574')).toBe('7c5f6959c8');
    expect(safeEncodeString('1234567890')).toBe('56789bcdf4');
  });
  it('is FNV-1a 32', () => {
    const enc = new TextEncoder();
    expect(fnv1a32(enc.encode(''))).toBe(0x811c9dc5);
    expect(fnv1a32(enc.encode('a'))).toBe(0xe40c292c);
    expect(fnv1a32(enc.encode('foobar'))).toBe(0xbf9cf968);
  });
  it('hashes canonical JSON: key order does not matter, replicas are not part of it', () => {
    const a = { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
    const b = { spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] }, metadata: { labels: { tier: 'x', app: 'web' } } };
    expect(canonicalJSON(a)).toBe(canonicalJSON(b));
    expect(podTemplateHash(a)).toBe(podTemplateHash(b));
    expect(podTemplateHash(a)).toMatch(/^[4-9bcdf]{1,10}$/);
    const c = structuredClone(a);
    c.spec.containers[0].image = 'nginx:1.26';
    expect(podTemplateHash(c)).not.toBe(podTemplateHash(a));
    expect(podTemplateHash(a, 1)).not.toBe(podTemplateHash(a));
  });
});

describe('image references', () => {
  it('normalizes valid references', () => {
    const n = (s: string) => {
      const r = parseImageReference(s);
      return r.ok ? r.ref.normalized : r.error;
    };
    expect(n('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(n('nginx')).toBe('docker.io/library/nginx:latest');
    expect(n('traefik/whoami')).toBe('docker.io/traefik/whoami:latest');
    expect(n('registry.k8s.io/coredns/coredns:v1.11.3')).toBe('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(n('localhost:5000/app:v1')).toBe('localhost:5000/app:v1');
    expect(n('index.docker.io/library/busybox:1.36')).toBe('docker.io/library/busybox:1.36');
    const d = 'a'.repeat(64);
    expect(n(`nginx@sha256:${d}`)).toBe(`docker.io/library/nginx@sha256:${d}`);
  });
  it('rejects what the kubelet cannot parse', () => {
    for (const bad of ['<frontend-application-image>', 'nginx 1.25', 'nginx:', ':1.25', 'nginx::1', 'a'.repeat(64)]) {
      expect(parseImageReference(bad).ok, bad).toBe(false);
    }
    const r = parseImageReference('<frontend-application-image>');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(invalidImageMessage('<frontend-application-image>', r.error)).toBe(
        'Failed to apply default image tag "<frontend-application-image>": couldn\'t parse image name "<frontend-application-image>": invalid reference format',
      );
    }
    const up = parseImageReference('Nginx:1.25');
    expect(up.ok ? '' : up.error).toBe('invalid reference format: repository name (library/Nginx) must be lowercase');
  });
  it('defaults the pull policy from the tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.25')).toBe('IfNotPresent');
  });
  it('formats durations like Go', () => {
    expect(goDuration(4869)).toBe('4.869s');
    expect(goDuration(812)).toBe('812ms');
    expect(goDuration(5000)).toBe('5s');
    expect(goDuration(62300)).toBe('1m2.3s');
  });
});
