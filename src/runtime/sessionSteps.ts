/**
 * The pieces a session orchestrates, as one interface. Each step lives in its own module
 * (validation, qa, router, backtest, statistical models, forecast artifact); `defaultSteps.ts` binds
 * them. Keeping them behind an interface keeps the session thin and lets tests replace one step.
 */
import type { BacktestReport } from '../backtest/rolling.js';
import type { ForecastInput } from '../data/input.js';
import type { Panel } from '../data/panel.js';
import type { QAReport } from '../qa/qa.js';
import type { Plan } from '../router/plan.js';
import type { ValidationReport } from '../validation/report.js';
import type { ForecastAdapter, ForecastTask } from '../models/contract.js';
import type { ResolvedTask } from '../task/resolvedTask.js';
import type { TaskSpec } from '../task/taskSpec.js';
import type { ForecastResult } from '../forecast/types.js';
import type { StatWorkerPool } from './workers/workerPool.js';

export type SessionMode = 'quick' | 'standard' | 'strict';

export interface ValidateOutcome {
  /** The validation report (serialised into the artifact). */
  readonly report: ValidationReport;
  readonly valid: boolean;
  /** Rows turned into a panel (aggregated and sorted per the spec's duplicate policy); absent when invalid. */
  readonly panel?: Panel;
  /** Throws the report's first error as a typed error; a no-op when valid. */
  throwIfErrors(): void;
}

export interface QaOutcome {
  readonly report: QAReport;
  /** The panel after point-in-time-safe repairs. */
  readonly panel: Panel;
}

/** One ladder: the series it serves and the models to try for them, in order. */
export interface LadderGroup {
  readonly key: string;
  readonly series: readonly string[];
  readonly candidates: readonly string[];
}

export interface PlanOutcome {
  /** The router's plan (serialised into the artifact). */
  readonly plan: Plan;
  /** Every series of the panel belongs to exactly one group. */
  readonly groups: readonly LadderGroup[];
}

/** What the router needs to know about the runtime: which TSFM adapters this session can serve. */
export interface PlanContext {
  /** Policy adapters this session's pool is configured for, in policy order. */
  readonly tsfmAdapters: readonly string[];
  /** Policy adapters it cannot serve → why (shown in the plan's reasons). */
  readonly unavailableReasons: Readonly<Record<string, string>>;
}

/** Fits and predicts one training panel through the session's ladder (the backtest's model). */
export type Forecaster = (train: Panel, task: ForecastTask) => Promise<ForecastResult>;

export interface BacktestRequest {
  readonly panel: Panel;
  readonly spec: TaskSpec;
  readonly task: ForecastTask;
  /** The run's resolved task (absent when a caller builds the request itself). */
  readonly resolved?: ResolvedTask;
  readonly forecaster: Forecaster;
  /** Series id → ladder group key (the router's bucket), for segment metrics. */
  readonly segments: Readonly<Record<string, string>>;
}

export interface SessionSteps {
  validate(data: ForecastInput, spec: TaskSpec): ValidateOutcome | Promise<ValidateOutcome>;
  /** `resolved` is the run's task (frequency resolved once); steps written before it may ignore it. */
  qa(panel: Panel, spec: TaskSpec, mode: SessionMode, resolved?: ResolvedTask): QaOutcome | Promise<QaOutcome>;
  plan(panel: Panel, spec: TaskSpec, context: PlanContext, resolved?: ResolvedTask): PlanOutcome | Promise<PlanOutcome>;
  /** Rolling-origin evaluation of the ladder; its report goes into the artifact. */
  backtest(request: BacktestRequest): Promise<BacktestReport>;
  /**
   * A statistical model by its registry name, or undefined when the name is not a statistical model.
   * With a worker pool in the context, built-in models are fitted on it (off the main thread).
   */
  statisticalAdapter(name: string, context?: StatisticalContext): ForecastAdapter | undefined;
}

export interface StatisticalContext {
  /** The session's pool for statistical fits; absent when the session fits in-process (workers: 1). */
  readonly workerPool?: StatWorkerPool;
}
