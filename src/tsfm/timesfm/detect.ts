/**
 * Whether a config.json is a TimesFM 2.5 checkpoint (its `model_family` / `model_type`). Cheap and
 * free of model code, so the family descriptor can identify checkpoints without loading onnxruntime.
 */

/** True when a config.json object describes a TimesFM 2.5 checkpoint. */
export function isTimesFM2p5Config(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  const family = String(r['model_family'] ?? r['model_type'] ?? '').toLowerCase();
  return family.startsWith('timesfm-2.5') || family.startsWith('timesfm_2p5') || family === 'timesfm2p5';
}

/** The variant of a config.json, or undefined when it is not a TimesFM config. */
export function timesfmVariantOf(config: unknown): 'timesfm2p5' | undefined {
  return isTimesFM2p5Config(config) ? 'timesfm2p5' : undefined;
}
