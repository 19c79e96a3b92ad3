/**
 * Moirai 2.0's config.json: the keyword arguments of upstream `Moirai2Module(**config)`
 * (uni2ts `model/moirai2/module.py`), parsed with zod. Heads are not in the file: upstream's
 * encoder uses d_model / 64 heads of width 64.
 */
import { z } from 'zod';
import { parseCheckpointConfig, readCheckpointConfig } from '../engine/checkpoint.js';

const positiveInt = z.number().int().positive();

export const Moirai2ConfigSchema = z
  .object({
    d_model: positiveInt,
    d_ff: positiveInt,
    num_layers: positiveInt,
    patch_size: positiveInt,
    max_seq_len: positiveInt,
    attn_dropout_p: z.number().min(0).max(1).default(0),
    dropout_p: z.number().min(0).max(1).default(0),
    scaling: z.boolean().default(true),
    num_predict_token: positiveInt.default(1),
    quantile_levels: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
  })
  .superRefine((c, ctx) => {
    if (c.d_model % 64 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['d_model'],
        message: 'd_model must be a multiple of 64 (upstream uses d_model/64 heads of width 64)',
      });
    }
  });

export type Moirai2Config = z.infer<typeof Moirai2ConfigSchema>;

/** Head width of upstream's TransformerEncoder (num_heads = d_model // 64). */
export const MOIRAI2_HEAD_DIM = 64;

export function moirai2Heads(config: Moirai2Config): number {
  return config.d_model / MOIRAI2_HEAD_DIM;
}

/** Parses an already-decoded config object; `source` names the file in errors. */
export function parseMoirai2Config(raw: unknown, source = 'config.json'): Moirai2Config {
  return parseCheckpointConfig(Moirai2ConfigSchema, 'Moirai 2.0', raw, source);
}

/** Reads and parses `config.json` from a checkpoint file path. */
export function readMoirai2Config(file: string): Moirai2Config {
  return readCheckpointConfig(file, 'Moirai 2.0', parseMoirai2Config);
}
