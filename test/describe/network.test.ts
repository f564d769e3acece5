import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/resources.js';
import { describeObject, describeObjects } from '../../src/printers/describe/index.js';
import { formatEndpointSlices } from '../../src/printers/describe/service.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ctxOf, endpointSlice, event, service } from './cluster.js';
import { ENDPOINTS, ENDPOINTSLICE, SERVICE } from './vectors.js';

const NOW = '2026-11-26T05:40:00Z';

describe('describe service', () => {
  it('prints the describe-service vector of kubectl-client §7 (endpoints from same-named slice ports)', () => {
    const svc = service();
    const slice = endpointSlice(['10.244.0.5', '10.244.0.6'], ['10.244.0.7']);
    const otherSlice = endpointSlice(['10.244.9.9'], []);
    otherSlice.metadata.name = 'other-svc-abcde';
    otherSlice.metadata.labels = { 'kubernetes.io/service-name': 'other-svc' };
    expect(describeObject(svc, ctxOf(NOW, [svc, slice, otherSlice]))).toBe(SERVICE);
  });

  it('prints a NodePort service: one Port/TargetPort/NodePort/Endpoints group per port, then External Traffic Policy', () => {
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web-np', namespace: 'default', uid: 'uid-np', labels: { app: 'web' } },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [
          { name: 'a', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
          { name: 'b', protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 30443 },
        ],
        clusterIP: '10.96.10.20',
        clusterIPs: ['10.96.10.20'],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    };
    const slice: KObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-np-8f7q2', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web-np' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.1.2'], conditions: { ready: true } }],
      ports: [
        { name: 'a', protocol: 'TCP', port: 8080 },
        { name: 'b', protocol: 'TCP', port: 8443 },
      ],
    };
    const expected = [
      'Name:                     web-np',
      'Namespace:                default',
      'Labels:                   app=web',
      'Annotations:              <none>',
      'Selector:                 app=web',
      'Type:                     NodePort',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.96.10.20',
      'IPs:                      10.96.10.20',
      'Port:                     a  80/TCP',
      'TargetPort:               8080/TCP',
      'NodePort:                 a  30080/TCP',
      'Endpoints:                10.244.1.2:8080',
      'Port:                     b  443/TCP',
      'TargetPort:               8443/TCP',
      'NodePort:                 b  30443/TCP',
      'Endpoints:                10.244.1.2:8443',
      'Session Affinity:         None',
      'External Traffic Policy:  Cluster',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
      '',
    ].join('\n');
    expect(describeObject(svc, ctxOf(NOW, [svc, slice]))).toBe(expected);
  });

  it('prints <unset> for an unnamed port, <none> without slices, and an empty value with no ready endpoints', () => {
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'plain', namespace: 'default', uid: 'uid-plain' },
      spec: {
        type: 'NodePort',
        ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 31000 }],
        clusterIP: '10.96.0.50',
        clusterIPs: ['10.96.0.50'],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
    };
    const out = describeObject(svc, ctxOf(NOW, [svc]));
    expect(out).toContain('\nSelector:                 <none>\n');
    expect(out).toContain('\nPort:                     <unset>  80/TCP\nTargetPort:               80/TCP\nNodePort:                 <unset>  31000/TCP\nEndpoints:                <none>\n');
    const notReady: KObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'plain-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'plain' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.0.9'], conditions: { ready: false } }],
      ports: [{ name: '', protocol: 'TCP', port: 80 }],
    };
    expect(describeObject(svc, ctxOf(NOW, [svc, notReady]))).toContain('\nEndpoints:                \nSession Affinity:');
  });

  it('prints an ExternalName service with values at column 19', () => {
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default', uid: 'uid-db' },
      spec: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' },
      status: { loadBalancer: {} },
    };
    const expected = [
      'Name:              db',
      'Namespace:         default',
      'Labels:            <none>',
      'Annotations:       <none>',
      'Selector:          <none>',
      'Type:              ExternalName',
      'IP Families:       <none>',
      'IP:                ',
      'IPs:               <none>',
      'External Name:     db.example.com',
      'Session Affinity:  None',
      'Events:            <none>',
      '',
    ].join('\n');
    expect(describeObject(svc, ctxOf(NOW, [svc]))).toBe(expected);
  });

  it('prints a LoadBalancer service with ingress, external IPs, health check port, and its events table', () => {
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb-svc', namespace: 'default', uid: 'uid-lb', annotations: { 'example.com/a': 'x' } },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'frontend' },
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 5000, nodePort: 31234 }],
        clusterIP: '10.96.5.5',
        clusterIPs: ['10.96.5.5'],
        externalIPs: ['192.0.2.10', '192.0.2.11'],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] } },
    };
    const events = [
      event({ obj: svc, reason: 'Type', message: 'ClusterIP -> LoadBalancer', first: '2026-11-26T05:38:14Z', component: 'service-controller' }),
      event({ obj: svc, reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', first: '2026-11-26T05:38:14Z', component: 'service-controller' }),
    ];
    const out = describeObject(svc, ctxOf(NOW, [svc, ...events]));
    expect(out).toContain('\nExternal IPs:                192.0.2.10,192.0.2.11\nLoadBalancer Ingress:        172.18.255.200 (VIP), lb.example.com\n');
    expect(out).toContain('\nExternal Traffic Policy:     Local\nInternal Traffic Policy:     Cluster\nHealthCheck NodePort:        32000\nLoadBalancer Source Ranges:  10.0.0.0/8\n');
    expect(out.endsWith(
      [
        'Events:',
        '  Type    Reason                Age   From                Message',
        '  ----    ------                ----  ----                -------',
        '  Normal  Type                  106s  service-controller  ClusterIP -> LoadBalancer',
        '  Normal  EnsuringLoadBalancer  106s  service-controller  Ensuring load balancer',
        '',
      ].join('\n'),
    )).toBe(true);
  });

  it('formats endpoints: at most 3, then " + N more..." counting ready endpoints only', () => {
    const five = endpointSlice(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'], []) as unknown as EndpointSlice;
    expect(formatEndpointSlices([five], new Set(['http']))).toBe('10.0.0.1:5000,10.0.0.2:5000,10.0.0.3:5000 + 2 more...');
    // A fourth endpoint that is not ready still marks "more", but is not counted.
    const fourth = endpointSlice(['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['10.0.0.4']) as unknown as EndpointSlice;
    expect(formatEndpointSlices([fourth], new Set(['http']))).toBe('10.0.0.1:5000,10.0.0.2:5000,10.0.0.3:5000 + 0 more...');
    const v6 = endpointSlice(['fd00::5'], []) as unknown as EndpointSlice;
    expect(formatEndpointSlices([v6], new Set(['http']))).toBe('[fd00::5]:5000');
    expect(formatEndpointSlices([v6], new Set(['metrics']))).toBe('');
    const headless = { ...v6, ports: [] } as EndpointSlice;
    expect(formatEndpointSlices([headless], new Set(['']))).toBe('fd00::5');
  });

  it('separates several services by two blank lines', () => {
    const a = service();
    const b = { ...service(), metadata: { ...service().metadata, name: 'frontend-svc-2' } };
    const out = describeObjects([a, b], ctxOf(NOW, [a, b]));
    expect(out).toContain('Events:                   <none>\n\n\nName:                     frontend-svc-2\n');
  });
});

describe('describe endpoints', () => {
  it('prints the endpoints vector of kubectl-more §3.3', () => {
    const ep: KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'frontend-svc',
        namespace: 'default',
        uid: 'uid-ep',
        labels: { app: 'frontend' },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-26T05:38:03Z' },
      },
      subsets: [
        {
          addresses: [{ ip: '10.244.0.5', nodeName: 'kind-control-plane' }, { ip: '10.244.0.6', nodeName: 'kind-control-plane' }],
          notReadyAddresses: [{ ip: '10.244.0.7', nodeName: 'kind-control-plane' }],
          ports: [{ name: 'http', port: 5000, protocol: 'TCP' }],
        },
      ],
    };
    expect(describeObject(ep, ctxOf(NOW, [ep]))).toBe(ENDPOINTS);
  });

  it('prints only Subsets: when there are none, and <none>/<unset> for empty address lists and unnamed ports', () => {
    const ep: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e', namespace: 'default' } };
    expect(describeObject(ep, ctxOf(NOW, [ep]))).toBe('Name:         e\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nSubsets:\nEvents:  <none>\n');
    ep.subsets = [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }];
    expect(describeObject(ep, ctxOf(NOW, [ep]))).toContain(
      'Subsets:\n  Addresses:          <none>\n  NotReadyAddresses:  10.0.0.1\n  Ports:\n    Name     Port  Protocol\n    ----     ----  --------\n    <unset>  80    TCP\n\nEvents:  <none>\n',
    );
  });
});

describe('describe endpointslice', () => {
  it('prints the endpointslice vector of kubectl-more §3.3 (the two elided endpoints filled in)', () => {
    const slice = endpointSlice(['10.244.0.5', '10.244.0.6'], ['10.244.0.7']);
    const more = [
      '  - Addresses:  10.244.0.6',
      '    Conditions:',
      '      Ready:    true',
      '    Hostname:   <unset>',
      '    TargetRef:  Pod/frontend-7d4b9c8f5-fghij',
      '    NodeName:   kind-control-plane',
      '    Zone:       <unset>',
      '  - Addresses:  10.244.0.7',
      '    Conditions:',
      '      Ready:    false',
      '    Hostname:   <unset>',
      '    TargetRef:  Pod/frontend-7d4b9c8f5-klmno',
      '    NodeName:   kind-control-plane',
      '    Zone:       <unset>',
    ].join('\n');
    const expected = ENDPOINTSLICE.replace(/^  ….*$/m, more);
    expect(describeObject(slice, ctxOf(NOW, [slice]))).toBe(expected);
  });

  it('prints Ports: <unset> and Endpoints: <none> for an empty slice', () => {
    const slice: KObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 's', namespace: 'default' },
      addressType: 'IPv4',
      endpoints: [],
    };
    expect(describeObject(slice, ctxOf(NOW, [slice]))).toBe(
      'Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nAddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\nEvents:  <none>\n',
    );
  });
});
