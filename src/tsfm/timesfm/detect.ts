/**
 * Which TimesFM release a config.json describes. Cheap and free of model code, so the family
 * descriptor can identify checkpoints without loading onnxruntime. Two layouts say "TimesFM 2.5":
 * our own (`model_family: "timesfm-2.5"`, the test checkpoints) and the transformers-style file
 * the release ships (`model_type: "timesfm"`, `architectures: ["TimesFmModelForPrediction"]`),
 * which upstream's loader never parses. TimesFM 1.0 and 2.0 ship the same transformers class and
 * model_type; they are told apart by their layout (a frequency embedding, `freq_size`, and no
 * continuous quantile head, `quantile_horizon_length`) and cannot be loaded here.
 */

/** A TimesFM config's release: '2.5' loads; the others are named in errors. */
export type TimesFMVersion = '2.5' | '2.0' | '1.0' | '1.x/2.0';

type Raw = Record<string, unknown>;

/** The transformers-style layout (`TimesFmConfig` keys). */
export function isTransformersTimesFMConfig(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Raw;
  const architectures = Array.isArray(r['architectures']) ? (r['architectures'] as unknown[]).map(String) : [];
  return String(r['model_type'] ?? '').toLowerCase() === 'timesfm' || architectures.includes('TimesFmModelForPrediction');
}

/** The release a config.json describes, or undefined when it is not a TimesFM config. */
export function timesfmVersionOf(raw: unknown): TimesFMVersion | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Raw;
  const family = String(r['model_family'] ?? r['model_type'] ?? '').toLowerCase();
  if (family.startsWith('timesfm-2.5') || family.startsWith('timesfm_2p5') || family === 'timesfm2p5') return '2.5';
  if (!isTransformersTimesFMConfig(r)) return undefined;
  // 2.5: a continuous quantile head and no frequency input; 1.0/2.0: a frequency embedding.
  const v1Keys = ['freq_size', 'use_positional_embedding', 'pad_val', 'tolerance'].some((k) => k in r);
  if ('quantile_horizon_length' in r && !v1Keys) return '2.5';
  // google/timesfm-2.0-500m has 50 layers and a 2048 context; 1.0-200m has 20 layers, 512, positional embeddings.
  if (r['num_hidden_layers'] === 50) return '2.0';
  if (r['num_hidden_layers'] === 20 && (r['use_positional_embedding'] === true || r['context_length'] === 512)) return '1.0';
  return '1.x/2.0';
}

/** True when a config.json object describes a TimesFM 2.5 checkpoint (either layout). */
export function isTimesFM2p5Config(raw: unknown): boolean {
  return timesfmVersionOf(raw) === '2.5';
}

/** The variant of a config.json, or undefined when it is not a TimesFM 2.5 config. */
export function timesfmVariantOf(config: unknown): 'timesfm2p5' | undefined {
  return isTimesFM2p5Config(config) ? 'timesfm2p5' : undefined;
}

/** Why a TimesFM config of another release cannot be loaded; undefined for 2.5 and non-TimesFM configs. */
export function timesfmUnsupportedReason(config: unknown): string | undefined {
  const version = timesfmVersionOf(config);
  if (version === undefined || version === '2.5') return undefined;
  const layers = (config as Raw)['num_hidden_layers'];
  return `TimesFM ${version} config (transformers TimesFmModelForPrediction${typeof layers === 'number' ? `, ${layers} layers` : ''}): this build runs TimesFM 2.5 only`;
}

/** Upstream TimesFM 2.5's state_dict names: a folder saved by upstream holds model.safetensors alone. */
export function timesfmWeightsVariantOf(tensorNames: readonly string[]): 'timesfm2p5' | undefined {
  const names = new Set(tensorNames);
  const required = [
    'tokenizer.hidden_layer.weight',
    'stacked_xf.0.attn.qkv_proj.weight',
    'output_projection_point.output_layer.weight',
    'output_projection_quantiles.output_layer.weight',
  ];
  return required.every((n) => names.has(n)) ? 'timesfm2p5' : undefined;
}
