/**
 * Classical decomposition (R's stats::decompose): a centred moving average of order m (2×m for even
 * m) gives the trend; the seasonal figure for each position in the cycle is the mean of the
 * detrended values (y/trend when multiplicative, y − trend when additive) at that position,
 * normalised to average 1 (or 0). Positions count from the first observation, as R's ts(x, frequency
 * = m) does.
 */
import { EModelFitFailed } from '../../errors/index.js';

export type DecompositionType = 'multiplicative' | 'additive';

export interface Decomposition {
  readonly type: DecompositionType;
  /** m seasonal indices; figure[j] applies to observations t with t mod m = j (0-based t). */
  readonly figure: Float64Array;
  /** Centred moving average, NaN at the ends. */
  readonly trend: Float64Array;
}

export function decompose(y: ArrayLike<number>, m: number, type: DecompositionType): Decomposition {
  const n = y.length;
  if (m <= 1 || n < 2 * m) {
    throw new EModelFitFailed(`classical decomposition needs at least two full seasons (n = ${n}, m = ${m})`, {
      context: { n, m },
    });
  }
  // Filter weights: m equal weights for odd m, (½, 1, …, 1, ½)/m for even m; centred.
  const even = m % 2 === 0;
  const width = even ? m + 1 : m;
  const half = (width - 1) / 2;
  const trend = new Float64Array(n).fill(Number.NaN);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = 0; j < width; j++) {
      const w = even && (j === 0 || j === width - 1) ? 0.5 : 1;
      s += w * y[t - half + j];
    }
    trend[t] = s / m;
  }
  const figure = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    let count = 0;
    for (let t = j; t < n; t += m) {
      if (Number.isNaN(trend[t])) continue;
      s += type === 'multiplicative' ? y[t] / trend[t] : y[t] - trend[t];
      count++;
    }
    figure[j] = s / count;
  }
  let avg = 0;
  for (const f of figure) avg += f;
  avg /= m;
  for (let j = 0; j < m; j++) figure[j] = type === 'multiplicative' ? figure[j] / avg : figure[j] - avg;
  return { type, figure, trend };
}

/** The seasonal index of observation t (0-based; t may run past the sample into the future). */
export function seasonalIndex(d: Decomposition, t: number): number {
  const m = d.figure.length;
  return d.figure[((t % m) + m) % m];
}
