/**
 * Adapter factories by name. The ModelPool never imports a concrete adapter: it asks this registry
 * for a factory. Every TSFM family of `tsfm/families.ts` has one from the start
 * (`builtinAdapters.ts`); test and custom adapters plug in with
 * `registerAdapterFactory('mine', (opts) => new MyAdapter(opts))`.
 */
import { EAdapterNotAvailable } from '../errors/index.js';
import type { ForecastAdapter } from '../models/contract.js';
import type { AdapterFactory, AdapterFactoryOptions } from './adapterFactory.js';
import { watchTsfmFamilies } from '../tsfm/families.js';
import { BUILTIN_ADAPTER_FACTORIES, tsfmAdapterFactory } from './builtinAdapters.js';

export type { AdapterFactory, AdapterFactoryOptions } from './adapterFactory.js';

const factories = new Map<string, AdapterFactory>(Object.entries(BUILTIN_ADAPTER_FACTORIES));

// A TSFM family registered later (`registerTsfmFamily`) is served like a built-in one; unregistering
// it takes its factory away unless another was registered under that name meanwhile.
watchTsfmFamilies((added, removed) => {
  if (removed && factories.get(removed.name) === tsfmAdapterFactory(removed)) factories.delete(removed.name);
  if (added) factories.set(added.name, tsfmAdapterFactory(added));
});

/** Registers (or replaces) the factory for `name`; returns a function that restores the previous one. */
export function registerAdapterFactory(name: string, factory: AdapterFactory): () => void {
  if (!name) throw new EAdapterNotAvailable('Adapter factory name must be a non-empty string.');
  const previous = factories.get(name);
  factories.set(name, factory);
  return () => {
    if (factories.get(name) !== factory) return;
    if (previous) factories.set(name, previous);
    else factories.delete(name);
  };
}

export function unregisterAdapterFactory(name: string): boolean {
  return factories.delete(name);
}

export function hasAdapterFactory(name: string): boolean {
  return factories.has(name);
}

export function registeredAdapterNames(): string[] {
  return [...factories.keys()];
}

/** Builds an unloaded adapter; an unknown name is `EAdapterNotAvailable` so a fallback ladder moves on. */
export async function createAdapter(options: AdapterFactoryOptions): Promise<ForecastAdapter> {
  const factory = factories.get(options.name);
  if (!factory) {
    throw new EAdapterNotAvailable(`No adapter factory is registered for '${options.name}'.`, {
      context: { adapter: options.name, registered: registeredAdapterNames() },
      fixHint: `Register one with registerAdapterFactory('${options.name}', (opts) => new MyAdapter(opts)) before creating the ModelPool.`,
    });
  }
  return factory(options);
}
