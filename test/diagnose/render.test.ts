/** The text and JSON renderings of diagnoses, and the exit code rule. */
import { describe, expect, it } from 'vitest';
import { renderJSON, renderText } from '../../src/diagnose/render.js';
import { exitCodeFor, finding, type Diagnosis } from '../../src/diagnose/findings.js';

const d: Diagnosis = {
  object: { kind: 'Service', namespace: 'default', name: 'web' },
  summary: 'ClusterIP 10.96.0.5, ports 80/TCP -> 5000, selector app=web',
  findings: [
    finding('selector', 'ok', 'selector app=web matches 1 pod', ['web-1']),
    finding('env-vars', 'warn', 'started before', ['a', 'b'], 'restart'),
    finding('targetPort.80', 'error', 'nothing listens', [], 'set targetPort: 80'),
  ],
};

describe('render', () => {
  it('plain text uses ASCII markers, evidence indented, fix lines and a result line', () => {
    expect(renderText([d], { colour: false })).toBe(
      [
        'service/web in namespace default: ClusterIP 10.96.0.5, ports 80/TCP -> 5000, selector app=web',
        '[ok] selector app=web matches 1 pod',
        '     web-1',
        '[!] started before',
        '    a',
        '    b',
        '    fix: restart',
        '[x] nothing listens',
        '    fix: set targetPort: 80',
        'result: errors (1 error, 1 warning, 1 ok)',
        '',
      ].join('\n'),
    );
  });

  it('a terminal gets the Unicode markers', () => {
    const text = renderText([d], { colour: true });
    expect(text).toContain('✓');
    expect(text).toContain('✗');
    expect(text).not.toContain('[ok]');
  });

  it('JSON: the documented schema; fix only when present', () => {
    const j = JSON.parse(renderJSON([d]));
    expect(j.apiVersion).toBe('kubesim.io/v1alpha1');
    expect(j.kind).toBe('DiagnosisReport');
    expect(j.result).toBe('error');
    expect(j.items[0].object).toEqual({ kind: 'Service', namespace: 'default', name: 'web' });
    expect(j.items[0].result).toBe('error');
    expect(j.items[0].findings[0]).toEqual({ id: 'selector', level: 'ok', title: 'selector app=web matches 1 pod', evidence: ['web-1'] });
    expect(j.items[0].findings[2].fix).toBe('set targetPort: 80');
  });

  it('exit code: 1 only when a finding is an error', () => {
    expect(exitCodeFor([d])).toBe(1);
    expect(exitCodeFor([{ ...d, findings: d.findings.slice(0, 2) }])).toBe(0);
    expect(exitCodeFor([])).toBe(0);
  });
});
