/**
 * upstream `Moirai2Forecast.predict`: ragged per-series arrays → the batched tensors of `forward`.
 * - observed = ¬isNaN, taken before imputation;
 * - NaNs are imputed by uni2ts `CausalMeanImputation` on the (T, dim) array, quirks included: its
 *   last-value and causal-mean passes run across variates (axis 0 of the transposed array), so on
 *   a univariate series every NaN becomes 0, and on a multivariate one a NaN takes the mean of the
 *   earlier variates at the same step (after filling from the last earlier observed variate);
 * - series longer than context_length keep their last steps; shorter ones are left-padded with their
 *   first (imputed) row, and `past_is_pad` marks the padding (target only); observed flags are
 *   padded with their own first flag.
 * What upstream cannot do raises our typed error instead: feat_dynamic_real in predict() (it is
 * truncated to the context, so no future covariate tokens exist) and padding a multivariate
 * series (numpy cannot broadcast the first row into the (pad, 1) block).
 */
import { ETSFMInputInvalid } from '../../../errors/index.js';
import type { Moirai2Model } from '../types.js';
import { moirai2Forward, type Moirai2Quantiles } from './forecast.js';

/** One series: `(time,)` values or `(time, dim)` rows; NaN = missing. */
export type Moirai2Series = ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;

export interface Moirai2PredictOptions {
  predictionLength: number;
  contextLength: number;
  /** Upstream's target_dim; inferred from the first series when omitted. */
  targetDim?: number;
}

export interface Moirai2PredictInput {
  pastTarget: readonly Moirai2Series[];
  /** Known-future covariates: not supported by upstream predict() (typed error); use forward(). */
  featDynamicReal?: readonly Moirai2Series[] | null;
  /** Past-only covariates, one (time, dim) array per series. */
  pastFeatDynamicReal?: readonly Moirai2Series[] | null;
}

/** A (time, dim) float32 array. */
interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

function inputError(message: string, context: Record<string, unknown>, fixHint?: string): ETSFMInputInvalid {
  return new ETSFMInputInvalid(`Moirai 2.0 predict: ${message}`, {
    context: { model: 'moirai2', ...context },
    ...(fixHint ? { fixHint } : {}),
  });
}

function toMatrix(series: Moirai2Series, what: string): Matrix {
  const rows = series.length;
  if (rows === 0) throw inputError(`${what} is empty`, { what });
  if (series instanceof Float32Array || series instanceof Float64Array) {
    const data = Float32Array.from(series);
    for (let t = 0; t < rows; t++)
      if (data[t] === Infinity || data[t] === -Infinity)
        throw inputError(`${what} has a non-finite value at step ${t} (use NaN or null for missing)`, { what, step: t });
    return { rows, cols: 1, data };
  }
  const first = series[0];
  if (typeof first === 'number' || first === null) {
    const data = new Float32Array(rows);
    for (let t = 0; t < rows; t++) data[t] = toNumber((series as ArrayLike<number>)[t], what, t);
    return { rows, cols: 1, data };
  }
  const cols = (first as ArrayLike<number>).length;
  const data = new Float32Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    const row = (series as ReadonlyArray<ArrayLike<number>>)[t];
    if (row.length !== cols) throw inputError(`${what} row ${t} has ${row.length} values, expected ${cols}`, { what, row: t });
    for (let c = 0; c < cols; c++) data[t * cols + c] = toNumber(row[c], what, t);
  }
  return { rows, cols, data };
}

function toNumber(v: number | null, what: string, t: number): number {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v !== 'number' || v === Infinity || v === -Infinity)
    throw inputError(`${what} has a non-finite value at step ${t} (use NaN or null for missing)`, { what, step: t });
  return v;
}

/** 1 where a value is observed (not NaN), as upstream's `~np.isnan`. */
export function observedFlags(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] === data[i] ? 1 : 0;
  return out;
}

/** uni2ts `CausalMeanImputation` on a (T, dim) float32 array, in place (see the module comment). */
export function causalMeanImpute(m: Matrix): void {
  const { rows: T, cols: D, data } = m;
  let any = false;
  for (let i = 0; i < data.length && !any; i++) any = Number.isNaN(data[i]);
  if (!any) return; // upstream imputes only arrays with a NaN
  const wasNaN = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) wasNaN[i] = Number.isNaN(data[i]) ? 1 : 0;
  // LastValueImputation on xᵀ (D, T): the first variate's NaNs become 0, then each NaN takes the
  // value of the last earlier variate that is not NaN at the same step.
  for (let t = 0; t < T; t++) {
    if (Number.isNaN(data[t * D])) data[t * D] = 0;
    for (let d = 1; d < D; d++) if (Number.isNaN(data[t * D + d])) data[t * D + d] = data[t * D + d - 1];
  }
  // Causal mean over earlier variates (float64, cast to float32), for NaNs of variates ≥ 1.
  // The sums read the last-value-filled row, not the values this pass writes.
  const row = new Float32Array(D);
  for (let t = 0; t < T; t++) {
    row.set(data.subarray(t * D, (t + 1) * D));
    let sum = 0;
    for (let d = 1; d < D; d++) {
      sum += row[d - 1];
      if (wasNaN[t * D + d]) data[t * D + d] = Math.fround(sum / d);
    }
  }
}

/** Truncates to the last `length` rows or left-pads with the first row (univariate only, as upstream). */
function fitToContext<T extends Float32Array | Uint8Array>(
  data: T,
  rows: number,
  cols: number,
  length: number,
  make: (n: number) => T,
  what: string,
): T {
  if (rows > length) return data.slice((rows - length) * cols) as T;
  if (cols > 1) {
    throw inputError(
      `${what} has ${cols} variates and ${rows} steps ≤ context_length ${length}; upstream predict() cannot pad a multivariate series (numpy cannot broadcast its first row into the (pad, 1) block)`,
      { what, dim: cols, length: rows, contextLength: length, upstream: 'ValueError in np.full' },
      `Pass more than ${length} steps (only the last ${length} are used), or use forward() with an explicit past_is_pad mask.`,
    );
  }
  const out = make(length);
  out.fill(data[0] as never, 0, length - rows);
  out.set(data, length - rows);
  return out;
}

/** Batched forward() inputs for `predict`. */
export function prepareMoirai2Predict(input: Moirai2PredictInput, options: Moirai2PredictOptions) {
  const { predictionLength: h, contextLength: T } = options;
  for (const [name, v] of Object.entries({ predictionLength: h, contextLength: T })) {
    if (!Number.isInteger(v) || v < 1) throw inputError(`${name} must be a positive integer`, { [name]: v });
  }
  if (input.featDynamicReal && input.featDynamicReal.length > 0) {
    throw inputError(
      'feat_dynamic_real (known-future covariates) is not supported by upstream predict(): it truncates them to the context, so no future covariate tokens exist',
      { upstream: 'RuntimeError size mismatch in Moirai2Forecast.forward' },
      'Pass known-future covariates through moirai2Forward (upstream forward()) with length context_length + prediction_length.',
    );
  }
  const batch = input.pastTarget.length;
  if (batch === 0) throw inputError('pastTarget is empty', {});
  const targets = input.pastTarget.map((s, i) => toMatrix(s, `pastTarget[${i}]`));
  const D = options.targetDim ?? targets[0].cols;
  targets.forEach((m, i) => {
    if (m.cols !== D)
      throw inputError(`pastTarget[${i}] has ${m.cols} variates, expected target_dim ${D}`, { item: i, dim: m.cols, targetDim: D });
  });
  const pastTarget = new Float32Array(batch * T * D);
  const pastObservedTarget = new Uint8Array(batch * T * D);
  const pastIsPad = new Uint8Array(batch * T);
  targets.forEach((m, i) => {
    const observed = observedFlags(m.data);
    causalMeanImpute(m);
    pastTarget.set(
      fitToContext(m.data, m.rows, D, T, (n) => new Float32Array(n), `pastTarget[${i}]`),
      i * T * D,
    );
    pastObservedTarget.set(
      fitToContext(observed, m.rows, D, T, (n) => new Uint8Array(n), `pastTarget[${i}]`),
      i * T * D,
    );
    pastIsPad.fill(1, i * T, i * T + Math.max(T - m.rows, 0));
  });
  let pastFeatDynamicReal: { dim: number; values: Float32Array; observed: Uint8Array } | null = null;
  if (input.pastFeatDynamicReal && input.pastFeatDynamicReal.length > 0) {
    if (input.pastFeatDynamicReal.length !== batch) {
      throw inputError(`pastFeatDynamicReal has ${input.pastFeatDynamicReal.length} items, pastTarget ${batch}`, {
        items: input.pastFeatDynamicReal.length,
        batch,
      });
    }
    const covs = input.pastFeatDynamicReal.map((s, i) => toMatrix(s, `pastFeatDynamicReal[${i}]`));
    const P = covs[0].cols;
    const values = new Float32Array(batch * T * P);
    const observed = new Uint8Array(batch * T * P);
    covs.forEach((m, i) => {
      if (m.cols !== P) throw inputError(`pastFeatDynamicReal[${i}] has ${m.cols} columns, expected ${P}`, { item: i });
      const obs = observedFlags(m.data);
      causalMeanImpute(m);
      values.set(
        fitToContext(m.data, m.rows, P, T, (n) => new Float32Array(n), `pastFeatDynamicReal[${i}]`),
        i * T * P,
      );
      observed.set(
        fitToContext(obs, m.rows, P, T, (n) => new Uint8Array(n), `pastFeatDynamicReal[${i}]`),
        i * T * P,
      );
    });
    pastFeatDynamicReal = { dim: P, values, observed };
  }
  return {
    batch,
    contextLength: T,
    predictionLength: h,
    targetDim: D,
    pastTarget,
    pastObservedTarget,
    pastIsPad,
    featDynamicReal: null,
    pastFeatDynamicReal,
  };
}

/** `Moirai2Forecast(prediction_length, target_dim, …, context_length).predict(past_target, …)`. */
export async function moirai2Predict(
  model: Moirai2Model,
  input: Moirai2PredictInput,
  options: Moirai2PredictOptions,
): Promise<Moirai2Quantiles> {
  return moirai2Forward(model, prepareMoirai2Predict(input, options));
}
