/**
 * Quantile and interval metrics for one series (one forecast window). Points with a missing actual
 * are skipped, as in `point.ts`.
 *
 * - `pinball`: utilsforecast `quantile_loss`, mean over the window of max(q·e, (q−1)·e), e = y − ŷ_q.
 * - `mqloss`: utilsforecast `mqloss`, the mean of `pinball` over the quantile levels (the Python
 *   tsagentkit reports this under the name "wql").
 * - `wql`: GluonTS `MeanWeightedSumQuantileLoss` (the GIFT-Eval "CRPS"): for each level,
 *   Σ_t 2·|(y − ŷ_q)·(1{ŷ_q ≥ y} − q)| / Σ_t |y|, then the mean over levels.
 * - `msis`: GluonTS `MSIS`, the interval score of the central (1 − α) interval scaled by the
 *   in-sample seasonal-naive MAE.
 * - `coverage`: share of actuals inside [lower, upper] (bounds included).
 */
import { seasonalScale } from './point.js';
import { EInvalidArgument } from '../errors/index.js';

function observed(y: ArrayLike<number>, ...others: ArrayLike<number>[]): number[] {
  for (const o of others) {
    if (o.length !== y.length) throw new EInvalidArgument(`metric inputs differ in length: y has ${y.length}, forecast has ${o.length}`);
  }
  const idx: number[] = [];
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t])) idx.push(t);
  return idx;
}

function checkLevel(q: number): void {
  if (!(q > 0 && q < 1)) throw new EInvalidArgument(`quantile level must be in (0, 1), got ${q}`);
}

/** Mean pinball (quantile) loss of the level-q forecast. */
export function pinball(y: ArrayLike<number>, yhatQ: ArrayLike<number>, q: number): number {
  checkLevel(q);
  const idx = observed(y, yhatQ);
  if (idx.length === 0) return Number.NaN;
  let s = 0;
  for (const t of idx) {
    const e = y[t] - yhatQ[t];
    s += Math.max(q * e, (q - 1) * e);
  }
  return s / idx.length;
}

/** Mean over levels of `pinball` (utilsforecast `mqloss`). */
export function mqloss(y: ArrayLike<number>, quantiles: readonly ArrayLike<number>[], levels: readonly number[]): number {
  if (quantiles.length !== levels.length) throw new EInvalidArgument('one forecast path per quantile level is required');
  if (levels.length === 0) return Number.NaN;
  let s = 0;
  for (let k = 0; k < levels.length; k++) s += pinball(y, quantiles[k], levels[k]);
  return s / levels.length;
}

/**
 * Numerator and denominator of GluonTS' weighted quantile loss at one level: Σ 2·ρ_q and Σ|y|.
 * Exposed so that panels can be pooled exactly as GluonTS does with `axis=None`.
 */
export function quantileLossSums(y: ArrayLike<number>, yhatQ: ArrayLike<number>, q: number): { loss: number; absTarget: number } {
  checkLevel(q);
  let loss = 0;
  let absTarget = 0;
  for (const t of observed(y, yhatQ)) {
    const e = y[t] - yhatQ[t];
    loss += 2 * Math.abs(e * ((yhatQ[t] >= y[t] ? 1 : 0) - q));
    absTarget += Math.abs(y[t]);
  }
  return { loss, absTarget };
}

/** GluonTS mean weighted (sum) quantile loss of one series. NaN when Σ|y| is 0. */
export function wql(y: ArrayLike<number>, quantiles: readonly ArrayLike<number>[], levels: readonly number[]): number {
  if (quantiles.length !== levels.length) throw new EInvalidArgument('one forecast path per quantile level is required');
  if (levels.length === 0) return Number.NaN;
  let s = 0;
  for (let k = 0; k < levels.length; k++) {
    const { loss, absTarget } = quantileLossSums(y, quantiles[k], levels[k]);
    s += absTarget === 0 ? Number.NaN : loss / absTarget;
  }
  return s / levels.length;
}

/** Raw (unscaled) mean interval score of the central (1 − alpha) interval [lower, upper]. */
export function intervalScore(y: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new EInvalidArgument(`alpha must be in (0, 1), got ${alpha}`);
  const idx = observed(y, lower, upper);
  if (idx.length === 0) return Number.NaN;
  let s = 0;
  for (const t of idx) {
    const yt = y[t];
    const lo = lower[t];
    const hi = upper[t];
    s += hi - lo + (2 / alpha) * (lo - yt) * (yt < lo ? 1 : 0) + (2 / alpha) * (yt - hi) * (yt > hi ? 1 : 0);
  }
  return s / idx.length;
}

/**
 * Mean scaled interval score (M4, GluonTS `MSIS`): `intervalScore` divided by the in-sample
 * seasonal-naive MAE of `train`. NaN when that scale is 0.
 */
export function msis(
  y: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  alpha: number,
  train: ArrayLike<number>,
  seasonLength: number,
): number {
  const scale = seasonalScale(train, seasonLength);
  if (!(scale > 0)) return Number.NaN;
  return intervalScore(y, lower, upper, alpha) / scale;
}

/** Share of observed actuals with lower ≤ y ≤ upper. */
export function coverage(y: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const idx = observed(y, lower, upper);
  if (idx.length === 0) return Number.NaN;
  let inside = 0;
  for (const t of idx) if (y[t] >= lower[t] && y[t] <= upper[t]) inside += 1;
  return inside / idx.length;
}
