/**
 * The text report: one line per finding, `file:line:col: error: <message> [rule]`, the shape
 * compilers and linters print (editors and CI annotators parse it). Messages that kubectl prints on
 * several lines are joined with "; ". With `--summary`, a last line
 * `N resources in M files: X errors, Y warnings`. A clean run prints nothing (the exit code says it).
 */
import type { ValidateResult } from '../findings.js';
import { summaryLine, totals } from '../findings.js';

export function renderText(r: ValidateResult, opts: { summary: boolean }): string {
  let out = '';
  for (const f of r.findings) out += `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message.replace(/\n/g, '; ')} [${f.rule}]\n`;
  if (opts.summary) out += summaryLine(totals(r)) + '\n';
  return out;
}
