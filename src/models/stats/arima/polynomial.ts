/**
 * The polynomial steps `stats::arima` needs: the roots of the AR and MA polynomials (R's
 * `polyroot`), the stationarity check `arCheck`, and `maInvert` (complex arithmetic as R does it).
 */
import { EModelFitFailed } from '../../../errors/index.js';
import { polyroot } from '../numeric/polyroot.js';

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
