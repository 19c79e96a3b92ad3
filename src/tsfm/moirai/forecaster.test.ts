/**
 * The Moirai 2.0 forecaster (what the `moirai` adapter calls): its answer per item is upstream
 * predict() with context = the longest history of the call (capped by the request), levels are the
 * model's own, the mean is the median channel; covariates reach the model.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moiraiFamily } from './family.js';
import { moirai2Forecaster } from './forecaster.js';
import { loadMoirai2Model, type Moirai2OnnxModel } from './model/index.js';
import { moirai2Predict } from './pipeline/index.js';
import { moirai2VariantOf } from './detect.js';
import { readFileSync } from 'node:fs';

const dir = fileURLToPath(new URL('../../../test/fixtures/moirai2/checkpoints/seed-20250801', import.meta.url));

const wave = (n: number, level: number) =>
  Float64Array.from({ length: n }, (_, t) => level + 3 * Math.sin((2 * Math.PI * t) / 12) + 0.05 * t);

describe('Moirai 2.0 forecaster', () => {
  let model: Moirai2OnnxModel;
  beforeAll(async () => {
    model = await loadMoirai2Model(dir, { intraOpNumThreads: 1 });
  });
  afterAll(async () => model.dispose());

  it('answers each item as upstream predict() over the call, with the model levels and the median as mean', async () => {
    const forecaster = moirai2Forecaster(model);
    const items = [{ target: wave(90, 10) }, { target: wave(60, 50) }];
    const h = 70; // > 64: one rollout round
    const got = await forecaster.forecast(items, { h, quantileLevels: [0.1, 0.5, 0.9] });
    const want = await moirai2Predict(model, { pastTarget: items.map((i) => i.target) }, { predictionLength: h, contextLength: 90 });
    expect(got).toHaveLength(2);
    got.forEach((f, b) => {
      expect(f.levels).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
      for (let t = 0; t < h; t++) {
        for (let q = 0; q < 9; q++) expect(f.quantiles[t * 9 + q]).toBe(want.values[(b * 9 + q) * h + t]);
        expect(f.mean[t]).toBe(want.values[(b * 9 + 4) * h + t]);
      }
    });
    // contextLength caps the history and batchSize splits the call: same as separate upstream calls
    const capped = await forecaster.forecast(items, { h: 16, quantileLevels: [0.5], contextLength: 48, batchSize: 1 });
    const second = await moirai2Predict(model, { pastTarget: [items[1].target] }, { predictionLength: 16, contextLength: 48 });
    expect([...capped[1].quantiles]).toEqual(Array.from({ length: 16 * 9 }, (_, i) => second.values[(i % 9) * 16 + Math.floor(i / 9)]));
  });

  it('past-only and known-future covariates change the forecast, which stays finite', async () => {
    const forecaster = moirai2Forecaster(model);
    const target = wave(80, 20);
    const plain = await forecaster.forecast([{ target }], { h: 12, quantileLevels: [0.5] });
    const promo = Float64Array.from({ length: 80 }, (_, t) => (t % 10 === 0 ? 1 : 0));
    const withPast = await forecaster.forecast([{ target, pastCovariates: { promo } }], { h: 12, quantileLevels: [0.5] });
    const withFuture = await forecaster.forecast(
      [{ target, pastCovariates: { promo, price: wave(80, 5) }, futureCovariates: { price: wave(12, 6) } }],
      { h: 12, quantileLevels: [0.5] },
    );
    for (const f of [withPast[0], withFuture[0]]) {
      expect([...f.quantiles].every(Number.isFinite)).toBe(true);
      expect([...f.mean]).not.toEqual([...plain[0].mean]);
    }
    expect([...withFuture[0].mean]).not.toEqual([...withPast[0].mean]);
  });

  it('the descriptor recognises Moirai 2.0 configs only, and states the licence', () => {
    expect(moirai2VariantOf(JSON.parse(readFileSync(`${dir}/config.json`, 'utf8')))).toBe('moirai2');
    expect(moirai2VariantOf({ d_model: 384, patch_sizes: [8, 16], num_layers: 6 })).toBeUndefined();
    expect(moirai2VariantOf({ chronos_config: {}, d_model: 64 })).toBeUndefined();
    expect(moiraiFamily.licence).toMatchObject({ spdx: 'CC-BY-NC-4.0', commercialUse: false });
    expect(moiraiFamily.models.map((m) => m.id)).toEqual(['Salesforce/moirai-2.0-R-small']);
  });
});
