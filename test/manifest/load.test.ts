import { describe, expect, test } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadManifests, hasObjects, noObjectsError, resolvePlainScalar, type ManifestItem } from '../../src/manifest/load.js';

const FX = 'fixtures/manifest';
const load = (paths: string[], opts: { recursive?: boolean; stdin?: string } = {}) =>
  loadManifests(paths, { recursive: opts.recursive ?? false, readStdin: () => opts.stdin ?? '' });
const docs = (items: ManifestItem[]) => items.flatMap((i) => ('doc' in i ? [i.doc] : []));
const errors = (items: ManifestItem[]) => items.flatMap((i) => ('error' in i ? [i.error] : []));
const names = (items: ManifestItem[]) =>
  items.map((i) => ('doc' in i ? (i.doc.object.metadata as { name: string }).name : `ERR`));

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-manifest-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('positions', () => {
  test('the seed Deployment: template key is at line 12, col 5', () => {
    const [item] = load([`${FX}/frontend-deploy-as-written.yaml`]);
    expect('doc' in item).toBe(true);
    if (!('doc' in item)) return;
    expect(item.doc.source).toBe(`${FX}/frontend-deploy-as-written.yaml`);
    expect(item.doc.positionOf(['spec', 'selector', 'template'])).toEqual({ file: `${FX}/frontend-deploy-as-written.yaml`, line: 12, col: 5 });
    // the mis-indented container fields land as siblings of `containers`
    const spec = (item.doc.object.spec as any).selector.template.spec;
    expect(Object.keys(spec)).toEqual(['containers', 'name', 'ports']);
  });

  test('nested list items and fallback to the nearest ancestor', () => {
    const [item] = load([`${FX}/frontend-svc.yaml`]);
    if (!('doc' in item)) throw new Error('expected a doc');
    expect(item.doc.positionOf(['spec', 'ports', 0])).toMatchObject({ line: 9, col: 5 });
    expect(item.doc.positionOf(['spec', 'ports', 0, 'targetPort'])).toMatchObject({ line: 10, col: 5 });
    expect(item.doc.positionOf(['spec', 'ports', 0, 'nope', 'deeper'])).toMatchObject({ line: 9, col: 5 });
    expect(item.doc.positionOf([])).toMatchObject({ line: 1, col: 1 });
  });

  test('positions in a later document count from the start of the file', () => {
    const items = load([`${FX}/multi4.yaml`]);
    const j = docs(items).find((d) => (d.object.metadata as any).name === 'j-svc')!;
    expect(j.positionOf(['metadata', 'name'])).toMatchObject({ line: 21, col: 3 });
  });
});

describe('partial failure', () => {
  test('YAML error in doc 2: doc 1 returned, doc 3 not, line counted from the doc start', () => {
    const items = load([`${FX}/multi2.yaml`]);
    expect(names(items)).toEqual(['d-svc', 'ERR']);
    const [err] = errors(items);
    // the mis-indented `ports:` is the doc's line 8 (file line 16); go-yaml reports parser errors one line up
    expect(err.message).toBe(`error parsing ${FX}/multi2.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key`);
    expect(err.render()).toBe(`error: ${err.message}`);
    expect(err.position).toEqual({ file: `${FX}/multi2.yaml`, line: 16, col: 4 });
    expect(err.hint).toMatch(/same column/);
  });

  test('kind not set stops the file', () => {
    const items = load([`${FX}/v1.yaml`]);
    expect(names(items)).toEqual(['v1-svc', 'ERR']);
    expect(errors(items)[0].message).toBe(
      `error validating "${FX}/v1.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
    expect(errors(items)[0].position).toMatchObject({ line: 9 });
  });

  test('apiVersion and kind both missing: aggregated', () => {
    const f = tmpFile('x.yaml', 'metadata:\n  name: x\n');
    expect(errors(load([f]))[0].message).toBe(
      `error validating "${f}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  });

  test('mapping errors skip only that document; comment-only docs are skipped', () => {
    const items = load([`${FX}/multi4.yaml`]);
    expect(names(items)).toEqual(['i-svc', 'ERR', 'ERR', 'j-svc']);
    const [typo, ver] = errors(items);
    expect(typo.message).toBe(
      `resource mapping not found for name: "typo" namespace: "" from "${FX}/multi4.yaml": no matches for kind "Servic" in version "v1"\nensure CRDs are installed first`,
    );
    expect(typo.hint).toBe('did you mean kind "Service"?');
    expect(typo.position).toMatchObject({ line: 7, col: 1 });
    expect(ver.message).toContain('no matches for kind "Deployment" in version "apps/v2"');
    expect(ver.hint).toBe('Deployment is served as apiVersion apps/v1');
  });

  test('client-side metadata decoding (labels must be strings)', () => {
    const f = tmpFile('m.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: m\n  labels:\n    version: 1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ok\n');
    const items = load([f]);
    expect(names(items)).toEqual(['ERR', 'ok']);
    expect(errors(items)[0].message).toBe(`unable to decode "${f}": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`);
    expect(errors(items)[0].position).toMatchObject({ line: 6, col: 5 });
  });

  test('an invalid document separator', () => {
    const f = tmpFile('s.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n--- foo\n');
    expect(errors(load([f]))[0].message).toBe(`error parsing ${f}: invalid Yaml document separator: foo`);
  });
});

describe('YAML syntax errors worded as go-yaml v2', () => {
  const cases: [string, string, string][] = [
    ['tab indentation', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n', 'line 4: found character that cannot start any token'],
    ['over-indented key after a value', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n    labels: y\n', 'line 5: mapping values are not allowed in this context'],
    ['missing colon on a sibling key', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels\n  foo: bar\n', "line 6: could not find expected ':'"],
    ['mis-indented sequence item mapping', 'spec:\n  containers:\n    - name: a\n      image: x\n     image2: y\n', "line 4: did not find expected '-' indicator"],
    ['unterminated quote', 'apiVersion: v1\nkind: "Service\nmetadata: {}\n', 'line 4: found unexpected end of stream'],
    ['bad escape', 'apiVersion: v1\nkind: "Serv\\qice"\n', 'line 2: found unknown escape character'],
  ];
  for (const [name, text, want] of cases) {
    test(name, () => {
      const f = tmpFile('e.yaml', text);
      const [err] = errors(load([f]));
      expect(err?.message).toBe(`error parsing ${f}: error converting YAML to JSON: yaml: ${want}`);
      expect(err.position?.line).toBeGreaterThan(0);
    });
  }
});

describe('inputs', () => {
  test('directory: only known extensions, lexical order, subdirectories only with -R', () => {
    const flat = load([`${FX}/dir`]);
    expect(names(flat)).toEqual(['dir-a', 'dir-b']);
    expect(docs(flat).map((d) => d.source)).toEqual([`${FX}/dir/a.yaml`, `${FX}/dir/b.json`]);
    const rec = load([`${FX}/dir/`], { recursive: true });
    expect(names(rec)).toEqual(['dir-a', 'dir-b', 'dir-c']);
    expect(docs(rec)[2].source).toBe(`${FX}/dir/sub/c.yml`);
  });

  test('stdin and repeated -f in argument order', () => {
    const items = load(['-', `${FX}/dir/a.yaml`], { stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-stdin\n' });
    expect(names(items)).toEqual(['from-stdin', 'dir-a']);
    expect(docs(items)[0].source).toBe('STDIN');
    expect(docs(items)[0].positionOf(['metadata', 'name'])).toEqual({ file: 'STDIN', line: 4, col: 3 });
    const bad = load(['-'], { stdin: 'apiVersion: v1\nmetadata: {}\n' });
    expect(errors(bad)[0].message).toMatch(/^error validating "STDIN": error validating data: kind not set;/);
  });

  test('missing path fails everything, with a hint for a near name', () => {
    const items = load([`${FX}/frontend-svc.yaml`, `${FX}/forntend-svc.yaml`]);
    expect(items).toHaveLength(1);
    expect(errors(items)[0].message).toBe(`the path "${FX}/forntend-svc.yaml" does not exist`);
    expect(errors(items)[0].render()).toBe(`error: the path "${FX}/forntend-svc.yaml" does not exist`);
    expect(errors(items)[0].hint).toBe(`did you mean "${FX}/frontend-svc.yaml"?`);
    expect(errors(load([`${FX}/zzzzzzzz-nothing-like-it.yaml`]))[0].hint).toBeUndefined();
  });

  test('no objects: comment-only file', () => {
    const items = load([`${FX}/comment-only.yaml`]);
    expect(items).toEqual([]);
    expect(hasObjects(items)).toBe(false);
    expect(noObjectsError().render()).toBe('error: no objects passed to apply');
    expect(noObjectsError('create').message).toBe('no objects passed to create');
  });

  test('JSON stream: duplicate keys last-wins, positions of keys and items', () => {
    const items = load([`${FX}/svc.json`]);
    expect(names(items)).toEqual(['json-svc', 'json-svc2']);
    const [d] = docs(items);
    expect((d.object.metadata as any).labels).toEqual({ a: 'c' });
    expect(d.positionOf(['spec', 'ports', 1, 'port'])).toMatchObject({ line: 5, col: 37 });
    const line7 = fs.readFileSync(`${FX}/svc.json`, 'utf8').split('\n')[6];
    expect(docs(items)[1].positionOf(['metadata'])).toMatchObject({ line: 7, col: line7.indexOf('"metadata"') + 1 });
  });

  test('JSON syntax error', () => {
    const [err] = errors(load([`${FX}/bad.json`]));
    expect(err.message).toBe(`error parsing ${FX}/bad.json: json: offset 67: invalid character '}' looking for beginning of object key string`);
    expect(err.position).toMatchObject({ line: 2, col: 27 });
    const f = tmpFile('t.json', '{"apiVersion": "v1"');
    expect(errors(load([f]))[0].message).toBe(`error parsing ${f}: unexpected EOF`);
  });

  test('JSON inside a .yaml file (YAML flow) works too', () => {
    const f = tmpFile('j.yaml', '# comment first, so not a JSON stream\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "flow"}}\n');
    expect(names(load([f]))).toEqual(['flow']);
  });

  test('List flattening keeps positions of the items', () => {
    const items = load([`${FX}/list.yaml`]);
    expect(names(items)).toEqual(['l1', 'l2']);
    const l2 = docs(items)[1];
    expect(l2.source).toBe(`${FX}/list.yaml`);
    expect(l2.positionOf(['spec', 'template', 'spec', 'containers', 0, 'port'])).toMatchObject({ line: 18, col: 11 });
  });

  test('List items without kind fail validation', () => {
    const f = tmpFile('l.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata:\n    name: a\n');
    expect(errors(load([f]))[0].message).toMatch(/error validating data: kind not set;/);
  });
});

describe('YAML semantics (go-yaml v2 → JSON)', () => {
  test('anchors, merge keys, YAML 1.1 booleans, last-wins duplicates', () => {
    const [item] = load([`${FX}/anchors.yaml`]);
    if (!('doc' in item)) throw new Error(item.error.message);
    const o = item.doc.object as any;
    expect(o.metadata.labels).toEqual({ app: 'web', tier: 'override' });
    expect(o.spec.selector).toEqual({ app: 'web', tier: 'fe' });
    expect(o.spec.publishNotReadyAddresses).toBe(true);
    const f = tmpFile('d.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: first\n  name: second\n');
    expect(names(load([f]))).toEqual(['second']);
  });

  test('plain scalar resolution', () => {
    expect(resolvePlainScalar('yes')).toBe(true);
    expect(resolvePlainScalar('Off')).toBe(false);
    expect(resolvePlainScalar('~')).toBe(null);
    expect(resolvePlainScalar('0777')).toBe(511);
    expect(resolvePlainScalar('0x1F')).toBe(31);
    expect(resolvePlainScalar('1_000')).toBe(1000);
    expect(resolvePlainScalar('08')).toBe(8);
    expect(resolvePlainScalar('80.5')).toBe(80.5);
    expect(resolvePlainScalar('2024-01-01')).toBe('2024-01-01');
    expect(resolvePlainScalar('1.2.3')).toBe('1.2.3');
  });

  test('alias bomb: a clear error, quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const f = tmpFile('bomb.yaml', lines.join('\n') + '\n');
    const t0 = Date.now();
    const [err] = errors(load([f]));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err.message).toBe(`error parsing ${f}: error converting YAML to JSON: yaml: document contains excessive aliasing`);
  });

  test('unknown anchor', () => {
    const f = tmpFile('ua.yaml', 'apiVersion: v1\nkind: *nope\n');
    expect(errors(load([f]))[0].message).toBe(`error parsing ${f}: error converting YAML to JSON: yaml: unknown anchor 'nope' referenced`);
  });

  test('a 10 MB single-line file does not hang', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const f = tmpFile('big.yaml', `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "big", "annotations": {"a": "${big}"}}}`);
    const t0 = Date.now();
    const items = load([f]);
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(names(items)).toEqual(['big']);
    const g = tmpFile('big2.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: big2, annotations: {a: ${big}}}`);
    const t1 = Date.now();
    expect(names(load([g]))).toEqual(['big2']);
    expect(Date.now() - t1).toBeLessThan(15000);
  }, 30000);
});
