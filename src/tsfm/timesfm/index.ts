/**
 * `tsagentkit/tsfm/timesfm`: the TimesFM 2.5 family's internals — config detection and parsing,
 * the pipeline (with covariates), the model and the parity runner. The family-agnostic face
 * (`timesfmFamily`, `TimesFMAdapter`, the registry) is `tsagentkit/tsfm`.
 */
export { isTimesFM2p5Config, timesfmUnsupportedReason, timesfmVariantOf, timesfmVersionOf, type TimesFMVersion } from './detect.js';
export {
  TimesFM2p5ConfigSchema,
  readTimesFM2p5Config,
  parseTimesFM2p5Config,
  timesfmDims,
  type TimesFM2p5Config,
  type TimesFM2p5Dims,
} from './config.js';
export { RECOMMENDED_FORECAST_CONFIG, type TimesFMModelLoader, type TimesFMXRegSettings } from './forecaster.js';
export { TimesFM2p5Pipeline, type TimesFMForecast } from './pipeline/pipeline.js';
export { DEFAULT_FORECAST_CONFIG, forecastConfigFromSnakeCase, type ForecastConfig } from './pipeline/forecastConfig.js';
export {
  forecastWithCovariates,
  type XRegMode,
  type ForecastWithCovariatesOptions,
  type CovariateForecast,
} from './pipeline/covariates/forecastWithCovariates.js';
export { loadTimesFMModel, TimesFMOnnxModel, type TimesFMLoadOptions, type TimesFMLoadTimings } from './model/load.js';
export type { TimesFMModel, TimesFMForwardInput, TimesFMForwardOutput, TimesFMForwardDebug } from './types.js';
export { timesfmParityFamily } from './parityFamily.js';
