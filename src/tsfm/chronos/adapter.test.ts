import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Panel, Series } from '../../data/panel.js';
import { futureTimestamps } from '../../data/frequency.js';
import {
  ECheckpointNotFound,
  EDeviceUnsupported,
  EConfigInvalid,
  EModelNotLoaded,
  ENonFiniteForecast,
  ETaskSpecInvalid,
} from '../../errors/index.js';
import type { ForecastResult } from '../../forecast/types.js';
import type { ForecastTask } from '../../models/contract.js';
import { loadChronos2Model } from './chronos2/model/index.js';
import type { Chronos2Model } from './chronos2/types.js';
import { populationStd } from '../parity/compare.js';
import { createTsfmAdapter, TsfmAdapter } from '../adapters/index.js';
import { ChronosAdapter } from './adapter.js';
import { detectChronosFamily } from './detect.js';
import { chronosFamily } from './family.js';

const chronosAdapterFactory = (o: Parameters<typeof createTsfmAdapter>[1]) => createTsfmAdapter(chronosFamily, o);

const fixtures = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const modelDir = path.join(fixtures, 'chronos2/checkpoints/random-s0');
const caseFile = JSON.parse(readFileSync(path.join(fixtures, 'chronos2/random-s0.cases.json'), 'utf8'));
const fixtureCase = (name: string) => caseFile.cases.find((c: { name: string }) => c.name === name);

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Counts checkpoint loads, so tests can prove fit/predict never load. */
function countingAdapter(extra: ConstructorParameters<typeof ChronosAdapter>[0] = {}) {
  const counter = { loads: 0 };
  const adapter = new ChronosAdapter({
    modelDir,
    intraOpNumThreads: 1,
    ...extra,
    loaders: {
      chronos2: async (dir, options) => {
        counter.loads++;
        return loadChronos2Model(dir, options);
      },
      ...extra.loaders,
    },
  });
  return { adapter, counter };
}

function series(id: string, y: ReadonlyArray<number | null>, covariates: Record<string, ReadonlyArray<number | null>> = {}): Series {
  const f = (xs: ReadonlyArray<number | null>) => Float64Array.from(xs, (v) => (v === null ? Number.NaN : v));
  return {
    id,
    ds: Float64Array.from(y, (_, t) => T0 + t * DAY),
    y: f(y),
    covariates: Object.fromEntries(Object.entries(covariates).map(([k, v]) => [k, f(v)])),
  };
}

const task = (h: number, quantiles: number[]): ForecastTask => ({ h, freq: 'D', seasonLength: 7, quantiles });

/** The fixture's tolerance rule applied to the adapter's output for item i (univariate). */
function expectWithinTolerance(result: ForecastResult, c: any, inputSeries: ReadonlyArray<ReadonlyArray<number | null>>) {
  const { abs, rel } = caseFile.tolerance;
  result.series.forEach((s, i) => {
    const scale = populationStd(inputSeries[i]);
    const check = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs * scale);
    const wantQ: number[][] = c.outputs.quantiles[i][0]; // [h][levels]
    const wantMean: number[] = c.outputs.mean[i][0];
    wantMean.forEach((w, t) => check(s.mean[t], w));
    wantQ.forEach((row, t) => row.forEach((w, k) => check(s.quantiles[k][t], w)));
  });
}

describe('ChronosAdapter lifecycle', () => {
  it('fit and predict on an unloaded adapter throw EModelNotLoaded and never load', async () => {
    const { adapter, counter } = countingAdapter();
    expect(adapter.isLoaded).toBe(false);
    const panel: Panel = { series: [series('a', [1, 2, 3])], covariates: { past: [], futureKnown: [], static: [] } };
    const err = await adapter.fit(panel, task(4, [0.5])).catch((e) => e);
    expect(err).toBeInstanceOf(EModelNotLoaded);
    expect(err.message).toBe("Cannot call fit on adapter 'chronos' before the model is loaded.");
    expect(err.context).toEqual({ adapter: 'chronos', operation: 'fit', modelSize: 'base', device: 'cpu' });
    const fitted = { model: 'chronos', panel, task: task(4, [0.5]), fitMs: 0 };
    const err2 = await adapter.predict(fitted).catch((e) => e);
    expect(err2).toBeInstanceOf(EModelNotLoaded);
    expect(err2.message).toBe("Cannot call predict on adapter 'chronos' before the model is loaded.");
    expect(err2.context.operation).toBe('predict');
    expect(counter.loads).toBe(0);
  });

  it('loads once (also under concurrent calls), predicts many times without loading, unloads', async () => {
    const { adapter, counter } = countingAdapter();
    const [a, b] = await Promise.all([adapter.load(), adapter.load()]);
    expect(counter.loads).toBe(1);
    expect(a).toBe(b);
    expect(a.weightBytes).toBe(239_392 * 4); // the checkpoint's 239,392 float32 parameters
    expect(a.loadMs).toBeGreaterThan(0);
    expect(adapter.isLoaded).toBe(true);
    expect(adapter.variant).toBe('chronos2');
    expect(adapter.source).toEqual({ dir: modelDir, kind: 'local' });

    const panel: Panel = { series: [series('a', [1, 2, 3, 4, 5])], covariates: { past: [], futureKnown: [], static: [] } };
    for (let i = 0; i < 3; i++) {
      const fitted = await adapter.fit(panel, task(3, [0.1, 0.5, 0.9]));
      await adapter.predict(fitted);
    }
    expect(await adapter.load()).toBe(a);
    expect(counter.loads).toBe(1);

    await adapter.unload();
    expect(adapter.isLoaded).toBe(false);
    await expect(adapter.predict({ model: 'chronos', panel, task: task(3, [0.5]), fitMs: 0 })).rejects.toBeInstanceOf(EModelNotLoaded);
    expect(counter.loads).toBe(1);
    await adapter.unload(); // idempotent
  });
});

describe('ChronosAdapter forecasts match upstream Chronos-2 (fixture tolerance)', () => {
  it('univariate series of different lengths (batch_different_lengths)', async () => {
    const c = fixtureCase('batch_different_lengths');
    const { adapter } = countingAdapter();
    await adapter.load();
    const inputs: (number | null)[][] = c.inputs.series;
    const panel: Panel = { series: inputs.map((y, i) => series(`s${i}`, y)), covariates: { past: [], futureKnown: [], static: [] } };
    const result = await adapter.predict(await adapter.fit(panel, task(c.prediction_length, c.quantile_levels)));
    expect(result.model).toBe('chronos');
    expect(result.quantileLevels).toEqual(c.quantile_levels);
    expect(result.series.map((s) => s.id)).toEqual(['s0', 's1', 's2']);
    const last = T0 + (inputs[0].length - 1) * DAY;
    expect(Array.from(result.series[0].ds)).toEqual(Array.from({ length: c.prediction_length }, (_, t) => last + (t + 1) * DAY));
    expectWithinTolerance(result, c, inputs);
    await adapter.unload();
  });

  it('past-only and known-future covariates (covariates_past_only_and_known_future)', async () => {
    const c = fixtureCase('covariates_past_only_and_known_future');
    const { adapter } = countingAdapter();
    await adapter.load();
    const h = c.prediction_length;
    const items: Array<{
      target: (number | null)[];
      past_covariates: Record<string, number[]>;
      future_covariates: Record<string, number[]>;
    }> = c.inputs.items;
    const all = items.map((it, i) => series(`item${i}`, it.target, it.past_covariates));
    const future = new Map(
      all.map((s, i) => [
        s.id,
        {
          ds: futureTimestamps(s.ds[s.ds.length - 1], 'D', h),
          values: Object.fromEntries(Object.entries(items[i].future_covariates).map(([k, v]) => [k, Float64Array.from(v)])),
        },
      ]),
    );
    const panel: Panel = { series: all, covariates: { past: ['lagged_only_past'], futureKnown: ['promo', 'temp'], static: [] }, future };
    const result = await adapter.predict(await adapter.fit(panel, task(h, c.quantile_levels)));
    expectWithinTolerance(
      result,
      c,
      items.map((it) => it.target),
    );
    await adapter.unload();
  });

  it('levels not among the model quantiles are interpolated (quantile_levels_interpolated)', async () => {
    const c = fixtureCase('quantile_levels_interpolated');
    const { adapter } = countingAdapter();
    await adapter.load();
    const panel: Panel = { series: [series('x', c.inputs.series[0])], covariates: { past: [], futureKnown: [], static: [] } };
    const result = await adapter.predict(await adapter.fit(panel, task(c.prediction_length, c.quantile_levels)));
    expectWithinTolerance(result, c, c.inputs.series);
    await adapter.unload();
  });
});

describe('ChronosAdapter on a Chronos-Bolt checkpoint matches upstream (fixture tolerance)', () => {
  const boltDir = path.join(fixtures, 'chronos_bolt/checkpoints/random-s0');
  const boltCases = JSON.parse(readFileSync(path.join(fixtures, 'chronos_bolt/random-s0.cases.json'), 'utf8'));

  for (const name of ['batch_nans_long_horizon', 'quantile_levels_interpolated']) {
    it(name, async () => {
      const c = boltCases.cases.find((x: { name: string }) => x.name === name);
      const inputs: (number | null)[][] = c.inputs.type === 'tensor_1d' ? [c.inputs.series] : c.inputs.series;
      const adapter = new ChronosAdapter({ modelDir: boltDir, modelSize: 'bolt-tiny', intraOpNumThreads: 1 });
      await adapter.load();
      expect(adapter.variant).toBe('chronos_bolt');
      // Covariates are ignored by Bolt; they must not disturb the forecast.
      const panel: Panel = {
        series: inputs.map((y, i) => series(`s${i}`, y, { x: y.map(() => 1) })),
        covariates: { past: ['x'], futureKnown: [], static: [] },
      };
      const result = await adapter.predict(await adapter.fit(panel, task(c.prediction_length, c.quantile_levels)));
      const { abs, rel } = boltCases.tolerance;
      result.series.forEach((s, i) => {
        const scale = populationStd(inputs[i]);
        const check = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs * scale);
        (c.outputs.mean[i] as number[]).forEach((w, t) => check(s.mean[t], w));
        (c.outputs.quantiles[i] as number[][]).forEach((row, t) => row.forEach((w, k) => check(s.quantiles[k][t], w)));
      });
      await adapter.unload();
    });
  }
});

describe('ChronosAdapter checks', () => {
  const nanModel =
    (badRows: (row: number) => boolean) =>
    async (dir: string): Promise<Chronos2Model> => {
      const real = await loadChronos2Model(dir, { intraOpNumThreads: 1 });
      return {
        config: real.config,
        weightBytes: real.weightBytes,
        async forward(input) {
          const out = await real.forward(input);
          const per = out.quantilePreds.length / input.batch;
          for (let r = 0; r < input.batch; r++) if (badRows(r)) out.quantilePreds.fill(Number.NaN, r * per, (r + 1) * per);
          return out;
        },
        dispose: () => real.dispose(),
      };
    };
  const twoSeries: Panel = {
    series: [series('a', [1, 2, 3]), series('b', [3, 2, 1])],
    covariates: { past: [], futureKnown: [], static: [] },
  };

  it('keeps a partly non-finite result for the runtime to replace those series; throws when none is finite', async () => {
    const partly = new ChronosAdapter({ modelDir, loaders: { chronos2: nanModel((r) => r === 1) } });
    await partly.load();
    const res = await partly.predict(await partly.fit(twoSeries, task(2, [0.5])));
    expect(res.series[0].mean.every(Number.isFinite)).toBe(true);
    expect(res.series[1].mean.every(Number.isNaN)).toBe(true);
    await partly.unload();

    const strict = new ChronosAdapter({ modelDir, nonFinite: 'throw', loaders: { chronos2: nanModel((r) => r === 1) } });
    await strict.load();
    const err = await strict.predict(await strict.fit(twoSeries, task(2, [0.5]))).catch((e) => e);
    expect(err).toBeInstanceOf(ENonFiniteForecast);
    expect(err.context.series).toEqual(['b']);
    await strict.unload();

    const all = new ChronosAdapter({ modelDir, loaders: { chronos2: nanModel(() => true) } });
    await all.load();
    const err2 = await all.predict(await all.fit(twoSeries, task(2, [0.5]))).catch((e) => e);
    expect(err2).toBeInstanceOf(ENonFiniteForecast);
    expect(err2.context.series).toEqual(['a', 'b']);
    await all.unload();
  });

  it('validates the task and panel in fit', async () => {
    const { adapter } = countingAdapter();
    await adapter.load();
    await expect(adapter.fit(twoSeries, task(0, [0.5]))).rejects.toBeInstanceOf(ETaskSpecInvalid);
    await expect(adapter.fit(twoSeries, task(2, [1.5]))).rejects.toBeInstanceOf(ETaskSpecInvalid);
    await expect(adapter.fit({ ...twoSeries, series: [series('z', [null, null])] }, task(2, [0.5]))).rejects.toThrow(/no observed value/);
    const noFuture: Panel = { series: [series('a', [1, 2], { k: [0, 1] })], covariates: { past: [], futureKnown: ['k'], static: [] } };
    await expect(adapter.fit(noFuture, task(2, [0.5]))).rejects.toThrow(/Future values are missing/);
    await adapter.unload();
  });

  it('maps sizes to model ids, lets modelDir override them, and reports missing checkpoints with a typed error', async () => {
    expect(new ChronosAdapter().modelId).toBe('amazon/chronos-2');
    expect(new ChronosAdapter({ modelSize: 'small' }).modelId).toBe('autogluon/chronos-2-small');
    expect(new ChronosAdapter({ modelSize: 'bolt-mini' }).modelId).toBe('amazon/chronos-bolt-mini');
    expect(() => new ChronosAdapter({ modelSize: 'huge' as never })).toThrow(ETaskSpecInvalid);
    const offline = new ChronosAdapter({
      modelSize: 'bolt-tiny',
      source: { cacheDir: mkdtempSync(path.join(tmpdir(), 'hf-')), allowDownload: false },
    });
    const err = await offline.load().catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toContain('models--amazon--chronos-bolt-tiny');
    expect(offline.isLoaded).toBe(false);
  });

  it('detects the family from config.json', () => {
    const bolt = JSON.parse(readFileSync(path.join(fixtures, 'chronos_bolt/checkpoints/random-s0/config.json'), 'utf8'));
    expect(detectChronosFamily(bolt)).toBe('chronos_bolt');
    expect(detectChronosFamily(caseFile.model_config)).toBe('chronos2');
    expect(() => detectChronosFamily({ model_type: 't5' })).toThrow(EConfigInvalid);
  });

  it('the pool factory passes size, device and options through', () => {
    const a = chronosAdapterFactory({ name: 'chronos', modelSize: 'small', device: 'cpu', options: { batchSize: 8 } });
    expect([a.name, a.modelSize, a.device, a.isLoaded, a.kind]).toEqual(['chronos', 'small', 'cpu', false, 'tsfm']);
    expect(() => chronosAdapterFactory({ name: 'chronos', modelSize: 'base', device: 'tpu', options: {} })).toThrow(EDeviceUnsupported);
  });
});

describe('ChronosAdapter in the ModelPool', () => {
  it('is preloaded once by the pool, serves fit/predict, and is unloaded by close()', async () => {
    const { ModelPool } = await import('../../runtime/modelPool.js');
    {
      const pool = await ModelPool.create({
        adapters: ['chronos'],
        adapterOptions: { chronos: { modelDir, intraOpNumThreads: 1 } },
        preload: true,
      });
      const adapter = await pool.get('chronos');
      expect(adapter).toBeInstanceOf(TsfmAdapter);
      expect((adapter as TsfmAdapter).family).toBe(chronosFamily);
      expect(await pool.get('chronos')).toBe(adapter);
      const panel: Panel = { series: [series('a', [1, 2, 3, 4])], covariates: { past: [], futureKnown: [], static: [] } };
      const result = await adapter.predict(await adapter.fit(panel, task(5, [0.1, 0.9])));
      expect(result.series[0].quantiles.map((q) => q.length)).toEqual([5, 5]);
      await pool.close();
      expect(adapter.isLoaded).toBe(false);
    }
  });
});
