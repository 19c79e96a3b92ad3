/**
 * Forecasts and prediction distributions of a fitted ETS model, as R's `forecast.ets`:
 * - class 1 (additive error, N/A/Ad trend, N/A season): exact Gaussian variance;
 * - class 2 (multiplicative error, N/A/Ad trend, N/A season): Hyndman et al. (2008, ch. 6)
 *   variance, intervals Gaussian around the point forecast;
 * - class 3 (multiplicative error and season, N/A/Ad trend): their matrix recursion for the
 *   forecast mean and variance — note the mean then differs from the point recursion, as in R;
 * - anything else (multiplicative trend, or an additive-error/multiplicative-season model fitted
 *   with restrict = false): R simulates 5000 Gaussian sample paths; so do we, with a seeded
 *   generator, and take type-8 quantiles; the point forecast is the state recursion.
 */
import { EModelPredictFailed } from '../../../errors/index.js';
import type { EtsFit } from './fitModel.js';
import { add, kron, mat, mul, mulTransposed, scale, transpose, type Mat } from '../numeric/linalg.js';
import { SeededRandom } from '../numeric/random.js';
import { qnorm as normalQuantile } from '../numeric/normal.js';
import { etsPointForecast, etsSimulatePath } from './recursions.js';
import { componentCode } from './spec.js';

export interface EtsForecastOptions {
  /** Sample paths for simulated intervals (R default 5000). */
  npaths?: number | undefined;
  /** Seed of the simulation (simulated classes only). */
  seed?: number | undefined;
  /** Simulate even where an analytic variance exists (R's simulate = TRUE). */
  simulate?: boolean | undefined;
}

export interface EtsForecast {
  readonly mean: Float64Array;
  /** Forecast variance per step when analytic; undefined when simulated. */
  readonly variance?: Float64Array;
  /** quantiles[k][t]: the quantiles[k] level at step t. */
  readonly quantiles: Float64Array[];
  /** "analytic" or "simulated". */
  readonly intervals: 'analytic' | 'simulated';
}

/** Class 1: point forecasts and the coefficients c_j of the h-step error, R's `class1`. */
function class1(h: number, x: Float64Array, fit: EtsFit): { mu: Float64Array; variance: Float64Array; cj: Float64Array } {
  const { trend, season, damped } = fit.spec;
  const m = fit.m;
  const p = x.length;
  const par = fit.par;
  const phi = trend === 'A' ? (damped ? par.phi! : 1) : 0;
  // H: observation vector; F: transition; G: persistence.
  const H = new Float64Array(p);
  H[0] = 1;
  if (season === 'A') H[p - 1] = 1;
  if (trend === 'A') H[1] = phi;
  const applyF = (v: Float64Array): Float64Array => {
    const out = new Float64Array(p);
    out[0] = v[0] + (trend === 'A' ? phi * v[1] : 0);
    if (trend === 'A') out[1] = phi * v[1];
    if (season === 'A') {
      const s0 = p - m;
      out[s0] = v[p - 1];
      for (let k = 1; k < m; k++) out[s0 + k] = v[s0 + k - 1];
    }
    return out;
  };
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  let fx: Float64Array = Float64Array.from(x);
  let fg: Float64Array = new Float64Array(p);
  fg[0] = par.alpha;
  if (trend === 'A') fg[1] = par.beta!;
  // The seasonal disturbance enters s_1 (index p - m). forecast 8.20 put it at index 3 (s_2 when
  // there is no trend), a bug fixed upstream in 9.x ("correct seasonal disturbance index"); we use
  // the corrected position, so A,N,A intervals differ slightly from 8.20's.
  if (season === 'A') fg[p - m] = par.gamma!;
  const mu = new Float64Array(h);
  const cj = new Float64Array(Math.max(h - 1, 0));
  for (let i = 0; i < h - 1; i++) {
    mu[i] = dot(H, fx);
    cj[i] = dot(H, fg);
    fx = applyF(fx);
    fg = applyF(fg);
  }
  mu[h - 1] = dot(H, fx);
  const variance = new Float64Array(h);
  let cum = 0;
  variance[0] = fit.sigma2;
  for (let i = 1; i < h; i++) {
    cum += cj[i - 1] * cj[i - 1];
    variance[i] = fit.sigma2 * (1 + cum);
  }
  return { mu, variance, cj };
}

/** Class 2, R's `class2`: same mean, variance through theta_j. */
function class2(h: number, x: Float64Array, fit: EtsFit): { mu: Float64Array; variance: Float64Array } {
  const { mu, cj } = class1(h, x, fit);
  const s2 = fit.sigma2;
  const theta = new Float64Array(h);
  theta[0] = mu[0] * mu[0];
  for (let j = 1; j < h; j++) {
    let s = 0;
    for (let k = 0; k < j; k++) s += cj[k] * cj[k] * theta[j - 1 - k];
    theta[j] = mu[j] * mu[j] + s2 * s;
  }
  const variance = new Float64Array(h);
  for (let j = 0; j < h; j++) variance[j] = (1 + s2) * theta[j] - mu[j] * mu[j];
  return { mu, variance };
}

/** Column-major vec of a matrix, as a column matrix. */
function vec(a: Mat): Mat {
  const out = mat(a.r * a.c, 1);
  for (let j = 0; j < a.c; j++) for (let i = 0; i < a.r; i++) out.v[j * a.r + i] = a.v[i * a.c + j];
  return out;
}

/** Class 3, R's `class3`: second-moment recursion of the level/trend × season product. */
function class3(h: number, x: Float64Array, fit: EtsFit): { mu: Float64Array; variance: Float64Array } {
  const { trend, damped } = fit.spec;
  const m = fit.m;
  const p = x.length;
  const par = fit.par;
  const s2 = fit.sigma2;
  const k = trend === 'N' ? 1 : 2;
  const H1 = mat(1, k, new Array(k).fill(1));
  const H2 = mat(1, m);
  H2.v[m - 1] = 1;
  let F1: Mat;
  let G1: Mat;
  if (trend === 'N') {
    F1 = mat(1, 1, [1]);
    G1 = mat(1, 1, [par.alpha]);
  } else {
    F1 = mat(2, 2, [1, 1, 0, damped ? par.phi! : 1]);
    G1 = mat(2, 2, [par.alpha, par.alpha, par.beta!, par.beta!]);
  }
  // F2 = rbind(c(0,…,0,1), cbind(I_{m-1}, 0)): a cyclic shift.
  const F2 = mat(m, m);
  F2.v[m - 1] = 1;
  for (let i = 1; i < m; i++) F2.v[i * m + (i - 1)] = 1;
  const G2 = mat(m, m);
  G2.v[m - 1] = par.gamma!;
  // Mh = (l, b)ᵀ (s_1 … s_m)
  let Mh = mat(k, m);
  for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) Mh.v[i * m + j] = x[i] * x[p - m + j];
  const km = k * m;
  let Vh = mat(km, km);
  const H21 = kron(H2, H1);
  const F21 = kron(F2, F1);
  const G21 = kron(G2, G1);
  const K = add(kron(G2, F1), kron(F2, G1));
  const F2t = transpose(F2);
  const G2t = transpose(G2);
  const mu = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    mu[i] = mul(mul(H1, Mh), transpose(H2)).v[0];
    const hv = mulTransposed(mul(H21, Vh), H21).v[0];
    variance[i] = (1 + s2) * hv + s2 * mu[i] * mu[i];
    const vm = vec(Mh);
    const vv = mulTransposed(vm, vm);
    const term1 = mulTransposed(mul(F21, Vh), F21);
    const cross = add(mulTransposed(mul(F21, Vh), G21), mulTransposed(mul(G21, Vh), F21));
    const kTerm = mulTransposed(mul(K, add(Vh, vv)), K);
    const gTerm = mulTransposed(mul(G21, add(scale(Vh, 3), scale(vv, 2))), G21);
    Vh = add(term1, scale(add(cross, kTerm, scale(gTerm, s2)), s2));
    Mh = add(mul(mul(F1, Mh), F2t), scale(mul(mul(G1, Mh), G2t), s2));
  }
  return { mu, variance };
}

/** R's `quantile(type = 8)` of sorted values. */
function quantileType8(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const fuzz = 4 * Number.EPSILON;
  const nppm = 1 / 3 + p * (n + 1 / 3);
  const j = Math.floor(nppm + fuzz);
  let g = nppm - j;
  if (Math.abs(g) < fuzz) g = 0;
  const at = (i: number): number => sorted[Math.min(Math.max(i, 1), n) - 1];
  return (1 - g) * at(j) + g * at(j + 1);
}

function checkQuantiles(quantiles: readonly number[]): void {
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) {
      throw new EModelPredictFailed(`Quantile levels must lie strictly between 0 and 1, got ${q}`, { context: { quantile: q } });
    }
  }
}

/** Which of R's forecast routes applies to this fit. */
export function forecastClass(fit: EtsFit): 1 | 2 | 3 | 'simulate' {
  const { error, trend, season } = fit.spec;
  if (error === 'A' && trend !== 'M' && season !== 'M') return 1;
  if (error === 'M' && trend !== 'M' && season !== 'M') return 2;
  if (error === 'M' && season === 'M' && trend !== 'M') return 3;
  return 'simulate';
}

/**
 * Forecasts h steps ahead with the given quantile levels (each in (0, 1)). Analytic classes
 * give mean ± z_q·sd; simulated ones the empirical quantiles of the sample paths.
 */
export function forecastEts(fit: EtsFit, h: number, quantiles: readonly number[] = [], options: EtsForecastOptions = {}): EtsForecast {
  if (!Number.isInteger(h) || h < 1) {
    throw new EModelPredictFailed(`Forecast horizon must be a positive integer, got ${h}`, { context: { h } });
  }
  checkQuantiles(quantiles);
  const x = fit.lastState;
  const cls = options.simulate ? 'simulate' : forecastClass(fit);
  if (cls !== 'simulate') {
    const { mu, variance } = cls === 1 ? class1(h, x, fit) : cls === 2 ? class2(h, x, fit) : class3(h, x, fit);
    const qs = quantiles.map((q) => {
      const z = normalQuantile(q);
      const out = new Float64Array(h);
      // Guard: a (numerically) negative variance would give NaN limits; treat it as zero.
      for (let t = 0; t < h; t++) out[t] = mu[t] + z * Math.sqrt(Math.max(variance[t], 0));
      return out;
    });
    return { mean: mu, variance, quantiles: qs, intervals: 'analytic' };
  }

  const spec = fit.spec;
  const trendCode = componentCode(spec.trend);
  const seasonCode = componentCode(spec.season);
  const phi = spec.damped ? fit.par.phi! : 1;
  const mean = etsPointForecast(x, fit.m, trendCode, seasonCode, phi, h);
  if (mean === null) {
    throw new EModelPredictFailed('Problem with multiplicative damped trend', { context: { model: fit.method } });
  }
  const npaths = options.npaths ?? 5000;
  const rng = new SeededRandom(options.seed ?? 20240601);
  const sd = Math.sqrt(fit.sigma2);
  const paths: Float64Array[] = Array.from({ length: h }, () => new Float64Array(npaths));
  const counts = new Int32Array(h);
  const e = new Float64Array(h);
  const path = new Float64Array(h);
  const rs = { error: spec.error === 'A' ? 1 : 2, trend: trendCode, season: seasonCode } as const;
  const smoothing = { alpha: fit.par.alpha, beta: fit.par.beta ?? 0, gamma: fit.par.gamma ?? 0, phi };
  for (let k = 0; k < npaths; k++) {
    for (let t = 0; t < h; t++) {
      e[t] = rng.normal(0, sd);
      if (spec.error === 'M' && e[t] < -1) e[t] = -1;
    }
    if (!etsSimulatePath(x, fit.m, rs, smoothing, e, path)) {
      throw new EModelPredictFailed('Problem with multiplicative damped trend', { context: { model: fit.method } });
    }
    for (let t = 0; t < h; t++) {
      if (!Number.isNaN(path[t])) paths[t][counts[t]++] = path[t];
    }
  }
  const sorted = paths.map((col, t) => col.slice(0, counts[t]).sort());
  const qs = quantiles.map((q) => Float64Array.from(sorted, (col) => quantileType8(col, q)));
  return { mean, quantiles: qs, intervals: 'simulated' };
}
