/**
 * `tsagentkit/tsfm`: time-series foundation models — the family registry and contract, the one
 * adapter a ModelPool serves for every family, each family's pipeline and model (Chronos-2,
 * Chronos-Bolt, TimesFM 2.5, Moirai 2.0), checkpoint sources (local folder, Hugging Face cache,
 * download) and the parity runner. Importing this does not load onnxruntime; loading a model does.
 */
// ---- families and the adapter -----------------------------------------------------------------
export { TSFM_FAMILIES, tsfmFamilyNames, findTsfmFamily, tsfmFamily, detectTsfmFamily, findTsfmModel, tsfmModel } from '../tsfm/families.js';
export type {
  TsfmFamily,
  TsfmForecaster,
  TsfmForecastRequest,
  TsfmItem,
  TsfmItemForecast,
  TsfmLicence,
  TsfmLoadOptions,
  TsfmModel,
  TsfmModelInfo,
  TsfmCovariateSupport,
} from '../tsfm/family.js';
export { TsfmAdapter, quantilesAtLevels, createTsfmAdapter, type TsfmAdapterOptions } from '../tsfm/adapters/index.js';

// ---- Chronos-2 and Chronos-Bolt ---------------------------------------------------------------
export { chronosFamily, ChronosAdapter, CHRONOS_MODEL_IDS, detectChronosFamily, readChronosFamily } from '../tsfm/chronos/index.js';
export type { ChronosAdapterOptions, ChronosModelSize, ChronosVariant } from '../tsfm/chronos/index.js';
export { Chronos2Pipeline, DEFAULT_QUANTILE_LEVELS } from '../tsfm/chronos/chronos2/pipeline/index.js';
export type { Chronos2Forecast, Chronos2PredictOptions, Chronos2QuantileForecast, Chronos2QuantileOptions, Chronos2Inputs } from '../tsfm/chronos/chronos2/pipeline/index.js';
export { loadChronos2Model, Chronos2OnnxModel, type Chronos2LoadOptions } from '../tsfm/chronos/chronos2/model/index.js';
export { readChronos2Config, parseChronos2Config, type Chronos2Config } from '../tsfm/chronos/chronos2/config.js';
export { ChronosBoltPipeline, loadChronosBoltModel, ChronosBoltOnnxModel, readChronosBoltConfig, parseChronosBoltConfig } from '../tsfm/chronos/bolt/index.js';
export type { ChronosBoltConfig, ChronosBoltLoadOptions, BoltPredictOptions, BoltQuantileForecast } from '../tsfm/chronos/bolt/index.js';

// ---- TimesFM 2.5 ------------------------------------------------------------------------------
export { timesfmFamily } from '../tsfm/timesfm/family.js';
export { TimesFM2p5Pipeline, type TimesFMForecast } from '../tsfm/timesfm/pipeline/pipeline.js';
export { DEFAULT_FORECAST_CONFIG, type ForecastConfig } from '../tsfm/timesfm/pipeline/forecastConfig.js';
export { loadTimesFMModel, TimesFMOnnxModel, type TimesFMLoadOptions } from '../tsfm/timesfm/model/load.js';
export { forecastWithCovariates, type XRegMode, type ForecastWithCovariatesOptions, type CovariateForecast } from '../tsfm/timesfm/pipeline/covariates/forecastWithCovariates.js';
export { readTimesFM2p5Config, parseTimesFM2p5Config, type TimesFM2p5Config } from '../tsfm/timesfm/config.js';

// ---- Moirai 2.0 -------------------------------------------------------------------------------
export { moiraiFamily, MoiraiAdapter, moirai2VariantOf, type MoiraiAdapterOptions } from '../tsfm/moirai/index.js';
export { moirai2Predict } from '../tsfm/moirai/pipeline/predict.js';
export { moirai2Forward } from '../tsfm/moirai/pipeline/forecast.js';
export { loadMoirai2Model, Moirai2OnnxModel } from '../tsfm/moirai/model/load.js';

// ---- checkpoints and parity -------------------------------------------------------------------
export { resolveModelSource, defaultHubCacheDir, lookupHubCache, repoCacheDir, downloadToHubCache, CHECKPOINT_FILES } from '../tsfm/sources/index.js';
export type { ModelSourceOptions, ResolvedModelSource, DownloadProgress } from '../tsfm/sources/index.js';
export { runParityFile, readParityFile, registerParityFamily, parityFamilyNames, type RunParityOptions } from '../tsfm/parity/index.js';
