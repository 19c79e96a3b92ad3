/**
 * R's `stats::arima` (R 4.2) for a univariate series with at most one regressor (the intercept
 * or the drift auto.arima adds): conditional-sum-of-squares start, then exact maximum likelihood
 * by the Kalman filter ("CSS-ML", the default), or either alone. Parameters of the AR parts are
 * optimised in the transformed (always stationary) space, MA parts are made invertible, and the
 * coefficient covariance comes from the numerical Hessian, all as R does.
 */
import { EModelFitFailed } from '../../../errors/index.js';
import { bfgs, optimHess, type BfgsResult } from '../numeric/optim/bfgs.js';
import { lmOneRegressor, solve } from '../numeric/linalg.js';
import { arCheck, maInvert } from './polynomial.js';
import { arimaCss, arimaLike, differencingPolynomial, makeArima, updateArima, type ArimaStateSpace } from './stateSpace.js';
import { gradTrans, invTrans, narmaOf, transPars, undoPars, type ArmaOrder } from './transform.js';

export type ArimaMethod = 'CSS-ML' | 'ML' | 'CSS';

export interface Regressor {
  /** "intercept", "drift" or a user name. */
  readonly name: string;
  readonly values: Float64Array;
}

export interface ArimaOptions {
  readonly xreg?: Regressor;
  /** Adds an intercept when the model has no differencing (R default true). */
  readonly includeMean?: boolean;
  readonly method?: ArimaMethod;
  /** Fixed values (NaN = estimated), one per ARMA coefficient then regressor. */
  readonly fixed?: ArrayLike<number>;
  readonly transformPars?: boolean;
  readonly kappa?: number;
}

export interface ArimaFit {
  readonly arma: ArmaOrder;
  readonly method: ArimaMethod;
  /** ar1…, ma1…, sar1…, sma1…, then the regressor. */
  readonly coef: Float64Array;
  readonly names: string[];
  readonly mask: boolean[];
  /** Covariance of the estimated coefficients (k × k column-major, k = estimated count). */
  readonly varCoef: Float64Array;
  sigma2: number;
  readonly loglik: number;
  /** NaN for CSS (R's NA). */
  readonly aic: number;
  readonly nobs: number;
  readonly residuals: Float64Array;
  readonly convergence: number;
  /** State at the end of the data, for `kalmanForecast`. */
  readonly model: ArimaStateSpace;
  readonly xreg?: Regressor;
}

const DOUBLE_XMAX = Number.MAX_VALUE;

function fail(message: string, context: Record<string, unknown>): never {
  throw new EModelFitFailed(message, { context });
}

function diffLag(x: Float64Array, lag: number, times: number): Float64Array {
  let out = x;
  for (let t = 0; t < times; t++) {
    const next = new Float64Array(Math.max(out.length - lag, 0));
    for (let i = 0; i < next.length; i++) next[i] = out[i + lag] - out[i];
    out = next;
  }
  return out;
}

export function arima(x: Float64Array, arma: ArmaOrder, options: ArimaOptions = {}): ArimaFit {
  let method: ArimaMethod = options.method ?? 'CSS-ML';
  const kappa = options.kappa ?? 1e6;
  const n = x.length;
  const narma = narmaOf(arma);
  const Delta = differencingPolynomial(arma.d, arma.D, arma.period);
  const nd = arma.d + arma.D;
  let nonMissing = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i])) nonMissing++;
  let nUsed = nonMissing - Delta.length;

  let xreg = options.xreg;
  if ((options.includeMean ?? true) && nd === 0) {
    if (xreg) fail('arima: an intercept together with another regressor is not supported', { xreg: xreg.name });
    xreg = { name: 'intercept', values: new Float64Array(n).fill(1) };
  }
  if (xreg && xreg.values.length !== n) fail("lengths of 'x' and 'xreg' do not match", { n, xreg: xreg.values.length });
  const ncxreg = xreg ? 1 : 0;
  if (method === 'CSS-ML' && nonMissing < n) method = 'ML';

  let ncond = 0;
  if (method === 'CSS' || method === 'CSS-ML') {
    ncond = arma.d + arma.D * arma.period + arma.p + arma.period * arma.P;
  }
  const npar = narma + ncxreg;
  const fixed = new Float64Array(npar).fill(Number.NaN);
  if (options.fixed) {
    if (options.fixed.length !== npar) fail("wrong length for 'fixed'", { expected: npar, got: options.fixed.length });
    for (let i = 0; i < npar; i++) fixed[i] = options.fixed[i];
  }
  const mask = Array.from(fixed, (v) => Number.isNaN(v));
  const noOptim = !mask.some(Boolean);
  let transform = noOptim ? false : (options.transformPars ?? true);
  if (transform) {
    const arFixed = mask.slice(0, arma.p).some((m) => !m) || mask.slice(arma.p + arma.q, arma.p + arma.q + arma.P).some((m) => !m);
    if (arFixed) transform = false;
  }
  const init = new Float64Array(npar);
  const parscaleAll = new Float64Array(npar).fill(1);
  if (xreg) {
    let dx = x;
    let dxreg = xreg.values;
    if (arma.d > 0) {
      dx = diffLag(dx, 1, arma.d);
      dxreg = diffLag(dxreg, 1, arma.d);
    }
    if (arma.period > 1 && arma.D > 0) {
      dx = diffLag(dx, arma.period, arma.D);
      dxreg = diffLag(dxreg, arma.period, arma.D);
    }
    let fit = dx.length > 1 ? lmOneRegressor(dx, dxreg) : null;
    if (fit === null) fit = lmOneRegressor(x, xreg.values);
    if (fit === null) fail('arima: the regressor is identically zero', { xreg: xreg.name });
    nUsed = nonMissing - Delta.length;
    init[narma] = fit.coef;
    parscaleAll[narma] = 10 * fit.se;
  }
  if (nUsed <= 0) fail('too few non-missing observations', { n, nUsed });

  const maskIdx: number[] = [];
  for (let i = 0; i < npar; i++) if (mask[i]) maskIdx.push(i);
  const parscale = Float64Array.from(maskIdx, (i) => parscaleAll[i]);
  const coef = Float64Array.from(fixed);
  const xregCoef = (par: ArrayLike<number>) => (xreg ? par[narma] : 0);
  const adjusted = (par: ArrayLike<number>): Float64Array => {
    if (!xreg) return x;
    const b = xregCoef(par);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i] - xreg.values[i] * b;
    return out;
  };
  const withFree = (base: ArrayLike<number>, p: ArrayLike<number>): Float64Array => {
    const par = Float64Array.from(base);
    for (let k = 0; k < maskIdx.length; k++) par[maskIdx[k]] = p[k];
    return par;
  };

  const armaCSS = (p: ArrayLike<number>): number => {
    const par = withFree(fixed, p);
    const { phi, theta } = transPars(par, arma, false);
    const res = arimaCss(adjusted(par), arma.d, arma.D, arma.period, phi, theta, ncond);
    return 0.5 * Math.log(res.sigma2);
  };

  let mod: ArimaStateSpace;
  let value: number;
  let convergence = 0;
  let varCoef: Float64Array;
  let sigma2: number;
  let residuals: Float64Array;

  if (method === 'CSS') {
    let res: BfgsResult;
    let hessian: Float64Array | null = null;
    if (noOptim) {
      res = { par: new Float64Array(0), value: armaCSS([]), convergence: 0, fncount: 0, grcount: 0 };
    } else {
      res = bfgs(
        armaCSS,
        maskIdx.map((i) => init[i]),
        { parscale },
      );
      hessian = optimHess(armaCSS, res.par, { parscale });
    }
    convergence = res.convergence;
    for (let k = 0; k < maskIdx.length; k++) coef[maskIdx[k]] = res.par[k];
    const { phi, theta } = transPars(coef, arma, false);
    mod = makeArima(phi, theta, Delta, kappa);
    const xx = adjusted(coef);
    arimaLike(xx, mod, false);
    const val = arimaCss(xx, arma.d, arma.D, arma.period, phi, theta, ncond);
    sigma2 = val.sigma2;
    residuals = val.residuals;
    varCoef = hessian === null ? new Float64Array(0) : solve(scaled(hessian, nUsed), maskIdx.length);
    value = res.value;
  } else {
    if (method === 'CSS-ML') {
      if (!noOptim) {
        const res = bfgs(
          armaCSS,
          maskIdx.map((i) => init[i]),
          { parscale },
        );
        if (res.convergence === 0) for (let k = 0; k < maskIdx.length; k++) init[maskIdx[k]] = res.par[k];
      }
      if (arma.p > 0 && !arCheck(init.subarray(0, arma.p))) fail('non-stationary AR part from CSS', { order: arma });
      if (arma.P > 0 && !arCheck(init.subarray(arma.p + arma.q, arma.p + arma.q + arma.P))) {
        fail('non-stationary seasonal AR part from CSS', { order: arma });
      }
      ncond = 0;
    }
    let start: Float64Array = init;
    if (transform) {
      start = invTrans(init, arma);
      if (arma.q > 0) start.set(maInvert(start.subarray(arma.p, arma.p + arma.q)), arma.p);
      if (arma.Q > 0) start.set(maInvert(start.subarray(arma.p + arma.q + arma.P, narma)), arma.p + arma.q + arma.P);
    }
    const tr0 = transPars(start, arma, transform);
    const base = makeArima(tr0.phi, tr0.theta, Delta, kappa);
    const armafn =
      (trans: boolean) =>
      (p: ArrayLike<number>): number => {
        const par = withFree(coef, p);
        const trarma = transPars(par, arma, trans);
        let Z: ArimaStateSpace;
        try {
          Z = updateArima(base, trarma.phi, trarma.theta, kappa);
        } catch {
          return DOUBLE_XMAX;
        }
        const res = arimaLike(adjusted(par), Z, false);
        const s2 = res.ssq / res.nu;
        return 0.5 * (Math.log(s2) + res.sumlog / res.nu);
      };
    let res: BfgsResult;
    let hessian: Float64Array | null = null;
    if (noOptim) {
      res = { par: new Float64Array(0), value: armafn(transform)([]), convergence: 0, fncount: 0, grcount: 0 };
    } else {
      const fn = armafn(transform);
      res = bfgs(
        fn,
        maskIdx.map((i) => start[i]),
        { parscale },
      );
      hessian = optimHess(fn, res.par, { parscale });
    }
    convergence = res.convergence;
    for (let k = 0; k < maskIdx.length; k++) coef[maskIdx[k]] = res.par[k];
    if (transform) {
      if (arma.q > 0 && mask.slice(arma.p, arma.p + arma.q).every(Boolean)) {
        coef.set(maInvert(coef.subarray(arma.p, arma.p + arma.q)), arma.p);
      }
      if (arma.Q > 0 && mask.slice(arma.p + arma.q + arma.P, narma).every(Boolean)) {
        coef.set(maInvert(coef.subarray(arma.p + arma.q + arma.P, narma)), arma.p + arma.q + arma.P);
      }
      if (maskIdx.some((i, k) => coef[i] !== res.par[k])) {
        const fn = armafn(true);
        const again = bfgs(
          fn,
          maskIdx.map((i) => coef[i]),
          { parscale, maxit: 0 },
        );
        hessian = optimHess(fn, again.par, { parscale });
        res = { ...again, convergence: res.convergence };
        for (let k = 0; k < maskIdx.length; k++) coef[maskIdx[k]] = res.par[k];
      }
      const k = maskIdx.length;
      const Afull = gradTrans(coef, arma);
      const A = new Float64Array(k * k);
      for (let c = 0; c < k; c++) for (let r = 0; r < k; r++) A[r + c * k] = Afull[maskIdx[r] + maskIdx[c] * npar];
      const HinvA = solve(scaled(hessian ?? new Float64Array(0), nUsed), k, A, k);
      varCoef = crossprod(A, HinvA, k);
      const undone = undoPars(coef, arma);
      coef.set(undone);
    } else {
      varCoef = hessian === null ? new Float64Array(0) : solve(scaled(hessian, nUsed), maskIdx.length);
    }
    const tr = transPars(coef, arma, false);
    mod = makeArima(tr.phi, tr.theta, Delta, kappa);
    const val = arimaLike(adjusted(coef), mod, true);
    sigma2 = val.ssq / nUsed;
    residuals = val.residuals ?? new Float64Array(n);
    value = res.value;
  }
  const twoNegLogLik = 2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI);
  const aic = method !== 'CSS' ? twoNegLogLik + 2 * maskIdx.length + 2 : Number.NaN;
  const names: string[] = [];
  for (let i = 1; i <= arma.p; i++) names.push(`ar${i}`);
  for (let i = 1; i <= arma.q; i++) names.push(`ma${i}`);
  for (let i = 1; i <= arma.P; i++) names.push(`sar${i}`);
  for (let i = 1; i <= arma.Q; i++) names.push(`sma${i}`);
  if (xreg) names.push(xreg.name);
  return {
    arma,
    method,
    coef,
    names,
    mask,
    varCoef,
    sigma2,
    loglik: -0.5 * twoNegLogLik,
    aic,
    nobs: nUsed,
    residuals,
    convergence,
    model: mod,
    ...(xreg ? { xreg } : {}),
  };
}

function scaled(H: Float64Array, s: number): Float64Array {
  return Float64Array.from(H, (v) => v * s);
}

/** crossprod(A, B) = Aᵀ B for k × k column-major matrices. */
function crossprod(A: Float64Array, B: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += A[l + i * k] * B[l + j * k];
      out[i + j * k] = s;
    }
  }
  return out;
}
