export { Chronos2Pipeline, DEFAULT_QUANTILE_LEVELS, DEFAULT_UNROLLED_QUANTILES } from './pipeline.js';
export type { Chronos2Forecast, Chronos2PredictOptions, Chronos2QuantileForecast, Chronos2QuantileOptions } from './pipeline.js';
export { prepareInputs } from './inputs.js';
export type { Chronos2DictItem, Chronos2Inputs, Chronos2Item, MultiSeriesLike, PreparedItem, SeriesLike, Tensor3D } from './inputs.js';
export { caseInputsToPipeline, caseKwargsToOptions, replayPipelineCalls } from './replay.js';
export {
  prepareChronos2Inputs,
  inverseTransform,
  instanceNormStats,
  packGroups,
  FLOAT32_MIN,
  type Chronos2Prepared,
  type GroupPacking,
} from './prepare.js';
