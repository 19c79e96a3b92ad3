/**
 * Loads a Moirai 2.0 checkpoint directory (config.json + model.safetensors) into an onnxruntime
 * session and runs the module on packed inputs: the network in ONNX (graph.ts), around it the
 * scaling, tokens and de-scaling of `pipeline/prepare.ts`.
 */
import type { EngineOptions } from '../../engine/options.js';
import type { EngineSession, Feeds } from '../../engine/runtime.js';
import { loadCompiledCheckpoint, type CheckpointLoadTimings } from '../../engine/checkpoint.js';
import { readMoirai2Config, type Moirai2Config } from '../config.js';
import type { Moirai2ForwardDebug, Moirai2ForwardOutput, Moirai2Model, Moirai2Packed } from '../types.js';
import { buildMoirai2Graph } from './graph.js';
import { moirai2RopeTables } from './rope.js';
import { descale, positionsReachingReads, readPositions, scaleAndTokenize, validatePacked } from '../pipeline/prepare.js';
import { readMoirai2Weights, type Moirai2Weights } from './weights.js';

export interface Moirai2LoadOptions extends EngineOptions {
  /**
   * 'external' (default): onnxruntime reads the F32 weights straight from the checkpoint file;
   * 'memory': the file is read once and the weights are embedded in the graph bytes.
   */
  weights?: 'external' | 'memory';
  /** Stack projections that share an input into one GEMM (graph.ts); default false. */
  packProjections?: boolean;
  /** Rows per onnxruntime run are bounded to about this many tokens (rows × seq); results do not depend on it. Default 16384. */
  maxTokensPerRun?: number;
}

export type Moirai2LoadTimings = CheckpointLoadTimings;

export class Moirai2OnnxModel implements Moirai2Model {
  constructor(
    readonly config: Moirai2Config,
    readonly weightBytes: number,
    private readonly session: EngineSession,
    readonly timings: Moirai2LoadTimings,
    private readonly maxTokensPerRun = 16384,
  ) {}

  /** Output width per position: num_predict_token · quantiles · patch. */
  get outputWidth(): number {
    return this.config.num_predict_token * this.config.quantile_levels.length * this.config.patch_size;
  }

  async forward(input: Moirai2Packed, readIndex?: readonly number[]): Promise<Moirai2ForwardOutput> {
    const { readIndex: reads, preds } = await this.forwardDebug(input, readIndex);
    return { readIndex: reads, preds };
  }

  async forwardDebug(input: Moirai2Packed, readIndex?: readonly number[]): Promise<Moirai2ForwardDebug> {
    validatePacked(input, this.config);
    const ps = this.config.patch_size;
    const { batch, seq } = input;
    const reads = readPositions(input, readIndex);
    const { loc, scale, scaledTarget, tokens } = scaleAndTokenize(input, ps);
    // Positions whose time id is later, in every row, than all read positions can never reach a
    // read position (the causal mask only lets a token see keys with time ≤ its own), so they are
    // left out of the run (e.g. the prediction tokens themselves). The scaler above saw them all.
    const keep = positionsReachingReads(input, reads);
    const S = keep.length;
    const readAt = new Map(keep.map((p, i) => [p, i]));
    const readFeed = BigInt64Array.from(reads, (r) => BigInt(readAt.get(r) ?? 0));
    let maxTime = 0;
    for (const v of input.timeId) maxTime = Math.max(maxTime, v);
    const rope = moirai2RopeTables(maxTime + 1);
    const width = this.outputWidth;
    const R = reads.length;
    const predsScaled = new Float32Array(batch * R * width);
    const rowsPerRun = Math.max(1, Math.floor(this.maxTokensPerRun / S));
    for (let b0 = 0; b0 < batch; b0 += rowsPerRun) {
      const rows = Math.min(rowsPerRun, batch - b0);
      const tok = new Float32Array(rows * S * 2 * ps);
      const sid = new BigInt64Array(rows * S);
      const tid = new BigInt64Array(rows * S);
      const vid = new BigInt64Array(rows * S);
      for (let b = 0; b < rows; b++) {
        keep.forEach((p, i) => {
          const src = (b0 + b) * seq + p;
          const dst = b * S + i;
          tok.set(tokens.subarray(src * 2 * ps, (src + 1) * 2 * ps), dst * 2 * ps);
          sid[dst] = BigInt(input.sampleId[src]);
          tid[dst] = BigInt(input.timeId[src]);
          vid[dst] = BigInt(input.variateId[src]);
        });
      }
      const feeds: Feeds = {
        tokens: { type: 'float32', data: tok, dims: [rows, S, 2 * ps] },
        sample_id: { type: 'int64', data: sid, dims: [rows, S] },
        time_id: { type: 'int64', data: tid, dims: [rows, S] },
        variate_id: { type: 'int64', data: vid, dims: [rows, S] },
        rope_cos: { type: 'float32', data: rope.cos, dims: [maxTime + 1, rope.width] },
        rope_sin: { type: 'float32', data: rope.sin, dims: [maxTime + 1, rope.width] },
        read_index: { type: 'int64', data: readFeed, dims: [R] },
      };
      const out = await this.session.run(feeds, ['preds_scaled']);
      predsScaled.set(out.preds_scaled.data as Float32Array, b0 * R * width);
    }
    const preds = descale(predsScaled, input, reads, width, loc, scale);
    return { readIndex: reads, preds, predsScaled, scaledTarget, loc, scale };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** loadMoirai2Model(dir): reads config.json and model.safetensors, builds the graph and the session. */
export async function loadMoirai2Model(dir: string, options: Moirai2LoadOptions = {}): Promise<Moirai2OnnxModel> {
  const packProjections = options.packProjections ?? false;
  const buildGraph = (config: Moirai2Config, weights: Moirai2Weights) =>
    buildMoirai2Graph(config, weights, { packProjections }).serialize();
  const spec = {
    modelName: 'Moirai 2.0',
    label: 'moirai2',
    readConfig: readMoirai2Config,
    readWeights: readMoirai2Weights,
    buildGraph,
    weights: options.weights ?? 'external',
    cacheTag: 'moirai2-graph-v1',
    cacheVariant: [packProjections ? 'packed' : 'unpacked'],
  } as const;
  const { config, weightBytes, session, timings } = await loadCompiledCheckpoint(dir, spec, options);
  return new Moirai2OnnxModel(config, weightBytes, session, timings, options.maxTokensPerRun);
}
