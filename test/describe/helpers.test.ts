import { describe, expect, it } from 'vitest';
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../src/api/resources.js';
import { describeObject } from '../../src/printers/describe/index.js';
import { eventAge } from '../../src/printers/describe/events.js';
import { smartLabelFor, splitCamelCase } from '../../src/printers/describe/generic.js';
import { printAnnotationsMultiline } from '../../src/printers/describe/object-meta.js';
import { describeProbe } from '../../src/printers/describe/pod-template.js';
import { podQOSClass } from '../../src/printers/describe/pod-resources.js';
import { PrefixWriter } from '../../src/printers/describe/prefix-writer.js';
import { addQuantity, canonicalQuantity, formatQuantity, parseQuantity, quantityMilliValue, quantityValue } from '../../src/api/quantity.js';
import { tabbedString } from '../../src/printers/describe/tabwriter.js';
import { rfc1123z } from '../../src/printers/describe/time.js';
import { ctxOf } from './cluster.js';

describe('quantities', () => {
  it('prints the canonical form', () => {
    const cases: [string, string][] = [
      ['500m', '500m'], ['0.5', '500m'], ['1.2', '1200m'], ['1000m', '1'], ['1500000', '1500k'], ['3000000', '3M'], ['2e3', '2e3'],
      ['128Mi', '128Mi'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['0.5Ki', '512'], ['1.5Gi', '1536Mi'], ['0', '0'], ['0Mi', '0'],
      ['102626232Ki', '102626232Ki'], ['1k', '1k'], ['100M', '100M'], ['1n', '1n'],
    ];
    for (const [input, want] of cases) expect([input, canonicalQuantity(input)]).toEqual([input, want]);
  });

  it('sums keeping the first format, and rounds Value/MilliValue up', () => {
    const sum = addQuantity(parseQuantity('100m')!, parseQuantity('1')!);
    expect(formatQuantity(sum)).toBe('1100m');
    expect(formatQuantity(addQuantity(parseQuantity('70Mi')!, parseQuantity('284Mi')!))).toBe('354Mi');
    expect(quantityValue(parseQuantity('1500m')!)).toBe(2n);
    expect(quantityMilliValue(parseQuantity('1n')!)).toBe(1n);
    expect(parseQuantity('abc')).toBeUndefined();
  });
});

describe('probes', () => {
  const attrs = { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
  it('formats each handler as kubectl does', () => {
    const cases: [Probe, string][] = [
      [{ ...attrs, httpGet: { path: '/healthz', port: 'http', scheme: 'HTTPS', host: '10.0.0.1' } }, 'http-get https://10.0.0.1:http/healthz delay=0s timeout=1s period=10s #success=1 #failure=3'],
      [{ ...attrs, httpGet: { path: '/', port: 8080, host: 'fd00::1', scheme: 'HTTP' } }, 'http-get http://[fd00::1]:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3'],
      [{ ...attrs, tcpSocket: { port: 5000 } }, 'tcp-socket :5000 delay=0s timeout=1s period=10s #success=1 #failure=3'],
      [{ ...attrs, exec: { command: ['cat', '/tmp/healthy'] } }, 'exec [cat /tmp/healthy] delay=0s timeout=1s period=10s #success=1 #failure=3'],
      [{ ...attrs, grpc: { port: 9000, service: 'health' } }, 'grpc <pod>:9000 health delay=0s timeout=1s period=10s #success=1 #failure=3'],
    ];
    for (const [p, want] of cases) expect(describeProbe(p)).toBe(want);
  });
});

describe('annotations', () => {
  const render = (a: Record<string, string>): string => tabbedString((t) => printAnnotationsMultiline(new PrefixWriter(t), 'Annotations', a));

  it('puts long and multi-line values under the key, cut at 138 bytes', () => {
    const long = 'x'.repeat(150);
    expect(render({ a: 'short', b: long })).toBe(`Annotations:  a: short\n              b:\n                ${'x'.repeat(138)}...\n`);
    expect(render({ m: 'line1\nline2\n' })).toBe('Annotations:  m:\n                line1\n                line2\n');
  });

  it('hides the last-applied configuration', () => {
    expect(render({ 'kubectl.kubernetes.io/last-applied-configuration': '{}' })).toBe('Annotations:  <none>\n');
  });
});

describe('events and times', () => {
  const now = new Date('2026-11-26T05:40:00Z');
  it('shows repeated events as `<last> (xN over <first>)`, series likewise, and `<unknown>` for unset times', () => {
    expect(eventAge({ metadata: {}, involvedObject: {}, count: 3, firstTimestamp: '2026-11-26T05:38:00Z', lastTimestamp: '2026-11-26T05:39:50Z' }, now)).toBe('10s (x3 over 2m)');
    expect(eventAge({ metadata: {}, involvedObject: {}, eventTime: '2026-11-26T05:35:00.000000Z', series: { count: 4, lastObservedTime: '2026-11-26T05:39:00.000000Z' } }, now)).toBe('60s (x4 over 5m)');
    expect(eventAge({ metadata: {}, involvedObject: {} }, now)).toBe('<unknown>');
  });

  it('formats RFC1123Z in the local zone (TZ=UTC in tests)', () => {
    expect(rfc1123z('2026-11-26T05:31:33Z')).toBe('Thu, 26 Nov 2026 05:31:33 +0000');
    expect(rfc1123z('2026-01-05T23:04:05.123456Z')).toBe('Mon, 05 Jan 2026 23:04:05 +0000');
  });

  it('sorts events stably by lastTimestamp (ties keep server order)', () => {
    const mk = (name: string, last: string, reason: string): KObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'Service', name: 's', namespace: 'default', uid: 'u' },
      type: 'Normal',
      reason,
      message: `  ${reason} message  `,
      count: 1,
      firstTimestamp: last,
      lastTimestamp: last,
      source: {},
      reportingComponent: 'ctl',
    });
    const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default', uid: 'u' }, spec: { type: 'ClusterIP', sessionAffinity: 'None' } };
    const events = [mk('s.1', '2026-11-26T05:39:00Z', 'B'), mk('s.2', '2026-11-26T05:38:00Z', 'A'), mk('s.3', '2026-11-26T05:39:00Z', 'C')];
    const out = describeObject(svc, ctxOf('2026-11-26T05:40:00Z', [svc, ...events]));
    expect(out.slice(out.indexOf('Events:'))).toBe(
      'Events:\n  Type    Reason  Age   From  Message\n  ----    ------  ----  ----  -------\n  Normal  A       2m    ctl   A message\n  Normal  B       60s   ctl   B message\n  Normal  C       60s   ctl   C message\n',
    );
  });
});

describe('QoS class', () => {
  const pod = (resources: object[]): Parameters<typeof podQOSClass>[0] => ({ spec: { containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })) } });
  it('computes BestEffort, Guaranteed and Burstable', () => {
    expect(podQOSClass(pod([{}]))).toBe('BestEffort');
    expect(podQOSClass(pod([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }]))).toBe('Guaranteed');
    expect(podQOSClass(pod([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }]))).toBe('Burstable');
    expect(podQOSClass(pod([{ limits: { cpu: '1', memory: '1Gi' } }, {}]))).toBe('Burstable');
  });
});

describe('generic describer', () => {
  it('splits camel case and builds smart labels', () => {
    expect(splitCamelCase('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(splitCamelCase('holderIdentity')).toEqual(['holder', 'Identity']);
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('leaseDurationSeconds')).toBe('Lease Duration Seconds');
    expect(smartLabelFor('kubernetes.io/x')).toBe('kubernetes.io/x');
  });

  it('describes a kind without its own describer (a Lease) field by field', () => {
    const lease: KObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kubesim', namespace: 'kube-node-lease', uid: 'uid-lease', creationTimestamp: '2026-11-26T05:00:00Z' },
      spec: { holderIdentity: 'kubesim', leaseDurationSeconds: 40, renewTime: '2026-11-26T05:39:58.000000Z' },
    };
    expect(describeObject(lease, ctxOf('2026-11-26T05:40:00Z', [lease]))).toBe(
      [
        'Name:         kubesim',
        'Namespace:    kube-node-lease',
        'Labels:       <none>',
        'Annotations:  <none>',
        'API Version:  coordination.k8s.io/v1',
        'Kind:         Lease',
        'Metadata:',
        '  Creation Timestamp:  2026-11-26T05:00:00Z',
        '  UID:                 uid-lease',
        'Spec:',
        '  Holder Identity:         kubesim',
        '  Lease Duration Seconds:  40',
        '  Renew Time:              2026-11-26T05:39:58.000000Z',
        'Events:                    <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('robustness', () => {
  it('describes minimal objects of every kind without throwing', () => {
    const kinds = ['Pod', 'Service', 'Endpoints', 'EndpointSlice', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Node', 'Namespace', 'Event', 'ConfigMap'];
    for (const kind of kinds) {
      const obj: KObject = { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: kind === 'Node' || kind === 'Namespace' ? undefined : 'default' } };
      const out = describeObject(obj, ctxOf('2026-11-26T05:40:00Z', [obj]));
      expect(out.startsWith('Name:')).toBe(true);
      expect(out.endsWith('\n')).toBe(true);
    }
  });
});
