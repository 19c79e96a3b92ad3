/**
 * The unit of work a statistical worker thread does: fit one registry model on each series of a
 * batch and forecast it, returning per series either the forecast or the error, in a form that
 * crosses a thread boundary (structured clone keeps an Error's message but drops its class, code
 * and context, so typed errors travel as plain records and are rebuilt on the other side).
 *
 * It is a plain function of plain data: the worker entry calls it, and tests call it in-process.
 * The per-series steps are the in-process adapter's (`observedHistory`, model.fit, forecast), so
 * the numbers are the same bit for bit.
 */
import { readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { errorClassForCode, TSAgentKitError, type ErrorContext } from '../../errors/index.js';
import { createStatisticalModel, type StatisticalModelOptions } from '../../models/registry.js';
import { observedHistory } from '../../models/perSeries.js';

export interface BatchSeries {
  readonly id: string;
  readonly y: Float64Array;
}

export interface ForecastBatchTask {
  /** A statistical registry name (e.g. "AutoETS"); the worker builds the model itself. */
  readonly model: string;
  readonly options: StatisticalModelOptions;
  readonly seasonLength: number;
  readonly h: number;
  readonly quantiles: readonly number[];
  readonly series: readonly BatchSeries[];
}

/** An error as it crosses the thread boundary. `code` is absent for untyped errors. */
export interface WireError {
  readonly code?: string;
  readonly name: string;
  readonly message: string;
  readonly context?: ErrorContext;
  readonly fixHint?: string;
}

export type SeriesOutcome =
  | { readonly ok: true; readonly mean: Float64Array; readonly quantiles: Float64Array[] }
  | { readonly ok: false; readonly stage: 'fit' | 'predict'; readonly error: WireError };

export interface ForecastBatchResult {
  /** One outcome per task series, in task order. */
  readonly outcomes: SeriesOutcome[];
  /** The thread that ran the batch and the CPU time it spent on it, ms (undefined off Linux). */
  readonly threadId: number;
  readonly cpuMs?: number;
}

/**
 * CPU time of the calling thread, ms, from /proc/thread-self/stat (utime + stime, in clock ticks of
 * 10 ms); undefined where that file does not exist. Node 20 has no per-thread CPU clock, and
 * process.cpuUsage() counts every thread of the process.
 */
export function threadCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function runForecastBatch(task: ForecastBatchTask): ForecastBatchResult {
  const cpu0 = threadCpuMs();
  let model;
  try {
    model = createStatisticalModel(task.model, task.options);
  } catch (err) {
    // Bad options fail every series' fit alike (a typed error, not a dead worker).
    const error = toWireError(err);
    return { outcomes: task.series.map(() => ({ ok: false, stage: 'fit', error })), threadId };
  }
  const outcomes = task.series.map((s): SeriesOutcome => {
    let fitted;
    try {
      fitted = model.fit(observedHistory(s.y), task.seasonLength);
    } catch (err) {
      return { ok: false, stage: 'fit', error: toWireError(err) };
    }
    try {
      const fc = fitted.forecast(task.h, task.quantiles);
      return { ok: true, mean: fc.mean, quantiles: fc.quantiles };
    } catch (err) {
      return { ok: false, stage: 'predict', error: toWireError(err) };
    }
  });
  const cpu1 = threadCpuMs();
  return { outcomes, threadId, ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMs: cpu1 - cpu0 } : {}) };
}

export function toWireError(err: unknown): WireError {
  if (err instanceof TSAgentKitError) {
    return {
      code: err.code,
      name: err.name,
      message: err.message,
      context: cloneableContext(err.context),
      ...(err.fixHint !== undefined ? { fixHint: err.fixHint } : {}),
    };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/**
 * The error a WireError stood for: the registered class for its code (so `instanceof`, `code`,
 * `context` and `fixHint` are as thrown), else a plain Error with the original name and message.
 */
export function fromWireError(wire: WireError): Error {
  const Cls = wire.code !== undefined ? errorClassForCode(wire.code) : undefined;
  if (Cls) {
    return new Cls(wire.message, {
      ...(wire.context !== undefined ? { context: wire.context } : {}),
      ...(wire.fixHint !== undefined ? { fixHint: wire.fixHint } : {}),
    });
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}

/** Error contexts are meant to be plain data; anything structured clone cannot carry is stringified. */
function cloneableContext(context: ErrorContext): ErrorContext {
  try {
    return structuredClone(context);
  } catch {
    return JSON.parse(JSON.stringify(context, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as ErrorContext;
  }
}
