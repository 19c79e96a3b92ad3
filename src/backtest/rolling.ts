/**
 * Rolling-origin backtest of any model: a `ForecastAdapter` (fit → predict) or a plain forecast
 * function. Each window trains on the data before its cutoff, forecasts h steps and is scored on the
 * actuals; a window that fails is recorded in `errors` and the run goes on (as the Python original).
 */
import type { FutureCovariates, Panel, Series } from '../data/panel.js';
import { resolveFreq, resolveSeasonLength } from '../task/resolvedTask.js';
import { EBacktestInsufficientData, EContractEmpty, EFreqInferFailed, isTSAgentKitError } from '../errors/index.js';
import type { ForecastResult } from '../forecast/types.js';
import { evaluateSeries, meanMetrics, type MetricValues } from '../metrics/evaluate.js';
import { wape, wql } from '../metrics/index.js';
import type { ForecastAdapter, ForecastTask } from '../models/contract.js';
import { buildCvFrame, type CvFrame, type CvRow } from './cvFrame.js';
import { dateIndex, lowerBound, planWindows, type WindowAnchor, type WindowStrategy } from './windows.js';

/** A forecast function: trains on `train` and returns h steps for (some of) its series. */
export type ForecastFn = (train: Panel, task: ForecastTask) => Promise<ForecastResult> | ForecastResult;

export type BacktestModel = ForecastAdapter | ForecastFn | { readonly name: string; readonly forecast: ForecastFn };

export interface BacktestOptions {
  readonly h: number;
  /** Default 2 (the TaskSpec default). */
  readonly nWindows?: number;
  /** Dates between consecutive cutoffs; default h (as the original). */
  readonly step?: number;
  /** Dates in the first (or every sliding) training window; default max(2·seasonLength, 10) (as the original). */
  readonly minTrainSize?: number;
  readonly strategy?: WindowStrategy;
  /** "start" (default, the original's placement) or "end" (the last window ends on the last date). */
  readonly anchor?: WindowAnchor;
  readonly freq?: string;
  readonly seasonLength?: number;
  /** Quantile levels to request and score; default none. */
  readonly quantiles?: readonly number[];
  /** Shown in the `model` column when the model does not name itself (functions). */
  readonly modelName?: string;
  /** Series id → segment (e.g. the plan's perSeriesClass) for segment metrics. */
  readonly segments?: Readonly<Record<string, string>>;
  /** Called after each window, for progress output. */
  readonly onWindow?: (event: { window: number; of: number; cutoff: number; ok: boolean; ms: number }) => void;
}

export interface WindowResult {
  readonly index: number;
  /** Last training timestamp (epoch ms): the `cutoff` column's value for this window. */
  readonly cutoff: number;
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
  readonly ok: boolean;
  readonly nSeries: number;
  readonly nObservations: number;
  /** Mean over the window's series. Empty when the window failed. */
  readonly metrics: MetricValues;
  readonly ms: number;
  /** Series left out of this window (no training data before the cutoff, or no test points). */
  readonly skippedSeries: readonly string[];
  /** Test points that got no forecast (model returned other timestamps or fewer series). */
  readonly unforecastPoints: number;
}

export interface BacktestError {
  readonly window: number;
  readonly stage: 'fit' | 'predict' | 'forecast' | 'score';
  readonly code: string;
  readonly message: string;
}

export interface BacktestReport {
  readonly model: string;
  readonly strategy: WindowStrategy;
  readonly anchor: WindowAnchor;
  readonly h: number;
  readonly step: number;
  readonly minTrainSize: number;
  readonly seasonLength: number;
  readonly freq: string;
  readonly nWindowsRequested: number;
  /** Windows that produced scores. */
  readonly nWindowsOk: number;
  readonly windows: readonly WindowResult[];
  readonly errors: readonly BacktestError[];
  /** Per series: mean of its per-window metrics. */
  readonly seriesMetrics: Readonly<Record<string, MetricValues>>;
  /** Per segment (e.g. series class): mean over its series' per-window metrics. */
  readonly segmentMetrics: Readonly<Record<string, MetricValues>>;
  /** Mean over every (series, window) score, ignoring NaN (the original's aggregate). */
  readonly aggregate: MetricValues;
  /** WAPE and GluonTS WQL pooled over the whole CV frame. */
  readonly pooled: MetricValues;
  readonly cv: CvFrame;
}

interface Runner {
  readonly name: string | undefined;
  run(train: Panel, task: ForecastTask): Promise<ForecastResult>;
}

function toRunner(model: BacktestModel): Runner {
  if (typeof model === 'function') return { name: undefined, run: async (p, t) => model(p, t) };
  if ('forecast' in model) return { name: model.name, run: async (p, t) => model.forecast(p, t) };
  const adapter = model;
  return {
    name: adapter.name,
    async run(p, t) {
      const fitted = await stage('fit', () => adapter.fit(p, t));
      return stage('predict', () => adapter.predict(fitted));
    },
  };
}

class StageError extends Error {
  constructor(
    readonly stage: BacktestError['stage'],
    readonly inner: unknown,
  ) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

async function stage<T>(name: BacktestError['stage'], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new StageError(name, e);
  }
}

export async function rollingBacktest(panel: Panel, model: BacktestModel, options: BacktestOptions): Promise<BacktestReport> {
  if (panel.series.length === 0) throw new EContractEmpty('Cannot backtest an empty panel.', { context: { nSeries: 0 } });
  const freq = resolveFreq(options.freq, panel);
  if (!freq) {
    throw new EFreqInferFailed('The backtest needs the data frequency and it could not be inferred.', {
      context: { nSeries: panel.series.length },
    });
  }
  const seasonLength = resolveSeasonLength(options.seasonLength, freq);
  const h = options.h;
  const nWindows = options.nWindows ?? 2;
  const step = options.step ?? h;
  const minTrainSize = options.minTrainSize ?? Math.max(2 * seasonLength, 10);
  const strategy = options.strategy ?? 'expanding';
  const anchor = options.anchor ?? 'end';
  const levels = [...(options.quantiles ?? [])].sort((a, b) => a - b);
  const task: ForecastTask = { h, freq, seasonLength, quantiles: levels };

  const dates = dateIndex(panel.series);
  const specs = planWindows(dates.length, { h, nWindows, step, minTrainSize, strategy, anchor });
  const runner = toRunner(model);
  let modelName = options.modelName ?? runner.name ?? 'model';
  let named = false;

  const windows: WindowResult[] = [];
  const errors: BacktestError[] = [];
  const rows: CvRow[] = [];
  const scores: Array<{ id: string; window: number; metrics: MetricValues }> = [];

  for (const w of specs) {
    const started = performance.now();
    const trainStart = dates[w.trainStartIdx];
    const testStart = dates[w.testStartIdx];
    const testEnd = dates[w.testEndIdx - 1];
    const cutoff = dates[w.testStartIdx - 1];
    const split = splitPanel(panel, trainStart, testStart, testEnd);
    const base = {
      index: w.index,
      cutoff,
      trainStart,
      trainEnd: cutoff,
      testStart,
      testEnd,
      skippedSeries: split.skipped,
    };
    const fail = (st: BacktestError['stage'], e: unknown) => {
      const inner = e instanceof StageError ? e.inner : e;
      errors.push({
        window: w.index,
        stage: e instanceof StageError ? e.stage : st,
        code: isTSAgentKitError(inner) ? inner.code : 'E_UNEXPECTED',
        message: inner instanceof Error ? inner.message : String(inner),
      });
      const ms = performance.now() - started;
      windows.push({ ...base, ok: false, nSeries: 0, nObservations: 0, metrics: {}, ms, unforecastPoints: 0 });
      options.onWindow?.({ window: w.index, of: specs.length, cutoff, ok: false, ms });
    };
    if (split.train.series.length === 0) {
      fail('forecast', new EBacktestInsufficientData('No series has both training data and test points in this window.'));
      continue;
    }
    let result: ForecastResult;
    try {
      result = await runner.run(split.train, task);
    } catch (e) {
      fail('forecast', e);
      continue;
    }
    // The model column: an explicit name, else what the model calls itself in its result.
    const name = options.modelName ?? (result.model || runner.name) ?? 'model';
    if (!named) {
      modelName = name;
      named = true;
    }

    try {
      const byId = new Map(result.series.map((s) => [s.id, s]));
      const qIndex = levels.map((q) => result.quantileLevels.findIndex((l) => Math.abs(l - q) < 1e-9));
      let unforecast = 0;
      let nObs = 0;
      const windowScores: MetricValues[] = [];
      for (const t of split.tests) {
        const fc = byId.get(t.id);
        const y: number[] = [];
        const mean: number[] = [];
        const qs: number[][] = levels.map(() => []);
        for (let i = 0; i < t.ds.length; i++) {
          const j = fc ? indexOfTime(fc.ds, t.ds[i]) : -1;
          if (j < 0) {
            unforecast += 1;
            continue;
          }
          const row: CvRow = {
            unique_id: t.id,
            ds: t.ds[i],
            cutoff,
            y: t.y[i],
            model: name,
            mean: fc!.mean[j],
            quantiles: qIndex.map((k) => (k < 0 ? Number.NaN : fc!.quantiles[k][j])),
          };
          rows.push(row);
          y.push(row.y);
          mean.push(row.mean);
          row.quantiles.forEach((v, k) => qs[k].push(v));
        }
        if (y.length === 0) continue;
        nObs += y.length;
        const usable = qIndex.every((k) => k >= 0);
        const metrics = evaluateSeries({
          y,
          mean,
          ...(usable && levels.length > 0 ? { quantileLevels: levels, quantiles: qs } : {}),
          train: t.train,
          seasonLength,
        });
        scores.push({ id: t.id, window: w.index, metrics });
        windowScores.push(metrics);
      }
      const ms = performance.now() - started;
      windows.push({
        ...base,
        ok: true,
        nSeries: windowScores.length,
        nObservations: nObs,
        metrics: meanMetrics(windowScores),
        ms,
        unforecastPoints: unforecast,
      });
      options.onWindow?.({ window: w.index, of: specs.length, cutoff, ok: true, ms });
    } catch (e) {
      fail('score', e);
    }
  }

  const cv = buildCvFrame(rows, levels);
  const seriesMetrics: Record<string, MetricValues> = {};
  for (const id of [...new Set(scores.map((s) => s.id))]) {
    seriesMetrics[id] = meanMetrics(scores.filter((s) => s.id === id).map((s) => s.metrics));
  }
  const segmentMetrics: Record<string, MetricValues> = {};
  if (options.segments) {
    const bySegment = new Map<string, MetricValues[]>();
    for (const s of scores) {
      const seg = options.segments[s.id] ?? 'unknown';
      bySegment.set(seg, [...(bySegment.get(seg) ?? []), s.metrics]);
    }
    for (const seg of [...bySegment.keys()].sort()) segmentMetrics[seg] = meanMetrics(bySegment.get(seg)!);
  }
  const pooled: MetricValues = {};
  if (cv.ds.length > 0) {
    pooled['wape'] = wape(cv.y, cv.mean);
    if (levels.length > 0) pooled['wql'] = wql(cv.y, cv.quantiles, levels);
  }
  return {
    model: modelName,
    strategy,
    anchor,
    h,
    step,
    minTrainSize,
    seasonLength,
    freq,
    nWindowsRequested: nWindows,
    nWindowsOk: windows.filter((w) => w.ok).length,
    windows,
    errors,
    seriesMetrics,
    segmentMetrics,
    aggregate: meanMetrics(scores.map((s) => s.metrics)),
    pooled,
    cv,
  };
}

interface SeriesTest {
  readonly id: string;
  readonly ds: Float64Array;
  readonly y: Float64Array;
  readonly train: Float64Array;
}

/**
 * Training panel (points in [trainStart, testStart)) and test points (in [testStart, testEnd]) per
 * series. Future-known covariates over the test window are taken from the series' own history.
 */
function splitPanel(
  panel: Panel,
  trainStart: number,
  testStart: number,
  testEnd: number,
): { train: Panel; tests: SeriesTest[]; skipped: string[] } {
  const trainSeries: Series[] = [];
  const tests: SeriesTest[] = [];
  const skipped: string[] = [];
  const future = new Map<string, FutureCovariates>();
  for (const s of panel.series) {
    const a = lowerBound(s.ds, trainStart);
    const b = lowerBound(s.ds, testStart);
    const c = lowerBound(s.ds, testEnd + 0.5);
    if (b - a < 1 || c - b < 1) {
      skipped.push(s.id);
      continue;
    }
    const covariates: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(s.covariates)) covariates[k] = v.subarray(a, b);
    trainSeries.push({
      id: s.id,
      ds: s.ds.subarray(a, b),
      y: s.y.subarray(a, b),
      covariates,
      ...(s.statics ? { statics: s.statics } : {}),
    });
    tests.push({ id: s.id, ds: s.ds.subarray(b, c), y: s.y.subarray(b, c), train: s.y.subarray(a, b) });
    if (panel.covariates.futureKnown.length > 0) {
      const values: Record<string, Float64Array> = {};
      for (const k of panel.covariates.futureKnown) if (s.covariates[k]) values[k] = s.covariates[k].subarray(b, c);
      future.set(s.id, { ds: s.ds.subarray(b, c), values });
    }
  }
  const train: Panel = {
    series: trainSeries,
    ...(panel.freq ? { freq: panel.freq } : {}),
    covariates: panel.covariates,
    ...(future.size > 0 ? { future } : {}),
  };
  return { train, tests, skipped };
}

function indexOfTime(ds: Float64Array, t: number): number {
  const i = lowerBound(ds, t);
  return i < ds.length && ds[i] === t ? i : -1;
}
