import { describe, expect, it } from 'vitest';
import { mae, mase, mse, rmse, seasonalScale, smape, smapeM4, wape } from './point.js';
import { coverage, intervalScore, mqloss, msis, pinball, quantileLossSums, wql } from './probabilistic.js';
import { evaluatePanel, evaluateSeries, intervalLevelsFromQuantiles, meanMetrics, pinballName } from './evaluate.js';
import { EInvalidArgument } from '../errors/index.js';

// Hand-checkable example: y = [1, 2, 3], ŷ = [2, 2, 1] → errors 1, 0, 2.
const y = [1, 2, 3];
const f = [2, 2, 1];

describe('point metrics (utilsforecast / M4 definitions)', () => {
  it('MAE, MSE, RMSE', () => {
    expect(mae(y, f)).toBeCloseTo(1, 12);
    expect(mse(y, f)).toBeCloseTo(5 / 3, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('sMAPE on the 0-1 scale and the M4 percent scale', () => {
    // terms 1/3, 0/4, 2/4
    expect(smape(y, f)).toBeCloseTo((1 / 3 + 0 + 0.5) / 3, 12);
    expect(smapeM4(y, f)).toBeCloseTo((200 * (1 / 3 + 0 + 0.5)) / 3, 10);
    // utilsforecast: 0/0 terms count as 0; the opposite-sign worst case is 1 (M4: 200)
    expect(smape([0, 0], [0, 0])).toBe(0);
    expect(smape([1], [-1])).toBe(1);
    expect(smapeM4([5], [0])).toBe(200);
  });

  it('WAPE = Σ|e| / Σ|y|', () => {
    expect(wape(y, f)).toBeCloseTo(3 / 6, 12);
    expect(wape([0, 0], [1, 1])).toBeNaN();
  });

  it('seasonal scale and MASE', () => {
    const train = [1, 3, 2, 4];
    expect(seasonalScale(train, 1)).toBeCloseTo((2 + 1 + 2) / 3, 12);
    expect(seasonalScale(train, 2)).toBeCloseTo((1 + 1) / 2, 12);
    // GluonTS: lag falls back to 1 when the history is not longer than m
    expect(seasonalScale(train, 4)).toBeCloseTo(5 / 3, 12);
    expect(mase(y, f, train, 1)).toBeCloseTo(1 / (5 / 3), 12);
    expect(mase(y, f, train, 2)).toBeCloseTo(1, 12);
    // constant training data: no scale, NaN rather than Infinity
    expect(mase(y, f, [2, 2, 2], 1)).toBeNaN();
  });

  it('skips missing actuals and propagates missing forecasts', () => {
    expect(mae([1, Number.NaN, 3], [2, 100, 1])).toBeCloseTo(1.5, 12);
    expect(mae([1, 2], [1, Number.NaN])).toBeNaN();
    expect(mae([Number.NaN], [1])).toBeNaN();
    expect(() => mae([1, 2], [1])).toThrow(EInvalidArgument);
  });
});

describe('probabilistic metrics (utilsforecast / GluonTS definitions)', () => {
  it('pinball loss is asymmetric', () => {
    // q = 0.9, y = 10: under-forecast by 2 costs 0.9·2, over-forecast by 2 costs 0.1·2
    expect(pinball([10], [8], 0.9)).toBeCloseTo(1.8, 12);
    expect(pinball([10], [12], 0.9)).toBeCloseTo(0.2, 12);
    expect(pinball([10, 10], [8, 12], 0.5)).toBeCloseTo(1, 12);
    expect(() => pinball([1], [1], 1)).toThrow(EInvalidArgument);
  });

  it('mqloss is the mean of the pinball losses', () => {
    expect(mqloss([10], [[8], [12]], [0.1, 0.9])).toBeCloseTo((0.1 * 2 + 0.1 * 2) / 2, 12);
  });

  it('GluonTS weighted quantile loss: Σ 2ρ / Σ|y|, averaged over levels', () => {
    const s = quantileLossSums([10, -5], [8, -5], 0.9);
    expect(s.loss).toBeCloseTo(2 * 1.8, 12);
    expect(s.absTarget).toBe(15);
    // levels 0.1 (ŷ=8 → ρ=0.1·2) and 0.9 (ŷ=12 → ρ=0.1·2), Σ|y| = 10
    expect(wql([10], [[8], [12]], [0.1, 0.9])).toBeCloseTo(((2 * 0.2) / 10 + (2 * 0.2) / 10) / 2, 12);
    // one level: y = [10, 20], ŷ = [8, 25], q = 0.3 → ρ = 0.3·2 + 0.7·5 = 4.1, wql = 2·4.1 / 30
    expect(wql([10, 20], [[8, 25]], [0.3])).toBeCloseTo((2 * 4.1) / 30, 12);
    expect(wql([10, 20], [[8, 25]], [0.3])).toBeCloseTo((2 * 2 * pinball([10, 20], [8, 25], 0.3)) / 30, 12);
  });

  it('interval score, MSIS and coverage', () => {
    const yy = [10, 0, 5];
    const lo = [4, 4, 4];
    const hi = [6, 6, 6];
    // widths 2+2+2, penalties (2/0.05)·4 above and (2/0.05)·4 below
    expect(intervalScore(yy, lo, hi, 0.05)).toBeCloseTo((6 + 160 + 160) / 3, 10);
    // seasonal scale of [1, 3] at m = 1 is 2
    expect(msis(yy, lo, hi, 0.05, [1, 3], 1)).toBeCloseTo((6 + 160 + 160) / 3 / 2, 10);
    expect(coverage(yy, lo, hi)).toBeCloseTo(1 / 3, 12);
    expect(coverage([4, 6], lo.slice(0, 2), hi.slice(0, 2))).toBe(1);
  });
});

describe('evaluateSeries / evaluatePanel', () => {
  const levels = [0.025, 0.1, 0.5, 0.9, 0.975];
  const series = {
    y: [10, 12],
    mean: [11, 11],
    quantileLevels: levels,
    quantiles: [
      [5, 5],
      [8, 8],
      [11, 11],
      [13, 13],
      [20, 20],
    ],
    train: [8, 9, 10, 11],
    seasonLength: 1,
  };

  it('names the metrics as documented and computes them from the parts', () => {
    const m = evaluateSeries(series);
    expect(Object.keys(m).sort()).toEqual(
      [
        'mae',
        'rmse',
        'smape',
        'smape_m4',
        'wape',
        'mase',
        'mqloss',
        'wql',
        'msis',
        'coverage_80',
        'coverage_95',
        'pinball_0.025',
        'pinball_0.100',
        'pinball_0.500',
        'pinball_0.900',
        'pinball_0.975',
      ].sort(),
    );
    expect(m['mae']).toBeCloseTo(1, 12);
    expect(m['mase']).toBeCloseTo(1, 12); // seasonal scale of 8,9,10,11 is 1
    expect(m['pinball_0.900']).toBeCloseTo((0.1 * 3 + 0.1 * 1) / 2, 12);
    expect(m['coverage_80']).toBe(1);
    expect(m['msis']).toBeCloseTo(15, 12); // interval [5, 20] covers both: width 15, scale 1
  });

  it('finds central intervals from quantile pairs', () => {
    expect(intervalLevelsFromQuantiles([0.1, 0.5, 0.9]).map((i) => i.level)).toEqual([80]);
    expect(intervalLevelsFromQuantiles([0.2, 0.5])).toEqual([]);
    expect(pinballName(0.05)).toBe('pinball_0.050');
  });

  it('aggregates: mean over series (NaN ignored) and panel-pooled WAPE/WQL', () => {
    const a = { id: 'a', y: [10], mean: [8] };
    const b = { id: 'b', y: [1], mean: [2] };
    const ev = evaluatePanel([a, b]);
    expect(ev.mean['mae']).toBeCloseTo(1.5, 12);
    expect(ev.mean['wape']).toBeCloseTo((0.2 + 1) / 2, 12);
    expect(ev.pooled['wape']).toBeCloseTo(3 / 11, 12);
    expect(meanMetrics([{ x: 1 }, { x: Number.NaN }, { x: 3 }])['x']).toBe(2);
  });
});
