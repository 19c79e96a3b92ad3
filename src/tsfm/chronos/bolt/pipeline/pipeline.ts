/**
 * `ChronosBoltPipeline.predict` / `predict_quantiles` as upstream writes them, over any
 * `ChronosBoltModel` (the ONNX network in `./model/`).
 *
 * - The context is left-padded, cast to float32 and truncated to the model's `context_length`.
 * - The model forecasts `prediction_length` (64) steps as `numQuantiles` (9) quantiles.
 * - Longer horizons extend autoregressively: each of the 9 quantile paths is appended to its own
 *   copy of the context, the model runs on the 9× batch, and the 9×9 values per step are reduced
 *   back to the 9 levels with torch.quantile (linear).
 * - predict_quantiles picks the model's own levels when every requested level is one of them;
 *   otherwise it takes torch.quantile over [q_first, q_1 … q_last, q_last] (sorted, so the result is
 *   monotone and levels outside the model's range clamp to its edge values). The mean is the
 *   model's own 0.5 channel.
 */
import { EConfigInvalid, ETaskSpecInvalid } from '../../../../errors/index.js';
import { leftPadAndStack, truncateLeft, type BoltContextInput, type BoltContextMatrix } from './context.js';
import { torchQuantileLinear } from '../../../quantiles.js';
import type { ChronosBoltModel } from '../types.js';

export interface BoltPredictOptions {
  /** Steps to forecast; defaults to the model's native prediction_length. */
  predictionLength?: number;
  /** Reject horizons above the native prediction_length instead of extending autoregressively. */
  limitPredictionLength?: boolean;
}

export interface BoltPredictQuantilesOptions extends BoltPredictOptions {
  /** Levels in [0, 1]; defaults to the model's own levels. */
  quantileLevels?: readonly number[];
}

/** `predict` output: the model's own quantile levels. */
export interface BoltQuantileForecast {
  batch: number;
  /** The model's levels, in the order of the second axis. */
  quantileLevels: readonly number[];
  predictionLength: number;
  /** [batch, quantileLevels.length, predictionLength] row-major, float32. */
  values: Float32Array;
}

/** `predict_quantiles` output. */
export interface BoltQuantilesAndMean {
  batch: number;
  quantileLevels: readonly number[];
  predictionLength: number;
  /** [batch, predictionLength, quantileLevels.length] row-major (upstream's layout). */
  quantiles: Float32Array;
  /** [batch, predictionLength]: the model's 0.5 channel (upstream returns the median as the mean). */
  mean: Float32Array;
}

export interface ChronosBoltPipelineOptions {
  /**
   * Rows per model call. Bolt's rows are independent (per-row scaling and attention, with padding
   * masked), so chunking changes memory, not results. Default 256.
   */
  maxBatchSize?: number;
}

export class ChronosBoltPipeline {
  readonly model: ChronosBoltModel;
  private readonly maxBatchSize: number;

  constructor(model: ChronosBoltModel, options: ChronosBoltPipelineOptions = {}) {
    this.model = model;
    this.maxBatchSize = options.maxBatchSize ?? 256;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new ETaskSpecInvalid('maxBatchSize must be a positive integer', { context: { maxBatchSize: options.maxBatchSize } });
    }
  }

  get quantiles(): readonly number[] {
    return this.model.config.chronos_config.quantiles;
  }

  get modelContextLength(): number {
    return this.model.config.chronos_config.context_length;
  }

  get modelPredictionLength(): number {
    return this.model.config.chronos_config.prediction_length;
  }

  async predict(inputs: BoltContextInput, options: BoltPredictOptions = {}): Promise<BoltQuantileForecast> {
    const horizon = this.resolveHorizon(options);
    const nq = this.quantiles.length;
    const native = this.modelPredictionLength;
    const context = truncateLeft(leftPadAndStack(inputs), this.modelContextLength);
    const batch = context.batch;

    // Rounds of `native` steps, each [batch, nq, native]; concatenated and sliced at the end.
    const rounds: Float32Array[] = [];
    let prediction = await this.forward(context);
    rounds.push(prediction);
    let remaining = horizon - native;

    // Each quantile path gets its own copy of the context: rows (b, q) of a [batch·nq, T] matrix.
    let paths = remaining > 0 ? repeatRows(context, nq) : context;
    while (remaining > 0) {
      paths = appendAndTruncate(paths, prediction, native, this.modelContextLength);
      const samples = await this.forward(paths); // [batch·nq, nq, native] = [batch, nq·nq, native]
      prediction = reduceSamples(samples, batch, nq * nq, native, this.quantiles);
      rounds.push(prediction);
      remaining -= native;
    }

    const values = new Float32Array(batch * nq * horizon);
    for (let b = 0; b < batch; b++) {
      for (let q = 0; q < nq; q++) {
        const dst = (b * nq + q) * horizon;
        for (let r = 0; r < rounds.length; r++) {
          const take = Math.min(native, horizon - r * native);
          if (take <= 0) break;
          const src = (b * nq + q) * native;
          values.set(rounds[r].subarray(src, src + take), dst + r * native);
        }
      }
    }
    return { batch, quantileLevels: this.quantiles, predictionLength: horizon, values };
  }

  async predictQuantiles(inputs: BoltContextInput, options: BoltPredictQuantilesOptions = {}): Promise<BoltQuantilesAndMean> {
    const levels = options.quantileLevels ?? this.quantiles;
    validateLevels(levels);
    const medianIndex = this.quantiles.indexOf(0.5);
    if (medianIndex < 0) {
      throw new EConfigInvalid('Chronos-Bolt predict_quantiles needs 0.5 among the model quantiles (it is the mean)', {
        context: { quantiles: this.quantiles },
      });
    }
    const forecast = await this.predict(inputs, options);
    const { batch, predictionLength: horizon } = forecast;
    const nq = this.quantiles.length;
    const k = levels.length;
    const quantiles = new Float32Array(batch * horizon * k);
    const mean = new Float32Array(batch * horizon);
    const at = (b: number, q: number, t: number) => forecast.values[(b * nq + q) * horizon + t];

    for (let b = 0; b < batch; b++) for (let t = 0; t < horizon; t++) mean[b * horizon + t] = at(b, medianIndex, t);

    const indices = levels.map((l) => this.quantiles.indexOf(l));
    if (indices.every((i) => i >= 0)) {
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < horizon; t++) {
          for (let j = 0; j < k; j++) quantiles[(b * horizon + t) * k + j] = at(b, indices[j], t);
        }
      }
    } else {
      // Upstream's equidistant-grid trick: repeat the edge levels so 0 and 1 map onto them.
      const n = nq + 2;
      const augmented = new Float32Array(batch * horizon * n);
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < horizon; t++) {
          const row = (b * horizon + t) * n;
          augmented[row] = at(b, 0, t);
          for (let q = 0; q < nq; q++) augmented[row + 1 + q] = at(b, q, t);
          augmented[row + n - 1] = at(b, nq - 1, t);
        }
      }
      const rows = batch * horizon;
      const byLevel = torchQuantileRows(augmented, rows, n, levels); // [k, rows]
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) quantiles[r * k + j] = byLevel[j * rows + r];
    }
    return { batch, quantileLevels: [...levels], predictionLength: horizon, quantiles, mean };
  }

  private resolveHorizon(options: BoltPredictOptions): number {
    const horizon = options.predictionLength ?? this.modelPredictionLength;
    if (!Number.isInteger(horizon) || horizon < 1) {
      throw new ETaskSpecInvalid('predictionLength must be a positive integer', { context: { predictionLength: horizon } });
    }
    if (options.limitPredictionLength && horizon > this.modelPredictionLength) {
      throw new ETaskSpecInvalid(
        `predictionLength ${horizon} exceeds Chronos-Bolt's native prediction_length ${this.modelPredictionLength}`,
        {
          context: { predictionLength: horizon, native: this.modelPredictionLength },
          fixHint: 'Lower predictionLength or set limitPredictionLength: false to extend autoregressively.',
        },
      );
    }
    return horizon;
  }

  /** Runs the model over the rows in chunks of maxBatchSize; returns [rows, nq, native]. */
  private async forward(m: BoltContextMatrix): Promise<Float32Array> {
    const perRow = this.quantiles.length * this.modelPredictionLength;
    if (m.batch <= this.maxBatchSize) {
      return (await this.model.forward({ batch: m.batch, contextLength: m.length, context: m.data })).quantilePreds;
    }
    const out = new Float32Array(m.batch * perRow);
    for (let start = 0; start < m.batch; start += this.maxBatchSize) {
      const rows = Math.min(this.maxBatchSize, m.batch - start);
      const context = m.data.subarray(start * m.length, (start + rows) * m.length);
      const { quantilePreds } = await this.model.forward({ batch: rows, contextLength: m.length, context });
      out.set(quantilePreds, start * perRow);
    }
    return out;
  }
}

function validateLevels(levels: readonly number[]): void {
  if (levels.length === 0) throw new ETaskSpecInvalid('quantileLevels must not be empty');
  for (const l of levels) {
    if (typeof l !== 'number' || !(l >= 0 && l <= 1)) {
      throw new ETaskSpecInvalid('quantileLevels must lie in [0, 1]', { context: { quantileLevels: levels } });
    }
  }
}

/** [batch, T] → [batch·n, T], row b repeated n times (upstream's unsqueeze(1).repeat(1, n, 1)). */
function repeatRows(m: BoltContextMatrix, n: number): BoltContextMatrix {
  const data = new Float32Array(m.batch * n * m.length);
  for (let b = 0; b < m.batch; b++) {
    const row = m.data.subarray(b * m.length, (b + 1) * m.length);
    for (let q = 0; q < n; q++) data.set(row, (b * n + q) * m.length);
  }
  return { batch: m.batch * n, length: m.length, data };
}

/** Appends each path's own quantile forecast ([rows, native] laid out as [batch, nq, native]) and keeps the last maxLength steps. */
function appendAndTruncate(paths: BoltContextMatrix, prediction: Float32Array, native: number, maxLength: number): BoltContextMatrix {
  const grown = paths.length + native;
  const length = Math.min(grown, maxLength);
  const drop = grown - length;
  const data = new Float32Array(paths.batch * length);
  for (let r = 0; r < paths.batch; r++) {
    const dst = r * length;
    const keepOld = paths.length - drop; // may be ≤ 0 only if native > maxLength
    if (keepOld > 0) {
      data.set(paths.data.subarray(r * paths.length + drop, (r + 1) * paths.length), dst);
      data.set(prediction.subarray(r * native, (r + 1) * native), dst + keepOld);
    } else {
      data.set(prediction.subarray(r * native - keepOld, (r + 1) * native), dst);
    }
  }
  return { batch: paths.batch, length, data };
}

/** [batch, samples, native] → [batch, nq, native] by torch.quantile over the samples axis at the model's levels. */
function reduceSamples(samples: Float32Array, batch: number, nSamples: number, native: number, levels: readonly number[]): Float32Array {
  // Transpose to rows of samples: [batch·native, nSamples].
  const rows = batch * native;
  const byStep = new Float32Array(rows * nSamples);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < nSamples; s++) {
      const src = (b * nSamples + s) * native;
      for (let t = 0; t < native; t++) byStep[(b * native + t) * nSamples + s] = samples[src + t];
    }
  }
  const byLevel = torchQuantileRows(byStep, rows, nSamples, levels); // [nq, batch·native]
  const nq = levels.length;
  const out = new Float32Array(batch * nq * native);
  for (let q = 0; q < nq; q++) {
    for (let b = 0; b < batch; b++) {
      out.set(byLevel.subarray(q * rows + b * native, q * rows + (b + 1) * native), (b * nq + q) * native);
    }
  }
  return out;
}

/**
 * torch.quantile(x, levels, dim=-1) over `rows` rows of `n` float32 values: [levels.length, rows]
 * (levels first, like torch with a 1-d q).
 */
function torchQuantileRows(values: Float32Array, rows: number, n: number, levels: readonly number[]): Float32Array {
  const out = new Float32Array(levels.length * rows);
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * n, (r + 1) * n);
    for (let k = 0; k < levels.length; k++) out[k * rows + r] = torchQuantileLinear(row, levels[k]);
  }
  return out;
}
