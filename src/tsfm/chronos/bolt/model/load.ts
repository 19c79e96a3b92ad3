/**
 * Loads a Chronos-Bolt checkpoint directory (config.json + model.safetensors) into an onnxruntime
 * session: one read of the weights, the graph built in TypeScript, the session created from its bytes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ECheckpointNotFound, EModelPredictFailed } from '../../../../errors/index.js';
import type { EngineOptions } from '../../../engine/options.js';
import { EngineSession, cachedGraphBytes, hashBytes } from '../../../engine/runtime.js';
import { SafetensorsFile } from '../../../engine/safetensors.js';
import { readChronosBoltConfig, type ChronosBoltConfig } from '../config.js';
import type { ChronosBoltForwardInput, ChronosBoltForwardOutput, ChronosBoltModel } from '../types.js';
import { BOLT_DEBUG_OUTPUTS, buildChronosBoltGraph } from './graph.js';
import { readChronosBoltWeights } from './weights.js';

export interface ChronosBoltLoadOptions extends EngineOptions {
  /** Also expose the intermediates upstream's fixtures record (`forwardDebug`); builds a larger graph. */
  debugOutputs?: boolean;
}

/** Timings of the load, in milliseconds. */
export interface ChronosBoltLoadTimings {
  readMs: number;
  buildMs: number;
  sessionMs: number;
  graphCacheHit: boolean;
}

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
    throw bad(`context has ${input.context.length} values, expected batch·contextLength = ${batch * contextLength}`, { batch, contextLength });
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
  const configFile = join(dir, 'config.json');
  const weightsFile = join(dir, 'model.safetensors');
  for (const file of [configFile, weightsFile]) {
    if (!existsSync(file)) {
      throw new ECheckpointNotFound(`Chronos-Bolt checkpoint file missing: ${file}`, { context: { dir, file } });
    }
  }
  const t0 = performance.now();
  const config = readChronosBoltConfig(configFile);
  const st = SafetensorsFile.read(weightsFile);
  const weights = readChronosBoltWeights(st, config);
  const t1 = performance.now();
  const debug = options.debugOutputs ?? false;
  // The cache key covers everything the graph depends on: weights, config and graph variant.
  const key = options.graphCacheDir ? hashBytes('chronos-bolt-graph-v1', debug ? 'debug' : 'plain', JSON.stringify(config), st.bytes) : '';
  const { bytes, cacheHit } = cachedGraphBytes(options.graphCacheDir, key, () => buildChronosBoltGraph(config, weights, { debugOutputs: debug }).serialize());
  const t2 = performance.now();
  const session = await EngineSession.create(bytes, { ...options, label: 'chronos_bolt' });
  const t3 = performance.now();
  return new ChronosBoltOnnxModel(config, st.dataBytes, session, { readMs: t1 - t0, buildMs: t2 - t1, sessionMs: t3 - t2, graphCacheHit: cacheHit }, debug);
}
