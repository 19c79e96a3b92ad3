import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelDirsFor } from '../cli/commands/giftEval.js';
import { parsePerFamily, type PerFamilyValues } from '../cli/commands/tsfmAvailability.js';
import { registerTestAdapters } from '../runtime/__tests__/testAdapter.js';
import { CSV_HEADER, pythonFloat, resultPath, writeAllResults, type RuntimeStatsLine } from './outputs.js';
import { forecastBatches, runGiftEval } from './runner.js';
import { panelOf } from './predictor.js';
import type { TestInstance } from './splits.js';
import { T0, seq, writeGiftDataset } from './__tests__/giftFixture.js';

const NaN_ = Number.NaN;
/** Trend 1 per step on a 24-step pattern: seasonal naive (m = 24) misses by 24·(⌊i/24⌋ + 1) at step i, seasonal error 24. */
const hourly = (n: number, scale = 1) => seq(n, (t) => scale * (3 * (t % 24) + t));

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gift-root-'));
  // m4 (one window, m4 prediction length 13, seasonality 1), with a gap in a history, a constant series, a gap in a label
  writeGiftDataset(root, 'm4_weekly', 'W-SUN', [
    { itemId: 'A', start: T0, target: seq(40, (t) => (t === 10 ? NaN_ : 100 + t)) },
    { itemId: 'B', start: T0, target: seq(30, () => 5) },
    { itemId: 'C', start: T0, target: seq(35, (t) => (t === 26 ? NaN_ : 50 + 2 * t)) },
  ]);
  // three windows of 48: ceil(0.1 · 1000 / 48) = 3
  writeGiftDataset(root, 'electricity/H', 'H', [
    { itemId: 'e1', start: T0, target: hourly(1000) },
    { itemId: 'e2', start: T0, target: hourly(1100) },
  ]);
  // two variates, two windows: ceil(0.1 · 500 / 48) = 2
  writeGiftDataset(root, 'bizitobs_l2c/H', 'H', [{ itemId: 'l2c', start: T0, target: [hourly(500), hourly(500, 2)] }]);
  // monthly, seasonality 12, one window
  writeGiftDataset(root, 'hospital', 'M', [{ itemId: 'h', start: Date.UTC(2000, 0, 31), target: seq(60, (t) => (t % 12) + t) }]);
  // bad data: a frequency nobody knows, a corrupt Arrow file; solar/W is missing altogether
  writeGiftDataset(root, 'us_births/D', '3X', [{ itemId: 'u', start: T0, target: seq(100, (t) => t) }]);
  mkdirSync(join(root, 'solar/D'), { recursive: true });
  writeFileSync(join(root, 'solar/D/data-00000-of-00001.arrow'), Buffer.alloc(64, 7));
});

describe('runGiftEval on synthetic datasets in GIFT-Eval layout', () => {
  const datasets = ['m4_weekly', 'electricity/H', 'bizitobs_l2c/H', 'hospital', 'us_births/D', 'solar/D', 'solar/W', 'not_a_dataset'];
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'gift-out-'));
  });

  it('scores seasonal naive with the hand-derived metrics; bad configurations fail typed while the others run', async () => {
    const outcome = await runGiftEval({
      root,
      outDir: out,
      model: 'seasonal_naive',
      modelLabel: 'Seasonal_Naive',
      datasets,
      terms: ['short'],
    });
    const byName = new Map(outcome.computed.map((r) => [r.config, r]));
    expect([...byName.keys()]).toEqual(['m4_weekly/W/short', 'electricity/H/short', 'hospital/M/short', 'bizitobs_l2c/H/short']);

    const m4 = byName.get('m4_weekly/W/short');
    expect(m4).toMatchObject({ prediction_length: 13, windows: 1, seasonality: 1, instances: 3, domain: 'Econ/Fin', num_variates: 1 });
    // A misses by 1…13 (s = 1), B by 0 (s = 0: out of MASE), C by 2…26 without the masked 10 (s = 2)
    expect(m4?.metrics['MAE[0.5]']).toBeCloseTo(263 / 38, 9);
    expect(m4?.metrics['MASE[0.5]']).toBeCloseTo(177 / 25, 9);
    expect(m4?.metrics['MSE[mean]']).toBeCloseTo(3995 / 38, 7);
    expect(m4?.metrics['MSE[0.5]']).toBeCloseTo(3995 / 38, 7);
    expect(m4?.metrics['ND[0.5]']).toBeCloseTo(263 / 3070, 9);

    const el = byName.get('electricity/H/short');
    expect(el).toMatchObject({ prediction_length: 48, windows: 3, seasonality: 24, instances: 6 });
    expect(el?.metrics['MAE[0.5]']).toBeCloseTo(36, 9);
    expect(el?.metrics['MASE[0.5]']).toBeCloseTo(1.5, 9);
    expect(el?.metrics['MSE[mean]']).toBeCloseTo(1440, 6);

    const mv = byName.get('bizitobs_l2c/H/short');
    expect(mv).toMatchObject({ windows: 2, instances: 4, num_variates: 7 });
    expect(mv?.metrics['MAE[0.5]']).toBeCloseTo(54, 9);
    expect(mv?.metrics['MASE[0.5]']).toBeCloseTo(1.5, 9);

    const h = byName.get('hospital/M/short');
    expect(h).toMatchObject({ prediction_length: 12, windows: 1, seasonality: 12 });
    expect(h?.metrics['MASE[0.5]']).toBeCloseTo(1, 9);
    expect(h?.metrics['MAE[0.5]']).toBeCloseTo(12, 9);

    const failures = Object.fromEntries(outcome.failed.map((f) => [f.config, f.error]));
    expect(Object.keys(failures).sort()).toEqual(['not_a_dataset', 'solar/D/short', 'solar/W/short', 'us_births/D/short']);
    expect(failures['us_births/D/short']).toMatchObject({ code: 'E_FREQ_INVALID', context: { config: 'us_births/D/short' } });
    expect(failures['us_births/D/short']?.message).toContain('us_births/D/short');
    expect(failures['solar/D/short']).toMatchObject({ code: 'E_GIFT_EVAL_DATA_INVALID', context: { config: 'solar/D/short' } });
    expect(failures['solar/W/short']).toMatchObject({ code: 'E_GIFT_EVAL_DATA_INVALID', context: { config: 'solar/W/short' } });
    expect(failures['not_a_dataset']).toMatchObject({ code: 'E_GIFT_EVAL_DATASET_UNKNOWN', context: { config: 'not_a_dataset' } });
    const errorFile = JSON.parse(readFileSync(join(out, 'configs', 'solar__D__short.error.json'), 'utf8')) as { error: { code: string } };
    expect(errorFile.error.code).toBe('E_GIFT_EVAL_DATA_INVALID');

    const csv = readFileSync(join(out, 'all_results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'dataset,model,eval_metrics/MSE[mean],eval_metrics/MSE[0.5],eval_metrics/MAE[0.5],eval_metrics/MASE[0.5],eval_metrics/MAPE[0.5],eval_metrics/sMAPE[0.5],eval_metrics/MSIS,eval_metrics/RMSE[mean],eval_metrics/NRMSE[mean],eval_metrics/ND[0.5],eval_metrics/mean_weighted_sum_quantile_loss,domain,num_variates',
    );
    expect(csv[0]).toBe(CSV_HEADER.join(','));
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual([
      'm4_weekly/W/short',
      'electricity/H/short',
      'hospital/M/short',
      'bizitobs_l2c/H/short',
    ]);
    expect(csv[4]?.endsWith(',Web/CloudOps,7')).toBe(true);
    const card = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, string>;
    expect(card).toMatchObject({ model: 'Seasonal_Naive', model_type: 'statistical', model_dtype: 'float32' });

    const stats = readFileSync(join(out, 'runtime_stats.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RuntimeStatsLine);
    expect(stats.map((s) => `${s.config}:${s.status}`)).toEqual([
      'm4_weekly/W/short:ok',
      'electricity/H/short:ok',
      'solar/D/short:failed',
      'solar/W/short:failed',
      'hospital/M/short:ok',
      'us_births/D/short:failed',
      'bizitobs_l2c/H/short:ok',
    ]);
    expect(stats.every((s) => s.load_count === 0 && s.forecast_time_ms_total >= 0)).toBe(true);
  });

  it('resumes: finished configurations are not recomputed, failed ones are retried', async () => {
    const before = statSync(resultPath(out, 'electricity/H/short')).mtimeMs;
    const outcome = await runGiftEval({
      root,
      outDir: out,
      model: 'seasonal_naive',
      modelLabel: 'Seasonal_Naive',
      datasets,
      terms: ['short'],
    });
    expect(outcome.computed).toHaveLength(0);
    expect([...outcome.skipped].sort()).toEqual(['bizitobs_l2c/H/short', 'electricity/H/short', 'hospital/M/short', 'm4_weekly/W/short']);
    expect(outcome.failed).toHaveLength(4);
    expect(statSync(resultPath(out, 'electricity/H/short')).mtimeMs).toBe(before);
    expect(outcome.all).toHaveLength(4);
  });

  it('shards by --configs into separate folders and merges them into one all_results.csv', async () => {
    const a = mkdtempSync(join(tmpdir(), 'gift-shard-'));
    const b = mkdtempSync(join(tmpdir(), 'gift-shard-'));
    const merged = mkdtempSync(join(tmpdir(), 'gift-merged-'));
    await runGiftEval({ root, outDir: a, model: 'seasonal_naive', configs: ['hospital/M/short'] });
    const rb = await runGiftEval({
      root,
      outDir: b,
      model: 'seasonal_naive',
      configs: ['M4_WEEKLY/W/SHORT', 'electricity/H/short'],
      terms: ['short'],
    });
    expect(rb.computed.map((r) => r.config)).toEqual(['m4_weekly/W/short', 'electricity/H/short']);
    const rows = writeAllResults(merged, [a, b]);
    expect(rows.map((r) => r.config)).toEqual(['m4_weekly/W/short', 'electricity/H/short', 'hospital/M/short']);
    expect(readFileSync(join(merged, 'all_results.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });
});

describe('one long-lived session per process vs --legacy', () => {
  const fake = registerTestAdapters({ fakefm: { window: 24 } });
  afterAll(() => fake.restore());

  it('loads the TSFM once for the whole process; legacy loads it once per batch; the metrics are the same', async () => {
    const run = (legacy: boolean) =>
      runGiftEval({
        root,
        outDir: mkdtempSync(join(tmpdir(), 'gift-tsfm-')),
        model: 'fakefm',
        datasets: ['electricity/H', 'bizitobs_l2c/H'],
        terms: ['short'],
        batchSize: 2,
        legacy,
      });
    const session = await run(false);
    const loadsAfterSession = fake.log.load;
    expect(session.runtime.load_count).toBe(1);
    expect(session.runtime.per_adapter['fakefm']?.load_count).toBe(1);
    expect(session.runtime.forecast_batch_count).toBe(5); // 6 + 4 instances in batches of 2
    expect(loadsAfterSession).toBe(1);
    expect(fake.log.unload).toBe(1); // teardown closed the session
    const legacy = await run(true);
    expect(legacy.runtime.load_count).toBe(5);
    expect(fake.log.load - loadsAfterSession).toBe(5);
    expect(legacy.computed.map((r) => r.metrics)).toEqual(session.computed.map((r) => r.metrics));
    expect(session.computed.every((r) => r.fallbacks === 0)).toBe(true);
  });
});

describe('a model that cannot load', () => {
  it('stops the run with the typed load error before any configuration, not once per configuration', async () => {
    const restore = registerTestAdapters({ brokenfm: { failLoad: () => new Error('weights are gone') } });
    try {
      const outDir = mkdtempSync(join(tmpdir(), 'gift-broken-'));
      await expect(runGiftEval({ root, outDir, model: 'brokenfm', datasets: ['hospital'] })).rejects.toMatchObject({
        code: 'E_MODEL_LOAD_FAILED',
      });
      expect(restore.log.load).toBe(1);
    } finally {
      restore.restore();
    }
  });
});

describe('forecast batches and panels', () => {
  const inst = (n: number, start = T0): TestInstance => ({
    itemId: `i${n}`,
    window: 0,
    offset: n,
    start,
    input: new Float32Array(n),
    label: new Float32Array(1),
  });

  it('cut at the instance limit or before the history-point budget; a long history gets a batch of its own', () => {
    const sizes = (b: TestInstance[][]) => b.map((x) => x.map((i) => i.input.length));
    expect(
      sizes([
        ...forecastBatches(
          [5, 5, 5, 5, 5].map((n) => inst(n)),
          2,
          100,
        ),
      ]),
    ).toEqual([[5, 5], [5, 5], [5]]);
    expect(
      sizes([
        ...forecastBatches(
          [5, 5, 5, 5].map((n) => inst(n)),
          10,
          12,
        ),
      ]),
    ).toEqual([
      [5, 5],
      [5, 5],
    ]);
    expect(
      sizes([
        ...forecastBatches(
          [3, 50, 3].map((n) => inst(n)),
          10,
          12,
        ),
      ]),
    ).toEqual([[3], [50], [3]]);
  });

  it('panel timestamps: fixed steps for sub-daily data, calendar steps for months', () => {
    const hourly = panelOf([inst(3)], 'H', false).series[0];
    expect(Array.from(hourly?.ds ?? [])).toEqual([T0, T0 + 3_600_000, T0 + 7_200_000]);
    const monthly = panelOf([inst(3, Date.UTC(2000, 0, 31))], 'M', true).series[0];
    expect(Array.from(monthly?.ds ?? [])).toEqual([Date.UTC(2000, 0, 31), Date.UTC(2000, 1, 29), Date.UTC(2000, 2, 31)]);
  });
});

describe('outputs', () => {
  it("writes floats as Python's repr does", () => {
    expect([4, 0.5, 1e-5, 0.0001, 1e16, 123.456, 2487884.428, 0.06087039452311706, -2.5e-7, Number.NaN].map(pythonFloat)).toEqual([
      '4.0',
      '0.5',
      '1e-05',
      '0.0001',
      '1e+16',
      '123.456',
      '2487884.428',
      '0.06087039452311706',
      '-2.5e-07',
      'nan',
    ]);
  });

  it('takes --model-dir as the CLI parses it (name=dir lists, repeatable); a bare directory is the model’s', () => {
    const parse = (args: string[]) =>
      args.reduce<PerFamilyValues | undefined>((prev, a) => parsePerFamily('--model-dir', a, prev), undefined);
    expect(modelDirsFor(parse(['chronos=/a']), 'seasonal_naive')).toEqual({ chronos: '/a' });
    expect(modelDirsFor(parse(['/b', 'chronos=/b']), 'chronos')).toEqual({ chronos: '/b' });
    expect(modelDirsFor(parse(['/ckpt']), 'chronos')).toEqual({ chronos: '/ckpt' });
    expect(modelDirsFor(undefined, 'seasonal_naive')).toEqual({});
    expect(() => parse(['chronos='])).toThrow(/names no value/);
    expect(() => parse(['nope=/x'])).toThrow(/unknown TSFM family "nope"/);
  });
});
