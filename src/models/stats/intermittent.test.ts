import { describe, expect, it } from 'vitest';
import { Croston, TSBMethod } from './intermittent.js';
import { expectClose } from './__tests__/assert.js';
import { EModelFitFailed, ETaskSpecInvalid } from '../../errors/index.js';

const DEMAND = Float64Array.from([0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 0, 0, 0, 4, 0, 1, 0, 0, 6, 0]);

describe('Croston', () => {
  it('classic matches forecast::croston (alpha = 0.1): forecast and one-step fitted values', () => {
    const f = new Croston('classic').fit(DEMAND, 1);
    expectClose(f.forecast(3, []).mean, [1.06350029856006, 1.06350029856006, 1.06350029856006], 1e-13);
    const fitted = Array.from(f.fitted!);
    expect(Number.isNaN(fitted[0])).toBe(true);
    expectClose(
      fitted.slice(1),
      [
        0, 0, 1, 1, 1, 1, 1.03225806451613, 1.03225806451613, 1.03010033444816, 1.03010033444816, 1.03010033444816, 1.03010033444816,
        1.03010033444816, 0.994045753682231, 0.994045753682231, 0.961880269540024, 0.961880269540024, 0.961880269540024, 1.06350029856006,
      ],
      1e-13,
    );
  });

  it('SBA scales the classic forecast by 1 − α/2 = 0.95', () => {
    const fc = new Croston('sba').fit(DEMAND, 1).forecast(2, []);
    expectClose(fc.mean, [0.95 * 1.06350029856006, 0.95 * 1.06350029856006], 1e-13);
  });

  it('forecasts zero without demand and keeps quantiles non-negative and ordered', () => {
    const zero = new Croston().fit(new Float64Array(5), 1).forecast(2, [0.1, 0.9]);
    expect(Array.from(zero.mean)).toEqual([0, 0]);
    const fc = new Croston().fit(DEMAND, 1).forecast(2, [0.1, 0.5, 0.9]);
    expect(fc.quantiles[0][0]).toBe(0);
    expect(fc.quantiles[1][0]).toBeCloseTo(fc.mean[0], 14);
    expect(fc.quantiles[2][0]).toBeGreaterThan(fc.mean[0]);
  });

  it('rejects negative data and bad smoothing weights', () => {
    expect(() => new Croston().fit(Float64Array.from([1, -1, 2]), 1)).toThrow(EModelFitFailed);
    expect(() => new Croston('classic', 0)).toThrow(ETaskSpecInvalid);
  });
});

describe('TSB', () => {
  it('forecast = smoothed demand probability × smoothed demand size', () => {
    // sizes 2, 4 → level 2, then 0.5·4 + 0.5·2 = 3; indicators 0,1,0,1 → 0, 0.5, 0.25, 0.625.
    const fc = new TSBMethod(0.5, 0.5).fit(Float64Array.from([0, 2, 0, 4]), 1).forecast(2, []);
    expectClose(fc.mean, [1.875, 1.875], 1e-15);
  });

  it('decays towards zero through trailing zeros (unlike Croston)', () => {
    const a = new TSBMethod(0.1, 0.2).fit(Float64Array.from([5, 0, 5, 0, 5, 0, 0, 0, 0, 0]), 1).forecast(1, []).mean[0];
    const b = new TSBMethod(0.1, 0.2).fit(Float64Array.from([5, 0, 5, 0, 5]), 1).forecast(1, []).mean[0];
    expect(a).toBeLessThan(b);
    expect(new TSBMethod().fit(new Float64Array(4), 1).forecast(1, []).mean[0]).toBe(0);
  });
});
