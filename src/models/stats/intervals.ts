/**
 * Quantiles from prediction intervals, the statsforecast way (which the original tsagentkit and
 * GIFT-Eval's seasonal-naive baseline use): quantile q is read off the central interval at level
 * round(|1 − 2q|·100) — its lower bound when q < 0.5, its upper bound when q > 0.5, and the point
 * forecast at q = 0.5 (level 0). So q = 0.1 is the lower end of the 80% interval and q = 0.975 the
 * upper end of the 95% one, as in GIFT-Eval's "levels 20/40/60/80 → quantiles 0.1 … 0.9".
 * (Written as (1 − 2|q − 0.5|)·100 in some notes, that expression would give level 20 for q = 0.1,
 * i.e. the 40th percentile; the width must grow as q moves away from 0.5.)
 */
import { qnorm } from './numeric/normal.js';

/** The interval level (0–100, an integer) whose bound gives quantile q. */
export function levelForQuantile(q: number): number {
  return Math.round(Math.abs(1 - 2 * q) * 100);
}

/**
 * Signed standard-normal multiplier for quantile q: −z for the lower bound, +z for the upper, with
 * z = qnorm(0.5 + level/200) as statsforecast's `_quantiles`.
 */
export function gaussianMultiplier(q: number): number {
  const level = levelForQuantile(q);
  const z = qnorm(0.5 + level / 200);
  if (q < 0.5) return -z;
  if (q > 0.5) return z;
  return 0;
}

/** mean ± z·sigmah for every requested quantile (sigmah: per-step standard error of the forecast). */
export function gaussianQuantiles(mean: Float64Array, sigmah: ArrayLike<number>, quantiles: readonly number[]): Float64Array[] {
  return quantiles.map((q) => {
    const z = gaussianMultiplier(q);
    const out = new Float64Array(mean.length);
    for (let i = 0; i < mean.length; i++) out[i] = mean[i] + z * sigmah[i];
    return out;
  });
}

/** A constant array of length h. */
export function repeatValue(value: number, h: number): Float64Array {
  return new Float64Array(h).fill(value);
}

/** sqrt(sum of squared finite residuals / dof), 0 when dof <= 0 — statsforecast's `_calculate_sigma`. */
export function residualSigma(residuals: ArrayLike<number>, dof: number): number {
  if (dof <= 0) return 0;
  let ss = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i];
    if (Number.isFinite(r)) ss += r * r;
  }
  return Math.sqrt(ss / dof);
}
