/**
 * The base of the one error family for the whole toolkit (the codes are in `errors.ts`). Every error carries a stable machine-readable `code`,
 * a human message, structured `context` and a `fixHint`, so that an AI agent driving the library
 * can decide what to do next from `toJSON()` alone.
 */

export type ErrorContext = Record<string, unknown>;

export interface TSAgentKitErrorOptions {
  context?: ErrorContext;
  fixHint?: string;
  cause?: unknown;
}

export interface AgentErrorPayload {
  code: string;
  name: string;
  message: string;
  context: ErrorContext;
  fixHint?: string;
  cause?: string;
}

export class TSAgentKitError extends Error {
  /** Overridden by each subclass; the base class is the catch-all. */
  static readonly code: string = 'E_TSAGENTKIT';
  static readonly defaultHint: string | undefined = undefined;

  readonly code: string;
  readonly context: ErrorContext;
  readonly fixHint: string | undefined;

  constructor(message: string, options: TSAgentKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof TSAgentKitError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.context = options.context ?? {};
    this.fixHint = options.fixHint ?? ctor.defaultHint;
  }

  /** `[CODE] message (context: {...}) [hint: ...]`, the rendering the Python original uses. */
  override toString(): string {
    let s = `[${this.code}] ${this.message}`;
    if (Object.keys(this.context).length > 0) s += ` (context: ${safeJson(this.context)})`;
    if (this.fixHint) s += ` [hint: ${this.fixHint}]`;
    return s;
  }

  toJSON(): AgentErrorPayload {
    const payload: AgentErrorPayload = {
      code: this.code,
      name: this.name,
      message: this.message,
      context: this.context,
    };
    if (this.fixHint) payload.fixHint = this.fixHint;
    if (this.cause !== undefined) payload.cause = this.cause instanceof Error ? this.cause.message : String(this.cause);
    return payload;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}
