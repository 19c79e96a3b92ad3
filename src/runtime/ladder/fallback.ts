/**
 * The fallback executor: try candidates in order, advance only on model-runtime failures
 * (MODEL_RUNTIME_ERROR_CODES: load/fit/predict failed, adapter not available, not preloaded, OOM,
 * non-finite output), let every other error propagate, and record each transition so that the run
 * artifact can say exactly which model answered and why the ones before it did not.
 */
import { EFallbackExhausted, TSAgentKitError } from '../../errors/index.js';
import { isModelRuntimeError } from '../runtimeErrors.js';

export type LadderStage = 'fit' | 'predict';

/** The codes of a model that could not be loaded at all (rather than one that failed on the data). */
export const LOAD_FAILURE_CODES: ReadonlySet<string> = new Set(['E_MODEL_LOAD_FAILED', 'E_RUNTIME_UNAVAILABLE']);

/** One step down the ladder: `from` failed at `stage`, `to` is tried next (null: nothing left). */
export interface FallbackTransition {
  readonly from: string;
  readonly to: string | null;
  readonly stage: LadderStage;
  readonly errorCode: string;
  readonly error: string;
  /** Present for per-series fallback: the series whose forecast `from` could not produce. */
  readonly series?: readonly string[];
}

export interface FallbackAttempt {
  readonly model: string;
  readonly stage: LadderStage;
  readonly ok: boolean;
  readonly errorCode?: string;
  readonly error?: string;
  readonly series?: readonly string[];
}

/** Collects transitions and attempts across the fit and predict stages of one run. */
export class FallbackLog {
  readonly transitions: FallbackTransition[] = [];
  readonly attempts: FallbackAttempt[] = [];
  constructor(private readonly onTransition?: (t: FallbackTransition) => void) {}

  attempt(a: FallbackAttempt): void {
    this.attempts.push(a);
  }

  transition(t: FallbackTransition): void {
    this.transitions.push(t);
    this.onTransition?.(t);
  }
}

export function shouldFallback(error: unknown): error is TSAgentKitError {
  return isModelRuntimeError(error);
}

export interface FallbackSuccess<T> {
  readonly model: string;
  /** Index of `model` in the candidate list. */
  readonly index: number;
  readonly value: T;
}

/**
 * Runs `attempt(candidate)` for candidates[startIndex..] until one succeeds. Model-runtime errors
 * move to the next candidate (recorded in `log`); any other error propagates at once; when all fail,
 * `EFallbackExhausted` carries every attempt.
 */
export async function executeWithFallback<T>(
  candidates: readonly string[],
  attempt: (model: string, index: number) => Promise<T>,
  options: { stage: LadderStage; log: FallbackLog; startIndex?: number; series?: readonly string[] },
): Promise<FallbackSuccess<T>> {
  const { stage, log } = options;
  const start = options.startIndex ?? 0;
  let lastError: TSAgentKitError | undefined;
  for (let i = start; i < candidates.length; i++) {
    const model = candidates[i];
    try {
      const value = await attempt(model, i);
      log.attempt({ model, stage, ok: true, ...(options.series ? { series: options.series } : {}) });
      return { model, index: i, value };
    } catch (error) {
      if (!shouldFallback(error)) throw error;
      lastError = error;
      const failure = { errorCode: error.code, error: error.message, ...(options.series ? { series: options.series } : {}) };
      log.attempt({ model, stage, ok: false, ...failure });
      log.transition({ from: model, to: candidates[i + 1] ?? null, stage, ...failure });
    }
  }
  // A ladder of one model (e.g. the one TSFM a user required) that could not be loaded: its own
  // error, code and hint (E_RUNTIME_UNAVAILABLE, E_MODEL_LOAD_FAILED with onnxruntime's message)
  // say what to do; "all models failed" would only hide it.
  if (candidates.length - start === 1 && lastError && LOAD_FAILURE_CODES.has(lastError.code)) throw lastError;
  throw exhausted(candidates.slice(start), log, lastError);
}

export function exhausted(candidates: readonly string[], log: FallbackLog, lastError: TSAgentKitError | undefined): EFallbackExhausted {
  const last = lastError ? lastError.toString() : 'no candidate models were given';
  const failed = log.attempts.filter((a) => !a.ok);
  // The hint names each model's own failure, so the real causes are not buried under the ladder's.
  const causes = [...new Map(log.transitions.map((t) => [t.from, `${t.from}: ${t.errorCode} (${t.error.split('\n')[0]})`])).values()];
  return new EFallbackExhausted(`All models failed. Last error: ${last}`, {
    context: { candidates: [...candidates], attempts: failed, transitions: [...log.transitions] },
    ...(lastError ? { cause: lastError } : {}),
    ...(causes.length > 0
      ? {
          fixHint: `Each model failed for its own reason — ${causes.join('; ')}. Fix those, or relax tsfmPolicy / add statistical models to the ladder.`,
        }
      : {}),
  });
}
