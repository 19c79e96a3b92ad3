/**
 * Test helpers: a real server on 127.0.0.1 with an ephemeral port (in this process), JSON over
 * fetch, and a TSFM stand-in that can be slowed down (queue and timeout tests).
 */
import { fileURLToPath } from 'node:url';
import type { FittedModel } from '../../models/contract.js';
import type { ForecastResult } from '../../forecast/types.js';
import { registerAdapterFactory } from '../../runtime/adapterRegistry.js';
import { TSAgentSession } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';
import { TestTsfmAdapter, newCallLog, type CallLog, type TestAdapterBehaviour } from '../../runtime/__tests__/testAdapter.js';
import { serveConfig, type ServeConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';

export const CHRONOS2_FIXTURE = fileURLToPath(new URL('../../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url));

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly telemetry: RuntimeTelemetry;
  readonly logs: string[];
  close(): Promise<void>;
}

/** Starts a server (own telemetry, log lines captured) and waits until it is ready. */
export async function startTestServer(
  config: Partial<ServeConfig>,
  session?: (telemetry: RuntimeTelemetry) => TSAgentSession,
): Promise<TestServer> {
  const telemetry = new RuntimeTelemetry();
  const logs: string[] = [];
  const server = await startServer(serveConfig({ port: 0, log: 'json', ...config }), {
    telemetry,
    log: (line) => logs.push(line),
    ...(session ? { session: session(telemetry) } : {}),
  });
  await server.ready;
  return {
    server,
    url: server.url,
    telemetry,
    logs,
    close: async () => {
      await server.close(2000);
      await server.session.close();
    },
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

export async function request(
  url: string,
  init: { method?: string; body?: string | object; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const res = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A smooth seasonal series of length n (period 12), deterministic. */
export function seasonal(n: number, level = 100, phase = 0): number[] {
  return Array.from({ length: n }, (_, t) => Math.round((level + 10 * Math.sin((2 * Math.PI * (t + phase)) / 12) + 0.3 * t) * 1000) / 1000);
}

/** The TSFM stand-in, with an optional delay in predict. */
export class SlowTestAdapter extends TestTsfmAdapter {
  constructor(
    name: string,
    private readonly delayMs: number,
    behaviour: TestAdapterBehaviour = {},
    log: CallLog = newCallLog(),
  ) {
    super({ name }, behaviour, log);
  }

  override async predict(fitted: FittedModel): Promise<ForecastResult> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return super.predict(fitted);
  }
}

/** A session whose pool preloads one stand-in TSFM `name` (registered for the test's lifetime). */
export function standInSession(name: string, delayMs: number, behaviour: TestAdapterBehaviour = {}) {
  const log = newCallLog();
  const restore = registerAdapterFactory(name, () => new SlowTestAdapter(name, delayMs, behaviour, log));
  const make = (telemetry: RuntimeTelemetry) =>
    new TSAgentSession({
      taskSpecDefaults: { tsfmPolicy: { mode: 'preferred', adapters: [name] } },
      modelPool: { adapters: [name], preload: true },
      telemetry,
    });
  return { make, log, restore };
}
