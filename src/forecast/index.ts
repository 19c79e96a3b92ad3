export * from './types.js';
export * from './frame.js';
export * from './artifact.js';
export * from './versions.js';
