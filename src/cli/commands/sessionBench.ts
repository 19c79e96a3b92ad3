/**
 * Baseline probe for the session runtime (a benchmark, not a test): N forecast batches through
 * per-call `runForecast` (a temporary session, so the TSFM is loaded and released every call —
 * the Python original's behaviour) against the same N batches through one long-lived session
 * (loaded once). Uses a real checkpoint layout: the given `modelDir`, or by default a small Chronos-2
 * checkpoint with random weights written to a temporary folder (removed afterwards), so the command
 * works after a plain `npm install tsagentkit`, where no test fixture is shipped.
 *
 * Data: the embedded "unemployment" example (14 monthly series, 122 months); batch i drops the
 * last i months, so every batch is a different forecast problem of the same shape.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Panel } from '../../data/panel.js';
import { EInvalidArgument } from '../../errors/index.js';
import { loadExample } from '../../examples/examples.js';
import type { TaskSpecInput } from '../../task/taskSpec.js';
import type { ModelPoolConfig } from '../../runtime/modelPoolConfig.js';
import { runForecast } from '../../runtime/runForecast.js';
import { TSAgentSession, type SessionRun } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';
import { parseChronos2Config } from '../../tsfm/chronos/chronos2/config.js';
import { chronos2ExpectedShapes, chronos2RandomInit } from '../../tsfm/chronos/chronos2/model/weights.js';
import { writeRandomCheckpoint } from '../../tsfm/engine/randomCheckpoint.js';

/**
 * The default checkpoint: Chronos-2's layout and architecture at a small size (d_model 64, 3 layers,
 * 4 heads, the 21 quantiles of the released model), so loads and calls are quick but real.
 */
export const SMALL_CHRONOS2_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  architectures: ['Chronos2Model'],
  chronos_config: {
    context_length: 2048,
    input_patch_size: 16,
    input_patch_stride: 16,
    max_output_patches: 16,
    output_patch_size: 16,
    quantiles: [0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99],
    time_encoding_scale: 8192,
    use_arcsinh: true,
    use_reg_token: true,
  },
  chronos_pipeline_class: 'Chronos2Pipeline',
  d_ff: 128,
  d_kv: 16,
  d_model: 64,
  dense_act_fn: 'relu',
  feed_forward_proj: 'relu',
  layer_norm_epsilon: 1e-6,
  model_type: 't5',
  num_heads: 4,
  num_layers: 3,
  pad_token_id: 0,
  reg_token_id: 1,
  rope_theta: 10000.0,
  torch_dtype: 'float32',
  vocab_size: 2,
});

/** Writes the default checkpoint (random weights, fixed seed) into a new temporary folder. */
export function writeDefaultBenchCheckpoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsagentkit-bench-chronos2-'));
  writeRandomCheckpoint(dir, {
    config: SMALL_CHRONOS2_CONFIG,
    shapes: chronos2ExpectedShapes(parseChronos2Config(SMALL_CHRONOS2_CONFIG)),
    initOf: chronos2RandomInit,
    seed: 20260101,
    sortByName: true,
  });
  return dir;
}

export interface SessionBenchOptions {
  batches: number;
  /** Checkpoint directory of the adapter (its `modelDir` option); default: a small random Chronos-2 one. */
  modelDir?: string | undefined;
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
  if (options.modelDir !== undefined) return benchWith(options, options.modelDir);
  if ((options.adapter ?? 'chronos') !== 'chronos') {
    throw new EInvalidArgument(`bench session has no default checkpoint for adapter "${options.adapter}"`, {
      context: { adapter: options.adapter },
      fixHint: 'Pass --model-dir <checkpoint folder> for that adapter, or use the default adapter (chronos).',
    });
  }
  const dir = writeDefaultBenchCheckpoint();
  try {
    return { ...(await benchWith(options, dir)), model_dir: '(small Chronos-2, random weights, temporary)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchWith(options: SessionBenchOptions, modelDir: string): Promise<SessionBenchResult> {
  const batches = options.batches;
  const adapter = options.adapter ?? 'chronos';
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
