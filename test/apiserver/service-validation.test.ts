import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { create, errorOf, svc, testCluster } from './fixture.js';
import type { KObject } from '../../src/api/resources.js';

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const LABEL_KEY_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const P80 = [{ port: 80 }];

function fails(name: string, spec: Record<string, unknown>): string {
  return errorOf(() => create(testCluster(), svc(name, spec)));
}

describe('Service validation (§2.4), one check at a time', () => {
  it('1. name must be a DNS-1035 label', () => {
    expect(fails('1frontend', { ports: P80 })).toBe(`The Service "1frontend" is invalid: metadata.name: Invalid value: "1frontend": ${DNS1035}`);
    expect(fails('Bad_Name', { ports: P80 })).toBe(`The Service "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${DNS1035}`);
    expect(fails('a'.repeat(64), { ports: P80 })).toContain('metadata.name: Invalid value: "' + 'a'.repeat(64) + '": must be no more than 63 characters');
  });

  it('metadata labels: keys and values', () => {
    const o = svc('web', { ports: P80 });
    o.metadata.labels = { 'bad key!': 'x', app: 'my app' };
    const out = errorOf(() => create(testCluster(), o));
    expect(out).toBe(
      // Go ranges over the map in random order; kubesim reports keys sorted.
      `The Service "web" is invalid: \n* metadata.labels: Invalid value: "my app": ${LABEL_VALUE}\n* metadata.labels: Invalid value: "bad key!": ${LABEL_KEY_NAME}`,
    );
    const p = svc('web', { ports: P80 });
    p.metadata.labels = { 'Bad_Prefix/app': 'x' };
    expect(errorOf(() => create(testCluster(), p))).toBe(
      `The Service "web" is invalid: metadata.labels: Invalid value: "Bad_Prefix/app": prefix part ${DNS1123_SUBDOMAIN}`,
    );
  });

  it('annotations: total size', () => {
    const o = svc('web', { ports: P80 });
    o.metadata.annotations = { big: 'x'.repeat(262145) };
    expect(errorOf(() => create(testCluster(), o))).toBe('The Service "web" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes');
  });

  it('2. ports are required unless headless or ExternalName', () => {
    expect(fails('web', {})).toBe('The Service "web" is invalid: spec.ports: Required value');
    expect(() => create(testCluster(), svc('web', { clusterIP: 'None', selector: { app: 'web' } }))).not.toThrow();
    expect(() => create(testCluster(), svc('web', { type: 'ExternalName', externalName: 'db.example.com' }))).not.toThrow();
  });

  it('3. NodePort / LoadBalancer with clusterIP None', () => {
    expect(fails('web', { type: 'NodePort', clusterIP: 'None', ports: P80 })).toBe(
      `The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    );
    expect(fails('web', { type: 'LoadBalancer', clusterIP: 'None', ports: P80 })).toBe(
      `The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`,
    );
  });

  it('3. ExternalName: no clusterIP, families or policy; externalName required and a DNS subdomain', () => {
    expect(fails('ext', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: 'None' })).toBe(
      'The Service "ext" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    );
    expect(fails('ext', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.50' })).toBe(
      'The Service "ext" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    );
    expect(fails('ext', { type: 'ExternalName', externalName: 'db.example.com', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' })).toBe(
      'The Service "ext" is invalid: \n* spec.ipFamilies: Forbidden: may not be set for ExternalName services\n* spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    );
    expect(fails('ext', { type: 'ExternalName' })).toBe('The Service "ext" is invalid: spec.externalName: Required value');
    expect(fails('ext', { type: 'ExternalName', externalName: 'Bad_Name' })).toBe(
      `The Service "ext" is invalid: spec.externalName: Invalid value: "Bad_Name": ${DNS1123_SUBDOMAIN}`,
    );
    // One trailing dot is allowed.
    expect(() => create(testCluster(), svc('ext', { type: 'ExternalName', externalName: 'db.example.com.' }))).not.toThrow();
  });

  it('4. port names: required with several ports, DNS-1123 label, unique', () => {
    expect(fails('web', { ports: [{ port: 80 }, { port: 443 }] })).toBe(
      'The Service "web" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value',
    );
    expect(fails('web', { ports: [{ name: 'My_Port', port: 80 }] })).toBe(`The Service "web" is invalid: spec.ports[0].name: Invalid value: "My_Port": ${DNS1123_LABEL}`);
    expect(fails('web', { ports: [{ name: 'a.b', port: 80 }] })).toBe('The Service "web" is invalid: spec.ports[0].name: Invalid value: "a.b": must not contain dots');
    expect(fails('web', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] })).toBe(
      'The Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"',
    );
    // All digits is a valid DNS-1123 label (kubectl create service names ports "80").
    expect(() => create(testCluster(), svc('web', { ports: [{ name: '80', port: 80 }] }))).not.toThrow();
  });

  it('seed note: multiport-unnamed.yaml gives two causes', () => {
    const o = parse(readFileSync('/work/shared/scenarios/seed/multiport-unnamed.yaml', 'utf8')) as KObject;
    o.metadata.namespace = 'default';
    expect(errorOf(() => create(testCluster(), o))).toBe(
      `The Service "my-multiport-bad" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Invalid value: "123_abc": ${DNS1123_LABEL}`,
    );
  });

  it('4. port number and protocol', () => {
    expect(fails('web', { ports: [{ port: 0, targetPort: 80 }] })).toBe('The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(fails('web', { ports: [{ port: 70000, targetPort: 80 }] })).toBe('The Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
    expect(fails('web', { ports: [{ port: 80, protocol: 'HTTP' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('4. targetPort: numbers and IANA_SVC_NAME, each failed check its own error in order', () => {
    expect(fails('web', { ports: [{ port: 80, targetPort: 70000 }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: 'verylongportname1' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "verylongportname1": must be no more than 15 characters',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: 'abc_d' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "abc_d": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: '8080' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: 'a--b' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "a--b": must not contain consecutive hyphens',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: '-ab' }] })).toBe(
      'The Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "-ab": must not begin or end with a hyphen',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: 'ABC_-' }] })).toBe(
      'The Service "web" is invalid: \n' +
        '* spec.ports[0].targetPort: Invalid value: "ABC_-": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n' +
        '* spec.ports[0].targetPort: Invalid value: "ABC_-": must contain at least one letter (a-z)\n' +
        '* spec.ports[0].targetPort: Invalid value: "ABC_-": must not begin or end with a hyphen',
    );
    expect(fails('web', { ports: [{ port: 80, targetPort: '-very--long-name-' }] })).toBe(
      'The Service "web" is invalid: \n' +
        '* spec.ports[0].targetPort: Invalid value: "-very--long-name-": must be no more than 15 characters\n' +
        '* spec.ports[0].targetPort: Invalid value: "-very--long-name-": must not contain consecutive hyphens\n' +
        '* spec.ports[0].targetPort: Invalid value: "-very--long-name-": must not begin or end with a hyphen',
    );
  });

  it('5. selector labels', () => {
    expect(fails('web', { ports: P80, selector: { app: 'my app' } })).toBe(`The Service "web" is invalid: spec.selector: Invalid value: "my app": ${LABEL_VALUE}`);
  });

  it('6. session affinity', () => {
    expect(fails('web', { ports: P80, sessionAffinity: 'Sticky' })).toBe(
      'The Service "web" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    );
    expect(fails('web', { ports: P80, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } })).toBe(
      'The Service "web" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    );
    expect(fails('web', { ports: P80, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } })).toBe(
      'The Service "web" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    );
    // SetDefaults_Service drops a config given together with None before validation sees it.
    const c = testCluster();
    const out = create(c, svc('web', { ports: P80, sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }));
    expect((out.spec as { sessionAffinityConfig?: unknown }).sessionAffinityConfig).toBeUndefined();
  });

  it('7. clusterIPs consistency', () => {
    expect(fails('web', { ports: P80, clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.51'] })).toBe(
      'The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.51"}: first value must match `clusterIP`',
    );
    expect(fails('web', { ports: P80, clusterIP: 'None', clusterIPs: ['None', '10.96.0.5'], ipFamilyPolicy: 'RequireDualStack' })).toBe(
      `The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"None", "10.96.0.5"}: 'None' must be the first and only value`,
    );
    expect(fails('web', { ports: P80, clusterIP: 'abc' })).toBe(
      'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "abc": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    expect(fails('web', { ports: P80, clusterIPs: ['10.96.0.50'] })).toBe(
      'The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: must be empty when `clusterIP` is not specified',
    );
  });

  it('8. externalIPs', () => {
    expect(fails('web', { ports: P80, externalIPs: ['1.2.3'] })).toBe(
      'The Service "web" is invalid: spec.externalIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    expect(fails('web', { ports: P80, externalIPs: ['0.0.0.0'] })).toBe('The Service "web" is invalid: spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)');
    expect(fails('web', { ports: P80, externalIPs: ['127.0.0.1'] })).toBe(
      'The Service "web" is invalid: spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    );
    expect(fails('web', { ports: P80, externalIPs: ['169.254.1.1'] })).toBe(
      'The Service "web" is invalid: spec.externalIPs[0]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    );
  });

  it('9. type is case-sensitive; seed note `type: None`', () => {
    expect(fails('web', { ports: P80, type: 'Nodeport' })).toBe(
      'The Service "web" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(fails('web', { ports: P80, type: 'None' })).toBe(
      'The Service "web" is invalid: spec.type: Unsupported value: "None": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('10. nodePort on ClusterIP; duplicate nodePort (same protocol)', () => {
    expect(fails('web', { ports: [{ port: 80, nodePort: 30080 }] })).toBe(
      "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
    expect(
      fails('web', {
        type: 'NodePort',
        ports: [
          { name: 'a', port: 80, nodePort: 30080 },
          { name: 'b', port: 80, protocol: 'TCP', nodePort: 30080 },
        ],
      }),
    ).toContain('spec.ports[1].nodePort: Duplicate value: 30080');
  });

  it('11. duplicate (protocol, port); the same number with another protocol is fine', () => {
    expect(fails('web', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 81 }] })).toBe(
      'The Service "web" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    );
    expect(() =>
      create(testCluster(), svc('dns', { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] })),
    ).not.toThrow();
  });

  it('12. LoadBalancer-only fields', () => {
    expect(fails('web', { ports: P80, loadBalancerSourceRanges: ['10.0.0.0/8'] })).toBe(
      "The Service \"web\" is invalid: spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    );
    expect(fails('web', { ports: P80, allocateLoadBalancerNodePorts: false })).toBe(
      "The Service \"web\" is invalid: spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    );
    expect(fails('web', { type: 'LoadBalancer', ports: P80, loadBalancerSourceRanges: ['10.0.0.0/33'] })).toBe(
      'The Service "web" is invalid: spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    );
  });

  it('13. external traffic policy', () => {
    expect(fails('web', { ports: P80, externalTrafficPolicy: 'Local' })).toBe(
      'The Service "web" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    );
    expect(fails('web', { type: 'NodePort', ports: P80, externalTrafficPolicy: 'Foo' })).toBe(
      'The Service "web" is invalid: spec.externalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
    );
    expect(fails('web', { type: 'NodePort', ports: P80, healthCheckNodePort: 30500 })).toBe(
      "The Service \"web\" is invalid: spec.healthCheckNodePort: Invalid value: 30500: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    );
    // ClusterIP with externalIPs is externally accessible
    expect(() => create(testCluster(), svc('web', { ports: P80, externalIPs: ['192.168.49.100'], externalTrafficPolicy: 'Local' }))).not.toThrow();
  });

  it('14. internal traffic policy', () => {
    expect(fails('web', { ports: P80, internalTrafficPolicy: 'Foo' })).toBe(
      'The Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
    );
  });

  it('several failures come in the apiserver order', () => {
    expect(fails('Web', { type: 'Nodeport', ports: [{ port: 0 }], sessionAffinity: 'Sticky', selector: { app: 'a b' } })).toBe(
      'The Service "Web" is invalid: \n' +
        `* metadata.name: Invalid value: "Web": ${DNS1035}\n` +
        '* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        '* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        `* spec.selector: Invalid value: "a b": ${LABEL_VALUE}\n` +
        '* spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"\n' +
        '* spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('the Status message lists the causes in brackets', () => {
    try {
      create(testCluster(), svc('web', { ports: [{ port: 80 }, { port: 81 }] }));
    } catch (e) {
      expect((e as Error).message).toBe('Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]');
    }
  });
});
