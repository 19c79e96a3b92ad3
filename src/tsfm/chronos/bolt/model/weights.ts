/**
 * Chronos-Bolt weights by upstream state_dict name (ChronosBoltModelForForecasting over HF T5),
 * checked against the shapes config.json implies. Float32 tensors are views on the safetensors
 * file buffer (no copies). The tied `encoder/decoder.embed_tokens.weight` are not read: released
 * checkpoints drop them and both equal `shared.weight`.
 */
import type { LinearWeights } from '../../../engine/graph/index.js';
import type { SafetensorsFile } from '../../../engine/safetensors.js';
import { chronosBoltVocabSize, type ChronosBoltConfig } from '../config.js';
import { addResidualBlockShapes, readResidualBlock, type ResidualBlockWeights } from '../../../engine/graph/residualBlock.js';

export type { ResidualBlockWeights };

export interface T5AttentionWeights {
  layerNorm: Float32Array;
  q: LinearWeights;
  k: LinearWeights;
  v: LinearWeights;
  o: LinearWeights;
}

export interface T5FeedForwardWeights {
  layerNorm: Float32Array;
  wi: LinearWeights;
  wo: LinearWeights;
}

export interface ChronosBoltWeights {
  /** `shared.weight` [vocab, d_model]: row decoder_start_token_id, and row reg_token_id = [REG]. */
  shared: Float32Array;
  inputPatchEmbedding: ResidualBlockWeights;
  encoder: {
    /** Block 0's `relative_attention_bias.weight` [buckets, heads], shared by every encoder layer. */
    relativeAttentionBias: Float32Array;
    blocks: { selfAttention: T5AttentionWeights; feedForward: T5FeedForwardWeights }[];
    finalLayerNorm: Float32Array;
  };
  decoder: {
    relativeAttentionBias: Float32Array;
    blocks: { selfAttention: T5AttentionWeights; crossAttention: T5AttentionWeights; feedForward: T5FeedForwardWeights }[];
    finalLayerNorm: Float32Array;
  };
  outputPatchEmbedding: ResidualBlockWeights;
}

/** Every tensor name the model reads with its expected shape, in state_dict order. */
export function chronosBoltExpectedShapes(config: ChronosBoltConfig): Map<string, number[]> {
  const { d_model: d, d_ff: ff, d_kv: dk, num_heads: h } = config;
  const cc = config.chronos_config;
  const inner = h * dk;
  const m = new Map<string, number[]>();
  const residualBlock = (prefix: string, inDim: number, outDim: number) => addResidualBlockShapes(m, prefix, inDim, ff, outDim);
  const attention = (prefix: string, name: string, relativeBias: boolean) => {
    for (const p of ['q', 'k', 'v']) m.set(`${prefix}.${name}.${p}.weight`, [inner, d]);
    m.set(`${prefix}.${name}.o.weight`, [d, inner]);
    if (relativeBias) m.set(`${prefix}.${name}.relative_attention_bias.weight`, [config.relative_attention_num_buckets, h]);
    m.set(`${prefix}.layer_norm.weight`, [d]);
  };
  const feedForward = (prefix: string) => {
    m.set(`${prefix}.DenseReluDense.wi.weight`, [ff, d]);
    m.set(`${prefix}.DenseReluDense.wo.weight`, [d, ff]);
    m.set(`${prefix}.layer_norm.weight`, [d]);
  };
  m.set('shared.weight', [chronosBoltVocabSize(config), d]);
  residualBlock('input_patch_embedding', cc.input_patch_size * 2, d);
  for (let i = 0; i < config.num_layers; i++) {
    attention(`encoder.block.${i}.layer.0`, 'SelfAttention', i === 0);
    feedForward(`encoder.block.${i}.layer.1`);
  }
  m.set('encoder.final_layer_norm.weight', [d]);
  for (let i = 0; i < config.num_decoder_layers; i++) {
    attention(`decoder.block.${i}.layer.0`, 'SelfAttention', i === 0);
    attention(`decoder.block.${i}.layer.1`, 'EncDecAttention', false);
    feedForward(`decoder.block.${i}.layer.2`);
  }
  m.set('decoder.final_layer_norm.weight', [d]);
  residualBlock('output_patch_embedding', d, cc.quantiles.length * cc.prediction_length);
  return m;
}

/** Reads and shape-checks every weight; ECheckpointMismatch names the first missing or misshapen tensor. */
export function readChronosBoltWeights(file: SafetensorsFile, config: ChronosBoltConfig): ChronosBoltWeights {
  const shapes = chronosBoltExpectedShapes(config);
  for (const [name, shape] of shapes) file.expectShape(name, shape);
  const t = (name: string): Float32Array => file.float32(name, shapes.get(name));
  const lin = (name: string, bias: boolean): LinearWeights => {
    const shape = shapes.get(`${name}.weight`)!;
    return { weight: t(`${name}.weight`), bias: bias ? t(`${name}.bias`) : null, outFeatures: shape[0], inFeatures: shape[1] };
  };
  const residualBlock = (prefix: string): ResidualBlockWeights => readResidualBlock(lin, prefix);
  const attention = (prefix: string, name: string): T5AttentionWeights => ({
    layerNorm: t(`${prefix}.layer_norm.weight`),
    q: lin(`${prefix}.${name}.q`, false),
    k: lin(`${prefix}.${name}.k`, false),
    v: lin(`${prefix}.${name}.v`, false),
    o: lin(`${prefix}.${name}.o`, false),
  });
  const feedForward = (prefix: string): T5FeedForwardWeights => ({
    layerNorm: t(`${prefix}.layer_norm.weight`),
    wi: lin(`${prefix}.DenseReluDense.wi`, false),
    wo: lin(`${prefix}.DenseReluDense.wo`, false),
  });
  const encoderBlocks = Array.from({ length: config.num_layers }, (_, i) => ({
    selfAttention: attention(`encoder.block.${i}.layer.0`, 'SelfAttention'),
    feedForward: feedForward(`encoder.block.${i}.layer.1`),
  }));
  const decoderBlocks = Array.from({ length: config.num_decoder_layers }, (_, i) => ({
    selfAttention: attention(`decoder.block.${i}.layer.0`, 'SelfAttention'),
    crossAttention: attention(`decoder.block.${i}.layer.1`, 'EncDecAttention'),
    feedForward: feedForward(`decoder.block.${i}.layer.2`),
  }));
  return {
    shared: t('shared.weight'),
    inputPatchEmbedding: residualBlock('input_patch_embedding'),
    encoder: {
      relativeAttentionBias: t('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'),
      blocks: encoderBlocks,
      finalLayerNorm: t('encoder.final_layer_norm.weight'),
    },
    decoder: {
      relativeAttentionBias: t('decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'),
      blocks: decoderBlocks,
      finalLayerNorm: t('decoder.final_layer_norm.weight'),
    },
    outputPatchEmbedding: residualBlock('output_patch_embedding'),
  };
}
