/**
 * `tsagentkit/tsfm`: time-series foundation models — the adapters a ModelPool serves, the Chronos-2 and
 * Chronos-Bolt pipelines and models, checkpoint sources (local folder, Hugging Face cache, download)
 * and the parity runner. Importing this does not load onnxruntime; loading a model does.
 */
export { ChronosAdapter, CHRONOS_MODEL_IDS, chronosAdapterFactory, registerChronosAdapter, detectChronosFamily, readChronosFamily } from '../tsfm/adapters/index.js';
export type { ChronosAdapterOptions, ChronosModelSize, ChronosFamily } from '../tsfm/adapters/index.js';
export { Chronos2Pipeline, DEFAULT_QUANTILE_LEVELS } from '../tsfm/chronos2/pipeline/index.js';
export type { Chronos2Forecast, Chronos2PredictOptions, Chronos2QuantileForecast, Chronos2QuantileOptions, Chronos2Inputs } from '../tsfm/chronos2/pipeline/index.js';
export { loadChronos2Model, Chronos2OnnxModel, type Chronos2LoadOptions } from '../tsfm/chronos2/model/index.js';
export { readChronos2Config, parseChronos2Config, type Chronos2Config } from '../tsfm/chronos2/config.js';
export { ChronosBoltPipeline, loadChronosBoltModel, ChronosBoltOnnxModel, readChronosBoltConfig, parseChronosBoltConfig } from '../tsfm/chronos_bolt/index.js';
export type { ChronosBoltConfig, ChronosBoltLoadOptions, BoltPredictOptions, BoltQuantileForecast } from '../tsfm/chronos_bolt/index.js';
export { resolveModelSource, defaultHubCacheDir, lookupHubCache, repoCacheDir, downloadToHubCache, CHECKPOINT_FILES } from '../tsfm/sources/index.js';
export type { ModelSourceOptions, ResolvedModelSource, DownloadProgress } from '../tsfm/sources/index.js';
export { runParityFile, readParityFile, registerParityFamily, parityFamilyNames, type RunParityOptions } from '../tsfm/parity/index.js';
