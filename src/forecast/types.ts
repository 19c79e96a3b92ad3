/**
 * What every model returns, TSFM or statistical: per series a point forecast plus one array per
 * requested quantile level. Quantile levels are probabilities in (0, 1); columns are named
 * `q0.1`, `q0.5`, ... in long-format output (see `forecast/frame.ts`).
 */
import type { TSAgentKitError } from '../errors/index.js';

export interface SeriesForecast {
  readonly id: string;
  /** Timestamps of the h future steps (epoch ms). */
  readonly ds: Float64Array;
  /** Point forecast ("mean" column). For TSFMs this is the model's median channel, as upstream. */
  readonly mean: Float64Array;
  /** quantiles[k] holds level quantileLevels[k] for the h steps. */
  readonly quantiles: readonly Float64Array[];
}

export interface ForecastResult {
  /** Model name as shown in the `model` column, e.g. "AutoETS", "chronos". */
  readonly model: string;
  readonly h: number;
  readonly quantileLevels: readonly number[];
  readonly series: readonly SeriesForecast[];
  /**
   * Series the model could not answer for a reason of their own (their worker thread died), absent
   * from `series`. A fallback ladder hands them to its next model; the others keep this forecast.
   */
  readonly failures?: readonly SeriesFailure[];
}

export interface SeriesFailure {
  readonly series: readonly string[];
  /** A model-runtime error (e.g. EWorkerCrashed). */
  readonly error: TSAgentKitError;
}

/** The quantile column name used everywhere: 0.1 -> "q0.1", 0.05 -> "q0.05". */
export function quantileColumn(level: number): string {
  return `q${Number(level.toPrecision(12))}`;
}
