/**
 * The few dense linear-algebra steps `stats::arima` needs: `solve` with R's singularity checks
 * (an exactly or computationally singular Hessian makes R's `arima` fail, and auto.arima then
 * skips the model, so we must fail in the same cases), a one-regressor `lm` for the starting value
 * and scale of a mean or drift, and complex polynomial helpers for R's `maInvert`.
 */
import { EModelFitFailed } from '../../../errors/index.js';
import { polyroot } from '../ets/polyroot.js';

/**
 * R's `solve(A, B)` (LAPACK dgesv: LU with partial pivoting), A n × n and B n × k, column-major.
 * Throws as R does when A is exactly singular or its reciprocal condition number (1-norm) is
 * below machine epsilon; the condition number is computed exactly here where LAPACK estimates it.
 */
export function solve(Ain: Float64Array, n: number, Bin?: Float64Array, k = n): Float64Array {
  const A = Float64Array.from(Ain);
  let anorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(A[i + j * n]);
    if (s > anorm || Number.isNaN(s)) anorm = s;
  }
  const piv = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let pr = j;
    let max = Math.abs(A[j + j * n]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(A[i + j * n]);
      if (v > max) {
        max = v;
        pr = i;
      }
    }
    piv[j] = pr;
    if (A[pr + j * n] === 0) {
      throw new EModelFitFailed(`Lapack routine dgesv: system is exactly singular: U[${j + 1},${j + 1}] = 0`, { context: { n } });
    }
    if (pr !== j) {
      for (let c = 0; c < n; c++) {
        const t = A[j + c * n];
        A[j + c * n] = A[pr + c * n];
        A[pr + c * n] = t;
      }
    }
    const inv = 1 / A[j + j * n];
    for (let i = j + 1; i < n; i++) A[i + j * n] *= inv;
    for (let c = j + 1; c < n; c++) {
      const t = A[j + c * n];
      if (t !== 0) for (let i = j + 1; i < n; i++) A[i + c * n] -= A[i + j * n] * t;
    }
  }
  const luSolve = (B: Float64Array, cols: number) => {
    for (let c = 0; c < cols; c++) {
      const o = c * n;
      for (let j = 0; j < n; j++) {
        const pr = piv[j];
        if (pr !== j) {
          const t = B[o + j];
          B[o + j] = B[o + pr];
          B[o + pr] = t;
        }
      }
      for (let j = 0; j < n; j++) {
        const t = B[o + j];
        if (t !== 0) for (let i = j + 1; i < n; i++) B[o + i] -= t * A[i + j * n];
      }
      for (let j = n - 1; j >= 0; j--) {
        B[o + j] /= A[j + j * n];
        const t = B[o + j];
        if (t !== 0) for (let i = 0; i < j; i++) B[o + i] -= t * A[i + j * n];
      }
    }
  };
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inverse[i + i * n] = 1;
  luSolve(inverse, n);
  let ainvnorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(inverse[i + j * n]);
    if (s > ainvnorm || Number.isNaN(s)) ainvnorm = s;
  }
  const rcond = 1 / anorm / ainvnorm;
  if (rcond < Number.EPSILON) {
    throw new EModelFitFailed(`system is computationally singular: reciprocal condition number = ${rcond.toPrecision(6)}`, { context: { n, rcond } });
  }
  if (Bin === undefined) return inverse;
  const B = Float64Array.from(Bin);
  luSolve(B, k);
  return B;
}

/**
 * `lm(y ~ x - 1)` with one regressor, as LINPACK's dqrdc2/dqrsl compute it for R: coefficient
 * Qᵀy/r11, residuals Q·(0, (Qᵀy)₂…), standard error √((1/r11)² · rss/(n − 1)). The Householder
 * steps are reproduced because this standard error sets optim's `parscale` for the mean or drift,
 * and the optimiser path depends on its last bits. `null` when x is all zeros (rank 0).
 */
export function lmOneRegressor(y: ArrayLike<number>, xIn: Float64Array): { coef: number; se: number } | null {
  const n = y.length;
  const x = Float64Array.from(xIn);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += x[i] * x[i];
  if (ss === 0) return null;
  let nrmxl = Math.sqrt(ss);
  if (x[0] !== 0) nrmxl = Math.abs(nrmxl) * Math.sign(x[0]);
  const inv = 1 / nrmxl;
  for (let i = 0; i < n; i++) x[i] = inv * x[i];
  x[0] = 1 + x[0];
  const qraux = x[0];
  const r11 = -nrmxl;
  const reflect = (v: Float64Array) => {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += x[i] * v[i];
    const t = -dot / qraux;
    for (let i = 0; i < n; i++) v[i] = v[i] + t * x[i];
  };
  const qty = Float64Array.from(y);
  if (n > 1) reflect(qty);
  const coef = qty[0] / r11;
  const rsd = Float64Array.from(qty);
  rsd[0] = 0;
  if (n > 1) reflect(rsd);
  const sq = Float64Array.from(rsd, (r) => r * r);
  const rss = rSum(sq);
  const rinv = 1 / r11;
  const se = Math.sqrt(rinv * rinv * (rss / (n - 1)));
  return { coef, se };
}

/** Roots of 1 + c_1 z + … + c_k z^k (R's `polyroot(c(1, c))`), or null if the finder fails. */
export function rootsOf(coefIncreasing: ArrayLike<number>): { re: Float64Array; im: Float64Array } | null {
  const dec = Array.from(coefIncreasing).reverse();
  return polyroot(dec);
}

/** R's complex division (Smith's algorithm, arithmetic.c `complex_div`). */
function cdiv(ar: number, ai: number, br: number, bi: number): [number, number] {
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr <= abi) {
    const ratio = br / bi;
    const den = bi * (1 + ratio * ratio);
    return [(ar * ratio + ai) / den, (ai * ratio - ar) / den];
  }
  const ratio = bi / br;
  const den = br * (1 + ratio * ratio);
  return [(ar + ai * ratio) / den, (ai - ar * ratio) / den];
}

/** Smallest root modulus of 1 + c_1 z + … (Infinity for a constant polynomial; NaN if the finder fails). */
export function minRootModulus(coefIncreasing: ArrayLike<number>): number {
  if (coefIncreasing.length <= 1) return Infinity;
  const roots = rootsOf(coefIncreasing);
  if (roots === null) return Number.NaN;
  let min = Infinity;
  for (let i = 0; i < roots.re.length; i++) min = Math.min(min, Math.hypot(roots.re[i], roots.im[i]));
  return min;
}

/** R's `arCheck` in `arima`: is the AR polynomial 1 − Σ ar_i z^i stationary (all roots outside the unit circle)? */
export function arCheck(ar: ArrayLike<number>): boolean {
  let p = 0;
  for (let i = 0; i < ar.length; i++) if (ar[i] !== 0) p = i + 1;
  if (p === 0) return true;
  const c = [1];
  for (let i = 0; i < p; i++) c.push(-ar[i]);
  const roots = rootsOf(c);
  if (roots === null) return false;
  for (let i = 0; i < roots.re.length; i++) if (!(Math.hypot(roots.re[i], roots.im[i]) > 1)) return false;
  return true;
}

/** R's `maInvert` in `arima`: reflects MA roots inside the unit circle to make the MA part invertible. */
export function maInvert(ma: ArrayLike<number>): Float64Array {
  const q = ma.length;
  let q0 = 0;
  for (let i = 0; i < q; i++) if (ma[i] !== 0) q0 = i + 1;
  const out = Float64Array.from(ma);
  if (q0 === 0) return out;
  const c = [1];
  for (let i = 0; i < q0; i++) c.push(ma[i]);
  const roots = rootsOf(c);
  if (roots === null) throw new EModelFitFailed('polyroot failed in maInvert', { context: { ma: Array.from(ma) } });
  const re = Array.from(roots.re);
  const im = Array.from(roots.im);
  let any = false;
  for (let i = 0; i < re.length; i++) if (Math.hypot(re[i], im[i]) < 1) any = true;
  if (!any) return out;
  if (q0 === 1) {
    out.fill(0);
    out[0] = 1 / ma[0];
    return out;
  }
  for (let i = 0; i < re.length; i++) {
    if (Math.hypot(re[i], im[i]) < 1) [re[i], im[i]] = cdiv(1, 0, re[i], im[i]);
  }
  // x <- 1; for (r in roots) x <- c(x, 0) - c(0, x)/r
  let xr = [1];
  let xi = [0];
  for (let k = 0; k < re.length; k++) {
    const nr = new Array<number>(xr.length + 1);
    const ni = new Array<number>(xr.length + 1);
    for (let i = 0; i <= xr.length; i++) {
      const ar = i < xr.length ? xr[i] : 0;
      const ai = i < xi.length ? xi[i] : 0;
      const [br, bi] = i === 0 ? [0, 0] : cdiv(xr[i - 1], xi[i - 1], re[k], im[k]);
      nr[i] = ar - br;
      ni[i] = ai - bi;
    }
    xr = nr;
    xi = ni;
  }
  out.fill(0);
  for (let i = 0; i < q0; i++) out[i] = xr[i + 1];
  return out;
}

/** R's `sum` (accumulated in extended precision; double-double here), rounded to a double. */
export function rSum(x: ArrayLike<number>): number {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < x.length; i++) {
    const s = hi + x[i];
    const bb = s - hi;
    const err = hi - (s - bb) + (x[i] - bb);
    hi = s;
    lo += err;
  }
  return hi + lo;
}
