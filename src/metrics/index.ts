export * from './point.js';
export * from './probabilistic.js';
export * from './evaluate.js';
