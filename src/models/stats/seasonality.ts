/**
 * Sample autocorrelation and the M4 competition's seasonality test (the one its statistical
 * benchmarks use before seasonally adjusting): a series of length n ≥ 3m is seasonal when
 *
 *   |r_m| > 1.645 · sqrt((1 + 2·Σ_{k<m} r_k²) / n)
 *
 * i.e. the lag-m autocorrelation exceeds the 90% limit of Bartlett's formula. R computes the ACF
 * only up to its default lag.max = floor(10·log10(n)); when that is below m the test is false
 * (r_m is NA there). We keep that rule so our decisions match R's on the same data.
 */

/** r_1 … r_maxLag (index k − 1 holds lag k), with R's acf(demean = TRUE) normalisation. */
export function autocorrelations(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t]!;
  mean /= n;
  let c0 = 0;
  for (let t = 0; t < n; t++) c0 += (y[t]! - mean) ** 2;
  const r = new Float64Array(Math.max(0, Math.min(maxLag, n - 1)));
  for (let k = 1; k <= r.length; k++) {
    let ck = 0;
    for (let t = 0; t + k < n; t++) ck += (y[t]! - mean) * (y[t + k]! - mean);
    r[k - 1] = c0 > 0 ? ck / c0 : Number.NaN;
  }
  return r;
}

/** R's default number of ACF lags for a univariate series of length n. */
export function defaultAcfLags(n: number): number {
  return Math.min(Math.floor(10 * Math.log10(n)), n - 1);
}

export interface SeasonalityTestResult {
  readonly seasonal: boolean;
  /** r_m, NaN when not computed. */
  readonly acf: number;
  /** The 90% limit it is compared with, NaN when not computed. */
  readonly limit: number;
}

/** The M4 benchmarks' 90% ACF seasonality test. Always false for m <= 1 or n < 3m. */
export function seasonalityTest(y: ArrayLike<number>, m: number): SeasonalityTestResult {
  const n = y.length;
  const none = { seasonal: false, acf: Number.NaN, limit: Number.NaN };
  if (m <= 1 || n < 3 * m) return none;
  const lags = defaultAcfLags(n);
  if (lags < m) return none;
  const r = autocorrelations(y, m);
  let sumSq = 0;
  for (let k = 0; k < m - 1; k++) sumSq += r[k]! ** 2;
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(1 + 2 * sumSq);
  const acf = r[m - 1]!;
  return { seasonal: Number.isFinite(acf) && Math.abs(acf) > limit, acf, limit };
}
