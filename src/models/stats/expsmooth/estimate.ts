/**
 * Parameter estimation for SES / Holt / damped Holt exactly as forecast 8.20's `ses()` and `holt()`
 * do it: `ets(y, "ANN" | "AAN", damped, opt.crit = "mse")`, i.e.
 *
 *  - starting values from `initparam` (α = 1e-4 + 0.2·(0.9999 − 1e-4), β = 1e-4 + 0.1·(α − 1e-4),
 *    φ = 0.8 + 0.99·(0.98 − 0.8)) and `initstate` (l₀ = mean of the first ≤ 10 values; with a trend,
 *    the intercept and slope of a least-squares line through them);
 *  - Nelder–Mead (R's nmmin, at most 2000 evaluations) jointly over the smoothing parameters and the
 *    initial states, minimising the in-sample one-step MSE, with the parameter space of
 *    bounds = "both": usual bounds α ∈ [1e-4, 0.9999], β ∈ [1e-4, α], φ ∈ [0.8, 0.98], and the
 *    admissible region of the state space model;
 *  - σ² = Σe² / (n − k) with k the number of estimated values (parameters and initial states).
 *
 * For series too short for ets (n ≤ k + 4, k counting α, l₀ and for a trend β, b₀ and φ) R falls
 * back to `HoltWintersZZ`: l₀ = y₁, b₀ = y₂ − y₁, α (and β) ∈ [0, 1] minimising the SSE, no damping,
 * σ² = mean(e²). We do the same, with a bounded Nelder–Mead instead of R's L-BFGS-B (same optimum).
 */
import { EModelFitFailed } from '../../../errors/index.js';
import { nelderMead } from '../numeric/optim/nelderMead.js';
import { smoothingPass, type SmoothingParams, type TrendKind } from './recursion.js';

const LOWER = { alpha: 1e-4, beta: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, phi: 0.98 };
const ETS_MAXIT = 2000;

export interface SmoothingFit {
  readonly trend: TrendKind;
  readonly params: SmoothingParams;
  readonly l0: number;
  readonly b0: number;
  /** Final level and slope, the starting point of the forecasts. */
  readonly level: number;
  readonly slope: number;
  readonly fitted: Float64Array;
  readonly residuals: Float64Array;
  readonly sigma2: number;
  readonly mse: number;
  /** "ets" when estimated as forecast::ets does, "holtwinters" for the short-series fallback. */
  readonly method: 'ets' | 'holtwinters';
}

/** Least-squares intercept and slope of y[0..k) against t = 1..k (R's lsfit(1:k, y)). */
function lineFit(y: Float64Array, k: number): { intercept: number; slope: number } {
  let tMean = 0;
  let yMean = 0;
  for (let t = 0; t < k; t++) {
    tMean += t + 1;
    yMean += y[t];
  }
  tMean /= k;
  yMean /= k;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < k; t++) {
    const dt = t + 1 - tMean;
    sxy += dt * (y[t] - yMean);
    sxx += dt * dt;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: yMean - slope * tMean, slope };
}

/** forecast:::initstate for seasontype "N" and additive / no trend. */
function initialStates(y: Float64Array, hasTrend: boolean): number[] {
  const maxn = Math.min(10, y.length);
  if (!hasTrend) {
    let s = 0;
    for (let t = 0; t < maxn; t++) s += y[t];
    return [s / maxn];
  }
  let { intercept: l0, slope: b0 } = lineFit(y, maxn);
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 0.001;
    b0 *= 1 - 0.001;
  }
  return [l0, b0];
}

/** The parameter space of bounds = "both" (usual bounds and the admissible region). */
function inParameterSpace(alpha: number, beta: number | undefined, phi: number | undefined): boolean {
  if (alpha < LOWER.alpha || alpha > UPPER.alpha) return false;
  if (beta !== undefined && (beta < LOWER.beta || beta > alpha || beta > UPPER.beta)) return false;
  if (phi !== undefined && (phi < LOWER.phi || phi > UPPER.phi)) return false;
  const p = phi ?? 1;
  if (p < 0 || p > 1 + 1e-8) return false;
  if (alpha < 1 - 1 / p || alpha > 1 + 1 / p) return false;
  if (beta !== undefined && (beta < alpha * (p - 1) || beta > (1 + p) * (2 - alpha))) return false;
  return true;
}

export function estimateSmoothing(y: Float64Array, trend: TrendKind): SmoothingFit {
  const hasTrend = trend !== 'N';
  const damped = trend === 'Ad';
  const npars = 2 + (hasTrend ? 2 : 0) + (damped ? 1 : 0);
  if (y.length <= npars + 4) return estimateHoltWinters(y, hasTrend);

  const alpha0 = LOWER.alpha + 0.2 * (UPPER.alpha - LOWER.alpha);
  const start: number[] = [alpha0];
  if (hasTrend) start.push(LOWER.beta + 0.1 * (Math.min(UPPER.beta, alpha0) - LOWER.beta));
  if (damped) start.push(LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi));
  const nParams = start.length;
  start.push(...initialStates(y, hasTrend));

  const unpack = (x: Float64Array) => {
    const alpha = x[0];
    const beta = hasTrend ? x[1] : undefined;
    const phi = damped ? x[2] : undefined;
    return { alpha, beta, phi, l0: x[nParams], b0: hasTrend ? x[nParams + 1] : 0 };
  };
  const objective = (x: Float64Array): number => {
    const p = unpack(x);
    if (!inParameterSpace(p.alpha, p.beta, p.phi)) return Infinity;
    return smoothingPass(y, p.l0, p.b0, { alpha: p.alpha, beta: p.beta ?? 0, phi: p.phi ?? 1 }, false).mse;
  };
  const result = nelderMead(objective, start, { maxit: ETS_MAXIT });
  const p = unpack(result.x);
  const params: SmoothingParams = { alpha: p.alpha, beta: p.beta ?? 0, phi: p.phi ?? 1 };
  const pass = smoothingPass(y, p.l0, p.b0, params);
  if (!Number.isFinite(pass.mse)) {
    throw new EModelFitFailed(`exponential smoothing (${trend}) diverged`, { context: { trend, n: y.length } });
  }
  let ss = 0;
  for (const e of pass.residuals) ss += e * e;
  return {
    trend,
    params,
    l0: p.l0,
    b0: p.b0,
    level: pass.level,
    slope: pass.slope,
    fitted: pass.fitted,
    residuals: pass.residuals,
    sigma2: ss / (y.length - start.length),
    mse: pass.mse,
    method: 'ets',
  };
}

/** forecast:::HoltWintersZZ without seasonality, for very short series. */
function estimateHoltWinters(y: Float64Array, hasTrend: boolean): SmoothingFit {
  const n = y.length;
  if (hasTrend && n < 2) {
    throw new EModelFitFailed('Holt needs at least two observations to estimate a trend', { context: { n } });
  }
  const l0 = y[0];
  const b0 = hasTrend ? y[1] - y[0] : 0;
  // HoltWintersZZ's recursion: level = α·y + (1 − α)·(l + b), trend = β·(Δlevel) + (1 − β)·b, which
  // is the error-correction form with β* = α·β.
  const sse = (alpha: number, beta: number) => smoothingPass(y, l0, b0, { alpha, beta: alpha * beta, phi: 1 }, false).mse * n;
  const objective = (x: Float64Array) => {
    const alpha = x[0];
    const beta = hasTrend ? x[1] : 0;
    if (alpha < 0 || alpha > 1 || beta < 0 || beta > 1) return Infinity;
    return sse(alpha, beta);
  };
  // Start from a few points of the box and keep the best optimum (the SSE surface on [0, 1]² is
  // smooth but not always unimodal).
  let best: { x: Float64Array; value: number } | undefined;
  for (const a of [0.2, 0.5, 0.9]) {
    const r = nelderMead(objective, hasTrend ? [a, 0.1] : [a], { maxit: 2000, reltol: 1e-12 });
    if (!best || r.value < best.value) best = r;
  }
  const alpha = best!.x[0];
  const beta = hasTrend ? best!.x[1] : 0;
  // alpha = 0 makes the error-correction trend update divide by zero; the HoltWinters form then
  // simply keeps the trend, which a tiny alpha reproduces.
  const params: SmoothingParams = { alpha: Math.max(alpha, 1e-10), beta: Math.max(alpha, 1e-10) * beta, phi: 1 };
  const pass = smoothingPass(y, l0, b0, params);
  return {
    trend: hasTrend ? 'A' : 'N',
    params,
    l0,
    b0,
    level: pass.level,
    slope: pass.slope,
    fitted: pass.fitted,
    residuals: pass.residuals,
    sigma2: pass.mse,
    mse: pass.mse,
    method: 'holtwinters',
  };
}
