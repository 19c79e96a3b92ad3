/**
 * The Chronos family descriptor: Chronos-2 and Chronos-Bolt checkpoints behind the `chronos`
 * adapter. Cheap to import (no model code): `load` and the parity runners import theirs on demand.
 */
import type { TsfmFamily } from '../family.js';
import { chronosUnsupportedReason, chronosVariantOf } from './detect.js';

/** Chronos-Bolt weights are Apache-2.0 too; each card states it. */
const boltLicence = (size: string) => ({
  spdx: 'Apache-2.0',
  commercialUse: true,
  url: `https://huggingface.co/amazon/chronos-bolt-${size}`,
});

export const chronosFamily: TsfmFamily = {
  name: 'chronos',
  displayName: 'Chronos-2 / Chronos-Bolt',
  defaultSize: 'base',
  models: [
    { size: 'base', id: 'amazon/chronos-2', parameters: 120e6, variant: 'chronos2' },
    { size: 'small', id: 'autogluon/chronos-2-small', parameters: 28e6, variant: 'chronos2' },
    { size: 'bolt-tiny', id: 'amazon/chronos-bolt-tiny', licence: boltLicence('tiny'), parameters: 9e6, variant: 'chronos_bolt' },
    { size: 'bolt-mini', id: 'amazon/chronos-bolt-mini', licence: boltLicence('mini'), parameters: 21e6, variant: 'chronos_bolt' },
    { size: 'bolt-small', id: 'amazon/chronos-bolt-small', licence: boltLicence('small'), parameters: 48e6, variant: 'chronos_bolt' },
    { size: 'bolt-base', id: 'amazon/chronos-bolt-base', licence: boltLicence('base'), parameters: 205e6, variant: 'chronos_bolt' },
  ],
  licence: {
    spdx: 'Apache-2.0',
    commercialUse: true,
    url: 'https://huggingface.co/amazon/chronos-2',
  },
  detect: chronosVariantOf,
  unsupported: chronosUnsupportedReason,
  load: async (dir, options) => (await import('./forecaster.js')).loadChronosForecaster(dir, options),
  parity: {
    chronos2: async () => {
      const [{ chronos2ParityFamily }, { loadChronos2Model }] = await Promise.all([
        import('./chronos2/parityFamily.js'),
        import('./chronos2/model/index.js'),
      ]);
      return chronos2ParityFamily((dir, options) => loadChronos2Model(dir, options));
    },
    chronos_bolt: async () => {
      const [{ chronosBoltParityFamily }, { loadChronosBoltModel }] = await Promise.all([
        import('./bolt/parityFamily.js'),
        import('./bolt/model/index.js'),
      ]);
      return chronosBoltParityFamily((dir, options) => loadChronosBoltModel(dir, options));
    },
  },
};
