/**
 * The parity families `tsagentkit parity` knows. Add a family here with one line.
 */
import { loadChronos2Model } from '../../chronos2/model/index.js';
import type { ParityFamily } from '../types.js';
import { chronos2ParityFamily } from './chronos2.js';
import { chronosBoltParityFamily } from '../../chronos_bolt/parityFamily.js';
import { loadChronosBoltModel } from '../../chronos_bolt/model/index.js';
import { timesfmParityFamily } from '../../timesfm2p5/parityFamily.js';
import { loadTimesFMModel } from '../../timesfm2p5/model/load.js';

export const builtinParityFamilies: ParityFamily[] = [
  chronos2ParityFamily((dir, options) => loadChronos2Model(dir, options)),
  chronosBoltParityFamily((dir, options) => loadChronosBoltModel(dir, options)),
  timesfmParityFamily((dir, options) => loadTimesFMModel(dir, options)),
];
