/**
 * The Moirai 2.0 family descriptor (`moirai` adapter): Salesforce's decoder-only quantile
 * forecaster. Cheap to import (no model code): `load` and the parity runner import theirs on demand.
 */
import type { TsfmFamily } from '../family.js';
import { moirai2VariantOf } from './detect.js';

export const moiraiFamily: TsfmFamily = {
  name: 'moirai',
  displayName: 'Moirai 2.0',
  defaultSize: 'small',
  models: [{ size: 'small', id: 'Salesforce/moirai-2.0-R-small', parameters: 11.4e6, variant: 'moirai2' }],
  licence: {
    spdx: 'CC-BY-NC-4.0',
    commercialUse: false,
    note: 'The weights are for non-commercial use only (attribution required); the uni2ts code is Apache-2.0. Moirai 1.x weights are CC-BY-NC-4.0 as well.',
    url: 'https://huggingface.co/Salesforce/moirai-2.0-R-small',
  },
  detect: moirai2VariantOf,
  load: async (dir, options) => (await import('./forecaster.js')).loadMoirai2Forecaster(dir, options),
  parity: {
    moirai2: async () => {
      const [{ moirai2ParityFamily }, { loadMoirai2Model }] = await Promise.all([import('./parityFamily.js'), import('./model/index.js')]);
      return moirai2ParityFamily((dir, options) => loadMoirai2Model(dir, options));
    },
  },
};
