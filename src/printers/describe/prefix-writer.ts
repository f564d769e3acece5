/**
 * kubectl's describe PrefixWriter: every write is indented by two spaces per level, then
 * terminal control characters are made harmless (ESC → `^[`, CR → `\r`), as cli-runtime's
 * WriteEscaped does, before the text reaches the tab writer.
 */
import type { TabWriter } from './tabwriter.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export class PrefixWriter {
  constructor(private readonly out: TabWriter) {}

  /** Write `text` (already formatted) indented by `level` × 2 spaces. Only the start is indented. */
  write(level: number, text: string): void {
    this.out.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** Like Go's fmt.Sprintln: operands joined by spaces, then a newline; no indentation. */
  writeLine(...parts: string[]): void {
    this.out.write(escapeTerminal(parts.join(' ') + '\n'));
  }

  /** Flush the underlying tab writer: nothing written later aligns with what came before. */
  flush(): void {
    this.out.flush();
  }
}
