/**
 * Running checks in an in-memory cluster built from the seed manifests: each kind of check, each
 * request outcome, failures with their positions and explanations, and that nothing is written
 * (a copied cluster's state object is left as it was).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frozenClock } from '../../src/clock.js';
import { formatProblems, parseChecks, type Check } from '../../src/check/format.js';
import { applyCase, runChecks, summarize, type CaseResult } from '../../src/check/runner.js';
import { applyManifests, copiedCluster, throwawayCluster } from '../../src/check/setup.js';
import { loadManifests } from '../../src/manifest/load.js';
import type { Cluster } from '../../src/store/cluster-state.js';
import { newClusterState } from '../../src/store/default-cluster.js';

const ROOT = join(import.meta.dirname, '../..');
const clock = frozenClock(new Date('2026-11-26T05:00:00Z'));
const SEED = ['frontend-deploy.yaml', 'client-pod.yaml', 'dnsutils-pod.yaml', 'frontend-svc.yaml', 'frontend-headless.yaml', 'frontend-nodeport.yaml', 'myapp.yaml'].map((f) => join(ROOT, 'fixtures/seed', f));
const LOCAL = join(ROOT, 'fixtures/check/myapp-local.yaml');

function load(files: string[]) {
  return loadManifests(files, { recursive: false, readStdin: () => '' });
}

function checks(text: string): Check[] {
  const r = parseChecks(text, 'c.yaml');
  if ('problems' in r) throw new Error(formatProblems(r.problems));
  return r.suite.checks;
}

let cluster: Cluster;
beforeAll(() => {
  cluster = throwawayCluster(undefined, '7008', clock).cluster;
  const applied = applyManifests(cluster, load([...SEED, LOCAL]), 'default');
  expect(applied.errors).toEqual([]);
});

function run(text: string): CaseResult[] {
  return runChecks(cluster, checks(text), 'default');
}

describe('setup', () => {
  it('builds the throwaway cluster from the file shape, else KUBESIM_SEED, else seed 1', () => {
    expect(throwawayCluster({ nodes: 1, seed: 'abc' }, '7008', clock).info).toEqual({ source: 'throwaway', name: 'kubesim', nodes: 1, seed: 'abc' });
    expect(throwawayCluster(undefined, '7008', clock).info.seed).toBe('7008');
    expect(throwawayCluster(undefined, undefined, clock).info.seed).toBe('1');
  });

  it('applies to a copy: the original state is untouched', () => {
    const state = newClusterState({ name: 'ci', nodes: 2, seed: '5' }, clock);
    const before = JSON.stringify(state);
    const { cluster: copy, info } = copiedCluster(state, clock);
    const out = applyManifests(copy, load([join(ROOT, 'fixtures/seed/frontend-deploy.yaml')]), 'default');
    expect(out.applied).toEqual([{ kind: 'Deployment', namespace: 'default', name: 'frontend', operation: 'created', source: join(ROOT, 'fixtures/seed/frontend-deploy.yaml') }]);
    expect(copy.list('Pod', 'default')).toHaveLength(3);
    expect(JSON.stringify(state)).toBe(before);
    expect(info).toEqual({ source: 'copy', name: 'ci', nodes: 2, seed: '5' });
    // Applying the same manifest again leaves the object unchanged, as `kubesim apply` does.
    expect(applyManifests(copy, load([join(ROOT, 'fixtures/seed/frontend-deploy.yaml')]), 'default').applied[0].operation).toBe('unchanged');
  });

  it('collects apply failures with their source position, and the apply case fails', () => {
    const c = throwawayCluster(undefined, '7008', clock).cluster;
    const out = applyManifests(c, load([join(ROOT, 'fixtures/seed/frontend-svc-headless-as-written.yaml'), join(ROOT, 'fixtures/seed/client-pod.yaml')]), 'default');
    expect(out.applied.map((a) => a.name)).toEqual(['client-app']);
    expect(out.errors).toHaveLength(1);
    const k = applyCase(out.applied.length, out.files, out.errors, 'a throwaway cluster');
    expect(k).toMatchObject({ passed: false, observed: '1 object from 2 files applied to a throwaway cluster; 1 failed' });
    expect(k.failures[0].message).toMatch(/^The Service "frontend-svc" is invalid: spec\.type: Unsupported value: "None"/);
    expect(k.failures[0].at).toMatchObject({ line: 12, col: 3 });
    expect(applyCase(2, 1, [], 'x')).toMatchObject({ passed: true, failures: [] });
  });
});

describe('request checks', () => {
  it('passes on the expected status and body, and says which pod answered', () => {
    const [r] = run(`checks:
  - name: a
    request: {from: pod/client-app, url: "http://frontend-svc/"}
    expect: {status: 200, body: "^Hostname: frontend-"}
`);
    expect(r.passed).toBe(true);
    expect(r.observed).toMatch(/^HTTP 200 from frontend-f6f878cb-[a-z0-9]{5} \[from pod\/client-app\]$/);
  });

  it('tells each outcome apart: timeout, dns-error, refused, tls-error', () => {
    const rs = run(`checks:
  - {name: unknown port, request: {from: pod/client-app, url: "http://frontend-svc:8080/"}, expect: {outcome: timeout}}
  - {name: outside, request: {url: "http://frontend-svc/"}, expect: {outcome: dns-error}}
  - {name: nothing listens, request: {from: node/kubesim, url: "http://10.244.0.2:9999/"}, expect: {outcome: refused}}
  - {name: tls, request: {from: pod/client-app, url: "https://frontend-svc:80/"}, expect: {outcome: tls-error}}
  - {name: local drop, request: {url: "http://192.168.49.2:30080/"}, expect: {outcome: timeout}}
`);
    expect(rs.map((r) => [r.name, r.passed, r.observed])).toEqual([
      ['unknown port', true, expect.stringMatching(/timed out/)],
      ['outside', true, 'could not resolve host frontend-svc (NXDOMAIN) [from outside]'],
      ['nothing listens', true, expect.stringMatching(/^connection to 10\.244\.0\.2:9999 refused/)],
      ['tls', true, expect.stringMatching(/does not speak TLS on port 5000/)],
      ['local drop', true, 'connection to 192.168.49.2:30080 timed out [from outside]'],
    ]);
  });

  it('fails with the expectation position, a hint and the trace of the connection', () => {
    const [r] = run(`checks:
  - name: a
    request: {from: pod/client-app, url: "http://frontend-svc:8080/"}
    expect: {status: 200}
`);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([{ message: 'outcome: want ok (an HTTP response), got timeout: connection to ' + r.observed.split(' ')[2] + ' timed out', at: { file: 'c.yaml', line: 4, col: 5 } }]);
    expect(r.hints[0]).toMatch(/no rule answered the SYN/);
    expect(r.trace.at(-1)).toMatch(/^route: port 8080 is not a port of service default\/frontend-svc/);
  });

  it('counts distinct pods over repeated requests and compares with the rules\' shares', () => {
    const [good, bad] = run(`checks:
  - name: spread
    request: {from: pod/client-app, url: "http://frontend-svc/", count: 90}
    expect: {distinctPods: 3, servedBy: "^frontend-", spread: 0.2}
  - name: too tight
    request: {from: pod/client-app, url: "http://frontend-svc/", count: 3}
    expect: {distinctPods: {min: 4}, servedBy: "^nginx-", spread: 0}
`);
    expect(good.passed).toBe(true);
    expect(good.observed).toMatch(/^90 requests: HTTP 200 ×90; 3 pods answered \(/);
    expect(bad.failures.map((f) => f.message.split(':')[0])).toEqual(['distinctPods', 'servedBy', 'spread']);
    expect(bad.failures[0].at).toEqual({ file: 'c.yaml', line: 7, col: 14 });
  });

  it('fails, without throwing, when the vantage point does not exist', () => {
    const rs = run(`checks:
  - {name: pod, request: {from: pod/nope, url: "http://x/"}, expect: {}}
  - {name: node, request: {from: node/nope, url: "http://x/"}, expect: {}}
  - {name: deploy, request: {from: deploy/frontend, url: "http://frontend-svc/"}, expect: {status: 200}}
`);
    expect(rs.map((r) => [r.passed, r.observed, r.failures[0]?.message])).toEqual([
      [false, 'could not run', 'Error from server (NotFound): pods "nope" not found'],
      [false, 'could not run', 'Error from server (NotFound): nodes "nope" not found'],
      [true, expect.stringMatching(/\[from pod\/frontend-/), undefined],
    ]);
  });
});

describe('endpoints, dns and env checks', () => {
  it('counts ready endpoints and their ports, with a selector hint when there are none', () => {
    const [a, b] = run(`checks:
  - {name: a, endpoints: {service: frontend-svc}, expect: {count: 3, notReady: 0, ports: [5000], pods: "^frontend-"}}
  - {name: b, endpoints: {service: frontend-svc}, expect: {count: 4}}
`);
    expect(a).toMatchObject({ passed: true, observed: '3 ready endpoints on port 5000' });
    expect(b.failures[0].message).toMatch(/^count: want 4 ready endpoints, got 3 \(frontend-/);
    const c = throwawayCluster(undefined, '7008', clock).cluster;
    applyManifests(c, load([join(ROOT, 'fixtures/seed/frontend-svc.yaml'), join(ROOT, 'fixtures/seed/nginx.yaml')]), 'default');
    const [none] = runChecks(c, checks('checks:\n  - {name: n, endpoints: {service: frontend-svc}, expect: {count: {min: 1}}}\n'), 'default');
    expect(none).toMatchObject({ passed: false, observed: '0 ready endpoints' });
    expect(none.hints[0]).toMatch(/service\/frontend-svc selects app=frontend/);
  });

  it('resolves names with the vantage point\'s search list', () => {
    const rs = run(`checks:
  - {name: headless, dns: {from: pod/dnsutils, name: frontend-headless}, expect: {count: 3, fqdn: frontend-headless.default.svc.cluster.local}}
  - {name: srv, dns: {from: pod/dnsutils, name: _http._tcp.kubernetes, type: SRV}, expect: {outcome: nxdomain}}
  - {name: node, dns: {from: node/kubesim, name: kubernetes}, expect: {outcome: nxdomain}}
  - {name: clusterip, dns: {from: pod/client-app, name: frontend-svc}, expect: {count: 1, contains: ["10.0.0.1"]}}
`);
    expect(rs.map((r) => r.passed)).toEqual([true, true, true, false]);
    expect(rs[3].failures[0].message).toMatch(/^contains: no A record is "10\.0\.0\.1" \(got 10\./);
  });

  it('sees the environment exec sees', () => {
    const [a, b] = run(`checks:
  - {name: a, env: {pod: client-app}, expect: {present: [FRONTEND_SVC_SERVICE_HOST, HOSTNAME], values: {FRONTEND_SVC_SERVICE_PORT: 80, HOSTNAME: client-app}}}
  - {name: b, env: {pod: client-app, container: client-container}, expect: {present: [NOPE_SERVICE_HOST], absent: [HOSTNAME]}}
`);
    expect(a.passed).toBe(true);
    expect(b.failures.map((f) => f.message)).toEqual(['present: NOPE_SERVICE_HOST is not set in client-app/client-container', 'absent: HOSTNAME=client-app is set in client-app/client-container']);
    expect(b.hints[0]).toMatch(/service links are set when a container starts/);
  });
});

describe('summarize', () => {
  it('counts passed and failed cases', () => {
    const rs = run('checks:\n  - {name: a, endpoints: {service: frontend-svc}, expect: {count: 3}}\n  - {name: b, endpoints: {service: frontend-svc}, expect: {count: 1}}\n');
    const r = summarize('c.yaml', { source: 'throwaway', name: 'kubesim', nodes: 3, seed: '7008' }, rs);
    expect([r.passed, r.failed]).toEqual([1, 1]);
  });
});
