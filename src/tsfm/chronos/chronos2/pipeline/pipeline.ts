/**
 * The user-facing Chronos-2 forecaster: everything upstream's `Chronos2Pipeline.predict` and
 * `predict_quantiles` do for numeric inputs, on top of a loaded {@link Chronos2Model}.
 *
 * predict: inputs → prepared items → sequential batches (rows of targets and covariates count
 * towards `batchSize`) → first model call with up to `maxOutputPatches` patches → long-horizon
 * unrolling while steps remain → per item `[nVariates, 21, predictionLength]`.
 * predictQuantiles: the same, then the requested levels (picked, or interpolated linearly in level
 * when not among the model's levels) and the model's 0.5 channel as the mean.
 */
import { EModelPredictFailed, ETSFMInputInvalid } from '../../../../errors/index.js';
import { interpolateQuantiles } from '../../../quantiles.js';
import type { Chronos2Model } from '../types.js';
import { buildBatch, sequentialBatches, type ModelBatch } from './batches.js';
import { prepareInputs, type Chronos2Inputs } from './inputs.js';
import {
  appendUnrolledQuantiles,
  reducePaths,
  repeatRows,
  shiftGroupIds,
  slideFutureCovariates,
  unrolledSampleWeights,
} from './longHorizon.js';

export const DEFAULT_UNROLLED_QUANTILES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface Chronos2PredictOptions {
  /** Steps to forecast; default: the model's native horizon (maxOutputPatches · outputPatchSize). */
  predictionLength?: number;
  /** Rows (targets and covariates) per model call; items are never split. Default 256. */
  batchSize?: number;
  /** Steps of history used; default and maximum: the model's context length. */
  contextLength?: number;
  /** Put every item of a batch in one group, so all series attend to each other. */
  crossLearning?: boolean;
  /** Reject predictionLength above the native horizon instead of warning. */
  limitPredictionLength?: boolean;
  /** Patches per model call before the long-horizon unrolling starts; default from the config. */
  maxOutputPatches?: number;
  /** Levels fed back as sample paths when unrolling; a subset of the model's levels. */
  unrolledQuantiles?: readonly number[];
  /** Receives upstream's warnings (long horizon, context length reset, extrapolated levels). */
  onWarning?: (message: string) => void;
  /** Called after each batch (progress reporting). */
  afterBatch?: (done: number, total: number) => void;
}

export interface Chronos2QuantileOptions extends Chronos2PredictOptions {
  /** Levels to return, in [0, 1]; default 0.1 … 0.9. */
  quantileLevels?: readonly number[];
}

/** The 21 model quantiles of one input item. */
export interface Chronos2Forecast {
  readonly nVariates: number;
  readonly predictionLength: number;
  /** The model's own levels, in model order. */
  readonly quantileLevels: readonly number[];
  /** [nVariates, quantileLevels.length, predictionLength] row-major. */
  readonly values: Float32Array;
}

/** Requested quantiles and the mean (the model's median) of one input item. */
export interface Chronos2QuantileForecast {
  readonly nVariates: number;
  readonly predictionLength: number;
  readonly quantileLevels: readonly number[];
  /** [nVariates, predictionLength, quantileLevels.length] row-major (upstream's layout). */
  readonly quantiles: Float32Array;
  /** [nVariates, predictionLength]. */
  readonly mean: Float32Array;
}

interface ResolvedOptions {
  predictionLength: number;
  batchSize: number;
  contextLength: number;
  crossLearning: boolean;
  maxOutputPatches: number;
  unrolledQuantiles: readonly number[];
}

export class Chronos2Pipeline {
  constructor(readonly model: Chronos2Model) {}

  get modelQuantiles(): readonly number[] {
    return this.model.config.chronos_config.quantiles;
  }
  get modelContextLength(): number {
    return this.model.config.chronos_config.context_length;
  }
  get outputPatchSize(): number {
    return this.model.config.chronos_config.output_patch_size;
  }
  get maxOutputPatches(): number {
    return this.model.config.chronos_config.max_output_patches;
  }
  /** The native horizon: maxOutputPatches · outputPatchSize. */
  get modelPredictionLength(): number {
    return this.maxOutputPatches * this.outputPatchSize;
  }

  /** Forecasts the model's quantile levels for every item: one `[nVariates, Q, h]` block per item. */
  async predict(inputs: Chronos2Inputs, options: Chronos2PredictOptions = {}): Promise<Chronos2Forecast[]> {
    const opts = this.resolveOptions(options);
    const items = prepareInputs(inputs, opts.predictionLength);
    const batches = [...sequentialBatches(items, opts.batchSize)];
    const Q = this.modelQuantiles.length;
    const results: Chronos2Forecast[] = [];
    for (let b = 0; b < batches.length; b++) {
      const batch = buildBatch(batches[b], opts.contextLength, opts.predictionLength);
      if (opts.crossLearning) batch.groupIds.fill(0);
      const prediction = await this.predictBatch(batch, opts);
      for (const [start, end] of batch.targetRanges) {
        const nV = end - start;
        const size = Q * opts.predictionLength;
        results.push({
          nVariates: nV,
          predictionLength: opts.predictionLength,
          quantileLevels: this.modelQuantiles,
          values: prediction.slice(start * size, end * size),
        });
      }
      options.afterBatch?.(b + 1, batches.length);
    }
    return results;
  }

  /** Forecasts `quantileLevels` (default 0.1 … 0.9) and the mean (= the model's 0.5 channel). */
  async predictQuantiles(inputs: Chronos2Inputs, options: Chronos2QuantileOptions = {}): Promise<Chronos2QuantileForecast[]> {
    const levels = options.quantileLevels ?? DEFAULT_QUANTILE_LEVELS;
    this.checkQuantileLevels(levels);
    const forecasts = await this.predict(inputs, options);
    return this.toQuantileForecasts(forecasts, levels, options.onWarning);
  }

  /**
   * The `predict_quantiles` post-processing on forecasts already made: swap to [v, h, Q], pick or
   * interpolate the requested levels, and take the 0.5 channel as the mean. Lets a caller that
   * needs both outputs run the model once.
   */
  toQuantileForecasts(
    forecasts: readonly Chronos2Forecast[],
    quantileLevels: readonly number[],
    onWarning?: (message: string) => void,
  ): Chronos2QuantileForecast[] {
    this.checkQuantileLevels(quantileLevels);
    const modelLevels = this.modelQuantiles;
    const medianIndex = modelLevels.indexOf(0.5);
    if (medianIndex < 0) {
      throw new ETSFMInputInvalid('The model has no 0.5 quantile, which upstream returns as the mean.', {
        context: { modelQuantiles: modelLevels },
      });
    }
    const picks = quantileLevels.map((q) => modelLevels.indexOf(q));
    const interpolate = picks.some((i) => i < 0);
    if (interpolate) {
      const lo = Math.min(...modelLevels);
      const hi = Math.max(...modelLevels);
      if (Math.min(...quantileLevels) < lo || Math.max(...quantileLevels) > hi) {
        onWarning?.(
          `Quantiles to be predicted (${quantileLevels.join(', ')}) are not within the range of quantiles that Chronos-2 was trained on ` +
            `(${lo} … ${hi}); they are set to the edge levels, which may significantly affect their quality.`,
        );
      }
    }
    const Q = modelLevels.length;
    const nq = quantileLevels.length;
    return forecasts.map((fc) => {
      const H = fc.predictionLength;
      const rows = fc.nVariates * H;
      // [v, Q, h] → [v, h, Q]
      const swapped = new Float32Array(rows * Q);
      const mean = new Float32Array(rows);
      for (let v = 0; v < fc.nVariates; v++)
        for (let k = 0; k < Q; k++) for (let h = 0; h < H; h++) swapped[(v * H + h) * Q + k] = fc.values[(v * Q + k) * H + h];
      for (let r = 0; r < rows; r++) mean[r] = swapped[r * Q + medianIndex];
      let quantiles: Float32Array;
      if (interpolate) {
        quantiles = interpolateQuantiles(quantileLevels, modelLevels, { rows, n: Q, data: swapped }).data;
      } else {
        quantiles = new Float32Array(rows * nq);
        for (let r = 0; r < rows; r++) for (let j = 0; j < nq; j++) quantiles[r * nq + j] = swapped[r * Q + picks[j]];
      }
      return { nVariates: fc.nVariates, predictionLength: H, quantileLevels: [...quantileLevels], quantiles, mean };
    });
  }

  private checkQuantileLevels(levels: readonly number[]): void {
    if (levels.length === 0 || levels.some((q) => typeof q !== 'number' || !(q >= 0 && q <= 1))) {
      throw new ETSFMInputInvalid(`Quantile levels must be numbers in [0, 1], got [${levels.join(', ')}].`, {
        context: { quantileLevels: levels },
      });
    }
  }

  private resolveOptions(o: Chronos2PredictOptions): ResolvedOptions {
    const native = this.modelPredictionLength;
    const predictionLength = o.predictionLength ?? native;
    positiveInt(predictionLength, 'predictionLength');
    const batchSize = o.batchSize ?? 256;
    positiveInt(batchSize, 'batchSize');
    const maxOutputPatches = o.maxOutputPatches ?? this.maxOutputPatches;
    positiveInt(maxOutputPatches, 'maxOutputPatches');
    const unrolledQuantiles = o.unrolledQuantiles ?? DEFAULT_UNROLLED_QUANTILES;
    if (unrolledQuantiles.length === 0 || !unrolledQuantiles.every((q) => this.modelQuantiles.includes(q))) {
      throw new ETSFMInputInvalid(
        `Unrolled quantiles must be a subset of the model's quantiles; got [${unrolledQuantiles.join(', ')}], model [${this.modelQuantiles.join(', ')}].`,
        { context: { unrolledQuantiles, modelQuantiles: this.modelQuantiles } },
      );
    }
    if (predictionLength > native) {
      const msg = `We recommend keeping prediction length <= ${native}. The quality of longer predictions may degrade since the model is not optimized for it.`;
      if (o.limitPredictionLength) {
        throw new ETSFMInputInvalid(`${msg} Turn off limitPredictionLength to allow it.`, { context: { predictionLength, native } });
      }
      o.onWarning?.(msg);
    }
    let contextLength = o.contextLength ?? this.modelContextLength;
    positiveInt(contextLength, 'contextLength');
    if (contextLength > this.modelContextLength) {
      o.onWarning?.(
        `The specified context length ${contextLength} is greater than the model's context length ${this.modelContextLength}; using ${this.modelContextLength}.`,
      );
      contextLength = this.modelContextLength;
    }
    return { predictionLength, batchSize, contextLength, crossLearning: o.crossLearning ?? false, maxOutputPatches, unrolledQuantiles };
  }

  /** One batch: the first call, then unrolled rounds while steps remain. Returns [rows, Q, predictionLength]. */
  private async predictBatch(batch: ModelBatch, opts: ResolvedOptions): Promise<Float32Array> {
    const Q = this.modelQuantiles.length;
    const patch = this.outputPatchSize;
    const patchesFor = (remaining: number) => Math.min(Math.ceil(remaining / patch), opts.maxOutputPatches);
    const rows = batch.rows;

    const parts: Array<{ data: Float32Array; horizon: number }> = [];
    let remaining = opts.predictionLength;
    let horizon = patchesFor(remaining) * patch;
    let prediction = await this.step(
      batch.context,
      batch.length,
      rows,
      batch.groupIds,
      batch.futureCovariates,
      batch.futureLength,
      horizon / patch,
    );
    parts.push({ data: prediction, horizon });
    remaining -= horizon;

    if (remaining > 0) {
      const unrolled = opts.unrolledQuantiles;
      const n = unrolled.length;
      const weights = unrolledSampleWeights(unrolled, this.modelQuantiles);
      let context = repeatRows(batch.context, rows, batch.length, n);
      let length = batch.length;
      let future = repeatRows(batch.futureCovariates, rows, batch.futureLength, n);
      let futureLength = batch.futureLength;
      const groupIds = shiftGroupIds(batch.groupIds, n);
      while (remaining > 0) {
        ({ context, length } = appendUnrolledQuantiles(
          context,
          length,
          prediction,
          rows,
          this.modelQuantiles,
          unrolled,
          horizon,
          this.modelContextLength,
        ));
        ({ future, futureLength } = slideFutureCovariates(context, length, future, futureLength, rows * n, horizon));
        const nextHorizon = patchesFor(remaining) * patch;
        const paths = await this.step(context, length, rows * n, groupIds, future, futureLength, nextHorizon / patch);
        prediction = reducePaths(paths, rows, n, this.modelQuantiles, nextHorizon, weights);
        horizon = nextHorizon;
        parts.push({ data: prediction, horizon });
        remaining -= horizon;
      }
    }

    // Concatenate along time and cut to predictionLength.
    const H = opts.predictionLength;
    const out = new Float32Array(rows * Q * H);
    let offset = 0;
    for (const part of parts) {
      const take = Math.min(part.horizon, H - offset);
      for (let rq = 0; rq < rows * Q; rq++) out.set(part.data.subarray(rq * part.horizon, rq * part.horizon + take), rq * H + offset);
      offset += take;
    }
    return out;
  }

  /** One model call; the future covariates are cut or NaN-padded to the output length. */
  private async step(
    context: Float32Array,
    length: number,
    rows: number,
    groupIds: Int32Array,
    future: Float32Array,
    futureLength: number,
    numOutputPatches: number,
  ): Promise<Float32Array> {
    const outLength = numOutputPatches * this.outputPatchSize;
    const fc = new Float32Array(rows * outLength).fill(Number.NaN);
    const take = Math.min(futureLength, outLength);
    for (let r = 0; r < rows; r++) fc.set(future.subarray(r * futureLength, r * futureLength + take), r * outLength);
    const { quantilePreds } = await this.model.forward({
      batch: rows,
      contextLength: length,
      context,
      groupIds,
      futureCovariates: fc,
      numOutputPatches,
    });
    const expected = rows * this.modelQuantiles.length * outLength;
    if (quantilePreds.length !== expected) {
      throw new EModelPredictFailed(
        `Chronos-2 model returned ${quantilePreds.length} values, expected ${expected} ([${rows}, ${this.modelQuantiles.length}, ${outLength}])`,
      );
    }
    return quantilePreds;
  }
}

function positiveInt(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ETSFMInputInvalid(`${name} must be a positive integer, got ${value}.`, { context: { [name]: value } });
  }
}
