/**
 * Starting values of the ETS states, following R's `forecast:::initstate`:
 * - season: classical decomposition (`stats::decompose`) when there are at least three full
 *   seasons, otherwise a regression on a linear trend and one pair of Fourier terms;
 * - level/trend: mean (no trend) or a straight-line fit over the first max(10, 2m) points of the
 *   seasonally adjusted series.
 * The returned vector is [l, b?, s_0 … s_{m-2}]; the last seasonal state is implied by the
 * normalisation and appended by the caller.
 */
import { leastSquares, rMean } from '../numeric/linalg.js';

/** sin(πx) exact at multiples of 1/2 (R's `sinpi`). */
function sinpi(x: number): number {
  let r = x % 2;
  if (r <= -1) r += 2;
  else if (r > 1) r -= 2;
  if (r === 0 || r === 1) return 0;
  if (r === 0.5) return 1;
  if (r === -0.5) return -1;
  return Math.sin(Math.PI * r);
}

/** cos(πx) exact at multiples of 1/2 (R's `cospi`). */
function cospi(x: number): number {
  const r = Math.abs(x) % 2;
  if (r % 1 === 0.5) return 0;
  if (r === 1) return -1;
  if (r === 0) return 1;
  return Math.cos(Math.PI * r);
}

/** Centred moving average of R's `decompose` (2×m MA for even m); NaN where undefined. */
function centredMovingAverage(x: ArrayLike<number>, m: number): Float64Array {
  const w: number[] = [];
  if (m % 2 === 0) {
    w.push(0.5 / m);
    for (let i = 0; i < m - 1; i++) w.push(1 / m);
    w.push(0.5 / m);
  } else {
    for (let i = 0; i < m; i++) w.push(1 / m);
  }
  const nf = w.length;
  const o = Math.floor(nf / 2);
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (i + o - (nf - 1) < 0 || i + o >= n) continue;
    let z = 0;
    for (let j = 0; j < nf; j++) z += w[j] * x[i + o - j];
    out[i] = z;
  }
  return out;
}

/** Seasonal figure of `stats::decompose` for cycle positions 1..m (series starts at position 1). */
export function decomposeFigure(x: ArrayLike<number>, m: number, type: 'additive' | 'multiplicative'): Float64Array {
  const n = x.length;
  const trend = centredMovingAverage(x, m);
  const season = new Float64Array(n);
  for (let i = 0; i < n; i++) season[i] = type === 'additive' ? x[i] - trend[i] : x[i] / trend[i];
  const figure = new Float64Array(m);
  const vals: number[] = [];
  for (let i = 0; i < m; i++) {
    vals.length = 0;
    for (let t = i; t < n; t += m) if (!Number.isNaN(season[t])) vals.push(season[t]);
    figure[i] = vals.length > 0 ? rMean(vals) : NaN;
  }
  const mean = rMean(figure);
  for (let i = 0; i < m; i++) figure[i] = type === 'additive' ? figure[i] - mean : figure[i] / mean;
  return figure;
}

/**
 * Initial state [l, b?, s_0 … s_{m-2}] for the given components. Throws if the series is too
 * short for a seasonal start (R: "not enough data"); callers treat that as an unfittable model.
 */
export function initialStates(y: ArrayLike<number>, m: number, trend: 'N' | 'A' | 'M', season: 'N' | 'A' | 'M'): number[] {
  const n = y.length;
  let ySa: ArrayLike<number> = y;
  let initSeas: number[] = [];
  if (season !== 'N') {
    if (n < 4) throw new Error('not enough data for a seasonal initial state');
    // seasonal[t] for t = 1..n (only t = 1..m is needed).
    let seasonal: Float64Array;
    if (n < 3 * m) {
      const t = new Float64Array(n);
      const one = new Float64Array(n).fill(1);
      const cols: Float64Array[] = [one, t];
      const p = 1 / m;
      const sinCol = new Float64Array(n);
      const cosCol = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = i + 1;
        sinCol[i] = sinpi(2 * p * (i + 1));
        cosCol[i] = cospi(2 * p * (i + 1));
      }
      // R's `fourier` drops the sine column when it is identically zero (m = 2).
      if (Math.abs(2 * p - Math.round(2 * p)) > Number.EPSILON) cols.push(sinCol);
      cols.push(cosCol);
      const coef = leastSquares(cols, y);
      seasonal = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const tr = coef[0] + coef[1] * (i + 1);
        seasonal[i] = season === 'A' ? y[i] - tr : y[i] / tr;
      }
    } else {
      const figure = decomposeFigure(y, m, season === 'A' ? 'additive' : 'multiplicative');
      seasonal = new Float64Array(n);
      for (let i = 0; i < n; i++) seasonal[i] = figure[i % m];
    }
    // rev(seasonal[2:m])
    for (let i = m - 1; i >= 1; i--) initSeas.push(seasonal[i]);
    const sa = new Float64Array(n);
    if (season === 'A') {
      for (let i = 0; i < n; i++) sa[i] = y[i] - seasonal[i];
    } else {
      initSeas = initSeas.map((s) => Math.max(s, 0.01));
      const sum = initSeas.reduce((a, b) => a + b, 0);
      if (sum > m) {
        const denom = initSeas.reduce((a, b) => a + b + 0.01, 0);
        initSeas = initSeas.map((s) => s / denom);
      }
      for (let i = 0; i < n; i++) sa[i] = y[i] / Math.max(seasonal[i], 0.01);
    }
    ySa = sa;
  } else {
    m = 1;
  }

  const maxn = Math.min(Math.max(10, 2 * m), ySa.length);
  if (trend === 'N') {
    return [rMean(ySa, 0, maxn), ...initSeas];
  }
  const x = new Float64Array(maxn);
  const one = new Float64Array(maxn).fill(1);
  for (let i = 0; i < maxn; i++) x[i] = i + 1;
  const coef = leastSquares([one, x], Array.prototype.slice.call(ySa, 0, maxn) as number[]);
  let l0: number;
  let b0: number;
  if (trend === 'A') {
    l0 = coef[0];
    b0 = coef[1];
    // Avoid a zero first fitted value (a division by zero later for multiplicative errors).
    if (Math.abs(l0 + b0) < 1e-8) {
      l0 = l0 * (1 + 1e-3);
      b0 = b0 * (1 - 1e-3);
    }
  } else {
    l0 = coef[0] + coef[1];
    if (Math.abs(l0) < 1e-8) l0 = 1e-7;
    b0 = (coef[0] + 2 * coef[1]) / l0;
    l0 = l0 / b0;
    if (Math.abs(b0) > 1e10) b0 = Math.sign(b0) * 1e10;
    if (l0 < 1e-8 || b0 < 1e-8) {
      l0 = Math.max(ySa[0], 1e-3);
      b0 = Math.max(ySa[1] / ySa[0], 1e-3);
    }
  }
  return [l0, b0, ...initSeas];
}
