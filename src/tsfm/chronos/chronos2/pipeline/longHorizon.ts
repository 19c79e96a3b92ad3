/**
 * Long-horizon unrolling, as upstream's `Chronos2Pipeline` does beyond `max_output_patches` patches:
 * each level of `unrolledQuantiles` becomes its own sample path (the context is copied per path and
 * that quantile of the last prediction is appended to it), group ids are shifted so that rows mix
 * only with rows of the same group *and* path, and the paths × quantiles predictions are reduced
 * back to the model's quantile levels with a weighted quantile whose weights are the probability
 * mass of each (path level, quantile level) pair.
 */
import { interpolateQuantiles, probMassPerQuantileLevel, weightedQuantile } from '../../../quantiles.js';

/** Per-sample weights, path-major: weight[j·Q + k] = mass(unrolled[j]) · mass(quantiles[k]) in float32. */
export function unrolledSampleWeights(unrolledQuantiles: readonly number[], modelQuantiles: readonly number[]): Float32Array {
  const pu = probMassPerQuantileLevel(unrolledQuantiles);
  const pq = probMassPerQuantileLevel(modelQuantiles);
  const w = new Float32Array(pu.length * pq.length);
  for (let j = 0; j < pu.length; j++) for (let k = 0; k < pq.length; k++) w[j * pq.length + k] = Math.fround(pu[j] * pq[k]);
  return w;
}

/** Copies every row n times (row-major [rows·n, width]): row r, path j → r·n + j. */
export function repeatRows(data: Float32Array, rows: number, width: number, n: number): Float32Array {
  const out = new Float32Array(rows * n * width);
  for (let r = 0; r < rows; r++) {
    const src = data.subarray(r * width, (r + 1) * width);
    for (let j = 0; j < n; j++) out.set(src, (r * n + j) * width);
  }
  return out;
}

/** Group ids per path: g·n + j, so paths never attend to each other. */
export function shiftGroupIds(groupIds: Int32Array, n: number): Int32Array {
  const out = new Int32Array(groupIds.length * n);
  for (let r = 0; r < groupIds.length; r++) for (let j = 0; j < n; j++) out[r * n + j] = groupIds[r] * n + j;
  return out;
}

/**
 * Appends, for each (row, path), the path's quantile of `prediction` ([rows, Q, H]) to the path's
 * context ([rows·n, T]) and keeps the last `maxContext` steps. Returns the new context and its length.
 */
export function appendUnrolledQuantiles(
  context: Float32Array,
  length: number,
  prediction: Float32Array,
  rows: number,
  modelQuantiles: readonly number[],
  unrolledQuantiles: readonly number[],
  horizon: number,
  maxContext: number,
): { context: Float32Array; length: number } {
  const Q = modelQuantiles.length;
  const n = unrolledQuantiles.length;
  // [rows·H, Q] view of the prediction, then interpolate the unrolled levels (exact: they are model levels).
  const byStep = new Float32Array(rows * horizon * Q);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < Q; k++) for (let h = 0; h < horizon; h++) byStep[(r * horizon + h) * Q + k] = prediction[(r * Q + k) * horizon + h];
  const picked = interpolateQuantiles(unrolledQuantiles, modelQuantiles, { rows: rows * horizon, n: Q, data: byStep }).data;

  const full = length + horizon;
  const newLength = Math.min(full, maxContext);
  const drop = full - newLength;
  const out = new Float32Array(rows * n * newLength);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const row = r * n + j;
      const base = row * newLength;
      for (let t = drop; t < full; t++) {
        out[base + t - drop] = t < length ? context[row * length + t] : picked[(r * horizon + (t - length)) * n + j];
      }
    }
  }
  return { context: out, length: newLength };
}

/**
 * Where a known-future covariate is known (not NaN), its real value replaces the value just
 * appended to the context; then the future covariates move on by `slideBy` steps. Returns the
 * remaining future covariates ([rows, futureLength − slideBy]).
 */
export function slideFutureCovariates(
  context: Float32Array,
  length: number,
  future: Float32Array,
  futureLength: number,
  rows: number,
  slideBy: number,
): { future: Float32Array; futureLength: number } {
  const used = Math.min(slideBy, futureLength);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < used; t++) {
      const v = future[r * futureLength + t];
      const column = length - slideBy + t;
      if (column >= 0 && !Number.isNaN(v)) context[r * length + column] = v;
    }
  }
  const rest = Math.max(0, futureLength - slideBy);
  const out = new Float32Array(rows * rest);
  for (let r = 0; r < rows; r++) out.set(future.subarray(r * futureLength + slideBy, (r + 1) * futureLength), r * rest);
  return { future: out, futureLength: rest };
}

/**
 * Reduces the paths' predictions ([rows·n, Q, H], path-major within each row) to the model's Q
 * levels per (row, step) with the weighted quantile. Returns [rows, Q, H].
 */
export function reducePaths(
  prediction: Float32Array,
  rows: number,
  n: number,
  modelQuantiles: readonly number[],
  horizon: number,
  weights: Float32Array,
): Float32Array {
  const Q = modelQuantiles.length;
  const samples = new Float32Array(rows * horizon * n * Q);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < Q; k++) {
        const src = ((r * n + j) * Q + k) * horizon;
        for (let h = 0; h < horizon; h++) samples[(r * horizon + h) * n * Q + j * Q + k] = prediction[src + h];
      }
  const reduced = weightedQuantile(modelQuantiles, weights, { rows: rows * horizon, n: n * Q, data: samples }).data;
  const out = new Float32Array(rows * Q * horizon);
  for (let r = 0; r < rows; r++)
    for (let h = 0; h < horizon; h++) for (let k = 0; k < Q; k++) out[(r * Q + k) * horizon + h] = reduced[(r * horizon + h) * Q + k];
  return out;
}
