import { describe, expect, it } from 'vitest';
import { alignText, renderTable, tableCell } from '../../src/printers/tabwriter.js';

describe('renderTable', () => {
  it('pads columns to max width + 3 and leaves the last cell unpadded', () => {
    expect(renderTable([
      ['NAME', 'TYPE', 'AGE'],
      ['kubernetes', 'ClusterIP', '3d5h'],
    ])).toBe('NAME         TYPE        AGE\nkubernetes   ClusterIP   3d5h\n');
  });

  it('applies the minimum width of 6 (minwidth vector, kubectl-client.md §2.1)', () => {
    expect(renderTable([['frontend-7d4b9c8f5-abcde', '1/1', 'Running', '0', '128m']])).toBe(
      'frontend-7d4b9c8f5-abcde   1/1   Running   0     128m\n',
    );
  });

  it('keeps the padding before an empty last cell (-L with no value)', () => {
    expect(renderTable([
      ['NAME', 'AGE', 'TIER'],
      ['a', '5m', ''],
      ['b', '5m', 'web'],
    ])).toBe('NAME   AGE   TIER\na      5m    \nb      5m    web\n');
  });

  it('cuts a cell at its first line break and appends ...', () => {
    expect(renderTable([['x', 'line one\nline two', 'z']])).toBe('x     line one...   z\n');
    expect(tableCell('a\rb')).toBe('a...');
    expect(tableCell('a\fb')).toBe('a...');
    expect(tableCell('plain')).toBe('plain');
  });

  it('escapes terminal control characters', () => {
    expect(tableCell('\x1b[31mred')).toBe('^[[31mred');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(renderTable([
      ['日本', 'x'],
      ['ab', 'y'],
    ])).toBe('日本    x\nab    y\n');
    expect(renderTable([
      ['🙂🙂🙂🙂', 'x'],
      ['a', 'y'],
    ])).toBe('🙂🙂🙂🙂   x\na      y\n');
  });

  it('renders nothing for no rows', () => {
    expect(renderTable([])).toBe('');
  });

  it('a single column is never padded', () => {
    expect(renderTable([['NAME'], ['a']])).toBe('NAME\na\n');
  });
});

describe('alignText', () => {
  it('splits cells on tabs and lines on newlines, like the Go writer', () => {
    expect(alignText('A\tBB\nccc\td\n')).toBe('A     BB\nccc   d\n');
  });
  it('aligns only consecutive lines that share a column', () => {
    expect(alignText('a\tb\nlong-single-cell\nxxxxxxxxx\ty\n')).toBe('a     b\nlong-single-cell\nxxxxxxxxx   y\n');
  });
});
