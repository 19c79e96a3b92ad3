/**
 * The family-neutral adapter on a family whose forecaster is plain TypeScript (no onnxruntime): what
 * every family gets for free — one shared load, the contract checks, covariates routed by what the
 * forecaster takes, quantile mapping, per-series non-finite handling.
 */
import { describe, expect, it } from 'vitest';
import type { Panel, Series } from '../../data/panel.js';
import {
  ECovariateIncompleteKnown,
  EDeviceUnsupported,
  EModelNotLoaded,
  ENonFiniteForecast,
  ETaskSpecInvalid,
} from '../../errors/index.js';
import type { ForecastTask } from '../../models/contract.js';
import type { TsfmFamily, TsfmForecaster, TsfmItem, TsfmLoadOptions } from '../family.js';
import { createTsfmAdapter, TsfmAdapter } from './index.js';

const DAY = 86_400_000;
const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

interface FakeLog {
  loads: TsfmLoadOptions[];
  disposes: number;
  items: TsfmItem[][];
}

/**
 * A family whose forecaster answers, for item i at step t, quantile level l with
 * last(target) + t + 10·l (its own nine levels), mean last(target) + t; series whose last value is
 * negative come back NaN (a model failing on one series).
 */
function fakeFamily(log: FakeLog, covariates = { past: false, futureKnown: true }): TsfmFamily {
  return {
    name: 'fake',
    displayName: 'Fake TSFM',
    defaultSize: 'mini',
    models: [
      { size: 'mini', id: 'org/fake-mini', parameters: 1e6 },
      { size: 'maxi', id: 'org/fake-maxi', parameters: 9e6 },
    ],
    licence: { spdx: 'MIT', commercialUse: true, url: 'https://example.org/licence' },
    detect: (config) => ((config as { arch?: string }).arch === 'fake' ? 'fake1' : undefined),
    async load(_dir, options) {
      log.loads.push(options);
      await new Promise((r) => setTimeout(r, 5));
      const forecaster: TsfmForecaster = {
        info: { variant: 'fake1', parameters: 1e6, weightBytes: 4e6 },
        covariates,
        async forecast(items, request) {
          log.items.push([...items]);
          return items.map((it) => {
            const last = it.target[it.target.length - 1] ?? Number.NaN;
            const base = last < 0 ? Number.NaN : last;
            const quantiles = new Float64Array(request.h * LEVELS.length);
            for (let t = 0; t < request.h; t++) LEVELS.forEach((l, k) => (quantiles[t * LEVELS.length + k] = base + t + 10 * l));
            return { levels: LEVELS, quantiles, mean: Float64Array.from({ length: request.h }, (_, t) => base + t) };
          });
        },
        async dispose() {
          log.disposes++;
        },
      };
      return forecaster;
    },
  };
}

const newLog = (): FakeLog => ({ loads: [], disposes: 0, items: [] });
// Any existing directory passes for a local checkpoint only when it has the files; use the repo's fixture.
const modelDir = 'test/fixtures/chronos2/checkpoints/random-s0';

function series(id: string, y: number[], covariates: Record<string, number[]> = {}): Series {
  return {
    id,
    ds: Float64Array.from(y, (_, t) => t * DAY),
    y: Float64Array.from(y),
    covariates: Object.fromEntries(Object.entries(covariates).map(([k, v]) => [k, Float64Array.from(v)])),
  };
}

const task = (h: number, quantiles: number[]): ForecastTask => ({ h, freq: 'D', seasonLength: 7, quantiles });

describe('TsfmAdapter', () => {
  it('loads once for concurrent load() calls, passes engine and family options, and unloads once', async () => {
    const log = newLog();
    const adapter = new TsfmAdapter(fakeFamily(log), { modelDir, intraOpNumThreads: 2, graphCacheDir: false, fancy: 7 });
    const [a, b] = await Promise.all([adapter.load(), adapter.load()]);
    expect(a).toBe(b);
    expect(a.weightBytes).toBe(4e6);
    expect(log.loads).toHaveLength(1);
    expect(log.loads[0]?.engine).toEqual({ device: 'cpu', intraOpNumThreads: 2 });
    expect(log.loads[0]?.options['fancy']).toBe(7);
    expect(log.loads[0]?.model).toBeUndefined(); // a modelDir names no published model
    expect([adapter.name, adapter.variant, adapter.info?.parameters]).toEqual(['fake', 'fake1', 1e6]);
    await adapter.load();
    expect(log.loads).toHaveLength(1);
    await adapter.unload();
    await adapter.unload();
    expect(log.disposes).toBe(1);
    expect(adapter.isLoaded).toBe(false);
  });

  it('refuses fit and predict before load, and unknown sizes with the family sizes', async () => {
    const adapter = new TsfmAdapter(fakeFamily(newLog()), { modelDir });
    const panel: Panel = { series: [series('a', [1, 2, 3])], covariates: { past: [], futureKnown: [], static: [] } };
    await expect(adapter.fit(panel, task(2, [0.5]))).rejects.toBeInstanceOf(EModelNotLoaded);
    const err = (() => {
      try {
        new TsfmAdapter(fakeFamily(newLog()), { modelSize: 'huge' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ETaskSpecInvalid);
    expect((err as Error).message).toBe('Unknown fake model size "huge"; use one of mini, maxi.');
    expect(new TsfmAdapter(fakeFamily(newLog())).modelId).toBe('org/fake-mini');
    expect(new TsfmAdapter(fakeFamily(newLog()), { modelSize: 'maxi' }).modelId).toBe('org/fake-maxi');
  });

  it('the pool factory maps the pool default "base" to the family default size, and passes explicit sizes', () => {
    const family = fakeFamily(newLog());
    expect(createTsfmAdapter(family, { name: 'fake', modelSize: 'base', device: undefined, options: {} }).modelSize).toBe('mini');
    expect(createTsfmAdapter(family, { name: 'fake', modelSize: 'maxi', device: 'cpu', options: {} }).modelSize).toBe('maxi');
    expect(() => createTsfmAdapter(family, { name: 'fake', modelSize: 'mini', device: 'tpu', options: {} })).toThrow(EDeviceUnsupported);
  });

  it('maps the forecaster levels to the task levels: equal levels as they are, others interpolated and clamped', async () => {
    const adapter = new TsfmAdapter(fakeFamily(newLog()), { modelDir });
    await adapter.load();
    const panel: Panel = { series: [series('a', [1, 2, 5])], covariates: { past: [], futureKnown: [], static: [] } };
    const r = await adapter.predict(await adapter.fit(panel, task(2, [0.05, 0.25, 0.5, 0.95])));
    const q = r.series[0]?.quantiles ?? [];
    // value(l, t) = 5 + t + 10·l between 0.1 and 0.9; clamped outside.
    expect(Array.from(q[0] ?? [])).toEqual([6, 7]);
    expect(q[1]?.[0]).toBeCloseTo(7.5, 5);
    expect(q[2]?.[1]).toBeCloseTo(11, 5);
    expect(Array.from(q[3] ?? [])).toEqual([14, 15]);
    expect(Array.from(r.series[0]?.mean ?? [])).toEqual([5, 6]);
    expect(Array.from(r.series[0]?.ds ?? [])).toEqual([3 * DAY, 4 * DAY]);
    const same = await adapter.predict(await adapter.fit(panel, task(1, LEVELS)));
    expect(same.series[0]?.quantiles.map((x) => x[0])).toEqual(LEVELS.map((l) => 5 + 10 * l));
  });

  it('returns a non-finite series for the ladder to replace, and throws only when none is finite (or when asked)', async () => {
    const adapter = new TsfmAdapter(fakeFamily(newLog()), { modelDir });
    await adapter.load();
    const panel: Panel = { series: [series('a', [1, 2]), series('b', [1, -1])], covariates: { past: [], futureKnown: [], static: [] } };
    const r = await adapter.predict(await adapter.fit(panel, task(2, [0.5])));
    expect(r.series.map((s) => s.mean.every(Number.isFinite))).toEqual([true, false]);
    const allBad: Panel = { ...panel, series: [series('b', [1, -1])] };
    await expect(adapter.predict(await adapter.fit(allBad, task(2, [0.5])))).rejects.toBeInstanceOf(ENonFiniteForecast);
    const strict = new TsfmAdapter(fakeFamily(newLog()), { modelDir, nonFinite: 'throw' });
    await strict.load();
    await expect(strict.predict(await strict.fit(panel, task(2, [0.5])))).rejects.toBeInstanceOf(ENonFiniteForecast);
  });

  it('passes only the covariates the forecaster takes: future-known ones with their future values from panel.future', async () => {
    const log = newLog();
    const adapter = new TsfmAdapter(fakeFamily(log, { past: false, futureKnown: true }), { modelDir });
    await adapter.load();
    const panel: Panel = {
      series: [series('a', [1, 2, 3], { promo: [0, 1, 0], temp: [5, 6, 7] })],
      covariates: { past: ['temp'], futureKnown: ['promo'], static: [] },
      future: new Map([['a', { ds: Float64Array.from([4 * DAY, 3 * DAY]), values: { promo: Float64Array.from([9, 8]) } }]]),
    };
    await adapter.predict(await adapter.fit(panel, task(3, [0.5])));
    const item = log.items[0]?.[0];
    expect(Object.keys(item?.pastCovariates ?? {})).toEqual(['promo']);
    expect(Array.from(item?.pastCovariates?.['promo'] ?? [])).toEqual([0, 1, 0]);
    // matched by timestamp (days 3, 4, 5); day 5 has no value
    expect(Array.from(item?.futureCovariates?.['promo'] ?? [])).toEqual([8, 9, Number.NaN]);
    const noFuture: Panel = { ...panel, future: new Map() };
    await expect(adapter.fit(noFuture, task(3, [0.5]))).rejects.toBeInstanceOf(ECovariateIncompleteKnown);

    const univariate = new TsfmAdapter(fakeFamily(log, { past: false, futureKnown: false }), { modelDir });
    await univariate.load();
    await univariate.predict(await univariate.fit(noFuture, task(3, [0.5])));
    expect(log.items[1]?.[0]?.pastCovariates).toBeUndefined();
  });
});
