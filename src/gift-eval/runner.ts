/**
 * Runs GIFT-Eval configurations: for each one, read the folder, cut the test instances, forecast
 * them in batches through the process's predictor, score them with gluonts' metrics and write the
 * configuration's own result file; then assemble all_results.csv from every result file there is.
 *
 * - Resume: a configuration whose result file exists for this model is not recomputed (and when
 *   every selected configuration is done no model is loaded at all).
 * - Failures stay local: a missing folder, an unreadable Arrow file, an unknown name or a frequency
 *   GIFT-Eval cannot handle becomes a typed error naming the configuration (written to
 *   `configs/<name>.error.json` and returned); the other configurations still run.
 * - Sharding: several processes may each run a subset (`configs`) into their own or a shared
 *   output folder; `writeAllResults` is the merge step.
 */
import { existsSync, rmSync } from 'node:fs';
import { TSAgentKitError, isTSAgentKitError, type ErrorContext } from '../errors/index.js';
import { RuntimeTelemetry, type RuntimeStatsSnapshot } from '../runtime/telemetry.js';
import { selectConfigurations, type Configuration } from './configurations.js';
import { GluonTSMetrics } from './metrics.js';
import {
  appendRuntimeStats,
  failurePath,
  readResult,
  writeAllResults,
  writeFailure,
  writeResult,
  writeSubmissionConfig,
  type AdapterRuntime,
  type ConfigResult,
  type RuntimeStatsLine,
} from './outputs.js';
import { GiftEvalPredictor, canonicalModelName, isTsfmModel, type PredictorOptions } from './predictor.js';
import { gluontsSeasonality, predictionLength, testWindows } from './protocol.js';
import { readDataset, type LoadedDataset } from './reader.js';
import { countInstances, testInstances, type TestInstance } from './splits.js';

export interface GiftEvalRunOptions {
  /** The GIFT_EVAL root (the folder holding m4_weekly/, electricity/ …). */
  readonly root: string;
  readonly outDir: string;
  /** Model as named on the command line (`seasonal_naive`, `chronos`, …). */
  readonly model: string;
  /** The `model` column of all_results.csv (default: the model name as given). */
  readonly modelLabel?: string;
  readonly datasets?: readonly string[];
  readonly terms?: readonly string[];
  readonly configs?: readonly string[];
  readonly modelDirs?: Readonly<Record<string, string>>;
  readonly preload?: readonly string[];
  readonly adapterOptions?: PredictorOptions['adapterOptions'];
  readonly legacy?: boolean;
  /** TSFM execution device (cpu, cuda); default the adapters' own (cpu). */
  readonly device?: string;
  /** Families whose non-commercial licence is accepted (see ModelPoolConfig.acceptLicences). */
  readonly acceptLicences?: readonly string[];
  /** Test instances per forecast batch (gift-eval uses 512). */
  readonly batchSize?: number;
  /** Recompute finished configurations too. */
  readonly force?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { readonly kind: 'start'; readonly config: string; readonly instances: number }
  | { readonly kind: 'batch'; readonly config: string; readonly done: number; readonly instances: number }
  | { readonly kind: 'done'; readonly config: string; readonly result: ConfigResult }
  | { readonly kind: 'skipped'; readonly config: string }
  | { readonly kind: 'failed'; readonly config: string; readonly error: TSAgentKitError };

export interface GiftEvalRunOutcome {
  readonly computed: readonly ConfigResult[];
  readonly skipped: readonly string[];
  readonly failed: ReadonlyArray<{ readonly config: string; readonly error: TSAgentKitError }>;
  /** Every finished configuration in the output folder (what all_results.csv holds). */
  readonly all: readonly ConfigResult[];
  readonly wallMs: number;
  readonly runtime: RuntimeStatsSnapshot;
}

type ErrorClass = new (message: string, options?: { context?: ErrorContext; fixHint?: string; cause?: unknown }) => TSAgentKitError;

/** The same typed error, its message and context naming the configuration. */
export function inConfiguration(error: unknown, config: string): TSAgentKitError {
  if (isTSAgentKitError(error)) {
    if (error.context.config === config) return error;
    const Cls = error.constructor as ErrorClass;
    return new Cls(`configuration ${config}: ${error.message}`, {
      context: { ...error.context, config },
      ...(error.fixHint !== undefined ? { fixHint: error.fixHint } : {}),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TSAgentKitError(`configuration ${config}: ${message}`, { context: { config }, cause: error });
}

function perAdapterDelta(snapshot: RuntimeStatsSnapshot): Record<string, AdapterRuntime> {
  const out: Record<string, AdapterRuntime> = {};
  for (const [name, s] of Object.entries(snapshot.per_adapter)) {
    out[name] = {
      load_count: s.load_count,
      load_time_ms_total: s.load_time_ms_total,
      predict_count: s.predict_count,
      predict_time_ms_total: s.predict_time_ms_total,
    };
  }
  return out;
}

/**
 * Forecast batches of at most `size` instances and at most `maxPoints` history values: long-term
 * configurations of 5-minute data have ~100k-point histories, and 512 of them at once would hold
 * ~0.8 GB of panel. The metrics keep gluonts' own 512-instance evaluation batches regardless.
 */
export function* forecastBatches(items: Iterable<TestInstance>, size: number, maxPoints: number): Generator<TestInstance[]> {
  let batch: TestInstance[] = [];
  let points = 0;
  for (const item of items) {
    if (batch.length > 0 && points + item.input.length > maxPoints) {
      yield batch;
      batch = [];
      points = 0;
    }
    batch.push(item);
    points += item.input.length;
    if (batch.length === size) {
      yield batch;
      batch = [];
      points = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** History values per forecast batch (float64 values and timestamps: ~16 bytes each). */
export const MAX_BATCH_POINTS = 8_000_000;

export async function runGiftEval(options: GiftEvalRunOptions): Promise<GiftEvalRunOutcome> {
  const started = performance.now();
  const label = options.modelLabel ?? options.model;
  const batchSize = options.batchSize ?? 512;
  const telemetry = new RuntimeTelemetry();
  const selection = selectConfigurations({
    ...(options.datasets ? { datasets: options.datasets } : {}),
    ...(options.terms ? { terms: options.terms } : {}),
    ...(options.configs ? { configs: options.configs } : {}),
  });
  const failed: Array<{ config: string; error: TSAgentKitError }> = [];
  for (const u of selection.unknown) {
    failed.push({ config: u.name, error: u.error });
    options.onProgress?.({ kind: 'failed', config: u.name, error: u.error });
  }
  const skipped: string[] = [];
  const todo: Configuration[] = [];
  for (const c of selection.configurations) {
    if (!options.force && readResult(options.outDir, c.name, label)) {
      skipped.push(c.name);
      options.onProgress?.({ kind: 'skipped', config: c.name });
    } else todo.push(c);
  }

  const computed: ConfigResult[] = [];
  // One predictor (one session, models preloaded) for the whole process, and only when there is
  // work: a failed preload stops the run here, typed, rather than failing every configuration.
  const predictor =
    todo.length === 0
      ? undefined
      : await GiftEvalPredictor.create({
          model: options.model,
          telemetry,
          ...(options.modelDirs ? { modelDirs: options.modelDirs } : {}),
          ...(options.preload ? { preload: options.preload } : {}),
          ...(options.adapterOptions ? { adapterOptions: options.adapterOptions } : {}),
          ...(options.device ? { device: options.device } : {}),
          ...(options.acceptLicences?.length ? { acceptLicences: options.acceptLicences } : {}),
          ...(options.legacy ? { legacy: true } : {}),
        });
  let dataset: LoadedDataset | undefined;
  try {
    for (const config of todo) {
      const before = telemetry.snapshot();
      const t0 = performance.now();
      let status: RuntimeStatsLine['status'] = 'ok';
      try {
        if (dataset?.dir !== config.dataset.dir) {
          dataset = undefined; // release the previous folder before reading the next
          dataset = await readDataset(options.root, config.dataset.dir);
        }
        if (!predictor) throw new Error('no predictor');
        const result = await runConfiguration(config, dataset, predictor, label, batchSize, options.onProgress);
        const wallMs = performance.now() - t0;
        const done: ConfigResult = { ...result, wall_ms: wallMs };
        writeResult(options.outDir, done);
        if (existsSync(failurePath(options.outDir, config.name))) rmSync(failurePath(options.outDir, config.name));
        computed.push(done);
        options.onProgress?.({ kind: 'done', config: config.name, result: done });
      } catch (error) {
        status = 'failed';
        const typed = inConfiguration(error, config.name);
        writeFailure(options.outDir, { config: config.name, model: label, error: typed.toJSON() });
        failed.push({ config: config.name, error: typed });
        options.onProgress?.({ kind: 'failed', config: config.name, error: typed });
      }
      const after = telemetry.snapshot();
      appendRuntimeStats(options.outDir, {
        timestamp: new Date().toISOString(),
        config: config.name,
        dataset: config.dataset.dir,
        term: config.term,
        batch_size: batchSize,
        model: label,
        mode: options.legacy ? 'legacy' : 'session',
        status,
        load_count: after.load_count,
        load_time_ms_total: after.load_time_ms_total,
        forecast_time_ms_total: after.forecast_time_ms_total,
        forecast_batch_count: after.forecast_batch_count,
        session_reuse_count: after.session_reuse_count,
        per_adapter: perAdapterDelta(after),
        config_load_count: after.load_count - before.load_count,
        config_forecast_time_ms: after.forecast_time_ms_total - before.forecast_time_ms_total,
        config_batches: after.forecast_batch_count - before.forecast_batch_count,
        config_wall_ms: performance.now() - t0,
      });
    }
  } finally {
    await predictor?.close();
  }

  const all = writeAllResults(options.outDir);
  const tsfm = isTsfmModel(canonicalModelName(options.model));
  writeSubmissionConfig(options.outDir, {
    model: label,
    model_type: tsfm ? 'pretrained' : 'statistical',
    model_dtype: 'float32',
    model_link: '',
    code_link: '',
    org: '',
    testdata_leakage: tsfm ? "unknown: check the checkpoint's training data" : 'No',
    replication_code_available: 'Yes',
  });
  return { computed, skipped, failed, all, wallMs: performance.now() - started, runtime: telemetry.snapshot() };
}

/** One configuration: instances → batches → forecasts → metrics. */
async function runConfiguration(
  config: Configuration,
  dataset: LoadedDataset,
  predictor: GiftEvalPredictor,
  model: string,
  batchSize: number,
  onProgress: GiftEvalRunOptions['onProgress'],
): Promise<Omit<ConfigResult, 'wall_ms'>> {
  const freq = dataset.freq;
  const pl = predictionLength(config.dataset.dir, freq, config.term);
  const seasonality = gluontsSeasonality(freq);
  const windows = testWindows(config.dataset.dir, dataset.minLength, pl);
  const total = countInstances(dataset.records, windows);
  const metrics = new GluonTSMetrics(seasonality);
  const ctx = { freq, predictionLength: pl, seasonality };
  onProgress?.({ kind: 'start', config: config.name, instances: total });
  let done = 0;
  let fallbacks = 0;
  const instances = testInstances(dataset.records, { predictionLength: pl, windows, dataset: config.dataset.dir });
  for (const batch of forecastBatches(instances, batchSize, MAX_BATCH_POINTS)) {
    const { forecasts, fallbackCount } = await predictor.predict(batch, ctx);
    fallbacks += fallbackCount;
    batch.forEach((inst, i) => metrics.update(inst.input, inst.label, forecasts[i]));
    done += batch.length;
    onProgress?.({ kind: 'batch', config: config.name, done, instances: total });
  }
  return {
    config: config.name,
    model,
    metrics: metrics.result(),
    domain: config.dataset.domain,
    num_variates: config.dataset.numVariates,
    dataset_dir: config.dataset.dir,
    freq,
    prediction_length: pl,
    windows,
    seasonality,
    instances: total,
    fallbacks,
  };
}
