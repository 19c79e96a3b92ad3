import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETaskSpecInvalid } from '../../errors/index.js';
import { loadTimesFMModel, type TimesFMOnnxModel } from './model/load.js';
import { timesfmFamily } from './family.js';
import { loadTimesFMForecaster, timesfmForecaster } from './forecaster.js';
import { TimesFM2p5Pipeline } from './pipeline/pipeline.js';

const checkpoint = fileURLToPath(new URL('../../../test/fixtures/timesfm2p5/checkpoints/seed-20250925', import.meta.url));

describe('TimesFM forecaster (the family-neutral face the adapter uses)', () => {
  let model: TimesFMOnnxModel;
  beforeAll(async () => {
    model = await loadTimesFMModel(checkpoint, { intraOpNumThreads: 1 });
  });
  afterAll(async () => model.dispose());

  const items = [
    { target: Float64Array.from({ length: 90 }, (_, i) => 10 + Math.sin(i / 4) + 0.05 * i) },
    { target: Float64Array.from({ length: 30 }, (_, i) => (i < 5 ? Number.NaN : 3 + (i % 7))) },
  ];

  it("returns the model's levels 0.1…0.9 and upstream's point forecast, equal to the pipeline with README's flags", async () => {
    const f = timesfmForecaster(model);
    const out = await f.forecast(items, { h: 12, quantileLevels: [0.1, 0.5, 0.9] });
    expect(out).toHaveLength(2);
    expect(out[0].levels).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(out[0].quantiles).toHaveLength(12 * 9);
    // The forecaster compiles a context no longer than the longest series (96 here); upstream with
    // README's max_context 1024 pads more, which changes nothing but rounding.
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 1024, maxHorizon: 12, normalizeInputs: true, useContinuousQuantileHead: true, fixQuantileCrossing: true });
    const ref = await p.forecast(
      12,
      items.map((it) => it.target),
    );
    for (let i = 0; i < 2; i++) {
      for (let t = 0; t < 12; t++) {
        const scale = 1e-4 * Math.max(1, Math.abs(ref.point[i * 12 + t]));
        expect(Math.abs(out[i].mean[t] - ref.point[i * 12 + t])).toBeLessThan(scale);
        expect(Math.abs(out[i].quantiles[t * 9 + 4] - ref.quantiles[(i * 12 + t) * 10 + 5])).toBeLessThan(scale);
        expect(out[i].quantiles[t * 9 + 4]).toBe(out[i].mean[t]);
        // fix_quantile_crossing is on by default: monotone levels.
        for (let k = 1; k < 9; k++) expect(out[i].quantiles[t * 9 + k]).toBeGreaterThanOrEqual(out[i].quantiles[t * 9 + k - 1]);
      }
    }
  });

  it('honours contextLength (keeps the last steps) and adapter forecastConfig overrides', async () => {
    const f = timesfmForecaster(model, { fixQuantileCrossing: false, useContinuousQuantileHead: false });
    const cut = await f.forecast([items[0]], { h: 8, quantileLevels: [0.5], contextLength: 32 });
    const last32 = await f.forecast([{ target: items[0].target.subarray(50) }], { h: 8, quantileLevels: [0.5], contextLength: 32 });
    expect([...cut[0].mean]).toEqual([...last32[0].mean]);
    const full = await f.forecast([items[0]], { h: 8, quantileLevels: [0.5] });
    expect([...full[0].mean]).not.toEqual([...cut[0].mean]);
  });

  it('uses future-known covariates through the in-context regression; an item with incomplete covariates comes back NaN', async () => {
    const c = Float64Array.from({ length: 70 }, (_, t) => Math.sin(t / 3) + (t % 5));
    const target = Float64Array.from({ length: 64 }, (_, t) => (t < 3 ? Number.NaN : 10 + 3 * c[t]));
    const f = timesfmForecaster(model);
    const out = await f.forecast(
      [
        { target, pastCovariates: { c: c.subarray(0, 64) }, futureCovariates: { c: c.subarray(64) } },
        {
          target,
          pastCovariates: { c: c.subarray(0, 64).map((v, t) => (t === 10 ? Number.NaN : v)) },
          futureCovariates: { c: c.subarray(64) },
        },
      ],
      { h: 6, quantileLevels: [0.5] },
    );
    expect(f.covariates).toEqual({ past: false, futureKnown: true });
    for (let t = 0; t < 6; t++) expect(out[0].mean[t]).toBeCloseTo(10 + 3 * c[64 + t], 3);
    expect([...out[1].mean].every(Number.isNaN)).toBe(true);
  });

  it('rejects malformed adapter options with a typed error', async () => {
    await expect(loadTimesFMForecaster(checkpoint, { engine: {}, options: { forecastConfig: 3 } })).rejects.toThrow(ETaskSpecInvalid);
    await expect(loadTimesFMForecaster(checkpoint, { engine: {}, options: { xregMode: 'xreg only' } })).rejects.toThrow(/xregMode/);
  });

  it('the family descriptor recognises the fixture config and names the published checkpoint', () => {
    expect(timesfmFamily.detect({ model_family: 'timesfm-2.5' })).toBe('timesfm2p5');
    expect(timesfmFamily.detect({ chronos_pipeline_class: 'Chronos2Pipeline' })).toBeUndefined();
    expect(timesfmFamily.models[0]).toMatchObject({ id: 'google/timesfm-2.5-200m-pytorch', parameters: 231_289_280 });
    expect(timesfmFamily.licence.spdx).toBe('Apache-2.0');
  });
});
