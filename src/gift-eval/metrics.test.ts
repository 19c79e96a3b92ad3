import { describe, expect, it } from 'vitest';
import { ENonFiniteForecast } from '../errors/index.js';
import { forecastQuantile, roundHalfEven, type QuantileForecast, type SampleForecast } from './forecast.js';
import { GluonTSMetrics, QUANTILE_LEVELS, seasonalError } from './metrics.js';

/** A quantile forecast whose level-q value is a + b·q at every step (mean = median unless given). */
function linearForecast(pl: number, a: number, b: number, mean?: number[]): QuantileForecast {
  return {
    kind: 'quantiles',
    itemId: 'x',
    levels: QUANTILE_LEVELS,
    values: QUANTILE_LEVELS.map((q) => new Float32Array(pl).fill(a + b * q)),
    ...(mean ? { mean: Float32Array.from(mean) } : {}),
  };
}

describe('gluonts read-out of forecasts', () => {
  it('round half to even, as numpy', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });

  it('sample quantile q is sort(samples)[round((n−1)·q)] with banker’s rounding', () => {
    // n = 6: q = 0.5 → index round(2.5) = 2 (not 3); q = 0.1 → round(0.5) = 0; q = 0.9 → round(4.5) = 4.
    const f: SampleForecast = { kind: 'samples', itemId: 'x', samples: [5, 1, 4, 0, 3, 2].map((v) => Float32Array.of(v, 10 * v)) };
    expect(Array.from(forecastQuantile(f, 0.5))).toEqual([2, 20]);
    expect(Array.from(forecastQuantile(f, 0.1))).toEqual([0, 0]);
    expect(Array.from(forecastQuantile(f, 0.9))).toEqual([4, 40]);
  });

  it('stored levels as is, linear between them, exponential tails beyond 0.1 and 0.9', () => {
    // Level q → 10q − 1: 0.1 → 0, 0.2 → 1, …, 0.9 → 8.
    const f = linearForecast(1, -1, 10);
    expect(forecastQuantile(f, 0.3)[0]).toBeCloseTo(2, 6);
    expect(forecastQuantile(f, 0.55)[0]).toBeCloseTo(4.5, 6);
    // left tail: (y₁ − y₀)/ln(0.2/0.1) · ln(0.025/0.2) + y₁ = −3 + 1; right: ln(0.2/0.025)/ln 2 + y₈ = 3 + 7.
    expect(forecastQuantile(f, 0.025)[0]).toBeCloseTo(-2, 5);
    expect(forecastQuantile(f, 0.975)[0]).toBeCloseTo(10, 5);
  });
});

describe('seasonal error (masked)', () => {
  it('mean |y_t − y_{t−m}| over pairs with both ends present; m = 1 when the history is shorter than m', () => {
    expect(seasonalError([1, 2, 4, 7], 1)).toBe(2);
    expect(seasonalError([1, Number.NaN, 3, 4, 6], 1)).toBe(1.5); // pairs (3,4), (4,6)
    expect(seasonalError([1, 5, 2, 6], 2)).toBe(1);
    expect(seasonalError([1, 3], 24)).toBe(2);
    expect(seasonalError([5, 5, 5], 1)).toBe(0);
    expect(seasonalError([Number.NaN, 1], 1)).toBeNaN();
  });
});

describe('GluonTSMetrics (axis=None, masked labels)', () => {
  it('reproduces a hand-computed instance: all 11 metrics', () => {
    // history 1,2,3,4 (seasonal error 1); labels 5, NaN (masked), 8; quantile q = 10q − 1, mean 4.
    const m = new GluonTSMetrics(1);
    m.update([1, 2, 3, 4], [5, Number.NaN, 8], linearForecast(3, -1, 10, [4, 4, 4]));
    const r = m.result();
    expect(r['MSE[mean]']).toBeCloseTo(8.5, 10); // (1² + 4²)/2
    expect(r['MSE[0.5]']).toBeCloseTo(8.5, 5);
    expect(r['MAE[0.5]']).toBeCloseTo(2.5, 5);
    expect(r['MASE[0.5]']).toBeCloseTo(2.5, 5);
    expect(r['MAPE[0.5]']).toBeCloseTo((1 / 5 + 4 / 8) / 2, 6);
    expect(r['sMAPE[0.5]']).toBeCloseTo((2 / 9 + 8 / 12) / 2, 6);
    // interval [−2, 10] holds both labels: width 12 / seasonal error 1
    expect(r.MSIS).toBeCloseTo(12, 4);
    expect(r['RMSE[mean]']).toBeCloseTo(Math.sqrt(8.5), 10);
    expect(r['NRMSE[mean]']).toBeCloseTo(Math.sqrt(8.5) / 6.5, 10);
    expect(r['ND[0.5]']).toBeCloseTo(5 / 13, 6);
    // Σ_q QL_q: label 5 → 9.0, label 8 → 24.0 (2|(y − ŷ_q)(1{ŷ_q ≥ y} − q)| summed by hand); /Σ|y| = 13, /9 levels
    expect(r.mean_weighted_sum_quantile_loss).toBeCloseTo(33 / 13 / 9, 6);
  });

  it('masked division: a constant history leaves MASE and MSIS (numerator and count), zero denominators leave MAPE/sMAPE', () => {
    const m = new GluonTSMetrics(1);
    const flat = (v: number[]): QuantileForecast => ({
      kind: 'quantiles',
      itemId: 'x',
      levels: QUANTILE_LEVELS,
      values: QUANTILE_LEVELS.map(() => Float32Array.from(v)),
    });
    m.update([3, 3, 3], [3, 4], flat([3, 3])); // s = 0: MASE drops both points; AE 0 and 1
    m.update([1, 2, 3], [5], flat([4])); // s = 1: AE 1
    m.update([1, 3], [0], flat([0])); // s = 2: AE 0; MAPE 0/0 and sMAPE 0/0 are masked
    const r = m.result();
    expect(r['MAE[0.5]']).toBeCloseTo(2 / 4, 12);
    expect(r['MASE[0.5]']).toBeCloseTo((1 / 1 + 0 / 2) / 2, 12); // not (1 + 0)/4
    expect(r['MAPE[0.5]']).toBeCloseTo((0 / 3 + 1 / 4 + 1 / 5) / 3, 7); // float32 ratios, as numpy
    expect(r['sMAPE[0.5]']).toBeCloseTo((0 + 2 / 7 + 2 / 9) / 3, 7);
    expect(r.MSIS).toBeCloseTo((40 * 1 + 0) / 2 / 1, 6); // label 5 above a zero-width interval at 4: (2/0.05)·1
  });

  it('a NaN forecast is an error (allow_nan_forecast=False)', () => {
    const m = new GluonTSMetrics(1);
    const f = linearForecast(2, 0, 1);
    const median = f.values[4];
    if (median) median[1] = Number.NaN;
    expect(() => m.update([1, 2], [1, 2], f)).toThrow(ENonFiniteForecast);
  });
});
