import { describe, expect, test } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { strictDecode, createDecodeError, patchDecodeError, metadataDecodeError, goMapDump, quantityError } from '../../src/manifest/strict.js';
import { schemaForKind, SCHEMA_KINDS, goTypeName } from '../../src/manifest/schema.js';

const FX = 'fixtures/manifest';
function doc(file: string, i = 0) {
  const items = loadManifests([file], { recursive: false, readStdin: () => '' });
  const it = items[i];
  if (!('doc' in it)) throw new Error(it.error.message);
  return it.doc;
}

describe('strict decoding', () => {
  test('the seed Deployment: exactly one unknown field, at template', () => {
    const d = doc(`${FX}/frontend-deploy-as-written.yaml`);
    const r = strictDecode('Deployment', d.object);
    expect(r.typeErrors).toEqual([]);
    expect(r.unknownFields.map((p) => p.message)).toEqual(['unknown field "spec.selector.template"']);
    const err = createDecodeError('Deployment', 'apps/v1', r, d.positionOf)!;
    expect(err.reason).toBe('BadRequest');
    expect(err.statusMessage).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.template"');
    err.withSource('creating', 'deploy.yaml');
    expect(err.render()).toBe(
      'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.template"',
    );
    expect(err.position).toEqual({ file: `${FX}/frontend-deploy-as-written.yaml`, line: 12, col: 5 });
  });

  test('unknown fields in containers, paths with indices, sorted-key order, joined with ", "', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w', zzz: 1 },
      spec: {
        selector: { matchLabels: { app: 'w' } },
        template: {
          metadata: { labels: { app: 'w' } },
          spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y', port: 80, ports: [{ containerPort: 80, hostport: 1 }] }] },
        },
      },
    };
    const r = strictDecode('Deployment', obj);
    expect(r.unknownFields.map((p) => p.message)).toEqual([
      'unknown field "metadata.zzz"',
      'unknown field "spec.template.spec.containers[1].port"',
      'unknown field "spec.template.spec.containers[1].ports[0].hostport"',
    ]);
    expect(r.unknownFields[1].path).toEqual(['spec', 'template', 'spec', 'containers', 1, 'port']);
    expect(createDecodeError('Deployment', 'apps/v1', r)!.statusMessage).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.zzz", unknown field "spec.template.spec.containers[1].port", unknown field "spec.template.spec.containers[1].ports[0].hostport"',
    );
  });

  test('a List item keeps its own positions', () => {
    const d = doc(`${FX}/list.yaml`, 1);
    const r = strictDecode('Deployment', d.object);
    expect(r.unknownFields.map((p) => p.message)).toEqual(['unknown field "spec.template.spec.containers[0].port"']);
    expect(createDecodeError('Deployment', 'apps/v1', r, d.positionOf)!.position).toMatchObject({ line: 18, col: 11 });
  });

  test('well-formed objects of every kind pass', () => {
    const d = doc(`${FX}/frontend-svc.yaml`);
    expect(strictDecode('Service', d.object)).toEqual({ unknownFields: [], typeErrors: [] });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: { a: 'b' } },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.5 } },
            readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
            securityContext: { runAsUser: 1000, capabilities: { drop: ['ALL'] } },
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }, { name: 'i', image: { reference: 'r' } }],
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }] } } },
        dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
        hostname: 'h',
        subdomain: 's',
        resources: { limits: { cpu: '1' } },
      },
      status: { phase: 'Running', podIPs: [{ ip: '10.0.0.1' }], startTime: '2024-01-01T00:00:00Z' },
    };
    expect(strictDecode('Pod', pod)).toEqual({ unknownFields: [], typeErrors: [] });
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', trafficDistribution: 'PreferClose', loadBalancerClass: 'x', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } } },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }] } },
    };
    expect(strictDecode('Service', svc)).toEqual({ unknownFields: [], typeErrors: [] });
    expect(strictDecode('Service', { ...svc, status: { bogus: 1 } }).unknownFields[0].message).toBe('unknown field "status.bogus"');
    expect(SCHEMA_KINDS.every((k) => schemaForKind(k)?.fields.has('metadata'))).toBe(true);
    expect(strictDecode('ConfigMap', { data: { a: 1 } })).toEqual({ unknownFields: [], typeErrors: [] });
  });
});

describe('type errors (encoding/json wording)', () => {
  test('a quoted number for an int32 field, and a map in a Service selector', () => {
    const d = doc(`${FX}/types.yaml`);
    const r = strictDecode('Service', d.object);
    // sorted keys: ports before selector
    expect(r.typeErrors.map((p) => p.message)).toEqual([
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
      'json: cannot unmarshal object into Go struct field ServiceSpec.spec.selector of type string',
    ]);
    const err = createDecodeError('Service', 'v1', r, d.positionOf)!;
    expect(err.statusMessage).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32');
    expect(err.position).toMatchObject({ line: 10, col: 5 });
    const sel = strictDecode('Service', { spec: { selector: { matchLabels: { app: 'x' } } } });
    expect(sel.typeErrors[0].message).toBe('json: cannot unmarshal object into Go struct field ServiceSpec.spec.selector of type string');
    expect(sel.unknownFields).toEqual([]);
  });

  test('numbers that do not fit, wrong containers, booleans in strings', () => {
    expect(strictDecode('Service', { spec: { ports: [{ port: 80.5 }] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.port of type int32',
    );
    expect(strictDecode('Service', { spec: { ports: [{ port: 99999999999 }] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal number 99999999999 into Go struct field ServicePort.spec.ports.port of type int32',
    );
    expect(strictDecode('Pod', { spec: { containers: { name: 'x' } } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
    expect(strictDecode('Pod', { spec: { containers: ['nginx'] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container',
    );
    expect(strictDecode('Pod', { spec: { containers: [{ env: [{ name: 'A', value: true }] }] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string',
    );
    expect(strictDecode('Deployment', { spec: 'x' }).typeErrors[0].message).toBe('json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec');
    expect(strictDecode('Service', { spec: { ports: [{ protocol: 6 }] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal number into Go struct field ServicePort.spec.ports.protocol of type v1.Protocol',
    );
    expect(strictDecode('Service', { metadata: { labels: ['a'] } }).typeErrors[0].message).toBe(
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    );
    // null is the zero value, never an error
    expect(strictDecode('Service', { spec: { ports: null, selector: { a: null } } }).typeErrors).toEqual([]);
  });

  test('IntOrString, Quantity and Time fail with their own decoder text (and win over earlier errors)', () => {
    const r = strictDecode('Service', { spec: { ports: [{ port: 'x', targetPort: true }] } });
    expect(r.typeErrors[0].message).toBe('json: cannot unmarshal bool into Go value of type int32');
    expect(strictDecode('Service', { spec: { ports: [{ targetPort: 1.5 }] } }).typeErrors[0].message).toBe('json: cannot unmarshal number 1.5 into Go value of type int32');
    expect(strictDecode('Pod', { spec: { containers: [{ resources: { limits: { cpu: 'lots' } } }] } }).typeErrors[0].message).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(quantityError('1Gb')).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(quantityError('1ki')).toBe("unable to parse quantity's suffix");
    expect(quantityError('1.5Gi')).toBeUndefined();
    expect(quantityError('1e3')).toBeUndefined();
    expect(strictDecode('Pod', { metadata: { creationTimestamp: 'yesterday' } }).typeErrors[0].message).toMatch(/^parsing time "yesterday" as "2006-01-02T15:04:05Z07:00"/);
  });

  test('client-side metadata check', () => {
    expect(metadataDecodeError({ metadata: { labels: { v: 1 } } })!.message).toBe(
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
    expect(metadataDecodeError({ metadata: 'x' })!.message).toBe('json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta');
    expect(metadataDecodeError({ metadata: { name: 'ok', bogus: 1 } })).toBeUndefined();
  });
});

describe('patch path', () => {
  test('The request is invalid: patch: Invalid value: "map[...]": strict decoding error', () => {
    const patch = { spec: { volumes: [{ name: 'v' }], replicas: 3 }, metadata: { annotations: { a: 'b' } } };
    const r = strictDecode('Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', ...patch });
    const err = patchDecodeError(patch, r)!;
    expect(err.reason).toBe('Invalid');
    expect(err.render()).toBe(
      'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[a:b]] spec:map[replicas:3 volumes:[map[name:v]]]]": strict decoding error: unknown field "spec.volumes"',
    );
    expect(goMapDump({ b: [1, 'x'], a: null })).toBe('map[a:<nil> b:[1 x]]');
    expect(patchDecodeError({}, { unknownFields: [], typeErrors: [] })).toBeUndefined();
  });

  test('Go type names', () => {
    const spec = schemaForKind('Service')!.fields.get('spec')!;
    expect(goTypeName(spec)).toBe('v1.ServiceSpec');
  });
});
