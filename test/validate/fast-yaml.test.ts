/**
 * The fast reader must agree with manifest/load.ts on everything it accepts: the same objects
 * (values, key order) and the same source position for every key and item. Checked over every
 * YAML fixture of the project and over generated documents full of YAML 1.1 scalar traps.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadManifests } from '../../src/manifest/load.js';
import { fastLoad, loadSource } from '../../src/validate/documents.js';
import { parseYamlDocument, splitYamlChunks } from '../../src/validate/fast-yaml.js';

const ROOT = join(import.meta.dirname, '../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const f = join(dir, n);
    if (statSync(f).isDirectory()) yamlFiles(f, out);
    else if (/\.(ya?ml|json)$/.test(n)) out.push(f);
  }
  return out;
}

type P = (string | number)[];
function allPaths(v: unknown, prefix: P = [], out: P[] = []): P[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) allPaths((v as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

/** Compare the fast reader with load.ts on one file; returns whether the fast path applied. */
function compare(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  const fast = fastLoad(file, text);
  const slow = loadManifests([file], { recursive: false, readStdin: () => '' });
  if (!fast) return false;
  expect(fast.length, file).toBe(slow.length);
  fast.forEach((item, i) => {
    const s = slow[i];
    expect('doc' in item && 'doc' in s, file).toBe(true);
    if (!('doc' in item) || !('doc' in s)) return;
    expect(JSON.stringify(item.doc.object), file).toBe(JSON.stringify(s.doc.object));
    for (const p of allPaths(s.doc.object)) expect(item.doc.positionOf(p), `${file} ${JSON.stringify(p)}`).toEqual(s.doc.positionOf(p));
    expect(item.doc.positionOf(['no', 'such', 'path'])).toEqual(s.doc.positionOf(['no', 'such', 'path']));
  });
  return true;
}

describe('fast reader ≡ manifest/load.ts', () => {
  const files = [...yamlFiles(join(ROOT, 'fixtures')), ...yamlFiles('/work/shared/scenarios')];

  it('agrees on every fixture it accepts, and accepts most of them', () => {
    let fastCount = 0;
    for (const f of files) if (compare(f)) fastCount++;
    expect(files.length).toBeGreaterThan(50);
    expect(fastCount / files.length).toBeGreaterThan(0.6);
  });

  it('takes the fast path for ordinary manifests', () => {
    for (const f of ['fixtures/seed/frontend-deploy.yaml', 'fixtures/seed/multiport.yaml', 'fixtures/seed/frontend-deploy-as-written.yaml', 'fixtures/seed/client-pod.yaml']) {
      expect(compare(join(ROOT, f)), f).toBe(true);
    }
  });

  it('declines what it does not model', () => {
    const declined = [
      'a: &x 1\nb: *x\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: "x\\ty"\n',
      'a: b: c\n',
      'a:\n\t- x\n',
      'a: one\n  two\n',
      'a: {b: 1}\n',
      'a: [1, [2]]\n',
      '- a\n- b\n',
      'a: !!str 1\n',
      '<<: {a: 1}\n',
      '? a\n: b\n',
      'a:\n  - b\n - c\n',
      'a: "unterminated\n',
      'a:\n  b: 1\n c: 2\n',
      '  a: 1\n',
      'a:\n- \n',
      'a: [1, ]\n',
    ];
    for (const text of declined) expect(parseYamlDocument({ text, start: 0 }), JSON.stringify(text)).toBeUndefined();
    expect(splitYamlChunks('a: 1\n--- x\n')).toBeUndefined();
  });

  it('agrees on generated documents with YAML 1.1 scalar traps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-fastyaml-'));
    try {
      const scalar = fc.constantFrom(
        'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'False', '~', 'null', 'Null', '0777', '0x1F', '1_000', '1e3', '1.5', '.5', '-1', '+3',
        '2026-01-01', '10.96.0.1', 'nginx:1.27', 'a:b', 'a#b', '"quoted"', "'it''s'", '""', "''", '<image>', 'x y z', '"a # b"', 'v # comment',
        '[]', '{}', '["sleep", "3600"]', '[a, b, 1, yes]', "['x', 'y']", '0', '80', '-', '*', '&a', '|', 'a: b', '0o17', '0b101', '08', '1.0e+3',
      );
      const key = fc.constantFrom('name', 'app', 'app.kubernetes.io/name', 'yes', 'on', '80', '1.50', '"quoted key"', "'single'", 'null', '~', 'x-y_z', 'null_', 'k');
      type Node = { kind: 'scalar'; v: string } | { kind: 'map'; entries: [string, Node][] } | { kind: 'seq'; items: Node[]; indentless: boolean };
      const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          scalar.map((v) => ({ kind: 'scalar' as const, v })),
          fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map' as const, entries })),
          fc.record({ items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), indentless: fc.boolean() }).map((r) => ({ kind: 'seq' as const, ...r })),
        ),
      })).node;
      const render = (n: Node, indent: number, out: string[], lead: string): void => {
        const pad = ' '.repeat(indent);
        if (n.kind === 'scalar') throw new Error('scalar rendered as block');
        if (n.kind === 'map') {
          n.entries.forEach(([k, v], i) => {
            const prefix = i === 0 ? lead : pad;
            if (v.kind === 'scalar') out.push(`${prefix}${k}: ${v.v}`);
            else {
              out.push(`${prefix}${k}:${i % 2 ? ' # c' : ''}`);
              if (v.kind === 'seq' && v.indentless) render(v, indent, out, pad);
              else render(v, indent + 2, out, ' '.repeat(indent + 2));
            }
          });
          return;
        }
        n.items.forEach((item, i) => {
          const prefix = i === 0 ? lead : pad;
          if (item.kind === 'scalar') out.push(`${prefix}- ${item.v}`);
          else if (item.kind === 'map') render(item, indent + 2, out, `${prefix}- `);
          else {
            out.push(`${prefix}-`);
            render(item, indent + 2, out, ' '.repeat(indent + 2));
          }
        });
      };
      let n = 0;
      let accepted = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 4 }), fc.boolean(), (entries, comments) => {
          const lines: string[] = comments ? ['# generated', 'apiVersion: v1', 'kind: Pod'] : ['apiVersion: v1', 'kind: Pod'];
          render({ kind: 'map', entries: entries.map(([k, v]) => [`x${k.replace(/["']/g, '')}`, v]) }, 0, lines, '');
          const file = join(dir, `g${n++}.yaml`);
          writeFileSync(file, lines.join('\n') + (comments ? '\n---\n# empty\n---\n' : '\n') + 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
          if (compare(file)) accepted++;
        }),
        { numRuns: 400, seed: 6 },
      );
      // the generator also writes declined constructs (`*`, `&a`, `|`, `a: b` …); most documents still take the fast path
      expect(accepted).toBeGreaterThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to load.ts (same items) for files outside the subset', () => {
    for (const f of ['fixtures/errors/yaml-syntax-error.yaml', 'fixtures/errors/no-kind.yaml', 'fixtures/manifest/anchors.yaml', 'fixtures/core/list.json']) {
      const file = join(ROOT, f);
      const a = loadSource(file, () => '');
      const b = loadManifests([file], { recursive: false, readStdin: () => '' });
      expect(a.map((i) => ('doc' in i ? JSON.stringify(i.doc.object) : i.error.message))).toEqual(b.map((i) => ('doc' in i ? JSON.stringify(i.doc.object) : i.error.message)));
    }
  });
});
