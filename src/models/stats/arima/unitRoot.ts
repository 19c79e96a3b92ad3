/**
 * How many differences auto.arima takes, as forecast 8.20 decides: `ndiffs` with the KPSS test
 * (urca's `ur.kpss`, level stationarity, lag trunc(3·√n/13), 5% level, p-value interpolated in
 * the table of critical values) and `nsdiffs` with the seasonal-strength heuristic (STL via
 * `mstl`: one seasonal difference when 1 − Var(remainder)/Var(remainder + season) > 0.64).
 */
import { isConstantSeries } from '../ets/ets.js';
import { rMean } from '../numeric/linalg.js';
import { stl } from '../stl.js';

function diff(x: ArrayLike<number>, lag = 1): Float64Array {
  const out = new Float64Array(Math.max(x.length - lag, 0));
  for (let i = 0; i < out.length; i++) out[i] = x[i + lag] - x[i];
  return out;
}

/** urca's KPSS statistic (type "mu") with `lags` Bartlett-weighted autocovariances. */
export function kpssStatistic(y: ArrayLike<number>, lags: number): number {
  const n = y.length;
  const mean = rMean(y);
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = y[i] - mean;
  let S = 0;
  let sumS2 = 0;
  let sumRes2 = 0;
  for (let i = 0; i < n; i++) {
    S += res[i];
    sumS2 += S * S;
    sumRes2 += res[i] * res[i];
  }
  const numerator = sumS2 / (n * n);
  const s2 = sumRes2 / n;
  let denominator = s2;
  if (lags > 0) {
    let acc = 0;
    for (let k = 1; k <= lags; k++) {
      let cov = 0;
      for (let i = k; i < n; i++) cov += res[i] * res[i - k];
      acc += (1 - k / (lags + 1)) * cov;
    }
    denominator = s2 + (2 / n) * acc;
  }
  return numerator / denominator;
}

const KPSS_CRITICAL = [0.347, 0.463, 0.574, 0.739];
const KPSS_LEVELS = [0.1, 0.05, 0.025, 0.01];

/** R's `approx(cval, levels, xout = stat, rule = 2)`: the interpolated p-value of the KPSS statistic. */
export function kpssPValue(stat: number): number {
  if (Number.isNaN(stat)) return Number.NaN;
  if (stat <= KPSS_CRITICAL[0]) return KPSS_LEVELS[0];
  for (let i = 1; i < KPSS_CRITICAL.length; i++) {
    if (stat <= KPSS_CRITICAL[i]) {
      const x0 = KPSS_CRITICAL[i - 1];
      const x1 = KPSS_CRITICAL[i];
      return KPSS_LEVELS[i - 1] + ((KPSS_LEVELS[i] - KPSS_LEVELS[i - 1]) * (stat - x0)) / (x1 - x0);
    }
  }
  return KPSS_LEVELS[KPSS_LEVELS.length - 1];
}

/** forecast's `ndiffs(x, test = "kpss", alpha = 0.05, max.d)`. */
export function ndiffs(x: ArrayLike<number>, maxD = 2, alpha = 0.05): number {
  let y: Float64Array = Float64Array.from(x);
  let d = 0;
  if (isConstantSeries(y)) return d;
  const test = (z: Float64Array): boolean => kpssPValue(kpssStatistic(z, Math.trunc((3 * Math.sqrt(z.length)) / 13))) < alpha;
  let dodiff = test(y);
  while (dodiff && d < maxD) {
    d++;
    y = diff(y);
    if (isConstantSeries(y)) return d;
    dodiff = test(y);
  }
  return d;
}

/** R's `var` (n − 1 denominator, two passes). */
function variance(x: ArrayLike<number>): number {
  const n = x.length;
  const m = rMean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
  return s / (n - 1);
}

/**
 * forecast's `seas.heuristic` for one seasonal period: the strength of seasonality of an STL
 * decomposition (`mstl`: s.window = 11, otherwise stl's defaults).
 */
export function seasonalStrength(x: ArrayLike<number>, period: number): number {
  const fit = stl(x, period, { sWindow: 11 });
  const n = x.length;
  const remainder = new Float64Array(n);
  const both = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    remainder[i] = x[i] - fit.seasonal[i] - fit.trend[i];
    both[i] = remainder[i] + fit.seasonal[i];
  }
  return Math.max(0, Math.min(1, 1 - variance(remainder) / variance(both)));
}

/** forecast's `nsdiffs(x, test = "seas", max.D)` for an integer period > 1. */
export function nsdiffs(x: ArrayLike<number>, period: number, maxD = 1): number {
  let y: Float64Array = Float64Array.from(x);
  let D = 0;
  if (isConstantSeries(y)) return D;
  if (period >= y.length) return 0;
  const test = (z: Float64Array): boolean => {
    try {
      return seasonalStrength(z, period) > 0.64;
    } catch {
      // R: an error in the test counts as "no further difference" (with a warning).
      return false;
    }
  };
  let dodiff = test(y);
  while (dodiff && D < maxD) {
    D++;
    y = diff(y, period);
    if (isConstantSeries(y)) return D;
    dodiff = y.length >= 2 * period && D < maxD ? test(y) : false;
  }
  return D;
}
