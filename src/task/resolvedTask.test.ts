import { describe, expect, it } from 'vitest';
import { EFreqInferFailed } from '../errors/index.js';
import { forecastTaskOf, resolveFreq, resolveSeasonLength, resolveTask } from './resolvedTask.js';
import { parseTaskSpec } from './taskSpec.js';

const DAY = 86_400_000;
const daily = { series: [{ id: 'a', ds: Float64Array.from({ length: 10 }, (_, k) => k * DAY) }] };

describe('resolveTask', () => {
  it('takes the spec frequency first, then the panel one, then the inferred one', () => {
    expect(resolveFreq('H', { ...daily, freq: 'W-SUN' })).toBe('H');
    expect(resolveFreq(undefined, { ...daily, freq: 'W-SUN' })).toBe('W-SUN');
    expect(resolveFreq(undefined, daily)).toBe('D');
    expect(resolveFreq(undefined, { series: [] })).toBeUndefined();
  });

  it('keeps the spec spelling for the plan and the canonical alias for the models', () => {
    const resolved = resolveTask(parseTaskSpec({ h: 3, freq: 'W', levels: [80] }), daily);
    expect(resolved.freqAlias).toBe('W');
    expect(resolved.freq).toBe('W-SUN');
    expect(resolved.seasonLength).toBe(52);
    expect(forecastTaskOf(resolved, 1)).toEqual({ h: 3, freq: 'W-SUN', seasonLength: 52, quantiles: [0.1, 0.5, 0.9] });
  });

  it('derives the season length from the frequency unless one is given, and is 1 without a frequency', () => {
    expect(resolveSeasonLength(undefined, 'H')).toBe(24);
    expect(resolveSeasonLength(7, 'H')).toBe(7);
    expect(resolveSeasonLength(undefined, null)).toBe(1);
    expect(resolveSeasonLength(0.5, 'D')).toBe(1);
  });

  it('resolves without a frequency but refuses a forecast task without one', () => {
    const resolved = resolveTask(parseTaskSpec({ h: 2 }), { series: [] });
    expect(resolved.freq).toBeUndefined();
    expect(() => forecastTaskOf(resolved, 0)).toThrow(EFreqInferFailed);
  });
});
