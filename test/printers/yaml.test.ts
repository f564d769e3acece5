import { describe, expect, it } from 'vitest';
import { compareYamlKeys, toYaml } from '../../src/printers/yaml.js';

describe('toYaml (go-yaml v2 as kubectl prints)', () => {
  it('prints the create service vector of kubectl-client §3', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null, labels: { app: 'frontend-svc' }, name: 'frontend-svc' },
      spec: { ports: [{ name: '80-5000', port: 80, protocol: 'TCP', targetPort: 5000 }], selector: { app: 'frontend-svc' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    };
    expect(toYaml(svc)).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: frontend-svc',
        '  name: frontend-svc',
        'spec:',
        '  ports:',
        '  - name: 80-5000',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 5000',
        '  selector:',
        '    app: frontend-svc',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}',
        '',
      ].join('\n'),
    );
  });

  it('double-quotes strings that would read back as other types', () => {
    expect(toYaml({ a: '80', b: 'true', c: 'yes', d: 'n', e: '', f: '1.5', g: '0x1f', h: '2026-11-26T05:00:00Z', i: 'null', j: '~', k: '1:20', l: '1_000' })).toBe(
      'a: "80"\nb: "true"\nc: "yes"\nd: "n"\ne: ""\nf: "1.5"\ng: "0x1f"\nh: "2026-11-26T05:00:00Z"\ni: "null"\nj: "~"\nk: "1:20"\nl: "1_000"\n',
    );
  });

  it('single-quotes strings a plain scalar cannot hold', () => {
    expect(toYaml({ verbs: ['*'], a: 'a: b', b: '- x', c: '#x', d: "it's # here", e: ' lead', f: '@x' })).toBe(
      "a: 'a: b'\nb: '- x'\nc: '#x'\nd: 'it''s # here'\ne: ' lead'\nf: '@x'\nverbs:\n- '*'\n",
    );
  });

  it('keeps plain strings plain', () => {
    expect(toYaml({ a: 'nginx:1.27', b: 'a-b', c: '10.96.0.1', d: 'http://x/y?z=1', e: 'a#b', f: 'a:b' })).toBe('a: nginx:1.27\nb: a-b\nc: 10.96.0.1\nd: http://x/y?z=1\ne: a#b\nf: a:b\n');
    // " #" would start a comment: not plain.
    expect(toYaml({ e: 'a #b' })).toBe("e: 'a #b'\n");
  });

  it('writes multi-line text as literal blocks with the right chomping', () => {
    expect(toYaml({ a: '{"x":1}\n', b: 'l1\nl2', c: 'x\n\n' })).toBe('a: |\n  {"x":1}\nb: |-\n  l1\n  l2\nc: |+\n  x\n\n');
  });

  it('folds long plain scalars at spaces past column 80', () => {
    const text = 'word '.repeat(30).trim();
    const out = toYaml({ description: text });
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(90);
    expect(out.split('\n')[1].startsWith('  word')).toBe(true);
    expect(out.replace(/\n {2}/g, ' ')).toBe(`description: ${text}\n`);
  });

  it('nests sequences of maps and empty collections as go-yaml does', () => {
    expect(toYaml({ items: [{ a: 1, b: [] }, { c: {} }], list: [[1, 2]] })).toBe('items:\n- a: 1\n  b: []\n- c: {}\nlist:\n- - 1\n  - 2\n');
  });
});

describe('compareYamlKeys (go-yaml v2 natural order)', () => {
  const sorted = (keys: string[]) => [...keys].sort(compareYamlKeys);
  it('orders digit runs numerically', () => {
    expect(sorted(['port-10', 'port-9', 'port-1'])).toEqual(['port-1', 'port-9', 'port-10']);
  });
  it('puts non-letters before letters and prefixes first', () => {
    expect(sorted(['app', 'app.kubernetes.io/name', 'a_b', 'aZ'])).toEqual(['app', 'app.kubernetes.io/name', 'a_b', 'aZ'].sort(compareYamlKeys));
    expect(sorted(['aZ', 'a_b'])).toEqual(['a_b', 'aZ']);
    expect(sorted(['b', 'a', 'B'])).toEqual(['B', 'a', 'b']);
  });
});
