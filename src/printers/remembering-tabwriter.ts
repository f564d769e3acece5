/**
 * The table writer behind `kubectl get --watch`: the same tabwriter settings as tabwriter.ts,
 * plus liggitt/tabwriter's RememberWidths flag, with a flush after the list and after every
 * watch event. Each flush lays its rows out as tabwriter.ts does, except that a column is never
 * narrower than the widest it has been in an earlier flush; a flush that widens a column
 * remembers the new width. Lines already written are never re-aligned, so during a watch:
 * - a row is padded to the widest value seen so far in its column (header included);
 * - a wider value widens its own row and every later row, and no earlier one.
 */
import { MIN_WIDTH, PADDING, runeCount, tableCell } from './tabwriter.js';

export class RememberingTabWriter {
  /** Per column index, the widest (padded) width any flush used. */
  private readonly remembered: number[] = [];

  /**
   * Lay out one flush of rows (cells as the table printer writes them: cut at line breaks and
   * terminal-escaped here, a tab inside a cell starting a new column), each line ending in "\n".
   */
  flush(rows: string[][]): string {
    const cells = rows.map((r) => {
      const prepared = r.map(tableCell);
      return prepared.some((c) => c.includes('\t')) ? prepared.join('\t').split('\t') : prepared;
    });
    const widths = this.columnWidths(cells);
    let out = '';
    for (let l = 0; l < cells.length; l++) {
      const row = cells[l];
      let text = '';
      for (let c = 0; c < row.length; c++) {
        // The last cell is not tab-terminated: it belongs to no column and is written as is.
        text += c < row.length - 1 ? row[c] + ' '.repeat(Math.max(0, widths[l][c] - runeCount(row[c]))) : row[c];
      }
      out += text + '\n';
    }
    return out;
  }

  /**
   * The elastic-tabstop blocks of tabwriter.ts's alignCells (a block is a run of lines where the
   * column is not the line's last cell), each widened to the remembered width of its column index
   * — the index Go's writer keys its maxwidths by.
   */
  private columnWidths(cells: string[][]): number[][] {
    const widths = cells.map((r) => r.map(() => 0));
    const maxCols = cells.reduce((m, r) => Math.max(m, r.length), 0);
    for (let col = 0; col < maxCols - 1; col++) {
      let line = 0;
      while (line < cells.length) {
        if (col >= cells[line].length - 1) {
          line++;
          continue;
        }
        const start = line;
        let width = MIN_WIDTH;
        for (; line < cells.length && col < cells[line].length - 1; line++) width = Math.max(width, runeCount(cells[line][col]) + PADDING);
        width = this.remember(col, width);
        for (let l = start; l < line; l++) widths[l][col] = width;
      }
    }
    return widths;
  }

  private remember(col: number, width: number): number {
    const seen = this.remembered[col];
    if (seen === undefined || width > seen) this.remembered[col] = width;
    return Math.max(width, seen ?? 0);
  }
}
