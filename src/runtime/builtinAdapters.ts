/**
 * The adapter factories every ModelPool knows without registration. Each imports its adapter
 * lazily, so merely using the runtime (or a statistical-only session) never loads onnxruntime.
 * Only types are imported from the registry: no module cycle.
 */
import type { AdapterFactory } from './adapterRegistry.js';

export const BUILTIN_ADAPTER_FACTORIES: Readonly<Record<string, AdapterFactory>> = Object.freeze({
  /** Chronos-2 / Chronos-Bolt (`adapterOptions.chronos` are ChronosAdapterOptions, e.g. { modelDir }). */
  chronos: async (options) => (await import('../tsfm/adapters/index.js')).chronosAdapterFactory(options),
});
