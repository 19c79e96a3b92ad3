export * from './panel.js';
export * from './frequency.js';
export * from './timestamps.js';
export * from './issue.js';
export * from './io/index.js';
