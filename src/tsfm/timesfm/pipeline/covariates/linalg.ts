/**
 * The small dense linear algebra in-context regression needs, in float64: XᵀX, and the solution
 * β = pinv(XᵀX + λI)·Xᵀy with the pseudo-inverse of a symmetric matrix from its eigen-decomposition
 * (cyclic Jacobi; the matrices are covariates × covariates, a few dozen at most). Like upstream's
 * `jnp.linalg.pinv(..., hermitian=True)`, eigenvalues below rtol·max|λ| count as zero, so collinear
 * or constant columns get a minimum-norm solution instead of an error.
 */

/** A row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number, data = new Float64Array(rows * cols)): Matrix {
  return { rows, cols, data };
}

/** Eigen-decomposition of a symmetric matrix: values and column eigenvectors (V[:, k]). */
export function symmetricEigen(a: Matrix, maxSweeps = 100): { values: Float64Array; vectors: Matrix } {
  const n = a.rows;
  const m = Float64Array.from(a.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: matrix(n, n, v) };
}

/** β = pinv(XᵀX + ridge·I)·Xᵀy. */
export function ridgeSolve(x: Matrix, y: ArrayLike<number>, ridge: number): Float64Array {
  const { rows, cols } = x;
  const gram = new Float64Array(cols * cols);
  const xty = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let i = 0; i < cols; i++) {
      const xi = x.data[row + i];
      if (xi === 0) continue;
      xty[i] += xi * y[r];
      for (let j = i; j < cols; j++) gram[i * cols + j] += xi * x.data[row + j];
    }
  }
  for (let i = 0; i < cols; i++) {
    gram[i * cols + i] += ridge;
    for (let j = 0; j < i; j++) gram[i * cols + j] = gram[j * cols + i];
  }
  const { values, vectors } = symmetricEigen(matrix(cols, cols, gram));
  const maxAbs = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  // numpy/jax pinv default: rtol = 10·max(M, N)·eps (float64 here).
  const cutoff = 10 * cols * Number.EPSILON * maxAbs;
  const beta = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    if (Math.abs(values[k]) <= cutoff) continue;
    let proj = 0;
    for (let i = 0; i < cols; i++) proj += vectors.data[i * cols + k] * xty[i];
    const w = proj / values[k];
    for (let i = 0; i < cols; i++) beta[i] += w * vectors.data[i * cols + k];
  }
  return beta;
}

/** X·β. */
export function multiply(x: Matrix, beta: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let c = 0; c < x.cols; c++) s += x.data[r * x.cols + c] * beta[c];
    out[r] = s;
  }
  return out;
}
