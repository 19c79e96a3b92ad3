export { formatCaseLine, formatSummary, readParityFile, runParityFile } from './runner.js';
export type { RunParityOptions } from './runner.js';
export { getParityFamily, parityFamilyNames, registerParityFamily } from './registry.js';
export { compareOutputs, flattenNested, nestedArray, populationStd } from './compare.js';
export type * from './types.js';
