/**
 * R's `forecast:::HoltWintersZZ`: classical Holt–Winters with heuristic starting values, fitted
 * by least squares. `ets` falls back to it when the series is too short for the state-space fit
 * (n <= number of parameters + 4), and `ses(initial = "simple")` uses it.
 *
 * Deviation: R minimises the SSE with L-BFGS-B (numerical gradients); we minimise the same SSE
 * over the same [0, 1] box with restarted Nelder–Mead on the projected parameters. Both find the
 * least-squares parameters; where the SSE surface is flat they can stop at slightly different
 * points (forecasts differ by ~1e-4 relative in our checks).
 */
import { rMean } from '../numeric/linalg.js';
import { nelderMead } from '../numeric/optim/nelderMead.js';
import type { EtsFit } from './fitModel.js';
import type { SeasonType, TrendType } from './spec.js';

export interface HoltWintersOptions {
  /** Fixed smoothing parameters; undefined = estimate. `false` removes the component (R's FALSE). */
  alpha?: number | undefined;
  beta?: number | false | undefined;
  gamma?: number | false | undefined;
  phi?: number | undefined;
  seasonal?: 'additive' | 'multiplicative' | undefined;
  exponential?: boolean | undefined;
}

interface HwRun {
  sse: number;
  fitted: Float64Array;
  residuals: Float64Array;
  level: Float64Array;
  trend: Float64Array;
  season: Float64Array;
}

/** R's `zzhw`: the Holt–Winters recursions from given starting values. */
function runHw(
  x: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  seasonal: 'additive' | 'multiplicative' | 'none',
  dotrend: boolean,
  doseasonal: boolean,
  exponential: boolean,
  phi: number,
  lStart: number,
  bStart: number,
  sStart: number[],
): HwRun {
  const n = x.length;
  if (!dotrend) {
    beta = 0;
    bStart = 0;
  }
  let season0 = sStart;
  const neutral = seasonal === 'additive' ? 0 : 1;
  if (!doseasonal) {
    gamma = 0;
    season0 = sStart.map(() => neutral);
  }
  const level = new Float64Array(n);
  const trend = new Float64Array(n);
  const season = new Float64Array(n);
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  let sse = 0;
  let lastlevel = lStart;
  let lasttrend = bStart;
  const add = seasonal === 'additive';
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      lastlevel = level[i - 1];
      lasttrend = trend[i - 1];
    }
    let lastseason = i >= m ? season[i - m] : season0[i];
    if (lastseason === undefined || Number.isNaN(lastseason)) lastseason = neutral;
    const damp = exponential ? lastlevel * Math.pow(lasttrend, phi) : lastlevel + phi * lasttrend;
    const xhat = add ? damp + lastseason : damp * lastseason;
    fitted[i] = xhat;
    const res = x[i] - xhat;
    residuals[i] = res;
    sse += res * res;
    level[i] = alpha * (add ? x[i] - lastseason : x[i] / lastseason) + (1 - alpha) * damp;
    trend[i] = exponential
      ? beta * (level[i] / lastlevel) + (1 - beta) * Math.pow(lasttrend, phi)
      : beta * (level[i] - lastlevel) + (1 - beta) * phi * lasttrend;
    season[i] = add ? gamma * (x[i] - damp) + (1 - gamma) * lastseason : gamma * (x[i] / damp) + (1 - gamma) * lastseason;
  }
  return { sse, fitted, residuals, level, trend, season };
}

/** Fits Holt–Winters to x with seasonal period `frequency`. Throws where R stops. */
export function holtWintersFit(x: Float64Array, frequency: number, options: HoltWintersOptions = {}): EtsFit {
  const m = frequency;
  const n = x.length;
  const phi = options.phi ?? 1;
  const exponential = options.exponential ?? false;
  let seasonal: 'additive' | 'multiplicative' | 'none' = options.seasonal ?? 'additive';
  let gammaOpt = options.gamma;
  const betaOpt = options.beta;
  if ((gammaOpt === undefined || (gammaOpt !== false && gammaOpt > 0)) && seasonal === 'multiplicative' && x.some((v) => v <= 0)) {
    throw new Error('data must be positive for multiplicative Holt-Winters');
  }
  if (m <= 1) gammaOpt = false;
  let lStart: number;
  let bStart = 0;
  let sStart: number[];
  if (gammaOpt === false) {
    seasonal = 'none';
    lStart = x[0];
    sStart = [0];
    if (betaOpt === undefined || betaOpt !== false) bStart = exponential ? x[1] / x[0] : x[1] - x[0];
  } else {
    if (n < 2 * m) throw new Error('need two full seasons for seasonal Holt-Winters starting values');
    lStart = rMean(x, 0, m);
    bStart = (rMean(x, m, 2 * m) - lStart) / m;
    sStart = Array.from(x.subarray(0, m), (v) => (seasonal === 'additive' ? v - lStart : v / lStart));
  }
  const trendType: TrendType = betaOpt === false ? 'N' : exponential ? 'M' : 'A';
  const seasonType: SeasonType = seasonal === 'none' ? 'N' : seasonal === 'multiplicative' ? 'M' : 'A';
  const dotrend = betaOpt !== false;
  const doseasonal = gammaOpt !== false;

  // Starting values as R's initparam with bounds [0, 1] and the series frequency.
  const free: ('alpha' | 'beta' | 'gamma')[] = [];
  const start: number[] = [];
  let alpha = options.alpha;
  if (alpha === undefined) {
    let a = 0.2 / m;
    if (a > 1 || a < 0) a = 0.002;
    free.push('alpha');
    start.push(a);
  }
  const alphaForStart = alpha ?? start[0];
  if (trendType !== 'N' && betaOpt === undefined) {
    let b = 0.1 * Math.min(1, alphaForStart);
    if (b < 0 || b > alphaForStart) b = alphaForStart - 0.001;
    free.push('beta');
    start.push(b);
  }
  if (seasonType !== 'N' && gammaOpt === undefined) {
    let g = 0.05 * Math.min(1, 1 - alphaForStart);
    if (g < 0 || g > 1 - alphaForStart) g = 1 - alphaForStart - 0.001;
    free.push('gamma');
    start.push(g);
  }
  let beta = typeof betaOpt === 'number' ? betaOpt : 0;
  let gamma = typeof gammaOpt === 'number' ? gammaOpt : 0;
  const run = (a: number, b: number, g: number): HwRun =>
    runHw(x, m, a, b, g, seasonal, dotrend, doseasonal, exponential, phi, lStart, bStart, sStart);
  if (free.length > 0) {
    const unpack = (p: ArrayLike<number>): [number, number, number] => {
      let j = 0;
      const a = free.includes('alpha') ? p[j++] : alpha!;
      const b = free.includes('beta') ? p[j++] : beta;
      const g = free.includes('gamma') ? p[j++] : gamma;
      return [a, b, g];
    };
    // Evaluate at the point projected onto the box (as L-BFGS-B's iterates are), so optima on a
    // bound (gamma = 0 is common) are reachable; restart until the SSE stops improving.
    const clamp = (p: ArrayLike<number>): number[] => Array.from(p, (v) => Math.min(1, Math.max(0, v)));
    const sseAt = (p: Float64Array): number => {
      const v = run(...unpack(clamp(p))).sse;
      return Number.isNaN(v) ? Infinity : v;
    };
    let opt = nelderMead(sseAt, start, { maxit: 2000 });
    for (let restart = 0; restart < 10; restart++) {
      const again = nelderMead(sseAt, clamp(opt.x), { maxit: 2000 });
      const improved = again.value < opt.value * (1 - 1e-12);
      if (again.value <= opt.value) opt = again;
      if (!improved) break;
    }
    [alpha, beta, gamma] = unpack(clamp(opt.x));
  }
  const fit = run(alpha!, beta, gamma);
  if (!Number.isFinite(fit.sse)) throw new Error('Holt-Winters fit is not finite');

  const p = 1 + (trendType !== 'N' ? 1 : 0) + (seasonType !== 'N' ? m : 0);
  const stateAt = (row: number): Float64Array => {
    const s = new Float64Array(p);
    s[0] = row === 0 ? lStart : fit.level[row - 1];
    if (trendType !== 'N') s[1] = row === 0 ? (dotrend ? bStart : 0) : fit.trend[row - 1];
    if (seasonType !== 'N') {
      // R: column s_i of row t (1-based) is c(season0, season)[m - i + t].
      const full = (k: number): number => (k < m ? sStart[k] : fit.season[k - m]);
      for (let i = 1; i <= m; i++) s[(trendType !== 'N' ? 2 : 1) + i - 1] = full(m - i + row);
    }
    return s;
  };
  const damped = phi < 1;
  const error = seasonal === 'multiplicative' || (seasonal === 'none' && exponential) ? 'M' : 'A';
  let sigma2 = 0;
  for (let i = 0; i < n; i++) {
    const r = error === 'A' ? fit.residuals[i] : fit.residuals[i] / fit.fitted[i];
    sigma2 += r * r;
  }
  sigma2 /= n;
  const par: EtsFit['par'] = { alpha: alpha! };
  if (trendType !== 'N') par.beta = beta;
  if (seasonType !== 'N') par.gamma = gamma;
  if (damped) par.phi = phi;
  const spec = { error, trend: trendType, damped, season: seasonType } as const;
  return {
    spec,
    m: seasonType !== 'N' ? m : 1,
    par,
    initialState: stateAt(0),
    lastState: stateAt(n),
    residuals: fit.residuals,
    fitted: fit.fitted,
    loglik: NaN,
    aic: NaN,
    bic: NaN,
    aicc: NaN,
    mse: fit.sse / n,
    amse: NaN,
    sigma2,
    method: `ETS(${spec.error},${spec.trend}${damped ? 'd' : ''},${spec.season})`,
  };
}
