/**
 * The HTTP application (Hono): routes, auth, body limit, admission, metrics and request logging
 * around one long-lived TSAgentSession. It does not listen; `server.ts` binds it to a socket and
 * owns the lifecycle.
 *
 * | route | what |
 * |---|---|
 * | POST /invocations, POST /v1/forecast | the Chronos-2 SageMaker contract (concurrent requests batched: `sagemaker/batching.ts`) |
 * | POST /v1/forecast/panel | long-format panel + TaskSpec through the whole session pipeline |
 * | GET /healthz | process alive (no auth) |
 * | GET /readyz, GET /ping | 200 once the preloads finished (no auth; /ping is SageMaker's name) |
 * | GET /metrics | Prometheus: runtime metrics + HTTP metrics |
 * | GET /v1/models | model pool stats and per-adapter runtime counts |
 * | GET /openapi.json | the OpenAPI document |
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ERequestTooLarge, ERouteNotFound, EServerNotReady } from '../errors/index.js';
import type { RuntimeTelemetry } from '../runtime/telemetry.js';
import type { TSAgentSession } from '../runtime/session.js';
import { AdmissionQueue } from './admission.js';
import { BearerAuth } from './auth.js';
import type { ServeConfig } from './config.js';
import { toHttpError } from './httpErrors.js';
import { HttpMetrics } from './httpMetrics.js';
import { openApiDocument } from './openapi.js';
import { checkPanelLimits, PanelRequestSchema, runPanelForecast } from './panelRoute.js';
import { formatLogEntry, type LogSink } from './requestLog.js';
import { parseJsonText, parseWith, rejectNonFinite } from './requestBody.js';
import { SageMakerBatcher } from './sagemaker/batching.js';
import { SageMakerRequestSchema } from './sagemaker/schema.js';
import { checkRequestLimits, sageMakerTask } from './sagemaker/toPanel.js';
import type { ServeState } from './state.js';

/** Routes that answer without a key: orchestrators probe them. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/ping']);

interface Vars {
  requestId: string;
  errorCode: string | undefined;
  series: number | undefined;
  models: string | undefined;
}

export interface ServeAppDeps {
  readonly config: ServeConfig;
  readonly session: TSAgentSession;
  readonly telemetry: RuntimeTelemetry;
  readonly state: ServeState;
  readonly log: LogSink;
  /** Server-side detail of untyped (500) errors; default: the log sink. */
  readonly logError?: (requestId: string, error: unknown) => void;
}

export interface ServeApp {
  readonly app: Hono<{ Variables: Vars }>;
  readonly queue: AdmissionQueue;
  readonly metrics: HttpMetrics;
}

export function createServeApp(deps: ServeAppDeps): ServeApp {
  const { config, session, telemetry, state } = deps;
  const queue = new AdmissionQueue(config.concurrency, config.maxQueue);
  const metrics = new HttpMetrics(queue);
  const batcher = new SageMakerBatcher(session, queue, { maxSeries: config.batchMaxSeries, onBatch: (n) => metrics.batchRan(n) });
  const auth = config.apiKey ? new BearerAuth(config.apiKey) : undefined;
  const limits = { maxSeries: config.maxSeries, maxPredictionLength: config.maxPredictionLength, maxObservations: config.maxObservations };
  const logError =
    deps.logError ??
    ((requestId: string, error: unknown) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      deps.log(`${new Date().toISOString()} internal error id=${requestId}: ${detail}`);
    });
  const app = new Hono<{ Variables: Vars }>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = sanitizeRequestId(c.req.header('x-request-id')) ?? randomUUID();
    c.set('requestId', requestId);
    metrics.started();
    try {
      await next();
    } finally {
      c.header('X-Request-Id', requestId);
      const ms = performance.now() - started;
      const route = c.req.routePath && c.req.routePath !== '*' ? c.req.routePath : 'unmatched';
      metrics.finished(c.req.method, route, c.res.status, ms);
      const line = formatLogEntry(
        {
          time: new Date().toISOString(),
          requestId,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms,
          ...(c.get('errorCode') ? { code: c.get('errorCode') } : {}),
          ...(c.get('series') !== undefined ? { series: c.get('series') } : {}),
          ...(c.get('models') ? { models: c.get('models') } : {}),
        },
        config.log,
      );
      if (line !== undefined) deps.log(line);
    }
  });

  if (auth) {
    app.use('*', async (c, next) => {
      if (!PUBLIC_PATHS.has(c.req.path)) auth.check(c.req.header('authorization'));
      await next();
    });
  }

  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new ERequestTooLarge(`The request body is over this server's limit of ${config.maxBodyBytes} bytes.`, {
        context: { maxBodyBytes: config.maxBodyBytes },
      });
    },
  });

  const requireReady = (): void => {
    if (state.phase === 'ready') return;
    throw new EServerNotReady(
      state.phase === 'draining' ? 'The server is shutting down and takes no new forecasts.' : `The server is not ready (${state.phase}).`,
      { context: { phase: state.phase } },
    );
  };
  const deadlineOf = (): number => Date.now() + config.requestTimeoutMs;

  const sageMaker = async (c: Context<{ Variables: Vars }>) => {
    requireReady();
    const deadline = deadlineOf();
    const body = parseJsonText(await c.req.text());
    rejectNonFinite(body);
    const request = parseWith(SageMakerRequestSchema, body, 'SageMaker request');
    checkRequestLimits(request, limits);
    const task = sageMakerTask(request);
    c.set('series', task.panel.series.length);
    const response = await batcher.submit(task, deadline);
    c.set('models', [...new Set(response.predictions.map((p) => p.model))].join(','));
    return c.json(response);
  };
  app.post('/invocations', limitBody, sageMaker);
  app.post('/v1/forecast', limitBody, sageMaker);

  app.post('/v1/forecast/panel', limitBody, async (c) => {
    requireReady();
    const deadline = deadlineOf();
    const body = parseJsonText(await c.req.text());
    rejectNonFinite(body);
    const request = parseWith(PanelRequestSchema, body, 'panel request');
    const summary = checkPanelLimits(request, session, limits);
    c.set('series', summary.series);
    const out = await queue.run(() => runPanelForecast(session, request), deadline);
    c.set('models', out.models);
    return c.body(out.json, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000) }));

  const readiness = (c: Context<{ Variables: Vars }>) => {
    if (state.phase === 'ready') return c.json({ status: 'ready', preloaded: state.preloaded });
    c.header('Retry-After', '1');
    const failure = state.failure !== undefined ? toHttpError(state.failure).body : undefined;
    return c.json({ status: state.phase, ...(failure ? { error: failure } : {}) }, 503);
  };
  app.get('/readyz', readiness);
  app.get('/ping', readiness);

  app.get('/metrics', async (c) => c.body(await metrics.exposition(telemetry), 200, { 'Content-Type': metrics.contentType }));

  app.get('/v1/models', (c) => {
    const pool = session.modelPool?.stats();
    const runtime = telemetry.snapshot();
    return c.json({
      phase: state.phase,
      preloaded: state.preloaded,
      pool: pool ?? null,
      runtime: { load_count: runtime.load_count, per_adapter: runtime.per_adapter, forecast_batch_count: runtime.forecast_batch_count },
      admission: queue.stats(),
    });
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument(config)));

  const errorResponse = (error: unknown, c: Context<{ Variables: Vars }>) => {
    const { status, body, typed } = toHttpError(error);
    c.set('errorCode', body.code);
    if (!typed) logError(c.get('requestId'), error);
    if (status === 503) {
      const seconds = body.code === 'E_SERVER_OVERLOADED' ? queue.retryAfterSeconds() : 1;
      c.header('Retry-After', String(seconds));
    }
    if (status === 401) c.header('WWW-Authenticate', 'Bearer');
    // A body refused before it was read leaves the connection unusable for the next request.
    if (status === 413) c.header('Connection', 'close');
    return c.json(body, status as 400);
  };
  app.notFound((c) =>
    errorResponse(new ERouteNotFound(`No route ${c.req.method} ${c.req.path}.`, { context: { method: c.req.method } }), c),
  );
  app.onError(errorResponse);

  return { app, queue, metrics };
}

/** A client's X-Request-Id is echoed only when it is short and plain (it lands in log lines). */
function sanitizeRequestId(value: string | undefined): string | undefined {
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}
