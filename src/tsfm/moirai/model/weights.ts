/**
 * Moirai 2.0 weights by upstream state_dict name (`Moirai2Module.state_dict()`), checked against
 * the shapes config.json implies. F32 tensors of a header-only file stay in the file (onnxruntime
 * reads them as external data); small tensors the graph builder needs as values (norm gains, the
 * variate attention bias table) are read into memory.
 */
import type { LinearWeights, WeightSource } from '../../engine/graph/index.js';
import type { SafetensorsFile } from '../../engine/safetensors.js';
import { addResidualBlockShapes, readResidualBlock, type ResidualBlockWeights } from '../../engine/graph/residualBlock.js';
import { MOIRAI2_HEAD_DIM, moirai2Heads, type Moirai2Config } from '../config.js';
import type { RandomInit } from '../../engine/randomCheckpoint.js';

export interface Moirai2LayerWeights {
  /** `var_attn_bias.emb.weight` [2, heads]: row 0 for different variates, row 1 for the same variate. */
  varAttnBias: Float32Array;
  q: LinearWeights;
  k: LinearWeights;
  v: LinearWeights;
  qNorm: Float32Array;
  kNorm: Float32Array;
  out: LinearWeights;
  norm1: Float32Array;
  norm2: Float32Array;
  fc1: LinearWeights;
  fcGate: LinearWeights;
  fc2: LinearWeights;
}

export interface Moirai2Weights {
  inProj: ResidualBlockWeights;
  layers: Moirai2LayerWeights[];
  finalNorm: Float32Array;
  outProj: ResidualBlockWeights;
}

/** Every tensor the module holds, with its shape, in state_dict order. */
export function moirai2ExpectedShapes(config: Moirai2Config): Map<string, number[]> {
  const { d_model: d, d_ff: ff, patch_size: ps } = config;
  const heads = moirai2Heads(config);
  const m = new Map<string, number[]>();
  addResidualBlockShapes(m, 'in_proj', 2 * ps, d, d);
  for (let i = 0; i < config.num_layers; i++) {
    const p = `encoder.layers.${i}`;
    m.set(`${p}.self_attn.var_attn_bias.emb.weight`, [2, heads]);
    m.set(`${p}.self_attn.q_proj.weight`, [d, d]);
    m.set(`${p}.self_attn.k_proj.weight`, [d, d]);
    m.set(`${p}.self_attn.v_proj.weight`, [d, d]);
    m.set(`${p}.self_attn.q_norm.weight`, [MOIRAI2_HEAD_DIM]);
    m.set(`${p}.self_attn.k_norm.weight`, [MOIRAI2_HEAD_DIM]);
    m.set(`${p}.self_attn.out_proj.weight`, [d, d]);
    m.set(`${p}.ffn.fc1.weight`, [ff, d]);
    m.set(`${p}.ffn.fc2.weight`, [d, ff]);
    m.set(`${p}.ffn.fc_gate.weight`, [ff, d]);
    m.set(`${p}.norm1.weight`, [d]);
    m.set(`${p}.norm2.weight`, [d]);
  }
  m.set('encoder.norm.weight', [d]);
  addResidualBlockShapes(m, 'out_proj', d, d, config.num_predict_token * config.quantile_levels.length * ps);
  return m;
}

/** How a random-weight checkpoint initialises each tensor (`writeRandomCheckpoint`). */
export function moirai2RandomInit(name: string): RandomInit {
  if (/norm(\d)?\.weight$|_norm\.weight$/.test(name)) return 'gain';
  return name.endsWith('.bias') || name.includes('var_attn_bias') ? 'bias' : 'weight';
}

/** Reads and shape-checks every weight; ECheckpointMismatch names the first missing or misshapen tensor. */
export function readMoirai2Weights(file: SafetensorsFile, config: Moirai2Config): Moirai2Weights {
  const shapes = moirai2ExpectedShapes(config);
  for (const [name, shape] of shapes) file.expectShape(name, shape);
  const shapeOf = (name: string): number[] => shapes.get(name) ?? [];
  const t = (name: string): WeightSource => {
    const useRef = !file.inMemory && file.info(name).dtype === 'F32';
    return useRef ? file.externalRef(name, shapeOf(name)) : file.float32(name, shapeOf(name));
  };
  const small = (name: string): Float32Array => file.float32(name, shapeOf(name));
  const lin = (name: string, bias: boolean): LinearWeights => {
    const [outFeatures, inFeatures] = shapeOf(`${name}.weight`);
    return { weight: t(`${name}.weight`), bias: bias ? t(`${name}.bias`) : null, outFeatures, inFeatures };
  };
  const layers: Moirai2LayerWeights[] = [];
  for (let i = 0; i < config.num_layers; i++) {
    const p = `encoder.layers.${i}`;
    layers.push({
      varAttnBias: small(`${p}.self_attn.var_attn_bias.emb.weight`),
      q: lin(`${p}.self_attn.q_proj`, false),
      k: lin(`${p}.self_attn.k_proj`, false),
      v: lin(`${p}.self_attn.v_proj`, false),
      qNorm: small(`${p}.self_attn.q_norm.weight`),
      kNorm: small(`${p}.self_attn.k_norm.weight`),
      out: lin(`${p}.self_attn.out_proj`, false),
      norm1: small(`${p}.norm1.weight`),
      norm2: small(`${p}.norm2.weight`),
      fc1: lin(`${p}.ffn.fc1`, false),
      fcGate: lin(`${p}.ffn.fc_gate`, false),
      fc2: lin(`${p}.ffn.fc2`, false),
    });
  }
  return {
    inProj: readResidualBlock(lin, 'in_proj'),
    layers,
    finalNorm: small('encoder.norm.weight'),
    outProj: readResidualBlock(lin, 'out_proj'),
  };
}
