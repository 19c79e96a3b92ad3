import { describe, expect, it } from 'vitest';
import { EModelFitFailed, EModelPredictFailed, ESeriesTooShort } from '../../../errors/index.js';
import { ets } from './ets.js';
import { fitEtsModel } from './fitModel.js';
import { forecastEts } from './forecast.js';
import { AutoETSMethod, ETSModel } from './model.js';

function seasonalSeries(n: number, m: number, level = 50): Float64Array {
  const y = new Float64Array(n);
  let noise = 0.3;
  for (let t = 0; t < n; t++) {
    noise = (noise * 9301 + 49297) % 233280; // deterministic pseudo-noise
    y[t] = level + 0.05 * t + 8 * Math.sin((2 * Math.PI * t) / m) + (noise / 233280 - 0.5);
  }
  return y;
}

describe('AutoETS (UnivariateModel)', () => {
  it('fits, names the selected model and forecasts ordered quantiles', () => {
    const model = new AutoETSMethod();
    expect(model.name).toBe('AutoETS');
    const fitted = model.fit(seasonalSeries(96, 12), 12);
    expect(fitted.spec).toMatch(/^ETS\([AM],(N|A|Ad),[NAM]\)$/);
    expect(fitted.spec).toContain(',A)'); // strong additive-looking season is kept
    expect(fitted.sigma).toBeGreaterThan(0);
    expect(fitted.fitted).toHaveLength(96);
    const fc = fitted.forecast(24, [0.1, 0.5, 0.9]);
    expect(fc.mean).toHaveLength(24);
    expect(fc.quantiles).toHaveLength(3);
    for (let t = 0; t < 24; t++) {
      expect(fc.quantiles[0][t]).toBeLessThan(fc.quantiles[1][t]);
      expect(fc.quantiles[1][t]).toBeCloseTo(fc.mean[t], 10); // symmetric Gaussian intervals
      expect(fc.quantiles[2][t]).toBeGreaterThan(fc.quantiles[1][t]);
    }
    // The seasonal pattern is forecast: peak and trough a half season apart.
    const spread = Math.max(...fc.mean.slice(0, 12)) - Math.min(...fc.mean.slice(0, 12));
    expect(spread).toBeGreaterThan(10);
  });

  it('ignores seasonality above m = 24, as R does, and reports it', () => {
    const warnings: string[] = [];
    const fitted = new ETSModel('ETS', { onWarning: (w) => warnings.push(w) }).fit(seasonalSeries(200, 52), 52);
    expect(fitted.spec).toMatch(/,N\)$/);
    expect(warnings[0]).toContain('greater than 24');
  });

  it('fits R ses/holt settings through ETSModel', () => {
    const y = seasonalSeries(60, 1);
    const ses = new ETSModel('SES', { model: 'ANN', optCrit: 'mse' }).fit(y, 1);
    expect(ses.spec).toBe('ETS(A,N,N)');
    const damped = new ETSModel('Damped', { model: 'AAN', damped: true, optCrit: 'mse' }).fit(y, 1);
    expect(damped.spec).toBe('ETS(A,Ad,N)');
  });

  it('handles constant, one-point and very short series like R', () => {
    const constant = ets(new Float64Array(20).fill(4.2), 1);
    expect(constant.par.alpha).toBe(0.99999);
    expect(Array.from(forecastEts(constant, 3).mean)).toEqual([4.2, 4.2, 4.2]);
    const one = ets(Float64Array.of(7), 1);
    expect(forecastEts(one, 2).mean[0]).toBe(7);
    const short = ets(Float64Array.of(1, 3, 2, 4), 1);
    expect(short.method).toMatch(/^ETS\(A,(N|A),N\)$/);
    expect(Number.isFinite(forecastEts(short, 5, [0.05, 0.95]).quantiles[1][4])).toBe(true);
  });

  it('fits Holt–Winters to series too short for the state-space fit, like R', () => {
    // R: y <- ts(c(12,15,11,14,13,17,12,16,14,18), frequency = 4); forecast(ets(y, "AAA"), 4) and
    // ets(y, "MAM"): n = 10 <= 8 parameters + 4, so R uses HoltWintersZZ (L-BFGS-B; we Nelder–Mead).
    const y = Float64Array.of(12, 15, 11, 14, 13, 17, 12, 16, 14, 18);
    const aaa = ets(y, 4, { model: 'AAA' });
    expect(aaa.method).toBe('ETS(A,A,A)');
    expect(aaa.par.gamma).toBe(0);
    const fc = forecastEts(aaa, 4, [0.975]);
    const rMean = [14.1036124086, 17.4637769035, 15.8239413985, 19.1841058935];
    const rUpper95 = [15.2389326662, 18.7345061961, 17.2248907476, 20.711651644];
    for (let t = 0; t < 4; t++) {
      expect(Math.abs(fc.mean[t] / rMean[t] - 1)).toBeLessThan(1e-4);
      expect(Math.abs(fc.quantiles[0][t] / rUpper95[t] - 1)).toBeLessThan(1e-4);
    }
    const mam = forecastEts(ets(y, 4, { model: 'MAM' }), 4).mean;
    const rMam = [13.5159835752, 17.6060070677, 15.4370170471, 19.7289636165];
    for (let t = 0; t < 4; t++) expect(Math.abs(mam[t] / rMam[t] - 1)).toBeLessThan(1e-4);
  });

  it('uses multiplicative components only for positive data', () => {
    const y = seasonalSeries(80, 4, 0).map((v) => v - 10);
    expect(y.some((v) => v <= 0)).toBe(true);
    expect(ets(y, 4).spec.error).toBe('A');
    expect(() => ets(y, 4, { model: 'MNN' })).toThrow(EModelFitFailed);
  });
});

describe('typed errors', () => {
  const y = seasonalSeries(40, 4);
  it.each([
    ['empty series', () => ets(new Float64Array(0), 1), ESeriesTooShort],
    ['NaN value', () => ets(Float64Array.of(1, Number.NaN, 3, 4, 5, 6, 7, 8), 1), EModelFitFailed],
    ['infinite value', () => ets(Float64Array.of(1, 2, Infinity, 4, 5, 6, 7, 8), 1), EModelFitFailed],
    ['season length 0', () => ets(y, 0), EModelFitFailed],
    ['fractional season length', () => ets(y, 2.5), EModelFitFailed],
    ['bad model string', () => ets(y, 4, { model: 'XYZ' }), EModelFitFailed],
    ['forbidden combination A,N,M', () => ets(y, 4, { model: 'ANM' }), EModelFitFailed],
    ['seasonal model for m = 1', () => ets(y, 1, { model: 'ANA' }), EModelFitFailed],
    ['seasonal model for m > 24', () => ets(seasonalSeries(100, 30), 30, { model: 'ANA' }), EModelFitFailed],
    ['damped without trend', () => ets(y, 4, { model: 'ANN', damped: true }), EModelFitFailed],
    ['nmse out of range', () => ets(y, 4, { nmse: 31 }), EModelFitFailed],
  ])('%s', (_name, run, ErrorClass) => {
    expect(run).toThrow(ErrorClass);
  });

  it('rejects bad horizons and quantiles', () => {
    const fit = ets(y, 4);
    expect(() => forecastEts(fit, 0)).toThrow(EModelPredictFailed);
    expect(() => forecastEts(fit, 2.5)).toThrow(EModelPredictFailed);
    expect(() => forecastEts(fit, 3, [1.2])).toThrow(EModelPredictFailed);
    expect(() => forecastEts(fit, 3, [0])).toThrow(EModelPredictFailed);
  });

  it('refuses seasonal specifications with m outside 2..24', () => {
    expect(() => fitEtsModel(seasonalSeries(120, 30), 30, { error: 'A', trend: 'N', damped: false, season: 'A' })).toThrow(EModelFitFailed);
    expect(() => fitEtsModel(seasonalSeries(120, 1), 1, { error: 'A', trend: 'N', damped: false, season: 'A' })).toThrow(EModelFitFailed);
  });

  it('returns null for a specification with more parameters than data', () => {
    expect(fitEtsModel(seasonalSeries(14, 12), 12, { error: 'A', trend: 'A', damped: true, season: 'A' })).toBeNull();
  });
});
