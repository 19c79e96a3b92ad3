/**
 * Runtime telemetry: how often TSFM weights are loaded, how long that takes, how long forecasts
 * take, how often sessions are reused, and out-of-memory events. The point is to make the cost of
 * reloading visible (the Python original's trigger: Chronos-2 reloaded on every call).
 *
 * Two views of the same counts:
 * - a prom-client `Registry` of its own (never prom-client's global one, so embedding applications
 *   keep control of what they expose) with exactly the metrics named in METRIC_NAMES;
 * - a plain snapshot in the shape the original's benchmark runner logged, with `reset()`.
 */
import { Counter, Histogram, Registry } from 'prom-client';

export const METRIC_NAMES = Object.freeze({
  loadCount: 'tsfm_model_load_count',
  loadMsSum: 'tsfm_model_load_ms_sum',
  sessionReuse: 'session_reuse_count',
  forecastBatchMs: 'forecast_batch_ms',
  oomEvents: 'oom_events',
});

/** Milliseconds; spans a cached statistical forecast up to a large TSFM batch. */
const FORECAST_BATCH_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000];

export interface AdapterRuntimeStats {
  load_count: number;
  load_time_ms_total: number;
  /** predict() calls and their time on this adapter (TSFM or statistical). */
  predict_count: number;
  predict_time_ms_total: number;
}

export interface RuntimeStatsSnapshot {
  load_count: number;
  load_time_ms_total: number;
  /** Sum of forecast batches (one predict-with-fallback step each). */
  forecast_time_ms_total: number;
  forecast_batch_count: number;
  session_reuse_count: number;
  /** runForecast() calls without a session: each created, loaded and closed a temporary pool. */
  temporary_session_count: number;
  oom_events: number;
  per_adapter: Record<string, AdapterRuntimeStats>;
}

export class RuntimeTelemetry {
  readonly registry = new Registry();
  private readonly loadCount: Counter<'adapter'>;
  private readonly loadMsSum: Counter<'adapter'>;
  private readonly sessionReuse: Counter;
  private readonly forecastBatch: Histogram;
  private readonly oomEvents: Counter;
  private state: RuntimeStatsSnapshot = emptySnapshot();

  constructor() {
    const registers = [this.registry];
    this.loadCount = new Counter({
      name: METRIC_NAMES.loadCount,
      help: 'TSFM model loads (weights read, graph built, onnxruntime session created), per adapter.',
      labelNames: ['adapter'],
      registers,
    });
    this.loadMsSum = new Counter({
      name: METRIC_NAMES.loadMsSum,
      help: 'Total milliseconds spent loading TSFM models, per adapter.',
      labelNames: ['adapter'],
      registers,
    });
    this.sessionReuse = new Counter({
      name: METRIC_NAMES.sessionReuse,
      help: 'Calls served by a session that had already served a call (models reused, not reloaded).',
      registers,
    });
    this.forecastBatch = new Histogram({
      name: METRIC_NAMES.forecastBatchMs,
      help: 'Wall time of one forecast batch (predict with fallback), in milliseconds.',
      buckets: FORECAST_BATCH_BUCKETS_MS,
      registers,
    });
    this.oomEvents = new Counter({
      name: METRIC_NAMES.oomEvents,
      help: 'Out-of-memory failures reported by a model runtime (turned into E_OOM).',
      registers,
    });
  }

  recordModelLoad(adapter: string, ms: number): void {
    this.loadCount.inc({ adapter });
    this.loadMsSum.inc({ adapter }, ms);
    this.state.load_count += 1;
    this.state.load_time_ms_total += ms;
    const a = this.adapterStats(adapter);
    a.load_count += 1;
    a.load_time_ms_total += ms;
  }

  recordPredict(adapter: string, ms: number): void {
    const a = this.adapterStats(adapter);
    a.predict_count += 1;
    a.predict_time_ms_total += ms;
  }

  recordForecastBatch(ms: number): void {
    this.forecastBatch.observe(ms);
    this.state.forecast_batch_count += 1;
    this.state.forecast_time_ms_total += ms;
  }

  recordSessionReuse(): void {
    this.sessionReuse.inc();
    this.state.session_reuse_count += 1;
  }

  recordTemporarySession(): void {
    this.state.temporary_session_count += 1;
  }

  recordOOM(): void {
    this.oomEvents.inc();
    this.state.oom_events += 1;
  }

  /** A deep copy; later events do not change it. */
  snapshot(): RuntimeStatsSnapshot {
    return structuredClone(this.state);
  }

  reset(): void {
    this.registry.resetMetrics();
    this.state = emptySnapshot();
  }

  /** Prometheus text exposition of this registry. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  private adapterStats(adapter: string): AdapterRuntimeStats {
    let a = this.state.per_adapter[adapter];
    if (!a) {
      a = { load_count: 0, load_time_ms_total: 0, predict_count: 0, predict_time_ms_total: 0 };
      this.state.per_adapter[adapter] = a;
    }
    return a;
  }
}

function emptySnapshot(): RuntimeStatsSnapshot {
  return {
    load_count: 0,
    load_time_ms_total: 0,
    forecast_time_ms_total: 0,
    forecast_batch_count: 0,
    session_reuse_count: 0,
    temporary_session_count: 0,
    oom_events: 0,
    per_adapter: {},
  };
}

/** The process-wide instance pools and sessions use unless given their own (as the original's module state). */
export const runtimeTelemetry = new RuntimeTelemetry();

export function getRuntimeStats(): RuntimeStatsSnapshot {
  return runtimeTelemetry.snapshot();
}

export function resetRuntimeStats(): void {
  runtimeTelemetry.reset();
}
