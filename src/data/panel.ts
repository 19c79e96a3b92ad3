/**
 * The in-memory panel: long-format data (`unique_id`, `ds`, `y`, covariates) regrouped per series
 * into typed arrays. Every model, the router, QA and backtests work on this shape; file formats and
 * row records are converted at the edges (see `data/io`).
 */

/** Epoch milliseconds, UTC. Calendar arithmetic (months, quarters) happens in `data/frequency`. */
export type Timestamp = number;

export interface Series {
  readonly id: string;
  /** Strictly increasing timestamps once validated. */
  readonly ds: Float64Array;
  /** Target; NaN marks a missing observation. */
  readonly y: Float64Array;
  /** Historical covariate values aligned with `ds` (NaN = missing). */
  readonly covariates: Readonly<Record<string, Float64Array>>;
  /** Per-series constants (e.g. store size). */
  readonly statics?: Readonly<Record<string, number | string>>;
}

/** Values of future-known covariates over the forecast horizon of one series. */
export interface FutureCovariates {
  readonly ds: Float64Array;
  readonly values: Readonly<Record<string, Float64Array>>;
}

export interface CovariateRoles {
  /** Observed only in the past (values after the last target are not used). */
  readonly past: readonly string[];
  /** Known in advance for the forecast horizon (calendar, promotions, prices). */
  readonly futureKnown: readonly string[];
  readonly static: readonly string[];
}

export interface Panel {
  /** Sorted by id; order is stable and defines output order. */
  readonly series: readonly Series[];
  /** Canonical frequency alias (e.g. "H", "W-SUN", "MS") when known. */
  readonly freq?: string;
  readonly covariates: CovariateRoles;
  /** Future values of future-known covariates, keyed by series id. */
  readonly future?: ReadonlyMap<string, FutureCovariates>;
}

/** Builds a panel from plain arrays; handy in tests and for callers that already hold typed data. */
export function panelFromArrays(
  items: ReadonlyArray<{ id: string; ds: ArrayLike<number>; y: ArrayLike<number>; covariates?: Record<string, ArrayLike<number>> }>,
  freq?: string,
): Panel {
  const series = items.map((s) => ({
    id: s.id,
    ds: Float64Array.from(s.ds),
    y: Float64Array.from(s.y, (v) => (v === null || v === undefined ? Number.NaN : Number(v))),
    covariates: Object.fromEntries(Object.entries(s.covariates ?? {}).map(([k, v]) => [k, Float64Array.from(v)])),
  }));
  series.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const past = [...new Set(series.flatMap((s) => Object.keys(s.covariates)))].sort();
  return { series, ...(freq ? { freq } : {}), covariates: { past, futureKnown: [], static: [] } };
}
