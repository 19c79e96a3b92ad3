/**
 * tsagentkit, the package root (`import … from 'tsagentkit'`): the session runtime
 * (`TSAgentSession`, `ModelPool`, `runForecast`), the TaskSpec, the pipeline steps as functions
 * (validate → qa → plan → backtest), the run artifact, the core types and the error base with its
 * helpers. It never loads onnxruntime: TSFMs load it when they are first used.
 *
 * Everything else is in curated subpaths, one module each under `src/entry/`, and no name is
 * exported by two entries: `tsagentkit/models` (statistical model classes), `tsagentkit/tsfm` (TSFM
 * registry, adapters, model sources, parity; `tsagentkit/tsfm/<family>` for a family's internals),
 * `tsagentkit/engine` (ONNX graph builder, onnxruntime sessions, safetensors), `tsagentkit/metrics`,
 * `tsagentkit/io` (tables, files, table ↔ panel, frequencies), `tsagentkit/report` (HTML reports,
 * fan charts) and `tsagentkit/errors` (every error class and code).
 */

// ---- session runtime --------------------------------------------------------------------------
export {
  TSAgentSession,
  type TSAgentSessionOptions,
  type SessionRun,
  type SessionFit,
  type SessionForecast,
  type StepEvent,
  type RunOptions,
} from './runtime/session.js';
export type {
  SessionMode,
  SessionSteps,
  LadderGroup,
  PlanOutcome,
  PlanContext,
  QaOutcome,
  ValidateOutcome,
  Forecaster,
  BacktestRequest,
} from './runtime/sessionSteps.js';
export { runForecast, TEMPORARY_SESSION_WARNING_CODE, type RunForecastOptions } from './runtime/runForecast.js';
export { ModelPool, type ModelPoolOptions, type ModelPoolStats, type AdapterPoolDetail } from './runtime/modelPool.js';
export type { ModelPoolConfig } from './runtime/modelPoolConfig.js';
export {
  registerAdapterFactory,
  unregisterAdapterFactory,
  registeredAdapterNames,
  type AdapterFactory,
  type AdapterFactoryOptions,
} from './runtime/adapterRegistry.js';
export type { FallbackTransition, FallbackAttempt, LadderStage } from './runtime/ladder/fallback.js';
export type { LadderForecast, AttributedSeriesForecast } from './runtime/ladder/forecastLadder.js';
export {
  RuntimeTelemetry,
  getRuntimeStats,
  resetRuntimeStats,
  type RuntimeStatsSnapshot,
  type AdapterRuntimeStats,
} from './runtime/telemetry.js';

// ---- what to forecast -------------------------------------------------------------------------
export {
  parseTaskSpec,
  mergeTaskSpec,
  requiredQuantiles,
  taskSpecHash,
  TaskSpecSchema,
  type TaskSpec,
  type TaskSpecInput,
} from './task/taskSpec.js';
export type { ModelSpec, NamedModelSpec } from './models/modelSpec.js';
export type { ForecastInput, RecordsInput, ColumnarInput } from './data/input.js';
export { panelFromArrays, type Panel, type Series, type CovariateRoles, type FutureCovariates, type Timestamp } from './data/panel.js';

// ---- the steps as functions -------------------------------------------------------------------
export { validate, type ValidateInput, type ValidateOptions } from './validation/validate.js';
export { ValidationReport, type ValidationStats } from './validation/report.js';
export type { Issue, IssueSeverity } from './data/issue.js';
export { qa, QAReport } from './qa/qa.js';
export type { QAIssue, QAMode, QAOptions, RepairRecord, RepairKind, RepairStrategy } from './qa/types.js';
export { makePlan, type Plan, type PlanBucket, type MakePlanOptions } from './router/plan.js';
export { rollingBacktest, type BacktestReport, type BacktestOptions, type WindowResult } from './backtest/rolling.js';

// ---- results ----------------------------------------------------------------------------------
export type { ForecastResult, SeriesForecast } from './forecast/types.js';
export type { ForecastAdapter, ForecastTask, FittedModel, LoadInfo } from './models/contract.js';
export { buildRunArtifact, saveRunArtifact, loadRunArtifact, parseRunArtifact, type RunArtifact } from './forecast/artifact.js';

// ---- demo data --------------------------------------------------------------------------------
export { loadExample, describeExamples, EXAMPLE_NAMES, type ExampleDataset } from './examples/examples.js';

// ---- errors: the base and its helpers (every class and code is `tsagentkit/errors`) -------------
export { TSAgentKitError, type ErrorContext, type TSAgentKitErrorOptions, type AgentErrorPayload } from './errors/base.js';
export { isTSAgentKitError, errorClassForCode, allErrorCodes } from './errors/index.js';
