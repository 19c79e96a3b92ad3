/**
 * Friedman's super smoother (1984) as R's `stats::supsmu(x, y)` runs it with its defaults
 * (span = "cv", bass = 0, not periodic, unit weights): the Fortran `supsmu`/`smooth` of R's ppr.f.
 * forecast's `tsoutliers` smooths with it, so the QA outlier detector (src/qa/outliers.ts) needs the
 * same numbers. Arrays are 1-based below (index 0 unused) so each loop can be checked against the
 * Fortran; the constants are the Fortran's single-precision literals, widened as it widens them.
 */

const f32 = Math.fround;
/** tweeter, midrange, woofer spans. */
const SPANS = [f32(0.05), f32(0.2), f32(0.5)] as const;
const BIG = f32(1.0e20);
const EPS = f32(1.0e-3);

/**
 * Running-lines smoother of span `span` (fraction of n); `acvr` gets the absolute cross-validated
 * residuals when `cv` is set. x is ordered; w are weights.
 */
function smooth(
  n: number,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  span: number,
  cv: boolean,
  vsmlsq: number,
  smo: Float64Array,
  acvr: Float64Array,
): void {
  let xm = 0;
  let ym = 0;
  let v = 0;
  let cvar = 0;
  let fbw = 0;
  let ibw = Math.trunc(0.5 * span * n + 0.5);
  if (ibw < 2) ibw = 2;
  // The Fortran reads x(1..2·ibw+1) unguarded; callers keep n ≥ 5, which keeps that in range.
  const it = Math.min(2 * ibw + 1, n);
  for (let j = 1; j <= it; j++) {
    const xti = x[j];
    const wt = w[j];
    const fbo = fbw;
    fbw += wt;
    if (fbw > 0) xm = (fbo * xm + wt * xti) / fbw;
    if (fbw > 0) ym = (fbo * ym + wt * y[j]) / fbw;
    const tmp = fbo > 0 ? (fbw * wt * (xti - xm)) / fbo : 0;
    v += tmp * (xti - xm);
    cvar += tmp * (y[j] - ym);
  }
  for (let j = 1; j <= n; j++) {
    const out = j - ibw - 1;
    const inn = j + ibw;
    if (out >= 1 && inn <= n) {
      const xto = x[out];
      const xti = x[inn];
      let wt = w[out];
      let fbo = fbw;
      fbw -= wt;
      let tmp = fbw > 0 ? (fbo * wt * (xto - xm)) / fbw : 0;
      v -= tmp * (xto - xm);
      cvar -= tmp * (y[out] - ym);
      if (fbw > 0) xm = (fbo * xm - wt * xto) / fbw;
      if (fbw > 0) ym = (fbo * ym - wt * y[out]) / fbw;
      wt = w[inn];
      fbo = fbw;
      fbw += wt;
      if (fbw > 0) xm = (fbo * xm + wt * xti) / fbw;
      if (fbw > 0) ym = (fbo * ym + wt * y[inn]) / fbw;
      tmp = fbo > 0 ? (fbw * wt * (xti - xm)) / fbo : 0;
      v += tmp * (xti - xm);
      cvar += tmp * (y[inn] - ym);
    }
    const a = v > vsmlsq ? cvar / v : 0;
    smo[j] = a * (x[j] - xm) + ym;
    if (!cv) continue;
    let h = fbw > 0 ? 1 / fbw : 0;
    if (v > vsmlsq) h += (x[j] - xm) ** 2 / v;
    acvr[j] = 0;
    const d = 1 - w[j] * h;
    if (d > 0) acvr[j] = Math.abs(y[j] - smo[j]) / d;
    else if (j > 1) acvr[j] = acvr[j - 1];
  }
  // Tied x: every point of a run gets the run's weighted mean.
  let j = 1;
  while (j <= n) {
    const j0 = j;
    let sy = smo[j] * w[j];
    let fw = w[j];
    while (j < n && !(x[j + 1] > x[j])) {
      j++;
      sy += w[j] * smo[j];
      fw += w[j];
    }
    if (j > j0) {
      const a = fw > 0 ? sy / fw : 0;
      for (let i = j0; i <= j; i++) smo[i] = a;
    }
    j++;
  }
}

/**
 * `stats::supsmu(x, y)$y` for ordered x with unit weights (R drops duplicated x from its output;
 * here every input point keeps its value). Needs n ≥ 5, as the Fortran does.
 */
export function supsmu(xIn: ArrayLike<number>, yIn: ArrayLike<number>): Float64Array {
  const n = yIn.length;
  if (n < 5 || xIn.length !== n) throw new RangeError(`supsmu needs n ≥ 5 points with one x each (got ${n})`);
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  const w = new Float64Array(n + 1).fill(1);
  for (let i = 0; i < n; i++) {
    x[i + 1] = xIn[i];
    y[i + 1] = yIn[i];
  }
  const smo = new Float64Array(n + 1);
  if (!(x[n] > x[1])) {
    let sy = 0;
    for (let j = 1; j <= n; j++) sy += y[j];
    return new Float64Array(n).fill(sy / n);
  }
  let i = Math.trunc(n / 4);
  let j = 3 * i;
  let scale = x[j] - x[i];
  while (!(scale > 0)) {
    if (j < n) j++;
    if (i > 1) i--;
    scale = x[j] - x[i];
  }
  const vsmlsq = (EPS * scale) ** 2;
  const sc = Array.from({ length: 8 }, () => new Float64Array(n + 1));
  const h = new Float64Array(n + 1);
  for (let k = 0; k < 3; k++) {
    smooth(n, x, y, w, SPANS[k], true, vsmlsq, sc[2 * k + 1], sc[7]);
    smooth(n, x, sc[7], w, SPANS[1], false, vsmlsq, sc[2 * k + 2], h);
  }
  for (let t = 1; t <= n; t++) {
    let resmin = BIG;
    for (let k = 0; k < 3; k++) {
      if (sc[2 * k + 2][t] < resmin) {
        resmin = sc[2 * k + 2][t];
        sc[7][t] = SPANS[k];
      }
    }
    // bass = 0: no woofer enhancement (the Fortran's alpha test fails).
  }
  smooth(n, x, sc[7], w, SPANS[1], false, vsmlsq, sc[2], h);
  for (let t = 1; t <= n; t++) {
    if (sc[2][t] <= SPANS[0]) sc[2][t] = SPANS[0];
    if (sc[2][t] >= SPANS[2]) sc[2][t] = SPANS[2];
    let f = sc[2][t] - SPANS[1];
    if (f < 0) {
      f = -f / (SPANS[1] - SPANS[0]);
      sc[4][t] = (1 - f) * sc[3][t] + f * sc[1][t];
    } else {
      f = f / (SPANS[2] - SPANS[1]);
      sc[4][t] = (1 - f) * sc[3][t] + f * sc[5][t];
    }
  }
  smooth(n, x, sc[4], w, SPANS[0], false, vsmlsq, smo, h);
  return smo.slice(1);
}
