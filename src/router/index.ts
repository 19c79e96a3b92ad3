export * from './plan.js';
export * from './profile.js';
export * from './seasonality.js';
export * from './ladders.js';
export * from './thresholds.js';
export { canonicalJson, signatureOf } from '../task/signature.js';
