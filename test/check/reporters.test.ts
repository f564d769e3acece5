/**
 * The report formats of `kubesim check` over a hand-made report: text lines, JSON shape, TAP 13
 * points with YAML diagnostics, and JUnit that is well-formed, escaped, and — where the dev
 * dependency xmllint-wasm is installed — valid against Jenkins' junit-10.xsd.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson, renderJunit, renderReport, renderTap, renderText, clusterText } from '../../src/check/reporters.js';
import { summarize, type CaseResult } from '../../src/check/runner.js';

const at = (line: number, col: number) => ({ file: 'checks.yaml', line, col });
const cases: CaseResult[] = [
  { name: 'apply manifests', kind: 'apply', passed: true, observed: '2 objects from 1 file applied to a throwaway cluster (3 nodes, seed 1)', failures: [], hints: [], trace: [] },
  { name: 'frontend answers', kind: 'request', at: at(3, 5), passed: true, observed: 'HTTP 200 from frontend-abc [from pod/client]', failures: [], hints: [], trace: [] },
  {
    name: 'x <&> "#1"',
    kind: 'request',
    at: at(6, 5),
    passed: false,
    observed: 'connection to 10.96.0.5:8080 timed out [from pod/client]',
    failures: [{ message: 'outcome: want ok (an HTTP response), got timeout', at: at(8, 14) }],
    hints: ['no rule answered the SYN'],
    trace: ['route: port 8080 is not a port of service default/web'],
  },
];
const report = summarize('checks.yaml', { source: 'throwaway', name: 'kubesim', nodes: 3, seed: '1' }, cases);

describe('check reporters', () => {
  it('text: one line per case, details under failures, a summary line', () => {
    expect(renderText(report)).toBe(
      'PASS  apply manifests: 2 objects from 1 file applied to a throwaway cluster (3 nodes, seed 1)\n' +
        'PASS  frontend answers: HTTP 200 from frontend-abc [from pod/client]\n' +
        'FAIL  x <&> "#1": connection to 10.96.0.5:8080 timed out [from pod/client]\n' +
        '      checks.yaml:8:14: outcome: want ok (an HTTP response), got timeout\n' +
        '      hint: no rule answered the SYN\n' +
        '      trace: route: port 8080 is not a port of service default/web\n' +
        '2 passed, 1 failed\n',
    );
  });

  it('json: summary and results', () => {
    const j = JSON.parse(renderJson(report));
    expect(j.summary).toEqual({ file: 'checks.yaml', cluster: { source: 'throwaway', name: 'kubesim', nodes: 3, seed: '1' }, tests: 3, passed: 2, failed: 1, ok: false });
    expect(j.results[2]).toEqual({
      name: 'x <&> "#1"',
      kind: 'request',
      at: 'checks.yaml:6:5',
      passed: false,
      observed: 'connection to 10.96.0.5:8080 timed out [from pod/client]',
      failures: [{ message: 'outcome: want ok (an HTTP response), got timeout', at: 'checks.yaml:8:14' }],
      hints: ['no rule answered the SYN'],
      trace: ['route: port 8080 is not a port of service default/web'],
    });
    expect(j.results[0]).not.toHaveProperty('at');
  });

  it('tap: a plan, one point per case, # escaped, YAML diagnostics under a failure', () => {
    const t = renderTap(report).split('\n');
    expect(t.slice(0, 5)).toEqual(['TAP version 13', '1..3', 'ok 1 - apply manifests', 'ok 2 - frontend answers', 'not ok 3 - x <&> "\\#1"']);
    expect(t.slice(5)).toEqual([
      '  ---',
      '  kind: request',
      '  at: "checks.yaml:6:5"',
      '  observed: "connection to 10.96.0.5:8080 timed out [from pod/client]"',
      '  failures:',
      '    - message: "outcome: want ok (an HTTP response), got timeout"',
      '      at: "checks.yaml:8:14"',
      '  hints:',
      '    - "no rule answered the SYN"',
      '  trace:',
      '    - "route: port 8080 is not a port of service default/web"',
      '  ...',
      '# 2 passed, 1 failed',
      '',
    ]);
  });

  it('junit: one suite, escaped names, a failure element for the failed case', async () => {
    const x = renderJunit(report);
    expect(x).toContain('<testsuites name="kubesim check" tests="3" failures="1" errors="0" time="0">');
    expect(x).toContain('<testcase name="x &lt;&amp;&gt; &quot;#1&quot;" classname="checks.yaml" time="0">');
    expect(x).toContain('<failure message="outcome: want ok (an HTTP response), got timeout" type="request">checks.yaml:8:14: outcome: want ok (an HTTP response), got timeout\nhint: no rule answered the SYN\ntrace: route: port 8080 is not a port of service default/web</failure>');
    expect(x.match(/<testcase /g)).toHaveLength(3);
    let xmllint: { validateXML(o: object): Promise<{ valid: boolean; errors: unknown[] }> } | undefined;
    try {
      xmllint = (await import('xmllint-wasm' as string)) as typeof xmllint;
    } catch {
      console.log('skipped: JUnit XSD validation needs the dev dependency xmllint-wasm');
      return;
    }
    const xsd = { fileName: 'junit-10.xsd', contents: readFileSync(join(import.meta.dirname, '../fixtures-schemas/junit-10.xsd'), 'utf8') };
    const res = await xmllint!.validateXML({ xml: [{ fileName: 'report.xml', contents: x }], schema: [xsd] });
    expect(res.valid, JSON.stringify(res.errors)).toBe(true);
  });

  it('names the cluster it ran in', () => {
    expect(clusterText({ source: 'copy', name: 'ci', nodes: 2, seed: '5', loadBalancerPool: '172.18.255.200/29' })).toBe('a copy of cluster "ci" (2 nodes, seed 5, load-balancer pool 172.18.255.200/29; the cluster itself is not changed)');
    expect(renderReport(report, 'text')).toBe(renderText(report));
  });
});
