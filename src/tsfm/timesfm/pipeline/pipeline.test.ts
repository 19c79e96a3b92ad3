import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETSFMForecastConfigInvalid, ETSFMInputInvalid } from '../../../errors/index.js';
import { loadTimesFMModel, type TimesFMOnnxModel } from '../model/load.js';
import { compileForecastConfig } from './forecastConfig.js';
import { cleanSeries } from './inputs.js';
import { TimesFM2p5Pipeline } from './pipeline.js';
import { timesfmDims, parseTimesFM2p5Config } from '../config.js';

const checkpoint = fileURLToPath(new URL('../../../../test/fixtures/timesfm2p5/checkpoints/seed-20250925', import.meta.url));
const dims = timesfmDims(parseTimesFM2p5Config({}));

describe('TimesFM input preparation (upstream strip_leading_nans + np.interp)', () => {
  it('strips leading NaNs, interpolates interior runs linearly, holds the last value at the end', () => {
    expect([...cleanSeries([NaN, NaN, 1, NaN, NaN, 4, 5, NaN], 0)]).toEqual([1, 2, 3, 4, 5, 5]);
  });
  it('turns an all-NaN series into zeros of the same length', () => {
    expect([...cleanSeries([NaN, NaN, NaN], 0)]).toEqual([0, 0, 0]);
  });
  it('rejects empty series and ±Infinity with typed errors naming the series', () => {
    expect(() => cleanSeries([], 3)).toThrow(ETSFMInputInvalid);
    expect(() => cleanSeries([1, Infinity], 2)).toThrow(/Series 2 contains ±Infinity at position 1/);
  });
});

describe('compile(): upstream ForecastConfig rounding and limits', () => {
  it('rounds max_context up to whole input patches and max_horizon to whole output patches', () => {
    const fc = compileForecastConfig({ maxContext: 250, maxHorizon: 200 }, dims, 16384);
    expect([fc.maxContext, fc.maxHorizon]).toEqual([256, 256]);
    expect(fc.forceFlipInvariance).toBe(true);
    expect(fc.inferIsPositive).toBe(true);
  });
  it('raises where upstream raises, with typed errors', () => {
    expect(() => compileForecastConfig({ maxContext: 16000, maxHorizon: 512 }, dims, 16384)).toThrow(
      /Context \+ horizon must be less than the context limit/,
    );
    expect(() => compileForecastConfig({ maxContext: 512, maxHorizon: 1100, useContinuousQuantileHead: true }, dims, 16384)).toThrow(
      ETSFMForecastConfigInvalid,
    );
    expect(() => compileForecastConfig({ maxContext: 512, windowSize: 4 }, dims, 16384)).toThrow(/window_size/);
    expect(() => compileForecastConfig({ maxContext: 0, maxHorizon: 128 }, dims, 16384)).toThrow(/maxContext must be at least 1/);
  });
});

describe('TimesFM2p5Pipeline on the fixture checkpoint', () => {
  let model: TimesFMOnnxModel;
  beforeAll(async () => {
    model = await loadTimesFMModel(checkpoint, { intraOpNumThreads: 1 });
  });
  afterAll(async () => model.dispose());

  const series = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i / 5 + seed) * 3 + seed + 0.01 * i);

  it('is flip invariant when forced: forecast(−x) = −forecast(x) with the quantiles mirrored', async () => {
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 128, maxHorizon: 128, forceFlipInvariance: true, inferIsPositive: false });
    const x = series(100, 1);
    const a = await p.forecast(48, [x]);
    const b = await p.forecast(48, [x.map((v) => -v)]);
    for (let t = 0; t < 48; t++) {
      expect(b.quantiles[t * 10]).toBeCloseTo(-a.quantiles[t * 10], 5);
      for (let k = 1; k < 10; k++) expect(b.quantiles[t * 10 + k]).toBeCloseTo(-a.quantiles[t * 10 + (10 - k)], 5);
    }
    // Without the flag the network is not odd, so the identity does not hold.
    p.compile({ maxContext: 128, maxHorizon: 128, forceFlipInvariance: false, inferIsPositive: false });
    const c = await p.forecast(48, [x]);
    const d = await p.forecast(48, [x.map((v) => -v)]);
    expect(Math.abs(d.point[0] + c.point[0])).toBeGreaterThan(1e-3);
  });

  it('gives every series the same forecast alone or in a batch split over several decode calls', async () => {
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 96, maxHorizon: 200, perCoreBatchSize: 1 });
    const all = Array.from({ length: 70 }, (_, i) => series(40 + i, i));
    const batch = await p.forecast(150, all);
    expect([batch.series, batch.length, batch.channels]).toEqual([70, 150, 10]);
    for (const i of [0, 63, 64, 69]) {
      const alone = await p.forecast(150, [all[i]]);
      const got = batch.quantiles.subarray(i * 1500, (i + 1) * 1500);
      for (let j = 0; j < 1500; j += 37) expect(got[j]).toBeCloseTo(alone.quantiles[j], 4);
      expect(batch.point[i * 150 + 149]).toBe(batch.quantiles[(i * 150 + 149) * 10 + 5]);
    }
  });

  it('rejects forecast() before compile() and horizons beyond max_horizon', async () => {
    const p = new TimesFM2p5Pipeline(model);
    await expect(p.forecast(10, [[1, 2, 3]])).rejects.toThrow(/not compiled/);
    p.compile({ maxContext: 64, maxHorizon: 128 });
    await expect(p.forecast(129, [[1, 2, 3]])).rejects.toThrow(ETSFMInputInvalid);
    await expect(p.forecast(0, [[1, 2, 3]])).rejects.toThrow(/positive integer/);
  });
});
