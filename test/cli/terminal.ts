/**
 * What a terminal shows after a stream of text with `\r` and "erase to end of line" (ESC [ K):
 * enough of a terminal to check that a progress bar leaves nothing behind.
 */
export function screen(text: string): string {
  const lines: string[] = [];
  let line = '';
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lines.push(line);
      line = '';
      col = 0;
    } else if (c === '\r') {
      col = 0;
    } else if (c === '\x1b') {
      const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected escape at ${i}: ${JSON.stringify(text.slice(i, i + 8))}`);
      if (m[2] === 'K') line = line.slice(0, col);
      else if (m[2] !== 'm') throw new Error(`unexpected escape sequence ${JSON.stringify(m[0])}`);
      i += m[0].length - 1;
    } else {
      line = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  return lines.map((l) => l + '\n').join('') + line;
}
