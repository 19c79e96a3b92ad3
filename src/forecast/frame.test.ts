import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../data/io/readWrite.js';
import type { ForecastResult } from './types.js';
import { forecastToTable, writeForecast } from './frame.js';

const DAY = 86_400_000;
const T = Date.UTC(2024, 0, 1);

const result: ForecastResult = {
  model: 'AutoETS',
  h: 2,
  quantileLevels: [0.9, 0.1, 0.5],
  series: [
    {
      id: 'a',
      ds: Float64Array.from([T, T + DAY]),
      mean: Float64Array.from([1, 2]),
      quantiles: [Float64Array.from([3, 4]), Float64Array.from([0, 1]), Float64Array.from([1, 2])],
    },
    {
      id: 'b',
      ds: Float64Array.from([T, T + DAY]),
      mean: Float64Array.from([10, 20]),
      quantiles: [Float64Array.from([30, 40]), Float64Array.from([0, 10]), Float64Array.from([10, 20])],
      model: 'Naive',
    } as ForecastResult['series'][number],
  ],
};

const dir = await mkdtemp(join(tmpdir(), 'tsak-frame-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('forecastToTable', () => {
  it('lays out unique_id, ds, model, mean and ascending quantile columns, one row per step', () => {
    const t = forecastToTable(result);
    expect(Object.keys(t.columns)).toEqual(['unique_id', 'ds', 'model', 'mean', 'q0.1', 'q0.5', 'q0.9']);
    expect(t.length).toBe(4);
    expect(t.columns['unique_id']).toEqual(['a', 'a', 'b', 'b']);
    expect(t.columns['ds'][1]).toEqual(new Date(T + DAY));
    // a per-series model attribution wins over the result's name
    expect(t.columns['model']).toEqual(['AutoETS', 'AutoETS', 'Naive', 'Naive']);
    expect(Array.from(t.columns['q0.1'] as Float64Array)).toEqual([0, 1, 0, 10]);
    expect(Array.from(t.columns['q0.9'] as Float64Array)).toEqual([3, 4, 30, 40]);
  });

  it('adds lo/hi interval columns on request', () => {
    const t = forecastToTable(result, { intervals: true });
    expect(Object.keys(t.columns).slice(-2)).toEqual(['lo-80', 'hi-80']);
    expect(Array.from(t.columns['hi-80'] as Float64Array)).toEqual([3, 4, 30, 40]);
  });

  it('refuses results with different quantile levels or mismatched lengths', () => {
    expect(() => forecastToTable([result, { ...result, quantileLevels: [0.5], series: [] }])).toThrow(/different quantile levels/);
    const bad = { ...result, series: [{ ...result.series[0], mean: Float64Array.from([1]) }] };
    expect(() => forecastToTable(bad)).toThrow(/2 timestamps but 1 forecasts/);
  });
});

describe('writeForecast', () => {
  it('writes CSV with date-only timestamps and reads back the same numbers', async () => {
    const path = join(dir, 'forecast.csv');
    await writeForecast(result, path);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe('unique_id,ds,model,mean,q0.1,q0.5,q0.9');
    expect(text.split('\n')[1]).toBe('a,2024-01-01,AutoETS,1,0,1,3');
    const back = await readTable(path);
    expect(Array.from(back.columns['mean'] as Float64Array)).toEqual([1, 2, 10, 20]);
  });

  it('writes Parquet and JSON that read back', async () => {
    for (const name of ['forecast.parquet', 'forecast.json', 'forecast.arrow']) {
      const path = join(dir, name);
      await writeForecast(result, path);
      const back = await readTable(path);
      expect(back.length).toBe(4);
      expect(Array.from(back.columns['q0.9'] as ArrayLike<number>).map(Number)).toEqual([3, 4, 30, 40]);
    }
  });
});
