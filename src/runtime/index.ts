/** The session runtime: model pool, adapter registry, session, runForecast, fallback, telemetry and the statistical worker pool. */
export { ModelPool, type ModelPoolOptions, type ModelPoolStats, type AdapterPoolDetail } from './modelPool.js';
export {
  MAX_PRELOAD_ADAPTERS_LIMIT,
  resolveModelPoolConfig,
  type ModelPoolConfig,
  type ResolvedModelPoolConfig,
} from './modelPoolConfig.js';
export {
  registerAdapterFactory,
  unregisterAdapterFactory,
  hasAdapterFactory,
  registeredAdapterNames,
  createAdapter,
  type AdapterFactory,
  type AdapterFactoryOptions,
} from './adapterRegistry.js';
export { requireLoaded, modelNotLoadedError } from '../models/contract.js';
export {
  TSAgentSession,
  type TSAgentSessionOptions,
  type SessionFit,
  type SessionForecast,
  type SessionRun,
  type StepEvent,
  type RunOptions,
} from './session.js';
export type {
  SessionMode,
  SessionSteps,
  StatisticalContext,
  LadderGroup,
  PlanOutcome,
  PlanContext,
  QaOutcome,
  ValidateOutcome,
  Forecaster,
  BacktestRequest,
} from './sessionSteps.js';
export { runForecast, defaultTemporaryPool, TEMPORARY_SESSION_WARNING_CODE, type RunForecastOptions } from './runForecast.js';
export {
  executeWithFallback,
  FallbackLog,
  shouldFallback,
  type FallbackTransition,
  type FallbackAttempt,
  type LadderStage,
} from './ladder/fallback.js';
export {
  fitWithFallback,
  predictWithFallback,
  type LadderFit,
  type LadderForecast,
  type LadderRunner,
  type AttributedSeriesForecast,
} from './ladder/forecastLadder.js';
export { fitLadderGroups, predictLadderGroups, ladderForecaster, type GroupFit } from './ladder/groupLadders.js';
export { isOutOfMemoryError, isModelRuntimeError, toModelRuntimeError } from './runtimeErrors.js';
export {
  RuntimeTelemetry,
  runtimeTelemetry,
  getRuntimeStats,
  resetRuntimeStats,
  METRIC_NAMES,
  type RuntimeStatsSnapshot,
  type AdapterRuntimeStats,
} from './telemetry.js';
export { StatWorkerPool, defaultWorkerCount, type StatWorkerPoolOptions, type PooledOutcome } from './workers/workerPool.js';
export { PooledStatisticalAdapter } from './workers/pooledAdapter.js';
