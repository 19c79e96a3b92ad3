/**
 * `tsagentkit/tsfm/chronos`: the Chronos family's internals — config detection, the Chronos-2 and
 * Chronos-Bolt pipelines, models and configs, and their parity runners. The family-agnostic face
 * (`chronosFamily`, `ChronosAdapter`, the registry) is `tsagentkit/tsfm`.
 *
 * ```ts
 * const model = await loadChronosBoltModel(dir, { intraOpNumThreads: 2 });
 * const pipeline = new ChronosBoltPipeline(model);
 * const { quantiles, mean } = await pipeline.predictQuantiles([series1, series2], { predictionLength: 24, quantileLevels: [0.1, 0.5, 0.9] });
 * await model.dispose();
 * ```
 */
// ---- the family: detection, forecasters, parity rule ------------------------------------------
export { chronosUnsupportedReason, chronosVariantOf, detectChronosFamily, type ChronosVariant } from './detect.js';
export { readChronosFamily } from './config.js';
export { isChronosModelSize } from './adapter.js';
export type { ChronosLoaders, Chronos2Loader, ChronosBoltLoader } from './forecaster.js';
export { chronosExpected, chronosTolerance } from './parityFamily.js';

// ---- Chronos-2 --------------------------------------------------------------------------------
export {
  Chronos2Pipeline,
  DEFAULT_QUANTILE_LEVELS,
  DEFAULT_UNROLLED_QUANTILES,
  prepareInputs,
  caseInputsToPipeline,
  caseKwargsToOptions,
  replayPipelineCalls,
} from './chronos2/pipeline/index.js';
export type {
  Chronos2Forecast,
  Chronos2PredictOptions,
  Chronos2QuantileForecast,
  Chronos2QuantileOptions,
} from './chronos2/pipeline/index.js';
export type {
  Chronos2DictItem,
  Chronos2Inputs,
  Chronos2Item,
  MultiSeriesLike,
  PreparedItem,
  SeriesLike,
  Tensor3D,
} from './chronos2/pipeline/index.js';
export {
  prepareChronos2Inputs,
  inverseTransform,
  instanceNormStats,
  packGroups,
  FLOAT32_MIN,
  type Chronos2Prepared,
  type GroupPacking,
} from './chronos2/pipeline/index.js';
export {
  loadChronos2Model,
  Chronos2OnnxModel,
  type Chronos2LoadOptions,
  type Chronos2LoadTimings,
  type Chronos2ForwardDebug,
} from './chronos2/model/index.js';
export {
  buildChronos2Graph,
  readChronos2Weights,
  chronos2ExpectedShapes,
  type Chronos2GraphOptions,
  type Chronos2Weights,
} from './chronos2/model/index.js';
export {
  Chronos2ConfigSchema,
  readChronos2Config,
  parseChronos2Config,
  chronos2Activation,
  type Chronos2Config,
} from './chronos2/config.js';
export type { Chronos2Model, Chronos2ForwardInput, Chronos2ForwardOutput } from './chronos2/types.js';
export { chronos2ParityFamily, runChronos2Case } from './chronos2/parityFamily.js';

// ---- Chronos-Bolt -----------------------------------------------------------------------------
export {
  ChronosBoltConfigSchema,
  parseChronosBoltConfig,
  readChronosBoltConfig,
  isChronosBoltConfig,
  chronosBoltActivation,
  type ChronosBoltConfig,
} from './bolt/config.js';
export { leftPadAndStack, type BoltContextInput, type BoltSeries, type BoltContextMatrix } from './bolt/pipeline/context.js';
export { ChronosBoltPipeline } from './bolt/pipeline/pipeline.js';
export type {
  BoltPredictOptions,
  BoltPredictQuantilesOptions,
  BoltQuantileForecast,
  BoltQuantilesAndMean,
  ChronosBoltPipelineOptions,
} from './bolt/pipeline/pipeline.js';
export type { ChronosBoltModel, ChronosBoltForwardInput, ChronosBoltForwardOutput } from './bolt/types.js';
export {
  loadChronosBoltModel,
  ChronosBoltOnnxModel,
  type ChronosBoltLoadOptions,
  type ChronosBoltLoadTimings,
} from './bolt/model/index.js';
export { chronosBoltParityFamily, runChronosBoltCase } from './bolt/parityFamily.js';
