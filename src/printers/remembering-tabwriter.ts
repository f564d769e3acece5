/**
 * The table writer behind `kubectl get --watch`: the same tabwriter settings as tabwriter.ts,
 * plus liggitt/tabwriter's RememberWidths flag, with a flush after the list and after every
 * watch event. Each flush lays its rows out as tabwriter.ts does, except that a column is never
 * narrower than the widest it has been in an earlier flush; a flush that widens a column
 * remembers the new width. Lines already written are never re-aligned, so during a watch:
 * - a row is padded to the widest value seen so far in its column (header included);
 * - a wider value widens its own row and every later row, and no earlier one.
 */
import { alignCells, tableCell } from './tabwriter.js';

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
    return alignCells(cells, (col, width) => this.remember(col, width));
  }

  private remember(col: number, width: number): number {
    const seen = this.remembered[col];
    if (seen === undefined || width > seen) this.remembered[col] = width;
    return Math.max(width, seen ?? 0);
  }
}
