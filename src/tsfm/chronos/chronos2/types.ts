/**
 * The contract between the Chronos-2 neural network (`./model/`) and the pipeline built on top of it.
 * The model does what upstream's `Chronos2Model.forward` does: instance normalisation, patching,
 * the encoder with time and group attention, the quantile head and the inverse transform.
 */
import type { Chronos2Config } from './config.js';

export interface Chronos2ForwardInput {
  batch: number;
  /** T; the pipeline already left-padded with NaN. */
  contextLength: number;
  /** [batch, T] row-major; NaN = missing. */
  context: Float32Array;
  /** [batch]; rows with equal ids attend to each other (group attention). */
  groupIds: Int32Array;
  /** [batch, numOutputPatches * outputPatchSize]; NaN = unknown. null = no future covariates. */
  futureCovariates: Float32Array | null;
  numOutputPatches: number;
}

export interface Chronos2ForwardOutput {
  /** [batch, numQuantiles, numOutputPatches * outputPatchSize], de-normalised. */
  quantilePreds: Float32Array;
}

export interface Chronos2Model {
  readonly config: Chronos2Config;
  readonly weightBytes: number;
  forward(input: Chronos2ForwardInput): Promise<Chronos2ForwardOutput>;
  dispose(): Promise<void>;
}
// implemented in ./model/ : loadChronos2Model(dir: string, options?: EngineOptions): Promise<Chronos2Model>
export type { EngineOptions } from '../../engine/options.js';
