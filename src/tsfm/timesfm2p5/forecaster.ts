/**
 * The TimesFM 2.5 forecaster: a loaded checkpoint behind the family-neutral `TsfmForecaster` face.
 * Each call compiles a ForecastConfig for its horizon (cheap: no graph work) and forecasts every
 * item; the quantiles are the model's own levels 0.1…0.9 (the adapter maps them to the task's), and
 * the point forecast is upstream's (the median channel). This module imports onnxruntime; the family
 * descriptor imports it only inside `load`.
 */
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import type { TsfmForecaster, TsfmLoadOptions } from '../family.js';
import { loadTimesFMModel } from './model/load.js';
import { forecastConfigFromSnakeCase, type ForecastConfig } from './pipeline/forecastConfig.js';
import { TimesFM2p5Pipeline } from './pipeline/pipeline.js';
import type { TimesFMModel } from './types.js';

export type TimesFMModelLoader = (dir: string, options: EngineOptions) => Promise<TimesFMModel>;

/**
 * The flags upstream's README recommends for TimesFM 2.5 (max_context 1024, normalised inputs,
 * continuous quantile head, flip invariance, positivity, no quantile crossing); `maxHorizon` is set
 * per call from h.
 */
export const RECOMMENDED_FORECAST_CONFIG: Partial<ForecastConfig> = {
  maxContext: 1024,
  normalizeInputs: true,
  useContinuousQuantileHead: true,
  forceFlipInvariance: true,
  inferIsPositive: true,
  fixQuantileCrossing: true,
};

interface TimesFMSettings {
  readonly forecastConfig: Partial<ForecastConfig>;
  readonly loader: TimesFMModelLoader;
}

/** Adapter options: `forecastConfig` (camelCase or upstream's snake_case keys) and `loader` (tests, custom builds). */
function timesfmSettings(options: Readonly<Record<string, unknown>>): TimesFMSettings {
  const { forecastConfig, loader } = options;
  if (forecastConfig !== undefined && (typeof forecastConfig !== 'object' || forecastConfig === null || Array.isArray(forecastConfig))) {
    throw new ETaskSpecInvalid(`TimesFM option forecastConfig must be an object of ForecastConfig flags, got ${JSON.stringify(forecastConfig)}.`, {
      context: { adapter: 'timesfm', forecastConfig },
    });
  }
  if (loader !== undefined && typeof loader !== 'function') {
    throw new ETaskSpecInvalid('TimesFM option loader must be a function (dir, engineOptions) => Promise<TimesFMModel>.', { context: { adapter: 'timesfm' } });
  }
  const raw = (forecastConfig ?? {}) as Record<string, unknown>;
  const snake = Object.keys(raw).some((k) => k.includes('_'));
  return {
    forecastConfig: snake ? forecastConfigFromSnakeCase(raw) : (raw as Partial<ForecastConfig>),
    loader: (loader as TimesFMModelLoader | undefined) ?? ((dir, engine) => loadTimesFMModel(dir, engine)),
  };
}

export async function loadTimesFMForecaster(dir: string, { engine, options }: TsfmLoadOptions): Promise<TsfmForecaster> {
  const settings = timesfmSettings(options);
  return timesfmForecaster(await settings.loader(dir, engine), settings.forecastConfig);
}

export function timesfmForecaster(model: TimesFMModel, overrides: Partial<ForecastConfig> = {}): TsfmForecaster {
  const pipeline = new TimesFM2p5Pipeline(model);
  const levels = model.config.quantiles;
  const q = model.dims.q;
  return {
    info: { variant: 'timesfm2p5', weightBytes: model.weightBytes, parameters: Math.round(model.weightBytes / 4) },
    covariates: { past: false, futureKnown: false },
    async forecast(items, request) {
      const h = request.h;
      const maxHorizon = Math.max(h, overrides.maxHorizon ?? 0);
      // The continuous quantile head covers 1024 steps; beyond that the point head's quantiles are used.
      const cqhDefault = maxHorizon <= model.dims.os;
      const requestedContext = request.contextLength ?? overrides.maxContext ?? RECOMMENDED_FORECAST_CONFIG.maxContext ?? 1024;
      const roundedHorizon = Math.ceil(maxHorizon / model.dims.o) * model.dims.o;
      const maxContext = Math.max(1, Math.min(requestedContext, model.config.context_limit - roundedHorizon));
      pipeline.compile({
        ...RECOMMENDED_FORECAST_CONFIG,
        useContinuousQuantileHead: cqhDefault,
        ...overrides,
        maxContext,
        maxHorizon,
        ...(request.batchSize !== undefined ? { perCoreBatchSize: request.batchSize } : {}),
      });
      const out = await pipeline.forecast(
        h,
        items.map((it) => it.target),
      );
      return items.map((_, i) => {
        const quantiles = new Float32Array(h * levels.length);
        for (let t = 0; t < h; t++) {
          for (let k = 0; k < levels.length; k++) quantiles[t * levels.length + k] = out.quantiles[(i * out.length + t) * q + k + 1];
        }
        return { levels, quantiles, mean: out.point.subarray(i * out.length, i * out.length + h) };
      });
    },
    dispose: () => model.dispose(),
  };
}
