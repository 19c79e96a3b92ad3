/**
 * Sample autocorrelation and the M4 competition's seasonality test — the one test of seasonality in
 * tsagentkit: the router's series classes and the models' seasonal adjustment both ask it, so they
 * cannot disagree on a series. A series of length n ≥ 3m is seasonal when
 *
 *   |r_m| > 1.645 · sqrt((1 + 2·Σ_{k<m} r_k²) / n)
 *
 * i.e. the lag-m autocorrelation exceeds the 90% limit of Bartlett's formula. (The M4 R script takes
 * r_m from `acf()`, whose default lag.max = floor(10·log10(n)) misses lag m for short series of long
 * seasons, e.g. 6 days of hourly data; there r_m is NA and R has no answer. We compute r_m for any
 * n ≥ 3m, so such a series is tested; on the M4 data, where n is long enough, the decisions are R's.)
 *
 * Missing values (NaN) are skipped pairwise, as R's `acf(na.action = na.pass)`: the mean and
 * variance use the observed values, a lag product counts when both ends are observed.
 */

/** Sample autocorrelation of `y` at `lag`, R's acf(demean = TRUE) normalisation; 0 for a constant series. */
export function acf(y: ArrayLike<number>, lag: number): number {
  const k = Math.max(0, Math.floor(lag));
  let sum = 0;
  let n = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t] ?? Number.NaN;
    if (!Number.isNaN(v)) {
      sum += v;
      n += 1;
    }
  }
  if (n === 0 || k >= y.length) return 0;
  const mean = sum / n;
  let c0 = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t] ?? Number.NaN;
    if (!Number.isNaN(v)) c0 += (v - mean) ** 2;
  }
  if (c0 === 0) return 0;
  let ck = 0;
  for (let t = k; t < y.length; t++) {
    const a = y[t] ?? Number.NaN;
    const b = y[t - k] ?? Number.NaN;
    if (!Number.isNaN(a) && !Number.isNaN(b)) ck += (a - mean) * (b - mean);
  }
  return ck / c0;
}

/** r_1 … r_maxLag (index k − 1 holds lag k). */
export function autocorrelations(y: ArrayLike<number>, maxLag: number): Float64Array {
  const r = new Float64Array(Math.max(0, Math.min(maxLag, y.length - 1)));
  for (let k = 1; k <= r.length; k++) r[k - 1] = acf(y, k);
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
  /** The limit it is compared with, NaN when not computed. */
  readonly limit: number;
  /** Why the test was not run, when it was not. */
  readonly skipped?: string;
}

/** The M4 benchmarks' 90% ACF seasonality test (95% on request). Always false for m <= 1 or n < 3m. */
export function seasonalityTest(y: ArrayLike<number>, m: number, options: { confidence?: 0.9 | 0.95 } = {}): SeasonalityTestResult {
  const none = (skipped: string) => ({ seasonal: false, acf: Number.NaN, limit: Number.NaN, skipped });
  let n = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t] ?? Number.NaN)) n += 1;
  if (m <= 1) return none('season length is 1');
  if (n < 3 * m) return none(`needs ${3 * m} observations, has ${n}`);
  const r = autocorrelations(y, m);
  let sumSq = 0;
  for (let k = 0; k < m - 1; k++) sumSq += (r[k] ?? 0) ** 2;
  const z = options.confidence === 0.95 ? 1.96 : 1.645;
  const limit = (z / Math.sqrt(n)) * Math.sqrt(1 + 2 * sumSq);
  const rm = r[m - 1] ?? Number.NaN;
  return { seasonal: Number.isFinite(rm) && Math.abs(rm) > limit, acf: rm, limit };
}
