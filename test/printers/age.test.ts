import { describe, expect, it } from 'vitest';
import { ageOf, humanDuration } from '../../src/printers/age.js';

describe('humanDuration (kubectl-client.md §2.7)', () => {
  const vectors: [number, string][] = [
    [0, '0s'],
    [59, '59s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [192, '3m12s'],
    [599, '9m59s'],
    [600, '10m'],
    [601, '10m'],
    [10799, '179m'],
    [10800, '3h'],
    [10860, '3h1m'],
    [28740, '7h59m'],
    [28800, '8h'],
    [172799, '47h'],
    [172800, '2d'],
    [183600, '2d3h'],
    [691199, '7d23h'],
    [691200, '8d'],
    [63071999, '729d'],
    [63072000, '2y'],
    [63504000, '2y5d'],
    [252288000, '8y'],
  ];
  it.each(vectors)('%i s → %s', (s, want) => {
    expect(humanDuration(s)).toBe(want);
  });

  it('tolerates one second of clock skew, not more', () => {
    expect(humanDuration(-1)).toBe('0s');
    expect(humanDuration(-0.5)).toBe('0s');
    expect(humanDuration(-1.9)).toBe('0s');
    expect(humanDuration(-2)).toBe('<invalid>');
  });

  it('truncates fractions toward zero', () => {
    expect(humanDuration(119.99)).toBe('119s');
    expect(humanDuration(125.7)).toBe('2m5s');
  });

  it('keeps counting years past 8', () => {
    expect(humanDuration(20 * 365 * 86400 + 100 * 86400)).toBe('20y');
  });
});

describe('ageOf', () => {
  const now = new Date('2026-11-26T05:00:00Z');
  it('is <unknown> for a missing or unparsable timestamp', () => {
    expect(ageOf(undefined, now)).toBe('<unknown>');
    expect(ageOf('', now)).toBe('<unknown>');
    expect(ageOf('yesterday', now)).toBe('<unknown>');
  });
  it('measures from the timestamp to now', () => {
    expect(ageOf('2026-11-26T04:56:48Z', now)).toBe('3m12s');
    expect(ageOf('2026-11-23T00:00:00Z', now)).toBe('3d5h');
    expect(ageOf('2026-11-26T05:00:01Z', now)).toBe('0s');
    expect(ageOf('2026-11-26T05:00:05Z', now)).toBe('<invalid>');
  });
  it('accepts fractional (MicroTime) timestamps', () => {
    expect(ageOf('2026-11-26T04:59:00.999999Z', now)).toBe('59s');
  });
});
