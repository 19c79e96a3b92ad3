/**
 * The contract between TimesFM 2.5's network (`./model/`) and what is built on it (decode, the
 * forecasting pipeline, the adapter).
 */
import type { TimesFM2p5Config, TimesFM2p5Dims } from './config.js';

export interface TimesFMForwardInput {
  batch: number;
  patches: number;
  /** [batch, patches, p], already normalised, 0 where masked. */
  inputs: Float32Array;
  /** [batch, patches, p], 1 = padding. */
  masks: Uint8Array;
  /** First patch whose point head is computed (default 0: every patch). */
  outputFrom?: number | undefined;
}

export interface TimesFMForwardOutput {
  /** Point head, normalised space: [batch, patches − outputFrom, o·q] (index t·q + channel). */
  outputTs: Float32Array;
  /** Quantile head of the last patch, normalised space: [batch, os·q]. */
  lastQuantileSpread: Float32Array;
}

/** Every intermediate upstream's model cases record (debug graph only). */
export interface TimesFMForwardDebug extends TimesFMForwardOutput {
  inputEmbeddings: Float32Array;
  outputEmbeddings: Float32Array;
  /** [batch, patches, os·q]. */
  quantileSpread: Float32Array;
}

export interface TimesFMModel {
  readonly config: TimesFM2p5Config;
  readonly dims: TimesFM2p5Dims;
  readonly weightBytes: number;
  forward(input: TimesFMForwardInput): Promise<TimesFMForwardOutput>;
  dispose(): Promise<void>;
}
