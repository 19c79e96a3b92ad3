import { isTSAgentKitError } from '../errors/index.js';

/** Exit codes: 0 ok, 1 failure of the work itself, 2 bad input or usage (typed errors). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Prints a typed error as one readable block (no stack trace) and exits. */
export function exitWithError(error: unknown): never {
  if (isTSAgentKitError(error)) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (error.fixHint) process.stderr.write(`  fix: ${error.fixHint}\n`);
    if (process.env['TSAGENTKIT_DEBUG']) process.stderr.write(`${error.stack}\n`);
    process.exit(EXIT_USAGE);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env['TSAGENTKIT_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(EXIT_FAILURE);
}
