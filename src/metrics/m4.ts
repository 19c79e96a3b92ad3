/**
 * The M4 competition's accuracy measures exactly as its benchmark code computes them (Makridakis
 * et al. 2020), for reproducing M4 figures. They differ from the general metrics in `point.ts`
 * on purpose: no missing values are skipped (M4 has none), MASE's lag never falls back, and a
 * history not longer than the lag is an error rather than NaN.
 *  - sMAPE in percent: mean over the horizon of 200·|y − f| / (|y| + |f|);
 *  - MASE: mean |y − f| over the horizon divided by the in-sample MAE of the seasonal naive
 *    forecast with lag m (m = 1 gives the naive forecast).
 */
import { ESeriesTooShort } from '../errors/index.js';

export function m4Smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
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

/** In-sample MAE of the lag-m seasonal naive forecast, M4 MASE's denominator. */
export function m4MaseScale(insample: ArrayLike<number>, m: number): number {
  if (insample.length <= m) {
    throw new ESeriesTooShort(`MASE needs more than m = ${m} in-sample values, got ${insample.length}`, {
      context: { n: insample.length, m },
    });
  }
  let s = 0;
  for (let t = m; t < insample.length; t++) s += Math.abs(insample[t] - insample[t - m]);
  return s / (insample.length - m);
}

export function m4Mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / actual.length / scale;
}
