/**
 * `validate` as a use-case: read the files, check every object on its own, then the set as a
 * whole; return findings sorted by file and position. No cluster state is read or written.
 *
 * The work splits in two so that a front end may spread the first part over threads:
 * `checkFiles` (per file, independent) and `finishValidation` (cross-object checks over the
 * summaries of all files, position look-ups for those findings, sorting).
 */
import type { KubesimError } from '../errors.js';
import { checkItems, type ObjectSummary } from './checks.js';
import { crossObjectFindings } from './cross-object.js';
import { expandPaths, loadSource, sourceName, type SourceItem } from './documents.js';
import type { CheckedObject, Finding, ValidateResult } from './findings.js';
import { RULES } from './findings.js';
import type { Path } from './fast-yaml.js';

export interface FileOutcome {
  /** the name findings use: the path as given, `STDIN` for `-` */
  file: string;
  findings: Finding[];
  summaries: ObjectSummary[];
  objects: CheckedObject[];
}

export interface CheckOptions {
  readStdin: () => string;
  /** the namespace of objects that name none (default `default`) */
  defaultNamespace?: string;
  /** Called after each file is checked (a front end's progress display). */
  onFile?: () => void;
}

/** Re-reads files for position look-ups; standard input is read once and kept. */
export class Sources {
  private readonly kept = new Map<string, SourceItem[]>();
  constructor(private readonly readStdin: () => string) {}

  read(file: string): SourceItem[] {
    const cached = this.kept.get(file);
    if (cached) return cached;
    const items = loadSource(file, this.readStdin);
    if (file === '-') this.kept.set(file, items);
    return items;
  }

  /** Look-ups during the cross-object pass keep what they read until `release`. */
  hold(file: string): SourceItem[] {
    const items = this.read(file);
    this.kept.set(file, items);
    return items;
  }

  release(): void {
    for (const k of this.kept.keys()) if (k !== '-') this.kept.delete(k);
  }
}

/** Check each file on its own. `fileIndexBase` is the index of files[0] in the whole run. */
export function checkFiles(files: string[], fileIndexBase: number, sources: Sources, opts: CheckOptions): FileOutcome[] {
  return files.map((file, i) => {
    const name = sourceName(file);
    const { findings, summaries, counts } = checkItems(name, fileIndexBase + i, sources.read(file), opts.defaultNamespace);
    const objects: CheckedObject[] = summaries.map((s, j) => {
      const o: CheckedObject = { kind: s.kind, name: s.name, file: name, index: s.index, ...counts[j] };
      if (s.namespace !== undefined) o.namespace = s.namespace;
      return o;
    });
    opts.onFile?.();
    return { file: name, findings, summaries, objects };
  });
}

const RULE_ORDER = new Map(RULES.map((r, i) => [r.id, i]));

/** Cross-object checks over all files' outcomes, then the sorted result. */
export function finishValidation(files: string[], outcomes: FileOutcome[], sources: Sources): ValidateResult {
  const summaries = outcomes.flatMap((o) => o.summaries);
  const objects = outcomes.flatMap((o) => o.objects);
  const objectAt = new Map<string, CheckedObject>();
  outcomes.forEach((fo) => fo.summaries.forEach((s, j) => objectAt.set(`${s.fileIndex}\u0000${s.index}`, fo.objects[j])));
  const locate = (s: ObjectSummary, path: Path) => {
    const items = sources.hold(files[s.fileIndex]);
    let n = 0;
    for (const item of items) {
      if (!('doc' in item)) continue;
      if (n++ === s.index) {
        const p = item.doc.positionOf(path);
        if (p) return { file: p.file, line: p.line, col: p.col };
        break;
      }
    }
    return { file: s.file, line: 1, col: 1 };
  };
  const cross = crossObjectFindings(summaries, locate);
  sources.release();
  for (const { finding, object } of cross) {
    const o = objectAt.get(`${object.fileIndex}\u0000${object.index}`);
    if (!o) continue;
    if (finding.severity === 'error') o.errors++;
    else o.warnings++;
  }
  const fileOrder = new Map<string, number>();
  outcomes.forEach((o, i) => {
    if (!fileOrder.has(o.file)) fileOrder.set(o.file, i);
  });
  const findings = [...outcomes.flatMap((o) => o.findings), ...cross.map((c) => c.finding)];
  findings.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.col - b.col || RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)!);
  return { files: outcomes.map((o) => o.file), objects, findings };
}

/** The whole run in one thread: path errors (the command fails as kubectl would), or the result. */
export function validateManifests(paths: string[], recursive: boolean, opts: CheckOptions): { errors: KubesimError[] } | ValidateResult {
  const expanded = expandPaths(paths, recursive);
  if ('errors' in expanded) return expanded;
  const sources = new Sources(opts.readStdin);
  const outcomes = checkFiles(expanded.files, 0, sources, opts);
  return finishValidation(expanded.files, outcomes, sources);
}
