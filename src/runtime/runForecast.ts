/**
 * runForecast: the one-call entry point. With a session it is `session.run()`. Without one it
 * builds a temporary session (and its pool), runs once and closes it — so every such call loads
 * the TSFM weights again. That is the cost the session exists to remove, so the first such call in
 * a process emits a warning that says so, and each one is counted (`temporary_session_count`).
 */
import type { ForecastInput } from '../data/input.js';
import type { TaskSpecInput } from '../task/taskSpec.js';
import { parseTaskSpec, mergeTaskSpec } from '../task/taskSpec.js';
import { hasAdapterFactory } from './adapterRegistry.js';
import { MAX_PRELOAD_ADAPTERS_LIMIT, type ModelPoolConfig } from './modelPoolConfig.js';
import { TSAgentSession, type SessionRun, type SessionMode, type TSAgentSessionOptions } from './session.js';
import type { SessionSteps } from './sessionSteps.js';
import { runtimeTelemetry, type RuntimeTelemetry } from './telemetry.js';

export const TEMPORARY_SESSION_WARNING_CODE = 'TSAGENTKIT_TEMPORARY_SESSION';

export const TEMPORARY_SESSION_WARNING =
  'runForecast() without a session creates a temporary TSAgentSession: its TSFM weights are loaded for this call ' +
  'and released after it, so every call pays the full model load again. For repeated forecasts create one session ' +
  "and pass it: const session = await TSAgentSession.create({ modelPool: { adapters: ['chronos'], preload: true } }); " +
  'await runForecast(data, spec, { session }); ... await session.close().';

let warned = false;

export interface RunForecastOptions {
  /** A long-lived session: models are reused, nothing is loaded or closed here. */
  session?: TSAgentSession;
  mode?: SessionMode;
  backtest?: boolean;
  /**
   * Pool of the temporary session (ignored with `session`); preloaded unless `preload: false`.
   * Default: the spec's TSFM policy adapters that have a registered factory (at most 3).
   */
  modelPool?: ModelPoolConfig;
  telemetry?: RuntimeTelemetry;
  /** Steps of the temporary session (tests, custom routers). */
  steps?: Partial<SessionSteps>;
  /** Worker threads of the temporary session's statistical fits (see TSAgentSessionOptions.workers). */
  workers?: TSAgentSessionOptions['workers'];
  /**
   * Families whose non-commercial licence you accept (e.g. ["moirai"]) for the temporary session's
   * pool; see ModelPoolConfig.acceptLicences.
   */
  acceptLicences?: readonly string[] | undefined;
}

export async function runForecast(
  data: ForecastInput,
  spec: Partial<TaskSpecInput>,
  options: RunForecastOptions = {},
): Promise<SessionRun> {
  const runOptions = {
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.backtest !== undefined ? { backtest: options.backtest } : {}),
  };
  if (options.session) return options.session.run(data, spec, runOptions);

  const telemetry = options.telemetry ?? runtimeTelemetry;
  telemetry.recordTemporarySession();
  // A temporary session exists for one call: its adapters are preloaded unless told otherwise.
  const given = options.modelPool ? { ...options.modelPool, preload: options.modelPool.preload ?? true } : defaultTemporaryPool(spec);
  const accept = [...(given?.acceptLicences ?? []), ...(options.acceptLicences ?? [])];
  const poolConfig = given && accept.length > 0 ? { ...given, acceptLicences: accept } : given;
  // The warning is about reloading weights: a statistical-only call has none to reload.
  if (!warned && poolConfig) {
    warned = true;
    process.emitWarning(TEMPORARY_SESSION_WARNING, { code: TEMPORARY_SESSION_WARNING_CODE });
  }
  const session = new TSAgentSession({
    ...(options.mode ? { mode: options.mode } : {}),
    ...(poolConfig ? { modelPool: poolConfig } : {}),
    telemetry,
    ...(options.steps ? { steps: options.steps } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  try {
    // A failed preload is not fatal: the ladder records the load error and moves on.
    if (session.modelPool) await session.modelPool.ready.catch(() => undefined);
    return await session.run(data, spec, runOptions);
  } finally {
    await session.close();
  }
}

/** The policy's adapters that can be built here, preloaded; undefined when there are none. */
export function defaultTemporaryPool(specInput: Partial<TaskSpecInput>): ModelPoolConfig | undefined {
  let policy;
  try {
    policy = mergeTaskSpec(undefined, specInput).tsfmPolicy;
  } catch {
    // Let the session report the invalid spec with its own typed error.
    policy = parseTaskSpec({ h: 1 }).tsfmPolicy;
  }
  if (policy.mode === 'disabled') return undefined;
  const adapters = policy.adapters.filter(hasAdapterFactory).slice(0, MAX_PRELOAD_ADAPTERS_LIMIT);
  if (adapters.length === 0) return undefined;
  return { adapters, preload: true, maxPreloadAdapters: adapters.length };
}

/** For tests: forget that the warning was emitted. */
export function resetTemporarySessionWarning(): void {
  warned = false;
}
