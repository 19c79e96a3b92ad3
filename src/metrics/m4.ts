/**
 * The M4 competition's accuracy measures (Makridakis et al. 2020, and its benchmark code):
 *  - sMAPE in percent: mean over the horizon of 200·|y − f| / (|y| + |f|);
 *  - MASE: mean |y − f| over the horizon divided by the in-sample MAE of the seasonal naive
 *    forecast with lag m (m = 1 gives the naive forecast).
 */
import { ESeriesTooShort } from '../errors/index.js';

export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const f = forecast[i];
    const denom = Math.abs(y) + Math.abs(f);
    // 0/0 (both zero) counts as a perfect forecast rather than poisoning the mean with NaN.
    s += denom === 0 ? 0 : (200 * Math.abs(y - f)) / denom;
  }
  return s / actual.length;
}

/** In-sample MAE of the lag-m seasonal naive forecast, MASE's denominator. */
export function maseScale(insample: ArrayLike<number>, m: number): number {
  if (insample.length <= m) {
    throw new ESeriesTooShort(`MASE needs more than m = ${m} in-sample values, got ${insample.length}`, {
      context: { n: insample.length, m },
    });
  }
  let s = 0;
  for (let t = m; t < insample.length; t++) s += Math.abs(insample[t] - insample[t - m]);
  return s / (insample.length - m);
}

export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / actual.length / scale;
}

/** What a method that failed on a series is scored with: its last observation repeated (naive). */
export function naiveForecast(train: Float64Array, h: number): Float64Array {
  return new Float64Array(h).fill(train[train.length - 1] ?? Number.NaN);
}
