/**
 * The M4 benchmark with `--workers N`: each method's fits either in-process (N = 1, the plain
 * `scoreMethod`) or on a StatWorkerPool of N threads, with what a parallel run must show measured
 * around each method: wall time, process CPU time (all threads) and the main thread's event-loop
 * delay (p99 and max, `perf_hooks.monitorEventLoopDelay`). Accuracy is scored over the series in
 * file order on both paths, so the figures of N = 1 and N = 2 must be equal to the last digit.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { threadCpuMs } from '../../src/runtime/workers/forecastBatch.js';
import { StatWorkerPool, type PooledOutcome } from '../../src/runtime/workers/workerPool.js';
import type { M4Checkpoint, RecordedForecast } from './checkpoint.js';
import { M4_SETTINGS, readM4, type M4Dataset, type M4Series } from './data.js';
import { m4Mase, m4MaseScale, m4Smape } from '../../src/metrics/m4.js';
import { naiveForecast } from './data.js';

/** A method's accuracy (m4.ts's MethodScore, without importing m4.ts, which imports this module). */
export interface AccuracyScore {
  smape: number;
  mase: number;
  seconds: number;
  failures?: number;
  resumed?: number;
}

export interface WorkersBenchOptions {
  /** Registry names, already checked. */
  readonly methods: readonly string[];
  readonly limit?: number;
  readonly progress?: (message: string) => void;
  readonly onForecast?: (dataset: string, method: string, id: string, mean: Float64Array) => void;
  /**
   * Finished series are appended here and recorded ones are not fitted again. With a checkpoint
   * the pool sends one series per task, so that each is recorded as soon as it is done.
   */
  readonly checkpoint?: M4Checkpoint;
  /** The in-process scorer (m4.ts's scoreMethod), used when workers = 1. */
  readonly scoreInProcess: (dataset: M4Dataset, series: readonly M4Series[], method: string) => AccuracyScore;
}

export interface ParallelMethodScore extends AccuracyScore {
  readonly workers: number;
  readonly wallSeconds: number;
  /** Process CPU time (user + system, every thread) while the method ran. */
  readonly cpuSeconds: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /**
   * CPU seconds of each thread that fitted (the main thread for workers = 1, else each worker),
   * busiest first (Linux; empty elsewhere). On a machine shared with other work, wall time depends
   * on the CPU share the scheduler grants; on free cores it approaches the busiest thread's time,
   * so sum / busiest is the speed-up the split allows.
   */
  readonly threadCpuSeconds: number[];
}

/** Runs `work` with the clocks and the event-loop monitor on. */
async function measured<T>(work: () => T | Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The monitor records the gap between two of its timer ticks: give it a first tick before the
  // work, and one after (below), so that a run that blocks the thread throughout is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  return {
    value,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    eventLoopDelayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : 0,
    eventLoopDelayMaxMs: delay.count > 0 ? delay.max / 1e6 : 0,
  };
}

/** One method on the pool: every series' fit and forecast on the workers, scored here in file order. */
export async function scoreMethodOnPool(
  dataset: M4Dataset,
  series: readonly M4Series[],
  method: string,
  pool: StatWorkerPool,
  options: Pick<WorkersBenchOptions, 'progress' | 'onForecast' | 'checkpoint'> = {},
): Promise<AccuracyScore> {
  const { h, m } = M4_SETTINGS[dataset];
  const { checkpoint } = options;
  const forecasts: (RecordedForecast | undefined)[] = series.map((s) => checkpoint?.get(dataset, method, s.id, h));
  const resumed = forecasts.filter((f) => f !== undefined).length;
  const todo = series.flatMap((s, k) => (forecasts[k] === undefined ? [k] : []));
  const asRecorded = (k: number, o: PooledOutcome | undefined, seconds?: number): RecordedForecast => {
    const timed = seconds !== undefined ? { seconds } : {};
    if (o?.ok) return { mean: o.mean, ...timed };
    const failed = o ? o.error.message : 'no outcome';
    options.progress?.(`${dataset} ${method} ${series[k].id}: ${failed}`);
    return { mean: naiveForecast(series[k].train, h), failed, ...timed };
  };
  const step = Math.max(1, Math.round(todo.length / 10));
  let done = 0;
  await pool.forecast(
    { model: method, options: {}, seasonLength: m, h, quantiles: [] },
    todo.map((k) => ({ id: series[k].id, y: series[k].train })),
    {
      // Each batch is recorded (and checkpointed) as it settles, whatever the order.
      onBatch: (first, outcomes, cpuMs) => {
        // With a checkpoint a batch is one series, so its thread's CPU time is that series' own.
        const seconds = cpuMs !== undefined ? cpuMs / 1000 / outcomes.length : undefined;
        outcomes.forEach((o, j) => {
          const k = todo[first + j];
          const forecast = asRecorded(k, o, seconds);
          forecasts[k] = forecast;
          checkpoint?.record(dataset, method, series[k].id, forecast);
          done++;
          if (done % step === 0 && done < todo.length) options.progress?.(`${dataset} ${method}: ${done}/${todo.length} series fitted`);
        });
      },
    },
  );
  let smapeSum = 0;
  let maseSum = 0;
  let failures = 0;
  series.forEach((s, k) => {
    const forecast = forecasts[k] ?? asRecorded(k, undefined);
    if (forecast.failed !== undefined) failures++;
    options.onForecast?.(dataset, method, s.id, forecast.mean);
    smapeSum += m4Smape(s.test, forecast.mean);
    maseSum += m4Mase(s.test, forecast.mean, m4MaseScale(s.train, m));
  });
  const score: AccuracyScore = { smape: smapeSum / series.length, mase: maseSum / series.length, seconds: 0 };
  if (failures > 0) score.failures = failures;
  if (resumed > 0) score.resumed = resumed;
  return score;
}

/** runM4 with `workers` threads (1 = in-process) and the timing and event-loop figures per method. */
export async function runM4WithWorkers(
  dataDir: string,
  datasets: readonly M4Dataset[],
  workers: number,
  options: WorkersBenchOptions,
): Promise<Record<string, Record<string, ParallelMethodScore>>> {
  const pool = workers > 1 ? new StatWorkerPool({ threads: workers, ...(options.checkpoint ? { seriesPerTask: 1 } : {}) }) : undefined;
  const result: Record<string, Record<string, ParallelMethodScore>> = {};
  try {
    // Start the threads before any clock runs: a session pays this once, not per method.
    if (pool)
      await pool.forecast({ model: 'Naive', options: {}, seasonLength: 1, h: 1, quantiles: [] }, [
        { id: 'warm-up', y: Float64Array.of(1) },
      ]);
    for (const dataset of datasets) {
      let series = readM4(dataDir, dataset);
      if (options.limit !== undefined) series = series.slice(0, options.limit);
      options.progress?.(
        `${dataset}: ${series.length} series, h = ${M4_SETTINGS[dataset].h}, m = ${M4_SETTINGS[dataset].m}, workers = ${workers}`,
      );
      const scores: Record<string, ParallelMethodScore> = {};
      result[dataset] = scores;
      for (const method of options.methods) {
        const threads0 = pool?.threadCpuMs() ?? new Map([[0, threadCpuMs() ?? Number.NaN]]);
        const run = await measured(() =>
          pool ? scoreMethodOnPool(dataset, series, method, pool, options) : options.scoreInProcess(dataset, series, method),
        );
        const threads1 = pool?.threadCpuMs() ?? new Map([[0, threadCpuMs() ?? Number.NaN]]);
        const threadCpuSeconds = [...threads1]
          .map(([id, ms]) => (ms - (threads0.get(id) ?? 0)) / 1000)
          .filter((sec) => Number.isFinite(sec) && sec > 0)
          .sort((a, b) => b - a);
        const score: ParallelMethodScore = {
          ...run.value,
          seconds: run.wallSeconds,
          workers,
          wallSeconds: run.wallSeconds,
          cpuSeconds: run.cpuSeconds,
          eventLoopDelayP99Ms: run.eventLoopDelayP99Ms,
          eventLoopDelayMaxMs: run.eventLoopDelayMaxMs,
          threadCpuSeconds,
        };
        scores[method] = score;
        options.progress?.(
          `${dataset} ${method}: sMAPE ${score.smape.toFixed(3)} MASE ${score.mase.toFixed(3)} ` +
            `(wall ${score.wallSeconds.toFixed(1)} s, cpu ${score.cpuSeconds.toFixed(1)} s, ` +
            `event-loop delay p99 ${score.eventLoopDelayP99Ms.toFixed(1)} ms, max ${score.eventLoopDelayMaxMs.toFixed(1)} ms, ${workers} worker(s); ` +
            `fitting threads' CPU ${threadCpuSeconds.map((x) => x.toFixed(1)).join(' + ')} s)` +
            (score.resumed ? `; ${score.resumed} series from the checkpoint` : ''),
        );
      }
    }
  } finally {
    await pool?.close();
  }
  return result;
}
