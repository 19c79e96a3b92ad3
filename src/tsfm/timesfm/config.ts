/**
 * TimesFM 2.5's model dimensions. Upstream reads no config (TimesFM_2p5_200M_Definition hard-codes
 * the 200M network), so every field defaults to the released 200M values: a released checkpoint's
 * config.json, whatever else it holds, parses to the real model, and the small test checkpoints
 * spell out their reduced sizes with the same keys.
 */
import { z } from 'zod';
import { ECheckpointMismatch } from '../../errors/index.js';
import { parseCheckpointConfig, readCheckpointConfig } from '../engine/checkpoint.js';
import { isTransformersTimesFMConfig, timesfmVersionOf } from './detect.js';

const positiveInt = z.number().int().positive();
const block = (hidden: number) => z.object({ hidden_dims: positiveInt.default(hidden) }).default({ hidden_dims: hidden });

export const TimesFM2p5ConfigSchema = z
  .object({
    input_patch_len: positiveInt.default(32),
    output_patch_len: positiveInt.default(128),
    output_quantile_len: positiveInt.default(1024),
    quantiles: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
    decode_index: z.number().int().nonnegative().default(5),
    context_limit: positiveInt.default(16384),
    model_dims: positiveInt.default(1280),
    num_layers: positiveInt.default(20),
    num_heads: positiveInt.default(16),
    ff_hidden_dims: positiveInt.default(1280),
    tokenizer: block(1280),
    output_projection_point: block(1280),
    output_projection_quantiles: block(1280),
  })
  .superRefine((c, ctx) => {
    if (c.model_dims % c.num_heads !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['num_heads'],
        message: `model_dims ${c.model_dims} is not divisible by num_heads ${c.num_heads}`,
      });
    if (((c.model_dims / c.num_heads) | 0) % 2 !== 0)
      ctx.addIssue({ code: 'custom', path: ['num_heads'], message: 'the head dimension must be even (rotary embedding)' });
    if (c.output_patch_len % c.input_patch_len !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['output_patch_len'],
        message: 'output_patch_len must be a multiple of input_patch_len (autoregressive decode feeds whole patches back)',
      });
    }
    if (c.decode_index > c.quantiles.length)
      ctx.addIssue({
        code: 'custom',
        path: ['decode_index'],
        message: 'decode_index must name an output channel (0 = mean, 1.. = quantiles)',
      });
  });

export type TimesFM2p5Config = z.infer<typeof TimesFM2p5ConfigSchema>;

/** The derived sizes the model and pipeline use (upstream's p, o, os, m, h, hd, q). */
export interface TimesFM2p5Dims {
  /** Input patch length (32). */
  p: number;
  /** Output patch length (128). */
  o: number;
  /** Output length of the continuous quantile head (1024). */
  os: number;
  /** Input patches per output patch (4). */
  m: number;
  layers: number;
  heads: number;
  modelDims: number;
  headDim: number;
  /** Output channels: mean + quantiles (10). */
  q: number;
  /** The channel fed back in autoregressive decode (5, the median). */
  decodeIndex: number;
}

export function timesfmDims(c: TimesFM2p5Config): TimesFM2p5Dims {
  return {
    p: c.input_patch_len,
    o: c.output_patch_len,
    os: c.output_quantile_len,
    m: c.output_patch_len / c.input_patch_len,
    layers: c.num_layers,
    heads: c.num_heads,
    modelDims: c.model_dims,
    headDim: c.model_dims / c.num_heads,
    q: c.quantiles.length + 1,
    decodeIndex: c.decode_index,
  };
}

/**
 * The transformers-style config.json of the release (google/timesfm-2.5-200m-pytorch): its fields
 * name the same dimensions as ours. Strict about what the graph hard-codes (RMSNorm epsilon, head
 * dimension = hidden / heads) so a file that says otherwise is an error, not a silently different
 * model.
 */
export const TimesFMTransformersConfigSchema = z
  .object({
    hidden_size: positiveInt,
    num_hidden_layers: positiveInt,
    num_attention_heads: positiveInt,
    head_dim: positiveInt,
    patch_length: positiveInt,
    horizon_length: positiveInt,
    quantile_horizon_length: positiveInt,
    intermediate_size: positiveInt,
    context_length: positiveInt.default(16384),
    quantiles: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
    rms_norm_eps: z.number().positive().default(1e-6),
  })
  .superRefine((c, ctx) => {
    if (c.head_dim * c.num_attention_heads !== c.hidden_size)
      ctx.addIssue({
        code: 'custom',
        path: ['head_dim'],
        message: `head_dim ${c.head_dim} × num_attention_heads ${c.num_attention_heads} must equal hidden_size ${c.hidden_size}`,
      });
    if (Math.abs(c.rms_norm_eps - 1e-6) > 1e-12)
      ctx.addIssue({ code: 'custom', path: ['rms_norm_eps'], message: `TimesFM 2.5 uses rms_norm_eps 1e-6, got ${c.rms_norm_eps}` });
    if (!c.quantiles.includes(0.5))
      ctx.addIssue({ code: 'custom', path: ['quantiles'], message: 'the quantiles must include 0.5 (the decoded median channel)' });
  });

/** The transformers-style fields in our names (every residual block's hidden width is intermediate_size, as transformers builds them). */
function fromTransformersLayout(raw: unknown, source: string): Record<string, unknown> {
  const t = parseCheckpointConfig(TimesFMTransformersConfigSchema, 'TimesFM 2.5', raw, source);
  const hidden = { hidden_dims: t.intermediate_size };
  return {
    input_patch_len: t.patch_length,
    output_patch_len: t.horizon_length,
    output_quantile_len: t.quantile_horizon_length,
    quantiles: t.quantiles,
    decode_index: t.quantiles.indexOf(0.5) + 1,
    context_limit: t.context_length,
    model_dims: t.hidden_size,
    num_layers: t.num_hidden_layers,
    num_heads: t.num_attention_heads,
    ff_hidden_dims: t.intermediate_size,
    tokenizer: hidden,
    output_projection_point: hidden,
    output_projection_quantiles: hidden,
  };
}

/**
 * Parses our own layout or the release's transformers-style file. A TimesFM 1.0/2.0 config (same
 * transformers class, another network) is `ECheckpointMismatch` naming the version.
 */
export function parseTimesFM2p5Config(raw: unknown, source = 'config.json'): TimesFM2p5Config {
  if (isTransformersTimesFMConfig(raw)) {
    const version = timesfmVersionOf(raw);
    if (version !== '2.5') {
      throw new ECheckpointMismatch(`${source} is a TimesFM ${version} config; this build runs TimesFM 2.5 only`, {
        context: { file: source, version },
        fixHint:
          'Use the TimesFM 2.5 checkpoint (google/timesfm-2.5-200m-pytorch); TimesFM 1.0 and 2.0 have another network (frequency embedding, no continuous quantile head).',
      });
    }
    return parseCheckpointConfig(TimesFM2p5ConfigSchema, 'TimesFM 2.5', fromTransformersLayout(raw, source), source);
  }
  return parseCheckpointConfig(TimesFM2p5ConfigSchema, 'TimesFM 2.5', raw ?? {}, source);
}

export function readTimesFM2p5Config(file: string): TimesFM2p5Config {
  return readCheckpointConfig(file, 'TimesFM 2.5', parseTimesFM2p5Config);
}
