/**
 * Seasonality detection from the autocorrelation at the season lag.
 *
 * The ACF skips missing values pairwise (a lag product counts only when both ends are observed) and
 * uses the usual biased estimator (every lag divided by the same n), as R's `acf` and statsmodels.
 */

/** Sample autocorrelation of `y` at `lag` (NaN-aware). 0 for a constant or too short series. */
export function acf(y: ArrayLike<number>, lag: number): number {
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`lag must be a non-negative integer, got ${lag}`);
  let sum = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    if (!Number.isNaN(y[t]!)) {
      sum += y[t]!;
      n += 1;
    }
  }
  if (n === 0 || lag >= y.length) return 0;
  const mean = sum / n;
  let c0 = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) c0 += (y[t]! - mean) ** 2;
  if (c0 === 0) return 0;
  let ck = 0;
  for (let t = lag; t < y.length; t++) {
    const a = y[t]!;
    const b = y[t - lag]!;
    if (!Number.isNaN(a) && !Number.isNaN(b)) ck += (a - mean) * (b - mean);
  }
  return ck / c0;
}

export interface SeasonalityResult {
  /** ACF at the season lag (NaN when the test was not run). */
  readonly acf: number;
  /** The threshold |acf| had to exceed (NaN when the test was not run). */
  readonly limit: number;
  readonly seasonal: boolean;
  /** Why the test was skipped, when it was. */
  readonly skipped?: string;
}

/**
 * The M4 benchmarks' 90% seasonality test: seasonal when |r_m| > 1.645·sqrt((1 + 2·Σ_{k<m} r_k²) / n),
 * run only for m > 1 and at least three full seasons (n ≥ 3m), otherwise "not seasonal".
 * (The M4 reference script adds r_1 unsquared to the sum; we use the textbook Bartlett variance.)
 *
 * `method: "threshold"` is the Python tsagentkit's rule instead: seasonal when |r_m| ≥ `threshold`
 * (0.7 there), needing only n > m.
 */
export function seasonalityTest(
  y: ArrayLike<number>,
  seasonLength: number,
  options: { method?: 'm4' | 'threshold'; threshold?: number; confidence?: 0.9 | 0.95 } = {},
): SeasonalityResult {
  const m = Math.floor(seasonLength);
  const method = options.method ?? 'm4';
  let n = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t]!)) n += 1;
  if (m <= 1) return { acf: Number.NaN, limit: Number.NaN, seasonal: false, skipped: 'season length is 1' };
  const minLength = method === 'm4' ? 3 * m : m + 1;
  if (n < minLength) {
    return { acf: Number.NaN, limit: Number.NaN, seasonal: false, skipped: `needs ${minLength} observations, has ${n}` };
  }
  const rm = acf(y, m);
  if (method === 'threshold') {
    const limit = options.threshold ?? 0.7;
    return { acf: rm, limit, seasonal: Math.abs(rm) >= limit };
  }
  const z = options.confidence === 0.95 ? 1.96 : 1.645;
  let s = 0;
  for (let k = 1; k < m; k++) s += acf(y, k) ** 2;
  const limit = z * Math.sqrt((1 + 2 * s) / n);
  return { acf: rm, limit, seasonal: Math.abs(rm) > limit };
}
