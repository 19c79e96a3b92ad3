/**
 * Baseline probe for the session runtime (a benchmark, not a test): N forecast batches through
 * per-call `runForecast` (a temporary session, so the TSFM is loaded and released every call —
 * the Python original's behaviour) against the same N batches through one long-lived session
 * (loaded once). Uses a real checkpoint: by default the Chronos-2 test fixture.
 *
 * Data: the embedded "unemployment" example (14 monthly series, 122 months); batch i drops the
 * last i months, so every batch is a different forecast problem of the same shape.
 */
import { fileURLToPath } from 'node:url';
import type { Panel } from '../../data/panel.js';
import { loadExample } from '../../examples/examples.js';
import type { TaskSpecInput } from '../../task/taskSpec.js';
import type { ModelPoolConfig } from '../../runtime/modelPoolConfig.js';
import { runForecast } from '../../runtime/runForecast.js';
import { TSAgentSession, type SessionRun } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';

export const DEFAULT_BENCH_MODEL_DIR = fileURLToPath(new URL('../../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url));

export interface SessionBenchOptions {
  batches: number;
  /** Checkpoint directory of the adapter (passed as its `modelDir` option). */
  modelDir?: string;
  /** Adapter family; default "chronos". */
  adapter?: string;
  /** Extra adapter options (threads, device, ...). */
  adapterOptions?: Record<string, unknown>;
  h?: number;
  /** Called after each batch, for progress output. */
  onBatch?: (leg: 'legacy' | 'session', index: number, ms: number) => void;
}

export interface BenchLeg {
  load_count: number;
  load_time_ms_total: number;
  forecast_time_ms_total: number;
  wall_ms: number;
  temporary_session_count: number;
  session_reuse_count: number;
}

export interface SessionBenchResult {
  legacy: BenchLeg;
  session: BenchLeg;
  /** legacy wall time / session wall time. */
  wall_ratio: number;
  batches: number;
  adapter: string;
  model_dir: string;
  series_per_batch: number;
  h: number;
  /** The last batch gave the same forecast both ways (same model, same numbers). */
  identical_forecasts: boolean;
}

function truncate(panel: Panel, drop: number): Panel {
  return {
    ...panel,
    series: panel.series.map((s) => ({ ...s, ds: s.ds.slice(0, s.ds.length - drop), y: s.y.slice(0, s.y.length - drop) })),
  };
}

function leg(telemetry: RuntimeTelemetry, wallMs: number): BenchLeg {
  const s = telemetry.snapshot();
  return {
    load_count: s.load_count,
    load_time_ms_total: round(s.load_time_ms_total),
    forecast_time_ms_total: round(s.forecast_time_ms_total),
    wall_ms: round(wallMs),
    temporary_session_count: s.temporary_session_count,
    session_reuse_count: s.session_reuse_count,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export async function runSessionBench(options: SessionBenchOptions): Promise<SessionBenchResult> {
  const batches = options.batches;
  const adapter = options.adapter ?? 'chronos';
  const modelDir = options.modelDir ?? DEFAULT_BENCH_MODEL_DIR;
  const h = options.h ?? 12;
  const pool: ModelPoolConfig = {
    adapters: [adapter],
    adapterOptions: { [adapter]: { modelDir, ...(options.adapterOptions ?? {}) } },
  };
  // "required": the TSFM must answer; a statistical fallback would make the timings meaningless.
  const spec: Partial<TaskSpecInput> = { h, levels: [], tsfmPolicy: { mode: 'required', adapters: [adapter] } };
  const base = (await loadExample('unemployment')).panel;
  const panels = Array.from({ length: batches }, (_, i) => truncate(base, i));

  // Warm-up (untimed): native module initialisation and JIT would otherwise be charged to the first leg.
  await runForecast(panels[0], spec, { modelPool: pool, mode: 'quick', telemetry: new RuntimeTelemetry() });

  const legacyTelemetry = new RuntimeTelemetry();
  const last: { legacy?: SessionRun; session?: SessionRun } = {};
  let t0 = performance.now();
  for (let i = 0; i < batches; i++) {
    const b0 = performance.now();
    last.legacy = await runForecast(panels[i], spec, { modelPool: pool, mode: 'quick', telemetry: legacyTelemetry });
    options.onBatch?.('legacy', i, performance.now() - b0);
  }
  const legacy = leg(legacyTelemetry, performance.now() - t0);

  const sessionTelemetry = new RuntimeTelemetry();
  t0 = performance.now();
  const session = await TSAgentSession.create({
    mode: 'quick',
    modelPool: { ...pool, preload: true },
    telemetry: sessionTelemetry,
  });
  try {
    for (let i = 0; i < batches; i++) {
      const b0 = performance.now();
      last.session = await runForecast(panels[i], spec, { session });
      options.onBatch?.('session', i, performance.now() - b0);
    }
  } finally {
    await session.close();
  }
  const sessionLeg = leg(sessionTelemetry, performance.now() - t0);

  return {
    legacy,
    session: sessionLeg,
    wall_ratio: Math.round((legacy.wall_ms / sessionLeg.wall_ms) * 100) / 100,
    batches,
    adapter,
    model_dir: modelDir,
    series_per_batch: base.series.length,
    h,
    identical_forecasts: batches > 0 && sameForecast(last.legacy!, last.session!),
  };
}

function sameForecast(a: SessionRun, b: SessionRun): boolean {
  if (a.forecast.series.length !== b.forecast.series.length) return false;
  return a.forecast.series.every((s, i) => {
    const o = b.forecast.series[i];
    return s.id === o.id && s.model === o.model && s.mean.every((v, k) => v === o.mean[k]);
  });
}
