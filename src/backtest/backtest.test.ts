import { describe, expect, it } from 'vitest';
import { futureTimestamps } from '../data/frequency.js';
import { panelFromArrays, type Panel } from '../data/panel.js';
import { EBacktestInsufficientData, EModelFitFailed } from '../errors/index.js';
import type { ForecastResult } from '../forecast/types.js';
import type { ForecastAdapter, ForecastTask } from '../models/contract.js';
import { cvFrameToTable } from './cvFrame.js';
import { rollingBacktest } from './rolling.js';
import { planWindows, requiredDates } from './windows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function daily(id: string, y: number[], start = 0) {
  return { id, ds: y.map((_, i) => T0 + (start + i) * DAY), y };
}

/** Last-value forecast with a ±1 band for every requested quantile below/above the median. */
function naive(train: Panel, task: ForecastTask): ForecastResult {
  return {
    model: 'TestNaive',
    h: task.h,
    quantileLevels: task.quantiles,
    series: train.series.map((s) => {
      const last = s.y[s.y.length - 1];
      const mean = new Float64Array(task.h).fill(last);
      return {
        id: s.id,
        ds: futureTimestamps(s.ds[s.ds.length - 1], task.freq, task.h),
        mean,
        quantiles: task.quantiles.map((q) => new Float64Array(task.h).fill(last + (q < 0.5 ? -1 : q > 0.5 ? 1 : 0))),
      };
    }),
  };
}

describe('window placement', () => {
  it('anchors at minTrainSize like the original, or at the end', () => {
    const o = { h: 3, nWindows: 3, step: 2, minTrainSize: 8, strategy: 'expanding' as const };
    expect(requiredDates(o)).toBe(8 + 2 * 2 + 3);
    expect(planWindows(20, { ...o, anchor: 'start' }).map((w) => [w.trainStartIdx, w.testStartIdx, w.testEndIdx])).toEqual([
      [0, 8, 11],
      [0, 10, 13],
      [0, 12, 15],
    ]);
    expect(planWindows(20, { ...o, anchor: 'end' }).map((w) => w.testStartIdx)).toEqual([13, 15, 17]);
    expect(planWindows(20, { ...o, anchor: 'end', strategy: 'sliding' }).map((w) => w.trainStartIdx)).toEqual([5, 7, 9]);
  });

  it('needs minTrain + (n−1)·step + h dates, else EBacktestInsufficientData', () => {
    const o = { h: 3, nWindows: 3, step: 2, minTrainSize: 8, strategy: 'expanding' as const, anchor: 'start' as const };
    expect(planWindows(15, o)).toHaveLength(3);
    expect(() => planWindows(14, o)).toThrow(EBacktestInsufficientData);
    expect(() => planWindows(14, o)).toThrow(/need at least 15/);
    expect(() => planWindows(100, { ...o, step: 0 })).toThrow(/step must be an integer/);
  });
});

describe('rollingBacktest', () => {
  const linear = Array.from({ length: 20 }, (_, i) => i + 1); // y = 1..20

  it('scores a function model per window and builds the CV frame with cutoffs', async () => {
    const panel = panelFromArrays(
      [
        daily('a', linear),
        daily(
          'b',
          linear.map((v) => 2 * v),
        ),
      ],
      'D',
    );
    const progress: number[] = [];
    const r = await rollingBacktest(panel, naive, {
      h: 3,
      nWindows: 3,
      step: 2,
      minTrainSize: 8,
      anchor: 'start',
      quantiles: [0.9, 0.1],
      onWindow: (e) => progress.push(e.window),
    });
    expect(progress).toEqual([0, 1, 2]);
    expect(r.model).toBe('TestNaive');
    expect(r.nWindowsOk).toBe(3);
    expect(r.errors).toEqual([]);
    expect(r.cv.ds).toHaveLength(2 * 3 * 3);
    // window 0 trains on 8 dates: cutoff is the 8th date; naive forecasts 8 for y = 9, 10, 11 (series a)
    expect(r.windows[0].cutoff).toBe(T0 + 7 * DAY);
    expect(r.cv.cutoff[0]).toBe(T0 + 7 * DAY);
    expect(r.cv.unique_id[0]).toBe('a');
    expect(Array.from(r.cv.y.subarray(0, 3))).toEqual([9, 10, 11]);
    expect(Array.from(r.cv.mean.subarray(0, 3))).toEqual([8, 8, 8]);
    expect(r.cv.quantileLevels).toEqual([0.1, 0.9]);
    expect(r.cv.quantiles[0][0]).toBe(7);
    // series a: errors 1, 2, 3 every window → MAE 2; seasonal scale (lag 7 for daily) of y = t is 7
    expect(r.seriesMetrics['a']['mae']).toBeCloseTo(2, 12);
    expect(r.seriesMetrics['a']['mase']).toBeCloseTo(2 / 7, 12);
    expect(r.seriesMetrics['b']['mae']).toBeCloseTo(4, 12);
    expect(r.aggregate['mae']).toBeCloseTo(3, 12);
    expect(r.windows[1].metrics['mae']).toBeCloseTo(3, 12);
    // band [last−1, last+1] covers only the first step's actual (error 1)
    expect(r.seriesMetrics['a']['coverage_80']).toBeCloseTo(1 / 3, 12);
    // pooled WAPE over everything: Σ|e| / Σ|y|
    let e = 0;
    let s = 0;
    for (let i = 0; i < r.cv.y.length; i++) {
      e += Math.abs(r.cv.y[i] - r.cv.mean[i]);
      s += Math.abs(r.cv.y[i]);
    }
    expect(r.pooled['wape']).toBeCloseTo(e / s, 12);
    const table = cvFrameToTable(r.cv);
    expect(Object.keys(table.columns)).toEqual(['unique_id', 'ds', 'cutoff', 'y', 'model', 'mean', 'q0.1', 'q0.9']);
    expect(table.columns['cutoff'][0]).toEqual(new Date(T0 + 7 * DAY));
  });

  it('records a failing window and continues', async () => {
    const panel = panelFromArrays([daily('a', linear)], 'D');
    const flaky = (train: Panel, task: ForecastTask) => {
      if (train.series[0].y.length === 10) throw new EModelFitFailed('boom');
      return naive(train, task);
    };
    const r = await rollingBacktest(panel, flaky, { h: 3, nWindows: 3, step: 2, minTrainSize: 8, anchor: 'start', modelName: 'Flaky' });
    expect(r.nWindowsOk).toBe(2);
    expect(r.errors).toEqual([{ window: 1, stage: 'forecast', code: 'E_MODEL_FIT_FAILED', message: 'boom' }]);
    expect(r.windows.map((w) => w.ok)).toEqual([true, false, true]);
    expect(new Set(r.cv.model)).toEqual(new Set(['Flaky']));
    expect(r.cv.ds).toHaveLength(6);
  });

  it('runs a ForecastAdapter through fit then predict, naming the failing stage', async () => {
    const calls: string[] = [];
    const adapter: ForecastAdapter = {
      name: 'Stub',
      kind: 'statistical',
      isLoaded: true,
      modelSize: 'n/a',
      device: 'cpu',
      load: async () => ({ loadMs: 0, weightBytes: 0 }),
      unload: async () => {},
      fit: async (panel, task) => {
        calls.push(`fit:${panel.series[0].y.length}`);
        if (panel.series[0].y.length > 12) throw new EModelFitFailed('too long');
        return { model: 'Stub', panel, task, fitMs: 0 };
      },
      predict: async (f) => {
        calls.push('predict');
        return { ...naive(f.panel, f.task), model: 'Stub' };
      },
    };
    const panel = panelFromArrays([daily('a', linear)], 'D');
    const r = await rollingBacktest(panel, adapter, { h: 2, nWindows: 3, step: 3, minTrainSize: 8, anchor: 'start' });
    expect(calls).toEqual(['fit:8', 'predict', 'fit:11', 'predict', 'fit:14']);
    expect(r.errors).toEqual([{ window: 2, stage: 'fit', code: 'E_MODEL_FIT_FAILED', message: 'too long' }]);
    expect(r.model).toBe('Stub');
  });

  it('sliding windows train on exactly minTrainSize dates', async () => {
    const lengths: number[] = [];
    const panel = panelFromArrays([daily('a', linear)], 'D');
    await rollingBacktest(
      panel,
      (train, task) => {
        lengths.push(train.series[0].y.length);
        return naive(train, task);
      },
      { h: 2, nWindows: 3, step: 2, minTrainSize: 6, strategy: 'sliding', anchor: 'end' },
    );
    expect(lengths).toEqual([6, 6, 6]);
  });

  it('scores the most recent windows by default (anchor end)', async () => {
    const panel = panelFromArrays([daily('a', linear)], 'D');
    const r = await rollingBacktest(panel, naive, { h: 3, nWindows: 2, step: 3, minTrainSize: 8 });
    const last = panel.series[0].ds[linear.length - 1];
    expect(r.windows.map((w) => w.testEnd)).toEqual([last - 3 * 86_400_000, last]);
  });

  it('skips series without data in a window and reports segment metrics', async () => {
    const panel = panelFromArrays([daily('early', linear), daily('late', linear.slice(0, 8), 12)], 'D');
    const r = await rollingBacktest(panel, naive, {
      h: 2,
      nWindows: 2,
      step: 4,
      minTrainSize: 10,
      anchor: 'start',
      segments: { early: 'regular', late: 'cold_start' },
    });
    // window 0 cuts at date 10: 'late' starts at date 12 → skipped; window 1 cuts at date 14 → included
    expect(r.windows[0].skippedSeries).toEqual(['late']);
    expect(r.windows[1].skippedSeries).toEqual([]);
    expect(Object.keys(r.segmentMetrics)).toEqual(['cold_start', 'regular']);
    expect(r.seriesMetrics['late']['mae']).toBeCloseTo(1.5, 12);
  });

  it('refuses too little data with a typed error', async () => {
    const panel = panelFromArrays([daily('a', linear.slice(0, 10))], 'D');
    await expect(rollingBacktest(panel, naive, { h: 3, nWindows: 2, minTrainSize: 8 })).rejects.toThrow(EBacktestInsufficientData);
  });
});
