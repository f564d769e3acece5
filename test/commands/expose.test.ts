/**
 * `expose`: kubectl v1.32's derivations (selector, ports, protocols, labels) and generator as
 * pure functions, with the §4 vectors.
 */
import { describe, expect, it } from 'vitest';
import {
  checkCanBeExposed,
  exposeObject,
  generateService,
  initialExposeState,
  mergePatch,
  parseLabelSpec,
  portsForObject,
  protocolsForObject,
  selectorForObject,
  targetPortHint,
} from '../../src/cli/commands/expose.js';
import type { KObject } from '../../src/api/resources.js';
import { KubesimError } from '../../src/errors.js';
import { toYaml } from '../../src/printers/yaml.js';

const frontend: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'frontend', labels: { app: 'frontend', tier: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'frontend' } },
    template: { metadata: { labels: { app: 'frontend', tier: 'web' } }, spec: { containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 5000, name: 'http' }] }] } },
  },
};

const webPod: KObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-pod', labels: { app: 'web', role: 'be' } },
  spec: {
    containers: [
      { name: 'a', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }, { containerPort: 53, protocol: 'TCP' }] },
      { name: 'b', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 9090 }] },
    ],
  },
};

const npSvc: KObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'np-svc' },
  spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 80, targetPort: 8080 }, { port: 443, name: 'b', targetPort: 8443 }] },
};

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

const expose = (obj: KObject, opts: Parameters<typeof initialExposeState>[0] = {}) => exposeObject(structuredClone(obj), initialExposeState(opts));

describe('checkCanBeExposed', () => {
  it('accepts pod, svc, rc, deploy, rs', () => {
    for (const [apiVersion, kind] of [['v1', 'Pod'], ['v1', 'Service'], ['v1', 'ReplicationController'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet']]) {
      expect(() => checkCanBeExposed({ apiVersion, kind })).not.toThrow();
    }
  });
  it('names other kinds with their group', () => {
    expect(message(() => checkCanBeExposed({ apiVersion: 'v1', kind: 'Namespace' }))).toBe('cannot expose a Namespace');
    expect(message(() => checkCanBeExposed({ apiVersion: 'apps/v1', kind: 'StatefulSet' }))).toBe('cannot expose a StatefulSet.apps');
    expect(message(() => checkCanBeExposed({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }))).toBe('cannot expose a EndpointSlice.discovery.k8s.io');
  });
});

describe('selectorForObject', () => {
  it('derives from matchLabels, pod labels, service selector', () => {
    expect(selectorForObject(frontend)).toEqual({ app: 'frontend' });
    expect(selectorForObject(webPod)).toEqual({ app: 'web', role: 'be' });
    expect(selectorForObject(npSvc)).toEqual({ app: 'np' });
  });
  it('fails as kubectl does', () => {
    const rs = structuredClone(frontend);
    rs.kind = 'ReplicaSet';
    (rs.spec as { selector: unknown }).selector = { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['be'] }, { key: 'env', operator: 'Exists' }] };
    expect(message(() => selectorForObject(rs))).toBe('couldn\'t convert expressions - "[{Key:tier Operator:In Values:[be]} {Key:env Operator:Exists Values:[]}]" to map-based selector format');
    const noSel = structuredClone(frontend);
    (noSel.spec as { selector: unknown }).selector = { matchExpressions: [{ key: 'a', operator: 'Exists' }] };
    expect(message(() => selectorForObject(noSel))).toBe('invalid deployment: no selectors, therefore cannot be exposed');
    expect(message(() => selectorForObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }))).toBe('the pod has no labels and cannot be exposed');
    expect(message(() => selectorForObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} }))).toBe('the service has no pod selector set');
  });
  it('is wrapped by expose', () => {
    expect(message(() => expose({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }))).toBe(
      "couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
    );
  });
});

describe('ports and protocols', () => {
  it('dedups port numbers in order and keeps every protocol', () => {
    expect(portsForObject(webPod)).toEqual(['80', '53', '9090']);
    expect(Object.fromEntries(protocolsForObject(webPod))).toEqual({ '80': ['TCP', 'TCP'], '53': ['UDP', 'TCP'], '9090': ['TCP'] });
    expect(portsForObject(npSvc)).toEqual(['80', '443']);
  });
  it('names ports port-N, port-N-proto for multi-protocol numbers', () => {
    const svc = expose(webPod);
    expect((svc.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'port-1-tcp', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-1-tcp', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-2-udp', protocol: 'UDP', port: 53, targetPort: 53 },
      { name: 'port-2-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      { name: 'port-3', protocol: 'TCP', port: 9090, targetPort: 9090 },
    ]);
  });
  it('--protocol replaces the derived protocols', () => {
    const ports = (expose(webPod, { protocol: 'SCTP' }).spec as { ports: { name: string; protocol: string }[] }).ports;
    expect(ports.map((p) => `${p.name}/${p.protocol}`)).toEqual(['port-1/SCTP', 'port-2/SCTP', 'port-3/SCTP']);
  });
  it('loses the source names and targetPorts of a service', () => {
    expect((expose(npSvc, { name: 'x' }).spec as { ports: unknown[] }).ports).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-2', protocol: 'TCP', port: 443, targetPort: 443 },
    ]);
  });
  it('no port anywhere', () => {
    const bare: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } };
    expect(message(() => expose(bare))).toBe("couldn't find port via --port flag or introspection");
    expect((expose(bare, { clusterIp: 'None' }).spec as Record<string, unknown>).ports).toBeUndefined();
  });
});

describe('generated Service (§4 vectors)', () => {
  it('expose deployment frontend', () => {
    expect(toYaml(expose(frontend))).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: frontend\n    tier: web\n  name: frontend\nspec:\n  ports:\n  - port: 5000\n    protocol: TCP\n    targetPort: 5000\n  selector:\n    app: frontend\nstatus:\n  loadBalancer: {}\n',
    );
  });
  it('--port=80 targets 80, not the container port', () => {
    expect((expose(frontend, { port: '80' }).spec as { ports: unknown[] }).ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 80 }]);
    expect((expose(frontend, { port: '80', targetPort: 'http' }).spec as { ports: unknown[] }).ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 'http' }]);
    expect((expose(frontend, { port: '80', targetPort: '+5000' }).spec as { ports: unknown[] }).ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 5000 }]);
  });
  it('copies the flags', () => {
    const svc = expose(frontend, { type: 'LoadBalancer', loadBalancerIp: '1.2.3.4', externalIp: '5.6.7.8', sessionAffinity: 'ClientIP', clusterIp: '10.96.0.50', labels: 'x=y' });
    expect(svc.metadata.labels).toEqual({ x: 'y' });
    expect(svc.spec).toMatchObject({ clusterIP: '10.96.0.50', externalIPs: ['5.6.7.8'], loadBalancerIP: '1.2.3.4', sessionAffinity: 'ClientIP', type: 'LoadBalancer' });
    expect((expose(frontend, { type: 'NodePort', loadBalancerIp: '1.2.3.4' }).spec as Record<string, unknown>).loadBalancerIP).toBeUndefined();
  });
  it('cuts the default name to 63 characters; --name wins', () => {
    const long = structuredClone(frontend);
    long.metadata.name = 'a'.repeat(70);
    expect(expose(long).metadata.name).toBe('a'.repeat(63));
    expect(expose(frontend, { name: 'fe' }).metadata.name).toBe('fe');
  });
  it('reports the generator errors', () => {
    expect(message(() => expose(frontend, { port: 'http' }))).toBe('strconv.Atoi: parsing "http": invalid syntax');
    expect(message(() => expose(frontend, { port: '80,,81' }))).toBe('strconv.Atoi: parsing "": invalid syntax');
    expect(message(() => expose(frontend, { sessionAffinity: 'Sticky' }))).toBe('unknown session affinity: Sticky');
    expect(message(() => expose(frontend, { selector: 'app' }))).toBe('unexpected label spec: app');
    expect(message(() => expose(frontend, { labels: '=b' }))).toBe('unexpected empty label key');
  });
  it('throws KubesimErrors', () => {
    try {
      expose(frontend, { sessionAffinity: 'Sticky' });
    } catch (err) {
      expect(err).toBeInstanceOf(KubesimError);
    }
  });
});

describe('several sources share the derived options (kubectl quirk)', () => {
  it('the second service inherits selector, port and labels', () => {
    const st = initialExposeState({});
    exposeObject(structuredClone(frontend), st);
    const second = exposeObject(structuredClone(webPod), st);
    expect(second.metadata).toEqual({ name: 'web-pod', creationTimestamp: null, labels: { app: 'frontend', tier: 'web' } });
    expect(second.spec).toEqual({ ports: [{ protocol: 'TCP', port: 5000, targetPort: 5000 }], selector: { app: 'frontend' } });
  });
});

describe('helpers', () => {
  it('parseLabelSpec', () => {
    expect(parseLabelSpec('a=b,c=')).toEqual({ a: 'b', c: '' });
    expect(() => parseLabelSpec('a=b=c')).toThrow('unexpected label spec: a=b=c');
  });
  it('generateService needs a selector and a name', () => {
    expect(() => generateService(initialExposeState({}))).toThrow('selector must be specified');
    expect(() => generateService(initialExposeState({ selector: 'a=b' }))).toThrow('name must be specified');
  });
  it('mergePatch (RFC 7386)', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
  it('targetPortHint (gotcha 2)', () => {
    expect(targetPortHint(frontend, { port: '80' })).toContain('add --target-port=http (or --target-port=5000)');
    expect(targetPortHint(frontend, { port: '80', targetPort: '5000' })).toBeUndefined();
    expect(targetPortHint(frontend, { port: '5000' })).toBeUndefined();
    expect(targetPortHint(frontend, {})).toBeUndefined();
    expect(targetPortHint(npSvc, { port: '80' })).toBeUndefined();
  });
});
