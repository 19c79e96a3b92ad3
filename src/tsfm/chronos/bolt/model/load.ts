/**
 * Loads a Chronos-Bolt checkpoint directory (config.json + model.safetensors) into an onnxruntime
 * session: one read of the weights, the graph built in TypeScript, the session created from its bytes.
 */
import { EModelPredictFailed } from '../../../../errors/index.js';
import type { EngineOptions } from '../../../engine/options.js';
import type { EngineSession } from '../../../engine/runtime.js';
import { loadCompiledCheckpoint, type CheckpointLoadTimings } from '../../../engine/checkpoint.js';
import { readChronosBoltConfig, type ChronosBoltConfig } from '../config.js';
import type { ChronosBoltForwardInput, ChronosBoltForwardOutput, ChronosBoltModel } from '../types.js';
import { BOLT_DEBUG_OUTPUTS, buildChronosBoltGraph } from './graph.js';
import { readChronosBoltWeights, type ChronosBoltWeights } from './weights.js';

export interface ChronosBoltLoadOptions extends EngineOptions {
  /** Also expose the intermediates upstream's fixtures record (`forwardDebug`); builds a larger graph. */
  debugOutputs?: boolean;
}

/** Timings of the load, in milliseconds. */
export type ChronosBoltLoadTimings = CheckpointLoadTimings;

export interface ChronosBoltForwardDebug extends ChronosBoltForwardOutput {
  /** Present only when loaded with debugOutputs; each is the graph output of that name. */
  intermediates?: Partial<Record<(typeof BOLT_DEBUG_OUTPUTS)[number], { data: Float32Array; dims: readonly number[] }>>;
}

export class ChronosBoltOnnxModel implements ChronosBoltModel {
  constructor(
    readonly config: ChronosBoltConfig,
    readonly weightBytes: number,
    private readonly session: EngineSession,
    readonly timings: ChronosBoltLoadTimings,
    private readonly debugOutputs: boolean,
  ) {}

  async forward(input: ChronosBoltForwardInput): Promise<ChronosBoltForwardOutput> {
    const { quantilePreds } = await this.forwardDebug(input);
    return { quantilePreds };
  }

  /** forward() plus, with debugOutputs, the intermediates (loc, scale, embeddings, hidden states). */
  async forwardDebug(input: ChronosBoltForwardInput): Promise<ChronosBoltForwardDebug> {
    validateInput(input);
    const { data, length } = prepareContext(input, this.config);
    const wanted = this.debugOutputs ? ['quantile_preds', ...BOLT_DEBUG_OUTPUTS] : ['quantile_preds'];
    const out = await this.session.run({ context: { type: 'float32', data, dims: [input.batch, length] } }, wanted);
    const result: ChronosBoltForwardDebug = { quantilePreds: out.quantile_preds.data as Float32Array };
    if (this.debugOutputs) {
      result.intermediates = Object.fromEntries(
        BOLT_DEBUG_OUTPUTS.map((name) => [name, { data: out[name].data as Float32Array, dims: out[name].dims }]),
      );
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function validateInput(input: ChronosBoltForwardInput): void {
  const bad = (message: string, context: Record<string, unknown>) =>
    new EModelPredictFailed(`Chronos-Bolt forward: ${message}`, { context: { model: 'chronos_bolt', ...context } });
  const { batch, contextLength } = input;
  if (!Number.isInteger(batch) || batch < 1) throw bad('batch must be a positive integer', { batch });
  if (!Number.isInteger(contextLength) || contextLength < 1) throw bad('contextLength must be a positive integer', { contextLength });
  if (input.context.length !== batch * contextLength) {
    throw bad(`context has ${input.context.length} values, expected batch·contextLength = ${batch * contextLength}`, {
      batch,
      contextLength,
    });
  }
  for (let i = 0; i < input.context.length; i++) {
    const v = input.context[i];
    if (v === Infinity || v === -Infinity) throw bad('context contains ±Infinity (use NaN for missing values)', { index: i });
  }
}

/**
 * Upstream's `encode` keeps the last context_length steps; `Patch` left-pads with NaN to a whole
 * number of patches. Both are done here so the graph sees [batch, k·patch].
 */
function prepareContext(input: ChronosBoltForwardInput, config: ChronosBoltConfig): { data: Float32Array; length: number } {
  const { context_length: maxLength, input_patch_size: patch } = config.chronos_config;
  const kept = Math.min(input.contextLength, maxLength);
  const length = Math.ceil(kept / patch) * patch;
  if (kept === input.contextLength && length === kept) return { data: input.context, length };
  const data = new Float32Array(input.batch * length).fill(NaN);
  for (let b = 0; b < input.batch; b++) {
    const rowEnd = (b + 1) * input.contextLength;
    data.set(input.context.subarray(rowEnd - kept, rowEnd), b * length + (length - kept));
  }
  return { data, length };
}

/** loadChronosBoltModel(dir): reads config.json and model.safetensors, builds the graph and the session. */
export async function loadChronosBoltModel(dir: string, options: ChronosBoltLoadOptions = {}): Promise<ChronosBoltOnnxModel> {
  const debug = options.debugOutputs ?? false;
  const buildGraph = (config: ChronosBoltConfig, weights: ChronosBoltWeights) =>
    buildChronosBoltGraph(config, weights, { debugOutputs: debug }).serialize();
  // Bolt checkpoints are small: the weights are embedded and the cache keeps the serialised graph.
  const spec = {
    modelName: 'Chronos-Bolt',
    label: 'chronos_bolt',
    readConfig: readChronosBoltConfig,
    readWeights: readChronosBoltWeights,
    buildGraph,
    weights: 'embedded-graph',
    cacheTag: 'chronos-bolt-graph-v1',
    cacheVariant: [debug ? 'debug' : 'plain'],
  } as const;
  const { config, weightBytes, session, timings } = await loadCompiledCheckpoint(dir, spec, options);
  return new ChronosBoltOnnxModel(config, weightBytes, session, timings, debug);
}
