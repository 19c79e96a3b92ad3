import { describe, expect, it } from 'vitest';
import { EModelFitFailed, ESeriesTooShort } from '../../../errors/index.js';
import { createStatisticalModel } from '../../registry.js';
import { arima } from './arima.js';
import { kalmanForecast } from './stateSpace.js';
import { AutoARIMAMethod } from './model.js';

/** Deterministic pseudo-random normal draws (LCG + Box–Muller), so the test data are fixed. */
function normals(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('AutoARIMA model', () => {
  it('is registered under its name and forecasts with ordered quantiles', () => {
    const e = normals(72, 3);
    const y = Float64Array.from(e, (_, t) => 50 + 8 * Math.sin((2 * Math.PI * t) / 12) + e[t]);
    const fc = createStatisticalModel('AutoARIMA').fit(y, 12).forecast(12, [0.1, 0.5, 0.9]);
    for (let i = 0; i < 12; i++) {
      expect(fc.quantiles[0][i]).toBeLessThan(fc.quantiles[1][i]);
      expect(fc.quantiles[1][i]).toBeCloseTo(fc.mean[i], 10);
      expect(fc.quantiles[2][i]).toBeGreaterThan(fc.quantiles[1][i]);
    }
    // The seasonal pattern continues: the forecast one period apart moves with the sine.
    expect(fc.mean[2] - fc.mean[8]).toBeGreaterThan(8);
  });

  it('forecasts a random walk from its last value, not from zero (the npm `arima` failure)', () => {
    const e = normals(300, 7);
    const y = new Float64Array(300);
    let level = 1000;
    for (let t = 0; t < 300; t++) y[t] = level += 5 * e[t];
    const fitted = new AutoARIMAMethod().fit(y, 1);
    const f = fitted.forecast(5, []);
    expect(fitted.spec).toMatch(/^ARIMA\(\d,1,\d\)/);
    expect(Math.abs(f.mean[0] - y[299])).toBeLessThan(3 * fitted.sigma);
    // ARIMA(0,1,0) itself forecasts the last value exactly.
    const rw = arima(y, { p: 0, d: 1, q: 0, P: 0, D: 0, Q: 0, period: 1 });
    expect(Array.from(kalmanForecast(3, rw.model).pred)).toEqual([y[299], y[299], y[299]]);
  });

  it('returns the constant for a constant series, with zero-width intervals', () => {
    const fitted = new AutoARIMAMethod().fit(new Float64Array(30).fill(4.25), 1);
    const f = fitted.forecast(3, [0.05, 0.95]);
    expect(Array.from(f.mean)).toEqual([4.25, 4.25, 4.25]);
    expect(Array.from(f.quantiles[0])).toEqual([4.25, 4.25, 4.25]);
  });

  it('continues an exact straight line (constant differences: drift fixed at their mean)', () => {
    const y = Float64Array.from({ length: 30 }, (_, t) => 2 + 0.5 * (t + 1));
    const f = new AutoARIMAMethod().fit(y, 1).forecast(3, []);
    for (let i = 0; i < 3; i++) expect(f.mean[i]).toBeCloseTo(2 + 0.5 * (31 + i), 9);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => new AutoARIMAMethod().fit(new Float64Array(0), 1)).toThrow(ESeriesTooShort);
    expect(() => new AutoARIMAMethod().fit(Float64Array.from([1, 2, Number.NaN, 4]), 1)).toThrow(EModelFitFailed);
    expect(() => new AutoARIMAMethod().fit(Float64Array.from([1, 2, 3, 5]), 0)).toThrow(EModelFitFailed);
  });
});
