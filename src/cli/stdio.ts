/**
 * Standard output and error for the CLI. A terminal gets Node's own stream (colour, columns,
 * progress bars). A pipe or a file is written with plain synchronous writes instead: touching
 * `process.stdout` loads Node's stream and net modules and opens a handle the process must close
 * at exit, a tenth of a `kubesim get svc`. Synchronous writes also keep stdout and stderr in the
 * order they were written, as kubectl's do.
 */
import { fstatSync, writeSync } from 'node:fs';
import type { Output } from './runtime.js';

/** Output for fd 1 or 2, whichever kind of file it is. */
export function stdioOutput(fd: 1 | 2): Output {
  if (mayBeTerminal(fd)) {
    const stream = fd === 1 ? process.stdout : process.stderr; // loads node:tty, which tells
    if (stream.isTTY) return streamOutput(stream);
  }
  return { write: (text) => writeAll(fd, text), isTTY: false };
}

function mayBeTerminal(fd: number): boolean {
  try {
    // Pipes and regular files are not character devices, and /dev/null, /dev/zero and /dev/full
    // are Linux's memory devices (major 1): no need to load node:tty (7 ms) to know.
    const st = fstatSync(fd);
    if (!st.isCharacterDevice() || (process.platform === 'linux' && ((st.rdev >> 8) & 0xfff) === 1)) return false;
  } catch {
    return false; // closed: writes are dropped below
  }
  return true;
}

function streamOutput(s: NodeJS.WriteStream): Output {
  // A terminal that goes away ends the command quietly, as kubectl does on SIGPIPE/SIGHUP.
  if (s.listenerCount('error') === 0) s.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? Number(process.exitCode) || 0 : 1));
  return {
    write: (t) => void s.write(t),
    isTTY: Boolean(s.isTTY),
    get columns() {
      return s.isTTY ? s.columns : undefined;
    },
  };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Write all of text to fd, however the kernel splits it. `write` is fs.writeSync but in tests. */
export function writeAll(fd: number, text: string, write: (fd: number, buf: Buffer, offset: number) => number = writeSync): void {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length; ) {
    try {
      off += write(fd, buf, off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Another process may have left the pipe non-blocking: wait for the reader, 1 ms at a time.
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      // A reader that stopped early (`kubesim get pods -o name | head -1`): end quietly with the
      // command's exit code so far, as kubectl does on SIGPIPE, instead of an EPIPE stack trace.
      else if (code === 'EPIPE') process.exit(Number(process.exitCode) || 0);
      else if (code === 'EBADF') return; // the caller closed this fd: there is nowhere to write
      else failed(fd, err as Error); // e.g. the disk holding a redirected stdout is full
    }
  }
}

/** kubectl's words when standard output cannot be written (Go's os.File error). */
function failed(fd: number, err: Error): never {
  if (fd === 1) {
    const reason = /^[A-Z0-9]+: (.*), write$/.exec(err.message)?.[1] ?? err.message; // libuv: "ENOSPC: no space left on device, write"
    try {
      writeSync(2, `error: write /dev/stdout: ${reason}\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left
    }
  }
  process.exit(1);
}
