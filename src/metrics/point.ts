/**
 * Point-forecast error metrics for one series (one forecast window).
 *
 * Conventions (checked against utilsforecast `losses.py` and GluonTS `ev/stats.py`):
 * - Points whose actual `y` is NaN (missing) are skipped, like GluonTS' masked labels; a NaN
 *   forecast where `y` is known makes the metric NaN, so a broken forecast is never scored as good.
 * - Every function returns NaN when no point can be scored.
 */
import { EInvalidArgument } from '../errors/index.js';

/** Indices where the actual is observed. */
function scoredPairs(y: ArrayLike<number>, yhat: ArrayLike<number>): number[] {
  if (y.length !== yhat.length) {
    throw new EInvalidArgument(`metric inputs differ in length: y has ${y.length}, forecast has ${yhat.length}`);
  }
  const idx: number[] = [];
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t])) idx.push(t);
  return idx;
}

function meanOf(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Mean absolute error. */
export function mae(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  return meanOf(scoredPairs(y, yhat).map((t) => Math.abs(y[t] - yhat[t])));
}

/** Mean squared error. */
export function mse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  return meanOf(scoredPairs(y, yhat).map((t) => (y[t] - yhat[t]) ** 2));
}

/** Root mean squared error (per series: sqrt of that series' MSE, as utilsforecast). */
export function rmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  return Math.sqrt(mse(y, yhat));
}

/**
 * Symmetric MAPE on the 0–1 scale: mean of |y − ŷ| / (|y| + |ŷ|), a term with a zero denominator
 * counting as 0. This is utilsforecast's `smape` and what the Python tsagentkit reports as "smape".
 * GluonTS' sMAPE is exactly twice this (0–2 scale); M4's is 200 times this (see `smapeM4`).
 */
export function smape(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  return meanOf(
    scoredPairs(y, yhat).map((t) => {
      const denom = Math.abs(y[t]) + Math.abs(yhat[t]);
      const err = Math.abs(y[t] - yhat[t]);
      return denom === 0 ? (Number.isNaN(err) ? Number.NaN : 0) : err / denom;
    }),
  );
}

/** M4 competition sMAPE in percent (0–200): mean of 200·|y − ŷ| / (|y| + |ŷ|). */
export function smapeM4(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  return 200 * smape(y, yhat);
}

/**
 * Weighted absolute percentage error, Σ|y − ŷ| / Σ|y| over the window (utilsforecast `nd`/`wape`).
 * NaN when Σ|y| is 0.
 */
export function wape(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  const idx = scoredPairs(y, yhat);
  if (idx.length === 0) return Number.NaN;
  let num = 0;
  let den = 0;
  for (const t of idx) {
    num += Math.abs(y[t] - yhat[t]);
    den += Math.abs(y[t]);
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * In-sample MAE of the seasonal naive forecast: mean |y_t − y_{t−m}| over the training data.
 * As GluonTS' `seasonal_error`, the lag falls back to 1 when the history is not longer than m.
 * Pairs with a missing value are skipped. NaN when no pair exists.
 */
export function seasonalScale(train: ArrayLike<number>, seasonLength: number): number {
  const m = seasonLength >= 1 && seasonLength < train.length ? Math.floor(seasonLength) : 1;
  let sum = 0;
  let n = 0;
  for (let t = m; t < train.length; t++) {
    const d = train[t] - train[t - m];
    if (!Number.isNaN(d)) {
      sum += Math.abs(d);
      n += 1;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Mean absolute scaled error: MAE of the forecast divided by the in-sample seasonal-naive MAE of
 * the training data (utilsforecast `mase`, GluonTS `MASE`). NaN (not Infinity) when the scale is 0,
 * i.e. the training series is constant at lag m.
 */
export function mase(y: ArrayLike<number>, yhat: ArrayLike<number>, train: ArrayLike<number>, seasonLength: number): number {
  const scale = seasonalScale(train, seasonLength);
  if (!(scale > 0)) return Number.NaN;
  return mae(y, yhat) / scale;
}
