import { describe, expect, it } from 'vitest';
import { TabWriter, tabbedString } from '../../src/printers/describe/tabwriter.js';
import { LEVEL_1, LEVEL_2, PrefixWriter } from '../../src/printers/describe/prefix-writer.js';

const tw = (text: string): string => tabbedString((w) => w.write(text));

describe('describe tabwriter (Go text/tabwriter, minwidth 0, padding 2, pad char space)', () => {
  it('aligns a block to the widest cell + 2 and never pads the last cell', () => {
    expect(tw('Name:\tx\nNamespace:\tdefault\n')).toBe('Name:       x\nNamespace:  default\n');
  });

  it('ends all blocks at a line without a tab', () => {
    expect(tw('a:\t1\nHeader\nlonger-key:\t2\n')).toBe('a:  1\nHeader\nlonger-key:  2\n');
  });

  it('ends all blocks at an empty line', () => {
    expect(tw('a:\t1\n\nbbb:\t2\n')).toBe('a:  1\n\nbbb:  2\n');
  });

  it('ends a nested column at a line with fewer cells, while the outer column continues', () => {
    expect(tw('a\tb\tc\naaaa\tbb\nx\tyyy\tz\n')).toBe('a     b  c\naaaa  bb\nx     yyy  z\n');
  });

  it('keeps a column block across lines that have more cells', () => {
    expect(tw('Port:\thttp\t80/TCP\nTargetPort:\thttp/TCP\n')).toBe('Port:        http  80/TCP\nTargetPort:  http/TCP\n');
  });

  it('pads empty cells, leaving trailing spaces', () => {
    expect(tw('IP:\t\nService Account:\tdefault\n')).toBe('IP:               \nService Account:  default\n');
    expect(tw('  Type\tStatus\n  Ready \tTrue \n')).toBe('  Type    Status\n  Ready   True \n');
  });

  it('pads an empty first cell (continuation lines of labels)', () => {
    expect(tw('Labels:\ta=1\n\tb=2\nAnnotations:\t<none>\n')).toBe('Labels:       a=1\n              b=2\nAnnotations:  <none>\n');
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(tw('é\tx\nab\ty\n😀\tz\n')).toBe('é   x\nab  y\n😀   z\n');
  });

  it('builds a line from several writes and treats a vertical tab like a tab', () => {
    const w = new TabWriter();
    w.write('Na');
    w.write('me:\t');
    w.write('x\n');
    w.write('Namespace:\vdefault\n');
    w.flush();
    expect(w.toString()).toBe('Name:       x\nNamespace:  default\n');
  });

  it('flush() formats what is buffered; later lines align on their own', () => {
    const w = new TabWriter();
    w.write('a:\t1\n');
    w.flush();
    w.write('bbbb:\t2\n');
    w.flush();
    expect(w.toString()).toBe('a:  1\nbbbb:  2\n');
  });

  it('a form feed forces a flush', () => {
    expect(tw('a:\t1\fbbbb:\t2\n')).toBe('a:  1\nbbbb:  2\n');
  });

  it('writes a trailing partial line without a newline', () => {
    expect(tw('a\tb')).toBe('a  b');
    // An empty cell after the last tab is not a cell at flush time: `longer:` is that line's
    // last cell, so the line does not join the block (Go's Flush quirk).
    expect(tw('key:\tvalue\nlonger:\t')).toBe('key:  value\nlonger:');
  });

  it('handles nested blocks three deep with interleaved shorter lines', () => {
    const text = ['a\tb\tc\td', 'aa\tbb\tcc', 'aaa\tb', 'a\tbbbb\tc\td', 'x'].join('\n') + '\n';
    // `cc` is a last cell, so column 2's block is line 1 alone.
    expect(tw(text)).toBe(['a    b   c  d', 'aa   bb  cc', 'aaa  b', 'a    bbbb  c  d', 'x', ''].join('\n'));
  });
});

describe('describe PrefixWriter', () => {
  it('indents by two spaces per level, only at the start of a write', () => {
    const out = tabbedString((t) => {
      const w = new PrefixWriter(t);
      w.write(LEVEL_1, 'IP:\t10.0.0.1\n');
      w.write(LEVEL_2, 'Type:\tx\n    Medium:\t\n');
      w.writeLine('a', 'b');
    });
    expect(out).toBe('  IP:        10.0.0.1\n    Type:    x\n    Medium:  \na b\n');
  });

  it('escapes terminal control characters like cli-runtime WriteEscaped', () => {
    const out = tabbedString((t) => new PrefixWriter(t).write(0, 'Message:\tred \x1b[31m\r\n'));
    expect(out).toBe('Message:  red ^[[31m\\r\n');
  });
});
