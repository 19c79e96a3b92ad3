/**
 * The adapter factories every ModelPool knows without registration: one per TSFM family in
 * `tsfm/families.ts`. The adapter module is imported lazily and a family's model code only when it
 * loads, so merely using the runtime (or a statistical-only session) never loads onnxruntime.
 */
import type { AdapterFactory } from './adapterFactory.js';
import type { TsfmFamily } from '../tsfm/family.js';
import { TSFM_FAMILIES } from '../tsfm/families.js';

const factoryOf = new WeakMap<TsfmFamily, AdapterFactory>();

/** The pool's factory for a family (one per family, so a registry can tell it is still in place). */
export function tsfmAdapterFactory(family: TsfmFamily): AdapterFactory {
  let factory = factoryOf.get(family);
  if (!factory) {
    factory = async (options) => (await import('../tsfm/adapters/index.js')).createTsfmAdapter(family, options);
    factoryOf.set(family, factory);
  }
  return factory;
}

export const BUILTIN_ADAPTER_FACTORIES: Readonly<Record<string, AdapterFactory>> = Object.freeze(
  Object.fromEntries(TSFM_FAMILIES.map((family): [string, AdapterFactory] => [family.name, tsfmAdapterFactory(family)])),
);
