/** The Moirai 2.0 family: descriptor, adapter, config detection (no model code at import). */
export { moiraiFamily } from './family.js';
export { MoiraiAdapter } from './adapter.js';
export type { MoiraiAdapterOptions } from './adapter.js';
export { moirai2VariantOf } from './detect.js';
export type { Moirai2Loader } from './forecaster.js';
