/**
 * upstream `ForecastConfig` and what `compile()` does with it: the flags of one forecasting setup,
 * max_context rounded up to whole input patches and max_horizon to whole output patches, and the
 * two limits upstream enforces at compile time (context + horizon within the model's context limit;
 * the continuous quantile head only up to its 1024 steps).
 */
import { z } from 'zod';
import { ETSFMForecastConfigInvalid } from '../../../errors/index.js';
import type { TimesFM2p5Dims } from '../config.js';

export interface ForecastConfig {
  /** Series longer than this keep their last maxContext values; shorter ones are left-padded (masked). */
  maxContext: number;
  /** The longest horizon `forecast()` accepts; decode always runs to it. */
  maxHorizon: number;
  /** Standardise each padded row (mean, unbiased std) before decode and undo it after. */
  normalizeInputs: boolean;
  /** Accepted for upstream compatibility; upstream has not implemented it, so only 0 is allowed. */
  windowSize: number;
  /** Rows per decode call (upstream: per device; the results do not depend on it). */
  perCoreBatchSize: number;
  /** Quantiles from the 1024-step quantile head, re-centred on the point head's median. */
  useContinuousQuantileHead: boolean;
  /** Average f(x) with −f(−x) (quantiles mirrored), so that TimesFM(−x) = −TimesFM(x). Two passes. */
  forceFlipInvariance: boolean;
  /** Clamp every output at 0 when the whole padded context is ≥ 0. */
  inferIsPositive: boolean;
  /** Make the quantiles monotone outwards from the median. */
  fixQuantileCrossing: boolean;
  /** Prepend the in-sample one-patch-ahead forecasts of the context ((context/32 − 1)·32 steps). */
  returnBackcast: boolean;
}

export const DEFAULT_FORECAST_CONFIG: ForecastConfig = {
  maxContext: 0,
  maxHorizon: 0,
  normalizeInputs: false,
  windowSize: 0,
  perCoreBatchSize: 1,
  useContinuousQuantileHead: false,
  forceFlipInvariance: true,
  inferIsPositive: true,
  fixQuantileCrossing: false,
  returnBackcast: false,
};

const nonNegativeInt = z.number().int().nonnegative();
const ForecastConfigSchema = z.object({
  maxContext: nonNegativeInt,
  maxHorizon: nonNegativeInt,
  normalizeInputs: z.boolean(),
  windowSize: z.literal(0, { message: 'window_size is not implemented upstream; only 0 is accepted' }),
  perCoreBatchSize: z.number().int().positive(),
  useContinuousQuantileHead: z.boolean(),
  forceFlipInvariance: z.boolean(),
  inferIsPositive: z.boolean(),
  fixQuantileCrossing: z.boolean(),
  returnBackcast: z.boolean(),
});

/** The same flags as upstream's snake_case dataclass fields (e.g. from a fixture or a JSON file). */
export function forecastConfigFromSnakeCase(raw: Record<string, unknown>): Partial<ForecastConfig> {
  const map: Record<string, keyof ForecastConfig> = {
    max_context: 'maxContext',
    max_horizon: 'maxHorizon',
    normalize_inputs: 'normalizeInputs',
    window_size: 'windowSize',
    per_core_batch_size: 'perCoreBatchSize',
    use_continuous_quantile_head: 'useContinuousQuantileHead',
    force_flip_invariance: 'forceFlipInvariance',
    infer_is_positive: 'inferIsPositive',
    fix_quantile_crossing: 'fixQuantileCrossing',
    return_backcast: 'returnBackcast',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = map[k];
    if (!key)
      throw new ETSFMForecastConfigInvalid(`Unknown ForecastConfig field "${k}"`, { context: { field: k, known: Object.keys(map) } });
    out[key] = v;
  }
  return out as Partial<ForecastConfig>;
}

/**
 * upstream `compile()`: validates the flags, rounds max_context up to a multiple of the input patch
 * and max_horizon up to a multiple of the output patch, and raises where upstream raises.
 */
export function compileForecastConfig(options: Partial<ForecastConfig>, dims: TimesFM2p5Dims, contextLimit: number): ForecastConfig {
  const parsed = ForecastConfigSchema.safeParse({ ...DEFAULT_FORECAST_CONFIG, ...options });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ETSFMForecastConfigInvalid(`Invalid TimesFM forecast config: ${issues.join('; ')}`, { context: { issues } });
  }
  const fc = { ...parsed.data } as ForecastConfig;
  if (fc.maxContext < 1) {
    throw new ETSFMForecastConfigInvalid('maxContext must be at least 1 (the number of past values the model reads)', {
      context: { maxContext: fc.maxContext },
    });
  }
  fc.maxContext = Math.ceil(fc.maxContext / dims.p) * dims.p;
  fc.maxHorizon = Math.ceil(fc.maxHorizon / dims.o) * dims.o;
  if (fc.maxContext + fc.maxHorizon > contextLimit) {
    throw new ETSFMForecastConfigInvalid(
      `Context + horizon must be less than the context limit. ${fc.maxContext} + ${fc.maxHorizon} > ${contextLimit}.`,
      {
        context: { maxContext: fc.maxContext, maxHorizon: fc.maxHorizon, contextLimit },
      },
    );
  }
  if (fc.useContinuousQuantileHead && fc.maxHorizon > dims.os) {
    throw new ETSFMForecastConfigInvalid(`Continuous quantile head is not supported for horizons > ${dims.os}.`, {
      context: { maxHorizon: fc.maxHorizon, quantileHeadLength: dims.os },
      fixHint: `Lower maxHorizon to ${dims.os} or less, or turn useContinuousQuantileHead off.`,
    });
  }
  return fc;
}
