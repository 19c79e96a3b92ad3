import * as all from './errors.js';
import { TSAgentKitError } from './base.js';

export * from './base.js';
export * from './errors.js';

type ErrorClass = typeof TSAgentKitError;

const byCode = new Map<string, ErrorClass>();
for (const value of [TSAgentKitError, ...Object.values(all)]) {
  if (typeof value === 'function' && (value === TSAgentKitError || value.prototype instanceof TSAgentKitError)) {
    const cls = value as ErrorClass;
    byCode.set(cls.code, cls);
  }
}

/** The error class registered for a code, e.g. for rebuilding errors from JSON artifacts. */
export function errorClassForCode(code: string): ErrorClass | undefined {
  return byCode.get(code);
}

export function allErrorCodes(): string[] {
  return [...byCode.keys()].sort();
}

export function isTSAgentKitError(e: unknown): e is TSAgentKitError {
  return e instanceof TSAgentKitError;
}

/**
 * Codes on which a fallback ladder may advance to the next model. Anything else (bad input,
 * invalid spec) is the caller's problem and must propagate.
 */
export const MODEL_RUNTIME_ERROR_CODES: ReadonlySet<string> = new Set([
  all.EModelFitFailed.code,
  all.EModelPredictFailed.code,
  all.EModelLoadFailed.code,
  all.EModelNotLoaded.code,
  all.EAdapterNotAvailable.code,
  all.EOOM.code,
  all.ENonFiniteForecast.code,
  all.EWorkerCrashed.code,
  // No onnxruntime on this machine: a TSFM cannot run, the statistical ladder can.
  all.ERuntimeUnavailable.code,
]);
