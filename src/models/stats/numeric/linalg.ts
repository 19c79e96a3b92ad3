/**
 * Dense linear algebra and summation as R computes them, shared by the statistical models: R's
 * `mean` and `sum` (extended precision), least squares (`lm.fit`) and a one-regressor `lm`,
 * `solve` with R's singularity checks, and small dense matrices (ETS's analytic variance).
 * The last bit matters in every one: the ETS and ARIMA optimiser paths depend on it.
 */
import { EModelFitFailed } from '../../../errors/index.js';

/** Double-double value hi + lo (|lo| <= ulp(hi)/2). */
interface DD {
  hi: number;
  lo: number;
}

/** Exact a + b as a double-double (Knuth's two-sum). */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

/** Exact a · b as a double-double (Dekker's product, no FMA needed). */
function twoProduct(a: number, b: number): DD {
  const p = a * b;
  const ca = 134217729 * a; // 2^27 + 1 splits into 26-bit halves
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

function ddAdd(x: DD, y: number): DD {
  const s = twoSum(x.hi, y);
  return twoSum(s.hi, s.lo + x.lo);
}

function ddAddDD(x: DD, y: DD): DD {
  const s = twoSum(x.hi, y.hi);
  return twoSum(s.hi, s.lo + x.lo + y.lo);
}

function ddDiv(x: DD, n: number): DD {
  const q1 = x.hi / n;
  const p = twoProduct(q1, n);
  const q2 = (x.hi - p.hi - p.lo + x.lo) / n;
  return twoSum(q1, q2);
}

/**
 * R's `mean`: R's C code sums, divides, then adds the mean of the residuals, all in long double.
 * Double-double carries more precision than long double, so the result is the same double except
 * in rare near-ties. The last bit matters: ETS initial states feed recursions that, for some
 * parameters, amplify a 1-ulp difference into a different optimiser path.
 */
export function rMean(x: ArrayLike<number>, from = 0, to = x.length): number {
  const n = to - from;
  let s: DD = { hi: 0, lo: 0 };
  for (let i = from; i < to; i++) s = ddAdd(s, x[i]);
  s = ddDiv(s, n);
  if (!Number.isFinite(s.hi)) return s.hi;
  let t: DD = { hi: 0, lo: 0 };
  for (let i = from; i < to; i++) t = ddAddDD(t, ddAdd({ hi: -s.hi, lo: -s.lo }, x[i]));
  s = ddAddDD(s, ddDiv(t, n));
  return s.hi + s.lo;
}

/** Σ x[i]·y[i] in index order (reference BLAS `ddot`). */
function ddot(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[xo + i] * y[yo + i];
  return s;
}

/** √Σx² for mid-range values (reference BLAS 3.10+ `dnrm2`, Blue's algorithm). */
function dnrm2(n: number, x: Float64Array, xo: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[xo + i]);
    s += a * a;
  }
  return Math.sqrt(s);
}

/**
 * Least squares as R's `lm.fit`/`lsfit` compute it (LINPACK `dqrdc2` + `dqrsl` through
 * `Cdqrls`, Householder with the same operation order), X given column-wise, full column rank
 * assumed (a column with a zero pivot gets coefficient 0). Same order of operations as R so the
 * coefficients agree to the last bit.
 */
export function leastSquares(columns: Float64Array[], y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const p = columns.length;
  const x = columns.map((c) => Float64Array.from(c));
  const qraux = new Float64Array(p);
  const k = Math.min(p, n);
  for (let l = 0; l < k; l++) {
    if (l === n - 1) continue;
    const col = x[l];
    let nrmxl = dnrm2(n - l, col, l);
    if (nrmxl === 0) continue;
    if (col[l] !== 0) nrmxl = Math.abs(nrmxl) * Math.sign(col[l]);
    const inv = 1 / nrmxl;
    for (let i = l; i < n; i++) col[i] = inv * col[i];
    col[l] = 1 + col[l];
    for (let j = l + 1; j < p; j++) {
      const cj = x[j];
      const t = -ddot(n - l, col, l, cj, l) / col[l];
      for (let i = l; i < n; i++) cj[i] = cj[i] + t * col[i];
    }
    qraux[l] = col[l];
    col[l] = -nrmxl;
  }
  // qty = Qᵀy
  const qty = Float64Array.from(y as ArrayLike<number>);
  const ju = Math.min(k, n - 1);
  for (let j = 0; j < ju; j++) {
    if (qraux[j] === 0) continue;
    const col = x[j];
    const temp = col[j];
    col[j] = qraux[j];
    const t = -ddot(n - j, col, j, qty, j) / col[j];
    for (let i = j; i < n; i++) qty[i] = qty[i] + t * col[i];
    col[j] = temp;
  }
  // Back substitution.
  const b = new Float64Array(p);
  for (let j = 0; j < k; j++) b[j] = qty[j];
  for (let j = k - 1; j >= 0; j--) {
    if (x[j][j] === 0) {
      b[j] = 0;
      continue;
    }
    b[j] = b[j] / x[j][j];
    const t = -b[j];
    for (let i = 0; i < j; i++) b[i] = b[i] + t * x[j][i];
  }
  return b;
}

/** Dense row-major matrix. */
export interface Mat {
  readonly r: number;
  readonly c: number;
  readonly v: Float64Array;
}

export function mat(r: number, c: number, v?: ArrayLike<number>): Mat {
  return { r, c, v: v ? Float64Array.from(v) : new Float64Array(r * c) };
}

export function identity(n: number): Mat {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.v[i * n + i] = 1;
  return m;
}

/** A·B, skipping zero entries of A (the class-3 system matrices are very sparse). */
export function mul(a: Mat, b: Mat): Mat {
  const out = mat(a.r, b.c);
  const bc = b.c;
  for (let i = 0; i < a.r; i++) {
    for (let k = 0; k < a.c; k++) {
      const aik = a.v[i * a.c + k];
      if (aik === 0) continue;
      const bo = k * bc;
      const oo = i * bc;
      for (let j = 0; j < bc; j++) out.v[oo + j] += aik * b.v[bo + j];
    }
  }
  return out;
}

export function transpose(a: Mat): Mat {
  const out = mat(a.c, a.r);
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out.v[j * a.r + i] = a.v[i * a.c + j];
  return out;
}

/** A·Bᵀ computed as (B·Aᵀ)ᵀ so a sparse B stays on the left of `mul`. */
export function mulTransposed(a: Mat, b: Mat): Mat {
  return transpose(mul(b, transpose(a)));
}

export function add(...ms: Mat[]): Mat {
  const out = mat(ms[0].r, ms[0].c);
  for (const m of ms) for (let i = 0; i < out.v.length; i++) out.v[i] += m.v[i];
  return out;
}

export function scale(a: Mat, s: number): Mat {
  const out = mat(a.r, a.c);
  for (let i = 0; i < a.v.length; i++) out.v[i] = a.v[i] * s;
  return out;
}

/** Kronecker product A ⊗ B. */
export function kron(a: Mat, b: Mat): Mat {
  const out = mat(a.r * b.r, a.c * b.c);
  for (let i = 0; i < a.r; i++) {
    for (let j = 0; j < a.c; j++) {
      const aij = a.v[i * a.c + j];
      if (aij === 0) continue;
      for (let r = 0; r < b.r; r++) {
        for (let c = 0; c < b.c; c++) {
          out.v[(i * b.r + r) * out.c + (j * b.c + c)] = aij * b.v[r * b.c + c];
        }
      }
    }
  }
  return out;
}

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
    throw new EModelFitFailed(`system is computationally singular: reciprocal condition number = ${rcond.toPrecision(6)}`, {
      context: { n, rcond },
    });
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
