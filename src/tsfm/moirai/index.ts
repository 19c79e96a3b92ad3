/**
 * `tsagentkit/tsfm/moirai`: the Moirai 2.0 family's internals — config detection and parsing, the
 * pipeline (packing, prediction), the model and the parity runner. The family-agnostic face
 * (`moiraiFamily`, `MoiraiAdapter`, the registry) is `tsagentkit/tsfm`.
 */
export { moirai2VariantOf } from './detect.js';
export { Moirai2ConfigSchema, readMoirai2Config, parseMoirai2Config, type Moirai2Config } from './config.js';
export { MOIRAI2_DEFAULT_CONTEXT, MOIRAI2_DEFAULT_BATCH, type Moirai2Loader } from './forecaster.js';
export { moirai2Forward, torchQuantilesLinear, type Moirai2Quantiles } from './pipeline/forecast.js';
export {
  moirai2Predict,
  prepareMoirai2Predict,
  type Moirai2PredictInput,
  type Moirai2PredictOptions,
  type Moirai2Series,
} from './pipeline/predict.js';
export { packMoirai2, type Moirai2BatchInput } from './pipeline/pack.js';
export { loadMoirai2Model, Moirai2OnnxModel, type Moirai2LoadOptions, type Moirai2LoadTimings } from './model/load.js';
export type { Moirai2Model, Moirai2Packed, Moirai2ForwardOutput, Moirai2ForwardDebug } from './types.js';
export { moirai2ParityFamily } from './parityFamily.js';
