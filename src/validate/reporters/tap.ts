/**
 * The TAP 13 report: one test point per object (plus one per file-level error), `not ok` when the
 * object has errors; findings (errors and warnings) in a YAML diagnostic block under the point.
 * With `--summary`, a closing `# N resources in M files: ...` comment.
 */
import type { ValidateResult } from '../findings.js';
import { summaryLine, totals } from '../findings.js';
import { groupByFile } from './grouping.js';

/** A TAP description may not contain `#` (it starts a directive) or a newline. */
function description(s: string): string {
  return s.replace(/#/g, '\\#').replace(/\n/g, ' ');
}

export function renderTap(r: ValidateResult, opts: { summary: boolean }): string {
  const points: string[] = [];
  for (const g of groupByFile(r)) {
    for (const c of g.cases) {
      const failed = c.findings.some((f) => f.severity === 'error');
      let p = `${failed ? 'not ok' : 'ok'} ${points.length + 1} - ${description(`${c.name} (${g.file})`)}\n`;
      if (c.findings.length > 0) {
        p += '  ---\n  findings:\n';
        for (const f of c.findings) {
          p += `    - severity: ${f.severity}\n      rule: ${f.rule}\n      at: ${JSON.stringify(`${f.file}:${f.line}:${f.col}`)}\n      message: ${JSON.stringify(f.message)}\n`;
          if (f.hint) p += `      hint: ${JSON.stringify(f.hint)}\n`;
        }
        p += '  ...\n';
      }
      points.push(p);
    }
  }
  let out = `TAP version 13\n1..${points.length}\n${points.join('')}`;
  if (opts.summary) out += `# ${summaryLine(totals(r))}\n`;
  return out;
}
