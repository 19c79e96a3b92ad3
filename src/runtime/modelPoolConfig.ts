/**
 * ModelPool configuration: which TSFM adapters a session may use, in which order, and how eagerly
 * they are loaded. Resolved once, frozen, and rejected at construction when it cannot work.
 */
import { EModelPoolConfigInvalid } from '../errors/index.js';
import { acceptedLicences, requireLicenceAccepted } from '../tsfm/licence.js';

/** At most three TSFMs stay resident: each holds its weights and an onnxruntime session in memory. */
export const MAX_PRELOAD_ADAPTERS_LIMIT = 3;

export interface ModelPoolConfig {
  /** Adapter names in preference order; preloadAll() takes the first `maxPreloadAdapters`. */
  adapters: readonly string[];
  /** Size label per adapter, e.g. { chronos: "small" }; default: adapterOptions[name].modelSize, else "base". */
  modelSizeByAdapter?: Readonly<Record<string, string>>;
  /** Extra options handed to each adapter's factory (modelDir, threads, ...). */
  adapterOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Overrides any per-adapter device. */
  device?: string;
  /** Load the first `maxPreloadAdapters` adapters when the pool is created. Default false. */
  preload?: boolean;
  /** 1–3, default 3. */
  maxPreloadAdapters?: number;
  /** Load an adapter on a get() miss instead of throwing EModelNotLoaded. Default false. */
  allowLazyLoadOnMiss?: boolean;
  /**
   * Families whose non-commercial licence the user accepts (e.g. ["moirai"]), added to
   * $TSAGENTKIT_ACCEPT_LICENCES. Configuring such a family without it is ELicenceNotAccepted.
   */
  acceptLicences?: readonly string[] | undefined;
}

export interface ResolvedModelPoolConfig {
  readonly adapters: readonly string[];
  readonly modelSizeByAdapter: Readonly<Record<string, string>>;
  readonly adapterOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly device: string | undefined;
  readonly preload: boolean;
  readonly maxPreloadAdapters: number;
  readonly allowLazyLoadOnMiss: boolean;
  readonly acceptLicences: readonly string[];
}

export function resolveModelPoolConfig(input: ModelPoolConfig): ResolvedModelPoolConfig {
  if (input === null || typeof input !== 'object') {
    throw new EModelPoolConfigInvalid('ModelPoolConfig must be an object such as { adapters: ["chronos"] }.', {
      context: { received: input === null ? 'null' : typeof input },
    });
  }
  const adapters = input.adapters;
  if (!Array.isArray(adapters) || adapters.length === 0) {
    throw new EModelPoolConfigInvalid('ModelPoolConfig.adapters must contain at least one adapter name.', {
      context: { adapters: adapters ?? null },
    });
  }
  const bad = adapters.filter((a) => typeof a !== 'string' || a.length === 0);
  if (bad.length > 0) {
    throw new EModelPoolConfigInvalid('ModelPoolConfig.adapters must be non-empty strings.', { context: { adapters } });
  }
  const duplicates = adapters.filter((a, i) => adapters.indexOf(a) !== i);
  if (duplicates.length > 0) {
    throw new EModelPoolConfigInvalid(`ModelPoolConfig.adapters lists '${duplicates[0]}' more than once.`, {
      context: { adapters, duplicates },
      fixHint: 'List each adapter once, in the order the fallback ladder should try them.',
    });
  }
  const max = input.maxPreloadAdapters ?? MAX_PRELOAD_ADAPTERS_LIMIT;
  if (typeof max !== 'number' || !Number.isInteger(max)) {
    throw new EModelPoolConfigInvalid('ModelPoolConfig.maxPreloadAdapters must be an integer.', {
      context: { maxPreloadAdapters: max },
    });
  }
  if (max < 1) {
    throw new EModelPoolConfigInvalid('ModelPoolConfig.maxPreloadAdapters must be >= 1.', { context: { maxPreloadAdapters: max } });
  }
  if (max > MAX_PRELOAD_ADAPTERS_LIMIT) {
    throw new EModelPoolConfigInvalid(`ModelPoolConfig.maxPreloadAdapters cannot exceed ${MAX_PRELOAD_ADAPTERS_LIMIT}.`, {
      context: { maxPreloadAdapters: max },
    });
  }
  const adapterOptions: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [name, opts] of Object.entries(input.adapterOptions ?? {})) {
    adapterOptions[name] = Object.freeze({ ...opts });
  }
  const accept = input.acceptLicences ?? [];
  if (!Array.isArray(accept) || accept.some((a) => typeof a !== 'string')) {
    throw new EModelPoolConfigInvalid('ModelPoolConfig.acceptLicences must be a list of family names, e.g. ["moirai"].', {
      context: { acceptLicences: accept },
    });
  }
  const resolved: ResolvedModelPoolConfig = Object.freeze({
    adapters: Object.freeze([...adapters]),
    modelSizeByAdapter: Object.freeze({ ...(input.modelSizeByAdapter ?? {}) }),
    adapterOptions: Object.freeze(adapterOptions),
    device: input.device,
    preload: input.preload ?? false,
    maxPreloadAdapters: max,
    allowLazyLoadOnMiss: input.allowLazyLoadOnMiss ?? false,
    acceptLicences: Object.freeze([...accept]),
  });
  // A pool never holds a family whose licence forbids commercial use unless it was accepted.
  const accepted = acceptedLicences(resolved.acceptLicences);
  for (const name of resolved.adapters) requireLicenceAccepted(name, modelSizeFor(resolved, name), accepted);
  return resolved;
}

/** Size label for an adapter: explicit map, then its options' `modelSize`, then "base" (the original's rule). */
export function modelSizeFor(config: ResolvedModelPoolConfig, name: string): string {
  const explicit = config.modelSizeByAdapter[name];
  if (explicit) return explicit;
  const fromOptions = config.adapterOptions[name]?.['modelSize'];
  return typeof fromOptions === 'string' && fromOptions ? fromOptions : 'base';
}

/** Device for an adapter: the pool-level device wins over a per-adapter one. */
export function deviceFor(config: ResolvedModelPoolConfig, name: string): string | undefined {
  if (config.device !== undefined) return config.device;
  const fromOptions = config.adapterOptions[name]?.['device'];
  return typeof fromOptions === 'string' ? fromOptions : undefined;
}
