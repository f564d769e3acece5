import { describe, expect, it } from 'vitest';
import { RememberingTabWriter } from '../../src/printers/remembering-tabwriter.js';
import { renderTable } from '../../src/printers/tabwriter.js';

const HEADER = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];

describe('RememberingTabWriter', () => {
  it('lays out a first flush exactly as renderTable does', () => {
    const rows = [HEADER, ['frontend-7d4b9c8f5-abcde', '1/1', 'Running', '0', '5m14s']];
    expect(new RememberingTabWriter().flush(rows)).toBe(renderTable(rows));
  });

  it('widens a row and the later ones, never the earlier ones (kubectl-more.md §8 vector)', () => {
    const w = new RememberingTabWriter();
    const out = [
      w.flush([
        HEADER,
        ['frontend-7d4b9c8f5-abcde', '1/1', 'Running', '0', '5m14s'],
        ['frontend-7d4b9c8f5-fghij', '1/1', 'Running', '0', '5m14s'],
        ['frontend-7d4b9c8f5-klmno', '1/1', 'Running', '0', '5m14s'],
      ]),
      w.flush([['frontend-7d4b9c8f5-zz9xq', '0/1', 'Pending', '0', '0s']]),
      w.flush([['frontend-7d4b9c8f5-zz9xq', '0/1', 'ContainerCreating', '0', '0s']]),
      w.flush([['frontend-7d4b9c8f5-zz9xq', '1/1', 'Running', '0', '2s']]),
      w.flush([['frontend-7d4b9c8f5-abcde', '1/1', 'Terminating', '0', '5m15s']]),
    ].join('');
    expect(out).toBe(
      [
        'NAME                       READY   STATUS    RESTARTS   AGE',
        'frontend-7d4b9c8f5-abcde   1/1     Running   0          5m14s',
        'frontend-7d4b9c8f5-fghij   1/1     Running   0          5m14s',
        'frontend-7d4b9c8f5-klmno   1/1     Running   0          5m14s',
        'frontend-7d4b9c8f5-zz9xq   0/1     Pending   0          0s',
        'frontend-7d4b9c8f5-zz9xq   0/1     ContainerCreating   0          0s',
        'frontend-7d4b9c8f5-zz9xq   1/1     Running             0          2s',
        'frontend-7d4b9c8f5-abcde   1/1     Terminating         0          5m15s',
        '',
      ].join('\n'),
    );
  });

  it('grows a later column after a wider value in an earlier one (the svc vector)', () => {
    const w = new RememberingTabWriter();
    w.flush([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['lb-svc', 'LoadBalancer', '10.96.44.8', '<pending>', '80:31380/TCP', '101s'],
    ]);
    expect(w.flush([['lb-svc', 'LoadBalancer', '10.96.44.8', '172.18.255.200', '80:31380/TCP', '102s']])).toBe(
      'lb-svc   LoadBalancer   10.96.44.8   172.18.255.200   80:31380/TCP   102s\n',
    );
  });

  it('keeps the minimum width of 6 and the padding before an empty last cell', () => {
    const w = new RememberingTabWriter();
    expect(w.flush([['a', 'b', '']])).toBe('a     b     \n');
    expect(w.flush([['abcdefgh', 'b', 'x']])).toBe('abcdefgh   b     x\n');
    expect(w.flush([['a', 'b', 'x']])).toBe('a          b     x\n');
  });

  it('escapes cells as the table printer does', () => {
    expect(new RememberingTabWriter().flush([['x', 'two\nlines', 'z']])).toBe('x     two...   z\n');
  });
});
