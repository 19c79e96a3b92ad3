/**
 * Quantile utilities shared by the TSFM pipelines: linear interpolation between quantile levels,
 * quantiles of a weighted sample, and `torch.quantile`'s linear rule.
 *
 * Upstream computes all of these in float32 with one rounding per elementwise operation (eager
 * PyTorch does not fuse them). We reproduce that with `Math.fround` after every operation, so the
 * results are bit-identical to upstream wherever the inputs are; the only place we cannot be
 * bit-exact is a reduction whose summation order PyTorch does not document (the weight sum).
 */
import { EInvalidArgument } from '../errors/index.js';

const f = Math.fround;

/** A row-major [rows, n] block of float32 values. */
export interface Float32Rows {
  readonly rows: number;
  readonly n: number;
  readonly data: Float32Array;
}

/**
 * Linear interpolation of quantile values at `query` levels, like upstream
 * `chronos.utils.interpolate_quantiles`:
 * - levels are sorted (values follow their level), the values themselves are never sorted;
 * - a level 0 (value of the lowest level) is added when no level is 0, and a level 1 (value of the
 *   highest level) when no level is 1 — decided over the whole block, as upstream does;
 * - queries below the lowest / above the highest original level therefore clamp to the edge value.
 *
 * `levels` is either one list shared by every row or a per-row [rows, n] block (as weightedQuantile
 * passes cumulative weights). Returns [rows, query.length].
 */
export function interpolateQuantiles(query: readonly number[], levels: readonly number[] | Float32Array, values: Float32Rows): Float32Rows {
  const { rows, n } = values;
  const perRow = levels instanceof Float32Array;
  if (perRow ? levels.length !== rows * n : levels.length !== n) {
    throw new EInvalidArgument(`interpolateQuantiles: ${levels.length} levels for ${rows} rows of ${n} values`);
  }
  const q32 = query.map((q) => f(q));
  // Clamp to [0, 1] as upstream does, and find the global extremes that decide the padding.
  let minLevel = Infinity;
  let maxLevel = -Infinity;
  const clamped = new Float32Array(perRow ? rows * n : n);
  for (let i = 0; i < clamped.length; i++) {
    const l = Math.min(1, Math.max(0, f(levels[i])));
    clamped[i] = l;
    if (l < minLevel) minLevel = l;
    if (l > maxLevel) maxLevel = l;
  }
  const padLow = minLevel > 0;
  const padHigh = maxLevel < 1;
  const width = n + (padLow ? 1 : 0) + (padHigh ? 1 : 0);

  const out = new Float32Array(rows * q32.length);
  const lv = new Float32Array(width);
  const vv = new Float32Array(width);
  const order = new Array<number>(n);
  let sharedOrder: number[] | null = null;
  for (let r = 0; r < rows; r++) {
    const lvBase = perRow ? r * n : 0;
    let idx: number[];
    if (!perRow && sharedOrder) {
      idx = sharedOrder;
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      // Cumulative weights arrive sorted; sorting is only needed (and stable) otherwise.
      let ascending = true;
      for (let i = 1; i < n && ascending; i++) ascending = clamped[lvBase + i - 1] <= clamped[lvBase + i];
      if (!ascending) order.sort((a, b) => clamped[lvBase + a] - clamped[lvBase + b]);
      idx = perRow ? order : (sharedOrder = order.slice());
    }
    const vBase = r * n;
    let k = 0;
    if (padLow) {
      lv[k] = 0;
      vv[k++] = values.data[vBase + idx[0]];
    }
    for (let i = 0; i < n; i++) {
      lv[k] = clamped[lvBase + idx[i]];
      vv[k++] = values.data[vBase + idx[i]];
    }
    if (padHigh) {
      lv[k] = 1;
      vv[k++] = values.data[vBase + idx[n - 1]];
    }
    for (let j = 0; j < q32.length; j++) {
      const q = q32[j];
      // searchsorted(right=True): first index whose level is strictly greater than q.
      let lo = 0;
      let hi = width;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (lv[mid] <= q) lo = mid + 1;
        else hi = mid;
      }
      const upper = Math.min(lo, width - 1);
      const lower = upper - 1;
      // lower = -1 cannot happen: q >= 0 and the first level is 0 or padded with 0.
      const diff = f(lv[upper] - lv[lower]);
      let w = f(f(q - lv[lower]) / diff);
      if (Number.isNaN(w)) w = 0;
      else if (w === Infinity) w = 3.4028234663852886e38;
      else if (w === -Infinity) w = -3.4028234663852886e38;
      const a = vv[lower];
      out[r * q32.length + j] = f(a + f(w * f(vv[upper] - a)));
    }
  }
  return { rows, n: q32.length, data: out };
}

/**
 * Normalised probability mass per quantile level (trapezoidal rule: (q[i+1] − q[i−1]) / 2 with
 * q[−1] = 0 and q[n] = 1), in float32 like upstream's `_get_prob_mass_per_quantile_level`.
 */
export function probMassPerQuantileLevel(levels: readonly number[]): Float32Array {
  if (levels.length === 0 || levels.some((l) => !(l > 0 && l < 1))) {
    throw new EInvalidArgument(`quantile levels must lie strictly in (0, 1), got [${levels.join(', ')}]`);
  }
  const b = [0, ...levels.map((l) => f(l)), 1];
  const mass = new Float32Array(levels.length);
  for (let i = 0; i < levels.length; i++) mass[i] = f(f(b[i + 2] - b[i]) / 2);
  const total = sumF32(mass);
  return mass.map((m) => f(m / total));
}

/** Sum of float32 values rounded to float32 (accumulated in double; within an ulp of torch's). */
function sumF32(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return f(s);
}

/**
 * Quantiles of a weighted sample, like upstream `chronos.utils.weighted_quantile`: sort the samples
 * of each row, accumulate their normalised weights into an empirical CDF (float32 outputs of a
 * double accumulator, as PyTorch's CPU cumsum does), clamp it to [0, 1] and interpolate the query
 * levels on it with {@link interpolateQuantiles}. All rows share `weights`. Returns [rows, query.length].
 */
export function weightedQuantile(query: readonly number[], weights: ArrayLike<number>, samples: Float32Rows): Float32Rows {
  const { rows, n } = samples;
  if (weights.length !== n) throw new EInvalidArgument(`weightedQuantile: ${weights.length} weights for ${n} samples`);
  const w32 = Float32Array.from(weights);
  for (let i = 0; i < n; i++) {
    if (!(w32[i] > 0)) throw new EInvalidArgument('weightedQuantile: sample weights must be > 0');
  }
  const total = sumF32(w32);
  for (let i = 0; i < n; i++) w32[i] = f(w32[i] / total);

  const sorted = new Float32Array(rows * n);
  const cumulative = new Float32Array(rows * n);
  const sorter = new RowArgsort(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const order = sorter.sort(samples.data, base);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      sorted[base + i] = samples.data[base + order[i]];
      acc += w32[order[i]];
      cumulative[base + i] = Math.min(1, Math.max(0, f(acc)));
    }
  }
  return interpolateQuantiles(query, cumulative, { rows, n, data: sorted });
}

/**
 * Ascending argsort of float32 rows with NaN last (torch.sort's order), without a comparator:
 * each value's bits are mapped to an order-preserving unsigned integer, combined with its index into
 * one float64 key, and the keys are sorted natively. Equal values keep their index order.
 */
class RowArgsort {
  private readonly keys: Float64Array;
  private readonly order: Uint32Array;
  private readonly bits = new Float32Array(1);
  private readonly asUint = new Uint32Array(this.bits.buffer);
  private readonly scale: number;

  constructor(private readonly n: number) {
    this.keys = new Float64Array(n);
    this.order = new Uint32Array(n);
    this.scale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1))); // index bits; 32 + 21 < 53 up to 2M samples
  }

  sort(data: ArrayLike<number>, base: number): Uint32Array {
    for (let i = 0; i < this.n; i++) {
      const v = data[base + i];
      this.bits[0] = Number.isNaN(v) ? Number.NaN : v;
      let u = this.asUint[0];
      u = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0; // negative: flip all bits; positive: set the sign bit
      this.keys[i] = u * this.scale + i;
    }
    this.keys.sort();
    for (let i = 0; i < this.n; i++) this.order[i] = this.keys[i] % this.scale;
    return this.order;
  }
}

/**
 * `torch.quantile(x, q, interpolation="linear")` of one float32 sample: sort (NaN last; any NaN
 * makes the result NaN, as torch does), rank = q·(n−1), then torch's `lerp` between the neighbours.
 */
export function torchQuantileLinear(sample: ArrayLike<number>, q: number): number {
  const n = sample.length;
  if (n === 0) throw new EInvalidArgument('torchQuantileLinear: empty sample');
  const sorted = Float32Array.from(sample).sort();
  if (Number.isNaN(sorted[n - 1])) return Number.NaN;
  const rank = f(f(q) * (n - 1));
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const weight = f(rank - below);
  return lerpF32(sorted[below], sorted[above], weight);
}

/** torch.lerp in float32: start + w·(end − start) for w < 0.5, else end − (end − start)·(1 − w). */
export function lerpF32(start: number, end: number, weight: number): number {
  const d = f(end - start);
  return weight < 0.5 ? f(start + f(weight * d)) : f(end - f(d * f(1 - weight)));
}
