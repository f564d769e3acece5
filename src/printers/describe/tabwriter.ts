/**
 * Elastic tabstops as Go's `text/tabwriter` computes them, for the settings `kubectl describe`
 * uses (`tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`): minwidth 0, padding 2, pad char space,
 * no flags.
 *
 * The rules this module reproduces:
 * - Text is cut into cells. A cell is terminated by a tab (or a vertical tab); the text after
 *   the last tab of a line is the line's last cell, which is never padded and never aligned.
 * - Column `j` is aligned across a *block*: a run of consecutive lines that all have a
 *   terminated cell at `j`. The width is the widest cell of the block (in characters, counted as
 *   Go counts runes) plus the padding, but at least `minwidth`. A line with fewer cells ends the
 *   block for the columns it lacks; the nested columns are aligned within their own sub-blocks.
 * - Empty cells are padded like any other (so `Key:\t\n` ends in spaces).
 * - A line that consists of a single cell (no tab at all), or a form feed, flushes everything
 *   buffered: no alignment crosses it.
 * - `flush()` formats whatever is buffered; a trailing partial line is written without a newline.
 */

export interface TabWriterOptions {
  minwidth?: number;
  padding?: number;
  /** Only a space (or any single non-tab character) is supported as pad character. */
  padchar?: string;
}

interface Cell {
  text: string;
  /** Width in runes (Unicode code points), as Go's utf8.RuneCount counts it. */
  width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export class TabWriter {
  private readonly minwidth: number;
  private readonly padding: number;
  private readonly padchar: string;
  private out = '';
  /** Buffered lines; the last one is the line being written. */
  private lines: Cell[][] = [[]];
  /** Text of the cell being written. */
  private cell = '';
  /** Column widths of the enclosing blocks while formatting. */
  private widths: number[] = [];

  constructor(opts: TabWriterOptions = {}) {
    this.minwidth = opts.minwidth ?? 0;
    this.padding = opts.padding ?? 2;
    this.padchar = opts.padchar ?? ' ';
    if (this.padchar === '\t' || this.padchar.length !== 1) throw new Error('TabWriter: padchar must be a single non-tab character');
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\t' || ch === '\v') {
        this.cell += text.slice(start, i);
        start = i + 1;
        this.terminateCell();
      } else if (ch === '\n' || ch === '\f') {
        this.cell += text.slice(start, i);
        start = i + 1;
        const ncells = this.terminateCell();
        this.lines.push([]);
        // A one-cell line cannot influence the alignment of later lines: everything so far can go.
        if (ch === '\f' || ncells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Format and emit everything buffered, including a trailing partial line (without newline). */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  /** Everything written so far; call `flush()` first to include buffered text. */
  toString(): string {
    return this.out;
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell) });
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      const line = this.lines[cur];
      if (column >= line.length - 1) continue;
      // This line has a terminated cell in `column`: a block starts here.
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.minwidth;
      for (; cur < line1; cur++) {
        const l = this.lines[cur];
        if (column >= l.length - 1) break;
        const w = l[column].width + this.padding;
        if (w > width) width = w;
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += this.padchar.repeat(this.widths[j] - c.width);
      });
      // The last buffered line is the one still being written: it has no newline yet.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }
}

/** Run `fn` against a fresh describe-style tab writer and return the flushed text. */
export function tabbedString(fn: (w: TabWriter) => void, opts?: TabWriterOptions): string {
  const w = new TabWriter(opts);
  fn(w);
  w.flush();
  return w.toString();
}
