/**
 * TimesFM 2.5's model dimensions. Upstream reads no config (TimesFM_2p5_200M_Definition hard-codes
 * the 200M network), so every field defaults to the released 200M values: a released checkpoint's
 * config.json, whatever else it holds, parses to the real model, and the small test checkpoints
 * spell out their reduced sizes with the same keys.
 */
import { z } from 'zod';
import { parseCheckpointConfig, readCheckpointConfig } from '../engine/checkpoint.js';

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

export function parseTimesFM2p5Config(raw: unknown, source = 'config.json'): TimesFM2p5Config {
  return parseCheckpointConfig(TimesFM2p5ConfigSchema, 'TimesFM 2.5', raw ?? {}, source);
}

export function readTimesFM2p5Config(file: string): TimesFM2p5Config {
  return readCheckpointConfig(file, 'TimesFM 2.5', parseTimesFM2p5Config);
}
