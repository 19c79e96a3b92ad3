/**
 * Small numerical helpers shared by the ETS code: R-style mean, least squares and dense matrices (used by the analytic variance of class-3 models).
 */

/** R's `mean`: a second pass corrects the rounding of the first. */
export function rMean(x: ArrayLike<number>, from = 0, to = x.length): number {
  const n = to - from;
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  s /= n;
  if (Number.isFinite(s)) {
    let t = 0;
    for (let i = from; i < to; i++) t += x[i] - s;
    s += t / n;
  }
  return s;
}

/**
 * Ordinary least squares by Householder QR (as R's `lm.fit`/`lsfit`), X given column-wise.
 * Returns the coefficients; a column with no independent information gets coefficient 0.
 */
export function leastSquares(columns: Float64Array[], y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const p = columns.length;
  const a = columns.map((c) => Float64Array.from(c));
  const qty = Float64Array.from(y as ArrayLike<number>);
  const diag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const col = a[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diag[k] = 0;
      continue;
    }
    const alpha = col[k] > 0 ? -norm : norm;
    // v = x - alpha e_k, stored in place.
    col[k] -= alpha;
    let vnorm2 = 0;
    for (let i = k; i < n; i++) vnorm2 += col[i] * col[i];
    diag[k] = alpha;
    if (vnorm2 === 0) continue;
    for (let j = k + 1; j < p; j++) {
      const cj = a[j];
      let d = 0;
      for (let i = k; i < n; i++) d += col[i] * cj[i];
      const f = (2 * d) / vnorm2;
      for (let i = k; i < n; i++) cj[i] -= f * col[i];
    }
    let d = 0;
    for (let i = k; i < n; i++) d += col[i] * qty[i];
    const f = (2 * d) / vnorm2;
    for (let i = k; i < n; i++) qty[i] -= f * col[i];
  }
  const beta = new Float64Array(p);
  const scale = Math.max(...Array.from(diag, Math.abs), 0);
  for (let k = p - 1; k >= 0; k--) {
    if (Math.abs(diag[k]) <= 1e-7 * scale || diag[k] === 0) {
      beta[k] = 0;
      continue;
    }
    let s = qty[k];
    for (let j = k + 1; j < p; j++) s -= a[j][k] * beta[j];
    beta[k] = s / diag[k];
  }
  return beta;
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
