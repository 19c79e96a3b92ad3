/**
 * ModelPool: the TSFM adapters of one session, loaded once and reused by every fit and predict.
 *
 * - Loading happens only in `preloadAll()`, `preload(name)` (also from the constructor when
 *   `preload: true`) or, when `allowLazyLoadOnMiss` is set, on a `get()` miss. Concurrent requests
 *   for the same adapter share one in-flight load, so an adapter is never loaded twice.
 * - `get(name)` on a configured adapter that is not loaded throws `EModelNotLoaded` by default: a
 *   silent multi-second load in the middle of a forecast is exactly what the pool exists to prevent.
 * - `unload(name)` / `close()` call `adapter.unload()`, which releases the onnxruntime session and the
 *   weight buffers, and drop the adapter's stats.
 * - A failed load (including out of memory) leaves nothing half-registered: the pool stays usable.
 */
import { EAdapterNotAvailable, EModelNotLoaded } from '../errors/index.js';
import type { ForecastAdapter, LoadedCheckpoint } from '../models/contract.js';
import { createAdapter } from './adapterRegistry.js';
import { deviceFor, modelSizeFor, resolveModelPoolConfig, type ModelPoolConfig, type ResolvedModelPoolConfig } from './modelPoolConfig.js';
import { toModelRuntimeError } from './runtimeErrors.js';
import { runtimeTelemetry, type RuntimeTelemetry } from './telemetry.js';

export interface AdapterPoolDetail {
  /** The configured size label; `checkpoint` says what was actually loaded, when the adapter reports it. */
  readonly modelSize: string;
  readonly device: string;
  readonly loadMs: number;
  readonly weightBytes: number;
  readonly checkpoint?: LoadedCheckpoint;
}

export interface ModelPoolStats {
  readonly configured: string[];
  readonly loaded: string[];
  readonly loadedCount: number;
  readonly maxPreloadAdapters: number;
  readonly allowLazyLoadOnMiss: boolean;
  readonly perAdapter: Record<string, AdapterPoolDetail>;
}

export interface ModelPoolOptions {
  /** Where loads and OOM events are counted; default: the process-wide `runtimeTelemetry`. */
  telemetry?: RuntimeTelemetry;
}

export class ModelPool {
  readonly config: ResolvedModelPoolConfig;
  /** Settles when the constructor's preload (if `preload: true`) is done; rejects if it failed. */
  readonly ready: Promise<string[]>;
  private readonly telemetry: RuntimeTelemetry;
  private readonly loaded = new Map<string, ForecastAdapter>();
  private readonly inFlight = new Map<string, Promise<ForecastAdapter>>();
  private readonly details = new Map<string, AdapterPoolDetail>();
  /** The error of an adapter's last failed load, reported by get() instead of a bare "not preloaded". */
  private readonly loadErrors = new Map<string, unknown>();

  constructor(config: ModelPoolConfig, options: ModelPoolOptions = {}) {
    this.config = resolveModelPoolConfig(config);
    this.telemetry = options.telemetry ?? runtimeTelemetry;
    if (this.config.preload) {
      this.ready = this.preloadAll();
      // Callers that never await `ready` learn about a failed preload from get(); no unhandled rejection.
      this.ready.catch(() => undefined);
    } else {
      this.ready = Promise.resolve([]);
    }
  }

  /** Builds a pool and waits for its preload; throws if a preload failed. */
  static async create(config: ModelPoolConfig, options: ModelPoolOptions = {}): Promise<ModelPool> {
    const pool = new ModelPool(config, options);
    await pool.ready;
    return pool;
  }

  get configured(): readonly string[] {
    return this.config.adapters;
  }

  /**
   * Loads the first `maxPreloadAdapters` configured adapters, in order, one at a time (bounded peak
   * memory), and returns their names. One adapter failing does not stop the others from loading;
   * the first failure is thrown after all were tried.
   */
  async preloadAll(): Promise<string[]> {
    const names = this.config.adapters.slice(0, this.config.maxPreloadAdapters);
    let firstError: unknown;
    for (const name of names) {
      try {
        await this.preload(name);
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
    return names;
  }

  /** Loads one configured adapter; idempotent (a loaded or loading adapter is not loaded again). */
  preload(name: string): Promise<ForecastAdapter> {
    const adapter = this.loaded.get(name);
    if (adapter) return Promise.resolve(adapter);
    const pending = this.inFlight.get(name);
    if (pending) return pending;
    try {
      this.ensureConfigured(name);
    } catch (e) {
      return Promise.reject(e);
    }
    const load = this.load(name).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, load);
    return load;
  }

  /**
   * The loaded adapter `name`, the same instance on every call. A configured adapter that is not
   * loaded is an error unless lazy loading is on; a load already in progress is awaited.
   */
  async get(name: string): Promise<ForecastAdapter> {
    const adapter = this.loaded.get(name);
    if (adapter) return adapter;
    this.ensureConfigured(name);
    const pending = this.inFlight.get(name);
    if (pending) return pending;
    if (!this.config.allowLazyLoadOnMiss) {
      // A preload that failed explains the miss better than "not preloaded" (missing checkpoint, OOM).
      const loadError = this.loadErrors.get(name);
      if (loadError !== undefined) throw loadError;
      throw new EModelNotLoaded(`Adapter '${name}' is configured but not preloaded in this session.`, {
        context: {
          adapter: name,
          configured: [...this.config.adapters],
          loaded: this.loadedNames(),
          maxPreloadAdapters: this.config.maxPreloadAdapters,
        },
        fixHint: 'Include adapter in preload list and init with preload=true, or explicitly set allowLazyLoadOnMiss=true.',
      });
    }
    return this.preload(name);
  }

  /** True when `name` is loaded and ready to use (no load is triggered). */
  isLoaded(name: string): boolean {
    return this.loaded.has(name);
  }

  isConfigured(name: string): boolean {
    return this.config.adapters.includes(name);
  }

  loadedNames(): string[] {
    return this.config.adapters.filter((n) => this.loaded.has(n));
  }

  stats(): ModelPoolStats {
    const loaded = this.loadedNames();
    return {
      configured: [...this.config.adapters],
      loaded,
      loadedCount: loaded.length,
      maxPreloadAdapters: this.config.maxPreloadAdapters,
      allowLazyLoadOnMiss: this.config.allowLazyLoadOnMiss,
      perAdapter: Object.fromEntries(loaded.map((n) => [n, { ...this.details.get(n)! }])),
    };
  }

  /** Unloads one adapter (waiting for its in-flight load first); returns whether one was loaded. */
  async unload(name: string): Promise<boolean> {
    const pending = this.inFlight.get(name);
    if (pending) await pending.catch(() => undefined);
    const adapter = this.loaded.get(name);
    if (!adapter) return false;
    this.loaded.delete(name);
    this.details.delete(name);
    await adapter.unload();
    return true;
  }

  /**
   * Unloads every adapter once (best effort: one failing unload does not keep the others in memory)
   * and clears the stats. The pool can be preloaded again afterwards.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
    const adapters = [...this.loaded.values()];
    this.loaded.clear();
    this.details.clear();
    this.loadErrors.clear();
    const results = await Promise.allSettled(adapters.map((a) => a.unload()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      process.emitWarning(`ModelPool.close(): ${failed.length} adapter(s) failed to unload: ${String(failed[0].reason)}`, {
        code: 'TSAGENTKIT_POOL_UNLOAD_FAILED',
      });
    }
  }

  private ensureConfigured(name: string): void {
    if (!this.config.adapters.includes(name)) {
      throw new EAdapterNotAvailable(`Adapter '${name}' is not configured in this ModelPool session.`, {
        context: { adapter: name, configured: [...this.config.adapters] },
        fixHint: 'Add adapter to ModelPoolConfig.adapters before session initialization.',
      });
    }
  }

  private async load(name: string): Promise<ForecastAdapter> {
    const modelSize = modelSizeFor(this.config, name);
    const device = deviceFor(this.config, name);
    const { modelSize: _size, device: _device, ...options } = this.config.adapterOptions[name] ?? {};
    let adapter: ForecastAdapter | undefined;
    const started = performance.now();
    try {
      adapter = await createAdapter({ name, modelSize, device, options });
      const info = await adapter.load();
      const loadMs = info.loadMs > 0 ? info.loadMs : performance.now() - started;
      this.telemetry.recordModelLoad(name, loadMs);
      this.details.set(name, {
        modelSize: adapter.modelSize,
        device: adapter.device,
        loadMs,
        weightBytes: info.weightBytes,
        ...(info.checkpoint ? { checkpoint: info.checkpoint } : {}),
      });
      this.loaded.set(name, adapter);
      this.loadErrors.delete(name);
      return adapter;
    } catch (error) {
      // Free whatever a partial load allocated, so that an OOM leaves memory for the next candidate.
      if (adapter) await adapter.unload().catch(() => undefined);
      const typed = toModelRuntimeError(error, { adapter: name, operation: 'load' }, this.telemetry);
      this.loadErrors.set(name, typed);
      throw typed;
    }
  }
}
