/**
 * `tsagentkit serve`: the forecasting service (src/serve). Loads the TSFMs once at start and keeps
 * them for the life of the process; SIGTERM/SIGINT shut it down gracefully and exit 0.
 *
 * Exit codes: 0 after a graceful shutdown, 1 when a preload fails or the port cannot be bound,
 * 2 for bad options.
 */
import type { Command } from 'commander';
import { ETaskSpecInvalid } from '../../errors/index.js';
import { SERVE_DEFAULTS, serveConfig, type LogFormat, type ServeConfig } from '../../serve/config.js';
import { startServer } from '../../serve/server.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit.js';
import { parseChoice, parseIntOption, reportError, runCommand } from './dataInput.js';
import {
  ACCEPT_LICENCE_HELP,
  acceptLicenceArgParser,
  MODEL_DIR_HELP,
  modelSizeHelp,
  perAdapter,
  perFamilyArgParser,
  perFamilyValues,
  type PerFamilyValues,
} from './tsfmAvailability.js';

export interface ServeCommandOptions {
  host?: string;
  port?: string;
  preload?: string;
  /** Parsed by commander (per-family values) or given as a string by a caller. */
  modelDir?: string | PerFamilyValues;
  modelSize?: string | PerFamilyValues;
  device?: string;
  /** Families whose non-commercial licence is accepted (`--accept-licence moirai`). */
  acceptLicence?: string[];
  maxSeries?: string;
  maxPredictionLength?: string;
  maxBodyMb?: string;
  concurrency?: string;
  maxQueue?: string;
  batchMaxSeries?: string;
  requestTimeout?: string;
  shutdownTimeout?: string;
  apiKey?: string;
  log?: string;
}

const LOG_FORMATS = ['text', 'json', 'off'] as const satisfies readonly LogFormat[];

export function serveConfigFromOptions(o: ServeCommandOptions, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const preload = (o.preload ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (new Set(preload).size !== preload.length) {
    throw new ETaskSpecInvalid(`--preload lists an adapter twice: ${o.preload}.`, { context: { option: '--preload', value: o.preload } });
  }
  const maxBodyMb = o.maxBodyMb === undefined ? undefined : Number(o.maxBodyMb);
  if (maxBodyMb !== undefined && !(maxBodyMb > 0 && Number.isFinite(maxBodyMb))) {
    throw new ETaskSpecInvalid(`--max-body-mb takes a positive number, got "${o.maxBodyMb}".`, { context: { option: '--max-body-mb' } });
  }
  const apiKey = o.apiKey ?? env['TSAGENTKIT_API_KEY'];
  return serveConfig({
    host: o.host ?? SERVE_DEFAULTS.host,
    port: parseIntOption(o.port, '--port', 0) ?? SERVE_DEFAULTS.port,
    preload,
    modelDirs: perAdapter('--model-dir', perFamilyValues('--model-dir', o.modelDir), preload),
    modelSizes: perAdapter('--model-size', perFamilyValues('--model-size', o.modelSize), preload),
    ...(o.device ? { device: o.device } : {}),
    ...(o.acceptLicence?.length ? { acceptLicences: o.acceptLicence } : {}),
    maxSeries: parseIntOption(o.maxSeries, '--max-series') ?? SERVE_DEFAULTS.maxSeries,
    maxPredictionLength: parseIntOption(o.maxPredictionLength, '--max-prediction-length') ?? SERVE_DEFAULTS.maxPredictionLength,
    maxBodyBytes: maxBodyMb !== undefined ? Math.round(maxBodyMb * 1024 * 1024) : SERVE_DEFAULTS.maxBodyBytes,
    concurrency: parseIntOption(o.concurrency, '--concurrency') ?? SERVE_DEFAULTS.concurrency,
    maxQueue: parseIntOption(o.maxQueue, '--max-queue', 0) ?? SERVE_DEFAULTS.maxQueue,
    batchMaxSeries: parseIntOption(o.batchMaxSeries, '--batch-max-series', 0) ?? SERVE_DEFAULTS.batchMaxSeries,
    requestTimeoutMs: parseIntOption(o.requestTimeout, '--request-timeout') ?? SERVE_DEFAULTS.requestTimeoutMs,
    shutdownDeadlineMs: parseIntOption(o.shutdownTimeout, '--shutdown-timeout') ?? SERVE_DEFAULTS.shutdownDeadlineMs,
    ...(apiKey ? { apiKey } : {}),
    log: parseChoice(o.log, '--log', LOG_FORMATS) ?? SERVE_DEFAULTS.log,
  });
}

/** Starts the server and resolves with the exit code once it has shut down (or failed to start). */
export async function serveCommand(o: ServeCommandOptions): Promise<number> {
  const config = serveConfigFromOptions(o);
  const server = await startServer(config);
  let signals = 0;
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) process.exit(EXIT_FAILURE); // a second signal: stop waiting
      process.stderr.write(`${signal}: shutting down (deadline ${config.shutdownDeadlineMs} ms)\n`);
      void server.close().then(() => resolve(EXIT_OK));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    server.ready.catch((error: unknown) => {
      process.stderr.write('the preload failed; the server stops.\n');
      reportError(error);
      void server.close(0).then(() => resolve(EXIT_FAILURE));
    });
  });
  return stopped;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the forecasting service: TSFMs loaded once, SageMaker-compatible JSON, metrics, graceful shutdown')
    .option('--host <host>', `interface to listen on (default ${SERVE_DEFAULTS.host}; 0.0.0.0 exposes the service)`)
    .option('--port <n>', `TCP port (default ${SERVE_DEFAULTS.port}; 0 picks a free one)`)
    .option('--preload <list>', 'TSFM adapters to load at start, in preference order (e.g. chronos); none = statistical models only')
    .option('--model-dir <dirs>', `${MODEL_DIR_HELP} (the TSFMs are the --preload list)`, perFamilyArgParser('--model-dir'))
    .option('--model-size <sizes>', modelSizeHelp(), perFamilyArgParser('--model-size'))
    .option('--accept-licence <families>', ACCEPT_LICENCE_HELP, acceptLicenceArgParser)
    .option('--device <device>', 'TSFM execution device: cpu or cuda')
    .option('--max-series <n>', `series per request (default ${SERVE_DEFAULTS.maxSeries})`)
    .option('--max-prediction-length <n>', `largest prediction_length / h (default ${SERVE_DEFAULTS.maxPredictionLength})`)
    .option('--max-body-mb <mb>', `request body limit in MiB (default ${SERVE_DEFAULTS.maxBodyBytes / 1024 / 1024})`)
    .option('--concurrency <n>', `forecasts running at once (default ${SERVE_DEFAULTS.concurrency})`)
    .option('--max-queue <n>', `requests waiting for a slot before 503 + Retry-After (default ${SERVE_DEFAULTS.maxQueue})`)
    .option(
      '--batch-max-series <n>',
      `series per batch of concurrent compatible requests; 0 = no batching (default ${SERVE_DEFAULTS.batchMaxSeries})`,
    )
    .option('--request-timeout <ms>', `per-request limit, queue wait included (default ${SERVE_DEFAULTS.requestTimeoutMs})`)
    .option('--shutdown-timeout <ms>', `time in-flight requests get on SIGTERM (default ${SERVE_DEFAULTS.shutdownDeadlineMs})`)
    .option(
      '--api-key <key>',
      'require "Authorization: Bearer <key>" on every route but /healthz, /readyz, /ping (or set TSAGENTKIT_API_KEY)',
    )
    .option('--log <format>', `request log: ${LOG_FORMATS.join(' | ')} (default text)`)
    .addHelpText(
      'after',
      [
        '',
        'Routes: POST /invocations and /v1/forecast (Chronos-2 SageMaker JSON), POST /v1/forecast/panel,',
        'GET /healthz, /readyz, /metrics, /v1/models, /openapi.json.',
        'Example:',
        '  tsagentkit serve --port 8080 --preload chronos --model-dir chronos=./chronos-2',
        '  curl -s localhost:8080/invocations -d \'{"inputs":[{"target":[1,2,3,4,5,6]}],"parameters":{"prediction_length":3}}\'',
      ].join('\n'),
    )
    .action(async (o: ServeCommandOptions) => {
      await runCommand(() => serveCommand(o));
      // Exit now rather than when the last native handle goes: the shutdown deadline is a promise.
      process.exit(process.exitCode ?? EXIT_OK);
    });
}
