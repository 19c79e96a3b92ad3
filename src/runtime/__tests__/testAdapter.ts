/**
 * A TSFM stand-in for tests (moirai/timesfm have no adapter yet): it honours the whole adapter
 * contract — load() allocates "weights", unload() frees them, fit/predict refuse to run unloaded
 * and never load — and produces real forecasts (mean of the last `window` points, quantiles from
 * the spread of those points), so the runtime can be tested end to end without a checkpoint.
 * Failures can be injected per operation, and every call is counted.
 */
import type { Panel } from '../../data/panel.js';
import type { ForecastResult, SeriesForecast } from '../../forecast/types.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from '../../models/contract.js';
import { requireLoaded } from '../../models/contract.js';
import { registerAdapterFactory, type AdapterFactoryOptions } from '../adapterRegistry.js';
import { ACCEPT_LICENCES_ENV } from '../../tsfm/licence.js';

export interface CallLog {
  load: number;
  unload: number;
  fit: number;
  predict: number;
  /** Adapter names in the order their load() was called. */
  loadOrder: string[];
  unloadOrder: string[];
}

export function newCallLog(): CallLog {
  return { load: 0, unload: 0, fit: 0, predict: 0, loadOrder: [], unloadOrder: [] };
}

export interface TestAdapterBehaviour {
  window?: number | undefined;
  /** Added to every forecast, to tell adapters apart in assertions. */
  offset?: number | undefined;
  loadDelayMs?: number | undefined;
  weightFloats?: number | undefined;
  failLoad?: (() => Error) | undefined;
  failFit?: (() => Error) | undefined;
  failPredict?: (() => Error) | undefined;
  /** Series whose forecast comes out as NaN. */
  nonFiniteSeries?: readonly string[] | undefined;
}

export class TestTsfmAdapter implements ForecastAdapter {
  readonly kind = 'tsfm' as const;
  readonly name: string;
  readonly modelSize: string;
  readonly device: string;
  private weights: Float32Array | null = null;

  constructor(
    options: Pick<AdapterFactoryOptions, 'name'> & Partial<AdapterFactoryOptions>,
    private readonly behaviour: TestAdapterBehaviour = {},
    readonly log: CallLog = newCallLog(),
  ) {
    this.name = options.name;
    this.modelSize = options.modelSize ?? 'base';
    this.device = options.device ?? 'cpu';
  }

  get isLoaded(): boolean {
    return this.weights !== null;
  }

  async load(): Promise<LoadInfo> {
    this.log.load += 1;
    this.log.loadOrder.push(this.name);
    const started = performance.now();
    if (this.behaviour.loadDelayMs) await new Promise((r) => setTimeout(r, this.behaviour.loadDelayMs));
    if (this.behaviour.failLoad) throw this.behaviour.failLoad();
    this.weights = new Float32Array(this.behaviour.weightFloats ?? 1024);
    return { loadMs: performance.now() - started, weightBytes: this.weights.byteLength };
  }

  async unload(): Promise<void> {
    if (this.weights === null) return;
    this.log.unload += 1;
    this.log.unloadOrder.push(this.name);
    this.weights = null;
  }

  async fit(panel: Panel, task: ForecastTask): Promise<FittedModel> {
    requireLoaded(this, 'fit');
    this.log.fit += 1;
    if (this.behaviour.failFit) throw this.behaviour.failFit();
    return { model: this.name, panel, task, fitMs: 0 };
  }

  async predict(fitted: FittedModel): Promise<ForecastResult> {
    requireLoaded(this, 'predict');
    this.log.predict += 1;
    if (this.behaviour.failPredict) throw this.behaviour.failPredict();
    const { h, quantiles } = fitted.task;
    const window = this.behaviour.window ?? 4;
    const offset = this.behaviour.offset ?? 0;
    const series: SeriesForecast[] = fitted.panel.series.map((s) => {
      const observed = [...s.y].filter(Number.isFinite).slice(-window);
      const level = observed.reduce((a, b) => a + b, 0) / Math.max(observed.length, 1) + offset;
      const spread = observed.length > 1 ? Math.max(...observed) - Math.min(...observed) : 1;
      const bad = this.behaviour.nonFiniteSeries?.includes(s.id) ?? false;
      const step = s.ds.length > 1 ? s.ds[s.ds.length - 1] - s.ds[s.ds.length - 2] : 1;
      const last = s.ds[s.ds.length - 1] ?? 0;
      const value = bad ? Number.NaN : level;
      return {
        id: s.id,
        ds: Float64Array.from({ length: h }, (_, i) => last + step * (i + 1)),
        mean: new Float64Array(h).fill(value),
        quantiles: quantiles.map((q) => new Float64Array(h).fill(value + (q - 0.5) * spread)),
      };
    });
    return { model: this.name, h, quantileLevels: [...quantiles], series };
  }
}

/**
 * Registers test factories for the given names (each with its behaviour) sharing one call log;
 * returns the log, the adapters created so far and a function that restores the registry.
 */
export function registerTestAdapters(behaviours: Record<string, TestAdapterBehaviour>): {
  log: CallLog;
  created: TestTsfmAdapter[];
  restore: () => void;
} {
  const log = newCallLog();
  const created: TestTsfmAdapter[] = [];
  const restores = Object.entries(behaviours).map(([name, behaviour]) =>
    registerAdapterFactory(name, (opts) => {
      const adapter = new TestTsfmAdapter(opts, behaviour, log);
      created.push(adapter);
      return adapter;
    }),
  );
  // A stand-in registered under a family's name holds no weights of that family, so the family's
  // licence gate (tsfm/licence.ts) is accepted while it is registered: pool tests may call their
  // stand-ins "moirai". The licence tests themselves use the real factories.
  const before = process.env[ACCEPT_LICENCES_ENV];
  const standIns = Object.keys(behaviours).join(',');
  process.env[ACCEPT_LICENCES_ENV] = before ? `${before},${standIns}` : standIns;
  restores.unshift(() => {
    if (before === undefined) delete process.env[ACCEPT_LICENCES_ENV];
    else process.env[ACCEPT_LICENCES_ENV] = before;
  });
  return { log, created, restore: () => restores.reverse().forEach((r) => r()) };
}
