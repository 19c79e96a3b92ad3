/**
 * Chronos-Bolt (amazon/chronos-bolt-{tiny,mini,small,base}) in TypeScript: the network as an ONNX
 * graph on onnxruntime-node and upstream's `ChronosBoltPipeline` around it.
 *
 * ```ts
 * const model = await loadChronosBoltModel(dir, { intraOpNumThreads: 2 });
 * const pipeline = new ChronosBoltPipeline(model);
 * const { quantiles, mean } = await pipeline.predictQuantiles([series1, series2], { predictionLength: 24, quantileLevels: [0.1, 0.5, 0.9] });
 * await model.dispose();
 * ```
 */
export {
  ChronosBoltConfigSchema,
  parseChronosBoltConfig,
  readChronosBoltConfig,
  isChronosBoltConfig,
  chronosBoltActivation,
  type ChronosBoltConfig,
} from './config.js';
export { leftPadAndStack, type BoltContextInput, type BoltSeries, type BoltContextMatrix } from './pipeline/context.js';
export {
  ChronosBoltPipeline,
  type BoltPredictOptions,
  type BoltPredictQuantilesOptions,
  type BoltQuantileForecast,
  type BoltQuantilesAndMean,
  type ChronosBoltPipelineOptions,
} from './pipeline/pipeline.js';
export type { ChronosBoltModel, ChronosBoltForwardInput, ChronosBoltForwardOutput } from './types.js';
export { loadChronosBoltModel, ChronosBoltOnnxModel, type ChronosBoltLoadOptions, type ChronosBoltLoadTimings } from './model/index.js';
export { chronosBoltParityFamily, runChronosBoltCase } from './parityFamily.js';
