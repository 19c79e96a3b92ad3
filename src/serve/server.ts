/**
 * The service's lifecycle: build the session and its ModelPool (preloads start at once), listen
 * (health answers while models load; readiness turns 200 when they are loaded), and shut down
 * gracefully: stop accepting, let in-flight forecasts finish within the deadline, close the pool.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ETaskSpecInvalid } from '../errors/index.js';
import { hasAdapterFactory } from '../runtime/adapterRegistry.js';
import type { ModelPoolConfig } from '../runtime/modelPoolConfig.js';
import { TSAgentSession } from '../runtime/session.js';
import { runtimeTelemetry, type RuntimeTelemetry } from '../runtime/telemetry.js';
import { createServeApp, type ServeApp } from './app.js';
import type { ServeConfig } from './config.js';
import { formatEvent, stdoutSink, type LogSink } from './requestLog.js';
import { ServeState } from './state.js';

export interface StartServerOptions {
  /** A session to serve instead of one built from the config (tests, embedding); not closed on shutdown. */
  readonly session?: TSAgentSession;
  readonly telemetry?: RuntimeTelemetry;
  readonly log?: LogSink;
}

export interface ShutdownResult {
  /** Whether every in-flight forecast finished before the deadline. */
  readonly drained: boolean;
  readonly ms: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly state: ServeState;
  readonly session: TSAgentSession;
  readonly serveApp: ServeApp;
  /** Resolves with the preloaded adapters; rejects when a preload failed. */
  readonly ready: Promise<string[]>;
  close(deadlineMs?: number): Promise<ShutdownResult>;
}

/** The session of a server: its pool preloads the configured adapters; they head every ladder. */
export function createServeSession(config: ServeConfig, telemetry: RuntimeTelemetry = runtimeTelemetry): TSAgentSession {
  for (const name of config.preload) {
    if (!hasAdapterFactory(name)) {
      // An option error (exit 2), not a model failure a ladder could step over.
      throw new ETaskSpecInvalid(`--preload names "${name}", which has no adapter in this build.`, {
        context: { option: '--preload', adapter: name },
        fixHint: 'Preload an adapter this build has (chronos), or leave --preload out to serve the statistical models only.',
      });
    }
  }
  const adapters = [...config.preload];
  const modelPool: ModelPoolConfig | undefined =
    adapters.length === 0
      ? undefined
      : {
          adapters,
          preload: true,
          maxPreloadAdapters: Math.min(3, adapters.length),
          modelSizeByAdapter: { ...config.modelSizes },
          // Never download at start: a missing checkpoint is a start-up error, not a silent fetch.
          adapterOptions: Object.fromEntries(
            adapters.map((a) => [
              a,
              { ...(config.modelDirs[a] ? { modelDir: config.modelDirs[a] } : {}), source: { allowDownload: false, progress: false } },
            ]),
          ),
          ...(config.device ? { device: config.device } : {}),
          ...(config.acceptLicences?.length ? { acceptLicences: config.acceptLicences } : {}),
        };
  return new TSAgentSession({
    taskSpecDefaults: { tsfmPolicy: { mode: adapters.length > 0 ? 'preferred' : 'disabled', adapters } },
    ...(modelPool ? { modelPool } : {}),
    telemetry,
  });
}

export async function startServer(config: ServeConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const telemetry = options.telemetry ?? runtimeTelemetry;
  const log = options.log ?? stdoutSink;
  const ownsSession = options.session === undefined;
  const session = options.session ?? createServeSession(config, telemetry);
  const state = new ServeState();
  const serveApp = createServeApp({ config, session, telemetry, state, log });
  const emit = (event: string, fields: Record<string, unknown>) => {
    const line = formatEvent(event, fields, config.log);
    if (line !== undefined) log(line);
  };

  const server = await listen(serveApp, config);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  emit('listening', { url, preload: config.preload.join(',') || 'none' });

  const loadStarted = performance.now();
  const ready = (session.modelPool ? session.modelPool.ready : Promise.resolve([] as string[])).then(
    (names) => {
      state.markReady(names);
      emit('ready', { url, preloaded: names.join(',') || 'none', loadMs: Math.round(performance.now() - loadStarted) });
      return names;
    },
    (error: unknown) => {
      state.markFailed(error);
      throw error;
    },
  );
  ready.catch(() => undefined); // the caller decides what a failed preload means (the CLI exits)

  let closing: Promise<ShutdownResult> | undefined;
  const close = (deadlineMs = config.shutdownDeadlineMs): Promise<ShutdownResult> => {
    closing ??= (async () => {
      const t0 = performance.now();
      state.markDraining();
      emit('draining', { inFlight: serveApp.queue.stats().running + serveApp.queue.stats().queued, deadlineMs });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      const drained = await Promise.race([serveApp.queue.idle().then(() => true as const), deadline]);
      // Finished forecasts still have their responses to write; give them what is left of the
      // deadline, closing keep-alive connections as they fall idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      await Promise.race([closed, deadline]);
      clearInterval(sweep);
      clearTimeout(timer);
      server.closeAllConnections();
      // Unloading waits for a load in progress (SIGTERM during the preload); the deadline still holds,
      // with a small grace for the unload itself.
      if (ownsSession) {
        let graceTimer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          graceTimer = setTimeout(resolve, Math.max(250, deadlineMs - (performance.now() - t0)));
        });
        await Promise.race([session.close().catch(() => undefined), grace]);
        clearTimeout(graceTimer);
      }
      const ms = performance.now() - t0;
      emit('stopped', { drained, ms: Math.round(ms) });
      return { drained, ms };
    })();
    return closing;
  };

  return { url, port, state, session, serveApp, ready, close };
}

function listen(serveApp: ServeApp, config: ServeConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: serveApp.app.fetch, port: config.port, hostname: config.host }) as Server;
    // A client that takes longer than the request timeout just to send its request is cut off too.
    server.requestTimeout = config.requestTimeoutMs;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
