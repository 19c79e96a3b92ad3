/**
 * StatWorkerPool: per-series statistical fits and forecasts on worker threads (piscina), so that
 * they use every core and the main thread's event loop stays free while a panel is fitted.
 *
 * - Threads start lazily, on the first forecast; `close()` ends them. A session owns one.
 * - A call is split into batches of series (about 8 per thread, for load balance); one batch is
 *   one message each way, so the per-message cost is paid per batch, not per series.
 * - A batch whose worker dies (out of memory, a native crash, process.exit) fails only its own
 *   series, with EWorkerCrashed; piscina replaces the worker and the other batches go on.
 *
 * Which file the workers run: the compiled package runs `statWorker.js` next to this module. When
 * this module is itself executing from TypeScript source (vitest, or any runner of src/), there is
 * no .js beside it, so the workers run `statWorker.ts` with `registerSourceHooks.mjs` imported
 * first: module hooks that resolve `./x.js` to `./x.ts` and transpile TypeScript as it loads, with
 * a content-hash cache (see sourceHooks.mjs). Nothing has to be built before the tests, and the
 * tests exercise the sources.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ESessionClosed, EWorkerCrashed, ETaskSpecInvalid } from '../../errors/index.js';
import type { BatchSeries, ForecastBatchResult, ForecastBatchTask, SeriesOutcome } from './forecastBatch.js';

/**
 * Batches per thread in one call. More batches even out series that fit slower than others (the
 * last batch decides when a call ends); each costs one message each way, microseconds against the
 * milliseconds to seconds of a batch of fits.
 */
const BATCHES_PER_THREAD = 8;

export interface StatWorkerPoolOptions {
  /** Worker threads. Default: cores − 1, at least 1. */
  readonly threads?: number;
  /** Series per task. Default: each call spread over about 8 tasks per thread. */
  readonly seriesPerTask?: number;
  /**
   * The worker module (a file URL or path; .ts runs through the source hooks). Default: the
   * built-in statWorker next to this module. Tests point it at a wrapper that crashes on cue.
   */
  readonly entry?: URL | string;
  /** Per-worker V8 limits (e.g. `{ maxOldGenerationSizeMb }`); a worker that exceeds them dies alone. */
  readonly resourceLimits?: { readonly maxOldGenerationSizeMb?: number; readonly maxYoungGenerationSizeMb?: number };
  /**
   * Lowers the worker threads' scheduling priority (Linux nice, via piscina), so that on a busy
   * machine the main thread (a server's event loop) wins the CPU when it wakes. Default 0.
   */
  readonly niceIncrement?: number;
}

/** A series the pool could not answer because its worker died; the error names the batch's series. */
export interface CrashedOutcome {
  readonly ok: false;
  readonly stage: 'crash';
  readonly error: EWorkerCrashed;
}

export type PooledOutcome = SeriesOutcome | CrashedOutcome;

export type BatchSpec = Omit<ForecastBatchTask, 'series'>;

export interface PoolForecastOptions {
  /**
   * Called as each batch settles (in completion order, not input order) with the index of its
   * first series, its outcomes and the CPU time its thread spent on it (undefined off Linux or
   * when the worker died): long runs record progress or checkpoint as they go. An error
   * it throws rejects the call once every batch has settled.
   */
  readonly onBatch?: (first: number, outcomes: readonly PooledOutcome[], cpuMs: number | undefined) => void;
}

/** Environment variable that sets the default `workers` (containers, CI, tests). */
export const WORKERS_ENV = 'TSAGENTKIT_WORKERS';

/**
 * The default `workers` of a session: $TSAGENTKIT_WORKERS when set, else every core but the one
 * the main thread keeps, at least 1.
 */
export function defaultWorkerCount(): number {
  const fromEnv = process.env[WORKERS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 1) {
      throw new ETaskSpecInvalid(`${WORKERS_ENV} must be a positive integer, got "${fromEnv}"`, {
        context: { variable: WORKERS_ENV, value: fromEnv },
        fixHint: `Set ${WORKERS_ENV}=1 to fit in-process, or to the number of worker threads; unset it for cores − 1.`,
      });
    }
    return n;
  }
  return Math.max(1, availableParallelism() - 1);
}

/** Validates a `workers` value: a positive integer. */
export function checkWorkerCount(workers: number, field = 'workers'): number {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new ETaskSpecInvalid(`${field} must be a positive integer, got ${String(workers)}`, {
      context: { field, value: workers },
      fixHint: `Pass ${field}: 1 to fit in-process, or the number of worker threads (default: cores − 1, at least 1).`,
    });
  }
  return workers;
}

export class StatWorkerPool {
  readonly threads: number;
  private readonly seriesPerTask: number | undefined;
  private readonly entry: URL | string | undefined;
  private readonly resourceLimits: StatWorkerPoolOptions['resourceLimits'];
  private readonly niceIncrement: number | undefined;
  private piscina: Piscina<ForecastBatchTask, ForecastBatchResult> | undefined;
  private closed = false;
  private readonly cpuByThread = new Map<number, number>();

  constructor(options: StatWorkerPoolOptions = {}) {
    this.threads = checkWorkerCount(options.threads ?? defaultWorkerCount(), 'threads');
    if (options.seriesPerTask !== undefined) checkWorkerCount(options.seriesPerTask, 'seriesPerTask');
    this.seriesPerTask = options.seriesPerTask;
    this.entry = options.entry;
    this.resourceLimits = options.resourceLimits;
    this.niceIncrement = options.niceIncrement;
  }

  /** Whether the worker threads have been started (they start on the first forecast). */
  get started(): boolean {
    return this.piscina !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * CPU time each worker thread has spent on batches so far, ms, by thread id (Linux; empty
   * elsewhere). Benchmarks read it to see how evenly work was spread: on free cores the wall time
   * of a call approaches the busiest thread's CPU time.
   */
  threadCpuMs(): ReadonlyMap<number, number> {
    return new Map(this.cpuByThread);
  }

  /**
   * Fits `spec.model` on every series and forecasts it; one outcome per series, in input order.
   * Per-series model errors come back as outcomes (never thrown), as do crashed batches.
   */
  async forecast(spec: BatchSpec, series: readonly BatchSeries[], options: PoolForecastOptions = {}): Promise<PooledOutcome[]> {
    if (this.closed) throw new ESessionClosed('This statistical worker pool is closed.');
    const pool = this.start();
    const size = this.seriesPerTask ?? Math.max(1, Math.ceil(series.length / (this.threads * BATCHES_PER_THREAD)));
    const batches: BatchSeries[][] = [];
    for (let i = 0; i < series.length; i += size) batches.push(series.slice(i, i + size));
    const settle = (b: number, result: PromiseSettledResult<ForecastBatchResult>): PooledOutcome[] => {
      const batch = batches[b] ?? [];
      if (result.status === 'fulfilled') {
        const { threadId, cpuMs } = result.value;
        if (cpuMs !== undefined) this.cpuByThread.set(threadId, (this.cpuByThread.get(threadId) ?? 0) + cpuMs);
        return result.value.outcomes;
      }
      const error = crashError(result.reason, spec.model, batch);
      return batch.map(() => ({ ok: false, stage: 'crash', error }));
    };
    let callbackError: { error: unknown } | undefined;
    const perBatch = await Promise.all(
      batches.map(async (batch, b) => {
        const [result] = await Promise.allSettled([pool.run({ ...spec, series: batch })]);
        const outcomes = settle(b, result);
        if (options.onBatch && !this.closed && callbackError === undefined) {
          try {
            options.onBatch(b * size, outcomes, result.status === 'fulfilled' ? result.value.cpuMs : undefined);
          } catch (error) {
            callbackError = { error };
          }
        }
        return outcomes;
      }),
    );
    if (this.closed) throw new ESessionClosed('The statistical worker pool was closed while it was fitting.');
    if (callbackError) throw callbackError.error;
    return perBatch.flat();
  }

  /** Ends the worker threads (waiting for none of their work). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pool = this.piscina;
    this.piscina = undefined;
    if (pool) await pool.destroy();
  }

  private start(): Piscina<ForecastBatchTask, ForecastBatchResult> {
    if (this.piscina) return this.piscina;
    const entry = workerEntry(this.entry);
    this.piscina = new Piscina<ForecastBatchTask, ForecastBatchResult>({
      filename: entry.filename,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      // The session's threads live as long as the session: no idle reaping, no restart cost per call.
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Infinity,
      // Batches start in submission order. By default piscina sends a task it could not place
      // (every thread busy) to the back of its queue, so a long call's batches run shuffled: an
      // interrupted checkpointed run would then leave scattered series behind, not a prefix.
      stricterFIFO: true,
      ...(this.resourceLimits ? { resourceLimits: { ...this.resourceLimits } } : {}),
      ...(this.niceIncrement ? { niceIncrement: this.niceIncrement } : {}),
    });
    return this.piscina;
  }
}

interface WorkerEntry {
  readonly filename: string;
  readonly execArgv?: string[];
}

function workerEntry(entry: URL | string | undefined): WorkerEntry {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = entry === undefined ? new URL(fromSource ? './statWorker.ts' : './statWorker.js', import.meta.url) : toUrl(entry);
  if (!url.pathname.endsWith('.ts')) return { filename: url.href };
  return { filename: url.href, execArgv: ['--import', new URL('./registerSourceHooks.mjs', import.meta.url).href] };
}

function toUrl(entry: URL | string): URL {
  if (entry instanceof URL) return entry;
  return entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry);
}

function crashError(reason: unknown, model: string, batch: readonly BatchSeries[]): EWorkerCrashed {
  const message = reason instanceof Error ? reason.message : String(reason);
  const code = (reason as { code?: unknown } | null)?.code;
  return new EWorkerCrashed(`A ${model} worker thread died while fitting ${batch.length} series: ${message}`, {
    context: {
      model,
      series: batch.map((s) => s.id),
      reason: message,
      ...(typeof code === 'string' ? { reasonCode: code } : {}),
    },
    cause: reason,
  });
}
