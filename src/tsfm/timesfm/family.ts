/**
 * The TimesFM family descriptor: TimesFM 2.5 (google/timesfm-2.5-200m-pytorch) behind the `timesfm`
 * adapter. Cheap to import (no model code): `load` and the parity runner import theirs on demand.
 */
import type { TsfmFamily } from '../family.js';
import { timesfmUnsupportedReason, timesfmVariantOf, timesfmWeightsVariantOf } from './detect.js';

export const timesfmFamily: TsfmFamily = {
  name: 'timesfm',
  displayName: 'TimesFM 2.5',
  defaultSize: '200m',
  models: [{ size: '200m', id: 'google/timesfm-2.5-200m-pytorch', parameters: 231_289_280, variant: 'timesfm2p5' }],
  licence: {
    spdx: 'Apache-2.0',
    commercialUse: true,
    url: 'https://huggingface.co/google/timesfm-2.5-200m-pytorch',
  },
  detect: timesfmVariantOf,
  unsupported: timesfmUnsupportedReason,
  detectWeights: timesfmWeightsVariantOf,
  load: async (dir, options) => (await import('./forecaster.js')).loadTimesFMForecaster(dir, options),
  parity: {
    timesfm2p5: async () => {
      const [{ timesfmParityFamily }, { loadTimesFMModel }] = await Promise.all([import('./parityFamily.js'), import('./model/load.js')]);
      return timesfmParityFamily((dir, options) => loadTimesFMModel(dir, options));
    },
  },
};
