/**
 * `create service`: the generator as pure functions (kubectl v1.32's object, checks and texts),
 * and the command run in-process under --dry-run=client.
 */
import { describe, expect, it } from 'vitest';
import {
  buildService,
  goAtoi,
  parsePortSpecifier,
  readAsCsv,
  runCreateService,
  selectorMismatchHint,
  tcpSpecifiers,
  validateServiceParams,
  withCreateAnnotation,
  type CreateServiceOptions,
} from '../../src/cli/commands/create-service.js';
import { typedJson, unstructuredJson } from '../../src/printers/go-json.js';
import type { Runtime } from '../../src/cli/runtime.js';
import type { KObject } from '../../src/api/resources.js';
import { KubesimError } from '../../src/errors.js';
import { toYaml } from '../../src/printers/yaml.js';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KubesimError);
    return (err as KubesimError).message;
  }
  throw new Error('expected an error');
};

describe('readAsCsv (pflag string slice)', () => {
  it('splits on commas and keeps empty items', () => {
    expect(readAsCsv('80,443:8443')).toEqual(['80', '443:8443']);
    expect(readAsCsv('80,')).toEqual(['80', '']);
    expect(readAsCsv('')).toEqual([]);
  });
  it('understands quoted fields', () => {
    expect(readAsCsv('"80:5000",81')).toEqual(['80:5000', '81']);
    expect(readAsCsv('"8""0"')).toEqual(['8"0']);
    expect(readAsCsv('"80",')).toEqual(['80', '']);
  });
  it('reports Go csv errors with 1-based columns', () => {
    expect(() => readAsCsv('a"b')).toThrow('parse error on line 1, column 2: bare " in non-quoted-field');
    expect(() => readAsCsv('"80')).toThrow('parse error on line 1, column 4: extraneous or missing " in quoted-field');
    expect(() => readAsCsv('"80"x')).toThrow('parse error on line 1, column 4: extraneous or missing " in quoted-field');
    expect(() => readAsCsv('81,"80""')).toThrow('parse error on line 1, column 9: extraneous or missing " in quoted-field');
  });
  it('words flag errors as cobra does', () => {
    expect(message(() => tcpSpecifiers(['a"b'], 'kubesim create service clusterip'))).toBe(
      'invalid argument "a\\"b" for "--tcp" flag: parse error on line 1, column 2: bare " in non-quoted-field\nSee \'kubesim create service clusterip --help\' for usage.',
    );
    expect(tcpSpecifiers(['80', '', '443,444'], 'x')).toEqual(['80', '443', '444']);
  });
});

describe('parsePortSpecifier', () => {
  it('derives name, port and targetPort', () => {
    expect(parsePortSpecifier('80:5000')).toEqual({ name: '80-5000', port: 80, targetPort: 5000 });
    expect(parsePortSpecifier('80')).toEqual({ name: '80', port: 80, targetPort: 80 });
    expect(parsePortSpecifier('80:http')).toEqual({ name: '80-http', port: 80, targetPort: 'http' });
    expect(parsePortSpecifier('80:5000:1')).toEqual({ name: '80-5000-1', port: 80, targetPort: 5000 });
    expect(parsePortSpecifier('080:+80')).toEqual({ name: '080-+80', port: 80, targetPort: 80 });
    expect(parsePortSpecifier('0:80')).toEqual({ name: '0-80', port: 0, targetPort: 80 });
    expect(parsePortSpecifier('80:0x10')).toEqual({ name: '80-0x10', port: 80, targetPort: '0x10' });
  });
  it.each([
    ['abc', 'strconv.ParseUint: parsing "abc": invalid syntax'],
    [':80', 'strconv.ParseUint: parsing "": invalid syntax'],
    ['+80', 'strconv.ParseUint: parsing "+80": invalid syntax'],
    ['70000', 'strconv.ParseUint: parsing "70000": value out of range'],
    ['80:70000', 'must be between 1 and 65535, inclusive'],
    ['80:0', 'must be between 1 and 65535, inclusive'],
    ['80:-1', 'must be between 1 and 65535, inclusive'],
    ['80:abc_d', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['80:ABC_', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)'],
    ['80:', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)'],
    ['80:a--b', 'must not contain consecutive hyphens'],
    ['80:-ab', 'must not begin or end with a hyphen'],
    ['80:verylongportname1', 'must be no more than 15 characters'],
    ['80:99999999999999999999', 'must be no more than 15 characters,must contain at least one letter (a-z)'],
    ['80:ab--', 'must not contain consecutive hyphens,must not begin or end with a hyphen'],
  ])('%s → %s', (spec, text) => {
    expect(message(() => parsePortSpecifier(spec))).toBe(text);
  });
  it('goAtoi follows strconv.Atoi', () => {
    expect(goAtoi('+80')).toBe(80);
    expect(goAtoi('-5')).toBe(-5);
    expect(goAtoi('8a')).toBeUndefined();
    expect(goAtoi('99999999999999999999')).toBeUndefined();
  });
});

describe('validateServiceParams', () => {
  it('requires a port unless headless or ExternalName', () => {
    expect(message(() => validateServiceParams('clusterip', { tcp: [] }))).toBe('at least one tcp port specifier must be provided');
    expect(message(() => validateServiceParams('nodeport', { tcp: [] }))).toBe('at least one tcp port specifier must be provided');
    expect(() => validateServiceParams('clusterip', { tcp: [], clusterIP: 'None' })).not.toThrow();
    expect(() => validateServiceParams('externalname', { tcp: [], externalName: 'db.example.com' })).not.toThrow();
  });
  it('checks the external name as a DNS-1123 subdomain', () => {
    expect(message(() => validateServiceParams('externalname', { tcp: [], externalName: 'Bad_Name' }))).toBe('invalid service external name Bad_Name');
    expect(message(() => validateServiceParams('externalname', { tcp: [], externalName: '' }))).toBe('invalid service external name ');
    expect(message(() => validateServiceParams('externalname', { tcp: [], externalName: 'foo.' }))).toBe('invalid service external name foo.');
  });
});

describe('buildService', () => {
  it('builds kubectl’s ClusterIP service', () => {
    const svc = buildService('clusterip', 'frontend-svc', { tcp: ['80:5000'] });
    expect(toYaml(svc)).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: frontend-svc',
        '  name: frontend-svc',
        'spec:',
        '  ports:',
        '  - name: 80-5000',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 5000',
        '  selector:',
        '    app: frontend-svc',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}',
        '',
      ].join('\n'),
    );
  });
  it('puts --node-port on every port, truncated to int32', () => {
    const svc = buildService('nodeport', 'web', { tcp: ['80:8080', '443'], nodePort: 30080 });
    expect((svc.spec as { ports: { nodePort: number }[] }).ports.map((p) => p.nodePort)).toEqual([30080, 30080]);
    const big = buildService('nodeport', 'web', { tcp: ['80'], nodePort: 99999999999 });
    expect((big.spec as { ports: { nodePort: number }[] }).ports[0].nodePort).toBe(1215752191);
  });
  it('headless without ports has no ports key; ExternalName keeps the selector', () => {
    expect(buildService('clusterip', 'h', { tcp: [], clusterIP: 'None' }).spec).toEqual({ selector: { app: 'h' }, clusterIP: 'None', type: 'ClusterIP' });
    expect(buildService('externalname', 'ext', { tcp: [], externalName: 'db.example.com' }).spec).toEqual({ selector: { app: 'ext' }, type: 'ExternalName', externalName: 'db.example.com' });
  });
  it('sets the namespace only when given', () => {
    expect(buildService('clusterip', 'w', { tcp: ['80'] }).metadata.namespace).toBeUndefined();
    expect(buildService('clusterip', 'w', { tcp: ['80'], namespace: 'foo' }).metadata.namespace).toBe('foo');
  });
});

describe('JSON encodings', () => {
  it('prints a typed Service in Go struct order', () => {
    const json = typedJson(buildService('nodeport', 'web', { tcp: ['80:8080'], nodePort: 30080 }));
    expect(json.split('\n').slice(0, 7)).toEqual(['{', '    "kind": "Service",', '    "apiVersion": "v1",', '    "metadata": {', '        "name": "web",', '        "creationTimestamp": null,', '        "labels": {']);
    expect(json).toContain('"name": "80-8080",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 8080,\n                "nodePort": 30080');
    expect(json.endsWith('}\n')).toBe(true);
  });
  it('escapes HTML characters as encoding/json does', () => {
    const svc = buildService('clusterip', 'w', { tcp: ['80'] });
    svc.metadata.labels = { a: '<&>' };
    expect(typedJson(svc)).toContain('"a": "\\u003c\\u0026\\u003e"');
  });
  it('sorts every key of an unstructured object', () => {
    expect(unstructuredJson({ kind: 'Service', apiVersion: 'v1', spec: { type: 'X', ports: [{ port: 1, name: 'a' }] } })).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Service",\n    "spec": {\n        "ports": [\n            {\n                "name": "a",\n                "port": 1\n            }\n        ],\n        "type": "X"\n    }\n}\n',
    );
  });
  it('--save-config annotation is the compact typed encoding', () => {
    const svc = withCreateAnnotation(buildService('clusterip', 'w', { tcp: ['80'] }));
    expect(svc.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"kind":"Service","apiVersion":"v1","metadata":{"name":"w","creationTimestamp":null,"labels":{"app":"w"}},"spec":{"ports":[{"name":"80","protocol":"TCP","port":80,"targetPort":80}],"selector":{"app":"w"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}\n',
    );
  });
});

describe('selectorMismatchHint (gotcha 1)', () => {
  const pod = (app?: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${app}`, labels: app ? { app } : {} } });
  it('speaks only when pods with another app exist and none matches', () => {
    expect(selectorMismatchHint('frontend-svc', 'default', [pod('frontend')])).toContain('pods here have app=frontend');
    expect(selectorMismatchHint('frontend', 'default', [pod('frontend')])).toBeUndefined();
    expect(selectorMismatchHint('x', 'default', [])).toBeUndefined();
    expect(selectorMismatchHint('x', 'default', [pod()])).toBeUndefined();
  });
});

function fakeRuntime(): { rt: Runtime; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const rt = {
    env: {},
    stdout: { write: (t: string) => void (out += t), isTTY: false },
    stderr: { write: (t: string) => void (err += t), isTTY: false },
    readStdin: () => '',
    clock: { now: () => new Date('2026-11-26T05:00:00Z') },
    home: '/nonexistent',
    prefs: { currentContext: 'kubesim', contexts: {} },
    hints: true,
    colour: false,
  } as unknown as Runtime;
  return { rt, out: () => out, err: () => err };
}

describe('runCreateService (client dry run, in-process)', () => {
  const run = async (args: string[], opts: CreateServiceOptions) => {
    const f = fakeRuntime();
    const code = await runCreateService(f.rt, args, { dryRun: 'client', validate: 'strict', ...opts });
    return { code, stdout: f.out(), stderr: f.err() };
  };
  it('prints the dry-run line', async () => {
    expect(await run(['web'], { command: 'clusterip', tcp: ['80'] })).toEqual({ code: 0, stdout: 'service/web created (dry run)\n', stderr: '' });
  });
  it('prints -o name', async () => {
    expect((await run(['web'], { command: 'loadbalancer', tcp: ['80'], output: 'name' })).stdout).toBe('service/web\n');
  });
  it('checks in kubectl’s order: flags, required flag, NAME, then the rest', async () => {
    await expect(run([], { command: 'externalname' })).rejects.toThrow('required flag(s) "external-name" not set');
    await expect(run(['a', 'b'], { command: 'nodeport', tcp: ['abc'] })).rejects.toThrow("exactly one NAME is required, got 2\nSee 'kubesim create service nodeport -h' for help and examples");
    await expect(run([], { command: 'clusterip', tcp: ['a"b'] })).rejects.toThrow('invalid argument');
    await expect(run(['x'], { command: 'clusterip', tcp: ['abc'], output: 'bogus' })).rejects.toThrow('unable to match a printer');
  });
});
