/**
 * One finding about the data, shared by validate() and the panel conversion. The `code` is the code
 * of the typed error in `src/errors` that the finding would raise, so an agent can treat warnings and
 * errors alike and `throwIfErrors()` can rebuild the right error class.
 */
import type { TSAgentKitError } from '../errors/index.js';

export type IssueSeverity = 'error' | 'warning';

export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly severity: IssueSeverity;
  readonly context: Record<string, unknown>;
  readonly fixHint?: string;
}

type ErrorClass = typeof TSAgentKitError;

/** An issue with the code and default hint of an error class. */
export function issueOf(
  cls: ErrorClass,
  severity: IssueSeverity,
  message: string,
  context: Record<string, unknown> = {},
  fixHint?: string,
): Issue {
  const hint = fixHint ?? cls.defaultHint;
  return { code: cls.code, message, severity, context, ...(hint ? { fixHint: hint } : {}) };
}

/** At most `n` items, for issue contexts that must stay readable on large inputs. */
export function sample<T>(items: readonly T[], n = 10): T[] {
  return items.slice(0, n);
}
