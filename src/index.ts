/**
 * tsagentkit, the package root (`import … from 'tsagentkit'`): the session runtime (`TSAgentSession`,
 * `ModelPool`, `runForecast`), the TaskSpec, the steps as functions (validate → qa → plan →
 * backtest), table IO, the error family and the public types. It never loads onnxruntime: TSFMs load
 * it when they are first used.
 *
 * The rest is in curated subpaths, one module each under `src/entry/`:
 * `tsagentkit/models` (statistical model classes), `tsagentkit/tsfm` (TSFM adapters, pipelines, model
 * sources), `tsagentkit/engine` (ONNX graph builder, onnxruntime sessions, safetensors),
 * `tsagentkit/metrics`, `tsagentkit/io` (tables, files, panels, frequencies).
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
export type { SessionMode, SessionSteps, LadderGroup, PlanOutcome, PlanContext, QaOutcome, ValidateOutcome, Forecaster, BacktestRequest } from './runtime/sessionSteps.js';
export { runForecast, TEMPORARY_SESSION_WARNING_CODE, type RunForecastOptions } from './runtime/runForecast.js';
export { ModelPool, type ModelPoolOptions, type ModelPoolStats, type AdapterPoolDetail } from './runtime/modelPool.js';
export type { ModelPoolConfig } from './runtime/modelPoolConfig.js';
export { registerAdapterFactory, unregisterAdapterFactory, registeredAdapterNames, type AdapterFactory, type AdapterFactoryOptions } from './runtime/adapterRegistry.js';
export type { FallbackTransition, FallbackAttempt, LadderStage } from './runtime/ladder/fallback.js';
export type { LadderForecast, AttributedSeriesForecast } from './runtime/ladder/forecastLadder.js';
export { RuntimeTelemetry, getRuntimeStats, resetRuntimeStats, type RuntimeStatsSnapshot, type AdapterRuntimeStats } from './runtime/telemetry.js';

// ---- what to forecast -------------------------------------------------------------------------
export { parseTaskSpec, mergeTaskSpec, requiredQuantiles, taskSpecHash, TaskSpecSchema, type TaskSpec, type TaskSpecInput } from './task/taskSpec.js';
export type { ModelSpec, NamedModelSpec } from './models/modelSpec.js';
export type { ForecastInput, RecordsInput, ColumnarInput } from './data/input.js';
export type { Panel, Series, CovariateRoles, FutureCovariates, Timestamp } from './data/panel.js';
export { panelFromArrays } from './data/panel.js';

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
export { forecastToTable, writeForecast, type ForecastFrameOptions } from './forecast/frame.js';
export { buildRunArtifact, saveRunArtifact, loadRunArtifact, parseRunArtifact, type RunArtifact } from './forecast/artifact.js';

// ---- table IO (the whole IO surface is `tsagentkit/io`) ----------------------------------------
export { readTable, writeTable, type ReadTableOptions, type WriteTableOptions, type TableFormat } from './data/io/readWrite.js';
export { tableFromRecords, tableToRecords, type Table, type Column, type Cell } from './data/io/table.js';

// ---- demo data --------------------------------------------------------------------------------
export { loadExample, describeExamples, EXAMPLE_NAMES, type ExampleDataset } from './examples/examples.js';

// ---- errors -----------------------------------------------------------------------------------
export * from './errors/index.js';

// ---- reports (Vega, Vega-Lite and resvg load on first use) -------------------------------------
export { renderReport, writeReport, plotForecast, writePlots, reportFromRun, loadReport, buildReport, PLOT_FORMATS } from './report/index.js';
export type { ForecastReport, ReportSeries, PlotFormat, PlotOptions, WritePlotsOptions, DirReportOptions, RunReportOptions } from './report/index.js';
