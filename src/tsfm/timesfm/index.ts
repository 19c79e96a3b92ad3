/** The TimesFM 2.5 family: descriptor, adapter, config detection (no model code at import). */
export { timesfmFamily } from './family.js';
export { TimesFMAdapter } from './adapter.js';
export type { TimesFMAdapterOptions } from './adapter.js';
export { isTimesFM2p5Config, timesfmVariantOf } from './detect.js';
export type { TimesFMModelLoader } from './forecaster.js';
