import { describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { StatisticalAdapter, statisticalAdapter } from './statistical.js';
import { NaiveMethod, SeasonalNaiveMethod } from './stats/naive.js';
import { EContractNonFinite, EModelFitFailed, EModelPredictFailed, ENonFiniteForecast } from '../errors/index.js';
import type { FittedUnivariate, UnivariateModel } from './stats/types.js';
import type { ForecastTask } from './contract.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const days = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);

const task: ForecastTask = { h: 3, freq: 'D', seasonLength: 7, quantiles: [0.1, 0.5, 0.9] };

describe('StatisticalAdapter', () => {
  it('is always loaded, fits per series and stamps the next h timestamps', async () => {
    const panel = panelFromArrays(
      [
        { id: 'b', ds: days(14), y: Array.from({ length: 14 }, (_, i) => i % 7) },
        { id: 'a', ds: days(10), y: Array.from({ length: 10 }, (_, i) => 100 + i) },
      ],
      'D',
    );
    const adapter = new StatisticalAdapter(new SeasonalNaiveMethod());
    expect(adapter.kind).toBe('statistical');
    expect(adapter.isLoaded).toBe(true);
    expect(await adapter.load()).toEqual({ loadMs: 0, weightBytes: 0 });
    const fitted = await adapter.fit(panel, task);
    const result = await adapter.predict(fitted);
    expect(result.model).toBe('SeasonalNaive');
    expect(result.quantileLevels).toEqual([0.1, 0.5, 0.9]);
    expect(result.series.map((s) => s.id)).toEqual(['a', 'b']);
    const a = result.series[0];
    expect(Array.from(a.ds)).toEqual([T0 + 10 * DAY, T0 + 11 * DAY, T0 + 12 * DAY]);
    expect(Array.from(a.mean)).toEqual([103, 104, 105]);
    expect(a.quantiles).toHaveLength(3);
    const b = result.series[1];
    expect(Array.from(b.mean)).toEqual([0, 1, 2]);
    // A perfectly periodic series has zero seasonal-naive residuals, so the interval collapses.
    expect(Array.from(b.quantiles[0])).toEqual([0, 1, 2]);
  });

  it('fits a series from its first observation: leading missing values are not invented', async () => {
    const y = [NaN, NaN, NaN, 5, 6, 7, 8];
    const panel = panelFromArrays([{ id: 'late', ds: days(7), y }], 'D');
    const adapter = new StatisticalAdapter(new NaiveMethod());
    const result = await adapter.predict(await adapter.fit(panel, task));
    expect(Array.from(result.series[0].mean)).toEqual([8, 8, 8]);
    expect(Array.from(result.series[0].ds)).toEqual([T0 + 7 * DAY, T0 + 8 * DAY, T0 + 9 * DAY]);
    // An interior gap is still refused: filling it is QA's decision, not the model's.
    const gap = panelFromArrays([{ id: 'gap', ds: days(7), y: [1, 2, NaN, 4, 5, 6, 7] }], 'D');
    await expect(adapter.fit(gap, task)).rejects.toThrow(EContractNonFinite);
  });

  it("re-raises a series' typed error with the series id, keeping its class", async () => {
    const panel = panelFromArrays(
      [
        { id: 'ok', ds: days(10), y: Array.from({ length: 10 }, (_, i) => i) },
        { id: 'short', ds: days(3), y: [1, 2, 3] },
        { id: 'gap', ds: days(4), y: [1, null, 3, 4] as unknown as number[] },
      ],
      'D',
    );
    const sn = new StatisticalAdapter(new SeasonalNaiveMethod());
    const short = panel.series.find((s) => s.id === 'short')!;
    await expect(sn.fit(panelFromArrays([{ id: short.id, ds: short.ds, y: short.y }]), task)).rejects.toMatchObject({
      code: EModelFitFailed.code,
      context: { seriesId: 'short', model: 'SeasonalNaive' },
    });
    const naive = new StatisticalAdapter(new NaiveMethod());
    const err = await naive.fit(panel, task).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EContractNonFinite);
    expect((err as EContractNonFinite).context).toMatchObject({ seriesId: 'gap', index: 1 });
  });

  it('wraps unexpected exceptions and flags non-finite forecasts', async () => {
    const panel = panelFromArrays([{ id: 'x', ds: days(5), y: [1, 2, 3, 4, 5] }], 'D');
    const boom: UnivariateModel = {
      name: 'Boom',
      fit: () => {
        throw new RangeError('kaput');
      },
    };
    await expect(new StatisticalAdapter(boom).fit(panel, task)).rejects.toBeInstanceOf(EModelFitFailed);
    const nan: UnivariateModel = {
      name: 'NaN',
      fit: (): FittedUnivariate => ({ forecast: (h) => ({ mean: new Float64Array(h).fill(Number.NaN), quantiles: [] }) }),
    };
    const adapter = new StatisticalAdapter(nan);
    await expect(adapter.predict(await adapter.fit(panel, { ...task, quantiles: [] }))).rejects.toBeInstanceOf(ENonFiniteForecast);
    const other = await new StatisticalAdapter(new NaiveMethod()).fit(panel, task);
    await expect(adapter.predict(other)).rejects.toBeInstanceOf(EModelPredictFailed);
  });

  it('builds adapters from registry names', () => {
    expect(statisticalAdapter('Theta')?.name).toBe('Theta');
    expect(statisticalAdapter('chronos')).toBeUndefined();
  });
});
