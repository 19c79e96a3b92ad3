/**
 * Parameter transforms of R's `stats::arima` (arima.c): the AR parts are optimised in an
 * unconstrained space that maps onto the stationary region (tanh of the partial autocorrelations,
 * then Durbin–Levinson), and the seasonal polynomials are multiplied out into one long phi/theta.
 * Operation order follows the C code so the optimiser sees the same numbers as R's.
 */

/** The model's orders, R's `arma` vector: p, q, P, Q, period, d, D. */
export interface ArmaOrder {
  readonly p: number;
  readonly q: number;
  readonly P: number;
  readonly Q: number;
  readonly period: number;
  readonly d: number;
  readonly D: number;
}

export const narmaOf = (o: ArmaOrder): number => o.p + o.q + o.P + o.Q;

/** R's `partrans`: unconstrained → AR coefficients of a stationary process (p <= 100). */
function partrans(p: number, raw: ArrayLike<number>, rawOffset: number, out: Float64Array, outOffset: number): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const t = Math.tanh(raw[rawOffset + j]);
    work[j] = t;
    out[outOffset + j] = t;
  }
  for (let j = 1; j < p; j++) {
    const a = out[outOffset + j];
    for (let k = 0; k < j; k++) work[k] -= a * out[outOffset + j - k - 1];
    for (let k = 0; k < j; k++) out[outOffset + k] = work[k];
  }
}

/** R's `invpartrans`: AR coefficients → unconstrained (Durbin–Levinson backwards, then atanh). */
function invpartrans(p: number, phi: ArrayLike<number>, phiOffset: number, out: Float64Array, outOffset: number): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    work[j] = phi[phiOffset + j];
    out[outOffset + j] = work[j];
  }
  for (let j = p - 1; j > 0; j--) {
    const a = out[outOffset + j];
    for (let k = 0; k < j; k++) work[k] = (out[outOffset + k] + a * out[outOffset + j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[outOffset + k] = work[k];
  }
  for (let j = 0; j < p; j++) out[outOffset + j] = Math.atanh(out[outOffset + j]);
}

/** R's `ARIMA_undoPars`: the transformed AR blocks mapped back, everything else copied. */
export function undoPars(par: ArrayLike<number>, o: ArmaOrder): Float64Array {
  const out = Float64Array.from(par);
  if (o.p > 0) partrans(o.p, par, 0, out, 0);
  if (o.P > 0) partrans(o.P, par, o.p + o.q, out, o.p + o.q);
  return out;
}

/** R's `ARIMA_Invtrans`. */
export function invTrans(par: ArrayLike<number>, o: ArmaOrder): Float64Array {
  const out = Float64Array.from(par);
  if (o.p > 0) invpartrans(o.p, par, 0, out, 0);
  if (o.P > 0) invpartrans(o.P, par, o.p + o.q, out, o.p + o.q);
  return out;
}

/** R's `ARIMA_Gradtrans`: forward-difference Jacobian (step 1e-3) of `undoPars`, n × n column-major. */
export function gradTrans(par: ArrayLike<number>, o: ArmaOrder): Float64Array {
  const n = par.length;
  const eps = 1e-3;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i + i * n] = 1;
  const block = (len: number, v: number) => {
    const w1 = new Float64Array(len);
    const w2 = new Float64Array(len);
    const w3 = new Float64Array(len);
    for (let i = 0; i < len; i++) w1[i] = par[i + v];
    partrans(len, w1, 0, w2, 0);
    for (let i = 0; i < len; i++) {
      w1[i] += eps;
      partrans(len, w1, 0, w3, 0);
      for (let j = 0; j < len; j++) A[i + v + (j + v) * n] = (w3[j] - w2[j]) / eps;
      w1[i] -= eps;
    }
  };
  if (o.p > 0) block(o.p, 0);
  if (o.P > 0) block(o.P, o.p + o.q);
  return A;
}

/**
 * R's `ARIMA_transPars`: the expanded polynomials phi (length p + period·P) and theta
 * (q + period·Q), optionally through `partrans` first.
 */
export function transPars(par: ArrayLike<number>, o: ArmaOrder, trans: boolean): { phi: Float64Array; theta: Float64Array } {
  const { p: mp, q: mq, P: msp, Q: msq, period: ns } = o;
  const p = mp + ns * msp;
  const q = mq + ns * msq;
  const phi = new Float64Array(p);
  const theta = new Float64Array(q);
  let params: ArrayLike<number> = par;
  if (trans) {
    const t = Float64Array.from(par);
    if (mp > 0) partrans(mp, par, 0, t, 0);
    if (msp > 0) partrans(msp, par, mp + mq, t, mp + mq);
    params = t;
  }
  if (ns > 0) {
    for (let i = 0; i < mp; i++) phi[i] = params[i];
    for (let i = 0; i < mq; i++) theta[i] = params[i + mp];
    for (let j = 0; j < msp; j++) {
      phi[(j + 1) * ns - 1] += params[j + mp + mq];
      for (let i = 0; i < mp; i++) phi[(j + 1) * ns + i] -= params[i] * params[j + mp + mq];
    }
    for (let j = 0; j < msq; j++) {
      theta[(j + 1) * ns - 1] += params[j + mp + mq + msp];
      for (let i = 0; i < mq; i++) theta[(j + 1) * ns + i] += params[i + mp] * params[j + mp + mq + msp];
    }
  } else {
    for (let i = 0; i < mp; i++) phi[i] = params[i];
    for (let i = 0; i < mq; i++) theta[i] = params[i + mp];
  }
  return { phi, theta };
}
