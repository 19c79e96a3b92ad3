export {
  loadChronosBoltModel,
  ChronosBoltOnnxModel,
  type ChronosBoltLoadOptions,
  type ChronosBoltLoadTimings,
  type ChronosBoltForwardDebug,
} from './load.js';
export { buildChronosBoltGraph, BOLT_DEBUG_OUTPUTS, type ChronosBoltGraphOptions } from './graph.js';
export { readChronosBoltWeights, chronosBoltExpectedShapes, type ChronosBoltWeights } from './weights.js';
