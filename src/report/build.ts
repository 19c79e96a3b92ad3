/**
 * The one report builder: a run's artifact, its forecast per series, its backtest (CV) rows and
 * the observed history become a `ForecastReport`. `fromRun.ts` and `fromFiles.ts` only gather
 * these inputs.
 */
import type { RunArtifact } from '../forecast/artifact.js';
import { EReportInputInvalid } from '../errors/index.js';
import { intervalLevelsFromQuantiles } from '../metrics/evaluate.js';
import type { ForecastReport, ReportBacktestWindow, ReportFallback, ReportSeries } from './model.js';

export interface ReportForecastSeries {
  readonly id: string;
  readonly model: string;
  readonly ds: ArrayLike<number>;
  readonly mean: ArrayLike<number>;
  /** quantiles[k] is level `quantileLevels[k]` of the inputs. */
  readonly quantiles: readonly ArrayLike<number>[];
}

/** The CV frame's columns (src/backtest `CvFrame`, or backtest.<fmt> read back). */
export interface ReportCvRows {
  readonly quantileLevels: readonly number[];
  readonly unique_id: readonly string[];
  readonly ds: ArrayLike<number>;
  readonly cutoff: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly mean: ArrayLike<number>;
  readonly quantiles: readonly ArrayLike<number>[];
}

export interface ReportHistorySeries {
  readonly id: string;
  readonly ds: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface ReportInputs {
  readonly artifact: RunArtifact;
  readonly quantileLevels: readonly number[];
  readonly forecast: readonly ReportForecastSeries[];
  readonly cv?: ReportCvRows | undefined;
  readonly history?: readonly ReportHistorySeries[] | undefined;
}

export interface ReportOptions {
  /** Report title (default: the data source). */
  readonly title?: string;
  /**
   * How many of the last observations each chart shows: a number, `'all'`, or `'auto'` (default):
   * max(200, 8·h, 3 seasons), stretched back to one horizon before the first backtest cutoff.
   */
  readonly historyPoints?: number | 'all' | 'auto';
}

export function buildReport(inputs: ReportInputs, options: ReportOptions = {}): ForecastReport {
  const { artifact } = inputs;
  const order = inputs.quantileLevels.map((q, k) => ({ q, k })).sort((a, b) => a.q - b.q);
  const levels = order.map((o) => o.q);
  const intervals = intervalLevelsFromQuantiles(levels).sort((a, b) => b.level - a.level);
  const ladders = laddersBySeries(artifact);
  const history = new Map((inputs.history ?? []).map((s) => [s.id, s]));
  const backtest = backtestBySeries(inputs.cv, levels);
  const seriesMetrics = (artifact.backtest?.seriesMetrics ?? {}) as Record<string, Record<string, number | null>>;
  const cutoffs = [...new Set((artifact.backtest?.windows ?? []).filter((w) => w.ok).map((w) => Date.parse(w.cutoff)))].sort(
    (a, b) => a - b,
  );

  const series: ReportSeries[] = inputs.forecast.map((f) => {
    const ladder = ladders.get(f.id) ?? [];
    const windows = backtest.get(f.id) ?? [];
    const observed = history.get(f.id);
    const full = observed ? { ds: Float64Array.from(observed.ds), y: Float64Array.from(observed.y) } : actualsFromBacktest(windows);
    const keep = historyToKeep(full.ds, options.historyPoints ?? 'auto', artifact, windows);
    return {
      id: f.id,
      model: f.model,
      ladder,
      fallbacks: fallbacksFor(f.id, f.model, ladder, artifact.fallbacks),
      history: { ds: full.ds.subarray(full.ds.length - keep), y: full.y.subarray(full.y.length - keep) },
      historyLength: full.ds.length,
      forecast: {
        ds: Float64Array.from(f.ds),
        mean: Float64Array.from(f.mean),
        quantiles: order.map(({ k }) => {
          const q = f.quantiles[k];
          if (!q)
            throw new EReportInputInvalid(`The forecast of series "${f.id}" lacks quantile level ${inputs.quantileLevels[k]}.`, {
              context: { series: f.id },
            });
          return Float64Array.from(q);
        }),
      },
      backtest: windows,
      metrics: seriesMetrics[f.id] ?? {},
    };
  });

  const backtestMetrics: Record<string, number | null> = { ...(artifact.backtest?.aggregate ?? {}) };
  for (const [k, v] of Object.entries(artifact.backtest?.pooled ?? {})) backtestMetrics[`pooled_${k}`] = v;
  return {
    kind: 'tsagentkit.report',
    title: options.title ?? titleFor(artifact.data.source),
    source: artifact.data.source,
    runId: artifact.runId,
    createdAt: artifact.createdAt,
    freq: artifact.task.freq,
    h: artifact.task.h,
    seasonLength: artifact.task.seasonLength,
    quantileLevels: levels,
    intervals,
    seriesPerModel: artifact.model.seriesPerModel,
    fallbackCount: artifact.fallbacks.length,
    backtestMetrics,
    backtestCutoffs: cutoffs,
    notes: artifact.notes,
    hasHistory: inputs.history !== undefined && series.some((s) => history.has(s.id)),
    series,
  };
}

function titleFor(source: string): string {
  return source.startsWith('example:') ? `Forecast: ${source.slice('example:'.length)} example` : `Forecast: ${source}`;
}

/** Series id → the candidate ladder of its plan bucket. */
function laddersBySeries(artifact: RunArtifact): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  const buckets = (artifact.plan as { buckets?: unknown }).buckets;
  if (!Array.isArray(buckets)) return out;
  for (const b of buckets as Array<{ seriesIds?: unknown; candidates?: unknown }>) {
    if (!Array.isArray(b.seriesIds) || !Array.isArray(b.candidates)) continue;
    const ladder = b.candidates.map(String);
    for (const id of b.seriesIds) out.set(String(id), ladder);
  }
  return out;
}

/**
 * The transitions that concerned a series: per-series ones that name it, and group-wide ones
 * (no series list) whose failed model sits in its ladder before the model that answered it.
 */
function fallbacksFor(id: string, model: string, ladder: readonly string[], all: RunArtifact['fallbacks']): ReportFallback[] {
  const answered = ladder.indexOf(model);
  return all
    .filter((t) => {
      if (Array.isArray(t.series)) return t.series.includes(id);
      const failed = ladder.indexOf(t.from);
      return failed >= 0 && (answered < 0 || failed < answered);
    })
    .map((t) => ({ from: t.from, to: t.to, stage: t.stage, errorCode: t.errorCode }));
}

function backtestBySeries(cv: ReportCvRows | undefined, levels: readonly number[]): Map<string, ReportBacktestWindow[]> {
  const out = new Map<string, ReportBacktestWindow[]>();
  if (!cv) return out;
  // The CV frame's columns in the report's (ascending) level order; a level it lacks stays NaN.
  const columns = levels.map((q) => {
    const k = cv.quantileLevels.findIndex((c) => Math.abs(c - q) < 1e-9);
    return k >= 0 ? cv.quantiles[k] : undefined;
  });
  const rows = new Map<string, Map<number, number[]>>();
  for (let i = 0; i < cv.unique_id.length; i++) {
    const id = cv.unique_id[i] as string;
    const cutoff = cv.cutoff[i] as number;
    let byCutoff = rows.get(id);
    if (!byCutoff) rows.set(id, (byCutoff = new Map()));
    const list = byCutoff.get(cutoff);
    if (list) list.push(i);
    else byCutoff.set(cutoff, [i]);
  }
  for (const [id, byCutoff] of rows) {
    const windows = [...byCutoff.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([cutoff, idx]): ReportBacktestWindow => {
        idx.sort((a, b) => (cv.ds[a] as number) - (cv.ds[b] as number));
        const pick = (col: ArrayLike<number> | undefined) => Float64Array.from(idx, (i) => (col ? (col[i] as number) : Number.NaN));
        return { cutoff, ds: pick(cv.ds), y: pick(cv.y), mean: pick(cv.mean), quantiles: columns.map(pick) };
      });
    out.set(id, windows);
  }
  return out;
}

/** Without the observed history the backtest windows' actuals are all we have. */
function actualsFromBacktest(windows: readonly ReportBacktestWindow[]): { ds: Float64Array; y: Float64Array } {
  const points = new Map<number, number>();
  for (const w of windows) w.ds.forEach((t, i) => points.set(t, w.y[i] as number));
  const ds = Float64Array.from([...points.keys()].sort((a, b) => a - b));
  return { ds, y: Float64Array.from(ds, (t) => points.get(t) as number) };
}

function historyToKeep(
  ds: Float64Array,
  want: number | 'all' | 'auto',
  artifact: RunArtifact,
  windows: readonly ReportBacktestWindow[],
): number {
  const n = ds.length;
  if (want === 'all') return n;
  if (typeof want === 'number') {
    if (!Number.isInteger(want) || want < 1) {
      throw new EReportInputInvalid(`historyPoints must be a positive integer, 'all' or 'auto', not ${want}.`, {
        context: { historyPoints: want },
      });
    }
    return Math.min(n, want);
  }
  const { h, seasonLength } = artifact.task;
  let keep = Math.max(200, 8 * h, 3 * seasonLength);
  const first = windows[0]?.cutoff;
  if (first !== undefined) {
    // Show one horizon of training data before the first backtest cutoff.
    let i = n - 1;
    while (i > 0 && (ds[i] as number) > first) i--;
    keep = Math.max(keep, n - Math.max(0, i - h));
  }
  return Math.min(n, keep);
}
