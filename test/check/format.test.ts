/**
 * The CHECKS file format: what parses into which checks (with defaults and positions), and that
 * every mistake is reported at its file:line:col, all of them at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRange, formatProblems, inRange, parseChecks, type Check, type CheckFileProblem } from '../../src/check/format.js';

const ROOT = join(import.meta.dirname, '../..');

function ok(text: string): Check[] {
  const r = parseChecks(text, 'c.yaml');
  if ('problems' in r) throw new Error(formatProblems(r.problems));
  return r.suite.checks;
}

function problems(text: string): CheckFileProblem[] {
  const r = parseChecks(text, 'c.yaml');
  if (!('problems' in r)) throw new Error('expected problems');
  return r.problems;
}

describe('parseChecks', () => {
  it('parses the passing fixture', () => {
    const file = 'fixtures/check/passing.checks.yaml';
    const r = parseChecks(readFileSync(join(ROOT, file), 'utf8'), file);
    if ('problems' in r) throw new Error(formatProblems(r.problems));
    expect(r.suite.checks.map((c) => c.kind)).toEqual(['request', 'request', 'endpoints', 'dns', 'dns', 'dns', 'env', 'request', 'request', 'request', 'request', 'request']);
    const first = r.suite.checks[0];
    expect(first.at).toEqual({ file, line: 5, col: 5 });
    expect(first.expectAt.status).toEqual({ file, line: 7, col: 14 });
  });

  it('fills in the defaults: from outside, GET, one request, outcome ok, type A', () => {
    const [req, dns] = ok(`checks:
  - name: r
    request: {url: "http://10.0.0.1:8080/x?y=1"}
    expect: {}
  - name: d
    dns: {name: kubernetes}
    expect: {count: {min: 1}}
`);
    expect(req).toMatchObject({ kind: 'request', from: 'outside', method: 'GET', count: 1, namespace: '', expect: { outcome: 'ok' } });
    if (req.kind !== 'request') throw new Error();
    expect(req.url).toMatchObject({ host: '10.0.0.1', port: 8080, path: '/x?y=1' });
    expect(dns).toMatchObject({ kind: 'dns', from: 'outside', qname: 'kubernetes', type: 'A', expect: { outcome: 'ok', count: { min: 1 } } });
  });

  it('takes the file namespace for checks that name none, a check namespace over it', () => {
    const [a, b] = ok(`namespace: shop
checks:
  - {name: a, endpoints: {service: s}, expect: {count: 1}}
  - {name: b, endpoints: {service: s, namespace: prod}, expect: {count: 1}}
`);
    expect([a.namespace, b.namespace]).toEqual(['shop', 'prod']);
  });

  it('reads lists, ranges, regexes, headers, env values and the cluster shape', () => {
    const r = parseChecks(`cluster: {nodes: 5, seed: 42, loadBalancerPool: 172.18.255.200/29}
checks:
  - name: r
    request: {from: deploy/web, namespace: shop, container: app, url: "https://web:8443/", method: POST, headers: {X-Id: 7}, count: 20}
    expect: {status: [200, 204], body: "^ok$", distinctPods: {min: 2, max: 3}, servedBy: "^web-", spread: 0.25}
  - name: e
    env: {pod: web-0}
    expect: {present: A, absent: [B], values: {PORT: 80}}
`, 'c.yaml');
    if ('problems' in r) throw new Error(formatProblems(r.problems));
    expect(r.suite.cluster).toMatchObject({ nodes: 5, seed: '42', loadBalancerPool: '172.18.255.200/29' });
    const [req, env] = r.suite.checks;
    expect(req).toMatchObject({ from: 'deploy/web', namespace: 'shop', container: 'app', method: 'POST', headers: [['X-Id', '7']], count: 20, expect: { status: [200, 204], distinctPods: { min: 2, max: 3 }, spread: 0.25 } });
    if (req.kind !== 'request') throw new Error();
    expect(req.expect.body!.test('ok')).toBe(true);
    expect(env).toMatchObject({ expect: { present: ['A'], absent: ['B'], values: { PORT: '80' } } });
  });

  it('reports every mistake of the invalid fixture with its position', () => {
    const file = 'fixtures/check/invalid.checks.yaml';
    const r = parseChecks(readFileSync(join(ROOT, file), 'utf8'), file);
    if (!('problems' in r)) throw new Error('expected problems');
    expect(formatProblems(r.problems).split('\n')).toEqual([
      `${file}:3:5: error: checks[0].expect: required field is missing`,
      `${file}:5:5: error: checks[0].expcet: unknown field (expected one of: name, request, expect)`,
      `${file}:9:5: error: checks[1]: has both request and dns: give exactly one of request, endpoints, dns, env`,
      `${file}:13:42: error: checks[2].request.url: Protocol "ftp" not supported`,
      `${file}:14:22: error: checks[2].expect.status: must be an integer, got "OK"`,
      `${file}:14:34: error: checks[2].expect.body: not a valid regular expression: Invalid regular expression: /frontend-(/: Unterminated group`,
      `${file}:14:57: error: checks[2].expect.outcome: must be one of ok, refused, timeout, dns-error, unreachable, empty-reply, tls-error, not-http, got "hang"`,
      `${file}:17:14: error: checks[3].request.url: required field is missing`,
      `${file}:20:11: error: checks[4].name: duplicate check name "bad values" (first at line 12)`,
      `${file}:22:21: error: checks[4].expect.count: min 3 is greater than max 1`,
    ]);
  });

  it('rejects expectations that cannot hold together', () => {
    expect(problems(`checks:
  - name: a
    request: {url: "http://x/"}
    expect: {outcome: timeout, status: 200}
  - name: b
    request: {url: "http://x/"}
    expect: {distinctPods: 2}
  - name: c
    dns: {name: x}
    expect: {outcome: nxdomain, count: 1}
`).map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '4:32 checks[0].expect.status: only meaningful with outcome ok (got outcome timeout)',
      '7:14 checks[1].expect.distinctPods: needs request.count of 2 or more',
      '10:33 checks[2].expect.count: only meaningful with outcome ok (got outcome nxdomain)',
    ]);
  });

  it('reports YAML syntax errors, an empty file, a wrong shape and a wrong apiVersion', () => {
    expect(problems('checks:\n  - name: a\n    request: {url: x\n')[0]).toMatchObject({ file: 'c.yaml', message: expect.stringMatching(/^YAML syntax error: /) });
    expect(problems('')[0].message).toMatch(/empty/);
    expect(problems('- a\n')[0].message).toMatch(/must be a mapping/);
    expect(problems('apiVersion: v1\nchecks: []\n').map((p) => p.message)).toEqual(['apiVersion: must be kubesim.io/v1alpha1, got "v1"', 'checks: the list is empty']);
    expect(problems('checks:\n  - name: a\n    expect: {}\n')[0].message).toBe('checks[0]: says nothing to check: give exactly one of request, endpoints, dns, env');
    expect(problems('checks:\n  - name: a\n    endpoints: {service: s}\n    expect: {}\n')[0].message).toBe('checks[0].expect: give at least one of count, notReady, ports, pods');
    expect(problems('checks:\n  - name: a\n    request: {from: a/b/c, url: "http://x"}\n    expect: {}\n')[0].message).toMatch(/^checks\[0\]\.request\.from: must be outside, node\/NAME/);
    expect(problems('namespace: Shop\nchecks:\n  - {name: a, endpoints: {service: s}, expect: {count: 1}}\n')[0]).toMatchObject({ line: 1, col: 12 });
  });
});

describe('ranges', () => {
  it('describes and tests ranges', () => {
    expect(describeRange({ min: 3, max: 3 })).toBe('3');
    expect(describeRange({ min: 1 })).toBe('at least 1');
    expect(describeRange({ max: 2 })).toBe('at most 2');
    expect(describeRange({ min: 1, max: 2 })).toBe('1..2');
    expect(inRange(2, { min: 1, max: 2 })).toBe(true);
    expect(inRange(3, { max: 2 })).toBe(false);
  });
});
