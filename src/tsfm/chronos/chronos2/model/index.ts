export {
  loadChronos2Model,
  Chronos2OnnxModel,
  type Chronos2LoadOptions,
  type Chronos2LoadTimings,
  type Chronos2ForwardDebug,
} from './load.js';
export { buildChronos2Graph, type Chronos2GraphOptions } from './graph.js';
export { readChronos2Weights, chronos2ExpectedShapes, type Chronos2Weights } from './weights.js';
