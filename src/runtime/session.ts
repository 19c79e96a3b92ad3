/**
 * TSAgentSession: one long-lived context for many forecasts. It owns a ModelPool, so TSFM weights
 * are loaded once (at session start) and every fit and predict reuses the same in-memory models.
 *
 * The session orchestrates; the work lives in the step modules (`SessionSteps`): validate → qa →
 * plan → optional backtest → fit with fallback → predict with fallback → run record. The ladders
 * run in `ladder/` (groupLadders.ts per panel, forecastLadder.ts per ladder, fallback.ts records). `fit` and
 * `predict` resolve TSFM adapters from the session's pool only (never by loading) and statistical
 * models from the models registry. `taskSpecDefaults` merge under the spec of every call.
 */
import type { BacktestReport } from '../backtest/rolling.js';
import type { ForecastInput } from '../data/input.js';
import { tableToRecords, type Cell, type Table } from '../data/io/table.js';
import type { Panel } from '../data/panel.js';
import { EAdapterNotAvailable, ESessionClosed, isTSAgentKitError } from '../errors/index.js';
import { buildRunArtifact, type RunArtifact } from '../forecast/artifact.js';
import { forecastToTable, type ForecastFrameOptions } from '../forecast/frame.js';
import type { FittedModel, ForecastAdapter, ForecastTask } from '../models/contract.js';
import { resolveModelSpecs, type ModelSpec } from '../models/modelSpec.js';
import { StatisticalAdapter } from '../models/statistical.js';
import type { QAReport } from '../qa/qa.js';
import type { Plan } from '../router/plan.js';
import type { ValidationReport } from '../validation/report.js';
import { forecastTaskOf, resolveTask, type ResolvedTask } from '../task/resolvedTask.js';
import { mergeTaskSpec, taskSpecHash, type TaskSpec, type TaskSpecInput } from '../task/taskSpec.js';
import { requireLoaded } from '../models/contract.js';
import { hasAdapterFactory } from './adapterRegistry.js';
import { defaultSteps } from './defaultSteps.js';
import { FallbackLog, type FallbackAttempt, type FallbackTransition } from './ladder/fallback.js';
import type { LadderForecast, LadderRunner } from './ladder/forecastLadder.js';
import {
  fitLadderGroups,
  ladderForecaster,
  planWithSpecModels,
  predictLadderGroups,
  withSpecModels,
  type GroupFit,
} from './ladder/groupLadders.js';
import { ModelPool, type ModelPoolStats } from './modelPool.js';
import type { ModelPoolConfig } from './modelPoolConfig.js';
import { toModelRuntimeError } from './runtimeErrors.js';
import type { LadderGroup, PlanContext, PlanOutcome, QaOutcome, SessionMode, SessionSteps, ValidateOutcome } from './sessionSteps.js';
import { runtimeTelemetry, type RuntimeTelemetry } from './telemetry.js';
import { checkWorkerCount, defaultWorkerCount, StatWorkerPool, type StatWorkerPoolOptions } from './workers/workerPool.js';

export type { SessionMode } from './sessionSteps.js';

/** The TSFM adapter families the TaskSpec knows; a candidate named `tsfm-<x>` is always adapter x. */
const TSFM_PREFIX = 'tsfm-';

export interface TSAgentSessionOptions {
  /** QA strictness and whether run() backtests: quick skips the backtest. Default "standard". */
  mode?: SessionMode;
  /** Merged under the spec of every call (nested objects merge by key). */
  taskSpecDefaults?: Partial<TaskSpecInput>;
  /** A pool, or a config the session builds its pool from. Without one the session runs statistical models only. */
  modelPool?: ModelPool | ModelPoolConfig;
  /** Whether close() closes the pool. Default true (the session owns the pool it was given or built). */
  ownsModelPool?: boolean;
  telemetry?: RuntimeTelemetry;
  /** Replace individual steps (tests, custom routers). */
  steps?: Partial<SessionSteps>;
  /**
   * Worker threads for statistical fits and forecasts (backtest windows included): a count, default
   * cores − 1 and at least 1, where 1 fits in-process on the main thread; or pool options (always a
   * pool, e.g. `{ threads: 1 }` for one thread off the main thread). The threads start on the first
   * fit and end with close().
   */
  workers?: number | StatWorkerPoolOptions;
}

/** The outcome of `fit`: one fitted model per ladder group, plus the fallbacks taken so far. */
export interface SessionFit {
  readonly spec: TaskSpec;
  readonly task: ForecastTask;
  readonly panel: Panel;
  readonly groups: readonly GroupFit[];
  readonly log: FallbackLog;
  readonly fitMs: number;
  /** The spec's own models (TaskSpec `models`) by the name the ladders use. */
  readonly models: ReadonlyMap<string, ForecastAdapter>;
}

export interface SessionForecast {
  /** Series in panel order, each tagged with the model that answered it. */
  readonly forecast: LadderForecast;
  readonly modelBySeries: Readonly<Record<string, string>>;
  /** Every fallback transition of fit and predict, in order. */
  readonly fallbacks: readonly FallbackTransition[];
  readonly attempts: readonly FallbackAttempt[];
  readonly predictMs: number;
}

export interface StepEvent {
  readonly step: 'validate' | 'qa' | 'plan' | 'backtest' | 'fit' | 'predict';
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly durationMs: number;
  readonly errorCode?: string;
  readonly error?: string;
}

/** Everything run() did, ready to become a RunArtifact. */
export interface SessionRun {
  readonly mode: SessionMode;
  readonly spec: TaskSpec;
  readonly specHash: string;
  readonly task: ForecastTask;
  readonly validation: ValidationReport;
  readonly qa: QAReport;
  /** The panel that was forecast (after QA's repairs): the history reports and plots draw. */
  readonly panel: Panel;
  readonly plan: Plan;
  readonly groups: readonly LadderGroup[];
  /** Absent when the backtest was skipped or failed (see `events`). */
  readonly backtest: BacktestReport | undefined;
  readonly forecast: SessionForecast['forecast'];
  readonly modelBySeries: Readonly<Record<string, string>>;
  readonly fallbacks: readonly FallbackTransition[];
  readonly attempts: readonly FallbackAttempt[];
  readonly events: readonly StepEvent[];
  readonly totalMs: number;
  readonly pool: ModelPoolStats | undefined;
  /**
   * The JSON run record (plan, QA, fallbacks, timings, versions). It has no forecast file; writers
   * complete it with `withRunOutputs(run.artifact, { forecast: { path, … }, notes })`.
   */
  readonly artifact: RunArtifact;
  /** The forecast in long format: `unique_id, ds, model, mean, q…` (and `lo-L`/`hi-L` with intervals). */
  toTable(options?: ForecastFrameOptions): Table;
  /** The same rows as plain records (`ds` as Date). */
  toRecords(options?: ForecastFrameOptions): Record<string, Cell>[];
}

export interface RunOptions {
  /** Overrides the session's mode for this call. */
  mode?: SessionMode;
  /** Where the data came from (a path, "example:<name>"), for the artifact. Default "memory". */
  source?: string;
  /** Default: true in standard and strict mode, false in quick mode. */
  backtest?: boolean;
  /** Called on every step down a ladder (progress output, agents). */
  onFallback?: (transition: FallbackTransition) => void;
  /**
   * A validation of this same data under this same spec that the caller already ran (the CLI
   * checks the data before it looks for checkpoints), with how long it took: run() uses it instead
   * of validating a second time, and records its duration as the validate step's.
   */
  validated?: { readonly outcome: ValidateOutcome; readonly durationMs: number };
}

export class TSAgentSession {
  readonly mode: SessionMode;
  readonly taskSpecDefaults: Partial<TaskSpecInput> | undefined;
  readonly modelPool: ModelPool | undefined;
  private readonly ownsPool: boolean;
  private readonly telemetry: RuntimeTelemetry;
  private readonly steps: SessionSteps;
  private readonly statistical = new Map<string, ForecastAdapter>();
  /** Statistical fits off the main thread; undefined when they run in-process. */
  readonly workerPool: StatWorkerPool | undefined;
  private readonly fittedBy = new WeakMap<FittedModel, ForecastAdapter>();
  private forecastsServed = 0;
  private closed = false;

  constructor(options: TSAgentSessionOptions = {}) {
    this.mode = options.mode ?? 'standard';
    this.taskSpecDefaults = options.taskSpecDefaults;
    this.telemetry = options.telemetry ?? runtimeTelemetry;
    const pool = options.modelPool;
    this.modelPool = pool === undefined ? undefined : pool instanceof ModelPool ? pool : new ModelPool(pool, { telemetry: this.telemetry });
    this.ownsPool = options.ownsModelPool ?? true;
    this.steps = { ...defaultSteps, ...(options.steps ?? {}) };
    this.workerPool = workerPoolFor(options.workers);
  }

  /** Builds a session and waits for its pool's preload; throws if a preload failed. */
  static async create(options: TSAgentSessionOptions = {}): Promise<TSAgentSession> {
    const session = new TSAgentSession(options);
    if (session.modelPool) await session.modelPool.ready;
    return session;
  }

  /** The call's spec merged over the session's defaults, validated. */
  spec(input: Partial<TaskSpecInput> = {}): TaskSpec {
    return mergeTaskSpec(this.taskSpecDefaults, input);
  }

  /** Resolves h, frequency (given or inferred), season length and quantile levels for a panel. */
  task(panel: Panel, specInput: Partial<TaskSpecInput> | TaskSpec = {}): ForecastTask {
    return forecastTaskOf(resolveTask(this.spec(specInput), panel), panel.series.length);
  }

  async validate(data: ForecastInput, specInput: Partial<TaskSpecInput> = {}): Promise<ValidateOutcome> {
    return this.steps.validate(data, this.spec(specInput));
  }

  async qa(panel: Panel, specInput: Partial<TaskSpecInput> = {}, mode: SessionMode = this.mode): Promise<QaOutcome> {
    const spec = this.spec(specInput);
    return this.steps.qa(panel, spec, mode, resolveTask(spec, panel));
  }

  /** The router's plan, offered the TSFM adapters of this session's pool (in the spec's policy order). */
  async plan(panel: Panel, specInput: Partial<TaskSpecInput> = {}): Promise<PlanOutcome> {
    const spec = this.spec(specInput);
    return this.steps.plan(panel, spec, this.planContext(spec), resolveTask(spec, panel));
  }

  /**
   * Fits each ladder group's first workable candidate. TSFMs come from the pool (an adapter that is
   * not loaded is an error the ladder records, never a load); statistical models from the registry.
   */
  async fit(
    panel: Panel,
    plan: PlanOutcome | readonly string[],
    specInput: Partial<TaskSpecInput> = {},
    options: { onFallback?: (transition: FallbackTransition) => void } = {},
  ): Promise<SessionFit> {
    this.assertOpen();
    const resolved = resolveTask(this.spec(specInput), panel);
    return this.fitResolved(panel, plan, resolved, forecastTaskOf(resolved, panel.series.length), options.onFallback);
  }

  /** Predicts every group; a failing model hands its series to the next candidates of its ladder. */
  async predict(fit: SessionFit): Promise<SessionForecast> {
    this.assertOpen();
    if (this.forecastsServed > 0) this.telemetry.recordSessionReuse();
    this.forecastsServed += 1;
    const started = performance.now();
    const forecast = await predictLadderGroups(fit.panel, fit.task, fit.groups, fit.log, this.runnerWith(fit.models));
    const predictMs = performance.now() - started;
    this.telemetry.recordForecastBatch(predictMs);
    return {
      forecast,
      modelBySeries: forecast.modelBySeries,
      fallbacks: [...fit.log.transitions],
      attempts: [...fit.log.attempts],
      predictMs,
    };
  }

  /** validate → qa → plan → optional backtest → fit with fallback → predict with fallback. */
  async run(data: ForecastInput, specInput: Partial<TaskSpecInput> = {}, options: RunOptions = {}): Promise<SessionRun> {
    this.assertOpen();
    const mode = options.mode ?? this.mode;
    const runStarted = performance.now();
    const events: StepEvent[] = [];
    const timed = async <T>(step: StepEvent['step'], fn: () => T | Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        const value = await fn();
        events.push({ step, status: 'ok', durationMs: performance.now() - t0 });
        return value;
      } catch (error) {
        events.push({ step, status: 'failed', durationMs: performance.now() - t0, ...errorFields(error) });
        throw error;
      }
    };

    // The spec is parsed and the task resolved once; every step below reads this one context.
    const spec = this.spec(specInput);
    let validation: ValidateOutcome;
    if (options.validated) {
      validation = options.validated.outcome;
      validation.throwIfErrors();
      events.push({ step: 'validate', status: 'ok', durationMs: options.validated.durationMs });
    } else {
      validation = await timed('validate', async () => {
        const outcome = await this.steps.validate(data, spec);
        outcome.throwIfErrors();
        return outcome;
      });
    }
    const resolved = resolveTask(spec, validation.panel!);
    const qa = await timed('qa', () => this.steps.qa(validation.panel!, spec, mode, resolved));
    const panel = qa.panel;
    // QA runs without a frequency; from here on a forecast needs one (EFreqInferFailed otherwise).
    const task = forecastTaskOf(resolved, panel.series.length);
    const routed = await timed('plan', () => this.steps.plan(panel, spec, this.planContext(spec), resolved));
    const models = specModels(spec);
    const plan = models.size ? planWithSpecModels(routed, [...models.keys()], (c) => this.tsfmNameOf(c) !== undefined) : routed;

    let backtest: BacktestReport | undefined;
    const wantBacktest = options.backtest ?? mode !== 'quick';
    if (!wantBacktest) {
      events.push({ step: 'backtest', status: 'skipped', durationMs: 0 });
    } else {
      const t0 = performance.now();
      try {
        const segments = Object.fromEntries(plan.groups.flatMap((g) => g.series.map((id) => [id, g.key])));
        backtest = await this.steps.backtest({
          panel,
          spec,
          task,
          resolved,
          forecaster: ladderForecaster(plan.groups, this.runnerWith(models)),
          segments,
        });
        events.push({ step: 'backtest', status: 'ok', durationMs: performance.now() - t0 });
      } catch (error) {
        // The original: a failed backtest is recorded and the run goes on, except in strict mode.
        events.push({ step: 'backtest', status: 'failed', durationMs: performance.now() - t0, ...errorFields(error) });
        if (mode === 'strict') throw error;
      }
    }

    const fit = await timed('fit', () => {
      this.assertOpen();
      return this.fitResolved(panel, plan, resolved, task, options.onFallback);
    });
    const forecast = await timed('predict', () => this.predict(fit));
    const record = {
      mode,
      spec,
      specHash: taskSpecHash(spec),
      task,
      validation: validation.report,
      qa: qa.report,
      panel,
      plan: plan.plan,
      groups: plan.groups,
      backtest,
      forecast: forecast.forecast,
      modelBySeries: forecast.modelBySeries,
      fallbacks: forecast.fallbacks,
      attempts: forecast.attempts,
      events,
      totalMs: performance.now() - runStarted,
      pool: this.modelPool?.stats(),
    };
    const artifact = buildRunArtifact(record, {
      source: options.source ?? 'memory',
      nSeries: panel.series.length,
      nPoints: panel.series.reduce((n, s) => n + s.y.length, 0),
    });
    const toTable = (frame?: ForecastFrameOptions) => forecastToTable(record.forecast, frame);
    return { ...record, artifact, toTable, toRecords: (frame?: ForecastFrameOptions) => tableToRecords(toTable(frame)) };
  }

  /** Closes the pool this session owns (unloading every adapter once) and its worker threads. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.modelPool && this.ownsPool) await this.modelPool.close();
    } finally {
      await this.workerPool?.close();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- internals ----------------------------------------------------------------------------

  /** fit() on an already resolved task: run() and fit() share it, so run() parses its spec once. */
  private async fitResolved(
    panel: Panel,
    plan: PlanOutcome | readonly string[],
    resolved: ResolvedTask,
    task: ForecastTask,
    onFallback: ((transition: FallbackTransition) => void) | undefined,
  ): Promise<SessionFit> {
    const models = specModels(resolved.spec);
    const groups = Array.isArray(plan)
      ? [{ key: 'all', series: panel.series.map((s) => s.id), candidates: plan as readonly string[] }]
      : (plan as PlanOutcome).groups;
    const ladders = models.size ? withSpecModels(groups, [...models.keys()], (c) => this.tsfmNameOf(c) !== undefined) : groups;
    const log = new FallbackLog(onFallback);
    const started = performance.now();
    const fits = await fitLadderGroups(panel, ladders, task, log, this.runnerWith(models));
    return { spec: resolved.spec, task, panel, groups: fits, log, fitMs: performance.now() - started, models };
  }

  /**
   * Adapters the router may plan: the policy's, in its order, that this session's pool is configured
   * for. A configured adapter that is not loaded stays in: selecting it gives an explicit
   * EModelNotLoaded in the fallback record rather than a silent load or a silent omission.
   */
  private planContext(spec: TaskSpec): PlanContext {
    const pool = this.modelPool;
    if (spec.tsfmPolicy.mode === 'disabled') return { tsfmAdapters: [], unavailableReasons: {} };
    const tsfmAdapters = pool ? spec.tsfmPolicy.adapters.filter((a) => pool.isConfigured(a)) : [];
    const unavailableReasons: Record<string, string> = {};
    for (const a of spec.tsfmPolicy.adapters) {
      if (!tsfmAdapters.includes(a)) {
        unavailableReasons[a] = pool ? "not configured in this session's ModelPool" : 'this session has no ModelPool';
      }
    }
    return { tsfmAdapters, unavailableReasons };
  }

  private tsfmNameOf(candidate: string): string | undefined {
    if (candidate.startsWith(TSFM_PREFIX)) return candidate.slice(TSFM_PREFIX.length);
    if (this.modelPool?.isConfigured(candidate) || hasAdapterFactory(candidate)) return candidate;
    return undefined;
  }

  private async resolveAdapter(candidate: string, models: ReadonlyMap<string, ForecastAdapter>): Promise<ForecastAdapter> {
    const own = models.get(candidate);
    if (own) return own;
    const tsfm = this.tsfmNameOf(candidate);
    if (tsfm !== undefined) {
      if (!this.modelPool) {
        throw new EAdapterNotAvailable(`Adapter '${tsfm}' is not configured in this ModelPool session.`, {
          context: { adapter: tsfm, configured: [] },
          fixHint: `This session has no ModelPool; create it with modelPool: { adapters: ['${tsfm}'], preload: true }.`,
        });
      }
      return this.modelPool.get(tsfm);
    }
    let adapter = this.statistical.get(candidate);
    if (!adapter) {
      adapter = this.steps.statisticalAdapter(candidate, this.workerPool ? { workerPool: this.workerPool } : {});
      if (!adapter) {
        throw new EAdapterNotAvailable(`Model '${candidate}' is neither a configured TSFM adapter nor a registered statistical model.`, {
          context: { model: candidate },
          fixHint: 'Use a model name from the statistical model registry, or add the TSFM adapter to the ModelPool.',
        });
      }
      this.statistical.set(candidate, adapter);
    }
    return adapter;
  }

  /** Fits and predicts by candidate name: the spec's own models first, then the pool and the registry. */
  private runnerWith(models: ReadonlyMap<string, ForecastAdapter>): LadderRunner {
    return {
      fit: async (model, panel, task) => {
        const adapter = await this.resolveAdapter(model, models);
        if (adapter.kind === 'tsfm') requireLoaded(adapter, 'fit');
        let fitted: FittedModel;
        try {
          fitted = await adapter.fit(panel, task);
        } catch (error) {
          throw toModelRuntimeError(error, { adapter: model, operation: 'fit' }, this.telemetry);
        }
        this.fittedBy.set(fitted, adapter);
        return fitted;
      },
      predict: async (model, fitted) => {
        const adapter = this.fittedBy.get(fitted) ?? (await this.resolveAdapter(model, models));
        if (adapter.kind === 'tsfm') requireLoaded(adapter, 'predict');
        const t0 = performance.now();
        try {
          return await adapter.predict(fitted);
        } catch (error) {
          throw toModelRuntimeError(error, { adapter: model, operation: 'predict' }, this.telemetry);
        } finally {
          this.telemetry.recordPredict(model, performance.now() - t0);
        }
      },
    };
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new ESessionClosed('This TSAgentSession is closed; its models were released.');
    }
  }
}

/** The spec's `models` as adapters by name (empty when the router chooses). */
function specModels(spec: TaskSpec): Map<string, ForecastAdapter> {
  if (!spec.models) return new Map();
  return new Map(resolveModelSpecs(spec.models as ModelSpec[]).map((m) => [m.name, new StatisticalAdapter(m)]));
}

function workerPoolFor(workers: TSAgentSessionOptions['workers']): StatWorkerPool | undefined {
  if (workers !== undefined && typeof workers === 'object') return new StatWorkerPool(workers);
  const threads = checkWorkerCount(workers ?? defaultWorkerCount());
  return threads > 1 ? new StatWorkerPool({ threads }) : undefined;
}

function errorFields(error: unknown): { errorCode?: string; error: string } {
  if (isTSAgentKitError(error)) return { errorCode: error.code, error: error.message };
  return { error: error instanceof Error ? error.message : String(error) };
}
