/**
 * The contract between the Chronos-Bolt network (`./model/`) and the pipeline built on top of it.
 * The model does what upstream's `ChronosBoltModelForForecasting.forward` does: truncation to
 * `context_length`, instance normalisation, patching with the NaN mask, the input residual block,
 * the [REG] token, the T5 encoder, a one-token T5 decoder, the quantile head and de-normalisation.
 */
import type { ChronosBoltConfig } from './config.js';

export interface ChronosBoltForwardInput {
  batch: number;
  /** T, any length ≥ 1: longer contexts keep their last `context_length` steps, as upstream's `encode`. */
  contextLength: number;
  /** [batch, T] row-major; NaN = missing (left padding included). */
  context: Float32Array;
}

export interface ChronosBoltForwardOutput {
  /** [batch, numQuantiles, prediction_length], de-normalised. */
  quantilePreds: Float32Array;
}

export interface ChronosBoltModel {
  readonly config: ChronosBoltConfig;
  /** Bytes of the float32 weights held by the session. */
  readonly weightBytes: number;
  forward(input: ChronosBoltForwardInput): Promise<ChronosBoltForwardOutput>;
  dispose(): Promise<void>;
}

export type { EngineOptions } from '../../engine/options.js';
