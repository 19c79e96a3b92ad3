/** Issues → one typed error: how a failed contract check becomes the exception a caller catches. */
import { errorClassForCode, TSAgentKitError } from '../errors/index.js';
import type { Issue } from '../data/issue.js';

/** The typed error for the first error issue, carrying every issue in its context. */
export function errorFromIssues(issues: readonly Issue[]): TSAgentKitError {
  const first = issues.find((i) => i.severity === 'error') ?? issues[0];
  if (!first) return new TSAgentKitError('No issues.');
  const Cls = errorClassForCode(first.code) ?? TSAgentKitError;
  const errors = issues.filter((i) => i.severity === 'error');
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : '';
  return new Cls(`${first.message}${more}`, {
    context: { ...first.context, issues },
    ...(first.fixHint ? { fixHint: first.fixHint } : {}),
  });
}
