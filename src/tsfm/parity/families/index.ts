/**
 * The parity families `tsagentkit parity` knows. Add a family here with one line.
 */
import type { ParityFamily } from '../types.js';

export const builtinParityFamilies: ParityFamily[] = [];
