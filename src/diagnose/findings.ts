/**
 * The result of a diagnosis: one report per object, made of findings. A finding says one thing
 * that works (`ok`), that may surprise (`warn`) or that breaks (`error`), with the evidence it
 * rests on (facts read from the cluster state, one per line) and, where something is wrong, what
 * to change. Plain data: the renderers (render.ts) turn it into text or JSON.
 */

export type Level = 'ok' | 'warn' | 'error';

export interface Finding {
  /** Stable identifier of the check (e.g. `selector`, `targetPort`, `traffic.external`), for scripts. */
  id: string;
  level: Level;
  title: string;
  evidence: string[];
  fix?: string;
}

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Diagnosis {
  object: ObjectRef;
  /** One line: what the object is (type, addresses, ports, replicas …). */
  summary: string;
  findings: Finding[];
}

const RANK: Record<Level, number> = { ok: 0, warn: 1, error: 2 };

/** The worst level among findings (ok for none). */
export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const l of levels) if (RANK[l] > RANK[worst]) worst = l;
  return worst;
}

export function diagnosisLevel(d: Diagnosis): Level {
  return worstLevel(d.findings.map((f) => f.level));
}

/** kubesim diagnose's exit code: 1 when any finding is an error, else 0. */
export function exitCodeFor(diagnoses: Diagnosis[]): number {
  return diagnoses.some((d) => diagnosisLevel(d) === 'error') ? 1 : 0;
}

export function finding(id: string, level: Level, title: string, evidence: string[] = [], fix?: string): Finding {
  const f: Finding = { id, level, title, evidence };
  if (fix) f.fix = fix;
  return f;
}

/** `1 pod` / `3 pods`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** `a, b, c` or `a, b, c and 4 more` (at most `max` names). */
export function nameList(names: string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** `30%` style share with one decimal where needed. */
export function percent(share: number): string {
  const v = Math.round(share * 1000) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`;
}
