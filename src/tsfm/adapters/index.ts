/**
 * TSFM adapters and their ModelPool factories. `registerChronosAdapter()` makes "chronos" available
 * to `ModelPool` / `TSAgentSession` (`adapterOptions.chronos` become `ChronosAdapterOptions`).
 */
import { registerAdapterFactory, type AdapterFactoryOptions } from '../../runtime/adapterRegistry.js';
import { EDeviceUnsupported } from '../../errors/index.js';
import { ChronosAdapter, CHRONOS_MODEL_IDS, type ChronosAdapterOptions, type ChronosModelSize } from './chronos.js';

export { ChronosAdapter, CHRONOS_MODEL_IDS } from './chronos.js';
export type { ChronosAdapterOptions, ChronosModelSize } from './chronos.js';
export { detectChronosFamily, readChronosFamily } from './chronosFamilies.js';
export type { ChronosFamily, ChronosForecaster, ChronosLoaders } from './chronosFamilies.js';

/** Builds an unloaded ChronosAdapter from the pool's resolved size, device and options. */
export function chronosAdapterFactory(o: AdapterFactoryOptions): ChronosAdapter {
  if (o.device !== undefined && o.device !== 'cpu' && o.device !== 'cuda') {
    throw new EDeviceUnsupported(`Device "${o.device}" is not supported by the chronos adapter; use cpu or cuda.`, { context: { adapter: o.name, device: o.device } });
  }
  return new ChronosAdapter({
    ...(o.options as ChronosAdapterOptions),
    name: o.name,
    modelSize: o.modelSize as ChronosModelSize,
    ...(o.device !== undefined ? { device: o.device } : {}),
  });
}

/** Registers the "chronos" factory (or another name for a second Chronos entry); returns the undo function. */
export function registerChronosAdapter(name = 'chronos'): () => void {
  return registerAdapterFactory(name, chronosAdapterFactory);
}

export function isChronosModelSize(s: string): s is ChronosModelSize {
  return s in CHRONOS_MODEL_IDS;
}
