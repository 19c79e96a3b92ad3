/**
 * The QA outlier detector: R forecast 8.20's `tsoutliers(ts(x, frequency = m))`, ported from its
 * source (`print(forecast::tsoutliers)`), so that regular weekly or yearly peaks are never outliers.
 *
 * One pass, as R's:
 * 1. missing values filled (`na.interp`, see `interpolateMissing`); a constant series has none;
 * 2. seasonal series (m > 1 and n > 2m): `mstl(x, robust = TRUE)`, i.e. `stl(s.window = 11,
 *    robust = TRUE)` (inner 1, outer 15, R's default t/l windows and jumps); when the seasonal
 *    strength 1 − var(remainder)/var(x − trend) is ≥ 0.6 the series is seasonally adjusted
 *    (x − seasonal);
 * 3. the (adjusted) series is smoothed by Friedman's super smoother (`supsmu(1:n, x)`, as R's for
 *    every series, seasonal or not) and resid = x − smooth; missing points get no residual;
 * 4. limits = q25 − 3·IQR, q75 + 3·IQR of the residuals (type-7 quantiles); points outside are
 *    outliers, none when the limits are within 1e-14 of each other.
 * `tsoutliers(iterate = 2)` then replaces the outliers (`na.interp`) and runs one more pass, and the
 * answer is the union of both passes.
 *
 * Detection looks at the whole history (a report, not a repair): nothing here changes a value.
 */
import { stl } from '../models/stats/stl.js';
import { supsmu } from '../models/stats/supsmu.js';

/** mstl's s.window for the first (here the only) seasonal period: 7 + 4·seq(6), first element. */
const S_WINDOW = 11;
/** Fewest points the super smoother's Fortran reads in range (x(n/4) and a 5-point window). */
export const MIN_OUTLIER_POINTS = 5;

function variance(x: ArrayLike<number>): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - mean) ** 2;
  return s / (n - 1);
}

/** R's `quantile(v, p)` (type 7) of finite values. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** R's `approx(idx, x[idx], tt, rule = 2)`: linear between observations, constant beyond them. */
function linearFill(x: Float64Array): Float64Array {
  const out = x.slice();
  const n = x.length;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i])) continue;
    if (prev < 0) for (let k = 0; k < i; k++) out[k] = x[i];
    else for (let k = prev + 1; k < i; k++) out[k] = x[prev] + ((x[i] - x[prev]) * (k - prev)) / (i - prev);
    prev = i;
  }
  if (prev >= 0) for (let k = prev + 1; k < n; k++) out[k] = x[prev];
  return out;
}

/**
 * forecast's `na.interp`. Linear (`approx`, rule 2) when m ≤ 1 or at most 2m values are observed;
 * otherwise, as R: the gaps are seeded from a least-squares fit of K = min(⌊m/2⌋, 5) Fourier
 * pairs and a polynomial of degree min(max(⌊n/10⌋, 1), 6) in time (R's orthogonal `poly` spans the
 * same space as the scaled powers used here), the seeded series is decomposed with
 * `mstl(robust = TRUE)`, and each gap gets the linear interpolation of the seasonally adjusted
 * series plus the seasonal component.
 */
export function interpolateMissing(x: Float64Array, m: number): Float64Array {
  let observed = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) observed++;
  if (observed === x.length) return x;
  if (m <= 1 || observed <= 2 * m || x.length <= 2 * m) return linearFill(x);
  const seeded = regressionSeed(x, m);
  const { seasonal } = stl(seeded, m, { sWindow: S_WINDOW, robust: true });
  const adjusted = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) adjusted[i] = Number.isNaN(x[i]) ? Number.NaN : x[i] - seasonal[i];
  const sa = linearFill(adjusted);
  const out = x.slice();
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) out[i] = sa[i] + seasonal[i];
  return out;
}

/** na.interp's first stage: gaps of x take the fitted values of `lm(x ~ fourier(K) + poly(t, d))`. */
function regressionSeed(x: Float64Array, m: number): Float64Array {
  const n = x.length;
  const K = Math.min(Math.trunc(m / 2), 5);
  const degree = Math.min(Math.max(Math.trunc(n / 10), 1), 6);
  const cols: Float64Array[] = [new Float64Array(n).fill(1)];
  for (let k = 1; k <= K; k++) {
    // forecast's fourier() drops the sine of k = m/2 (identically zero at integer times).
    if (2 * k !== m) cols.push(Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * k * (i + 1)) / m)));
    cols.push(Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * k * (i + 1)) / m)));
  }
  for (let d = 1; d <= degree; d++) cols.push(Float64Array.from({ length: n }, (_, i) => ((2 * i) / (n - 1) - 1) ** d));
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i])) rows.push(i);
  // Least squares on the observed rows by modified Gram–Schmidt; the fitted values are the
  // projection of x on the columns' span, evaluated at every row (R's predict on the full design).
  const q: Float64Array[] = [];
  const full: Float64Array[] = [];
  for (const c of cols) {
    const v = Float64Array.from(rows, (i) => c[i]);
    const f = c.slice();
    for (let j = 0; j < q.length; j++) {
      let dot = 0;
      for (let r = 0; r < rows.length; r++) dot += q[j][r] * v[r];
      for (let r = 0; r < rows.length; r++) v[r] -= dot * q[j][r];
      for (let i = 0; i < n; i++) f[i] -= dot * full[j][i];
    }
    let norm = 0;
    for (let r = 0; r < rows.length; r++) norm += v[r] * v[r];
    norm = Math.sqrt(norm);
    if (!(norm > 1e-9 * Math.sqrt(rows.length))) continue; // aliased column: R's lm drops it too
    for (let r = 0; r < rows.length; r++) v[r] /= norm;
    for (let i = 0; i < n; i++) f[i] /= norm;
    q.push(v);
    full.push(f);
  }
  const out = x.slice();
  const fitted = new Float64Array(n);
  for (let j = 0; j < q.length; j++) {
    let dot = 0;
    for (let r = 0; r < rows.length; r++) dot += q[j][r] * x[rows[r]];
    for (let i = 0; i < n; i++) fitted[i] += dot * full[j][i];
  }
  for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) out[i] = fitted[i];
  return out;
}

function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** One `tsoutliers(x, iterate = 1)` pass: 0-based positions in x. */
function onePass(x: Float64Array, m: number): number[] {
  const n = x.length;
  const missing = Array.from(x, Number.isNaN);
  const hasMissing = missing.some(Boolean);
  let xx = hasMissing ? interpolateMissing(x, m) : x;
  if (isConstant(xx)) return [];
  if (m > 1 && n > 2 * m) {
    const fit = stl(xx, m, { sWindow: S_WINDOW, robust: true });
    const detrended = Float64Array.from(xx, (v, i) => v - fit.trend[i]);
    const strength = 1 - variance(fit.remainder) / variance(detrended);
    if (strength >= 0.6) xx = Float64Array.from(xx, (v, i) => v - fit.seasonal[i]);
  }
  const smooth = supsmu(
    Array.from({ length: n }, (_, i) => i + 1),
    xx,
  );
  const resid = Float64Array.from(xx, (v, i) => (missing[i] ? Number.NaN : v - smooth[i]));
  const sorted = resid.filter((v) => !Number.isNaN(v)).sort();
  const q25 = quantile7(sorted, 0.25);
  const q75 = quantile7(sorted, 0.75);
  const iqr = q75 - q25;
  const lo = q25 - 3 * iqr;
  const hi = q75 + 3 * iqr;
  if (!(hi - lo > 1e-14)) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (resid[i] < lo || resid[i] > hi) out.push(i);
  return out;
}

/**
 * `tsoutliers(ts(x, frequency = m))$index − 1`: positions (0-based, ascending) of the outliers of
 * x (interior NaN allowed: missing, never an outlier). Fewer than MIN_OUTLIER_POINTS values, or no
 * observed value, gives none.
 */
export function detectOutliers(values: ArrayLike<number>, seasonLength: number): number[] {
  const x = Float64Array.from(values);
  let observed = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) observed++;
  if (x.length < MIN_OUTLIER_POINTS || observed === 0) return [];
  const m = Math.max(1, Math.floor(seasonLength));
  const first = onePass(x, m);
  // R: x[outliers] <- NA; x <- na.interp(x) (the original gaps are filled too), then one more pass.
  const cleaned = x.slice();
  for (const i of first) cleaned[i] = Number.NaN;
  let remaining = 0;
  for (let i = 0; i < cleaned.length; i++) if (!Number.isNaN(cleaned[i])) remaining++;
  if (remaining === 0) return first;
  const second = onePass(interpolateMissing(cleaned, m), m);
  return [...new Set([...first, ...second])].sort((a, b) => a - b);
}
