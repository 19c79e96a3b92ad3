export * from './qa.js';
export * from './types.js';
export { findLeaks, lastObservedIndex, type Leak } from './checks.js';
