import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { ChronosForecaster } from '../adapters/chronosFamilies.js';
import { loadChronosBoltForecaster } from './forecaster.js';
import { loadChronosBoltModel } from './model/index.js';
import { ChronosBoltPipeline } from './pipeline.js';
import type { ChronosBoltModel } from './types.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/chronos_bolt/checkpoints/random-s0', import.meta.url));
const series = (n: number, phase: number) => Float64Array.from({ length: n }, (_, t) => 10 + Math.sin(t / 3 + phase) + (t % 7 === 0 ? NaN : 0));

describe('Chronos-Bolt forecaster (the ChronosAdapter face)', () => {
  let forecaster: ChronosForecaster;
  let model: ChronosBoltModel;
  beforeAll(async () => {
    forecaster = await loadChronosBoltForecaster(dir, { intraOpNumThreads: 1 });
    model = await loadChronosBoltModel(dir, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await forecaster?.dispose();
    await model?.dispose();
  });

  it('returns per item what predictQuantiles returns for the batch', async () => {
    expect(forecaster.family).toBe('chronos_bolt');
    expect(forecaster.usesCovariates).toBe(false);
    const targets = [series(40, 0), series(75, 1)];
    const levels = [0.05, 0.5, 0.9];
    const got = await forecaster.forecast(targets.map((target) => ({ target })), { h: 70, quantileLevels: levels, batchSize: 3 });
    const want = await new ChronosBoltPipeline(model).predictQuantiles(targets, { predictionLength: 70, quantileLevels: levels });
    expect(got).toHaveLength(2);
    got.forEach((f, b) => {
      expect(Array.from(f.quantiles)).toEqual(Array.from(want.quantiles.subarray(b * 70 * 3, (b + 1) * 70 * 3)));
      expect(Array.from(f.mean)).toEqual(Array.from(want.mean.subarray(b * 70, (b + 1) * 70)));
    });
  });

  it('contextLength keeps the last steps of each target', async () => {
    const target = series(90, 2);
    const [got] = await forecaster.forecast([{ target }], { h: 12, quantileLevels: [0.5], contextLength: 20 });
    const want = await new ChronosBoltPipeline(model).predictQuantiles(target.subarray(70), { predictionLength: 12, quantileLevels: [0.5] });
    expect(Array.from(got.quantiles)).toEqual(Array.from(want.quantiles));
    await expect(forecaster.forecast([{ target }], { h: 12, quantileLevels: [0.5], contextLength: 0 })).rejects.toThrow(ETaskSpecInvalid);
  });
});
