import { describe, expect, it } from 'vitest';
import { NaiveMethod, SeasonalNaiveMethod } from './naive.js';
import { AIR_PASSENGERS } from './__tests__/series.js';
import { expectClose } from './__tests__/assert.js';
import { EContractNonFinite, EModelFitFailed, ESeriesTooShort, ETaskSpecInvalid } from '../../errors/index.js';

// forecast 8.20's naive()/snaive() use the same intervals as statsforecast (σ² = mean squared
// lag-k residual; se = σ·sqrt(h) resp. σ·sqrt(floor((h−1)/m) + 1)), so R's numbers check both.
describe('Naive', () => {
  it('matches forecast::naive(AirPassengers, h = 4) with 80% / 95% intervals', () => {
    const fc = new NaiveMethod().fit(AIR_PASSENGERS, 12).forecast(4, [0.1, 0.5, 0.975]);
    expectClose(fc.mean, [432, 432, 432, 432], 1e-12);
    expectClose(fc.quantiles[0], [388.798373836008, 370.90367436231, 357.172588514369, 345.596747672016], 1e-12);
    expectClose(fc.quantiles[1], [432, 432, 432, 432], 1e-12);
    expectClose(fc.quantiles[2], [498.071185609301, 525.438766770744, 546.438650391623, 564.142371218602], 1e-12);
  });

  it('has one-step fitted values y[t-1] and a zero-width interval on a single observation', () => {
    const f = new NaiveMethod().fit(Float64Array.from([5]), 1);
    expect(Number.isNaN(f.fitted![0])).toBe(true);
    const fc = f.forecast(2, [0.05, 0.95]);
    expectClose(fc.quantiles[0], [5, 5], 0);
  });
});

describe('SeasonalNaive', () => {
  it('matches forecast::snaive(AirPassengers, h = 14): the interval widens once per season', () => {
    const fc = new SeasonalNaiveMethod().fit(AIR_PASSENGERS, 12).forecast(14, [0.1, 0.975]);
    expectClose(fc.mean, [417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432, 417, 391], 1e-12);
    expectClose(
      fc.quantiles[0],
      [
        370.459500169063, 344.459500169063, 372.459500169063, 414.459500169063, 425.459500169063, 488.459500169063, 575.459500169063,
        559.459500169063, 461.459500169063, 414.459500169063, 343.459500169063, 385.459500169063, 351.181793939467, 325.181793939467,
      ],
      1e-12,
    );
    expectClose(
      fc.quantiles[1],
      [
        488.177552229328, 462.177552229328, 490.177552229328, 532.177552229328, 543.177552229328, 606.177552229328, 693.177552229328,
        677.177552229328, 579.177552229328, 532.177552229328, 461.177552229328, 503.177552229328, 517.660259699235, 491.660259699235,
      ],
      1e-12,
    );
  });

  it('rejects a series shorter than one season with a ladder-friendly error', () => {
    expect(() => new SeasonalNaiveMethod().fit(Float64Array.from([1, 2, 3]), 7)).toThrow(EModelFitFailed);
  });
});

describe('input checks', () => {
  it('raises typed errors for empty series, NaN, bad season length, bad h and bad quantiles', () => {
    const naive = new NaiveMethod();
    expect(() => naive.fit(new Float64Array(0), 1)).toThrow(ESeriesTooShort);
    expect(() => naive.fit(Float64Array.from([1, Number.NaN, 3]), 1)).toThrow(EContractNonFinite);
    expect(() => naive.fit(Float64Array.from([1, Infinity]), 1)).toThrow(EContractNonFinite);
    expect(() => naive.fit(Float64Array.from([1, 2]), 0)).toThrow(ETaskSpecInvalid);
    expect(() => naive.fit(Float64Array.from([1, 2]), 1.5)).toThrow(ETaskSpecInvalid);
    const f = naive.fit(Float64Array.from([1, 2, 3]), 1);
    expect(() => f.forecast(0, [])).toThrow(ETaskSpecInvalid);
    expect(() => f.forecast(2.5, [])).toThrow(ETaskSpecInvalid);
    expect(() => f.forecast(2, [0])).toThrow(ETaskSpecInvalid);
    expect(() => f.forecast(2, [1.2])).toThrow(ETaskSpecInvalid);
    try {
      naive.fit(Float64Array.from([1, Number.NaN]), 1);
    } catch (err) {
      expect((err as EContractNonFinite).context).toMatchObject({ model: 'Naive', index: 1 });
    }
  });
});
