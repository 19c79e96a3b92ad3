/**
 * forecast 8.20's `auto.arima` for a univariate series without regressors: differencing chosen by
 * KPSS (d) and seasonal strength (D), then Hyndman & Khandakar's stepwise search (or the full
 * search) over (p, q)(P, Q) and the constant, ranked by AICc. For long or high-frequency series
 * ("approximation", R's default when n > 150 or the period > 12) candidates are fitted by CSS
 * and ranked by an approximate criterion, and the best ones are refitted by CSS-ML until one fits.
 */
import { EModelFitFailed, ESeriesTooShort } from '../../../errors/index.js';
import { isConstantSeries } from '../ets/ets.js';
import { rMean, rSum } from '../numeric/linalg.js';
import { arima, type ArimaFit, type ArimaMethod, type Regressor } from './arima.js';
import { minRootModulus } from './polynomial.js';
import type { ArmaOrder } from './transform.js';
import { ndiffs, nsdiffs } from './unitRoot.js';

export type InformationCriterion = 'aicc' | 'aic' | 'bic';

export interface AutoArimaOptions {
  /** Fixed number of differences (R's d; undefined = KPSS test). */
  readonly d?: number | undefined;
  /** Fixed number of seasonal differences (R's D; undefined = seasonal-strength test). */
  readonly D?: number | undefined;
  readonly maxP?: number | undefined;
  readonly maxQ?: number | undefined;
  readonly maxSeasonalP?: number | undefined;
  readonly maxSeasonalQ?: number | undefined;
  /** Largest p + q + P + Q in the full search. */
  readonly maxOrder?: number | undefined;
  readonly maxD?: number | undefined;
  readonly maxSeasonalD?: number | undefined;
  readonly startP?: number | undefined;
  readonly startQ?: number | undefined;
  readonly startSeasonalP?: number | undefined;
  readonly startSeasonalQ?: number | undefined;
  readonly stationary?: boolean | undefined;
  /** false: non-seasonal models only. */
  readonly seasonal?: boolean | undefined;
  readonly ic?: InformationCriterion | undefined;
  /** false: fit every model up to maxOrder (slow). */
  readonly stepwise?: boolean | undefined;
  readonly nmodels?: number | undefined;
  /** Default as R: n > 150 or period > 12. */
  readonly approximation?: boolean | undefined;
  /** With approximation, select the model on the last `truncate` observations. */
  readonly truncate?: number | undefined;
  readonly allowDrift?: boolean | undefined;
  readonly allowMean?: boolean | undefined;
  /** Estimation method of every fit (default: CSS with approximation, else CSS-ML). */
  readonly method?: ArimaMethod | undefined;
  /** Receives one line per model considered (R's trace = TRUE). */
  readonly trace?: ((line: string) => void) | undefined;
}

/** A selected model: the arima fit plus the criteria auto.arima computed for it. */
export interface AutoArimaFit {
  readonly fit: ArimaFit;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  /** Length of the series the model was fitted to (drift continues from here). */
  readonly n: number;
  /** Set for a constant series: forecasts repeat this value with zero variance. */
  readonly constantValue?: number;
  /** e.g. "ARIMA(2,1,1)(0,1,1)[24] with drift". */
  readonly description: string;
}

interface Candidate {
  fit?: ArimaFit;
  ic: number;
  aic: number;
  aicc: number;
  bic: number;
}

const NO_FIT: Candidate = { ic: Infinity, aic: Infinity, aicc: Infinity, bic: Infinity };

export function arimaString(arma: ArmaOrder, xreg: Regressor | undefined): string {
  let s = `ARIMA(${arma.p},${arma.d},${arma.q})`;
  if (arma.period > 1 && arma.P + arma.D + arma.Q > 0) s += `(${arma.P},${arma.D},${arma.Q})[${arma.period}]`;
  if (xreg?.name === 'drift') s += ' with drift';
  else if (xreg?.name === 'intercept') s += ' with non-zero mean';
  else if (arma.d === 0 && arma.D === 0) s += ' with zero mean';
  return s;
}

interface SearchContext {
  readonly x: Float64Array;
  readonly period: number;
  readonly ic: InformationCriterion;
  readonly offset: number;
  readonly method: ArimaMethod | undefined;
  readonly trace: ((line: string) => void) | undefined;
}

function driftRegressor(n: number): Regressor {
  return { name: 'drift', values: Float64Array.from({ length: n }, (_, i) => i + 1) };
}

/** forecast's `myarima`: one candidate fit, its criteria, and the checks that reject bad models. */
function myarima(
  ctx: SearchContext,
  order: readonly [number, number, number],
  seasonal: readonly [number, number, number],
  constant: boolean,
  approximation: boolean,
): Candidate {
  const { x, period: m } = ctx;
  const n = x.length;
  const [p, d, q] = order;
  const [P, D, Q] = seasonal;
  const diffs = d + D;
  const method: ArimaMethod = ctx.method ?? (approximation ? 'CSS' : 'CSS-ML');
  const arma: ArmaOrder = { p, q, P, Q, period: m, d, D };
  let fit: ArimaFit;
  try {
    fit = diffs === 1 && constant ? arima(x, arma, { xreg: driftRegressor(n), method }) : arima(x, arma, { includeMean: constant, method });
  } catch (err) {
    if (!(err instanceof EModelFitFailed) && !(err instanceof RangeError)) throw err;
    ctx.trace?.(
      ` ${arimaString(arma, constant ? (diffs === 0 ? { name: 'intercept', values: x } : diffs === 1 ? driftRegressor(0) : undefined) : undefined)} : Inf`,
    );
    return NO_FIT;
  }
  const nstar = n - d - D * m;
  const npar = fit.mask.filter(Boolean).length + 1;
  let aic = method === 'CSS' ? ctx.offset + nstar * Math.log(fit.sigma2) + 2 * npar : fit.aic;
  let bic: number;
  let aicc: number;
  let ic: number;
  if (!Number.isNaN(aic)) {
    bic = aic + npar * (Math.log(nstar) - 2);
    aicc = aic + (2 * npar * (npar + 1)) / (nstar - npar - 1);
    ic = ctx.ic === 'bic' ? bic : ctx.ic === 'aic' ? aic : aicc;
  } else {
    aic = bic = aicc = ic = Infinity;
  }
  // Unbiased residual variance, as forecast reports and uses for intervals.
  const sq = Float64Array.from(fit.residuals, (r) => (Number.isNaN(r) ? 0 : r * r));
  fit.sigma2 = rSum(sq) / (nstar - npar + 1);

  let minroot = 2;
  const lastNonzero = (v: Float64Array) => {
    let last = 0;
    for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) > 1e-8) last = i + 1;
    return last;
  };
  if (p + P > 0) {
    const phi = fit.model.phi;
    const last = lastNonzero(phi);
    if (last > 0) {
      const r = minRootModulus([1, ...Array.from(phi.subarray(0, last), (v) => -v)]);
      if (Number.isNaN(r)) ic = Infinity;
      else minroot = Math.min(minroot, r);
    }
  }
  if (q + Q > 0 && ic < Infinity) {
    const theta = fit.model.theta;
    const last = lastNonzero(theta);
    if (last > 0) {
      const r = minRootModulus([1, ...Array.from(theta.subarray(0, last))]);
      if (Number.isNaN(r)) ic = Infinity;
      else minroot = Math.min(minroot, r);
    }
  }
  if (minroot < 1 + 1e-2 || hasNegativeVariance(fit)) ic = Infinity;
  ctx.trace?.(` ${arimaString(arma, fit.xreg)} : ${ic}`);
  return { fit, ic, aic, aicc, bic };
}

/** forecast's `checkarima`: a coefficient variance that is negative (or NaN) rejects the model. */
function hasNegativeVariance(fit: ArimaFit): boolean {
  const k = Math.round(Math.sqrt(fit.varCoef.length));
  for (let i = 0; i < k; i++) if (Number.isNaN(Math.sqrt(fit.varCoef[i + i * k]))) return true;
  return false;
}

function diffSeries(x: Float64Array, lag: number, times: number): Float64Array {
  let out = x;
  for (let t = 0; t < times; t++) {
    const next = new Float64Array(Math.max(out.length - lag, 0));
    for (let i = 0; i < next.length; i++) next[i] = out[i + lag] - out[i];
    out = next;
  }
  return out;
}

function finish(c: Candidate, n: number, extra: { constantValue?: number } = {}): AutoArimaFit {
  if (!c.fit) throw new EModelFitFailed('No suitable ARIMA model found', { context: { n } });
  return {
    fit: c.fit,
    aic: c.aic,
    aicc: c.aicc,
    bic: c.bic,
    n,
    description: arimaString(c.fit.arma, c.fit.xreg),
    ...extra,
  };
}

/** forecast's `Arima` for the degenerate fits auto.arima returns directly (fixed constant or drift). */
function fixedFit(
  x: Float64Array,
  arma: ArmaOrder,
  constantTerm: { kind: 'drift' | 'mean'; value: number } | null,
  method?: ArimaMethod,
): Candidate {
  const n = x.length;
  const narma = arma.p + arma.q + arma.P + arma.Q;
  let fit: ArimaFit;
  if (constantTerm === null) {
    fit = arima(x, arma, { includeMean: false, ...(method ? { method } : {}) });
  } else {
    const fixed = new Float64Array(narma + 1).fill(Number.NaN);
    fixed[narma] = constantTerm.value;
    fit =
      constantTerm.kind === 'drift'
        ? arima(x, arma, { xreg: driftRegressor(n), fixed, ...(method ? { method } : {}) })
        : arima(x, arma, { includeMean: true, fixed, ...(method ? { method } : {}) });
  }
  const nstar = n - arma.d - arma.D * arma.period;
  const npar = fit.mask.filter(Boolean).length + 1;
  const aic = fit.aic;
  const aicc = aic + 2 * npar * (nstar / (nstar - npar - 1) - 1);
  const bic = aic + npar * (Math.log(nstar) - 2);
  const sq = Float64Array.from(fit.residuals, (r) => (Number.isNaN(r) ? 0 : r * r));
  fit.sigma2 = rSum(sq) / (nstar - npar + 1);
  return { fit, ic: aicc, aic, aicc, bic };
}

/**
 * Selects and fits an ARIMA model for y (finite values) with seasonal period `frequency`, as
 * `forecast::auto.arima(ts(y, frequency = frequency))` with the given options.
 */
export function autoArima(y: Float64Array, frequency: number, options: AutoArimaOptions = {}): AutoArimaFit {
  const n0 = y.length;
  if (n0 === 0) throw new ESeriesTooShort('AutoARIMA needs at least one observation', { context: { n: 0 } });
  for (let i = 0; i < n0; i++) {
    if (!Number.isFinite(y[i])) {
      throw new EModelFitFailed('AutoARIMA input contains a non-finite value', { context: { index: i, value: y[i] } });
    }
  }
  if (!Number.isInteger(frequency) || frequency < 1) {
    throw new EModelFitFailed('Seasonal period must be an integer >= 1', { context: { frequency } });
  }
  let x = y;
  const trace = options.trace;
  const allowMeanOpt = options.allowMean ?? true;
  if (isConstantSeries(x)) {
    const mean = rMean(x);
    const c = allowMeanOpt
      ? fixedFit(x, { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, period: frequency }, { kind: 'mean', value: mean })
      : fixedFit(x, { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, period: frequency }, null);
    return finish(c, n0, { constantValue: x[0] });
  }
  let ic: InformationCriterion = options.ic ?? 'aicc';
  const m = options.seasonal === false ? 1 : frequency;
  const serieslength = n0;
  let maxP = Math.min(options.maxP ?? 5, Math.floor(serieslength / 3));
  let maxQ = Math.min(options.maxQ ?? 5, Math.floor(serieslength / 3));
  let maxSP = Math.min(options.maxSeasonalP ?? 2, Math.floor(serieslength / 3 / m));
  let maxSQ = Math.min(options.maxSeasonalQ ?? 2, Math.floor(serieslength / 3 / m));
  if (serieslength <= 3) ic = 'aic';

  let d = options.d;
  let D = options.D;
  if (options.stationary) d = D = 0;
  if (m === 1) {
    D = 0;
    maxSP = 0;
    maxSQ = 0;
  } else if (D === undefined && x.length <= 2 * m) {
    D = 0;
  } else if (D === undefined) {
    D = nsdiffs(x, m, options.maxSeasonalD ?? 1);
  }
  let dx = D > 0 ? diffSeries(x, m, D) : x;
  if (d === undefined) d = ndiffs(dx, options.maxD ?? 2);
  if (d > 0) dx = diffSeries(dx, 1, d);
  if (dx.length === 0) throw new ESeriesTooShort('Not enough data to proceed', { context: { n: n0, d, D } });
  const method = options.method;
  if (isConstantSeries(dx)) {
    const arma: ArmaOrder = { p: 0, d, q: 0, P: 0, D, Q: 0, period: frequency };
    let c: Candidate;
    if (D > 0 && d === 0) c = fixedFit(x, arma, { kind: 'drift', value: rMean(Float64Array.from(dx, (v) => v / m)) }, method);
    else if (D > 0 && d > 0) c = fixedFit(x, arma, null, method);
    else if (d === 2) c = fixedFit(x, arma, null, method);
    else if (d < 2) c = fixedFit(x, arma, { kind: d === 1 ? 'drift' : 'mean', value: rMean(dx) }, method);
    else throw new EModelFitFailed('Data follow a simple polynomial and are not suitable for ARIMA modelling.', { context: { d, D } });
    return finish(c, n0);
  }
  if (m > 1) {
    if (maxSP > 0) maxP = Math.min(maxP, m - 1);
    if (maxSQ > 0) maxQ = Math.min(maxQ, m - 1);
  }
  const approximation = options.approximation ?? (n0 > 150 || frequency > 12);
  let offset = 0;
  if (approximation) {
    if (options.truncate !== undefined && x.length > options.truncate) x = x.slice(x.length - options.truncate);
    try {
      const fit = arima(x, { p: 0, d, q: 0, P: 0, D, Q: 0, period: frequency });
      offset = -2 * fit.loglik - serieslength * Math.log(fit.sigma2);
    } catch (err) {
      if (!(err instanceof EModelFitFailed)) throw err;
      offset = 0;
    }
  }
  const allowDrift = (options.allowDrift ?? true) && d + D === 1;
  const allowMean = allowMeanOpt && d + D === 0;
  let constant = allowDrift || allowMean;
  const ctx: SearchContext = { x, period: frequency, ic, offset, method, trace };
  if (approximation) trace?.('\n Fitting models using approximations to speed things up...\n');

  if (options.stepwise === false) {
    return finish(fullSearch(ctx, d, D, maxP, maxQ, maxSP, maxSQ, options.maxOrder ?? 5, allowDrift || allowMean, approximation), n0);
  }

  const nmodels = options.nmodels ?? 94;
  let startP = options.startP ?? 2;
  let startQ = options.startQ ?? 2;
  let startSP = options.startSeasonalP ?? 1;
  let startSQ = options.startSeasonalQ ?? 1;
  if (x.length < 10) {
    startP = Math.min(startP, 1);
    startQ = Math.min(startQ, 1);
    startSP = 0;
    startSQ = 0;
  }
  let p = Math.min(startP, maxP);
  let q = Math.min(startQ, maxQ);
  let P = Math.min(startSP, maxSP);
  let Q = Math.min(startSQ, maxSQ);
  const dd = d;
  const DD = D;
  const results: (readonly [number, number, number, number, number, number, number, number])[] = [];
  const fitModel = (pp: number, qq: number, PP: number, QQ: number, cc: boolean): Candidate => {
    const c = myarima(ctx, [pp, dd, qq], [PP, DD, QQ], cc, approximation);
    results.push([pp, dd, qq, PP, DD, QQ, cc ? 1 : 0, c.ic]);
    return c;
  };
  const isNew = (pp: number, qq: number, PP: number, QQ: number, cc: boolean) =>
    !results.some((r) => r[0] === pp && r[1] === dd && r[2] === qq && r[3] === PP && r[4] === DD && r[5] === QQ && r[6] === (cc ? 1 : 0));

  let bestfit = fitModel(p, q, P, Q, constant);
  let fit = fitModel(0, 0, 0, 0, constant);
  if (fit.ic < bestfit.ic) {
    bestfit = fit;
    p = q = P = Q = 0;
  }
  if (maxP > 0 || maxSP > 0) {
    const pp = maxP > 0 ? 1 : 0;
    const PP = m > 1 && maxSP > 0 ? 1 : 0;
    fit = fitModel(pp, 0, PP, 0, constant);
    if (fit.ic < bestfit.ic) {
      bestfit = fit;
      p = pp;
      P = PP;
      q = Q = 0;
    }
  }
  if (maxQ > 0 || maxSQ > 0) {
    const qq = maxQ > 0 ? 1 : 0;
    const QQ = m > 1 && maxSQ > 0 ? 1 : 0;
    fit = fitModel(0, qq, 0, QQ, constant);
    if (fit.ic < bestfit.ic) {
      bestfit = fit;
      p = P = 0;
      Q = QQ;
      q = qq;
    }
  }
  if (constant) {
    fit = fitModel(0, 0, 0, 0, false);
    if (fit.ic < bestfit.ic) {
      bestfit = fit;
      p = q = P = Q = 0;
    }
  }

  // The neighbourhood moves in R's order; the first improvement restarts the scan.
  const moves: readonly (readonly [number, number, number, number])[] = [
    [0, 0, -1, 0],
    [0, 0, 0, -1],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, -1, -1],
    [0, 0, -1, 1],
    [0, 0, 1, -1],
    [0, 0, 1, 1],
    [-1, 0, 0, 0],
    [0, -1, 0, 0],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [-1, -1, 0, 0],
    [-1, 1, 0, 0],
    [1, -1, 0, 0],
    [1, 1, 0, 0],
  ];
  let k = results.length;
  let startk = 0;
  let stoppedEarly = false;
  while (startk < k && k < nmodels) {
    startk = k;
    let improved = false;
    for (const [dp, dq, dP, dQ] of moves) {
      const np_ = p + dp;
      const nq = q + dq;
      const nP = P + dP;
      const nQ = Q + dQ;
      if (np_ < 0 || nq < 0 || nP < 0 || nQ < 0 || np_ > maxP || nq > maxQ || nP > maxSP || nQ > maxSQ) continue;
      if (!isNew(np_, nq, nP, nQ, constant)) continue;
      k++;
      if (k > nmodels) {
        stoppedEarly = true;
        break;
      }
      fit = fitModel(np_, nq, nP, nQ, constant);
      if (fit.ic < bestfit.ic) {
        bestfit = fit;
        p = np_;
        q = nq;
        P = nP;
        Q = nQ;
        improved = true;
        break;
      }
    }
    if (improved || stoppedEarly) continue;
    if (allowDrift || allowMean) {
      if (isNew(p, q, P, Q, !constant)) {
        k++;
        if (k > nmodels) {
          stoppedEarly = true;
          continue;
        }
        fit = fitModel(p, q, P, Q, !constant);
        if (fit.ic < bestfit.ic) {
          bestfit = fit;
          constant = !constant;
        }
      }
    }
  }

  if (approximation && bestfit.fit) {
    trace?.('\n\n Now re-fitting the best model(s) without approximations...\n');
    // R: order(results[, 8]) is stable and puts NA (never fitted) last.
    const ranked = results.map((r, i) => ({ r, i })).sort((a, b) => a.r[7] - b.r[7] || a.i - b.i);
    let refitted: Candidate | null = null;
    for (const { r } of ranked) {
      const c = myarima(ctx, [r[0], dd, r[2]], [r[3], DD, r[5]], r[6] === 1, false);
      if (c.ic < Infinity) {
        refitted = c;
        break;
      }
    }
    // R keeps the approximate fit when no model can be refitted.
    if (refitted) bestfit = refitted;
  }
  if (bestfit.ic === Infinity && method !== 'CSS') {
    throw new EModelFitFailed('No suitable ARIMA model found', { context: { n: n0, d, D } });
  }
  return finish(bestfit, n0);
}

/** forecast's `search.arima`: every model with p + q + P + Q <= maxOrder, with and without the constant. */
function fullSearch(
  ctx: SearchContext,
  d: number,
  D: number,
  maxP: number,
  maxQ: number,
  maxSP: number,
  maxSQ: number,
  maxOrder: number,
  maxK: boolean,
  approximation: boolean,
): Candidate {
  let best: Candidate = NO_FIT;
  let bestConstant = false;
  for (let i = 0; i <= maxP; i++) {
    for (let j = 0; j <= maxQ; j++) {
      for (let I = 0; I <= maxSP; I++) {
        for (let J = 0; J <= maxSQ; J++) {
          if (i + j + I + J > maxOrder) continue;
          for (let K = 0; K <= (maxK ? 1 : 0); K++) {
            const fit = myarima(ctx, [i, d, j], [I, D, J], K === 1, approximation);
            if (fit.ic < best.ic) {
              best = fit;
              bestConstant = K === 1;
            }
          }
        }
      }
    }
  }
  if (!best.fit) throw new EModelFitFailed('No ARIMA model able to be estimated', { context: { d, D } });
  if (approximation) {
    const a = best.fit.arma;
    const refit = myarima(ctx, [a.p, d, a.q], [a.P, D, a.Q], bestConstant, false);
    if (refit.ic === Infinity) return fullSearch(ctx, d, D, maxP, maxQ, maxSP, maxSQ, maxOrder, maxK, false);
    return refit;
  }
  return best;
}
