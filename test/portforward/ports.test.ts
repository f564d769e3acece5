import { describe, expect, it } from 'vitest';
import {
  checkUdpPortInPod,
  checkUdpPortInService,
  convertPodNamedPorts,
  formatForwardedPorts,
  joinHostPort,
  parseAddresses,
  parsePorts,
  splitPort,
  translateServicePorts,
  type ServiceLike,
} from '../../src/portforward/ports.js';
import type { Pod } from '../../src/controllers/kubelet.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'frontend-abc', namespace: 'default' },
  spec: {
    containers: [
      { name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 5000, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090 }] },
      { name: 'dns', image: 'y', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 54, protocol: 'TCP' }, { containerPort: 54, protocol: 'UDP' }] },
    ],
  },
};

const svc: ServiceLike = {
  metadata: { name: 'frontend-svc' },
  spec: {
    clusterIP: '10.96.0.20',
    ports: [
      { name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' },
      { name: 'alt', port: 8080, protocol: 'TCP', targetPort: 5000 },
      { name: 'same', port: 9090, protocol: 'TCP', targetPort: 0 },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'ghost', port: 81, protocol: 'TCP', targetPort: 'nope' },
    ],
  },
};

describe('port arguments', () => {
  it('splits like kubectl (three parts keep the first as both)', () => {
    expect(splitPort('8080:5000')).toEqual({ local: '8080', remote: '5000' });
    expect(splitPort(':5000')).toEqual({ local: '', remote: '5000' });
    expect(splitPort('5000')).toEqual({ local: '5000', remote: '5000' });
    expect(splitPort('1:2:3')).toEqual({ local: '1', remote: '1' });
  });

  it('translates service ports through targetPort to the container port', () => {
    expect(translateServicePorts(['8080:80'], svc, pod)).toEqual(['8080:5000']);
    expect(translateServicePorts(['80'], svc, pod)).toEqual(['80:5000']);
    expect(translateServicePorts([':80'], svc, pod)).toEqual([':5000']);
    expect(translateServicePorts(['web'], svc, pod)).toEqual(['80:5000']);
    expect(translateServicePorts(['9999:web'], svc, pod)).toEqual(['9999:5000']);
    expect(translateServicePorts(['8080'], svc, pod)).toEqual(['8080:5000']);
    expect(translateServicePorts(['9090'], svc, pod)).toEqual(['9090']);
  });

  it('keeps the number for a headless Service', () => {
    const headless: ServiceLike = { ...svc, spec: { ...svc.spec, clusterIP: 'None' } };
    expect(translateServicePorts(['80'], headless, pod)).toEqual(['80']);
  });

  it('gives kubectl\'s errors for unknown service ports and named target ports', () => {
    expect(() => translateServicePorts(['90'], svc, pod)).toThrow('Service frontend-svc does not have a service port 90');
    expect(() => translateServicePorts(['https'], svc, pod)).toThrow("Service 'frontend-svc' does not have a named port 'https'");
    expect(() => translateServicePorts(['81'], svc, pod)).toThrow("Pod 'frontend-abc' does not have a named port 'nope'");
  });

  it('converts named pod ports', () => {
    expect(convertPodNamedPorts(['http'], pod)).toEqual(['5000']);
    expect(convertPodNamedPorts(['8080:http'], pod)).toEqual(['8080:5000']);
    expect(convertPodNamedPorts([':metrics'], pod)).toEqual([':9090']);
    expect(convertPodNamedPorts(['7000:7001'], pod)).toEqual(['7000:7001']);
    expect(() => convertPodNamedPorts(['nope'], pod)).toThrow("Pod 'frontend-abc' does not have a named port 'nope'");
  });

  it('refuses UDP-only ports, by number or name', () => {
    expect(() => checkUdpPortInPod(['53'], pod)).toThrow('UDP protocol is not supported for 53');
    expect(() => checkUdpPortInPod(['8053:dns'], pod)).toThrow('UDP protocol is not supported for dns');
    expect(() => checkUdpPortInPod(['54'], pod)).not.toThrow();
    expect(() => checkUdpPortInService(['dns'], svc)).toThrow('UDP protocol is not supported for dns');
    expect(() => checkUdpPortInService(['80'], svc)).not.toThrow();
  });

  it('parses ports with client-go\'s errors', () => {
    expect(parsePorts(['8080:5000', '5000', ':6379'])).toEqual([
      { local: 8080, remote: 5000 },
      { local: 5000, remote: 5000 },
      { local: 0, remote: 6379 },
    ]);
    expect(() => parsePorts(['0'])).toThrow('remote port must be > 0');
    expect(() => parsePorts(['abc:5000'])).toThrow(`error parsing local port 'abc': strconv.ParseUint: parsing "abc": invalid syntax`);
    expect(() => parsePorts(['8080:x'])).toThrow(`error parsing remote port 'x': strconv.ParseUint: parsing "x": invalid syntax`);
    expect(() => parsePorts(['70000'])).toThrow(`error parsing local port '70000': strconv.ParseUint: parsing "70000": value out of range`);
    expect(() => parsePorts(['-1'])).toThrow(`error parsing local port '-1': strconv.ParseUint: parsing "-1": invalid syntax`);
    expect(() => parsePorts(['1:2:3'])).toThrow("invalid port format '1:2:3'");
  });

  it('parses addresses: localhost is both loopbacks, sorted by address', () => {
    expect(parseAddresses(['localhost'])).toEqual([
      { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' },
      { address: '::1', protocol: 'tcp6', failureMode: 'all' },
    ]);
    expect(parseAddresses(['10.0.0.1', '0.0.0.0', '::']).map((a) => `${a.address}/${a.protocol}/${a.failureMode}`)).toEqual(['0.0.0.0/tcp4/any', '10.0.0.1/tcp4/any', '::/tcp6/any']);
    expect(() => parseAddresses(['1.2.3.999'])).toThrow('1.2.3.999 is not a valid IP');
    expect(() => parseAddresses(['example.com'])).toThrow('example.com is not a valid IP');
  });

  it('formats ports and host:port as Go does', () => {
    expect(formatForwardedPorts([{ local: 8080, remote: 5000 }, { local: 0, remote: 80 }])).toBe('[{8080 5000} {0 80}]');
    expect(joinHostPort('::1', 8080)).toBe('[::1]:8080');
    expect(joinHostPort('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
  });
});
