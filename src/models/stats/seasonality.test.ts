import { seasonalityTest as routerSeasonalityTest } from '../../router/seasonality.js';
import { describe, expect, it } from 'vitest';
import { autocorrelations, defaultAcfLags, seasonalityTest } from './seasonality.js';
import { decompose, seasonalIndex } from './decompose.js';
import { AIR_PASSENGERS, NILE, WWW_USAGE } from './__tests__/series.js';
import { expectClose } from './__tests__/assert.js';
import { EModelFitFailed } from '../../errors/index.js';

// Expected values from R 4.x: acf(AirPassengers), decompose(AirPassengers, "multiplicative") and
// the M4 benchmarks' SeasonalityTest().
describe('autocorrelations', () => {
  it('matches R acf() on AirPassengers (lags 1..12) and its default lag.max', () => {
    expect(defaultAcfLags(144)).toBe(21);
    expectClose(
      autocorrelations(AIR_PASSENGERS, 12),
      [
        0.948047340752492, 0.87557483512535, 0.8066811554965, 0.752625417388308, 0.713769972651965, 0.681733603331004, 0.66290438636845,
        0.655610484325087, 0.670948327924505, 0.702719920909072, 0.743240189006933, 0.760395042262556,
      ],
      1e-12,
    );
  });
});

describe('M4 seasonality test (90% ACF limit)', () => {
  it('agrees with the M4 benchmark code on R datasets', () => {
    const ap = seasonalityTest(AIR_PASSENGERS, 12);
    expect(ap.seasonal).toBe(true);
    expect(ap.limit).toBeCloseTo(0.502649015723107, 12);
    expect(seasonalityTest(WWW_USAGE, 12).seasonal).toBe(false);
    expect(seasonalityTest(NILE, 4).seasonal).toBe(true);
    expect(seasonalityTest(AIR_PASSENGERS, 5).seasonal).toBe(true);
  });

  it("is false for m = 1 and for fewer than 3 seasons; tests lag m even where R's default lag.max stops short", () => {
    expect(seasonalityTest(AIR_PASSENGERS, 1).seasonal).toBe(false);
    expect(seasonalityTest(AIR_PASSENGERS.slice(0, 35), 12).seasonal).toBe(false);
    // n = 100 gives R's lag.max = 20 < 24; the cycle is still tested, and found.
    const hourlyLike = Float64Array.from({ length: 100 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 24));
    expect(seasonalityTest(hourlyLike, 24).seasonal).toBe(true);
    expect(seasonalityTest(hourlyLike.subarray(0, 71), 24).seasonal).toBe(false); // fewer than 3·24
  });

  it("is the router's test too: both answer the same on the same series", () => {
    const sixDays = Float64Array.from({ length: 144 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 24) + ((t * 7919) % 13) / 50);
    for (const y of [AIR_PASSENGERS, sixDays, AIR_PASSENGERS.slice(0, 40)]) {
      for (const m of [4, 12, 24]) expect(routerSeasonalityTest(y, m)).toEqual(seasonalityTest(y, m));
    }
  });
});

describe('classical decomposition', () => {
  it('matches decompose(AirPassengers, "multiplicative"): figure and centred 2x12 moving average', () => {
    const d = decompose(AIR_PASSENGERS, 12, 'multiplicative');
    expectClose(
      d.figure,
      [
        0.910230367372201, 0.883625320694376, 1.00736628760355, 0.975906012322847, 0.981378027495129, 1.11277582667927, 1.2265555429312,
        1.21991096944562, 1.06049193264682, 0.921757240410498, 0.801178082413474, 0.898824389985011,
      ],
      1e-12,
    );
    expect(d.trend[6]).toBeCloseTo(126.791666666667, 10);
    expect(d.trend[7]).toBeCloseTo(127.25, 10);
    expect(Number.isNaN(d.trend[5])).toBe(true);
    expect(seasonalIndex(d, 144)).toBe(d.figure[0]);
  });

  it('additive figures sum to zero; fewer than two seasons is a fit failure', () => {
    const d = decompose(AIR_PASSENGERS, 12, 'additive');
    expect(d.figure.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
    expect(() => decompose(AIR_PASSENGERS.slice(0, 20), 12, 'multiplicative')).toThrow(EModelFitFailed);
  });
});
