/**
 * validate's core (src/validate/): per-object findings with the apiserver's texts and positions,
 * the cross-object checks, the suppression of findings an unknown field explains, the report
 * formats, and the CLI's threads giving the same answer as one thread.
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/validate/validate.js';
import type { Finding, ValidateResult } from '../../src/validate/findings.js';
import { RULES, summaryLine, totals } from '../../src/validate/findings.js';
import { fieldPath, cloneJson } from '../../src/validate/checks.js';
import { renderText } from '../../src/validate/reporters/text.js';
import { renderJson } from '../../src/validate/reporters/json.js';
import { renderTap } from '../../src/validate/reporters/tap.js';
import { renderJunit, xmlEscape } from '../../src/validate/reporters/junit.js';
import { artifactUri, renderSarif } from '../../src/validate/reporters/sarif.js';
import { ROOT, sandbox } from '../helpers/cli.js';

const at = (p: string) => join(ROOT, p);
const tmp = mkdtempSync(join(tmpdir(), 'kubesim-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(paths: string[], recursive = false, stdin = ''): ValidateResult {
  const r = validateManifests(paths, recursive, { readStdin: () => stdin });
  if ('errors' in r) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r;
}

function write(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

const brief = (f: Finding) => `${f.line}:${f.col} ${f.severity} ${f.rule}: ${f.message}`;

describe('per-object checks', () => {
  it('the seed Deployment with a mis-indented template: one unknown-field error, nothing it explains', () => {
    const r = run([at('fixtures/seed/frontend-deploy-as-written.yaml')]);
    expect(r.findings.map(brief)).toEqual([
      '12:5 error unknown-field: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.template"',
    ]);
    expect(r.findings[0].hint).toMatch(/indentation/);
    expect(r.objects).toMatchObject([{ kind: 'Deployment', namespace: 'default', name: 'frontend', errors: 1, warnings: 0 }]);
  });

  it('the seed headless Service written with type: None', () => {
    const r = run([at('fixtures/seed/frontend-svc-headless-as-written.yaml')]);
    const err = r.findings.find((f) => f.severity === 'error')!;
    expect(brief(err)).toBe('12:3 error invalid-field: The Service "frontend-svc" is invalid: spec.type: Unsupported value: "None": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
    expect(err.hint).toMatch(/clusterIP: None/);
  });

  it('the seed multi-port Service: both port-name errors, each at its port', () => {
    const r = run([at('fixtures/seed/multiport-unnamed.yaml')]);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.col} ${f.message.split(': ').slice(1, 3).join(': ')}`)).toEqual([
      '9:7 spec.ports[0].name: Required value',
      '12:7 spec.ports[1].name: Invalid value',
    ]);
  });

  it('reports every type error and unknown field, each at its own position', () => {
    const f = write('many.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: "80"\n    prot: TCP\n  - port: 81\n    targetPort: true\n  selectr:\n    app: x\n');
    const r = run([f]);
    expect(r.findings.map((x) => `${x.line}:${x.col} ${x.rule}`)).toEqual(['7:5 type-error', '8:5 unknown-field', '10:5 type-error', '11:3 unknown-field']);
  });

  it('allocation: a clusterIP out of range or held by a system Service, a nodePort out of range', () => {
    const f = write('alloc.yaml', [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIP: 10.96.0.10\n  ports:\n  - port: 53\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  clusterIP: 192.168.0.1\n  ports:\n  - port: 80\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n',
    ].join('---\n'));
    const r = run([f]);
    expect(r.findings.map((x) => `${x.rule} ${x.message}`)).toEqual([
      'allocation The Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
      'allocation The Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
      'allocation The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });

  it('file-level errors keep kubectl\'s texts and positions, and earlier documents are still checked', () => {
    const r = run([at('fixtures/errors')]);
    const rules = r.findings.map((f) => `${f.file.replace(ROOT + '/', '')}:${f.line}:${f.col} ${f.rule}`);
    expect(rules).toContain('fixtures/errors/yaml-syntax-error.yaml:13:10 yaml-syntax');
    expect(rules).toContain('fixtures/errors/no-kind.yaml:9:1 object-kind');
    expect(rules).toContain('fixtures/errors/unknown-kind.yaml:2:1 unknown-kind');
    expect(rules).toContain('fixtures/errors/selector-mismatch.yaml:12:7 selector-template-mismatch');
    expect(r.objects.some((o) => o.name === 'g-svc')).toBe(true); // the document before the syntax error
  });

  it('is silent on a valid set, and never touches a cluster state', () => {
    const r = run([at('fixtures/validate/valid')], true);
    expect(r.findings).toEqual([]);
    expect(totals(r)).toEqual({ resources: 5, files: 3, errors: 0, warnings: 0 });
  });

  it('reads standard input as STDIN', () => {
    const r = run(['-'], false, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n');
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.message}`)).toEqual(['STDIN:6:3 The Pod "p" is invalid: spec.containers: Required value']);
  });
});

describe('cross-object checks', () => {
  const r = run([at('fixtures/validate/cross')]);
  const by = (rule: string) => r.findings.filter((f) => f.rule === rule);

  it('Service selector against the workloads: the nearest near-miss, the create-service trap hint', () => {
    const [f] = by('selector-no-match').filter((x) => x.object?.name === 'frontend-svc');
    expect(f.message).toBe('Service default/frontend-svc selects app=frontend-svc, but no workload in the set has that label (nearest: Deployment default/frontend has app=frontend)');
    expect(f.hint).toMatch(/kubectl create service/);
    expect(`${f.line}:${f.col}`).toBe('27:3');
  });

  it('pods with the labels in another namespace', () => {
    const [f] = by('selector-no-match').filter((x) => x.object?.name === 'api-v2');
    expect(f.message).toMatch(/nearest: Deployment staging\/api has app=api-v2, but in namespace "staging"/);
  });

  it('targetPorts against the selected containers', () => {
    expect(by('target-port-missing').map(brief)).toEqual([
      '25:5 error target-port-missing: Service default/api port 80 targets the named port "http" (TCP), but no container of Pod default/api has a port of that name (it declares 5678/TCP "web")',
    ]);
    expect(by('target-port-undeclared')).toHaveLength(1);
  });

  it('duplicates, clusterIP and nodePort conflicts point at both places', () => {
    expect(by('duplicate-object')[0].message).toMatch(/^Service default\/edge is defined more than once \(first at .*duplicates-and-conflicts.yaml:4:3\)$/);
    expect(by('cluster-ip-conflict')[0].message).toMatch(/provided IP is already allocated \(Service default\/edge at .*:7:3 requests it too\)$/);
    expect(by('node-port-conflict')[0].message).toMatch(/spec.ports\[0\].nodePort: Invalid value: 30080: provided port is already allocated \(Service default\/edge at .*:10:5 requests it too\)$/);
  });

  it('a workload defined twice is named once among the overlapping ones', () => {
    const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    const r = run([write('twice.yaml', [deploy('a'), deploy('b'), deploy('b')].join('---\n'))]);
    const overlaps = r.findings.filter((f) => f.rule === 'selector-overlap').map((f) => f.message);
    expect(overlaps[0]).toBe('Deployment default/a selects app=web, which also matches the pods of Deployment default/b');
  });

  it('namespaces the set does not create (warning), overlapping workload selectors (warning)', () => {
    expect(by('missing-namespace').map((f) => f.message)).toEqual(['namespaces "team-a" not found: Pod team-a/worker is in namespace "team-a", which the set does not create']);
    expect(by('selector-overlap').map((f) => f.message)).toEqual(['Deployment default/web selects app=web, which also matches the pods of Deployment default/web-canary']);
    expect(by('missing-namespace')[0].severity).toBe('warning');
  });

  it('findings are sorted by file, then position', () => {
    const keys = r.findings.map((f) => [r.files.indexOf(f.file), f.line, f.col]);
    expect([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])).toEqual(keys);
  });
});

describe('helpers', () => {
  it('field paths', () => {
    expect(fieldPath('spec.ports[1].name')).toEqual(['spec', 'ports', 1, 'name']);
    expect(fieldPath('spec.template.spec.containers[0].resources.limits[cpu]')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
  });
  it('cloneJson is deep and keeps __proto__ keys as data', () => {
    const o = JSON.parse('{"a":[{"b":1}],"__proto__":{"x":1}}');
    const c = cloneJson(o);
    expect(c).toEqual(o);
    expect(c.a[0]).not.toBe(o.a[0]);
    expect(Object.keys(c)).toContain('__proto__');
  });
  it('every rule has an id, a name, descriptions and help', () => {
    expect(new Set(RULES.map((x) => x.id)).size).toBe(RULES.length);
    for (const x of RULES) expect(x.name && x.short && x.help).toBeTruthy();
  });
  it('sarif URIs are relative and percent-encoded; XML escaping', () => {
    expect(artifactUri('/work/x/my dir/a.yaml', '/work/x')).toBe('my%20dir/a.yaml');
    expect(artifactUri('k8s/a.yaml', '/anywhere')).toBe('k8s/a.yaml');
    expect(xmlEscape('a<b & "c"\u0001')).toBe('a&lt;b &amp; &quot;c&quot;');
  });
});

describe('reports', () => {
  const r = run([at('fixtures/validate/mixed')]);
  it('text: one line per finding, the summary with --summary', () => {
    const text = renderText(r, { summary: true }).trimEnd().split('\n');
    expect(text).toHaveLength(r.findings.length + 1);
    expect(text.at(-1)).toBe(summaryLine(totals(r)));
    expect(text[0]).toMatch(/^\/.*app\.yaml:36:5: warning: .* \[target-port-undeclared\]$/);
    expect(renderText({ files: [], objects: [], findings: [] }, { summary: false })).toBe('');
  });
  it('json, tap, junit and sarif carry the same findings', () => {
    const json = JSON.parse(renderJson(r));
    expect(json.summary).toEqual({ resources: 3, files: 3, errors: 4, warnings: 1, valid: false });
    expect(json.findings).toHaveLength(5);
    const tap = renderTap(r, { summary: false });
    expect(tap.split('\n').slice(0, 2)).toEqual(['TAP version 13', '1..4']);
    expect(tap.match(/^not ok /gm)).toHaveLength(2);
    expect(renderJunit(r).match(/<failure /g)).toHaveLength(2);
    expect(JSON.parse(renderSarif(r, { cwd: ROOT })).runs[0].results).toHaveLength(5);
  });
});

describe('the CLI', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());
  it('gives the same report on worker threads as on one thread', async () => {
    const args = ['validate', '-f', 'fixtures/validate', '-R', '-f', 'fixtures/errors', '-f', 'fixtures/seed', '-o', 'json'];
    const one = await box.run(args, { env: { KUBESIM_VALIDATE_THREADS: '1' } });
    const three = await box.run(args, { env: { KUBESIM_VALIDATE_THREADS: '3' } });
    expect(three.stderr).toBe('');
    expect(three.stdout).toBe(one.stdout);
    expect(three.code).toBe(1);
    expect(JSON.parse(one.stdout).summary.resources).toBeGreaterThan(30);
  });
  it('exits 0 with warnings only', async () => {
    const r = await box.run(['validate', '-f', 'fixtures/validate/cross/overlap.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: .*\[selector-overlap\]/);
  });
});
