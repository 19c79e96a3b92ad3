/* eslint-disable no-loss-of-precision -- published coefficients, kept digit for digit as in the reference code */
/**
 * Zeros of a polynomial by the Jenkins–Traub three-stage algorithm (CPOLY, ACM TOMS 419), the
 * method behind R's `polyroot` and the admissibility test of `forecast::ets`.
 *
 * Why not a cheaper stability test: the ETS optimiser often walks along the edge of the
 * admissible region (alpha, gamma near 0 put roots close to the unit circle, near-multiple at 1).
 * There, the decision "max |root| <= 1 + 1e-10" depends on the root finder's own rounding, and a
 * different method sends Nelder–Mead down a different path. Following the same algorithm with
 * the same constants keeps our decisions, hence our fits, the same as R's.
 */

const ETA = Number.EPSILON;
const ARE = Number.EPSILON;
const MRE = 2 * Math.SQRT2 * Number.EPSILON;
const INFIN = Number.MAX_VALUE;
const SMALNO = 2.2250738585072014e-308; // DBL_MIN
const BASE = 2;
const COSR = -0.0697564737441252999; // cos 94°
const SINR = 0.99756405025982424767; // sin 94°

function hypot(a: number, b: number): number {
  // Scaled form: avoids overflow and is correctly rounded far more often than Math.hypot.
  a = Math.abs(a);
  b = Math.abs(b);
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === 0) return 0;
  if (a === Infinity) return Infinity;
  const r = b / a;
  return a * Math.sqrt(1 + r * r);
}

/** Finder state (the original keeps it in file-level variables, some persisting across calls). */
class JenkinsTraub {
  nn = 0;
  pr: Float64Array = new Float64Array(0);
  pi: Float64Array = new Float64Array(0);
  hr: Float64Array = new Float64Array(0);
  hi: Float64Array = new Float64Array(0);
  qpr: Float64Array = new Float64Array(0);
  qpi: Float64Array = new Float64Array(0);
  qhr: Float64Array = new Float64Array(0);
  qhi: Float64Array = new Float64Array(0);
  shr: Float64Array = new Float64Array(0);
  shi: Float64Array = new Float64Array(0);
  sr = 0;
  si = 0;
  tr = 0;
  ti = 0;
  pvr = 0;
  pvi = 0;
  // Stage-3 values that survive between calls in the original (static locals).
  relstp = 0;
  omp = 0;

  private ensure(size: number): void {
    if (this.pr.length >= size) return;
    const mk = (): Float64Array => new Float64Array(size);
    this.pr = mk();
    this.pi = mk();
    this.hr = mk();
    this.hi = mk();
    this.qpr = mk();
    this.qpi = mk();
    this.qhr = mk();
    this.qhi = mk();
    this.shr = mk();
    this.shi = mk();
  }

  /** Zeros of the real polynomial `coef` (decreasing powers) into zr/zi; false on failure. */
  roots(coef: ArrayLike<number>, zr: Float64Array, zi: Float64Array): boolean {
    const degree = coef.length - 1;
    let xx = Math.SQRT1_2;
    let yy = -xx;
    let nn = degree;
    const d1 = nn - 1;
    if (coef[0] === 0) return false;
    while (coef[nn] === 0) {
      const dn = d1 - nn + 1;
      zr[dn] = 0;
      zi[dn] = 0;
      nn--;
    }
    nn++;
    if (nn === 1) return true;
    this.ensure(nn);
    const { pr, pi, shr } = this;
    for (let i = 0; i < nn; i++) {
      pr[i] = coef[i];
      pi[i] = 0;
      shr[i] = hypot(pr[i], pi[i]);
    }
    this.nn = nn;
    const bndScale = scaleFactor(nn, shr);
    if (bndScale !== 1) {
      for (let i = 0; i < nn; i++) {
        pr[i] *= bndScale;
        pi[i] *= bndScale;
      }
    }
    const z = { r: 0, i: 0 };
    while (this.nn > 2) {
      for (let i = 0; i < this.nn; i++) shr[i] = hypot(pr[i], pi[i]);
      const bnd = cauchyLowerBound(this.nn, shr, this.shi);
      let converged = false;
      outer: for (let i1 = 1; i1 <= 2; i1++) {
        this.noshft(5);
        for (let i2 = 1; i2 <= 9; i2++) {
          const xxx = COSR * xx - SINR * yy;
          yy = SINR * xx + COSR * yy;
          xx = xxx;
          this.sr = bnd * xx;
          this.si = bnd * yy;
          if (this.fxshft(i2 * 10, z)) {
            converged = true;
            break outer;
          }
        }
      }
      if (!converged) return false;
      const dn = d1 + 2 - this.nn;
      zr[dn] = z.r;
      zi[dn] = z.i;
      this.nn--;
      for (let i = 0; i < this.nn; i++) {
        pr[i] = this.qpr[i];
        pi[i] = this.qpi[i];
      }
    }
    const q = cdivid(-pr[1], -pi[1], pr[0], pi[0]);
    zr[d1] = q.r;
    zi[d1] = q.i;
    return true;
  }

  /** First stage: the scaled derivative, then l1 unshifted H polynomials. */
  private noshft(l1: number): void {
    const { pr, pi, hr, hi } = this;
    const nn = this.nn;
    const n = nn - 1;
    const nm1 = n - 1;
    for (let i = 0; i < n; i++) {
      const xni = nn - i - 1;
      hr[i] = (xni * pr[i]) / n;
      hi[i] = (xni * pi[i]) / n;
    }
    for (let jj = 1; jj <= l1; jj++) {
      if (hypot(hr[n - 1], hi[n - 1]) <= ETA * 10 * hypot(pr[n - 1], pi[n - 1])) {
        for (let i = 1; i <= nm1; i++) {
          const j = nn - i;
          hr[j - 1] = hr[j - 2];
          hi[j - 1] = hi[j - 2];
        }
        hr[0] = 0;
        hi[0] = 0;
      } else {
        const t = cdivid(-pr[nn - 1], -pi[nn - 1], hr[n - 1], hi[n - 1]);
        this.tr = t.r;
        this.ti = t.i;
        for (let i = 1; i <= nm1; i++) {
          const j = nn - i;
          const t1 = hr[j - 2];
          const t2 = hi[j - 2];
          hr[j - 1] = this.tr * t1 - this.ti * t2 + pr[j - 1];
          hi[j - 1] = this.tr * t2 + this.ti * t1 + pi[j - 1];
        }
        hr[0] = pr[0];
        hi[0] = pi[0];
      }
    }
  }

  /** Second stage: l2 fixed-shift steps, entering stage 3 after two weak convergence passes. */
  private fxshft(l2: number, z: { r: number; i: number }): boolean {
    const n = this.nn - 1;
    this.evalP();
    let test = true;
    let pasd = false;
    let hZero = this.calct();
    for (let j = 1; j <= l2; j++) {
      const otr = this.tr;
      const oti = this.ti;
      this.nexth(hZero);
      hZero = this.calct();
      z.r = this.sr + this.tr;
      z.i = this.si + this.ti;
      if (!hZero && test && j !== l2) {
        if (hypot(this.tr - otr, this.ti - oti) >= hypot(z.r, z.i) * 0.5) {
          pasd = false;
        } else if (!pasd) {
          pasd = true;
        } else {
          for (let i = 0; i < n; i++) {
            this.shr[i] = this.hr[i];
            this.shi[i] = this.hi[i];
          }
          const svsr = this.sr;
          const svsi = this.si;
          if (this.vrshft(10, z)) return true;
          test = false;
          for (let i = 1; i <= n; i++) {
            this.hr[i - 1] = this.shr[i - 1];
            this.hi[i - 1] = this.shi[i - 1];
          }
          this.sr = svsr;
          this.si = svsi;
          this.evalP();
          hZero = this.calct();
        }
      }
    }
    return this.vrshft(10, z);
  }

  /** Third stage: variable-shift (Newton-like) iteration from z. */
  private vrshft(l3: number, z: { r: number; i: number }): boolean {
    let b = false;
    this.sr = z.r;
    this.si = z.i;
    for (let i = 1; i <= l3; i++) {
      this.evalP();
      const mp = hypot(this.pvr, this.pvi);
      const ms = hypot(this.sr, this.si);
      if (mp <= 20 * errorBound(this.nn, this.qpr, this.qpi, ms, mp, ETA, MRE)) {
        z.r = this.sr;
        z.i = this.si;
        return true;
      }
      let skipToNext = false;
      if (i !== 1) {
        if (!b && mp >= this.omp && this.relstp < 0.05) {
          // Stalled, probably a cluster of zeros: a few fixed-shift steps into the cluster.
          let tp = this.relstp;
          b = true;
          if (this.relstp < ETA) tp = ETA;
          const r1 = Math.sqrt(tp);
          const r2 = this.sr * (r1 + 1) - this.si * r1;
          this.si = this.sr * r1 + this.si * (r1 + 1);
          this.sr = r2;
          this.evalP();
          for (let j = 1; j <= 5; j++) {
            const hz = this.calct();
            this.nexth(hz);
          }
          this.omp = INFIN;
          skipToNext = true;
        } else if (mp * 0.1 > this.omp) {
          return false;
        }
      }
      if (!skipToNext) this.omp = mp;
      let hz = this.calct();
      this.nexth(hz);
      hz = this.calct();
      if (!hz) {
        this.relstp = hypot(this.tr, this.ti) / hypot(this.sr, this.si);
        this.sr += this.tr;
        this.si += this.ti;
      }
    }
    return false;
  }

  private evalP(): void {
    const v = horner(this.nn, this.sr, this.si, this.pr, this.pi, this.qpr, this.qpi);
    this.pvr = v.r;
    this.pvi = v.i;
  }

  /** t = -p(s)/h(s); returns true when h(s) is essentially zero. */
  private calct(): boolean {
    const n = this.nn - 1;
    const hv = horner(n, this.sr, this.si, this.hr, this.hi, this.qhr, this.qhi);
    const hZero = hypot(hv.r, hv.i) <= ARE * 10 * hypot(this.hr[n - 1], this.hi[n - 1]);
    if (!hZero) {
      const t = cdivid(-this.pvr, -this.pvi, hv.r, hv.i);
      this.tr = t.r;
      this.ti = t.i;
    } else {
      this.tr = 0;
      this.ti = 0;
    }
    return hZero;
  }

  /** Next shifted H polynomial. */
  private nexth(hZero: boolean): void {
    const n = this.nn - 1;
    const { hr, hi, qhr, qhi, qpr, qpi } = this;
    if (!hZero) {
      for (let j = 1; j < n; j++) {
        const t1 = qhr[j - 1];
        const t2 = qhi[j - 1];
        hr[j] = this.tr * t1 - this.ti * t2 + qpr[j];
        hi[j] = this.tr * t2 + this.ti * t1 + qpi[j];
      }
      hr[0] = qpr[0];
      hi[0] = qpi[0];
    } else {
      for (let j = 1; j < n; j++) {
        hr[j] = qhr[j - 1];
        hi[j] = qhi[j - 1];
      }
      hr[0] = 0;
      hi[0] = 0;
    }
  }
}

/** Horner evaluation of p at s, partial sums into q. */
function horner(
  n: number,
  sr: number,
  si: number,
  pr: Float64Array,
  pi: Float64Array,
  qr: Float64Array,
  qi: Float64Array,
): { r: number; i: number } {
  qr[0] = pr[0];
  qi[0] = pi[0];
  let vr = qr[0];
  let vi = qi[0];
  for (let i = 1; i < n; i++) {
    const t = vr * sr - vi * si + pr[i];
    vi = vr * si + vi * sr + pi[i];
    qi[i] = vi;
    vr = t;
    qr[i] = vr;
  }
  return { r: vr, i: vi };
}

/** Bound on the rounding error of the Horner evaluation. */
function errorBound(n: number, qr: Float64Array, qi: Float64Array, ms: number, mp: number, aRe: number, mRe: number): number {
  let e = (hypot(qr[0], qi[0]) * mRe) / (aRe + mRe);
  for (let i = 0; i < n; i++) e = e * ms + hypot(qr[i], qi[i]);
  return e * (aRe + mRe) - mp * mRe;
}

/** Cauchy lower bound on the moduli of the zeros; pot = |coefficients| (modified). */
function cauchyLowerBound(n: number, pot: Float64Array, q: Float64Array): number {
  const n1 = n - 1;
  pot[n1] = -pot[n1];
  let x = Math.exp((Math.log(-pot[n1]) - Math.log(pot[0])) / n1);
  if (pot[n1 - 1] !== 0) {
    const xm = -pot[n1] / pot[n1 - 1];
    if (xm < x) x = xm;
  }
  for (;;) {
    const xm = x * 0.1;
    let f = pot[0];
    for (let i = 1; i < n; i++) f = f * xm + pot[i];
    if (f <= 0) break;
    x = xm;
  }
  let dx = x;
  while (Math.abs(dx / x) > 0.005) {
    q[0] = pot[0];
    for (let i = 1; i < n; i++) q[i] = q[i - 1] * x + pot[i];
    const f = q[n1];
    let delf = q[0];
    for (let i = 1; i < n1; i++) delf = delf * x + q[i];
    dx = f / delf;
    x -= dx;
  }
  return x;
}

/** Power-of-two scale factor guarding against overflow/underflow of the coefficients. */
function scaleFactor(n: number, pot: Float64Array): number {
  const high = Math.sqrt(INFIN);
  const lo = SMALNO / ETA;
  let max = 0;
  let min = INFIN;
  for (let i = 0; i < n; i++) {
    const x = pot[i];
    if (x > max) max = x;
    if (x !== 0 && x < min) min = x;
  }
  if (min < lo || max > high) {
    const x = lo / min;
    let sc: number;
    if (x <= 1) sc = 1 / (Math.sqrt(max) * Math.sqrt(min));
    else {
      sc = x;
      if (INFIN / sc > max) sc = 1;
    }
    const ell = Math.trunc(Math.log(sc) / Math.log(BASE) + 0.5);
    return Math.pow(BASE, ell);
  }
  return 1;
}

/** Complex division a / b avoiding overflow. */
function cdivid(ar: number, ai: number, br: number, bi: number): { r: number; i: number } {
  if (br === 0 && bi === 0) return { r: Infinity, i: Infinity };
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + r * bi;
    return { r: (ar + ai * r) / d, i: (ai - ar * r) / d };
  }
  const r = br / bi;
  const d = bi + r * br;
  return { r: (ar * r + ai) / d, i: (ai * r - ar) / d };
}

const finder = new JenkinsTraub();

/**
 * Zeros of the real polynomial with coefficients in decreasing powers. Returns null when the
 * algorithm fails (leading coefficient zero, or no convergence).
 */
export function polyroot(coefDecreasing: ArrayLike<number>): { re: Float64Array; im: Float64Array } | null {
  const degree = coefDecreasing.length - 1;
  const re = new Float64Array(Math.max(degree, 0));
  const im = new Float64Array(Math.max(degree, 0));
  if (degree < 1) return { re, im };
  return finder.roots(coefDecreasing, re, im) ? { re, im } : null;
}

/**
 * Largest root modulus, as the admissibility test of `forecast::ets` computes it: if the finder
 * fails, the zeros found so far (the rest left at 0) still count.
 */
export function maxRootModulus(coefDecreasing: ArrayLike<number>): number {
  const degree = coefDecreasing.length - 1;
  const re = new Float64Array(Math.max(degree, 0));
  const im = new Float64Array(Math.max(degree, 0));
  if (degree >= 1) finder.roots(coefDecreasing, re, im);
  let max = 0;
  for (let i = 0; i < degree; i++) {
    const a = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
    if (a > max) max = a;
  }
  return max;
}
