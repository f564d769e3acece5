/**
 * The progress bar module on its own: when it may be drawn, what it draws, throttling, the start
 * delay, erasing, and how rarely it reads the clock in a hot loop. A fake stream stands in for
 * the terminal and a fake clock for time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERASE_LINE, progressAllowed, renderLine, startProgress } from '../../src/cli/progress.js';
import type { Output } from '../../src/cli/runtime.js';
import { screen } from './terminal.js';

function fakeStream(isTTY: boolean, columns = 100): Output & { text: string; writes: string[] } {
  const s = {
    text: '',
    writes: [] as string[],
    isTTY,
    columns,
    write(t: string) {
      s.text += t;
      s.writes.push(t);
    },
  };
  return s;
}

/** A clock the test moves by hand; counts how often it is read. */
function fakeClock() {
  const c = { t: 1000, reads: 0, now: () => (c.reads++, c.t) };
  return c;
}

const ESC = '\x1b';

describe('progressAllowed', () => {
  const tty = { isTTY: true, write() {} };
  const pipe = { isTTY: false, write() {} };

  it('needs a terminal on stderr', () => {
    expect(progressAllowed({ env: {}, stderr: tty })).toBe(true);
    expect(progressAllowed({ env: {}, stderr: pipe })).toBe(false);
  });

  it('is off under CI unless CI is empty, 0 or false', () => {
    for (const v of ['true', '1', 'yes', 'github']) expect(progressAllowed({ env: { CI: v }, stderr: tty }), `CI=${v}`).toBe(false);
    for (const v of ['', '0', 'false', 'FALSE']) expect(progressAllowed({ env: { CI: v }, stderr: tty }), `CI=${v}`).toBe(true);
  });

  it('is off with TERM=dumb, KUBESIM_NO_PROGRESS or --no-progress', () => {
    expect(progressAllowed({ env: { TERM: 'dumb' }, stderr: tty })).toBe(false);
    expect(progressAllowed({ env: { TERM: 'xterm-256color' }, stderr: tty })).toBe(true);
    expect(progressAllowed({ env: { KUBESIM_NO_PROGRESS: '1' }, stderr: tty })).toBe(false);
    expect(progressAllowed({ env: { KUBESIM_NO_PROGRESS: '0' }, stderr: tty })).toBe(true);
    expect(progressAllowed({ env: {}, stderr: tty }, false)).toBe(false);
    expect(progressAllowed({ env: {}, stderr: tty }, true)).toBe(true);
  });
});

describe('the bar', () => {
  afterEach(() => vi.useRealTimers());

  it('is never drawn on a pipe, however long the work', () => {
    const err = fakeStream(false);
    const clock = fakeClock();
    const p = startProgress({ env: {}, stderr: err }, { label: 'validate', total: 100, now: clock.now });
    expect(p.enabled).toBe(false);
    for (let i = 0; i < 100; i++) {
      clock.t += 50;
      p.tick();
    }
    p.end();
    expect(err.text).toBe('');
  });

  it('waits for the start delay, then draws label, bar, counts, rate and ETA on one line', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: { NO_COLOR: '1' }, stderr: err }, { label: 'validate', total: 1000, now: clock.now, delayMs: 400, intervalMs: 100 });
    for (let i = 0; i < 39; i++) {
      clock.t += 10;
      p.tick();
    }
    expect(err.text).toBe(''); // 390 ms: quick commands never flash a bar
    for (let i = 0; i < 2; i++) {
      clock.t += 10;
      p.tick();
    }
    expect(err.writes.length).toBe(1);
    const line = err.writes[0];
    expect(line.startsWith('\r')).toBe(true);
    expect(line.endsWith(`${ESC}[K`)).toBe(true);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^\rvalidate \[#*\.+\]\s+4%\s+40\/1000\s+100\/s\s+ETA 10s\x1b\[K$/);
    p.end();
    expect(err.writes.at(-1)).toBe(ERASE_LINE);
    expect(screen(err.text)).toBe('');
  });

  it('redraws at most once per interval', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: {}, stderr: err }, { label: 'curl', total: 100_000, now: clock.now, delayMs: 0, intervalMs: 100 });
    // 10 seconds of work in 1 ms steps: about 100 redraws, not 10,000.
    for (let i = 0; i < 10_000; i++) {
      clock.t += 1;
      p.tick();
    }
    p.end();
    const draws = err.writes.filter((w) => w !== ERASE_LINE).length;
    expect(draws).toBeGreaterThanOrEqual(90);
    expect(draws).toBeLessThanOrEqual(101);
  });

  it('reads the clock rarely in a hot loop', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: {}, stderr: err }, { label: 'curl', total: 2_000_000, now: clock.now, delayMs: 400 });
    // A million cheap items, one microsecond each.
    for (let i = 0; i < 1_000_000; i++) {
      clock.t += 0.001;
      p.tick();
    }
    p.end();
    expect(clock.reads).toBeLessThan(1_000);
    // ...and still redraws: one second of work after a 400 ms delay.
    expect(err.writes.filter((w) => w !== ERASE_LINE).length).toBeGreaterThanOrEqual(3);
  });

  it('is erased before messages printed during the work, and the messages stay as they were', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: {}, stderr: err }, { label: 'apply', total: 10, now: clock.now, delayMs: 0 });
    clock.t += 200;
    p.tick();
    p.stderr.write('Warning: something\n');
    clock.t += 1;
    p.tick();
    p.end();
    expect(err.text).toContain(`${ERASE_LINE}Warning: something\n`);
    expect(screen(err.text)).toBe('Warning: something\n');
  });

  it('end() without a drawn bar writes nothing, and is idempotent', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: {}, stderr: err }, { label: 'apply', total: 10, now: clock.now });
    p.tick();
    p.end();
    p.end();
    expect(err.text).toBe('');
    const q = startProgress({ env: {}, stderr: err }, { label: 'apply', total: 10, now: clock.now, delayMs: 0 });
    q.tick();
    q.end();
    q.end();
    expect(err.text.split(ERASE_LINE).length - 1).toBe(1);
  });

  it('adds work counted elsewhere and keeps moving on a timer while the thread waits', () => {
    vi.useFakeTimers();
    const err = fakeStream(true);
    const clock = fakeClock();
    let elsewhere = 0;
    const p = startProgress({ env: {}, stderr: err }, { label: 'validate', total: 100, now: clock.now, delayMs: 0, intervalMs: 100 });
    p.alsoCount(() => elsewhere);
    p.follow();
    elsewhere = 42;
    clock.t += 150;
    vi.advanceTimersByTime(150);
    expect(err.writes.at(-1)).toContain(' 42/100 ');
    elsewhere = 100;
    clock.t += 150;
    vi.advanceTimersByTime(150);
    expect(err.writes.at(-1)).toContain(' 100/100 ');
    p.phase('cross-object checks');
    expect(err.writes.at(-1)).toContain('cross-object checks');
    p.end();
    const n = err.writes.length;
    clock.t += 1000;
    vi.advanceTimersByTime(1000);
    expect(err.writes.length).toBe(n); // the timer stopped
    expect(screen(err.text)).toBe('');
  });

  it('uses colour only without NO_COLOR', () => {
    const draw = (env: Record<string, string>) => {
      const err = fakeStream(true);
      const clock = fakeClock();
      const p = startProgress({ env, stderr: err }, { label: 'validate', total: 10, now: clock.now, delayMs: 0 });
      clock.t += 500;
      p.tick(5);
      return err.writes[0];
    };
    const plain = draw({ NO_COLOR: '1' });
    expect(plain.replace(ERASE_LINE.slice(1), '').includes(ESC)).toBe(false);
    expect(plain).toContain('[#');
    expect(draw({})).toContain(`${ESC}[36m`);
  });

  it('KUBESIM_PROGRESS_DELAY_MS sets the start delay', () => {
    const err = fakeStream(true);
    const clock = fakeClock();
    const p = startProgress({ env: { KUBESIM_PROGRESS_DELAY_MS: '0' }, stderr: err }, { label: 'validate', total: 10, now: clock.now });
    p.tick();
    expect(err.text).toContain('validate');
    p.end();
  });
});

describe('renderLine', () => {
  it('never reaches the last column, whatever the width', () => {
    for (const columns of [10, 20, 40, 60, 80, 120, 300]) {
      for (const total of [7, 5000, 3_000_000]) {
        const line = renderLine({ label: 'validate', done: Math.floor(total / 3), total, rate: 123456.7, columns });
        expect(line.length, `${columns} columns, total ${total}: ${line}`).toBeLessThanOrEqual(columns - 1);
      }
    }
  });

  it('keeps the bar the same width while the numbers change', () => {
    const width = (done: number, rate: number) => /\[[#.]*\]/.exec(renderLine({ label: 'curl', done, total: 1_000_000, rate, columns: 100 }))![0].length;
    expect(width(5, 3)).toBe(width(999_999, 45_678));
  });

  it('fills the bar in proportion and formats rate and ETA', () => {
    const line = renderLine({ label: 'apply', done: 250, total: 1000, rate: 12_500, columns: 80 });
    const bar = /\[([#.]*)\]/.exec(line)![1];
    expect(bar.replace(/\./g, '').length / bar.length).toBeCloseTo(0.25, 1);
    expect(line).toContain(' 25%');
    expect(line).toContain('250/1000');
    expect(line).toContain('12.5k/s');
    expect(line).toContain('ETA 1s');
    expect(renderLine({ label: 'curl', done: 0, total: 10_000_000, rate: 1000, columns: 80 })).toContain('ETA 2h46m');
    expect(renderLine({ label: 'curl', done: 1, total: 100, rate: 1, columns: 80 })).toContain('ETA 1m39s');
    expect(renderLine({ label: 'curl', done: 1, total: 100, rate: 0, columns: 80 })).not.toContain('ETA');
  });
});
