/**
 * Loads a Chronos-2 checkpoint directory (config.json + model.safetensors) into an onnxruntime
 * session: one read of the weights, graph built in TypeScript, session created from the bytes.
 */
import { EModelPredictFailed } from '../../../../errors/index.js';
import type { EngineOptions } from '../../../engine/options.js';
import type { EngineSession } from '../../../engine/runtime.js';
import { loadCompiledCheckpoint, type CheckpointLoadTimings } from '../../../engine/checkpoint.js';
import { readChronos2Config, type Chronos2Config } from '../config.js';
import type { Chronos2ForwardInput, Chronos2ForwardOutput, Chronos2Model } from '../types.js';
import { buildChronos2Graph } from './graph.js';
import { groupChunks, selectRows } from './chunks.js';
import { inverseTransform, prepareChronos2Inputs } from '../pipeline/prepare.js';
import { readChronos2Weights, type Chronos2Weights } from './weights.js';

export interface Chronos2LoadOptions extends EngineOptions {
  /** Also expose per-call intermediates (`forwardDebug`): builds a slightly larger graph. */
  debugOutputs?: boolean;
  /**
   * 'external' (default): JavaScript reads only the safetensors header and onnxruntime reads the F32
   * weights straight from the file (ONNX external data): the fastest, leanest load.
   * 'memory': the file is read once into memory and the weights are embedded in the graph bytes.
   */
  weights?: 'external' | 'memory';
  /**
   * forward() runs large batches in pieces of whole groups of about this many tokens (series ×
   * (context patches + 1 + output patches)), which bounds activation memory without changing any
   * result. Default 8192 (e.g. 61 series at context 2048, 221 at context 512).
   */
  maxTokensPerRun?: number;
}

/** Timings of the load, in milliseconds. */
export type Chronos2LoadTimings = CheckpointLoadTimings;

export interface Chronos2ForwardDebug extends Chronos2ForwardOutput {
  loc: Float32Array;
  scale: Float32Array;
  numContextPatches: number;
  patchAttentionMask: Uint8Array;
  contextPatches: Float32Array;
  /** [batch, numQuantiles, horizon] before sinh/scale/loc. */
  normalizedQuantilePreds: Float32Array;
  /** [batch, seq, d_model], only when loaded with debugOutputs. */
  encoderLastHiddenState?: Float32Array | undefined;
}

export class Chronos2OnnxModel implements Chronos2Model {
  constructor(
    readonly config: Chronos2Config,
    readonly weightBytes: number,
    private readonly session: EngineSession,
    readonly timings: Chronos2LoadTimings,
    private readonly debugOutputs: boolean,
    private readonly maxTokensPerRun: number = 8192,
  ) {}

  async forward(input: Chronos2ForwardInput): Promise<Chronos2ForwardOutput> {
    validateInput(input, this.config);
    const cc = this.config.chronos_config;
    const seq =
      Math.ceil(Math.min(input.contextLength, cc.context_length) / cc.input_patch_size) +
      (cc.use_reg_token ? 1 : 0) +
      input.numOutputPatches;
    const maxRows = Math.max(1, Math.floor(this.maxTokensPerRun / seq));
    if (input.batch <= maxRows) return { quantilePreds: (await this.forwardDebug(input)).quantilePreds };
    const horizon = input.numOutputPatches * cc.output_patch_size;
    const perRow = cc.quantiles.length * horizon;
    const quantilePreds = new Float32Array(input.batch * perRow);
    for (const rows of groupChunks(input.groupIds, maxRows)) {
      const part = (await this.forwardDebug(selectRows(input, rows, horizon))).quantilePreds;
      rows.forEach((b, i) => quantilePreds.set(part.subarray(i * perRow, (i + 1) * perRow), b * perRow));
    }
    return { quantilePreds };
  }

  /** forward() in one run, plus the intermediates upstream's parity fixtures record. */
  async forwardDebug(input: Chronos2ForwardInput): Promise<Chronos2ForwardDebug> {
    validateInput(input, this.config);
    const prepared = prepareChronos2Inputs(input, this.config);
    const wanted = this.debugOutputs ? ['quantile_head', 'encoder_last_hidden_state'] : ['quantile_head'];
    const out = await this.session.run(prepared.feeds, wanted);
    const { quantilePreds, normalized } = inverseTransform(out.quantile_head.data as Float32Array, prepared, this.config);
    return {
      quantilePreds,
      normalizedQuantilePreds: normalized,
      loc: prepared.loc,
      scale: prepared.scale,
      numContextPatches: prepared.numContextPatches,
      patchAttentionMask: prepared.patchAttentionMask,
      contextPatches: prepared.contextPatches,
      encoderLastHiddenState: this.debugOutputs ? (out.encoder_last_hidden_state.data as Float32Array) : undefined,
    };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function validateInput(input: Chronos2ForwardInput, config: Chronos2Config): void {
  const bad = (message: string, context: Record<string, unknown>) =>
    new EModelPredictFailed(`Chronos-2 forward: ${message}`, { context: { model: 'chronos2', ...context } });
  const { batch, contextLength, numOutputPatches } = input;
  if (!Number.isInteger(batch) || batch < 1) throw bad('batch must be a positive integer', { batch });
  if (!Number.isInteger(contextLength) || contextLength < 1) throw bad('contextLength must be a positive integer', { contextLength });
  if (!Number.isInteger(numOutputPatches) || numOutputPatches < 1)
    throw bad('numOutputPatches must be a positive integer', { numOutputPatches });
  if (input.context.length !== batch * contextLength) {
    throw bad(`context has ${input.context.length} values, expected batch·contextLength = ${batch * contextLength}`, {
      batch,
      contextLength,
    });
  }
  if (input.groupIds.length !== batch) throw bad(`groupIds has ${input.groupIds.length} entries, expected ${batch}`, { batch });
  const horizon = numOutputPatches * config.chronos_config.output_patch_size;
  if (input.futureCovariates && input.futureCovariates.length !== batch * horizon) {
    throw bad(
      `futureCovariates has ${input.futureCovariates.length} values, expected batch·numOutputPatches·outputPatchSize = ${batch * horizon}`,
      {
        batch,
        numOutputPatches,
      },
    );
  }
  for (let i = 0; i < input.context.length; i++) {
    const v = input.context[i];
    if (v === Infinity || v === -Infinity) throw bad('context contains ±Infinity (use NaN for missing values)', { index: i });
  }
}

/** loadChronos2Model(dir): reads config.json and model.safetensors, builds the graph and the session. */
export async function loadChronos2Model(dir: string, options: Chronos2LoadOptions = {}): Promise<Chronos2OnnxModel> {
  const debug = options.debugOutputs ?? false;
  const buildGraph = (config: Chronos2Config, weights: Chronos2Weights) =>
    buildChronos2Graph(config, weights, { debugOutputs: debug }).serialize();
  const spec = {
    modelName: 'Chronos-2',
    label: 'chronos2',
    readConfig: readChronos2Config,
    readWeights: readChronos2Weights,
    buildGraph,
    weights: options.weights ?? 'external',
    cacheTag: 'chronos2-graph-v3',
    cacheVariant: [debug ? 'debug' : 'plain'],
  } as const;
  const { config, weightBytes, session, timings } = await loadCompiledCheckpoint(dir, spec, options);
  return new Chronos2OnnxModel(config, weightBytes, session, timings, debug, options.maxTokensPerRun);
}
