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
import { forecastWithCovariates, type XRegMode } from './pipeline/covariates/forecastWithCovariates.js';
import { cleanSeries } from './pipeline/inputs.js';

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

/** How future-known covariates are combined with TimesFM (upstream `forecast_with_covariates`). */
export interface TimesFMXRegSettings {
  readonly xregMode: XRegMode;
  readonly ridge: number;
}

interface TimesFMSettings {
  readonly forecastConfig: Partial<ForecastConfig>;
  readonly loader: TimesFMModelLoader;
  readonly xreg: TimesFMXRegSettings;
}

/**
 * Adapter options: `forecastConfig` (camelCase or upstream's snake_case keys), `xregMode`
 * ('xreg + timesfm' default, or 'timesfm + xreg') and `xregRidge` (default 0) for future-known
 * covariates, and `loader` (tests, custom builds).
 */
function timesfmSettings(options: Readonly<Record<string, unknown>>): TimesFMSettings {
  const { forecastConfig, loader, xregMode, xregRidge } = options;
  if (xregMode !== undefined && xregMode !== 'xreg + timesfm' && xregMode !== 'timesfm + xreg') {
    throw new ETaskSpecInvalid(`TimesFM option xregMode must be "xreg + timesfm" or "timesfm + xreg", got ${JSON.stringify(xregMode)}.`, {
      context: { adapter: 'timesfm', xregMode },
    });
  }
  if (xregRidge !== undefined && !(typeof xregRidge === 'number' && xregRidge >= 0)) {
    throw new ETaskSpecInvalid(`TimesFM option xregRidge must be a number ≥ 0, got ${JSON.stringify(xregRidge)}.`, {
      context: { adapter: 'timesfm', xregRidge },
    });
  }
  if (forecastConfig !== undefined && (typeof forecastConfig !== 'object' || forecastConfig === null || Array.isArray(forecastConfig))) {
    throw new ETaskSpecInvalid(
      `TimesFM option forecastConfig must be an object of ForecastConfig flags, got ${JSON.stringify(forecastConfig)}.`,
      {
        context: { adapter: 'timesfm', forecastConfig },
      },
    );
  }
  if (loader !== undefined && typeof loader !== 'function') {
    throw new ETaskSpecInvalid('TimesFM option loader must be a function (dir, engineOptions) => Promise<TimesFMModel>.', {
      context: { adapter: 'timesfm' },
    });
  }
  const raw = (forecastConfig ?? {}) as Record<string, unknown>;
  const snake = Object.keys(raw).some((k) => k.includes('_'));
  return {
    forecastConfig: snake ? forecastConfigFromSnakeCase(raw) : (raw as Partial<ForecastConfig>),
    loader: (loader as TimesFMModelLoader | undefined) ?? ((dir, engine) => loadTimesFMModel(dir, engine)),
    xreg: { xregMode: (xregMode as XRegMode | undefined) ?? 'xreg + timesfm', ridge: (xregRidge as number | undefined) ?? 0 },
  };
}

export async function loadTimesFMForecaster(dir: string, { engine, options }: TsfmLoadOptions): Promise<TsfmForecaster> {
  const settings = timesfmSettings(options);
  return timesfmForecaster(await settings.loader(dir, engine), settings.forecastConfig, settings.xreg);
}

export function timesfmForecaster(
  model: TimesFMModel,
  overrides: Partial<ForecastConfig> = {},
  xreg: TimesFMXRegSettings = { xregMode: 'xreg + timesfm', ridge: 0 },
): TsfmForecaster {
  const pipeline = new TimesFM2p5Pipeline(model);
  const levels = model.config.quantiles;
  const q = model.dims.q;
  return {
    info: { variant: 'timesfm2p5', weightBytes: model.weightBytes, parameters: Math.round(model.weightBytes / 4) },
    // Future-known covariates go through upstream's in-context regression; past-only ones have no
    // horizon values for it to use.
    covariates: { past: false, futureKnown: true },
    async forecast(items, request) {
      const h = request.h;
      const maxHorizon = Math.max(h, overrides.maxHorizon ?? 0);
      // The continuous quantile head covers 1024 steps; beyond that the point head's quantiles are used.
      const cqhDefault = maxHorizon <= model.dims.os;
      const requestedContext = request.contextLength ?? overrides.maxContext ?? RECOMMENDED_FORECAST_CONFIG.maxContext ?? 1024;
      const roundedHorizon = Math.ceil(maxHorizon / model.dims.o) * model.dims.o;
      // Leading patches that are all padding are invisible to the network (skipped as keys, and the
      // rotary positions start after them) and RevIN makes it affine-equivariant, so a context no
      // longer than the longest series gives the same forecasts up to float rounding, at a fraction
      // of the cost for short series.
      const longest = items.reduce((m, it) => Math.max(m, it.target.length - leadingNaNs(it.target)), 1);
      const fitted = Math.ceil(longest / model.dims.p) * model.dims.p;
      const maxContext = Math.max(1, Math.min(requestedContext, fitted, model.config.context_limit - roundedHorizon));
      const names = [...new Set(items.flatMap((it) => Object.keys(it.futureCovariates ?? {})))].sort();
      pipeline.compile({
        ...RECOMMENDED_FORECAST_CONFIG,
        useContinuousQuantileHead: cqhDefault,
        ...overrides,
        maxContext,
        maxHorizon,
        // forecast_with_covariates needs the in-sample forecasts.
        ...(names.length > 0 ? { returnBackcast: true } : {}),
        ...(request.batchSize !== undefined ? { perCoreBatchSize: request.batchSize } : {}),
      });
      if (names.length > 0) return forecastCovariateItems(pipeline, items, names, h, levels.length, xreg);
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

/**
 * Items with future-known covariates: leading NaNs of the target are dropped (with the covariates'
 * same steps), interior gaps interpolated as TimesFM's own input preparation does; an item whose
 * covariates are incomplete (a name missing, a non-finite value) comes back NaN, so the fallback
 * ladder forecasts that series with the next model, and is left out of the shared regression.
 */
async function forecastCovariateItems(
  pipeline: TimesFM2p5Pipeline,
  items: Parameters<TsfmForecaster['forecast']>[0],
  names: string[],
  h: number,
  numLevels: number,
  xreg: TimesFMXRegSettings,
): ReturnType<TsfmForecaster['forecast']> {
  const usable: number[] = [];
  const targets: Float64Array[] = [];
  const dynamic: Record<string, Float64Array[]> = Object.fromEntries(names.map((n) => [n, []]));
  items.forEach((it, i) => {
    let lead = 0;
    while (lead < it.target.length && Number.isNaN(it.target[lead])) lead++;
    if (lead === it.target.length) return;
    const columns: Float64Array[] = [];
    for (const name of names) {
      const past = it.pastCovariates?.[name];
      const future = it.futureCovariates?.[name];
      if (!past || !future || past.length !== it.target.length || future.length !== h) return;
      const column = new Float64Array(it.target.length - lead + h);
      column.set(past.subarray(lead));
      column.set(future, it.target.length - lead);
      if (!column.every(Number.isFinite)) return;
      columns.push(column);
    }
    usable.push(i);
    targets.push(cleanSeries(it.target.subarray(lead), i));
    names.forEach((name, k) => dynamic[name].push(columns[k]));
  });
  const nan = () => ({
    levels: pipeline.model.config.quantiles,
    quantiles: new Float32Array(h * numLevels).fill(Number.NaN),
    mean: new Float32Array(h).fill(Number.NaN),
  });
  const results = items.map(nan);
  if (usable.length === 0) return results;
  const f = await forecastWithCovariates(pipeline, targets, { dynamicNumerical: dynamic }, { xregMode: xreg.xregMode, ridge: xreg.ridge });
  const q = pipeline.model.dims.q;
  usable.forEach((i, j) => {
    const quantiles = new Float32Array(h * numLevels);
    for (let t = 0; t < h; t++) for (let k = 0; k < numLevels; k++) quantiles[t * numLevels + k] = f.quantiles[j][t * q + k + 1];
    results[i] = { levels: pipeline.model.config.quantiles, quantiles, mean: Float32Array.from(f.point[j]) };
  });
  return results;
}

function leadingNaNs(x: Float64Array): number {
  let n = 0;
  while (n < x.length && Number.isNaN(x[n])) n++;
  return n;
}
