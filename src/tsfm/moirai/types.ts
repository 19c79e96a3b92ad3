/**
 * The contract between Moirai 2.0's network (`./model/`) and the forecasting pipeline
 * (`./pipeline/`): the packed token sequences upstream's `Moirai2Module.forward` takes.
 */
import type { Moirai2Config } from './config.js';

/** Packed module inputs, row-major; `seq` tokens of `patch` steps per row. */
export interface Moirai2Packed {
  batch: number;
  seq: number;
  /** [batch, seq, patch] float32 values. */
  target: Float32Array;
  /** [batch, seq, patch] 1 = observed. */
  observed: Uint8Array;
  /** [batch, seq]. */
  sampleId: Int32Array;
  timeId: Int32Array;
  variateId: Int32Array;
  /** [batch, seq] 1 = the token is to be predicted (excluded from the scaler). */
  predictionMask: Uint8Array;
}

export interface Moirai2ForwardOutput {
  /** Positions read, in order (`readIndex` of the call, or every position). */
  readIndex: number[];
  /** [batch, reads, num_predict_token · quantiles · patch], de-scaled (`preds · scale + loc`). */
  preds: Float32Array;
}

export interface Moirai2ForwardDebug extends Moirai2ForwardOutput {
  /** [batch, reads, …] in scaled space (upstream's training_mode=True output). */
  predsScaled: Float32Array;
  /** [batch, seq, patch] (target − loc) / scale. */
  scaledTarget: Float32Array;
  /** [batch, seq]. */
  loc: Float32Array;
  scale: Float32Array;
}

export interface Moirai2Model {
  readonly config: Moirai2Config;
  readonly weightBytes: number;
  /** The module on packed inputs; only the `readIndex` positions (default: all) are computed at the head. */
  forward(input: Moirai2Packed, readIndex?: readonly number[]): Promise<Moirai2ForwardOutput>;
  forwardDebug(input: Moirai2Packed, readIndex?: readonly number[]): Promise<Moirai2ForwardDebug>;
  dispose(): Promise<void>;
}
