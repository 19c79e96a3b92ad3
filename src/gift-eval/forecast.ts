/**
 * The two forecast shapes gluonts evaluates, with gluonts 0.15.1's read-out rules
 * (`gluonts/model/forecast.py`):
 *
 * - a quantile forecast (what every tsagentkit model gives): a stored level is returned as is; a
 *   level between stored ones is interpolated linearly; a level beyond the outer ones comes from
 *   `ExponentialTailApproximation` (this is how MSIS gets its 0.025 and 0.975 quantiles from
 *   0.1…0.9). `mean` is the stored mean, else the median.
 * - a sample forecast: quantile q is `sort(samples)[round((n−1)·q)]` with numpy's round half to
 *   even, and the mean is the sample mean.
 *
 * Values are float32, as gluonts holds them, and interpolated values are computed the way numpy
 * computes them on float32 arrays with Python-float coefficients: every step rounded to float32.
 */
import { ENonFiniteForecast } from '../errors/index.js';

export interface QuantileForecast {
  readonly kind: 'quantiles';
  readonly itemId: string;
  /** Ascending levels in (0, 1), each with its PL values. */
  readonly levels: readonly number[];
  readonly values: readonly Float32Array[];
  readonly mean?: Float32Array;
}

export interface SampleForecast {
  readonly kind: 'samples';
  readonly itemId: string;
  /** num_samples arrays of PL values. */
  readonly samples: readonly Float32Array[];
}

export type GiftForecast = QuantileForecast | SampleForecast;

/** gluonts ExponentialTailApproximation's tolerance. */
const TAIL_TOL = 1e-8;
const f32 = Math.fround;

/** numpy's `np.round`: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function sampleQuantile(samples: readonly Float32Array[], q: number, pl: number): Float64Array {
  const n = samples.length;
  const idx = roundHalfEven((n - 1) * q);
  const out = new Float64Array(pl);
  const column = new Float64Array(n);
  for (let t = 0; t < pl; t++) {
    for (let s = 0; s < n; s++) column[s] = samples[s][t];
    column.sort();
    out[t] = column[idx];
  }
  return out;
}

function tailOrInterpolate(f: QuantileForecast, q: number): Float64Array {
  const xs = f.levels;
  const ys = f.values;
  const pl = ys[0].length;
  const out = new Float64Array(pl);
  const k = xs.length;
  // tail_range(): the effective tails are the outer stored levels clamped towards 0.1 / 0.9.
  const leftTail = Math.max(xs[0], Math.min(xs[1], 0.1));
  const rightTail = Math.min(xs[k - 1], Math.max(xs[k - 2], 0.9));
  if (q <= leftTail) {
    const qLogDiff = f32(Math.log((xs[1] + TAIL_TOL) / (xs[0] + TAIL_TOL) + TAIL_TOL));
    const factor = f32(Math.log((q + TAIL_TOL) / (xs[1] + TAIL_TOL) + TAIL_TOL));
    for (let t = 0; t < pl; t++) out[t] = f32(f32(f32(f32(ys[1][t] - ys[0][t]) / qLogDiff) * factor) + ys[1][t]);
    return out;
  }
  if (q >= rightTail) {
    const zLogDiff = f32(Math.log((1 - xs[k - 2] + TAIL_TOL) / (1 - xs[k - 1] + TAIL_TOL) + TAIL_TOL));
    const factor = f32(Math.log((1 - xs[k - 2] + TAIL_TOL) / (1 - q + TAIL_TOL) + TAIL_TOL));
    for (let t = 0; t < pl; t++) out[t] = f32(f32(f32(f32(ys[k - 1][t] - ys[k - 2][t]) / zLogDiff) * factor) + ys[k - 2][t]);
    return out;
  }
  // _linear_interpolation between the stored levels around q.
  let idx = xs.findIndex((x) => q <= x);
  if (idx < 1) idx = 1;
  const x0 = xs[idx - 1];
  const x1 = xs[idx];
  const c = f32((q - x0) / (x1 - x0));
  for (let t = 0; t < pl; t++) out[t] = f32(ys[idx - 1][t] + f32(c * f32(ys[idx][t] - ys[idx - 1][t])));
  return out;
}

/** The forecast's quantile at level q, read out as gluonts does. */
export function forecastQuantile(f: GiftForecast, q: number): ArrayLike<number> {
  if (f.kind === 'samples') return sampleQuantile(f.samples, q, f.samples[0]?.length ?? 0);
  const i = f.levels.indexOf(q);
  if (i >= 0) return f.values[i];
  if (f.levels.length < 2) return new Float64Array(f.values[0]?.length ?? 0).fill(Number.NaN);
  return tailOrInterpolate(f, q);
}

export function forecastMean(f: GiftForecast): ArrayLike<number> {
  if (f.kind === 'quantiles') return f.mean ?? forecastQuantile(f, 0.5);
  const pl = f.samples[0]?.length ?? 0;
  const out = new Float64Array(pl);
  for (const s of f.samples) for (let t = 0; t < pl; t++) out[t] += s[t];
  for (let t = 0; t < pl; t++) out[t] /= f.samples.length;
  return out;
}

/** gluonts' `allow_nan_forecast=False`: a NaN anywhere in what the metrics read is an error. */
export function assertFiniteForecast(f: GiftForecast, arrays: ReadonlyArray<ArrayLike<number>>): void {
  for (const a of arrays) {
    for (let t = 0; t < a.length; t++) {
      if (Number.isNaN(a[t])) {
        throw new ENonFiniteForecast(`The forecast for "${f.itemId}" contains NaN at step ${t + 1}.`, {
          context: { itemId: f.itemId, step: t + 1 },
        });
      }
    }
  }
}
