/**
 * STL, seasonal-trend decomposition by loess (Cleveland et al. 1990), as R's `stats::stl` runs it
 * (the Fortran of stl.f): non-robust (inner = 2, outer = 0) for AutoARIMA's seasonal-strength test
 * (forecast's `nsdiffs(test = "seas")` through `mstl`), robust (`robust = TRUE`: inner = 1,
 * outer = 15, bisquare robustness weights) for the QA outlier detector (forecast's `tsoutliers`
 * calls `mstl(x, robust = TRUE)`). Arrays below are indexed from 1 like
 * the Fortran (index i lives at arr[off + i − 1]) so each loop can be checked against it.
 */

/** A 1-based view into a Float64Array. */
class V {
  constructor(
    readonly a: Float64Array,
    readonly off: number,
  ) {}
  g(i: number): number {
    return this.a[this.off + i - 1];
  }
  s(i: number, v: number): void {
    this.a[this.off + i - 1] = v;
  }
  at(i: number): V {
    return new V(this.a, this.off + i - 1);
  }
}

/** Loess estimate at xs from y(nleft..nright); returns NaN where the Fortran sets ok = false. */
function stlest(
  y: V,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  w: V,
  userw: boolean,
  rw: V,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    if (r <= h9) {
      let wj: number;
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        wj = t * t * t;
      }
      if (userw) wj = rw.g(j) * wj;
      w.s(j, wj);
      a += wj;
    } else {
      w.s(j, 0);
    }
  }
  if (a <= 0) return Number.NaN;
  for (let j = nleft; j <= nright; j++) w.s(j, w.g(j) / a);
  if (h > 0 && ideg > 0) {
    a = 0;
    for (let j = nleft; j <= nright; j++) a += w.g(j) * j;
    let b = xs - a;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w.g(j) * (j - a) * (j - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w.s(j, w.g(j) * (b * (j - a) + 1));
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w.g(j) * y.g(j);
  return ys;
}

function est(
  y: V,
  n: number,
  len: number,
  ideg: number,
  xs: number,
  nleft: number,
  nright: number,
  res: V,
  userw: boolean,
  rw: V,
  fallback: number,
): number {
  const v = stlest(y, n, len, ideg, xs, nleft, nright, res, userw, rw);
  return Number.isNaN(v) ? fallback : v;
}

function stless(y: V, n: number, len: number, ideg: number, njump: number, userw: boolean, rw: V, ys: V, res: V): void {
  if (n < 2) {
    ys.s(1, y.g(1));
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 0;
  let nright = 0;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) ys.s(i, est(y, n, len, ideg, i, nleft, nright, res, userw, rw, y.g(i)));
  } else if (newnj === 1) {
    const nsh = Math.trunc((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      ys.s(i, est(y, n, len, ideg, i, nleft, nright, res, userw, rw, y.g(i)));
    }
  } else {
    const nsh = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      ys.s(i, est(y, n, len, ideg, i, nleft, nright, res, userw, rw, y.g(i)));
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const delta = (ys.g(i + newnj) - ys.g(i)) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) ys.s(j, ys.g(i) + delta * (j - i));
    }
    const k = Math.trunc((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      ys.s(n, est(y, n, len, ideg, n, nleft, nright, res, userw, rw, y.g(n)));
      if (k !== n - 1) {
        const delta = (ys.g(n) - ys.g(k)) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys.s(j, ys.g(k) + delta * (j - k));
      }
    }
  }
}

function stlma(x: V, n: number, len: number, ave: V): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 1; i <= len; i++) v += x.g(i);
  ave.s(1, v / len);
  if (newn > 1) {
    let k = len;
    let m = 0;
    for (let j = 2; j <= newn; j++) {
      k++;
      m++;
      v = v - x.g(m) + x.g(k);
      ave.s(j, v / len);
    }
  }
}

function stlfts(x: V, n: number, np: number, trend: V, work: V): void {
  stlma(x, n, np, trend);
  stlma(trend, n - np + 1, np, work);
  stlma(work, n - 2 * np + 2, 3, trend);
}

function stlss(
  y: V,
  n: number,
  np: number,
  ns: number,
  isdeg: number,
  nsjump: number,
  userw: boolean,
  rw: V,
  season: V,
  work1: V,
  work2: V,
  work3: V,
  work4: V,
): void {
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) work1.s(i, y.g((i - 1) * np + j));
    if (userw) for (let i = 1; i <= k; i++) work3.s(i, rw.g((i - 1) * np + j));
    stless(work1, k, ns, isdeg, nsjump, userw, work3, work2.at(2), work4);
    const nright = Math.min(ns, k);
    work2.s(1, est(work1, k, ns, isdeg, 0, 1, nright, work4, userw, work3, work2.g(2)));
    const nleft = Math.max(1, k - ns + 1);
    work2.s(k + 2, est(work1, k, ns, isdeg, k + 1, nleft, k, work4, userw, work3, work2.g(k + 1)));
    for (let m = 1; m <= k + 2; m++) season.s((m - 1) * np + j, work2.g(m));
  }
}

export interface StlResult {
  readonly seasonal: Float64Array;
  readonly trend: Float64Array;
  readonly remainder: Float64Array;
}

export interface StlOptions {
  readonly sWindow: number;
  readonly sDegree?: number;
  readonly tWindow?: number;
  readonly tDegree?: number;
  readonly lWindow?: number;
  readonly lDegree?: number;
  /** R's `robust = TRUE`: inner defaults to 1 and outer to 15. */
  readonly robust?: boolean;
  readonly inner?: number;
  readonly outer?: number;
}

/**
 * stl.f's `stlrwt`: bisquare weights of |y − fit| scaled by 6 · median (the Fortran takes the two
 * middle order statistics at n/2 + 1 and n − (n/2 + 1) + 1, integer division).
 */
function robustnessWeights(y: Float64Array, fit: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i] - fit[i]);
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.trunc(n / 2) + 1;
  const mid2 = n - mid1 + 1;
  const cmad = 3 * (sorted[mid1 - 1] + sorted[mid2 - 1]);
  // .999 and .001 are single-precision literals in stl.f, widened to double as the Fortran does.
  const c9 = Math.fround(0.999) * cmad;
  const c1 = Math.fround(0.001) * cmad;
  for (let i = 0; i < n; i++) {
    if (r[i] <= c1) rw[i] = 1;
    else if (r[i] <= c9) rw[i] = (1 - (r[i] / cmad) ** 2) ** 2;
    else rw[i] = 0;
  }
}

const nextOdd = (x: number): number => {
  let v = Math.round(x);
  if (v % 2 === 0) v++;
  return v;
};

/** R's `stl(ts(y, frequency = period), s.window, …)`, robust = FALSE unless asked. Needs n > 2·period. */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions): StlResult {
  const n = y.length;
  if (period < 2 || n <= 2 * period) throw new RangeError('series is not periodic or has less than two periods');
  const sWindow = options.sWindow;
  const sDegree = options.sDegree ?? 0;
  const tDegree = options.tDegree ?? 1;
  const lDegree = options.lDegree ?? tDegree;
  const tWindow = options.tWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)));
  const lWindow = options.lWindow ?? nextOdd(period);
  const sJump = Math.ceil(sWindow / 10);
  const tJump = Math.ceil(tWindow / 10);
  const lJump = Math.ceil(lWindow / 10);
  const robust = options.robust ?? false;
  const inner = options.inner ?? (robust ? 1 : 2);
  const outer = options.outer ?? (robust ? 15 : 0);

  const odd3 = (v: number) => {
    let w = Math.max(3, v);
    if (w % 2 === 0) w++;
    return w;
  };
  const ns = odd3(sWindow);
  const nt = odd3(tWindow);
  const nl = odd3(lWindow);
  const np = Math.max(2, period);
  const yv = new V(Float64Array.from(y), 0);
  const season = new V(new Float64Array(n), 0);
  const trend = new V(new Float64Array(n), 0);
  const rw = new V(new Float64Array(n), 0);
  const rows = n + 2 * np;
  const work = new Float64Array(rows * 5);
  const w = (col: number) => new V(work, (col - 1) * rows);
  // stl.f's driver: one stlstp pass, then `outer` more, each with the robustness weights of the
  // previous fit (userw from the second pass on).
  let userw = false;
  for (let k = 0; ; k++) {
    for (let j = 1; j <= inner; j++) {
      for (let i = 1; i <= n; i++) w(1).s(i, yv.g(i) - trend.g(i));
      stlss(w(1), n, np, ns, sDegree, sJump, userw, rw, w(2), w(3), w(4), w(5), season);
      stlfts(w(2), n + 2 * np, np, w(3), w(1));
      stless(w(3), n, nl, lDegree, lJump, false, w(4), w(1), w(5));
      for (let i = 1; i <= n; i++) season.s(i, w(2).g(np + i) - w(1).g(i));
      for (let i = 1; i <= n; i++) w(1).s(i, yv.g(i) - season.g(i));
      stless(w(1), n, nt, tDegree, tJump, userw, rw, trend, w(3));
    }
    if (k >= outer) break;
    const fit = new Float64Array(n);
    for (let i = 0; i < n; i++) fit[i] = trend.a[i] + season.a[i];
    robustnessWeights(yv.a, fit, rw.a);
    userw = true;
  }
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = yv.a[i] - season.a[i] - trend.a[i];
  return { seasonal: season.a, trend: trend.a, remainder };
}
