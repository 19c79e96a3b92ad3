import { describe, expect, it } from 'vitest';
import { createStatisticalModel } from '../registry.js';
import { ThetaMethod } from './theta.js';
import { AIR_PASSENGERS, NILE, WWW_USAGE } from './__tests__/series.js';
import { expectClose } from './__tests__/assert.js';

// Expected values: R 4, forecast 8.20, with the M4 competition's benchmark code (SeasonalityTest,
// decompose(type = "multiplicative"), naive / ses / holt on the adjusted series × the last seasonal
// indices, Theta.classic).
describe('M4 benchmark recipe on AirPassengers (seasonal, m = 12, h = 14)', () => {
  it('Naive2 = naive on the seasonally adjusted series × seasonal indices', () => {
    const fc = createStatisticalModel('Naive2').fit(AIR_PASSENGERS, 12).forecast(14, []);
    expectClose(
      fc.mean,
      [
        437.482029956205, 424.694904581234, 484.168254771089, 469.047571495585, 471.677574175491, 534.831010909108, 589.516706990022,
        586.323140173464, 509.70191731342, 443.022165724692, 385.068468834488, 432, 437.482029956205, 424.694904581234,
      ],
      1e-10,
    );
  });

  it('SES on the adjusted series', () => {
    const fc = createStatisticalModel('SES').fit(AIR_PASSENGERS, 12).forecast(14, [0.1, 0.9]);
    expectClose(
      fc.mean,
      [
        438.640655838485, 425.81966508527, 485.450524288335, 470.289795447983, 472.926763417814, 536.247455493008, 591.077980980689,
        587.875956332913, 511.051810093487, 444.195464083218, 386.088282824302, 433.144107293264, 438.640655838485, 425.81966508527,
      ],
      1e-8,
    );
    for (let i = 0; i < 14; i++) {
      expect(fc.quantiles[0][i]).toBeLessThan(fc.mean[i]);
      expect(fc.quantiles[1][i]).toBeGreaterThan(fc.mean[i]);
    }
  });

  it('Theta on the adjusted series', () => {
    const fc = createStatisticalModel('Theta').fit(AIR_PASSENGERS, 12).forecast(14, []);
    expectClose(
      fc.mean,
      [
        440.93423770384, 429.215305864677, 490.654498952892, 476.622440421123, 480.593347708707, 546.412807209407, 603.905543570914,
        602.248055801417, 524.948855649712, 457.4940322421, 398.707220613574, 448.490228357169, 455.385815555247, 443.244479765297,
      ],
      1e-8,
    );
  });

  it('Comb = mean of SES, Holt and Damped on the adjusted series', () => {
    const fc = createStatisticalModel('Comb').fit(AIR_PASSENGERS, 12).forecast(14, [0.5]);
    const expected = [
      441.038954137986, 429.375284663748, 490.892189085575, 476.895671998953, 480.900854402033, 546.786987466186, 604.333533466225,
      602.676952674139, 525.314079835275, 457.79596816503, 398.948612374323, 448.729110306333, 455.587137828783, 443.392658966538,
    ];
    expectClose(fc.mean, expected, 1e-8);
    expectClose(fc.quantiles[0], expected, 1e-8);
  });

  it('leaves a non-seasonal series alone (SES on WWWusage with m = 12 equals plain SES)', () => {
    const a = createStatisticalModel('SES').fit(WWW_USAGE, 12).forecast(3, []);
    expectClose(a.mean, [220.000200176543, 220.000200176543, 220.000200176543], 1e-8);
  });
});

describe('Theta (M4 Theta.classic)', () => {
  it.each([
    [
      'WWWusage',
      WWW_USAGE,
      [220.309627994016, 220.61902493371, 220.928421873404, 221.237818813098, 221.547215752792, 221.856612692486],
      0.999899969037257,
      [105.830909090909, 0.618793879387939],
    ],
    [
      'Nile',
      NILE,
      [808.115806100158, 806.758653384886, 805.401500669615, 804.044347954343, 802.687195239072, 801.3300425238],
      0.219639026846907,
      [1056.42242424242, -2.71430543054305],
    ],
  ] as const)('matches R on %s', (_name, y, mean, alpha, coef) => {
    const f = new ThetaMethod().fit(y, 1);
    expect(f.alpha).toBeCloseTo(alpha, 7);
    expect(f.intercept).toBeCloseTo(coef[0], 8);
    expect(f.slope).toBeCloseTo(coef[1], 10);
    const fc = f.forecast(6, [0.025, 0.975]);
    expectClose(fc.mean, [...mean], 1e-8);
    // thetaf-style widths: se_h = σ·sqrt(1 + (h−1)α²), symmetric around the mean.
    const w1 = fc.quantiles[1][0] - fc.mean[0];
    const w3 = fc.quantiles[1][2] - fc.mean[2];
    expect(w1).toBeCloseTo(1.959963984540054 * f.sigma!, 8);
    expect(w3 / w1).toBeCloseTo(Math.sqrt(1 + 2 * alpha * alpha), 6);
  });

  it('sets negative forecasts of non-negative data to zero, as M4 does', () => {
    const falling = Float64Array.from({ length: 20 }, (_, t) => 40 - 2 * t + (t % 2));
    const fc = new ThetaMethod().fit(falling, 1).forecast(30, [0.1]);
    expect(Math.min(...fc.mean)).toBe(0);
    expect(Math.min(...fc.quantiles[0])).toBe(0);
  });
});

describe('seasonal adjustment outside the M4 data', () => {
  it('uses the additive decomposition for a seasonal series with non-positive values', () => {
    // AirPassengers shifted down by 300: same seasonal swings, many negative values.
    const shifted = AIR_PASSENGERS.map((v) => v - 300);
    const model = createStatisticalModel('Naive2');
    const f = model.fit(shifted, 12) as ReturnType<typeof model.fit> & { decomposition?: { type: string } };
    expect(f.decomposition?.type).toBe('additive');
    const fc = f.forecast(12, []);
    // Additive seasonal naive on the adjusted series: the forecast keeps the seasonal shape, so the
    // July peak (step 7) is well above the November trough (step 11).
    expect(fc.mean[6] - fc.mean[10]).toBeGreaterThan(100);
  });
});
