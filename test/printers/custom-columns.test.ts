import { describe, expect, it } from 'vitest';
import { KubesimError } from '../../src/errors.js';
import { parseCustomColumns, parseCustomColumnsFile, relaxedJsonPathExpression, renderCustomColumns } from '../../src/printers/custom-columns.js';
import { byName, services } from './fixtures.js';

const three = byName(services, 'frontend-svc', 'kubernetes', 'lb-svc');

function errorOf(f: () => unknown): KubesimError {
  try {
    f();
  } catch (e) {
    if (e instanceof KubesimError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('custom-columns (kubectl-more.md §9.2)', () => {
  it('prints NAME and IP', () => {
    expect(renderCustomColumns(parseCustomColumns('NAME:.metadata.name,IP:.spec.clusterIP'), three, { noHeaders: false })).toBe(
      'NAME           IP\nfrontend-svc   10.96.120.15\nkubernetes     10.96.0.1\nlb-svc         10.96.44.8\n',
    );
  });

  it('prints <none> for missing values and maps as map[k:v]', () => {
    expect(renderCustomColumns(parseCustomColumns('NAME:.metadata.name,NODEPORT:.spec.ports[0].nodePort,PORTS:.spec.ports[*].port,SEL:.spec.selector'), three, { noHeaders: false })).toBe(
      'NAME           NODEPORT   PORTS   SEL\n' + 'frontend-svc   <none>     80      map[app:frontend]\n' + 'kubernetes     <none>     443     <none>\n' + 'lb-svc         31380      80      map[app:frontend]\n',
    );
  });

  it('joins several values with commas', () => {
    const np = byName(services, 'np-svc');
    expect(renderCustomColumns(parseCustomColumns('PORTS:.spec.ports[*].port,NAMES:{.spec.ports[*].name}'), np, { noHeaders: true })).toBe('80,443   http,https\n');
  });

  it('prints the header even with no objects, and honours --no-headers', () => {
    expect(renderCustomColumns(parseCustomColumns('NAME:.metadata.name'), [], { noHeaders: false })).toBe('NAME\n');
    expect(renderCustomColumns(parseCustomColumns('NAME:.metadata.name'), [], { noHeaders: true })).toBe('');
  });

  it('rejects a column without a colon', () => {
    expect(errorOf(() => parseCustomColumns('NAME')).render()).toBe('error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
    expect(errorOf(() => parseCustomColumns('NAME:.metadata.name,IP')).message).toBe('unexpected custom-columns spec: IP, expected <header>:<json-path-expr>');
    expect(errorOf(() => parseCustomColumns('')).message).toBe('custom-columns format specified but no custom columns given');
  });

  it('accepts the relaxed path forms', () => {
    expect(relaxedJsonPathExpression('metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('.metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{metadata.name}')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{.metadata.name}')).toBe('{.metadata.name}');
    expect(errorOf(() => relaxedJsonPathExpression('{.a}{.b}')).message).toMatch(/^unexpected path string, expected a 'name1.name2'/);
    expect(parseCustomColumns('A:')).toEqual([{ header: 'A', fieldSpec: '' }]);
    expect(renderCustomColumns(parseCustomColumns('A:'), [{}], { noHeaders: true })).toBe('<none>\n');
  });

  it('reports template errors with the bare engine message', () => {
    expect(errorOf(() => renderCustomColumns(parseCustomColumns('P:.spec.ports[3].port'), three, { noHeaders: false })).message).toBe('array index out of bounds: index 3, length 1');
    expect(errorOf(() => renderCustomColumns(parseCustomColumns('P:.spec.ports[3'), three, { noHeaders: false })).message).toBe('unterminated array');
  });

  it('prints nested values as Go does', () => {
    const o = { a: { b: [1, 2], c: null, d: true }, e: 1.5 };
    expect(renderCustomColumns(parseCustomColumns('A:.a,B:.a.b,E:.e,C:.a.c'), [o], { noHeaders: true })).toBe('map[b:[1 2] c:<nil> d:true]   [1 2]   1.5   <nil>\n');
  });
});

describe('custom-columns-file', () => {
  it('reads a header line and a spec line', () => {
    const cols = parseCustomColumnsFile('NAME          IP\n.metadata.name   {.spec.clusterIP}\n');
    expect(cols).toEqual([
      { header: 'NAME', fieldSpec: '{.metadata.name}' },
      { header: 'IP', fieldSpec: '{.spec.clusterIP}' },
    ]);
    expect(renderCustomColumns(cols, three.slice(0, 1), { noHeaders: false })).toBe('NAME           IP\nfrontend-svc   10.96.120.15\n');
  });

  it('rejects malformed files', () => {
    expect(errorOf(() => parseCustomColumnsFile('')).message).toBe('invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.');
    expect(errorOf(() => parseCustomColumnsFile('NAME IP\n')).message).toBe('invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.');
    expect(errorOf(() => parseCustomColumnsFile('NAME IP\n.metadata.name\n')).message).toBe("number of headers (2) and field specifications (1) don't match");
  });
});
