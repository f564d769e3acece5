/**
 * The JUnit XML report (the format CI systems import: Jenkins, GitLab, GitHub test reporters):
 * one <testsuite> per file, one <testcase> per object (plus one per file-level error such as a
 * YAML syntax error), a <failure> when the object has errors, and its warnings in the testcase's
 * <system-out>. Valid against Jenkins' junit-10.xsd (test/validate/schemas.test.ts).
 */
import type { ValidateResult } from '../findings.js';
import { findingLine, groupByFile } from './grouping.js';

/** XML 1.0 text/attribute escaping; characters XML cannot carry are dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJunit(r: ValidateResult): string {
  const groups = groupByFile(r);
  let failedCases = 0;
  let suites = '';
  let tests = 0;
  for (const g of groups) {
    let cases = '';
    let failures = 0;
    for (const c of g.cases) {
      const errors = c.findings.filter((f) => f.severity === 'error');
      const warnings = c.findings.filter((f) => f.severity === 'warning');
      cases += `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(g.file)}" time="0"`;
      if (errors.length === 0 && warnings.length === 0) {
        cases += '/>\n';
        continue;
      }
      cases += '>\n';
      if (errors.length > 0) {
        failures++;
        cases += `      <failure message="${xmlEscape(errors[0].message.replace(/\n/g, '; '))}" type="${errors[0].rule}">${xmlEscape(errors.map(findingLine).join('\n'))}</failure>\n`;
      }
      if (warnings.length > 0) cases += `      <system-out>${xmlEscape(warnings.map(findingLine).join('\n'))}</system-out>\n`;
      cases += '    </testcase>\n';
    }
    tests += g.cases.length;
    failedCases += failures;
    suites += `  <testsuite name="${xmlEscape(g.file)}" tests="${g.cases.length}" failures="${failures}" errors="0" skipped="0" time="0">\n${cases}  </testsuite>\n`;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="kubesim validate" tests="${tests}" failures="${failedCases}" errors="0" time="0">\n` +
    suites +
    '</testsuites>\n'
  );
}
