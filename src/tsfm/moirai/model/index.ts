export { loadMoirai2Model, Moirai2OnnxModel, type Moirai2LoadOptions, type Moirai2LoadTimings } from './load.js';
export { buildMoirai2Graph } from './graph.js';
export { readMoirai2Weights, moirai2ExpectedShapes, type Moirai2Weights } from './weights.js';
