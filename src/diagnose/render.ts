/**
 * Printing diagnoses.
 *
 * Text (the default): per object a header line `kind/name in namespace ns: <summary>`, then one
 * block per finding — a marker and the title, the evidence lines indented under it, and a `fix:`
 * line when there is something to change — and a closing `result:` line. Markers are ✓ ! ✗ in
 * colour on a terminal; `[ok]`, `[!]` and `[x]` when stdout is not a terminal or NO_COLOR is set.
 * Reports of several objects are separated by a blank line.
 *
 * JSON (`-o json`), a stable schema for scripts (fields are only ever added):
 *
 *   {
 *     "apiVersion": "kubesim.io/v1alpha1",
 *     "kind": "DiagnosisReport",
 *     "result": "ok" | "warn" | "error",          // the worst finding of all items
 *     "items": [{
 *       "object": { "kind": "Service", "namespace": "default", "name": "web" },
 *       "summary": "ClusterIP 10.96.0.5, ports 80/TCP -> 5000, selector app=web",
 *       "result": "ok" | "warn" | "error",        // the worst finding of this object
 *       "findings": [{
 *         "id": "selector",                       // stable check id (selector, pods.ready, targetPort.80,
 *                                                 //   endpoints, traffic.internal.80, traffic.external.80,
 *                                                 //   load-balancer, env-vars, port-forward, external-name …)
 *         "level": "ok" | "warn" | "error",
 *         "title": "…",
 *         "evidence": ["…"],
 *         "fix": "…"                              // present only when there is something to change
 *       }]
 *     }]
 *   }
 *
 * Exit code of `kubesim diagnose` (both formats): 1 when any finding is an error, else 0 —
 * warnings alone exit 0.
 */
import chalk from 'chalk';
import { diagnosisLevel, worstLevel, type Diagnosis, type Level } from './findings.js';

export interface RenderOptions {
  /** Unicode markers and colour (stdout is a terminal and NO_COLOR is not set). */
  colour: boolean;
}

const ASCII: Record<Level, string> = { ok: '[ok]', warn: '[!]', error: '[x]' };

function marker(level: Level, colour: boolean): string {
  if (!colour) return ASCII[level];
  return level === 'ok' ? chalk.green('✓') : level === 'warn' ? chalk.yellow('!') : chalk.red('✗');
}

function objectName(d: Diagnosis): string {
  return `${d.object.kind.toLowerCase()}/${d.object.name}`;
}

function tally(d: Diagnosis): string {
  const n = { ok: 0, warn: 0, error: 0 };
  for (const f of d.findings) n[f.level]++;
  const parts: string[] = [];
  if (n.error) parts.push(`${n.error} error${n.error === 1 ? '' : 's'}`);
  if (n.warn) parts.push(`${n.warn} warning${n.warn === 1 ? '' : 's'}`);
  parts.push(`${n.ok} ok`);
  return parts.join(', ');
}

export function renderText(diagnoses: Diagnosis[], opts: RenderOptions): string {
  const blocks: string[] = [];
  for (const d of diagnoses) {
    const lines: string[] = [];
    const head = `${objectName(d)}${d.object.namespace ? ` in namespace ${d.object.namespace}` : ''}`;
    lines.push(`${opts.colour ? chalk.bold(head) : head}: ${d.summary}`);
    for (const f of d.findings) {
      lines.push(`${marker(f.level, opts.colour)} ${f.title}`);
      const pad = ' '.repeat(opts.colour ? 2 : ASCII[f.level].length + 1);
      for (const e of f.evidence) lines.push(`${pad}${e}`);
      if (f.fix) lines.push(`${pad}${opts.colour ? chalk.cyan('fix:') : 'fix:'} ${f.fix}`);
    }
    const level = diagnosisLevel(d);
    lines.push(`result: ${level === 'ok' ? 'ok' : level === 'warn' ? 'warnings' : 'errors'} (${tally(d)})`);
    blocks.push(lines.join('\n') + '\n');
  }
  return blocks.join('\n');
}

export function renderJSON(diagnoses: Diagnosis[]): string {
  const report = {
    apiVersion: 'kubesim.io/v1alpha1',
    kind: 'DiagnosisReport',
    result: worstLevel(diagnoses.map(diagnosisLevel)),
    items: diagnoses.map((d) => ({
      object: d.object.namespace === undefined ? { kind: d.object.kind, name: d.object.name } : { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name },
      summary: d.summary,
      result: diagnosisLevel(d),
      findings: d.findings.map((f) => (f.fix ? { id: f.id, level: f.level, title: f.title, evidence: f.evidence, fix: f.fix } : { id: f.id, level: f.level, title: f.title, evidence: f.evidence })),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
