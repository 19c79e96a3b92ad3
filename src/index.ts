/**
 * tsagentkit: the library entry point. The session runtime is the main API (`TSAgentSession`,
 * `ModelPool`, `runForecast`); the step modules are exported too, so callers and agents can drive
 * validate → qa → plan → fit → predict themselves.
 */
export * from './errors/index.js';
export * from './spec/taskSpec.js';
export * from './data/index.js';
export * from './validation/index.js';
export * from './qa/index.js';
export * from './router/index.js';
export * from './models/contract.js';
export * from './models/stats/types.js';
export * from './models/registry.js';
export * from './models/statistical.js';
export * from './forecast/index.js';
export * from './metrics/index.js';
export * from './backtest/index.js';
export * from './runtime/index.js';
export * from './tsfm/family.js';
export * from './tsfm/families.js';
export * from './tsfm/adapters/index.js';
export * from './tsfm/chronos/index.js';
export * from './tsfm/moirai2/index.js';
export * from './tsfm/sources/index.js';
export * from './tsfm/parity/index.js';
export * from './examples/index.js';
export * from './report/index.js';
