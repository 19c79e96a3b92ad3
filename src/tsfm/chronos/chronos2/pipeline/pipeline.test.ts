import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ETSFMInputInvalid } from '../../../../errors/index.js';
import { readChronos2Config } from '../config.js';
import { Chronos2Pipeline } from './pipeline.js';
import { forecastToNested, meanToNested, quantilesToNested, replayPipelineCalls } from './replay.js';
import { RecordingChronos2Model, rampResponder, type FakeResponder } from './__tests__/recordingModel.js';

const fixtureDir = new URL('../../../../../test/fixtures/chronos2/', import.meta.url);
const config = readChronos2Config(new URL('checkpoints/random-s0/config.json', fixtureDir).pathname);
type Nested = Array<Array<number | null>>;
/** The fields of a fixture case that these tests read (the file is upstream's JSON). */
interface FixtureCase {
  name: string;
  inputs: unknown;
  api: { calls: unknown };
  outputs: { predict: unknown; quantiles: unknown; mean: unknown };
  first_model_call?: {
    context: Nested;
    output_quantile_preds: Nested[];
    group_ids: number[];
    num_output_patches: number;
    future_covariates: Nested;
  };
}
const cases: FixtureCase[] = JSON.parse(readFileSync(new URL('random-s0.cases.json', fixtureDir), 'utf8')).cases;

const f32 = (rows: Nested) => Float32Array.from(rows.flat(), (x) => (x === null ? Number.NaN : x));

describe('Chronos2Pipeline model inputs match upstream first_model_call', () => {
  const withCall = cases.filter((c) => c.first_model_call);

  it('the fixture has first_model_call cases', () => {
    expect(withCall.map((c) => c.name).sort()).toEqual(
      [
        'covariates_past_only_and_known_future',
        'cross_learning',
        'multivariate_array3d',
        'multivariate_list_mixed',
        'multivariate_target_with_covariates',
      ].sort(),
    );
  });

  for (const c of withCall) {
    it(c.name, async () => {
      const fmc = c.first_model_call;
      if (!fmc) throw new Error(`case ${c.name} has no first_model_call`);
      // The fake model answers with upstream's own output of that call, so every output of the
      // case (a single model call each) must come out exactly as upstream recorded it.
      const model = new RecordingChronos2Model(config, () => f32(fmc.output_quantile_preds.flat()));
      const pipeline = new Chronos2Pipeline(model);
      const out = await replayPipelineCalls(pipeline, c.inputs, c.api.calls);

      expect(model.calls.length).toBe(1);
      const call = model.calls[0];
      expect(call.batch).toBe(fmc.context.length);
      expect(call.contextLength).toBe(fmc.context[0].length);
      expect(Array.from(call.context)).toEqual(Array.from(f32(fmc.context)));
      expect(Array.from(call.groupIds)).toEqual(fmc.group_ids);
      expect(call.numOutputPatches).toBe(fmc.num_output_patches);
      expect(Array.from(call.futureCovariates!)).toEqual(Array.from(f32(fmc.future_covariates)));

      expect(out.predict!.map(forecastToNested)).toEqual(c.outputs.predict);
      expect(out.quantiles!.map(quantilesToNested)).toEqual(c.outputs.quantiles);
      expect(out.quantiles!.map(meanToNested)).toEqual(c.outputs.mean);
    });
  }
});

describe('Chronos2Pipeline input preparation', () => {
  const ramp = () => new RecordingChronos2Model(config, rampResponder());

  it('left-pads shorter series with NaN and gives each item its own group', async () => {
    const model = ramp();
    await new Chronos2Pipeline(model).predict(
      [
        [1, 2, 3],
        [4, 5],
      ],
      { predictionLength: 4 },
    );
    const c = model.calls[0];
    expect(c.contextLength).toBe(3);
    expect(Array.from(c.context)).toEqual([1, 2, 3, Number.NaN, 4, 5]);
    expect(Array.from(c.groupIds)).toEqual([0, 1]);
    expect(c.numOutputPatches).toBe(1);
  });

  it('keeps only the last contextLength steps', async () => {
    const model = ramp();
    const series = Array.from({ length: 100 }, (_, t) => t);
    await new Chronos2Pipeline(model).predict([series], { predictionLength: 16, contextLength: 64 });
    expect(Array.from(model.calls[0].context)).toEqual(series.slice(36));
  });

  it('resets a contextLength above the model limit with a warning', async () => {
    const warnings: string[] = [];
    await new Chronos2Pipeline(ramp()).predict([[1, 2]], { predictionLength: 1, contextLength: 99999, onWarning: (w) => warnings.push(w) });
    expect(warnings.join()).toMatch(/context length/);
  });

  it('counts rows of targets and covariates towards batchSize and restarts group ids per batch', async () => {
    const model = ramp();
    const item = (n: number) => ({ target: [n, n + 1], pastCovariates: { x: [0, 1] } });
    const out = await new Chronos2Pipeline(model).predict([item(1), item(2), item(3)], { predictionLength: 2, batchSize: 3 });
    expect(model.calls.map((c) => c.batch)).toEqual([4, 2]);
    expect(Array.from(model.calls[0].groupIds)).toEqual([0, 0, 1, 1]);
    expect(Array.from(model.calls[1].groupIds)).toEqual([0, 0]);
    // Target rows only come back: row 0 and row 2 of the first call (ramp base 100·row), row 0 of the second.
    expect(out.map((o) => o.values[0])).toEqual([0, 200, 0]);
    expect(out.every((o) => o.nVariates === 1 && o.values.length === 21 * 2)).toBe(true);
  });

  it('rejects malformed inputs with typed errors', async () => {
    const p = new Chronos2Pipeline(ramp());
    await expect(p.predict([], {})).rejects.toBeInstanceOf(ETSFMInputInvalid);
    await expect(p.predict([[1, Infinity]], {})).rejects.toBeInstanceOf(ETSFMInputInvalid);
    await expect(p.predict([[[1, 2], [1]]], {})).rejects.toBeInstanceOf(ETSFMInputInvalid);
    await expect(p.predict([{ target: [1, 2], pastCovariates: { a: [1] } }], {})).rejects.toBeInstanceOf(ETSFMInputInvalid);
    await expect(
      p.predict([{ target: [1, 2], pastCovariates: { a: [1, 2] }, futureCovariates: { b: [1] } }], { predictionLength: 1 }),
    ).rejects.toThrow(/subset/);
    await expect(
      p.predict([{ target: [1, 2], pastCovariates: { a: [1, 2] } }, { target: [1, 2] }], { predictionLength: 1 }),
    ).rejects.toThrow(/same pastCovariates keys/);
    await expect(p.predict([[1, 2]], { predictionLength: 0 })).rejects.toBeInstanceOf(ETSFMInputInvalid);
    await expect(p.predict([[1, 2]], { unrolledQuantiles: [0.33] })).rejects.toThrow(/subset/);
    await expect(p.predict([[1, 2]], { predictionLength: 300, limitPredictionLength: true })).rejects.toBeInstanceOf(ETSFMInputInvalid);
  });

  it('orders covariate rows as targets, past-only, known-future (names sorted) and fills only known futures', async () => {
    const model = ramp();
    await new Chronos2Pipeline(model).predict(
      [{ target: [1, 2], pastCovariates: { z: [5, 6], a: [7, 8], m: [9, 10] }, futureCovariates: { z: [11], a: null } }],
      { predictionLength: 1 },
    );
    const c = model.calls[0];
    // rows: target, m (past-only), a and z (known future; a unavailable)
    expect(Array.from(c.context)).toEqual([1, 2, 9, 10, 7, 8, 5, 6]);
    const fc = Array.from(c.futureCovariates!);
    expect(fc.slice(48, 49)).toEqual([11]); // row 3 (z), first future step
    expect(fc.filter((x) => !Number.isNaN(x))).toEqual([11]);
  });
});

describe('Chronos2Pipeline long-horizon unrolling', () => {
  it('expands each row into one path per unrolled quantile and reduces back to 21 levels', async () => {
    const Q = 21;
    const model = new RecordingChronos2Model(
      config,
      rampResponder((row) => row),
    );
    const out = await new Chronos2Pipeline(model).predict([[1, 2, 3]], {
      predictionLength: 20,
      maxOutputPatches: 1,
      unrolledQuantiles: [0.1, 0.5, 0.9],
    });
    expect(model.calls.map((c) => [c.batch, c.numOutputPatches, c.contextLength])).toEqual([
      [1, 1, 3],
      [3, 1, 19],
    ]);
    const second = model.calls[1];
    expect(Array.from(second.groupIds)).toEqual([0, 1, 2]);
    // Path j appends the j-th unrolled level of the first prediction: levels 0.1, 0.5, 0.9 are
    // channels 2, 10, 18, whose ramp values are 2, 10, 18.
    for (let j = 0; j < 3; j++) {
      const row = Array.from(second.context.subarray(j * 19, (j + 1) * 19));
      expect(row.slice(0, 3)).toEqual([1, 2, 3]);
      expect(row.slice(3)).toEqual(new Array(16).fill([2, 10, 18][j]));
    }
    // First 16 steps are the first call's channels; the rest the weighted quantile of the paths.
    const v = out[0].values;
    expect(v[0 * 20 + 0]).toBe(0);
    expect(v[20 * 20 + 15]).toBe(20);
    // Path outputs for quantile k are j + k (ramp base = row): the reduced median lies within them.
    const median = v[10 * 20 + 16];
    expect(median).toBeGreaterThan(9);
    expect(median).toBeLessThan(13);
    expect(out[0].values.length).toBe(Q * 20);
  });

  it('slides known future covariates into the context between rounds', async () => {
    const model = new RecordingChronos2Model(config, rampResponder());
    const h = 20;
    const future = Array.from({ length: h }, (_, t) => 1000 + t);
    await new Chronos2Pipeline(model).predict(
      [{ target: [1, 2, 3], pastCovariates: { k: [4, 5, 6], p: [7, 8, 9] }, futureCovariates: { k: future } }],
      { predictionLength: h, maxOutputPatches: 1, unrolledQuantiles: [0.5] },
    );
    const [first, second] = model.calls;
    expect(Array.from(first.futureCovariates!.subarray(2 * 16, 3 * 16))).toEqual(future.slice(0, 16));
    // Second round: rows target, p (past-only), k (known); one path each, context 3 + 16.
    expect(second.contextLength).toBe(19);
    const row = (r: number) => Array.from(second.context.subarray(r * 19, (r + 1) * 19));
    expect(row(0).slice(3)).toEqual(new Array(16).fill(10)); // target: its own median (ramp 0 + 10)
    expect(row(1).slice(3)).toEqual(new Array(16).fill(110)); // past-only: predicted median (100 + 10)
    expect(row(2).slice(3)).toEqual(future.slice(0, 16)); // known: the real values
    const fc = Array.from(second.futureCovariates!);
    expect(fc.slice(2 * 16, 2 * 16 + 4)).toEqual(future.slice(16));
    expect(fc.slice(2 * 16 + 4, 3 * 16).every(Number.isNaN)).toBe(true);
  });

  it('shifts group ids per path with cross learning', async () => {
    const model = new RecordingChronos2Model(config, rampResponder());
    await new Chronos2Pipeline(model).predict(
      [
        [1, 2],
        [3, 4],
      ],
      { predictionLength: 17, maxOutputPatches: 1, crossLearning: true, unrolledQuantiles: [0.1, 0.9] },
    );
    expect(Array.from(model.calls[0].groupIds)).toEqual([0, 0]);
    expect(Array.from(model.calls[1].groupIds)).toEqual([0, 1, 0, 1]);
  });
});

describe('predictQuantiles', () => {
  it('returns the median channel as the mean and interpolates levels not among the 21', async () => {
    const responder: FakeResponder = rampResponder();
    const p = new Chronos2Pipeline(new RecordingChronos2Model(config, responder));
    const [fc] = await p.predictQuantiles([[1, 2, 3]], { predictionLength: 2, quantileLevels: [0.5, 0.025, 0.999] });
    // Channels: 0.01 → 0, 0.05 → 1, 0.5 → 10, 0.99 → 20.
    expect(Array.from(fc.mean)).toEqual([10, 10]);
    expect(fc.quantiles[0]).toBe(10);
    expect(fc.quantiles[1]).toBeCloseTo(0.375, 5);
    expect(fc.quantiles[2]).toBe(20);
  });
});
