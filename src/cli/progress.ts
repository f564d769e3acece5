/**
 * A one-line progress bar on stderr for long work (validate over thousands of files, `curl
 * --count` in the millions, applies of many documents):
 *
 *   validate [##########..........]  52%  5210/10000  1.9k/s  ETA 3s
 *
 * It is an addition for a person watching a terminal, so it never changes what a command prints:
 * it is drawn only on an interactive stderr (not in pipes, not under CI, not with TERM=dumb or
 * KUBESIM_NO_PROGRESS), only once the work has run for a while (quick commands never flash a
 * bar), redrawn in place with `\r` at most ~10 times a second, and erased before the command
 * prints anything else.
 *
 * Cost in hot loops: `tick()` is a counter bump; the clock is read only every `stride` ticks, and
 * the stride adapts so that reads happen every few milliseconds whatever an item costs. When the
 * bar is off, commands get a no-op object.
 *
 * Time here is the process's monotonic clock, not the simulation's (src/clock.ts): a frozen
 * KUBESIM_NOW must not freeze a rate or an ETA, and nothing this module measures reaches output.
 */
import type { Output, Runtime } from './runtime.js';

export interface Progress {
  /** false for the no-op progress (the bar will never be drawn). */
  readonly enabled: boolean;
  /** `n` more units done (default 1). */
  tick(n?: number): void;
  /** Also count what `read()` returns (e.g. work done on other threads), sampled when drawing. */
  alsoCount(read: () => number): void;
  /** Keep the bar moving while this thread waits (it does no ticks): redraw on a timer. */
  follow(): void;
  /** A note after the numbers (e.g. "cross-object checks"); redraws at once if the bar is due. */
  phase(note: string): void;
  /** Erase the bar, stop the timer. Idempotent; call before the command prints its output. */
  end(): void;
  /** stderr for messages printed during the work: the bar is erased first, redrawn later. */
  readonly stderr: Output;
}

export interface ProgressOptions {
  /** What is being done: `validate`, `apply`, `curl`. */
  label: string;
  /** Units of work in all (files, documents, requests). */
  total: number;
  /** `--no-progress` (commander's `progress: false`), when the command has such a flag. */
  flag?: boolean;
  /** Milliseconds of work before the bar first shows (default KUBESIM_PROGRESS_DELAY_MS, else 400). */
  delayMs?: number;
  /** Milliseconds between redraws at most (default 100). */
  intervalMs?: number;
  /** A monotonic clock in milliseconds (tests inject one); default performance.now. */
  now?: () => number;
}

/**
 * Whether a bar may be drawn: stderr is a terminal, not CI (`CI` set to anything but "", "0" or
 * "false"), not TERM=dumb, not switched off by `--no-progress` or `KUBESIM_NO_PROGRESS`.
 */
export function progressAllowed(rt: Pick<Runtime, 'env' | 'stderr'>, flag?: boolean): boolean {
  if (flag === false || !rt.stderr.isTTY) return false;
  const env = rt.env;
  if (env.TERM === 'dumb') return false;
  if (truthy(env.CI) || truthy(env.KUBESIM_NO_PROGRESS)) return false;
  return true;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** A progress bar for this work, or a no-op when a bar is not allowed (see progressAllowed). */
export function startProgress(rt: Pick<Runtime, 'env' | 'stderr'>, opts: ProgressOptions): Progress {
  if (!progressAllowed(rt, opts.flag)) return noProgress(rt.stderr);
  // KUBESIM_PROGRESS_DELAY_MS=0 shows the bar at once (tests use it: a quick command then shows
  // whether a bar would ever be drawn).
  const delay = Number(rt.env.KUBESIM_PROGRESS_DELAY_MS);
  const delayMs = opts.delayMs ?? (rt.env.KUBESIM_PROGRESS_DELAY_MS && Number.isFinite(delay) && delay >= 0 ? delay : undefined);
  return new Bar(rt.stderr, { ...opts, delayMs }, !('NO_COLOR' in rt.env));
}

export function noProgress(stderr: Output): Progress {
  return {
    enabled: false,
    tick() {},
    alsoCount() {},
    follow() {},
    phase() {},
    end() {},
    stderr,
  };
}

/** Erase the current line: back to column 0, clear to its end. */
export const ERASE_LINE = '\r\x1b[K';
const MAX_STRIDE = 1 << 20;
/** Rate over about the last few seconds (samples are taken at each redraw). */
const RATE_WINDOW_MS = 3000;

class Bar implements Progress {
  readonly enabled = true;
  readonly stderr: Output;
  private done = 0;
  private extra: (() => number) | undefined;
  private note = '';
  private readonly start: number;
  private readonly delay: number;
  private readonly interval: number;
  private readonly now: () => number;
  /** Ticks between clock reads, and ticks left until the next read. */
  private stride = 1;
  private countdown = 1;
  private lastPoll: number;
  private lastDraw = -Infinity;
  private shown = false;
  private ended = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly samples: { t: number; done: number }[] = [];

  constructor(
    private readonly out: Output,
    private readonly opts: ProgressOptions,
    private readonly colour: boolean,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.delay = opts.delayMs ?? 400;
    this.interval = opts.intervalMs ?? 100;
    this.start = this.now();
    this.lastPoll = this.start;
    const erase = () => this.erase();
    this.stderr = {
      isTTY: out.isTTY,
      get columns() {
        return out.columns;
      },
      write(text: string) {
        erase();
        out.write(text);
      },
    };
  }

  tick(n = 1): void {
    this.done += n;
    if (--this.countdown > 0) return;
    this.poll(false);
  }

  alsoCount(read: () => number): void {
    this.extra = read;
  }

  follow(): void {
    if (this.timer || this.ended) return;
    this.timer = setInterval(() => this.poll(true), this.interval);
    this.timer.unref?.();
  }

  phase(note: string): void {
    this.note = note;
    if (this.ended) return;
    const t = this.now();
    if (t - this.start >= this.delay) this.draw(t);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  /** Read the clock; adapt the stride so reads come every 5-20 ms; redraw when due. */
  private poll(fromTimer: boolean): void {
    if (this.ended) return;
    const t = this.now();
    if (!fromTimer) {
      const dt = t - this.lastPoll;
      if (dt < 5) this.stride = Math.min(MAX_STRIDE, this.stride * 2);
      else if (dt > 20) this.stride = Math.max(1, Math.floor((this.stride * 10) / dt));
      this.countdown = this.stride;
      this.lastPoll = t;
    }
    if (t - this.start >= this.delay && t - this.lastDraw >= this.interval) this.draw(t);
  }

  private erase(): void {
    if (!this.shown) return;
    this.out.write(ERASE_LINE);
    this.shown = false;
    // Redraw at the next poll rather than waiting out the interval.
    this.lastDraw = -Infinity;
  }

  private draw(t: number): void {
    this.lastDraw = t;
    const total = Math.max(0, this.opts.total);
    let done = this.done + (this.extra ? this.extra() : 0);
    if (total > 0 && done > total) done = total;
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0].t > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples.length > 1 ? this.samples[0] : { t: this.start, done: 0 };
    const seconds = (t - first.t) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    const line = renderLine({ label: this.opts.label, done, total, rate, note: this.note, columns: this.out.columns || 80, colour: this.colour });
    this.out.write(`\r${line}\x1b[K`);
    this.shown = true;
  }
}

export interface LineParts {
  label: string;
  done: number;
  total: number;
  /** units per second */
  rate: number;
  note?: string;
  columns: number;
  colour?: boolean;
}

/**
 * The bar's text, never wider than `columns - 1` visible characters (a line that reaches the last
 * column wraps on some terminals, and `\r` would then not return to its start). ASCII only.
 */
export function renderLine(p: LineParts): string {
  const width = Math.max(1, p.columns - 1);
  const known = p.total > 0;
  const fraction = known ? Math.min(1, p.done / p.total) : 0;
  const parts: string[] = [];
  if (known) parts.push(`${String(Math.floor(fraction * 100)).padStart(3)}%`);
  parts.push(known ? `${p.done}/${p.total}` : String(p.done));
  if (p.rate > 0) parts.push(`${rate(p.rate)}/s`);
  // A note (the phase after the counted work) takes the ETA's place.
  if (p.note) parts.push(p.note);
  else if (known && p.rate > 0 && p.done < p.total) parts.push(`ETA ${duration((p.total - p.done) / p.rate)}`);
  const tail = parts.join('  ');
  const head = p.label;
  // label + space + [bar] + two spaces + tail; the bar gets what is left, 10-40 wide. What is left
  // is measured against the widest tail this total can have, so the bar does not jitter.
  const widest = `100%  ${p.total}/${p.total}  999.9k/s  ${p.note && p.note.length > 10 ? p.note : 'ETA 59m59s'}`;
  const room = width - head.length - Math.max(tail.length, widest.length) - 5;
  if (known && room >= 10) {
    const cells = Math.min(40, room);
    const full = Math.round(fraction * cells);
    const filled = '#'.repeat(full);
    const bar = `[${p.colour ? `\x1b[36m${filled}\x1b[39m` : filled}${'.'.repeat(cells - full)}]`;
    return `${head} ${bar} ${tail}`;
  }
  // No room for a bar: the numbers alone, cut to the width.
  return `${head}  ${tail}`.slice(0, width);
}

/** Units per second: 0.5, 950, 9999, 12.3k, 1.23M. */
function rate(n: number): string {
  if (n < 10) return n.toFixed(1);
  if (n < 10_000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/** 4s, 1m05s, 2h03m. */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
