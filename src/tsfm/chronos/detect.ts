/**
 * Which Chronos architecture a config.json describes: Chronos-2 (`Chronos2Pipeline`) or
 * Chronos-Bolt (`ChronosBoltPipeline`). Cheap and free of model code, so the family descriptor can
 * identify checkpoints without loading onnxruntime.
 */
import { EConfigInvalid } from '../../errors/index.js';

export type ChronosVariant = 'chronos2' | 'chronos_bolt';

/** The variant of a config.json, or undefined when it is not a Chronos config. */
export function chronosVariantOf(config: unknown): ChronosVariant | undefined {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const pipelineClass = c['chronos_pipeline_class'] ?? (c['chronos_config'] as Record<string, unknown> | undefined)?.['pipeline_class'];
  const architectures = Array.isArray(c['architectures']) ? (c['architectures'] as unknown[]).map(String) : [];
  if (pipelineClass === 'Chronos2Pipeline' || architectures.includes('Chronos2Model')) return 'chronos2';
  if (pipelineClass === 'ChronosBoltPipeline' || architectures.includes('ChronosBoltModelForForecasting')) return 'chronos_bolt';
  return undefined;
}

/**
 * Why a Chronos config of another release cannot be loaded: the original Chronos (T5 over a token
 * vocabulary, `ChronosPipeline`, `T5ForConditionalGeneration`) samples tokens and is not ported.
 * Undefined for Chronos-2 / Chronos-Bolt and for non-Chronos configs.
 */
export function chronosUnsupportedReason(config: unknown): string | undefined {
  if (chronosVariantOf(config) !== undefined) return undefined;
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const nested = c['chronos_config'] as Record<string, unknown> | undefined;
  const pipelineClass = c['chronos_pipeline_class'] ?? nested?.['pipeline_class'];
  if (pipelineClass === 'ChronosPipeline' || (nested !== undefined && 'tokenizer_class' in nested))
    return 'Chronos (T5, v1) config (ChronosPipeline, token vocabulary): this build runs Chronos-2 and Chronos-Bolt only';
  return undefined;
}

/** Like `chronosVariantOf`, but a non-Chronos config is a typed error naming what was found. */
export function detectChronosFamily(config: unknown, source = 'config.json'): ChronosVariant {
  const variant = chronosVariantOf(config);
  if (variant) return variant;
  const v1 = chronosUnsupportedReason(config);
  if (v1 !== undefined) {
    throw new EConfigInvalid(`${source} is a ${v1}.`, {
      context: { file: source, version: 'chronos-t5' },
      fixHint:
        'Use a Chronos-Bolt checkpoint (amazon/chronos-bolt-*, the successor of chronos-t5-*) or Chronos-2 (amazon/chronos-2); the original Chronos is not supported.',
    });
  }
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const pipelineClass = c['chronos_pipeline_class'] ?? (c['chronos_config'] as Record<string, unknown> | undefined)?.['pipeline_class'];
  const architectures = Array.isArray(c['architectures']) ? (c['architectures'] as unknown[]).map(String) : [];
  throw new EConfigInvalid(
    `${source} is not a Chronos-2 or Chronos-Bolt config (chronos_pipeline_class ${JSON.stringify(pipelineClass)}, architectures ${JSON.stringify(architectures)}).`,
    {
      context: { file: source, pipelineClass, architectures },
      fixHint: 'Point the chronos adapter at a Chronos-2 or Chronos-Bolt checkpoint (config.json + model.safetensors).',
    },
  );
}
