export { formatCaseLine, formatSummary, readParityFile, runParityFile } from './runner.js';
export type { RunParityOptions } from './runner.js';
export { getParityFamily, parityFamilyNames, registerParityFamily } from './registry.js';
export { chronosExpected, chronosTolerance, compareOutputs, flattenNested, populationStd } from './compare.js';
export type * from './types.js';
