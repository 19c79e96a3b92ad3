/**
 * The state-space form of an ARIMA model and its Kalman filter, as R's `stats::arima` builds and
 * runs it (`makeARIMA`, `getQ0` (Gardner et al. 1980, AS 154), `ARIMA_Like`, `ARIMA_CSS`,
 * `KalmanFore` in arima.c). Matrices are column-major Float64Arrays as in R, and the loops keep
 * the C code's order of operations so the likelihood agrees with R's to the last bit.
 */

/** R's `makeARIMA` list: phi, theta (padded to r − 1), Delta, Z, a, P, T, V, h, Pn. */
export interface ArimaStateSpace {
  phi: Float64Array;
  theta: Float64Array;
  Delta: Float64Array;
  Z: Float64Array;
  /** State (length rd); `arimaLike` leaves the filtered state at the end of the data here. */
  a: Float64Array;
  P: Float64Array;
  T: Float64Array;
  V: Float64Array;
  h: number;
  Pn: Float64Array;
}

/** Coefficients of the differencing polynomial: (1 − B)^d (1 − B^s)^D = 1 − Σ Delta_i B^i. */
export function differencingPolynomial(d: number, D: number, period: number): Float64Array {
  let poly = [1];
  const conv = (b: number[]) => {
    const out = new Array<number>(poly.length + b.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += poly[i] * b[j];
    poly = out;
  };
  for (let i = 0; i < d; i++) conv([1, -1]);
  for (let i = 0; i < D; i++) {
    const s = new Array<number>(period + 1).fill(0);
    s[0] = 1;
    s[period] = -1;
    conv(s);
  }
  return Float64Array.from(poly.slice(1), (v) => -v);
}

/**
 * AS 154's `inclu2`: Givens-style update of the triangular system by one row. getQ0's rows have at
 * most five non-zero entries, at `nonZero`: the row is copied from those and the scan starts at
 * the first of them (rows before it would be skipped one by one with the same `ithisr` advance).
 * A copied −0 becomes +0, which no sum or test here tells apart.
 */
function inclu2(
  np: number,
  xnext: Float64Array,
  nonZero: Int32Array,
  xrow: Float64Array,
  ynext: number,
  d: Float64Array,
  rbar: Float64Array,
  thetab: Float64Array,
): void {
  xrow.fill(0);
  let first = np;
  for (const k of nonZero) {
    if (k >= 0 && k < np && xnext[k] !== 0) {
      xrow[k] = xnext[k];
      if (k < first) first = k;
    }
  }
  let ithisr = first * (np - 1) - (first * (first - 1)) / 2;
  for (let i = first; i < np; i++) {
    if (xrow[i] !== 0) {
      const xi = xrow[i];
      const di = d[i];
      const dpi = di + xi * xi;
      d[i] = dpi;
      const cbar = di / dpi;
      const sbar = xi / dpi;
      for (let k = i + 1; k < np; k++) {
        const xk = xrow[k];
        const rbthis = rbar[ithisr];
        xrow[k] = xk - xi * rbthis;
        rbar[ithisr++] = cbar * rbthis + sbar * xk;
      }
      const xk = ynext;
      ynext = xk - xi * thetab[i];
      thetab[i] = cbar * thetab[i] + sbar * xk;
      if (di === 0) return;
    } else {
      ithisr = ithisr + np - i - 1;
    }
  }
}

/**
 * getQ0's triangular factor has np(np − 1)/2 entries (8 MB for r = 53) and auto.arima calls getQ0
 * at every likelihood evaluation: one buffer per thread, grown on demand and zeroed per call, spares
 * the allocator and the garbage collector that traffic.
 */
let rbarScratch = new Float64Array(0);
function zeroedScratch(length: number): Float64Array {
  if (rbarScratch.length < length) rbarScratch = new Float64Array(length);
  const view = rbarScratch.subarray(0, length);
  view.fill(0);
  return view;
}

/**
 * R's `getQ0`: the stationary covariance of the ARMA state (r × r, r = max(p, q + 1)), by
 * Gardner, Harvey & Phillips (1980). Memory grows as r⁴/8 (r = 53 for a seasonal AR(2) with
 * period 24 plus p = 5: about 8 MB).
 */
export function getQ0(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const np = (r * (r + 1)) / 2;
  const nrbar = (np * (np - 1)) / 2;
  const V = new Float64Array(np);
  for (let ind = 0, j = 0; j < r; j++) {
    const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0;
    for (let i = j; i < r; i++) {
      const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
      V[ind++] = vi * vj;
    }
  }
  const P = new Float64Array(r * r);
  if (r === 1) {
    P[0] = p === 0 ? 1 : 1 / (1 - phi[0] * phi[0]);
    return P;
  }
  if (p > 0) {
    const rbar = zeroedScratch(nrbar);
    const thetab = new Float64Array(np);
    const xnext = new Float64Array(np);
    const xrow = new Float64Array(np);
    // Where xnext can be non-zero at an inclu2 call: every other entry is reset after each call.
    const nonZero = new Int32Array(5);
    let ind = 0;
    let ind1 = -1;
    const npr = np - r;
    const npr1 = npr + 1;
    let indj = npr;
    let ind2 = npr - 1;
    for (let j = 0; j < r; j++) {
      const phij = j < p ? phi[j] : 0;
      xnext[indj++] = 0;
      let indi = npr1 + j;
      for (let i = j; i < r; i++) {
        const ynext = V[ind++];
        const phii = i < p ? phi[i] : 0;
        if (j !== r - 1) {
          xnext[indj] = -phii;
          if (i !== r - 1) {
            xnext[indi] -= phij;
            xnext[++ind1] = -1;
          }
        }
        xnext[npr] = -phii * phij;
        if (++ind2 >= np) ind2 = 0;
        xnext[ind2] += 1;
        nonZero[0] = indj;
        nonZero[1] = indi;
        nonZero[2] = ind1;
        nonZero[3] = npr;
        nonZero[4] = ind2;
        inclu2(np, xnext, nonZero, xrow, ynext, P, rbar, thetab);
        xnext[ind2] = 0;
        if (i !== r - 1) {
          xnext[indi++] = 0;
          xnext[ind1] = 0;
        }
      }
    }
    let ithisr = nrbar - 1;
    let im = np - 1;
    for (let i = 0; i < np; i++) {
      let bi = thetab[im];
      for (let jm = np - 1, j = 0; j < i; j++) bi -= rbar[ithisr--] * P[jm--];
      P[im--] = bi;
    }
    // Re-order P.
    ind = npr;
    for (let i = 0; i < r; i++) xnext[i] = P[ind++];
    ind = np - 1;
    ind1 = npr - 1;
    for (let i = 0; i < npr; i++) P[ind--] = P[ind1--];
    for (let i = 0; i < r; i++) P[i] = xnext[i];
  } else {
    // Pure MA: back-substitution.
    let indn = np;
    let ind = np;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j <= i; j++) {
        --ind;
        P[ind] = V[ind];
        if (j !== 0) P[ind] += P[--indn];
      }
    }
  }
  // Unpack to a full matrix.
  for (let i = r - 1, ind = np; i > 0; i--) for (let j = r - 1; j >= i; j--) P[r * i + j] = P[--ind];
  for (let i = 0; i < r - 1; i++) for (let j = i + 1; j < r; j++) P[i + r * j] = P[j + r * i];
  return P;
}

/** R's `makeARIMA` with SSinit = "Gardner1980". */
export function makeArima(phiIn: Float64Array, thetaIn: Float64Array, Delta: Float64Array, kappa = 1e6): ArimaStateSpace {
  const p = phiIn.length;
  const q = thetaIn.length;
  const r = Math.max(p, q + 1);
  const d = Delta.length;
  const rd = r + d;
  const Z = new Float64Array(rd);
  Z[0] = 1;
  for (let i = 0; i < d; i++) Z[r + i] = Delta[i];
  const T = new Float64Array(rd * rd);
  for (let i = 0; i < p; i++) T[i] = phiIn[i];
  for (let i = 1; i < r; i++) T[i - 1 + rd * i] = 1;
  if (d > 0) {
    for (let j = 0; j < rd; j++) T[r + rd * j] = Z[j];
    for (let i = 1; i < d; i++) T[r + i + rd * (r + i - 1)] = 1;
  }
  const theta = new Float64Array(Math.max(q, r - 1));
  theta.set(thetaIn);
  const R = new Float64Array(rd);
  R[0] = 1;
  for (let i = 0; i < theta.length; i++) R[1 + i] = theta[i];
  const V = new Float64Array(rd * rd);
  for (let j = 0; j < rd; j++) for (let i = 0; i < rd; i++) V[i + rd * j] = R[i] * R[j];
  const Pn = new Float64Array(rd * rd);
  setInitialCovariance(Pn, phiIn, theta, r, rd);
  for (let i = 0; i < d; i++) Pn[r + i + rd * (r + i)] = kappa;
  return { phi: Float64Array.from(phiIn), theta, Delta, Z, a: new Float64Array(rd), P: new Float64Array(rd * rd), T, V, h: 0, Pn };
}

/** Pn[1:r, 1:r] as R's makeARIMA/upARIMA set it. */
function setInitialCovariance(Pn: Float64Array, phi: Float64Array, theta: Float64Array, r: number, rd: number): void {
  if (r > 1) {
    const Q0 = getQ0(phi, theta);
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) Pn[i + rd * j] = Q0[i + r * j];
  } else {
    Pn[0] = phi.length > 0 ? 1 / (1 - phi[0] * phi[0]) : 1;
  }
}

/**
 * `upARIMA` inside R's `arima`: the model of a new parameter vector with a fresh initial state
 * (a = 0, Pn = Q0 over the ARMA block and kappa over the differences).
 */
export function updateArima(base: ArimaStateSpace, phi: Float64Array, theta: Float64Array, kappa = 1e6): ArimaStateSpace {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1);
  const rd = base.a.length;
  const d = rd - r;
  const T = Float64Array.from(base.T);
  for (let i = 0; i < p; i++) T[i] = phi[i];
  const Pn = new Float64Array(rd * rd);
  setInitialCovariance(Pn, phi, theta, r, rd);
  for (let i = 0; i < d; i++) Pn[r + i + rd * (r + i)] = kappa;
  return { ...base, phi, theta, T, a: new Float64Array(rd), P: new Float64Array(rd * rd), Pn };
}

export interface LikeResult {
  ssq: number;
  sumlog: number;
  nu: number;
  /** Standardised innovations (when asked for). */
  residuals?: Float64Array;
}

/**
 * R's `ARIMA_Like` with `sUP = 0`: the exact Gaussian likelihood pieces by the Kalman filter,
 * updating `mod.a`, `mod.P` and `mod.Pn` in place as R does (so a final call leaves the state for
 * forecasting). Steps with gain >= 1e4 (the diffuse start) are left out of the sums.
 */
export function arimaLike(y: ArrayLike<number>, mod: ArimaStateSpace, giveResid: boolean): LikeResult {
  const { phi, theta, Delta: delta } = mod;
  const n = y.length;
  const rd = mod.a.length;
  const p = phi.length;
  const q = theta.length;
  const d = delta.length;
  const r = rd - d;
  // The filter runs with the differencing states in reverse order (state r + i at rd − 1 − i), so
  // that T moves every state but two up by one, ARMA and differencing blocks alike: T P is then
  // P shifted by one element as a flat column-major array (one memcpy) and (T P) T' is shifted by
  // one column (another), where R's order would need a row-by-row copy for the differencing
  // block. The sums and products per element are R's, so the results are bit for bit the same;
  // a, P and Pn are reordered in on entry and back on exit (O(rd²) once, against O(n rd²)).
  const a = d > 0 ? toFilterOrder(mod.a, r, rd) : mod.a;
  const P = d > 0 ? toFilterOrder(mod.P, r, rd) : mod.P;
  const Pnew = d > 0 ? toFilterOrder(mod.Pn, r, rd) : mod.Pn;
  let sumlog = 0;
  let ssq = 0;
  let nu = 0;
  const anew = new Float64Array(rd);
  const M = new Float64Array(rd);
  const mm = d > 0 ? new Float64Array(rd * rd) : null;
  const resid = giveResid ? new Float64Array(n) : undefined;
  // Seasonal models have long, mostly zero phi and Delta (e.g. (1 − B^24) has one non-zero of 24).
  // Terms with a zero coefficient add exactly 0, so only the non-zero ones are summed, in R's order.
  const phiNz: number[] = [];
  for (let i = 0; i < p; i++) if (phi[i] !== 0) phiNz.push(i);
  const nPhi = phiNz.length;
  const phiIdx = Int32Array.from(phiNz);
  const phiVal = Float64Array.from(phiNz, (i) => phi[i]);
  // V = R R' with R = (1, theta): only rows and columns of non-zero R entries are touched.
  const vNz = [0];
  for (let i = 0; i < q; i++) if (theta[i] !== 0) vNz.push(i + 1);
  const nV = vNz.length;
  const vIdx = Int32Array.from(vNz);
  const vVal = Float64Array.from(vNz, (i) => (i === 0 ? 1 : theta[i - 1]));
  const dNz: number[] = [];
  for (let k = 0; k < d; k++) if (delta[k] !== 0) dNz.push(k);
  const nd = dNz.length;
  // Where R's differencing state r + k sits in filter order.
  const dPos = Int32Array.from(dNz, (k) => rd - 1 - k);
  const dVal = Float64Array.from(dNz, (k) => delta[k]);
  const last = rd - 1;
  for (let l = 0; l < n; l++) {
    const a0 = a[0];
    for (let i = 0; i < r; i++) {
      let tmp = i < r - 1 ? a[i + 1] : 0;
      if (i < p) tmp += phi[i] * a0;
      anew[i] = tmp;
    }
    if (d > 0) {
      for (let i = r; i < last; i++) anew[i] = a[i + 1];
      let tmp = a0;
      for (let k = 0; k < nd; k++) tmp += dVal[k] * a[dPos[k]];
      anew[last] = tmp;
    }
    if (l > 0) {
      if (mm === null) {
        for (let i = 0; i < r; i++) {
          const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
          for (let j = 0; j < r; j++) {
            let tmp = j === 0 ? vi : j - 1 < q ? vi * theta[j - 1] : 0;
            if (i < p && j < p) tmp += phi[i] * phi[j] * P[0];
            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)];
            if (i < p && j < r - 1) tmp += phi[i] * P[j + 1];
            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1];
            Pnew[i + r * j] = tmp;
          }
        }
      } else {
        // mm = T P: every row is P's next row (one flat copy), but row r − 1 (phi_{r−1} P[0, ·]
        // or 0) and the last (R's row r, the differencing sum); phi_i P[0, j] joins row i only
        // where phi_i ≠ 0 (a zero term would add exactly 0).
        mm.set(P.subarray(1), 0);
        for (let j = 0; j < rd; j++) {
          const cj = rd * j;
          const p0 = P[cj];
          mm[r - 1 + cj] = 0;
          for (let k = 0; k < nPhi; k++) {
            const i = phiIdx[k];
            mm[i + cj] = i < r - 1 ? phiVal[k] * p0 + P[i + 1 + cj] : phiVal[k] * p0;
          }
          let tmp = p0;
          for (let k = 0; k < nd; k++) tmp += dVal[k] * P[dPos[k] + cj];
          mm[last + cj] = tmp;
        }
        // Pnew = mm T' + V, the same structure by columns: mm's next column (one flat copy), but
        // column r − 1 and the last (the differencing sum); phi and theta touch only their
        // non-zero entries.
        Pnew.set(mm.subarray(rd), 0);
        Pnew.fill(0, rd * (r - 1), rd * r);
        for (let k = 0; k < nPhi; k++) {
          const i = phiIdx[k];
          const ph = phiVal[k];
          const ci = rd * i;
          if (i < r - 1) for (let j = 0; j < rd; j++) Pnew[j + ci] = ph * mm[j] + mm[ci + rd + j];
          else for (let j = 0; j < rd; j++) Pnew[j + ci] = ph * mm[j];
        }
        const cl = rd * last;
        for (let j = 0; j < rd; j++) {
          let tmp = mm[j];
          for (let k = 0; k < nd; k++) tmp += dVal[k] * mm[rd * dPos[k] + j];
          Pnew[cl + j] = tmp;
        }
        for (let a1 = 0; a1 < nV; a1++) {
          const i = vIdx[a1];
          const vi = vVal[a1];
          for (let b1 = 0; b1 < nV; b1++) Pnew[i + rd * vIdx[b1]] += vi * vVal[b1];
        }
      }
    }
    const yl = y[l];
    if (!Number.isNaN(yl)) {
      let res = yl - anew[0];
      for (let k = 0; k < nd; k++) res -= dVal[k] * anew[dPos[k]];
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i];
        for (let k = 0; k < nd; k++) tmp += Pnew[i + dPos[k] * rd] * dVal[k];
        M[i] = tmp;
      }
      let gain = M[0];
      for (let k = 0; k < nd; k++) gain += dVal[k] * M[dPos[k]];
      if (gain < 1e4) {
        nu++;
        ssq += (res * res) / gain;
        sumlog += Math.log(gain);
      }
      if (resid) resid[l] = res / Math.sqrt(gain);
      for (let i = 0; i < rd; i++) a[i] = anew[i] + (M[i] * res) / gain;
      // (M_i M_j) / gain is the same number for (i, j) and (j, i): one division serves both.
      for (let j = 0; j < rd; j++) {
        const mj = M[j];
        const cj = j * rd;
        P[j + cj] = Pnew[j + cj] - (mj * mj) / gain;
        for (let i = j + 1; i < rd; i++) {
          const t = (M[i] * mj) / gain;
          P[i + cj] = Pnew[i + cj] - t;
          P[j + i * rd] = Pnew[j + i * rd] - t;
        }
      }
    } else {
      for (let i = 0; i < rd; i++) a[i] = anew[i];
      for (let i = 0; i < rd * rd; i++) P[i] = Pnew[i];
      if (resid) resid[l] = Number.NaN;
    }
  }
  if (d > 0) {
    fromFilterOrder(a, mod.a, r, rd);
    fromFilterOrder(P, mod.P, r, rd);
    fromFilterOrder(Pnew, mod.Pn, r, rd);
  }
  return { ssq, sumlog, nu, ...(resid ? { residuals: resid } : {}) };
}

/** Position in filter order of R's state x: the ARMA states stay, the differencing ones reverse. */
const filterPosition = (x: number, r: number, rd: number): number => (x < r ? x : r + rd - 1 - x);

/** A state vector (length rd) or covariance (rd × rd) from R's order to filter order. */
function toFilterOrder(src: Float64Array, r: number, rd: number): Float64Array {
  const out = new Float64Array(src.length);
  if (src.length === rd) {
    for (let x = 0; x < rd; x++) out[filterPosition(x, r, rd)] = src[x];
  } else {
    for (let j = 0; j < rd; j++) {
      const cj = rd * filterPosition(j, r, rd);
      for (let i = 0; i < rd; i++) out[filterPosition(i, r, rd) + cj] = src[i + rd * j];
    }
  }
  return out;
}

/** Back from filter order into R's order, in place in `dst`. */
function fromFilterOrder(src: Float64Array, dst: Float64Array, r: number, rd: number): void {
  if (src.length === rd) {
    for (let x = 0; x < rd; x++) dst[x] = src[filterPosition(x, r, rd)];
  } else {
    for (let j = 0; j < rd; j++) {
      const cj = rd * filterPosition(j, r, rd);
      for (let i = 0; i < rd; i++) dst[i + rd * j] = src[filterPosition(i, r, rd) + cj];
    }
  }
}

/**
 * R's `ARIMA_CSS`: conditional sum of squares after differencing, the first `ncond` residuals
 * taken as 0. Returns ssq / (number of finite residuals) and the residuals.
 */
export function arimaCss(
  y: ArrayLike<number>,
  d: number,
  D: number,
  period: number,
  phi: Float64Array,
  theta: Float64Array,
  ncond: number,
): { sigma2: number; residuals: Float64Array } {
  const n = y.length;
  const p = phi.length;
  const q = theta.length;
  const w = Float64Array.from(y);
  for (let i = 0; i < d; i++) for (let l = n - 1; l > 0; l--) w[l] -= w[l - 1];
  for (let i = 0; i < D; i++) for (let l = n - 1; l >= period; l--) w[l] -= w[l - period];
  const resid = new Float64Array(n);
  let ssq = 0;
  let nu = 0;
  for (let l = ncond; l < n; l++) {
    let tmp = w[l];
    for (let j = 0; j < p; j++) tmp -= phi[j] * w[l - j - 1];
    const jmax = Math.min(l - ncond, q);
    for (let j = 0; j < jmax; j++) tmp -= theta[j] * resid[l - j - 1];
    resid[l] = tmp;
    if (!Number.isNaN(tmp)) {
      nu++;
      ssq += tmp * tmp;
    }
  }
  return { sigma2: ssq / nu, residuals: resid };
}

/** R's `KalmanFore` (update = FALSE): h-step forecasts of Z·a and their variances (in units of sigma²). */
export function kalmanForecast(h: number, mod: ArimaStateSpace): { pred: Float64Array; variance: Float64Array } {
  const { Z, T, V } = mod;
  const p = mod.a.length;
  const a = Float64Array.from(mod.a);
  const P = Float64Array.from(mod.P);
  const anew = new Float64Array(p);
  const Pnew = new Float64Array(p * p);
  const mm = new Float64Array(p * p);
  const pred = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let l = 0; l < h; l++) {
    let fc = 0;
    for (let i = 0; i < p; i++) {
      let tmp = 0;
      for (let k = 0; k < p; k++) tmp += T[i + p * k] * a[k];
      anew[i] = tmp;
      fc += tmp * Z[i];
    }
    for (let i = 0; i < p; i++) a[i] = anew[i];
    pred[l] = fc;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let tmp = 0;
        for (let k = 0; k < p; k++) tmp += T[i + p * k] * P[k + p * j];
        mm[i + p * j] = tmp;
      }
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let tmp = V[i + p * j];
        for (let k = 0; k < p; k++) tmp += mm[i + p * k] * T[j + p * k];
        Pnew[i + p * j] = tmp;
      }
    }
    let tmp = mod.h;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        P[i + j * p] = Pnew[i + j * p];
        tmp += Z[i] * Z[j] * P[i + j * p];
      }
    }
    variance[l] = tmp;
  }
  return { pred, variance };
}
