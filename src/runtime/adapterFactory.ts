/**
 * The shape of an adapter factory: what the ModelPool hands it and what it returns. Types only, so
 * the registry, the built-in factories and the adapters can all import it without a module cycle.
 */
import type { ForecastAdapter } from '../models/contract.js';

/** What the pool hands a factory: the resolved size and device plus the adapter's own options. */
export interface AdapterFactoryOptions {
  /** The configured adapter name (e.g. "timesfm"). */
  readonly name: string;
  /** The configured size label; "base" when none was configured (the pool's default). */
  readonly modelSize: string;
  /** Undefined lets the adapter choose its default (normally "cpu"). */
  readonly device: string | undefined;
  /** `ModelPoolConfig.adapterOptions[name]`, minus the keys resolved above. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Creates an adapter instance without loading it; loading is the pool's job. */
export type AdapterFactory = (options: AdapterFactoryOptions) => ForecastAdapter | Promise<ForecastAdapter>;
