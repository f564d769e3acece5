/**
 * The table writer behind `kubectl get` and `-o custom-columns`: cli-runtime's tabwriter
 * settings (liggitt/tabwriter, an elastic-tabstop writer: minwidth 6, tabwidth 4, padding 3,
 * pad character space, no flags that change layout).
 *
 * Layout rules that follow from those settings, for one flush of rows that all have the same
 * number of cells:
 * - every cell but the last on a line belongs to a column whose width is the widest cell in
 *   it (header included) plus 3, and at least 6; the cell is padded with spaces to that width;
 * - the last cell on a line is written as is, so lines carry no trailing spaces, unless that
 *   last cell is empty (an empty `-L` column): then the padding of the cell before it remains;
 * - widths count Unicode code points (Go counts runes, not display columns).
 *
 * The table printer writes each string cell cut at its first line break (`\n`, `\r` or `\f`)
 * with `...` appended, and escapes terminal control (ESC as `^[`, CR as `\r`).
 */

const MIN_WIDTH = 6;
const PADDING = 3;

/** A cell as kubectl's table printer writes it: cut at the first line break, terminal-escaped. */
export function tableCell(value: string): string {
  if (!SPECIAL.test(value)) return value; // the common case, on every cell of 10,000-row tables
  const brk = value.search(/[\f\n\r]/);
  const cut = brk >= 0 ? value.slice(0, brk) : value;
  return escapeTerminal(cut) + (brk >= 0 ? '...' : '');
}

/** cli-runtime's terminal escaper: ESC → `^[`, CR → `\r` (two characters). */
export function escapeTerminal(value: string): string {
  return value.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

const SPECIAL = /[\f\n\r\x1b]/;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Width as Go's tabwriter counts it: runes (code points; a surrogate pair is one). */
function runeCount(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Render rows (the header first, if any) as aligned lines, each ending in "\n". Cells are
 * prepared as the table printer writes them (tableCell); a tab inside a cell starts a new
 * column, as it does in the Go writer. Rows should have the same number of cells.
 */
export function renderTable(rows: string[][]): string {
  return alignCells(
    rows.map((r) => {
      const cells = r.map(tableCell);
      return cells.some((c) => c.includes('\t')) ? cells.join('\t').split('\t') : cells;
    }),
  );
}

/**
 * Align text as the Go writer does: lines end at "\n", cells are separated by "\t". A final
 * line without "\n" is aligned too and printed without one.
 */
export function alignText(text: string): string {
  if (text === '') return '';
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '';
  if (trailing) lines.pop();
  const out = alignCells(lines.map((l) => l.split('\t')));
  return trailing ? out : out.slice(0, -1);
}

/**
 * Align already-prepared cells (no line breaks inside). Column blocks follow the elastic-tabstop
 * rule: column c's width is computed over each run of consecutive lines that have a cell in
 * column c which is not their last cell. `widen` may raise a block's width (the watch writer's
 * remembered widths, keyed by column index as Go's writer keys them).
 */
export function alignCells(cells: string[][], widen: (col: number, width: number) => number = (_col, width) => width): string {
  const runes: number[][] = cells.map((r) => r.map(runeCount));
  const widths: number[][] = cells.map((r) => r.map(() => 0));
  const maxCols = cells.reduce((m, r) => Math.max(m, r.length), 0);
  for (let col = 0; col < maxCols - 1; col++) {
    let line = 0;
    while (line < cells.length) {
      if (col >= cells[line].length - 1) {
        line++;
        continue;
      }
      // A block of consecutive lines where column `col` is a tab-terminated cell.
      const start = line;
      let width = MIN_WIDTH;
      while (line < cells.length && col < cells[line].length - 1) {
        width = Math.max(width, runes[line][col] + PADDING);
        line++;
      }
      width = widen(col, width);
      for (let l = start; l < line; l++) widths[l][col] = width;
    }
  }
  let out = '';
  for (let l = 0; l < cells.length; l++) {
    const row = cells[l];
    let text = '';
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (c < row.length - 1) text += cell + ' '.repeat(Math.max(0, widths[l][c] - runes[l][c]));
      else text += cell;
    }
    out += text + '\n';
  }
  return out;
}
