/**
 * TimesFM 2.5 weights by upstream state_dict name (`TimesFM_2p5_200M_torch_module`, which the
 * released google/timesfm-2.5-200m-pytorch uses unchanged), shape-checked against the config.
 * F32 tensors of a header-only file stay in the file (onnxruntime reads them as external data).
 */
import type { LinearWeights, WeightSource } from '../../engine/graph/index.js';
import type { SafetensorsFile } from '../../engine/safetensors.js';
import type { ResidualBlockWeights } from '../../engine/graph/residualBlock.js';
import { timesfmDims, type TimesFM2p5Config } from '../config.js';
import type { RandomInit } from '../../engine/randomCheckpoint.js';

export interface TimesFMLayerWeights {
  preAttnLn: WeightSource;
  postAttnLn: WeightSource;
  /** Fused Q/K/V projection [3·model_dims, model_dims]. */
  qkv: LinearWeights;
  out: LinearWeights;
  queryLn: Float32Array;
  keyLn: Float32Array;
  perDimScale: Float32Array;
  preFfLn: WeightSource;
  postFfLn: WeightSource;
  ff0: LinearWeights;
  ff1: LinearWeights;
}

export interface TimesFMWeights {
  tokenizer: ResidualBlockWeights;
  layers: TimesFMLayerWeights[];
  outputPoint: ResidualBlockWeights;
  outputQuantiles: ResidualBlockWeights;
}

function residualShapes(m: Map<string, number[]>, prefix: string, inDim: number, hidden: number, outDim: number, bias: boolean): void {
  m.set(`${prefix}.hidden_layer.weight`, [hidden, inDim]);
  if (bias) m.set(`${prefix}.hidden_layer.bias`, [hidden]);
  m.set(`${prefix}.output_layer.weight`, [outDim, hidden]);
  if (bias) m.set(`${prefix}.output_layer.bias`, [outDim]);
  m.set(`${prefix}.residual_layer.weight`, [outDim, inDim]);
  if (bias) m.set(`${prefix}.residual_layer.bias`, [outDim]);
}

/** Every tensor of the module with its shape, in state_dict order. */
export function timesfmExpectedShapes(config: TimesFM2p5Config): Map<string, number[]> {
  const d = timesfmDims(config);
  const md = d.modelDims;
  const ff = config.ff_hidden_dims;
  const m = new Map<string, number[]>();
  // The tokenizer sees a patch and its mask side by side.
  residualShapes(m, 'tokenizer', 2 * d.p, config.tokenizer.hidden_dims, md, true);
  for (let i = 0; i < d.layers; i++) {
    const p = `stacked_xf.${i}`;
    m.set(`${p}.pre_attn_ln.scale`, [md]);
    m.set(`${p}.post_attn_ln.scale`, [md]);
    m.set(`${p}.attn.qkv_proj.weight`, [3 * md, md]);
    m.set(`${p}.attn.out.weight`, [md, md]);
    m.set(`${p}.attn.query_ln.scale`, [d.headDim]);
    m.set(`${p}.attn.key_ln.scale`, [d.headDim]);
    m.set(`${p}.attn.per_dim_scale.per_dim_scale`, [d.headDim]);
    m.set(`${p}.pre_ff_ln.scale`, [md]);
    m.set(`${p}.post_ff_ln.scale`, [md]);
    m.set(`${p}.ff0.weight`, [ff, md]);
    m.set(`${p}.ff1.weight`, [md, ff]);
  }
  residualShapes(m, 'output_projection_point', md, config.output_projection_point.hidden_dims, d.o * d.q, false);
  residualShapes(m, 'output_projection_quantiles', md, config.output_projection_quantiles.hidden_dims, d.os * d.q, false);
  return m;
}

/** How a random-weight checkpoint initialises each tensor (`writeRandomCheckpoint`). */
export function timesfmRandomInit(name: string): RandomInit {
  if (name.endsWith('.scale') && !name.includes('per_dim_scale')) return 'gain';
  return name.endsWith('.bias') || name.endsWith('per_dim_scale') ? 'bias' : 'weight';
}

/** Reads and shape-checks every weight; ECheckpointMismatch names the first missing or misshapen tensor. */
export function readTimesFMWeights(file: SafetensorsFile, config: TimesFM2p5Config): TimesFMWeights {
  const shapes = timesfmExpectedShapes(config);
  for (const [name, shape] of shapes) file.expectShape(name, shape);
  const t = (name: string): WeightSource => {
    const useRef = !file.inMemory && file.info(name).dtype === 'F32';
    return useRef ? file.externalRef(name, shapes.get(name)) : file.float32(name, shapes.get(name));
  };
  // Small vectors are combined with constants at build time, so they are always read into memory.
  const vec = (name: string): Float32Array => file.float32(name, shapes.get(name));
  const lin = (name: string, bias: boolean): LinearWeights => {
    const shape = shapes.get(`${name}.weight`) ?? [];
    return { weight: t(`${name}.weight`), bias: bias ? t(`${name}.bias`) : null, outFeatures: shape[0] ?? 0, inFeatures: shape[1] ?? 0 };
  };
  const residual = (prefix: string, bias: boolean): ResidualBlockWeights => ({
    hidden: lin(`${prefix}.hidden_layer`, bias),
    output: lin(`${prefix}.output_layer`, bias),
    residual: lin(`${prefix}.residual_layer`, bias),
  });
  const layers: TimesFMLayerWeights[] = [];
  for (let i = 0; i < config.num_layers; i++) {
    const p = `stacked_xf.${i}`;
    layers.push({
      preAttnLn: t(`${p}.pre_attn_ln.scale`),
      postAttnLn: t(`${p}.post_attn_ln.scale`),
      qkv: lin(`${p}.attn.qkv_proj`, false),
      out: lin(`${p}.attn.out`, false),
      queryLn: vec(`${p}.attn.query_ln.scale`),
      keyLn: vec(`${p}.attn.key_ln.scale`),
      perDimScale: vec(`${p}.attn.per_dim_scale.per_dim_scale`),
      preFfLn: t(`${p}.pre_ff_ln.scale`),
      postFfLn: t(`${p}.post_ff_ln.scale`),
      ff0: lin(`${p}.ff0`, false),
      ff1: lin(`${p}.ff1`, false),
    });
  }
  return {
    tokenizer: residual('tokenizer', true),
    layers,
    outputPoint: residual('output_projection_point', false),
    outputQuantiles: residual('output_projection_quantiles', false),
  };
}
