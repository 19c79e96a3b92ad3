/**
 * Chronos-Bolt's config.json: a Hugging Face T5Config with a nested `chronos_config`
 * (upstream `ChronosBoltConfig`), parsed with zod. Only the keys the forward pass reads are kept;
 * missing optional keys take T5Config's / upstream's defaults.
 */
import { z } from 'zod';
import { parseCheckpointConfig, readCheckpointConfig } from '../../engine/checkpoint.js';

const positiveInt = z.number().int().positive();

/** Activations the graph builder implements (HF ACT2FN names). */
export const SUPPORTED_ACTIVATIONS: readonly string[] = ['relu', 'gelu', 'gelu_new', 'silu'];

function activationOf(c: { feed_forward_proj: string; dense_act_fn?: string | undefined }): string {
  if (c.dense_act_fn !== undefined) return c.dense_act_fn;
  const parts = c.feed_forward_proj.split('-');
  return parts[parts.length - 1];
}

export const ChronosBoltForecastingConfigSchema = z.object({
  context_length: positiveInt,
  prediction_length: positiveInt,
  input_patch_size: positiveInt,
  input_patch_stride: positiveInt,
  quantiles: z.array(z.number().gt(0).lt(1)).min(1),
  use_reg_token: z.boolean().default(false),
});

export const ChronosBoltConfigSchema = z
  .object({
    d_model: positiveInt.default(512),
    d_kv: positiveInt.default(64),
    d_ff: positiveInt.default(2048),
    num_layers: positiveInt.default(6),
    // T5Config: num_decoder_layers defaults to num_layers when absent or null.
    num_decoder_layers: positiveInt.nullable().default(null),
    num_heads: positiveInt.default(8),
    relative_attention_num_buckets: positiveInt.default(32),
    relative_attention_max_distance: positiveInt.default(128),
    layer_norm_epsilon: z.number().positive().default(1e-6),
    feed_forward_proj: z.string().default('relu'),
    // HF sets dense_act_fn from feed_forward_proj, then lets an explicit key in config.json override it.
    dense_act_fn: z.string().optional(),
    is_gated_act: z.boolean().optional(),
    decoder_start_token_id: z.number().int().nonnegative().default(0),
    reg_token_id: z.number().int().nonnegative().default(1),
    architectures: z.array(z.string()).optional(),
    chronos_config: ChronosBoltForecastingConfigSchema,
  })
  .superRefine((c, ctx) => {
    if (c.feed_forward_proj.split('-')[0] === 'gated' || c.is_gated_act === true) {
      ctx.addIssue({ code: 'custom', path: ['feed_forward_proj'], message: 'gated activations are not supported by Chronos-Bolt' });
    }
    const act = activationOf(c);
    if (!SUPPORTED_ACTIVATIONS.includes(act)) {
      ctx.addIssue({ code: 'custom', path: ['dense_act_fn'], message: `unsupported activation "${act}"` });
    }
    const cc = c.chronos_config;
    if (cc.input_patch_stride !== cc.input_patch_size) {
      ctx.addIssue({
        code: 'custom',
        path: ['chronos_config', 'input_patch_stride'],
        message: 'input_patch_stride must equal input_patch_size (non-overlapping patches)',
      });
    }
    if (cc.use_reg_token && c.reg_token_id !== 1) {
      // Upstream forces reg_token_id = 1 (vocabulary {decoder start, REG}); a different id cannot index `shared`.
      ctx.addIssue({ code: 'custom', path: ['reg_token_id'], message: 'reg_token_id must be 1 when use_reg_token is true' });
    }
    const vocab = cc.use_reg_token ? 2 : 1;
    if (c.decoder_start_token_id >= vocab) {
      ctx.addIssue({ code: 'custom', path: ['decoder_start_token_id'], message: `decoder_start_token_id must be < ${vocab}` });
    }
    const sorted = cc.quantiles.every((q, i) => i === 0 || q > cc.quantiles[i - 1]);
    if (!sorted) {
      ctx.addIssue({ code: 'custom', path: ['chronos_config', 'quantiles'], message: 'quantiles must be strictly increasing' });
    }
  })
  .transform((c) => ({ ...c, num_decoder_layers: c.num_decoder_layers ?? c.num_layers }));

export type ChronosBoltConfig = z.infer<typeof ChronosBoltConfigSchema>;

/** The activation of the T5 feed-forward blocks and both residual blocks (`relu` for every released checkpoint). */
export function chronosBoltActivation(config: ChronosBoltConfig): string {
  return activationOf(config);
}

/** Number of token embeddings in `shared`: decoder start, plus [REG] when used. */
export function chronosBoltVocabSize(config: ChronosBoltConfig): number {
  return config.chronos_config.use_reg_token ? 2 : 1;
}

/** True when a decoded config.json is a Chronos-Bolt config (used to pick the family of a Chronos checkpoint). */
export function isChronosBoltConfig(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  const arch = Array.isArray(r.architectures) ? r.architectures : [];
  if (arch.includes('ChronosBoltModelForForecasting')) return true;
  return r.chronos_pipeline_class === 'ChronosBoltPipeline';
}

/** Parses an already-decoded config object; `source` names the file in errors. */
export function parseChronosBoltConfig(raw: unknown, source = 'config.json'): ChronosBoltConfig {
  return parseCheckpointConfig(ChronosBoltConfigSchema, 'Chronos-Bolt', raw, source);
}

/** Reads and parses `config.json` from a file path. */
export function readChronosBoltConfig(file: string): ChronosBoltConfig {
  return readCheckpointConfig(file, 'Chronos-Bolt', parseChronosBoltConfig);
}
