/**
 * One interface for every per-series statistical model, in the spirit of statsforecast: fit on a
 * history, then forecast a point path plus any quantile levels. Panel-level concerns (timestamps,
 * many series, the adapter lifecycle) live in `models/statistical.ts`.
 */
export interface UnivariateForecast {
  readonly mean: Float64Array;
  /** quantiles[k] is the path for the k-th requested level. */
  readonly quantiles: Float64Array[];
}

export interface FittedUnivariate {
  forecast(h: number, quantiles: readonly number[]): UnivariateForecast;
  /** One-step in-sample fitted values (NaN where undefined), when the model has them. */
  readonly fitted?: Float64Array;
  /** Residual standard deviation used for Gaussian intervals, when the model has one. */
  readonly sigma?: number;
  /** Short description of the selected specification, e.g. "ETS(M,Ad,N)". */
  readonly spec?: string;
}

export interface UnivariateModel {
  /** Name shown in the output's `model` column, e.g. "SeasonalNaive". */
  readonly name: string;
  /** `y` has no NaN (QA repairs gaps first); `seasonLength` >= 1. */
  fit(y: Float64Array, seasonLength: number): FittedUnivariate;
}
