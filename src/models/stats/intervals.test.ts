import { describe, expect, it } from 'vitest';
import { gaussianMultiplier, gaussianQuantiles, levelForQuantile, residualSigma } from './intervals.js';
import { qnorm } from './numeric/normal.js';

describe('qnorm', () => {
  it('agrees with R qnorm() to 1e-15 in the centre and the tails', () => {
    const cases: Array<[number, number]> = [
      [0.9, 1.2815515655446004],
      [0.975, 1.959963984540054],
      [0.6, 0.2533471031357998],
      [0.99, 2.3263478740408408],
      [1e-10, -6.361340902404056],
      [0.999999, 4.753424308817089],
      [0.3, -0.5244005127080407],
    ];
    for (const [p, z] of cases) expect(Math.abs(qnorm(p) - z)).toBeLessThan(1e-15 * Math.max(1, Math.abs(z)));
    expect(qnorm(0.5)).toBe(0);
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(Number.isNaN(qnorm(1.5))).toBe(true);
  });
});

describe('quantiles from interval levels (statsforecast convention)', () => {
  it('maps q to the level whose bound it is: 0.1 and 0.9 → 80, 0.025 → 95, 0.5 → 0', () => {
    expect(levelForQuantile(0.1)).toBe(80);
    expect(levelForQuantile(0.9)).toBe(80);
    expect(levelForQuantile(0.4)).toBe(20);
    expect(levelForQuantile(0.025)).toBe(95);
    expect(levelForQuantile(0.5)).toBe(0);
  });

  it('uses the lower bound below the median and the upper bound above it', () => {
    expect(gaussianMultiplier(0.1)).toBeCloseTo(-1.2815515655446004, 15);
    expect(gaussianMultiplier(0.9)).toBeCloseTo(1.2815515655446004, 15);
    expect(gaussianMultiplier(0.5)).toBe(0);
    const [lo, hi] = gaussianQuantiles(Float64Array.from([10, 20]), [1, 2], [0.025, 0.975]);
    expect(Array.from(lo!)).toEqual([10 - 1.959963984540054, 20 - 2 * 1.959963984540054]);
    expect(Array.from(hi!)).toEqual([10 + 1.959963984540054, 20 + 2 * 1.959963984540054]);
  });

  it('computes sigma over finite residuals with the given degrees of freedom', () => {
    expect(residualSigma([Number.NaN, 3, 4], 2)).toBeCloseTo(Math.sqrt(25 / 2), 15);
    expect(residualSigma([1, 2], 0)).toBe(0);
  });
});
