import { describe, expect, it } from 'vitest';
import { chainHash, sepChain, servicePortName, svcChain, svlChain, extChain, fwChain } from '../../../src/network/kube-proxy/hashes.js';

describe('kube-proxy chain hashes (spec §8.2)', () => {
  it.each([
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
    ['default/frontend-svc:http', 'tcp', 'KUBE-SVC-MILZ5NFD3WQ2I2Z3'],
    ['default/frontend-svc', 'tcp', 'KUBE-SVC-YOOWV2ZAGYTT6DGH'],
    ['default/nginx:80-80', 'tcp', 'KUBE-SVC-OVTWZ4GROBJZO4C5'],
  ])('%s + %s → %s', (spn, proto, chain) => {
    expect(svcChain(spn, proto)).toBe(chain);
    expect(svcChain(spn, proto.toUpperCase())).toBe(chain);
  });

  it.each([
    ['default/nginx:80-80', 'tcp', '10.42.0.199:80', 'KUBE-SEP-ZGUCVTBPJNCW75NN'],
    ['default/frontend-svc:http', 'tcp', '10.244.1.5:8080', 'KUBE-SEP-DVW54XJBQXBDUR53'],
    ['default/frontend-svc:http', 'tcp', '10.244.2.7:8080', 'KUBE-SEP-TANRRPRI7NWVUQXY'],
  ])('%s + %s + %s → %s', (spn, proto, ep, chain) => {
    expect(sepChain(spn, proto, ep)).toBe(chain);
  });

  it('SVL/EXT/FW share the SVC hash; unnamed ports drop the ":name" part', () => {
    const h = 'MILZ5NFD3WQ2I2Z3';
    expect([svlChain('default/frontend-svc:http', 'TCP'), extChain('default/frontend-svc:http', 'TCP'), fwChain('default/frontend-svc:http', 'TCP')]).toEqual([
      `KUBE-SVL-${h}`,
      `KUBE-EXT-${h}`,
      `KUBE-FW-${h}`,
    ]);
    expect(servicePortName('default', 'frontend-svc', '')).toBe('default/frontend-svc');
    expect(servicePortName('default', 'frontend-svc', 'http')).toBe('default/frontend-svc:http');
    expect(chainHash('')).toHaveLength(16);
    expect(chainHash('x')).toMatch(/^[A-Z2-7]{16}$/);
  });
});
