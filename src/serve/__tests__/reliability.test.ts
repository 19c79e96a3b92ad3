/**
 * Failure handling on a real loopback server with a TSFM stand-in: the fallback ladder answering
 * for a model that fails at predict, bearer auth, the bounded queue (503 + Retry-After), request
 * timeouts (504), readiness before the preload is done, and graceful shutdown with work in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EModelPredictFailed } from '../../errors/index.js';
import { registerAdapterFactory } from '../../runtime/adapterRegistry.js';
import { TSAgentSession } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';
import { TestTsfmAdapter } from '../../runtime/__tests__/testAdapter.js';
import { serveConfig } from '../config.js';
import { startServer } from '../server.js';
import { request, seasonal, standInSession, startTestServer, type TestServer } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serverWith(
  name: string,
  delayMs: number,
  config: Parameters<typeof startTestServer>[0],
  behaviour = {},
): Promise<TestServer> {
  const standIn = standInSession(name, delayMs, behaviour);
  cleanups.push(standIn.restore);
  const ts = await startTestServer(config, standIn.make);
  cleanups.push(() => ts.close());
  return ts;
}

const body = (n = 24, h = 4) => ({ inputs: [{ target: seasonal(n), item_id: 'x' }], parameters: { prediction_length: h } });

describe('fallback ladder', () => {
  it('a TSFM failing at predict: the statistical ladder answers and the response says which model and why', async () => {
    const ts = await serverWith('flaky', 0, {}, { failPredict: () => new Error('kernel exploded') });
    const res = await request(`${ts.url}/invocations`, { body: body(36, 6) });
    expect(res.status, res.text).toBe(200);
    const p = (res.body['predictions'] as Array<Record<string, unknown>>)[0];
    expect(p['model']).not.toBe('flaky');
    expect(['AutoETS', 'Theta', 'SeasonalNaive', 'Naive', 'SES', 'HistoricAverage']).toContain(p['model']);
    expect(p['mean']).toHaveLength(6);
    expect((p['mean'] as number[]).every(Number.isFinite)).toBe(true);
    const fallbacks = res.body['fallbacks'] as Array<Record<string, unknown>>;
    expect(fallbacks[0]).toMatchObject({ from: 'flaky', to: p['model'], stage: 'predict', errorCode: EModelPredictFailed.code });
    expect(String(fallbacks[0]['error'])).toContain('kernel exploded');
  });

  it('series with missing values (null inside and at the end) still fall back to a statistical model', async () => {
    const ts = await serverWith('flaky2', 0, {}, { failPredict: () => new Error('down') });
    const gappy = seasonal(36).map((v, i) => (i % 5 === 2 || i === 35 ? null : v));
    const res = await request(`${ts.url}/invocations`, {
      body: {
        inputs: [{ target: gappy }, { target: [null, null, ...seasonal(20)] }, { target: [...seasonal(20), null, null] }],
        parameters: { prediction_length: 4 },
      },
    });
    expect(res.status, res.text).toBe(200);
    for (const p of res.body['predictions'] as Array<Record<string, unknown>>) {
      expect(p['model']).not.toBe('flaky2');
      expect((p['mean'] as number[]).every(Number.isFinite)).toBe(true);
    }
    expect(res.body['fallbacks']).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'flaky2', stage: 'predict' })]));
  });

  it('every model failing is a 500 with E_FALLBACK_EXHAUSTED, not a crash; the server keeps serving', async () => {
    const ts = await serverWith('broken', 0, {}, { failPredict: () => new Error('no') });
    // Statistical models cannot be made to fail on good data, so the spec makes the broken TSFM the only candidate.
    const res = await request(`${ts.url}/v1/forecast/panel`, {
      body: {
        data: {
          unique_id: ['a', 'a', 'a', 'a', 'a', 'a'],
          ds: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06'],
          y: [1, 2, 3, 4, 5, 6],
        },
        spec: { h: 2, tsfmPolicy: { mode: 'required', adapters: ['broken'] } },
      },
    });
    expect(res.status, res.text).toBe(500);
    expect(res.body['code']).toBe('E_FALLBACK_EXHAUSTED');
    expect(res.body['context']).toMatchObject({ candidates: ['broken'] });
    expect(res.text).not.toMatch(/\n\s+at /);
    expect((await request(`${ts.url}/invocations`, { body: body() })).status).toBe(200);
  });
});

describe('auth', () => {
  it('with an API key every route but health/readiness needs the bearer token', async () => {
    const ts = await serverWith('a1', 0, { apiKey: 's3cret-key' });
    for (const path of ['/healthz', '/readyz', '/ping']) expect((await request(`${ts.url}${path}`)).status).toBe(200);
    const none = await request(`${ts.url}/invocations`, { body: body() });
    expect(none.status).toBe(401);
    expect(none.body['code']).toBe('E_UNAUTHORIZED');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await request(`${ts.url}/invocations`, { body: body(), headers: { authorization: 'Bearer s3cret-kez' } });
    expect(wrong.status).toBe(401);
    expect((await request(`${ts.url}/metrics`)).status).toBe(401);
    expect((await request(`${ts.url}/v1/models`, { headers: { authorization: 'Basic czNjcmV0LWtleQ==' } })).status).toBe(401);
    const ok = await request(`${ts.url}/invocations`, { body: body(), headers: { authorization: 'Bearer s3cret-key' } });
    expect(ok.status, ok.text).toBe(200);
    expect((await request(`${ts.url}/metrics`, { headers: { authorization: 'bearer s3cret-key' } })).status).toBe(200);
    // an unknown route is 401 too: nothing about the server is revealed without the key
    expect((await request(`${ts.url}/admin`)).status).toBe(401);
  });
});

describe('admission: bounded queue and timeouts', () => {
  it('beyond concurrency + queue the server answers 503 with Retry-After at once, and serves the admitted ones', async () => {
    const ts = await serverWith('slow', 400, { concurrency: 1, maxQueue: 1, requestTimeoutMs: 10_000 });
    const started = Date.now();
    // different horizons: requests that cannot share a batch
    const results = await Promise.all([1, 2, 3, 4].map((h) => request(`${ts.url}/invocations`, { body: body(24, h) })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503]);
    const rejected = results.find((r) => r.status === 503)!;
    expect(rejected.body['code']).toBe('E_SERVER_OVERLOADED');
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rejected.body['context']).toMatchObject({ running: 1, queued: 1, maxQueue: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(800); // the two admitted ran one after the other
    expect(ts.server.serveApp.queue.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('compatible requests that wait are batched: one model call for all, each gets its own forecast', async () => {
    const standIn = standInSession('batchy', 300);
    cleanups.push(standIn.restore);
    const ts = await startTestServer({ concurrency: 1, maxQueue: 2 }, standIn.make);
    cleanups.push(() => ts.close());
    const occupy = request(`${ts.url}/invocations`, { body: body(24, 4) });
    await new Promise((r) => setTimeout(r, 50));
    const levels = [10, 20, 30, 40, 50, 60];
    const batched = await Promise.all(
      levels.map((level) =>
        request(`${ts.url}/invocations`, {
          body: { inputs: [{ target: Array(12).fill(level), item_id: 'same-id' }], parameters: { prediction_length: 3 } },
        }),
      ),
    );
    expect((await occupy).status).toBe(200);
    expect(standIn.log.predict).toBe(2); // the occupying request, then one batch of six
    batched.forEach((r, k) => {
      expect(r.status, r.text).toBe(200);
      const p = (r.body['predictions'] as Array<Record<string, unknown>>)[0];
      expect(p).toMatchObject({ item_id: 'same-id', mean: [levels[k], levels[k], levels[k]] });
    });
    const metrics = await (await fetch(`${ts.url}/metrics`)).text();
    expect(metrics).toMatch(/^http_forecast_batch_requests_count 2$/m);
    expect(metrics).toMatch(/^http_forecast_batch_requests_sum 7$/m);
  });

  it('a request over --request-timeout gets 504 E_REQUEST_TIMEOUT; a queued one past its deadline never runs', async () => {
    const standIn = standInSession('slower', 600);
    cleanups.push(standIn.restore);
    const ts = await startTestServer({ concurrency: 1, maxQueue: 4, requestTimeoutMs: 250 }, standIn.make);
    cleanups.push(() => ts.close());
    const t0 = Date.now();
    const [a, b] = await Promise.all([
      request(`${ts.url}/invocations`, { body: body() }),
      request(`${ts.url}/invocations`, { body: body() }),
    ]);
    expect(Date.now() - t0).toBeLessThan(550);
    for (const r of [a, b]) {
      expect(r.status).toBe(504);
      expect(r.body['code']).toBe('E_REQUEST_TIMEOUT');
    }
    expect([a, b].map((r) => (r.body['context'] as { phase: string }).phase).sort()).toEqual(['queued', 'running']);
    await ts.server.serveApp.queue.idle();
    expect(standIn.log.predict).toBe(1); // the queued one was dropped, not run late
  });
});

describe('lifecycle', () => {
  it('/readyz is 503 while the preload runs and 200 after; forecasts wait for readiness', async () => {
    const restore = registerAdapterFactory('slowload', (o) => new TestTsfmAdapter(o, { loadDelayMs: 400 }));
    cleanups.push(restore);
    const telemetry = new RuntimeTelemetry();
    const session = new TSAgentSession({
      modelPool: { adapters: ['slowload'], preload: true },
      telemetry,
      taskSpecDefaults: { tsfmPolicy: { adapters: ['slowload'] } },
    });
    const server = await startServer(serveConfig({ port: 0, log: 'off' }), { session, telemetry });
    cleanups.push(async () => {
      await server.close(1000);
      await session.close();
    });
    const early = await request(`${server.url}/readyz`);
    expect(early.status).toBe(503);
    expect(early.body['status']).toBe('loading');
    expect((await request(`${server.url}/healthz`)).status).toBe(200);
    const notReady = await request(`${server.url}/invocations`, { body: body() });
    expect(notReady.status).toBe(503);
    expect(notReady.body['code']).toBe('E_SERVER_NOT_READY');
    await server.ready;
    expect((await request(`${server.url}/readyz`)).status).toBe(200);
    expect(telemetry.snapshot().per_adapter['slowload'].load_count).toBe(1);
  });

  it('a failed preload leaves /readyz at 503 with the typed reason', async () => {
    const restore = registerAdapterFactory(
      'noload',
      (o) => new TestTsfmAdapter(o, { failLoad: () => new Error('checkpoint at /secret/dir/model.safetensors is truncated') }),
    );
    cleanups.push(restore);
    const session = new TSAgentSession({ modelPool: { adapters: ['noload'], preload: true } });
    const server = await startServer(serveConfig({ port: 0, log: 'off' }), { session, telemetry: new RuntimeTelemetry() });
    cleanups.push(async () => {
      await server.close(1000);
      await session.close();
    });
    await expect(server.ready).rejects.toThrow();
    const res = await request(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.body['status']).toBe('failed');
    expect((res.body['error'] as { code: string }).code).toBe('E_MODEL_LOAD_FAILED');
    expect(res.text).not.toContain('/secret/dir');
  });

  it('shutdown during a slow preload still ends within the deadline', async () => {
    const restore = registerAdapterFactory('veryslowload', (o) => new TestTsfmAdapter(o, { loadDelayMs: 1500 }));
    cleanups.push(restore);
    const server = await startServer(serveConfig({ port: 0, log: 'off', preload: ['veryslowload'] }), {
      telemetry: new RuntimeTelemetry(),
    });
    expect(server.state.phase).toBe('loading');
    const t0 = Date.now();
    const result = await server.close(400);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(result.drained).toBe(true);
    await server.ready.catch(() => undefined);
  });

  it('shutdown stops accepting, lets the in-flight forecast finish within the deadline, then closes', async () => {
    const ts = await serverWith('drain', 300, { concurrency: 1 });
    const inFlight = request(`${ts.url}/invocations`, { body: body() });
    await new Promise((r) => setTimeout(r, 100));
    const result = await ts.server.close(3000);
    expect(result.drained).toBe(true);
    expect((await inFlight).status).toBe(200);
    expect(ts.server.state.phase).toBe('draining');
    await expect(fetch(`${ts.url}/healthz`)).rejects.toThrow();
  });
});
