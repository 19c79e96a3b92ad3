/**
 * Nelder–Mead simplex minimiser with the exact rules of R's `nmmin` (J.C. Nash's "Compact
 * Numerical Methods", as used by `optim(method = "Nelder-Mead")` and by `forecast::ets`):
 * initial simplex from a step of 10% of the largest |parameter|, reflection 1, contraction 0.5,
 * expansion 2, relative convergence test on the spread of function values, shrink towards the
 * best vertex, and non-finite values replaced by 1e35.
 */

export interface NelderMeadOptions {
  /** Stop when the best value is at most this (R: abstol, -Inf in ets). */
  abstol?: number;
  /** Relative tolerance on the simplex function values (R: reltol, sqrt(eps) in ets). */
  reltol?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  /** Maximum number of function evaluations (R: maxit). */
  maxit?: number;
  /** Receives R's trace lines (action, evaluations so far, worst and best value) for debugging. */
  trace?: (action: string, fncount: number, vh: number, vl: number) => void;
}

export interface NelderMeadResult {
  par: Float64Array;
  value: number;
  /** 0 converged, 1 maxit reached, 10 degenerate simplex. */
  fail: number;
  fncount: number;
}

const BIG = 1.0e35;

export function nelderMead(
  fn: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.abstol ?? -Infinity;
  const intol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const alpha = options.alpha ?? 1;
  const bet = options.beta ?? 0.5;
  const gamm = options.gamma ?? 2;
  const maxit = options.maxit ?? 500;
  const n = start.length;
  const bvec = Float64Array.from(start as ArrayLike<number>);

  if (maxit <= 0) return { par: bvec, value: fn(bvec), fail: 0, fncount: 0 };
  let f = fn(bvec);
  if (!Number.isFinite(f)) throw new Error('function cannot be evaluated at initial parameters');

  const n1 = n + 1;
  // P[i][j]: vertex j, coordinate i; row n holds the function values; column n+1 the centroid.
  const P: Float64Array[] = [];
  for (let i = 0; i <= n; i++) P.push(new Float64Array(n + 2));
  let funcount = 1;
  const convtol = intol * (Math.abs(f) + intol);
  P[n1 - 1][0] = f;
  for (let i = 0; i < n; i++) P[i][0] = bvec[i];
  let L = 1;
  let size = 0;
  let step = 0;
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]) > step) step = 0.1 * Math.abs(bvec[i]);
  if (step === 0) step = 0.1;
  for (let j = 2; j <= n1; j++) {
    for (let i = 0; i < n; i++) P[i][j - 1] = bvec[i];
    let trystep = step;
    while (P[j - 2][j - 1] === bvec[j - 2]) {
      P[j - 2][j - 1] = bvec[j - 2] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  let fail = 0;
  let action = 'BUILD';
  const C = n + 2;
  for (;;) {
    if (calcvert) {
      for (let j = 0; j < n1; j++) {
        if (j + 1 !== L) {
          for (let i = 0; i < n; i++) bvec[i] = P[i][j];
          f = fn(bvec);
          if (!Number.isFinite(f)) f = BIG;
          funcount++;
          P[n1 - 1][j] = f;
        }
      }
      calcvert = false;
    }
    let VL = P[n1 - 1][L - 1];
    let VH = VL;
    let H = L;
    for (let j = 1; j <= n1; j++) {
      if (j !== L) {
        const fj = P[n1 - 1][j - 1];
        if (fj < VL) {
          L = j;
          VL = fj;
        }
        if (fj > VH) {
          H = j;
          VH = fj;
        }
      }
    }
    if (VH <= VL + convtol || VL <= abstol) break;
    options.trace?.(action, funcount, VH, VL);

    for (let i = 0; i < n; i++) {
      let temp = -P[i][H - 1];
      for (let j = 0; j < n1; j++) temp += P[i][j];
      P[i][C - 1] = temp / n;
    }
    for (let i = 0; i < n; i++) bvec[i] = (1 + alpha) * P[i][C - 1] - alpha * P[i][H - 1];
    f = fn(bvec);
    if (!Number.isFinite(f)) f = BIG;
    funcount++;
    const VR = f;
    action = 'REFLECTION';
    if (VR < VL) {
      P[n1 - 1][C - 1] = f;
      for (let i = 0; i < n; i++) {
        const e = gamm * bvec[i] + (1 - gamm) * P[i][C - 1];
        P[i][C - 1] = bvec[i];
        bvec[i] = e;
      }
      f = fn(bvec);
      if (!Number.isFinite(f)) f = BIG;
      funcount++;
      if (f < VR) {
        for (let i = 0; i < n; i++) P[i][H - 1] = bvec[i];
        P[n1 - 1][H - 1] = f;
        action = 'EXTENSION';
      } else {
        for (let i = 0; i < n; i++) P[i][H - 1] = P[i][C - 1];
        P[n1 - 1][H - 1] = VR;
      }
    } else {
      action = 'HI-REDUCTION';
      if (VR < VH) {
        for (let i = 0; i < n; i++) P[i][H - 1] = bvec[i];
        P[n1 - 1][H - 1] = VR;
        action = 'LO-REDUCTION';
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - bet) * P[i][H - 1] + bet * P[i][C - 1];
      f = fn(bvec);
      if (!Number.isFinite(f)) f = BIG;
      funcount++;
      if (f < P[n1 - 1][H - 1]) {
        for (let i = 0; i < n; i++) P[i][H - 1] = bvec[i];
        P[n1 - 1][H - 1] = f;
      } else if (VR >= VH) {
        // Shrink the simplex towards the best vertex.
        action = 'SHRINK';
        calcvert = true;
        size = 0;
        for (let j = 0; j < n1; j++) {
          if (j + 1 !== L) {
            for (let i = 0; i < n; i++) {
              P[i][j] = bet * (P[i][j] - P[i][L - 1]) + P[i][L - 1];
              size += Math.abs(P[i][j] - P[i][L - 1]);
            }
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          fail = 10;
          break;
        }
      }
    }
    if (funcount > maxit) break;
  }
  const par = new Float64Array(n);
  for (let i = 0; i < n; i++) par[i] = P[i][L - 1];
  if (funcount > maxit) fail = 1;
  return { par, value: P[n1 - 1][L - 1], fail, fncount: funcount };
}
