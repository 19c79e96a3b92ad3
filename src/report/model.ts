/**
 * The report model: everything a fan chart or the HTML report shows, per series (history, point
 * forecast, quantile bands, backtest predictions with their cutoffs, the model and ladder, the
 * fallbacks it took, its backtest metrics) plus the run's summary. It is built from a live run
 * (`fromRun.ts`) or from a forecast's output directory (`fromFiles.ts`) by one builder
 * (`build.ts`), so the charts never care where the numbers came from.
 */

/** A central interval given by two of the run's quantile levels, e.g. 80% = q0.1 … q0.9. */
export interface ReportInterval {
  /** Coverage in percent, e.g. 80. */
  readonly level: number;
  /** Index into `ForecastReport.quantileLevels` of the lower and upper quantile. */
  readonly lower: number;
  readonly upper: number;
}

export interface ReportFallback {
  readonly from: string;
  readonly to: string | null;
  readonly stage: string;
  readonly errorCode: string;
}

export interface ReportBacktestWindow {
  /** Last training timestamp (epoch ms). */
  readonly cutoff: number;
  readonly ds: Float64Array;
  /** Actuals of the window (NaN where missing). */
  readonly y: Float64Array;
  readonly mean: Float64Array;
  /** quantiles[k] is level `quantileLevels[k]` of the report. */
  readonly quantiles: readonly Float64Array[];
}

export interface ReportSeries {
  readonly id: string;
  /** The model that produced this series' forecast. */
  readonly model: string;
  /** The candidate ladder of the series' plan bucket (empty when the plan is unknown). */
  readonly ladder: readonly string[];
  /** The steps down the ladder that concerned this series. */
  readonly fallbacks: readonly ReportFallback[];
  /** Observed history, possibly cut to the report's history window (epoch ms, NaN = missing). */
  readonly history: { readonly ds: Float64Array; readonly y: Float64Array };
  /** Number of observations in the full history (before any cut). */
  readonly historyLength: number;
  readonly forecast: { readonly ds: Float64Array; readonly mean: Float64Array; readonly quantiles: readonly Float64Array[] };
  readonly backtest: readonly ReportBacktestWindow[];
  /** Backtest metrics of this series (mean over its windows); empty without a backtest. */
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface ForecastReport {
  readonly kind: 'tsagentkit.report';
  readonly title: string;
  /** Where the data came from (path or "example:<name>"). */
  readonly source: string;
  readonly runId: string;
  readonly createdAt: string;
  readonly freq: string;
  readonly h: number;
  readonly seasonLength: number;
  /** Ascending quantile levels of the forecast (and of the backtest windows). */
  readonly quantileLevels: readonly number[];
  /** Central intervals the levels provide, widest first (the order bands are drawn in). */
  readonly intervals: readonly ReportInterval[];
  /** Series per model, e.g. { AutoETS: 12, Theta: 2 }. */
  readonly seriesPerModel: Readonly<Record<string, number>>;
  readonly fallbackCount: number;
  /** Aggregate backtest metrics (mean over series and windows, pooled WAPE/WQL); empty without a backtest. */
  readonly backtestMetrics: Readonly<Record<string, number | null>>;
  readonly backtestCutoffs: readonly number[];
  readonly notes: readonly string[];
  /** Whether the observed history was available (else the charts show backtest actuals only). */
  readonly hasHistory: boolean;
  readonly series: readonly ReportSeries[];
}

export function isForecastReport(value: unknown): value is ForecastReport {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tsagentkit.report';
}

/** "80% interval" — the label bands carry in legends and tables. */
export function intervalLabel(level: number): string {
  return `${Number(level.toPrecision(6))}% interval`;
}

/** "model AutoETS · h=12 · freq MS · backtest MASE 0.83": the line under a chart's title. */
export function seriesSubtitle(report: ForecastReport, s: ReportSeries): string {
  const parts = [`model ${s.model}`, `h=${report.h}`, `freq ${report.freq}`];
  if (s.fallbacks.length > 0) parts.push(`after ${s.fallbacks.length} fallback${s.fallbacks.length > 1 ? 's' : ''}`);
  const mase = s.metrics['mase'];
  if (typeof mase === 'number') parts.push(`backtest MASE ${Number(mase.toPrecision(3))}`);
  return parts.join(' · ');
}
