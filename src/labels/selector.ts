/**
 * Label selectors: the `-l` string syntax (equality and set-based, as apimachinery's
 * labels.Parse accepts it), metav1.LabelSelector objects, matching, and kubectl's printed forms.
 */
import { KubesimError } from '../errors.js';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Selector = Requirement[];

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Record<string, string> | undefined;

function parseError(text: string, detail: string): KubesimError {
  return new KubesimError(`unable to parse requirement: ${detail}`, { hint: `the label selector ${JSON.stringify(text)} is malformed; forms: k=v, k!=v, 'k in (a,b)', 'k notin (a)', k, !k` }) ;
}

/** Tokenizer over the selector grammar: identifiers, operators, parentheses and commas. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push(c);
      i++;
    } else if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      tokens.push(text.slice(i, i + 2));
      i += 2;
    } else if (c === '=' || c === '!') {
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (j < text.length && !' \t(),=!'.includes(text[j])) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

const isWord = (t: string | undefined): t is string => t !== undefined && !['(', ')', ',', '=', '==', '!=', '!'].includes(t);

/** Parse a `-l` selector string. An empty string selects everything. */
export function parseSelector(text: string): Selector {
  const tokens = tokenize(text);
  const reqs: Selector = [];
  let p = 0;
  while (p < tokens.length) {
    let t = tokens[p];
    if (t === '!') {
      const key = tokens[p + 1];
      if (!isWord(key)) throw parseError(text, `found '${key ?? ''}', expected: identifier`);
      reqs.push({ key, op: '!', values: [] });
      p += 2;
    } else if (isWord(t)) {
      const key = t;
      const next = tokens[p + 1];
      if (next === undefined || next === ',') {
        reqs.push({ key, op: 'exists', values: [] });
        p += 1;
      } else if (next === '=' || next === '==' || next === '!=') {
        const v = tokens[p + 2];
        if (v === undefined || v === ',') {
          reqs.push({ key, op: next, values: [''] });
          p += 2;
        } else if (isWord(v)) {
          reqs.push({ key, op: next, values: [v] });
          p += 3;
        } else throw parseError(text, `found '${v}', expected: identifier`);
      } else if (next === 'in' || next === 'notin') {
        if (tokens[p + 2] !== '(') throw parseError(text, `found '${tokens[p + 2] ?? ''}', expected: '('`);
        const values: string[] = [];
        let q = p + 3;
        for (;;) {
          const v = tokens[q];
          if (v === ')') {
            q++;
            break;
          }
          if (v === ',') {
            q++;
            continue;
          }
          if (!isWord(v)) throw parseError(text, `found '${v ?? ''}', expected: ',', ')' or identifier`);
          values.push(v);
          q++;
        }
        reqs.push({ key, op: next, values });
        p = q;
      } else {
        throw parseError(text, `found '${next}', expected: '=', '!=', '==', 'in', notin'`);
      }
    } else {
      throw parseError(text, `found '${t}', expected: !, identifier, or 'end of string'`);
    }
    t = tokens[p];
    if (t === undefined) break;
    if (t !== ',') throw parseError(text, `found '${t}', expected: ',' or 'end of string'`);
    p++;
    if (p >= tokens.length) throw parseError(text, `found '', expected: identifier after ','`);
  }
  return reqs;
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels![r.key] : undefined;
  switch (r.op) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

export function selectorMatches(sel: Selector, labels: Labels): boolean {
  return sel.every((r) => requirementMatches(r, labels));
}

/** A Service-style map selector: every pair must match. An empty map matches everything. */
export function mapSelectorMatches(selector: Record<string, string>, labels: Labels): boolean {
  for (const k of Object.keys(selector)) {
    if (!labels || labels[k] !== selector[k]) return false;
  }
  return true;
}

/** metav1.LabelSelector → requirements (matchLabels then matchExpressions). */
export function fromLabelSelector(ls: LabelSelector | undefined): Selector {
  const reqs: Selector = [];
  if (!ls) return reqs;
  for (const k of Object.keys(ls.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [ls.matchLabels![k]] });
  for (const e of ls.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : e.operator === 'DoesNotExist' ? '!' : undefined;
    if (op) reqs.push({ key: e.key, op, values: [...(e.values ?? [])] });
  }
  return reqs;
}

export function labelSelectorMatches(ls: LabelSelector | undefined, labels: Labels): boolean {
  return selectorMatches(fromLabelSelector(ls), labels);
}

/** kubectl's printed form of a selector: requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`. */
export function formatSelector(sel: Selector): string {
  if (sel.length === 0) return '<none>';
  const parts = [...sel]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      const vals = [...r.values].sort();
      switch (r.op) {
        case '=':
        case '==':
          return `${r.key}=${vals[0] ?? ''}`;
        case '!=':
          return `${r.key}!=${vals[0] ?? ''}`;
        case 'in':
          return `${r.key} in (${vals.join(',')})`;
        case 'notin':
          return `${r.key} notin (${vals.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
      }
    });
  return parts.join(',');
}

export function formatLabelSelector(ls: LabelSelector | undefined): string {
  return formatSelector(fromLabelSelector(ls));
}

/** `k=v,k2=v2` with keys sorted, or `<none>` (labels and map selectors in tables and describe). */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}
