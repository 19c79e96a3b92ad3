export { moirai2Forward, torchQuantilesLinear, type Moirai2Quantiles } from './forecast.js';
export {
  moirai2Predict,
  prepareMoirai2Predict,
  causalMeanImpute,
  observedFlags,
  type Moirai2PredictInput,
  type Moirai2PredictOptions,
  type Moirai2Series,
} from './predict.js';
export { packMoirai2, packLayout, type Moirai2BatchInput, type PackLayout } from './pack.js';
