/** Multi-line renderings of tolerations (pods) and taints (nodes). */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

/** `key[=value][:effect][ op=Exists][ for Ns]`, sorted by key; `<none>` when there are none. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined): void {
  printTolerationsMultilineWithIndent(w, '', title, '\t', tolerations);
}

export function printTolerationsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  tolerations: Toleration[] | undefined,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    const key = t.key ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    let s = key;
    if (value.length !== 0) s += `=${value}`;
    if (effect.length !== 0) s += `:${effect}`;
    if (t.operator === 'Exists' && value.length === 0) {
      s += key.length !== 0 || effect.length !== 0 ? ' op=Exists' : 'op=Exists';
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** A taint as `key=value:Effect`, `key:Effect`, `key=value:` or `key` (core/v1 Taint.ToString). */
export function taintToString(t: Taint): string {
  const value = t.value ?? '';
  const effect = t.effect ?? '';
  if (effect.length === 0) return value.length === 0 ? t.key : `${t.key}=${value}:`;
  return value.length === 0 ? `${t.key}:${effect}` : `${t.key}=${value}:${effect}`;
}

/** Taints sorted by `effect,key`, one per line; `<none>` when there are none. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const cmpKey = (t: Taint): string => `${t.effect ?? ''},${t.key}`;
  const sorted = [...taints].sort((a, b) => (cmpKey(a) < cmpKey(b) ? -1 : cmpKey(a) > cmpKey(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintToString(t)}\n`);
  });
}
