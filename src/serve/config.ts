/**
 * The service's settings, one object from CLI flags, environment and defaults. Every limit the
 * server enforces lives here, so tests and the CLI configure the same things.
 */
export type LogFormat = 'text' | 'json' | 'off';

export interface ServeConfig {
  /** Loopback unless told otherwise: a forecasting service is not meant to face the internet bare. */
  readonly host: string;
  /** 0 asks the OS for a free port (tests). */
  readonly port: number;
  /** TSFM adapters loaded at start, in preference order; they head every ladder. */
  readonly preload: readonly string[];
  /** Per-adapter checkpoint directory (`--model-dir chronos=<dir>`). */
  readonly modelDirs: Readonly<Record<string, string>>;
  /** Per-adapter size label (`--model-size chronos=small`); default the adapter's own. */
  readonly modelSizes: Readonly<Record<string, string>>;
  readonly device?: string;
  /** Families whose non-commercial licence is accepted (`--accept-licence moirai`); plus $TSAGENTKIT_ACCEPT_LICENCES. */
  readonly acceptLicences?: readonly string[];
  /** Series per request (the SageMaker endpoint's limit is 1000). */
  readonly maxSeries: number;
  /** Largest prediction_length / h accepted (Chronos-2 supports up to 1024). */
  readonly maxPredictionLength: number;
  /** Observations per request, summed over series and variates: bounds memory per request. */
  readonly maxObservations: number;
  readonly maxBodyBytes: number;
  /** Forecasts running at once; the rest wait in the queue. */
  readonly concurrency: number;
  /** Series per batch of concurrent SageMaker requests (joined while they wait); 0 = no batching. */
  readonly batchMaxSeries: number;
  /** Requests allowed to wait; beyond it the server answers 503 with Retry-After. */
  readonly maxQueue: number;
  /** Wall-clock limit from arrival (queue wait included) to answer. */
  readonly requestTimeoutMs: number;
  /** SIGTERM/SIGINT: time in-flight requests get to finish before the process exits anyway. */
  readonly shutdownDeadlineMs: number;
  /** Bearer token required on every route but /healthz and /readyz; undefined = no auth. */
  readonly apiKey?: string;
  readonly log: LogFormat;
}

export const SERVE_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  maxSeries: 1000,
  maxPredictionLength: 1024,
  maxObservations: 5_000_000,
  maxBodyBytes: 64 * 1024 * 1024,
  concurrency: 2,
  maxQueue: 64,
  batchMaxSeries: 1000,
  requestTimeoutMs: 60_000,
  shutdownDeadlineMs: 10_000,
  log: 'text' as LogFormat,
});

export function serveConfig(partial: Partial<ServeConfig> = {}): ServeConfig {
  return {
    ...SERVE_DEFAULTS,
    preload: [],
    modelDirs: {},
    modelSizes: {},
    ...partial,
  };
}
