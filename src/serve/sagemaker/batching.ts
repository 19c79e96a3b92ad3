/**
 * Concurrent SageMaker requests are batched where the model allows it. A request that finds a
 * compatible batch still waiting in the admission queue joins it instead of queueing on its own;
 * when the batch gets its slot, all its series go through one plan → fit → predict, i.e. one
 * model call (the Chronos pipeline batches rows itself), and the results are split back per request.
 *
 * - Mostly while busy: with a free slot a batch starts after one turn of the event loop (the
 *   requests already received join it; no timer, no added latency beyond that turn).
 * - Compatible = same prediction_length, frequency, season length and quantile levels, and no
 *   covariates (the panel's covariate roles are panel-wide; covariate requests run alone).
 *   Chronos forecasts each series on its own (no cross-learning), so a series' forecast does not
 *   depend on its batch-mates.
 * - A batch holds at most `maxSeries` series; its deadline is its first request's (the earliest).
 * - Series ids are prefixed per request inside the batch, so equal item_ids never collide.
 */
import type { Panel, Series } from '../../data/panel.js';
import type { FallbackTransition } from '../../runtime/ladder/fallback.js';
import type { AttributedSeriesForecast } from '../../runtime/ladder/forecastLadder.js';
import type { TSAgentSession } from '../../runtime/session.js';
import type { AdmissionQueue } from '../admission.js';
import { sageMakerResponse } from './response.js';
import type { SageMakerResponse } from './schema.js';
import type { SageMakerTask } from './toPanel.js';

interface OpenBatch {
  readonly key: string | undefined;
  readonly tasks: SageMakerTask[];
  series: number;
  result?: Promise<SageMakerResponse[]>;
}

export interface BatcherOptions {
  /** Series per batch; 0 turns batching off. */
  readonly maxSeries: number;
  /** Called with the number of requests of every batch that ran. */
  readonly onBatch?: (requests: number) => void;
}

export class SageMakerBatcher {
  private readonly open = new Map<string, OpenBatch>();

  constructor(
    private readonly session: TSAgentSession,
    private readonly queue: AdmissionQueue,
    private readonly options: BatcherOptions,
  ) {}

  /** The response of one request, computed alone or with the batch it joined. */
  async submit(task: SageMakerTask, deadline: number): Promise<SageMakerResponse> {
    const n = task.panel.series.length;
    const key = this.options.maxSeries > 0 ? batchKey(task) : undefined;
    const waiting = key !== undefined ? this.open.get(key) : undefined;
    if (waiting?.result && waiting.series + n <= this.options.maxSeries) {
      const index = waiting.tasks.push(task) - 1;
      waiting.series += n;
      return pick(await waiting.result, index);
    }
    const batch: OpenBatch = { key, tasks: [task], series: n };
    if (key !== undefined) this.open.set(key, batch);
    batch.result = (async () => {
      // onnxruntime-node runs a model synchronously on the main thread, so requests that arrived
      // during the last run are still unparsed in the socket buffers when a slot frees. Waiting one
      // turn of the event loop (setImmediate: after the pending I/O) lets them join this batch.
      if (key !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
      return this.queue.run(async () => {
        this.close(batch); // from here on the batch is fixed
        this.options.onBatch?.(batch.tasks.length);
        return forecastBatch(this.session, batch.tasks);
      }, deadline);
    })();
    batch.result.catch(() => this.close(batch));
    return pick(await batch.result, 0);
  }

  private close(batch: OpenBatch): void {
    if (batch.key !== undefined && this.open.get(batch.key) === batch) this.open.delete(batch.key);
  }
}

function pick(responses: SageMakerResponse[], index: number): SageMakerResponse {
  const r = responses[index];
  if (!r) throw new RangeError(`batch result ${index} is missing`);
  return r;
}

function batchKey(task: SageMakerTask): string | undefined {
  const { covariates } = task.panel;
  if (covariates.past.length > 0 || covariates.futureKnown.length > 0 || task.panel.future) return undefined;
  const s = task.spec;
  return JSON.stringify([s.h, s.freq, s.seasonLength ?? null, [...new Set(task.quantileLevels)].sort((a, b) => a - b)]);
}

/** One plan → fit → predict over all the batch's series; one response per task, in order. */
export async function forecastBatch(session: TSAgentSession, tasks: readonly SageMakerTask[]): Promise<SageMakerResponse[]> {
  const first = tasks[0];
  if (!first) return [];
  if (tasks.length === 1) {
    const out = await forecastPanel(session, first.panel, first);
    return [sageMakerResponse(first, out.series, out.levels, out.fallbacks)];
  }
  const prefix = (k: number, id: string) => `${k}|${id}`;
  const series: Series[] = tasks.flatMap((t, k) => t.panel.series.map((s) => ({ ...s, id: prefix(k, s.id) })));
  series.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const panel: Panel = { ...first.panel, series };
  const out = await forecastPanel(session, panel, first);
  return tasks.map((task, k) => {
    const own = `${k}|`;
    const strip = (id: string) => id.slice(own.length);
    const mine = out.series.filter((s) => s.id.startsWith(own)).map((s) => ({ ...s, id: strip(s.id) }));
    const fallbacks: FallbackTransition[] = [];
    for (const t of out.fallbacks) {
      if (!t.series) fallbacks.push(t);
      else {
        const ids = t.series.filter((id) => id.startsWith(own)).map(strip);
        if (ids.length > 0) fallbacks.push({ ...t, series: ids });
      }
    }
    return sageMakerResponse(task, mine, out.levels, fallbacks);
  });
}

async function forecastPanel(
  session: TSAgentSession,
  input: Panel,
  task: SageMakerTask,
): Promise<{ series: readonly AttributedSeriesForecast[]; levels: readonly number[]; fallbacks: readonly FallbackTransition[] }> {
  // Missing values after a series' first observation are carried forward (point-in-time safe, what
  // AutoGluon does first), so a statistical fallback can fit them; leading gaps stay (every model
  // starts at the first value). The TSFM sees the filled values too, as with session.run's QA.
  const panel = input.series.some(hasGapAfterStart) ? { ...input, series: input.series.map(carryForward) } : input;
  const plan = await session.plan(panel, task.spec);
  const fit = await session.fit(panel, plan, task.spec);
  const out = await session.predict(fit);
  return { series: out.forecast.series, levels: out.forecast.quantileLevels, fallbacks: out.fallbacks };
}

function hasGapAfterStart(s: Series): boolean {
  let started = false;
  for (const v of s.y) {
    if (Number.isNaN(v)) {
      if (started) return true;
    } else started = true;
  }
  return false;
}

function carryForward(s: Series): Series {
  if (!hasGapAfterStart(s)) return s;
  const y = Float64Array.from(s.y);
  let last = Number.NaN;
  for (let t = 0; t < y.length; t++) {
    const v = y[t] ?? Number.NaN;
    if (Number.isNaN(v)) y[t] = last;
    else last = v;
  }
  return { ...s, y };
}
