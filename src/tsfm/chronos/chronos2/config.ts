/**
 * Chronos-2's config.json (a T5-style config with a nested `chronos_config`), parsed with zod.
 * Unknown keys are kept out of the parsed object; missing optional keys take upstream's defaults.
 */
import { z } from 'zod';
import { parseCheckpointConfig, readCheckpointConfig } from '../../engine/checkpoint.js';

const positiveInt = z.number().int().positive();

export const Chronos2ForecastingConfigSchema = z.object({
  context_length: positiveInt,
  output_patch_size: positiveInt,
  input_patch_size: positiveInt,
  input_patch_stride: positiveInt,
  quantiles: z.array(z.number().gt(0).lt(1)).min(1),
  use_reg_token: z.boolean().default(false),
  use_arcsinh: z.boolean().default(false),
  max_output_patches: positiveInt.default(1),
  time_encoding_scale: positiveInt.nullable().default(null),
});

export const Chronos2ConfigSchema = z
  .object({
    d_model: positiveInt.default(512),
    d_kv: positiveInt.default(64),
    d_ff: positiveInt.default(2048),
    num_layers: positiveInt.default(6),
    num_heads: positiveInt.default(8),
    layer_norm_epsilon: z.number().positive().default(1e-6),
    feed_forward_proj: z.string().default('relu'),
    vocab_size: positiveInt.default(2),
    pad_token_id: z.number().int().nonnegative().default(0),
    reg_token_id: z.number().int().nonnegative().default(1),
    rope_theta: z.number().positive().default(10000),
    chronos_config: Chronos2ForecastingConfigSchema,
  })
  .superRefine((c, ctx) => {
    const act = c.feed_forward_proj.split('-');
    if (act[0] === 'gated') {
      ctx.addIssue({ code: 'custom', path: ['feed_forward_proj'], message: 'gated activations are not supported by Chronos-2' });
    }
    if (!['relu', 'gelu', 'silu', 'gelu_new'].includes(act[act.length - 1])) {
      ctx.addIssue({ code: 'custom', path: ['feed_forward_proj'], message: `unsupported activation "${act[act.length - 1]}"` });
    }
    if (c.chronos_config.input_patch_stride !== c.chronos_config.input_patch_size) {
      ctx.addIssue({
        code: 'custom',
        path: ['chronos_config', 'input_patch_stride'],
        message: 'input_patch_stride must equal input_patch_size (non-overlapping patches)',
      });
    }
  });

export type Chronos2Config = z.infer<typeof Chronos2ConfigSchema>;

/** The activation name of the feed-forward block (`relu` for every released checkpoint). */
export function chronos2Activation(config: Chronos2Config): string {
  const parts = config.feed_forward_proj.split('-');
  return parts[parts.length - 1];
}

/** Parses an already-decoded config object; `source` names the file in errors. */
export function parseChronos2Config(raw: unknown, source = 'config.json'): Chronos2Config {
  return parseCheckpointConfig(Chronos2ConfigSchema, 'Chronos-2', raw, source);
}

/** Reads and parses `config.json` from a checkpoint file path. */
export function readChronos2Config(file: string): Chronos2Config {
  return readCheckpointConfig(file, 'Chronos-2', parseChronos2Config);
}
