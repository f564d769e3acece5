/**
 * The reports of `kubesim check`: one test case for the apply step and one per check.
 *   - text: `PASS|FAIL  name: what was seen`, then under a failure its `file:line:col: message`
 *     lines, kubesim's hints and the network trace; a last `N passed, M failed` line;
 *   - json: `{ summary, results }` with keys in a fixed order;
 *   - junit: one <testsuite> (the CHECKS file) of <testcase>s, valid against Jenkins' junit-10.xsd
 *     like `kubesim validate -o junit` (its xmlEscape is shared);
 *   - tap: TAP 13 with a YAML diagnostic block under each failed point.
 */
import type { SourcePosition } from '../errors.js';
import { xmlEscape } from '../validate/reporters/junit.js';
import type { ClusterInfo } from './setup.js';
import type { CaseResult, CheckReport } from './runner.js';

export const CHECK_FORMATS = ['json', 'junit', 'tap', 'text'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function positionText(at: SourcePosition | undefined): string | undefined {
  return at ? `${at.file}:${at.line}:${at.col}` : undefined;
}

/** `a throwaway cluster (3 nodes, seed 7008)` / `a copy of cluster "ci" (…)`. */
export function clusterText(c: ClusterInfo): string {
  const shape = `${c.nodes} node${c.nodes === 1 ? '' : 's'}, seed ${c.seed}${c.loadBalancerPool ? `, load-balancer pool ${c.loadBalancerPool}` : ''}`;
  return c.source === 'throwaway' ? `a throwaway cluster (${shape})` : `a copy of cluster "${c.name}" (${shape}; the cluster itself is not changed)`;
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '; ');
}

export function renderText(r: CheckReport): string {
  let out = '';
  for (const c of r.cases) {
    out += `${c.passed ? 'PASS' : 'FAIL'}  ${oneLine(c.name)}: ${oneLine(c.observed)}\n`;
    if (c.passed) continue;
    for (const f of c.failures) out += `      ${positionText(f.at) ? positionText(f.at) + ': ' : ''}${oneLine(f.message)}\n`;
    for (const h of c.hints) out += `      hint: ${oneLine(h)}\n`;
    for (const t of c.trace) out += `      trace: ${oneLine(t)}\n`;
  }
  out += `${r.passed} passed, ${r.failed} failed\n`;
  return out;
}

function caseJson(c: CaseResult): Record<string, unknown> {
  const o: Record<string, unknown> = { name: c.name, kind: c.kind };
  if (c.at) o.at = positionText(c.at);
  o.passed = c.passed;
  o.observed = c.observed;
  o.failures = c.failures.map((f) => (f.at ? { message: f.message, at: positionText(f.at) } : { message: f.message }));
  o.hints = c.hints;
  o.trace = c.trace;
  return o;
}

export function renderJson(r: CheckReport): string {
  const cluster: Record<string, unknown> = { source: r.cluster.source, name: r.cluster.name, nodes: r.cluster.nodes, seed: r.cluster.seed };
  if (r.cluster.loadBalancerPool) cluster.loadBalancerPool = r.cluster.loadBalancerPool;
  const report = {
    summary: { file: r.file, cluster, tests: r.cases.length, passed: r.passed, failed: r.failed, ok: r.failed === 0 },
    results: r.cases.map(caseJson),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function failureLines(c: CaseResult): string {
  return [...c.failures.map((f) => `${positionText(f.at) ? positionText(f.at) + ': ' : ''}${f.message}`), ...c.hints.map((h) => `hint: ${h}`), ...c.trace.map((t) => `trace: ${t}`)].join('\n');
}

export function renderJunit(r: CheckReport): string {
  let cases = '';
  for (const c of r.cases) {
    const classname = c.kind === 'apply' ? 'apply' : `${r.file}`;
    cases += `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(classname)}" time="0">\n`;
    if (!c.passed) cases += `      <failure message="${xmlEscape(oneLine(c.failures[0]?.message ?? c.observed))}" type="${xmlEscape(c.kind)}">${xmlEscape(failureLines(c))}</failure>\n`;
    cases += `      <system-out>${xmlEscape(c.observed)}</system-out>\n`;
    cases += '    </testcase>\n';
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="kubesim check" tests="${r.cases.length}" failures="${r.failed}" errors="0" time="0">\n` +
    `  <testsuite name="${xmlEscape(r.file)}" tests="${r.cases.length}" failures="${r.failed}" errors="0" skipped="0" time="0">\n` +
    cases +
    '  </testsuite>\n' +
    '</testsuites>\n'
  );
}

/** A TAP description may not contain `#` (it starts a directive) or a newline. */
function tapDescription(s: string): string {
  return oneLine(s).replace(/#/g, '\\#');
}

export function renderTap(r: CheckReport): string {
  let out = `TAP version 13\n1..${r.cases.length}\n`;
  r.cases.forEach((c, i) => {
    out += `${c.passed ? 'ok' : 'not ok'} ${i + 1} - ${tapDescription(c.name)}\n`;
    if (c.passed) return;
    out += '  ---\n';
    out += `  kind: ${c.kind}\n`;
    if (c.at) out += `  at: ${JSON.stringify(positionText(c.at))}\n`;
    out += `  observed: ${JSON.stringify(c.observed)}\n`;
    out += '  failures:\n';
    for (const f of c.failures) {
      out += `    - message: ${JSON.stringify(f.message)}\n`;
      if (f.at) out += `      at: ${JSON.stringify(positionText(f.at))}\n`;
    }
    if (c.hints.length) out += `  hints:\n${c.hints.map((h) => `    - ${JSON.stringify(h)}\n`).join('')}`;
    if (c.trace.length) out += `  trace:\n${c.trace.map((t) => `    - ${JSON.stringify(t)}\n`).join('')}`;
    out += '  ...\n';
  });
  out += `# ${r.passed} passed, ${r.failed} failed\n`;
  return out;
}

export function renderReport(r: CheckReport, format: CheckFormat): string {
  switch (format) {
    case 'json':
      return renderJson(r);
    case 'junit':
      return renderJunit(r);
    case 'tap':
      return renderTap(r);
    case 'text':
      return renderText(r);
  }
}
