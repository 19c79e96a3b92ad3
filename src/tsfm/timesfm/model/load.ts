/**
 * Loads a TimesFM 2.5 checkpoint directory (config.json + model.safetensors) into an onnxruntime
 * session, and runs the network: the graph is built in TypeScript, the F32 weights stay in the file
 * (external data) unless asked otherwise, and large batches run in row chunks of bounded size.
 */
import { EModelPredictFailed } from '../../../errors/index.js';
import type { EngineOptions } from '../../engine/options.js';
import type { EngineSession, Feeds } from '../../engine/runtime.js';
import { loadCompiledCheckpoint, type CheckpointLoadTimings } from '../../engine/checkpoint.js';
import { parseTimesFM2p5Config, readTimesFM2p5Config, timesfmDims, type TimesFM2p5Config, type TimesFM2p5Dims } from '../config.js';
import type { TimesFMForwardDebug, TimesFMForwardInput, TimesFMForwardOutput, TimesFMModel } from '../types.js';
import { buildTimesFMGraph } from './graph.js';
import { writeAttentionMaskRow, writeRopeRow } from './prepare.js';
import { readTimesFMWeights, type TimesFMWeights } from './weights.js';

export interface TimesFMLoadOptions extends EngineOptions {
  /** Build the debug graph (every patch of both heads plus the embeddings), for the model-level parity cases. */
  debugOutputs?: boolean;
  /** 'external' (default): onnxruntime reads the F32 weights from the file; 'memory': read into JS and embedded. */
  weights?: 'external' | 'memory';
  /** forward() runs at most about this many patches (rows × patches) per onnxruntime call; default 8192. */
  maxTokensPerRun?: number;
}

export type TimesFMLoadTimings = CheckpointLoadTimings;

export class TimesFMOnnxModel implements TimesFMModel {
  readonly dims: TimesFM2p5Dims;

  constructor(
    readonly config: TimesFM2p5Config,
    readonly weightBytes: number,
    private readonly session: EngineSession,
    readonly timings: TimesFMLoadTimings,
    readonly debugOutputs: boolean,
    private readonly maxTokensPerRun = 8192,
  ) {
    this.dims = timesfmDims(config);
  }

  async forward(input: TimesFMForwardInput): Promise<TimesFMForwardOutput> {
    this.validate(input);
    const { batch, patches } = input;
    const rowsPerRun = Math.max(1, Math.floor(this.maxTokensPerRun / patches));
    if (batch <= rowsPerRun) return this.run(input);
    const { p, o, os, q } = this.dims;
    const outPatches = patches - (input.outputFrom ?? 0);
    const outputTs = new Float32Array(batch * outPatches * o * q);
    const lastQuantileSpread = new Float32Array(batch * os * q);
    for (let start = 0; start < batch; start += rowsPerRun) {
      const rows = Math.min(rowsPerRun, batch - start);
      const span = patches * p;
      const part = await this.run({
        batch: rows,
        patches,
        inputs: input.inputs.subarray(start * span, (start + rows) * span),
        masks: input.masks.subarray(start * span, (start + rows) * span),
        outputFrom: input.outputFrom,
      });
      outputTs.set(part.outputTs, start * outPatches * o * q);
      lastQuantileSpread.set(part.lastQuantileSpread, start * os * q);
    }
    return { outputTs, lastQuantileSpread };
  }

  /** One onnxruntime call with every intermediate; needs a model loaded with `debugOutputs`. */
  async forwardDebug(input: TimesFMForwardInput): Promise<TimesFMForwardDebug> {
    this.validate(input);
    if (!this.debugOutputs) {
      throw new EModelPredictFailed('TimesFM forwardDebug needs a model loaded with debugOutputs: true', {
        context: { model: 'timesfm2p5' },
      });
    }
    const out = await this.session.run(this.feeds(input));
    const { os, q } = this.dims;
    const all = out.output_quantile_spread.data as Float32Array;
    const lastQuantileSpread = new Float32Array(input.batch * os * q);
    for (let b = 0; b < input.batch; b++) {
      const src = (b * input.patches + input.patches - 1) * os * q;
      lastQuantileSpread.set(all.subarray(src, src + os * q), b * os * q);
    }
    return {
      outputTs: out.output_ts.data as Float32Array,
      lastQuantileSpread,
      quantileSpread: all,
      inputEmbeddings: out.input_embeddings.data as Float32Array,
      outputEmbeddings: out.output_embeddings.data as Float32Array,
    };
  }

  private async run(input: TimesFMForwardInput): Promise<TimesFMForwardOutput> {
    const from = input.outputFrom ?? 0;
    if (this.debugOutputs) {
      const full = await this.forwardDebug(input);
      if (from === 0) return full;
      const { o, q } = this.dims;
      const keep = input.patches - from;
      const outputTs = new Float32Array(input.batch * keep * o * q);
      for (let b = 0; b < input.batch; b++)
        outputTs.set(full.outputTs.subarray((b * input.patches + from) * o * q, (b + 1) * input.patches * o * q), b * keep * o * q);
      return { outputTs, lastQuantileSpread: full.lastQuantileSpread };
    }
    const out = await this.session.run({
      ...this.feeds(input),
      output_from: { type: 'int64', data: BigInt64Array.of(BigInt(from)), dims: [1] },
    });
    return { outputTs: out.output_ts.data as Float32Array, lastQuantileSpread: out.output_quantile_spread.data as Float32Array };
  }

  private feeds(input: TimesFMForwardInput): Feeds {
    const { batch, patches } = input;
    const { p, headDim } = this.dims;
    const masks = new Float32Array(input.masks.length);
    for (let i = 0; i < masks.length; i++) masks[i] = input.masks[i] ? 1 : 0;
    const cos = new Float32Array(batch * patches * headDim);
    const sin = new Float32Array(batch * patches * headDim);
    const attnMask = new Float32Array(batch * patches * patches);
    for (let b = 0; b < batch; b++) {
      // upstream: the patch mask is the mask of each patch's last step; leading masked patches are
      // skipped as keys and shift the rotary positions.
      let numMasked = 0;
      for (let n = 0; n < patches; n++) if (input.masks[(b * patches + n) * p + p - 1]) numMasked++;
      writeRopeRow(cos, sin, b * patches * headDim, patches, numMasked, headDim);
      writeAttentionMaskRow(attnMask, b * patches * patches, patches, numMasked);
    }
    return {
      inputs: { type: 'float32', data: input.inputs, dims: [batch, patches, p] },
      masks: { type: 'float32', data: masks, dims: [batch, patches, p] },
      rope_cos: { type: 'float32', data: cos, dims: [batch, 1, patches, headDim] },
      rope_sin: { type: 'float32', data: sin, dims: [batch, 1, patches, headDim] },
      attn_mask: { type: 'float32', data: attnMask, dims: [batch, 1, patches, patches] },
    };
  }

  private validate(input: TimesFMForwardInput): void {
    const { batch, patches } = input;
    const bad = (message: string) =>
      new EModelPredictFailed(`TimesFM forward: ${message}`, { context: { model: 'timesfm2p5', batch, patches } });
    if (!Number.isInteger(batch) || batch < 1) throw bad('batch must be a positive integer');
    if (!Number.isInteger(patches) || patches < 1) throw bad('patches must be a positive integer');
    const n = batch * patches * this.dims.p;
    if (input.inputs.length !== n || input.masks.length !== n)
      throw bad(`inputs and masks need batch·patches·${this.dims.p} = ${n} values`);
    const from = input.outputFrom ?? 0;
    if (!Number.isInteger(from) || from < 0 || from >= patches) throw bad(`outputFrom must be an integer in [0, ${patches - 1}]`);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** loadTimesFMModel(dir): reads config.json and model.safetensors, builds the graph and the session. */
export async function loadTimesFMModel(dir: string, options: TimesFMLoadOptions = {}): Promise<TimesFMOnnxModel> {
  const debug = options.debugOutputs ?? false;
  const buildGraph = (config: TimesFM2p5Config, weights: TimesFMWeights) =>
    buildTimesFMGraph(config, weights, { debugOutputs: debug }).serialize();
  // Upstream reads no config; a checkpoint without config.json is the released 200M layout.
  const defaultConfig = () => parseTimesFM2p5Config({}, '(default TimesFM 2.5 200M dimensions)');
  // Bump the cache tag whenever graph.ts changes what it builds: the key does not hash the graph itself.
  const spec = {
    modelName: 'TimesFM 2.5',
    label: 'timesfm2p5',
    readConfig: readTimesFM2p5Config,
    defaultConfig,
    readWeights: readTimesFMWeights,
    buildGraph,
    weights: options.weights ?? 'external',
    cacheTag: 'timesfm2p5-graph-v3',
    cacheVariant: [debug ? 'debug' : 'plain'],
  } as const;
  const { config, weightBytes, session, timings } = await loadCompiledCheckpoint(dir, spec, options);
  return new TimesFMOnnxModel(config, weightBytes, session, timings, debug, options.maxTokensPerRun);
}
