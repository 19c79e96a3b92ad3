import { describe, expect, it } from 'vitest';
import { HistoricAverageMethod, WindowAverageMethod } from './average.js';
import { EModelFitFailed, ETaskSpecInvalid } from '../../errors/index.js';

const Z90 = 1.2815515655446004; // R: qnorm(0.9)
const Y = Float64Array.from([1, 2, 3, 4, 10]);

describe('HistoricAverage', () => {
  it('forecasts the mean with statsforecast interval sd·sqrt(1 + 1/n)', () => {
    const fc = new HistoricAverageMethod().fit(Y, 1).forecast(3, [0.1, 0.9]);
    expect(Array.from(fc.mean)).toEqual([4, 4, 4]);
    // Σ(y − 4)² = 50, sd² = 50/4 = 12.5, se = sqrt(12.5 · 1.2) = sqrt(15).
    expect(fc.quantiles[1][2]).toBeCloseTo(4 + Z90 * Math.sqrt(15), 12);
    expect(fc.quantiles[0][0]).toBeCloseTo(4 - Z90 * Math.sqrt(15), 12);
  });
});

describe('WindowAverage', () => {
  it('averages the last window values; interval from its rolling one-step errors', () => {
    const f = new WindowAverageMethod(2).fit(Y, 1);
    const fc = f.forecast(2, [0.9]);
    expect(Array.from(fc.mean)).toEqual([7, 7]);
    // Rolling forecasts 1.5, 2.5, 3.5 for y = 3, 4, 10: errors 1.5, 1.5, 6.5.
    expect(Array.from(f.fitted!).slice(2)).toEqual([1.5, 2.5, 3.5]);
    const sigma = Math.sqrt((1.5 ** 2 + 1.5 ** 2 + 6.5 ** 2) / 3);
    expect(fc.quantiles[0][0]).toBeCloseTo(7 + Z90 * sigma * Math.sqrt(1.5), 12);
  });

  it('defaults the window to the season length and checks its argument', () => {
    const y = Float64Array.from({ length: 30 }, (_, t) => t);
    expect(new WindowAverageMethod().fit(y, 12).forecast(1, []).mean[0]).toBeCloseTo((18 + 29) / 2, 12);
    expect(new WindowAverageMethod().fit(y, 1).forecast(1, []).mean[0]).toBeCloseTo(26, 12);
    expect(() => new WindowAverageMethod(0)).toThrow(ETaskSpecInvalid);
    expect(() => new WindowAverageMethod(10).fit(Float64Array.from([1, 2]), 1)).toThrow(EModelFitFailed);
  });
});
