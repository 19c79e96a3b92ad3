/**
 * Errors → HTTP. Every error body is `{code, name, message, fixHint, context}` (the agent payload
 * of `TSAgentKitError`, paths redacted, no cause, no stack): the client reads what went wrong and
 * how to fix it. Errors that are not ours become a bare 500 with code E_INTERNAL; their detail goes
 * to the server log only.
 */
import { isTSAgentKitError, MODEL_RUNTIME_ERROR_CODES, type TSAgentKitError } from '../errors/index.js';
import { redactText, redactValue } from './redact.js';

export interface ErrorBody {
  code: string;
  name: string;
  message: string;
  fixHint?: string;
  context: Record<string, unknown>;
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  E_REQUEST_MALFORMED: 400,
  E_REQUEST_INVALID: 400,
  E_REQUEST_TOO_LARGE: 413,
  E_UNAUTHORIZED: 401,
  E_ROUTE_NOT_FOUND: 404,
  E_SERVER_OVERLOADED: 503,
  E_SERVER_NOT_READY: 503,
  E_REQUEST_TIMEOUT: 504,
  E_SESSION_CLOSED: 503,
  E_FALLBACK_EXHAUSTED: 500,
  E_TSFM_REQUIRED_UNAVAILABLE: 503,
};

/** Data and spec problems are the client's (400); model runtime failures that escape the ladder are ours (500). */
export function statusFor(error: TSAgentKitError): number {
  const explicit = STATUS_BY_CODE[error.code];
  if (explicit !== undefined) return explicit;
  if (MODEL_RUNTIME_ERROR_CODES.has(error.code)) return 500;
  if (/^E_(CHECKPOINT|CONFIG|ARTIFACT|PARITY)/.test(error.code)) return 500;
  return 400;
}

export function errorBody(error: TSAgentKitError): ErrorBody {
  const body: ErrorBody = {
    code: error.code,
    name: error.name,
    message: redactText(error.message),
    context: (redactValue(error.context) as Record<string, unknown> | undefined) ?? {},
  };
  if (error.fixHint) body.fixHint = redactText(error.fixHint);
  return body;
}

export const INTERNAL_ERROR_BODY: ErrorBody = Object.freeze({
  code: 'E_INTERNAL',
  name: 'InternalError',
  message: 'The server failed to handle this request; the server log has the details.',
  fixHint: 'Retry; if it persists, report it with the X-Request-Id of the response.',
  context: {},
}) as ErrorBody;

export function toHttpError(error: unknown): { status: number; body: ErrorBody; typed: boolean } {
  if (isTSAgentKitError(error)) return { status: statusFor(error), body: errorBody(error), typed: true };
  return { status: 500, body: { ...INTERNAL_ERROR_BODY, context: {} }, typed: false };
}
