/**
 * Chronos-2 weights by upstream state_dict name, checked against the shapes config.json implies.
 * From a file read into memory, F32 tensors are views on its buffer (no copies); from a header-only
 * file, F32 tensors are references into the file that onnxruntime reads itself (external data), and
 * other dtypes are read and converted one by one.
 */
import type { SafetensorsFile } from '../../../engine/safetensors.js';
import type { LinearWeights, WeightSource } from '../../../engine/graph/index.js';
import type { Chronos2Config } from '../config.js';
import { addResidualBlockShapes, readResidualBlock, type ResidualBlockWeights } from '../../../engine/graph/residualBlock.js';
import type { RandomInit } from '../../../engine/randomCheckpoint.js';

export type { ResidualBlockWeights };

export interface AttentionWeights {
  layerNorm: WeightSource;
  q: LinearWeights;
  k: LinearWeights;
  v: LinearWeights;
  o: LinearWeights;
}

export interface EncoderBlockWeights {
  timeAttention: AttentionWeights;
  groupAttention: AttentionWeights;
  feedForward: { layerNorm: WeightSource; wi: LinearWeights; wo: LinearWeights };
}

export interface Chronos2Weights {
  /** Row `reg_token_id` of `shared.weight` [vocab, d_model] (the [REG] embedding); null without REG. */
  regEmbedding: WeightSource | null;
  inputPatchEmbedding: ResidualBlockWeights;
  blocks: EncoderBlockWeights[];
  finalLayerNorm: WeightSource;
  outputPatchEmbedding: ResidualBlockWeights;
}

/** Every tensor name the model reads with its expected shape. */
export function chronos2ExpectedShapes(config: Chronos2Config): Map<string, number[]> {
  const { d_model: d, d_ff: ff, d_kv: dk, num_heads: h, num_layers: layers } = config;
  const cc = config.chronos_config;
  const inner = h * dk;
  const vocab = cc.use_reg_token ? 2 : 1;
  const outDim = cc.quantiles.length * cc.output_patch_size;
  const m = new Map<string, number[]>();
  const residualBlock = (prefix: string, inDim: number, outD: number) => addResidualBlockShapes(m, prefix, inDim, ff, outD);
  m.set('shared.weight', [vocab, d]);
  residualBlock('input_patch_embedding', cc.input_patch_size * 3, d);
  for (let i = 0; i < layers; i++) {
    for (const j of [0, 1]) {
      const p = `encoder.block.${i}.layer.${j}`;
      m.set(`${p}.layer_norm.weight`, [d]);
      m.set(`${p}.self_attention.q.weight`, [inner, d]);
      m.set(`${p}.self_attention.k.weight`, [inner, d]);
      m.set(`${p}.self_attention.v.weight`, [inner, d]);
      m.set(`${p}.self_attention.o.weight`, [d, inner]);
    }
    m.set(`encoder.block.${i}.layer.2.layer_norm.weight`, [d]);
    m.set(`encoder.block.${i}.layer.2.mlp.wi.weight`, [ff, d]);
    m.set(`encoder.block.${i}.layer.2.mlp.wo.weight`, [d, ff]);
  }
  m.set('encoder.final_layer_norm.weight', [d]);
  residualBlock('output_patch_embedding', d, outDim);
  return m;
}

/** How a random-weight checkpoint initialises each tensor (`writeRandomCheckpoint`). */
export function chronos2RandomInit(name: string): RandomInit {
  if (name.endsWith('layer_norm.weight')) return 'gain';
  return name.endsWith('.bias') ? 'bias' : 'weight';
}

/** Reads and shape-checks every weight; ECheckpointMismatch names the first missing or misshapen tensor. */
export function readChronos2Weights(file: SafetensorsFile, config: Chronos2Config): Chronos2Weights {
  const shapes = chronos2ExpectedShapes(config);
  // Check every tensor first, in state_dict order, so the error names the first bad tensor.
  for (const [name, shape] of shapes) file.expectShape(name, shape);
  const t = (name: string): WeightSource => {
    const useRef = !file.inMemory && file.info(name).dtype === 'F32';
    return useRef ? file.externalRef(name, shapes.get(name)) : file.float32(name, shapes.get(name));
  };
  const lin = (name: string, bias: boolean): LinearWeights => {
    const shape = shapes.get(`${name}.weight`)!;
    return { weight: t(`${name}.weight`), bias: bias ? t(`${name}.bias`) : null, outFeatures: shape[0], inFeatures: shape[1] };
  };
  const residualBlock = (prefix: string): ResidualBlockWeights => readResidualBlock(lin, prefix);
  const attention = (prefix: string): AttentionWeights => ({
    layerNorm: t(`${prefix}.layer_norm.weight`),
    q: lin(`${prefix}.self_attention.q`, false),
    k: lin(`${prefix}.self_attention.k`, false),
    v: lin(`${prefix}.self_attention.v`, false),
    o: lin(`${prefix}.self_attention.o`, false),
  });
  const blocks: EncoderBlockWeights[] = [];
  for (let i = 0; i < config.num_layers; i++) {
    const p = `encoder.block.${i}.layer`;
    blocks.push({
      timeAttention: attention(`${p}.0`),
      groupAttention: attention(`${p}.1`),
      feedForward: { layerNorm: t(`${p}.2.layer_norm.weight`), wi: lin(`${p}.2.mlp.wi`, false), wo: lin(`${p}.2.mlp.wo`, false) },
    });
  }
  const reg = config.reg_token_id;
  let regEmbedding: WeightSource | null = null;
  if (config.chronos_config.use_reg_token) {
    const D = config.d_model;
    regEmbedding =
      !file.inMemory && file.info('shared.weight').dtype === 'F32'
        ? file.externalRef('shared.weight', shapes.get('shared.weight'), { start: reg, count: 1 })
        : file.float32('shared.weight').subarray(reg * D, (reg + 1) * D);
  }
  return {
    regEmbedding,
    inputPatchEmbedding: residualBlock('input_patch_embedding'),
    blocks,
    finalLayerNorm: t('encoder.final_layer_norm.weight'),
    outputPatchEmbedding: residualBlock('output_patch_embedding'),
  };
}
