/**
 * The JSON report: `{ summary, findings }`, keys in a fixed order, one finding per entry with its
 * position, rule, severity, the object it concerns and kubesim's hint where there is one.
 */
import type { ValidateResult } from '../findings.js';
import { totals } from '../findings.js';

export function renderJson(r: ValidateResult): string {
  const t = totals(r);
  const report = {
    summary: { resources: t.resources, files: t.files, errors: t.errors, warnings: t.warnings, valid: t.errors === 0 },
    findings: r.findings.map((f) => {
      const o: Record<string, unknown> = { file: f.file, line: f.line, col: f.col, severity: f.severity, rule: f.rule, message: f.message };
      if (f.object) o.object = f.object.namespace === undefined ? { kind: f.object.kind, name: f.object.name } : { kind: f.object.kind, namespace: f.object.namespace, name: f.object.name };
      if (f.hint) o.hint = f.hint;
      return o;
    }),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
