/**
 * Turning whatever an adapter throws into the typed errors a fallback ladder understands.
 * onnxruntime reports allocation failures as plain Errors with messages from its C++ core; those
 * become `EOOM` (counted in telemetry). Other untyped failures become load/fit/predict failures, so
 * the ladder can advance; typed errors that are not model-runtime errors (bad input) propagate.
 */
import {
  EModelFitFailed,
  EModelLoadFailed,
  EModelPredictFailed,
  EOOM,
  MODEL_RUNTIME_ERROR_CODES,
  TSAgentKitError,
  isTSAgentKitError,
} from '../errors/index.js';
import type { RuntimeTelemetry } from './telemetry.js';

export type AdapterOperation = 'load' | 'fit' | 'predict';

/** Messages onnxruntime, CUDA, the C++ runtime and V8 use for a failed allocation. */
const OOM_PATTERNS: readonly RegExp[] = [
  /failed to allocate memory/i,
  /bad_alloc/i,
  /out of memory/i,
  /\bOOM\b/,
  /array buffer allocation failed/i,
  /cudaErrorMemoryAllocation/i,
  /CUBLAS_STATUS_ALLOC_FAILED/i,
  /allocation of \d+ bytes failed/i,
];

export function isOutOfMemoryError(error: unknown): boolean {
  if (isTSAgentKitError(error)) return error.code === EOOM.code;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return OOM_PATTERNS.some((p) => p.test(message));
}

export function isModelRuntimeError(error: unknown): error is TSAgentKitError {
  return isTSAgentKitError(error) && MODEL_RUNTIME_ERROR_CODES.has(error.code);
}

/** Errors already counted as OOM events, so that re-wrapping does not count twice. */
const countedOOM = new WeakSet<object>();

/**
 * Maps an error raised by `adapter.<operation>()` to a typed error.
 * - EOOM and allocation failures → EOOM (counted once in `telemetry.oom_events`);
 * - other model-runtime errors pass through (ERuntimeUnavailable included, so a user without
 *   onnxruntime sees that code and its install hint, not a generic load failure);
 * - on `load`, any other failure (including typed checkpoint errors) → EModelLoadFailed: a missing or
 *   broken checkpoint is a reason to try the next model, not to abort the run;
 * - on fit/predict, untyped failures → EModelFitFailed / EModelPredictFailed; typed non-runtime errors
 *   (bad input) propagate unchanged.
 */
export function toModelRuntimeError(
  error: unknown,
  where: { adapter: string; operation: AdapterOperation },
  telemetry?: RuntimeTelemetry,
): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (isOutOfMemoryError(error)) {
    const oom = isTSAgentKitError(error)
      ? error
      : new EOOM(`Out of memory during ${where.operation} on adapter '${where.adapter}': ${message}`, {
          context: { adapter: where.adapter, operation: where.operation },
          cause: error,
        });
    if (telemetry && !countedOOM.has(oom)) {
      countedOOM.add(oom);
      telemetry.recordOOM();
    }
    return oom;
  }
  if (isModelRuntimeError(error)) return error;
  const context = {
    adapter: where.adapter,
    operation: where.operation,
    ...(isTSAgentKitError(error) ? { causeCode: error.code } : {}),
  };
  const fixHint = isTSAgentKitError(error) ? error.fixHint : undefined;
  switch (where.operation) {
    case 'load':
      return new EModelLoadFailed(`Failed to load adapter '${where.adapter}': ${message}`, {
        context,
        cause: error,
        ...(fixHint ? { fixHint } : {}),
      });
    case 'fit':
      if (error instanceof TSAgentKitError) return error;
      return new EModelFitFailed(`Model '${where.adapter}' failed to fit: ${message}`, { context, cause: error });
    case 'predict':
      if (error instanceof TSAgentKitError) return error;
      return new EModelPredictFailed(`Model '${where.adapter}' failed to predict: ${message}`, { context, cause: error });
  }
}
