import { describe, expect, it } from 'vitest';
import { ETaskSpecInvalid } from '../../../../errors/index.js';
import { parseChronosBoltConfig } from '../config.js';
import { ChronosBoltPipeline } from './pipeline.js';
import type { ChronosBoltForwardInput, ChronosBoltModel } from '../types.js';

const QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** A stand-in network: quantile q at step t = last non-NaN context value + (q − 4)·(1 + t/8), crossing-free. */
function fakeModel(contextLength = 32, predictionLength = 8) {
  const config = parseChronosBoltConfig({
    chronos_config: {
      context_length: contextLength,
      prediction_length: predictionLength,
      input_patch_size: 4,
      input_patch_stride: 4,
      quantiles: QUANTILES,
      use_reg_token: true,
    },
  });
  const calls: ChronosBoltForwardInput[] = [];
  const model: ChronosBoltModel = {
    config,
    weightBytes: 0,
    async dispose() {},
    async forward(input) {
      calls.push({ ...input, context: input.context.slice() });
      const out = new Float32Array(input.batch * QUANTILES.length * predictionLength);
      for (let b = 0; b < input.batch; b++) {
        const row = input.context.subarray(b * input.contextLength, (b + 1) * input.contextLength);
        let last = 0;
        for (let t = row.length - 1; t >= 0; t--)
          if (!Number.isNaN(row[t])) {
            last = row[t];
            break;
          }
        for (let q = 0; q < QUANTILES.length; q++) {
          for (let t = 0; t < predictionLength; t++) out[(b * QUANTILES.length + q) * predictionLength + t] = last + (q - 4) * (1 + t / 8);
        }
      }
      return { quantilePreds: out };
    },
  };
  return { model, calls };
}

describe('ChronosBoltPipeline', () => {
  it('truncates the context to context_length before the model', async () => {
    const { model, calls } = fakeModel(32, 8);
    const series = Array.from({ length: 50 }, (_, i) => i);
    await new ChronosBoltPipeline(model).predict(series, { predictionLength: 8 });
    expect(calls).toHaveLength(1);
    expect(calls[0].contextLength).toBe(32);
    expect(calls[0].context[0]).toBe(18);
  });

  it('extends beyond the native horizon by feeding each quantile path back', async () => {
    const { model, calls } = fakeModel(32, 8);
    const out = await new ChronosBoltPipeline(model).predict([[1, 2, 3], [5]], { predictionLength: 20 });
    expect(out.values.length).toBe(2 * 9 * 20);
    expect(calls.map((c) => [c.batch, c.contextLength])).toEqual([
      [2, 3],
      [18, 11],
      [18, 19],
    ]);
    // Second call: row (b=1, q=2) is series 1's context followed by its own q0.3 path of round one.
    const row = calls[1].context.subarray((1 * 9 + 2) * 11, (1 * 9 + 3) * 11);
    expect(Array.from(row.subarray(0, 3))).toEqual([NaN, NaN, 5]);
    const firstRound = Array.from({ length: 8 }, (_, t) => Math.fround(5 + (2 - 4) * (1 + t / 8)));
    expect(Array.from(row.subarray(3))).toEqual(firstRound);
    // The first 8 steps are the model's own output; the horizon is cut at 20.
    expect(out.values[(1 * 9 + 2) * 20 + 7]).toBe(firstRound[7]);
  });

  it('gives the same numbers whatever the chunk size', async () => {
    const series = [
      [1, 2, 3, 4, 5],
      [3, 1],
      [9, 9, 8],
    ];
    const a = await new ChronosBoltPipeline(fakeModel().model).predict(series, { predictionLength: 30 });
    const b = await new ChronosBoltPipeline(fakeModel().model, { maxBatchSize: 4 }).predict(series, { predictionLength: 30 });
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
  });

  it('predictQuantiles selects model levels, and returns the 0.5 channel as the mean', async () => {
    const p = new ChronosBoltPipeline(fakeModel().model);
    const full = await p.predict([4, 5, 6], { predictionLength: 8 });
    const q = await p.predictQuantiles([4, 5, 6], { predictionLength: 8, quantileLevels: [0.9, 0.1] });
    for (let t = 0; t < 8; t++) {
      expect(q.quantiles[t * 2]).toBe(full.values[8 * 8 + t]);
      expect(q.quantiles[t * 2 + 1]).toBe(full.values[t]);
      expect(q.mean[t]).toBe(full.values[4 * 8 + t]);
    }
  });

  it('interpolates other levels between the model levels and clamps outside them', async () => {
    const p = new ChronosBoltPipeline(fakeModel().model);
    const full = await p.predict([4, 5, 6], { predictionLength: 8 });
    const q = await p.predictQuantiles([4, 5, 6], { predictionLength: 8, quantileLevels: [0, 0.15, 1] });
    for (let t = 0; t < 8; t++) {
      const lo = full.values[t];
      const next = full.values[8 + t];
      expect(q.quantiles[t * 3]).toBe(lo);
      expect(q.quantiles[t * 3 + 1]).toBeGreaterThan(lo);
      expect(q.quantiles[t * 3 + 1]).toBeLessThan(next);
      expect(q.quantiles[t * 3 + 2]).toBe(full.values[8 * 8 + t]);
    }
  });

  it('rejects bad options with typed errors', async () => {
    const p = new ChronosBoltPipeline(fakeModel().model);
    await expect(p.predict([1, 2], { predictionLength: 0 })).rejects.toThrow(ETaskSpecInvalid);
    await expect(p.predict([1, 2], { predictionLength: 9, limitPredictionLength: true })).rejects.toThrow(ETaskSpecInvalid);
    await expect(p.predictQuantiles([1, 2], { quantileLevels: [1.5] })).rejects.toThrow(ETaskSpecInvalid);
    await expect(p.predictQuantiles([1, 2], { quantileLevels: [] })).rejects.toThrow(ETaskSpecInvalid);
    expect(() => new ChronosBoltPipeline(fakeModel().model, { maxBatchSize: 0 })).toThrow(ETaskSpecInvalid);
  });
});
