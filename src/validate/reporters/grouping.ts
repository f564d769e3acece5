/**
 * Per-object grouping for the test-report formats (JUnit, TAP): each file's objects with their
 * findings, and the file's findings that belong to no object (syntax errors, unknown kinds).
 */
import type { CheckedObject, Finding, ValidateResult } from '../findings.js';
import { objectLabel } from '../findings.js';

export interface ObjectCase {
  name: string;
  object?: CheckedObject;
  findings: Finding[];
}

export interface FileGroup {
  file: string;
  cases: ObjectCase[];
}

export function groupByFile(r: ValidateResult): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  const byObject = new Map<string, ObjectCase>();
  for (const file of r.files) if (!groups.has(file)) groups.set(file, { file, cases: [] });
  for (const o of r.objects) {
    const c: ObjectCase = { name: objectLabel(o), object: o, findings: [] };
    groups.get(o.file)!.cases.push(c);
    byObject.set(`${o.file}\u0000${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`, c);
  }
  const loose = new Map<string, ObjectCase[]>();
  for (const f of r.findings) {
    const c = f.object ? byObject.get(`${f.file}\u0000${f.object.kind}\u0000${f.object.namespace ?? ''}\u0000${f.object.name}`) : undefined;
    if (c) c.findings.push(f);
    else {
      const list = loose.get(f.file) ?? [];
      list.push({ name: `${f.rule} at line ${f.line}`, findings: [f] });
      loose.set(f.file, list);
    }
  }
  for (const [file, cases] of loose) {
    const g = groups.get(file) ?? { file, cases: [] };
    g.cases.push(...cases);
    groups.set(file, g);
  }
  return [...groups.values()];
}

export function findingLine(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message.replace(/\n/g, '; ')} [${f.rule}]`;
}
