/**
 * The parity families `tsagentkit parity` knows. Add a family here with one line.
 */
import { loadChronos2Model } from '../../chronos2/model/index.js';
import type { ParityFamily } from '../types.js';
import { chronos2ParityFamily } from './chronos2.js';
import { chronosBoltParityFamily } from '../../chronos_bolt/parityFamily.js';
import { loadChronosBoltModel } from '../../chronos_bolt/model/index.js';
import { moirai2ParityFamily } from '../../moirai2/parityFamily.js';
import { loadMoirai2Model } from '../../moirai2/model/index.js';

export const builtinParityFamilies: ParityFamily[] = [
  chronos2ParityFamily((dir, options) => loadChronos2Model(dir, options)),
  chronosBoltParityFamily((dir, options) => loadChronosBoltModel(dir, options)),
  moirai2ParityFamily((dir, options) => loadMoirai2Model(dir, options)),
];
