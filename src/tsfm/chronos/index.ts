/** The Chronos family (Chronos-2, Chronos-Bolt): descriptor, adapter, config detection. */
export { chronosFamily } from './family.js';
export { ChronosAdapter, CHRONOS_MODEL_IDS, isChronosModelSize } from './adapter.js';
export type { ChronosAdapterOptions, ChronosModelSize } from './adapter.js';
export { chronosVariantOf, detectChronosFamily } from './detect.js';
export { readChronosFamily } from './config.js';
export type { ChronosVariant } from './detect.js';
export type { ChronosLoaders } from './forecaster.js';
export { chronosExpected, chronosTolerance } from './parityFamily.js';
