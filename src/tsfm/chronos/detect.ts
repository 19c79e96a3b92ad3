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

/** Like `chronosVariantOf`, but a non-Chronos config is a typed error naming what was found. */
export function detectChronosFamily(config: unknown, source = 'config.json'): ChronosVariant {
  const variant = chronosVariantOf(config);
  if (variant) return variant;
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
