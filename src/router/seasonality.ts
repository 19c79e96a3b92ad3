/**
 * The router's seasonality test is the models' one (`models/stats/seasonality.ts`, the M4 90% ACF
 * test), so a series the router calls seasonal is the one the models seasonally adjust.
 * `method: "threshold"` keeps the Python tsagentkit's rule as an option: seasonal when
 * |r_m| ≥ `threshold` (0.7 there), needing only n > m.
 */
import { acf, seasonalityTest as m4SeasonalityTest, type SeasonalityTestResult } from '../models/stats/seasonality.js';

export { acf } from '../models/stats/seasonality.js';
export type SeasonalityResult = SeasonalityTestResult;

export function seasonalityTest(
  y: ArrayLike<number>,
  seasonLength: number,
  options: { method?: 'm4' | 'threshold'; threshold?: number; confidence?: 0.9 | 0.95 } = {},
): SeasonalityResult {
  const m = Math.floor(seasonLength);
  if (options.method !== 'threshold') return m4SeasonalityTest(y, m, options.confidence ? { confidence: options.confidence } : {});
  let n = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isNaN(y[t] ?? Number.NaN)) n += 1;
  if (m <= 1) return { acf: Number.NaN, limit: Number.NaN, seasonal: false, skipped: 'season length is 1' };
  if (n < m + 1) return { acf: Number.NaN, limit: Number.NaN, seasonal: false, skipped: `needs ${m + 1} observations, has ${n}` };
  const rm = acf(y, m);
  const limit = options.threshold ?? 0.7;
  return { acf: rm, limit, seasonal: Math.abs(rm) >= limit };
}
