/**
 * Every route and every client-error class against a real server on 127.0.0.1 (ephemeral port),
 * with the Chronos-2 test checkpoint preloaded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../../data/panel.js';
import { METRIC_NAMES } from '../../runtime/telemetry.js';
import { HTTP_METRIC_NAMES } from '../httpMetrics.js';
import { forecastBatch } from '../sagemaker/batching.js';
import { SageMakerRequestSchema } from '../sagemaker/schema.js';
import { sageMakerTask } from '../sagemaker/toPanel.js';
import { CHRONOS2_FIXTURE, request, seasonal, startTestServer, type JsonResponse, type TestServer } from './helpers.js';

let ts: TestServer;
let cacheDir: string;
const savedCache = process.env['TSAGENTKIT_CACHE_DIR'];
const errors: JsonResponse[] = [];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'tsak-serve-'));
  process.env['TSAGENTKIT_CACHE_DIR'] = cacheDir;
  ts = await startTestServer({
    preload: ['chronos'],
    modelDirs: { chronos: CHRONOS2_FIXTURE },
    maxSeries: 50,
    maxPredictionLength: 64,
    maxBodyBytes: 256 * 1024,
  });
});

afterAll(async () => {
  await ts?.close();
  if (savedCache === undefined) delete process.env['TSAGENTKIT_CACHE_DIR'];
  else process.env['TSAGENTKIT_CACHE_DIR'] = savedCache;
  await rm(cacheDir, { recursive: true, force: true });
});

const post = async (path: string, body: string | object): Promise<JsonResponse> => {
  const res = await request(`${ts.url}${path}`, { body });
  if (res.status >= 400) errors.push(res);
  return res;
};

/** A typed 4xx: the code, a hint, and nothing of the server's internals. */
function expectClientError(res: JsonResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.body['code']).toBe(code);
  expect(typeof res.body['message']).toBe('string');
  expect(typeof res.body['fixHint']).toBe('string');
  expect(res.text).not.toMatch(/\n\s+at |\bat .*\.(?:ts|js):\d+/);
  expect(res.text).not.toContain(process.cwd());
}

const ACCEPTANCE = { inputs: [{ target: seasonal(48) }], parameters: { prediction_length: 6, quantile_levels: [0.1, 0.5, 0.9] } };

describe('health, readiness, models, OpenAPI', () => {
  it('/healthz and /readyz answer 200 once the preload is done', async () => {
    expect((await request(`${ts.url}/healthz`)).body['status']).toBe('ok');
    const ready = await request(`${ts.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', preloaded: ['chronos'] });
    expect((await request(`${ts.url}/ping`)).status).toBe(200);
  });

  it('/v1/models reports the pool with chronos loaded once', async () => {
    const res = await request(`${ts.url}/v1/models`);
    expect(res.status).toBe(200);
    const pool = res.body['pool'] as { loaded: string[]; perAdapter: Record<string, { weightBytes: number }> };
    expect(pool.loaded).toEqual(['chronos']);
    expect(pool.perAdapter['chronos'].weightBytes).toBeGreaterThan(0);
    expect((res.body['runtime'] as { load_count: number }).load_count).toBe(1);
  });

  it('/openapi.json documents the routes with the request schema derived from zod', async () => {
    const res = await request(`${ts.url}/openapi.json`);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/invocations', '/v1/forecast', '/v1/forecast/panel', '/metrics', '/readyz']),
    );
    expect(Object.keys(doc.components.schemas['SageMakerRequest'].properties ?? {})).toEqual(['inputs', 'parameters']);
  });
});

describe('POST /invocations (SageMaker contract)', () => {
  it('answers the acceptance request with mean and one array per quantile, equal to the session forecast', async () => {
    const res = await post('/invocations', ACCEPTANCE);
    expect(res.status, res.text).toBe(200);
    const predictions = res.body['predictions'] as Array<Record<string, number[] | string>>;
    expect(predictions).toHaveLength(1);
    const p = predictions[0];
    for (const key of ['mean', '0.1', '0.5', '0.9']) expect(p[key]).toHaveLength(6);
    expect(p['model']).toBe('chronos');
    expect(res.body['fallbacks']).toEqual([]);
    // The served numbers are the model's: the same series through the same session.
    const panel = panelFromArrays(
      [{ id: 'x', ds: Array.from({ length: 48 }, (_, t) => Date.UTC(2000, 0, 1 + t)), y: ACCEPTANCE.inputs[0].target }],
      'D',
    );
    const spec = { h: 6, freq: 'D', quantiles: [0.1, 0.5, 0.9], levels: [], seasonLength: 1 };
    const direct = await ts.server.session.predict(await ts.server.session.fit(panel, ['chronos'], spec));
    const s = direct.forecast.series[0];
    expect(p['mean']).toEqual(Array.from(s.mean));
    expect(p['0.1']).toEqual(Array.from(s.quantiles[0]));
    expect(p['0.9']).toEqual(Array.from(s.quantiles[2]));
  });

  it('a batch of requests gets the same forecasts as each request alone', async () => {
    const requests = [0, 1, 2, 3].map((k) =>
      SageMakerRequestSchema.parse({
        inputs: [{ target: seasonal(30 + 7 * k, 10 * (k + 1), k), item_id: 'dup' }],
        parameters: { prediction_length: 5 },
      }),
    );
    const tasks = requests.map((r) => sageMakerTask(r));
    const together = await forecastBatch(ts.server.session, tasks);
    for (const [k, task] of tasks.entries()) {
      const [alone] = await forecastBatch(ts.server.session, [task]);
      const a = alone?.predictions[0];
      const b = together[k]?.predictions[0];
      expect(b?.item_id).toBe('dup');
      expect(b?.model).toBe('chronos');
      for (const key of ['mean', '0.1', '0.9']) {
        const x = a?.[key] as number[];
        const y = b?.[key] as number[];
        expect(y).toHaveLength(5);
        y.forEach((v, t) => expect(Math.abs(v - (x[t] ?? Number.NaN))).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(x[t] ?? 0))));
      }
    }
  });

  it('/v1/forecast is the same contract', async () => {
    const a = await post('/invocations', ACCEPTANCE);
    const b = await post('/v1/forecast', ACCEPTANCE);
    expect(b.status).toBe(200);
    expect(b.body['predictions']).toEqual(a.body['predictions']);
  });

  it('keeps input order, echoes item_id, gives the first forecast timestamp as start', async () => {
    const res = await post('/invocations', {
      inputs: [
        { target: seasonal(30), item_id: 'product_B', start: '2024-02-02T03:00:00' },
        { target: seasonal(20, 50), item_id: 'product_A', start: '2024-01-01T01:00:00' },
      ],
      parameters: { prediction_length: 5, freq: '1h', quantile_levels: [0.25, 0.75] },
    });
    expect(res.status, res.text).toBe(200);
    const [b, a] = res.body['predictions'] as Array<Record<string, unknown>>;
    expect(b!['item_id']).toBe('product_B');
    expect(b!['start']).toBe('2024-02-03T09:00:00'); // 30 hours after the first observation
    expect(a!['item_id']).toBe('product_A');
    expect(a!['start']).toBe('2024-01-01T21:00:00');
    expect(Object.keys(a!).sort()).toEqual(['0.25', '0.75', 'item_id', 'mean', 'model', 'start']);
    // a series at level 50 and one at 100 stay apart: the forecasts are per input, not mixed up
    expect((a!['mean'] as number[]).every((v, i) => v !== (b!['mean'] as number[])[i])).toBe(true);
  });

  it('forecasts a multivariate target per variate (mean is a list of lists) and accepts numeric covariates', async () => {
    const mv = await post('/invocations', { inputs: [{ target: [seasonal(24), seasonal(24, 10)] }], parameters: { prediction_length: 4 } });
    expect(mv.status, mv.text).toBe(200);
    const p = (mv.body['predictions'] as Array<Record<string, number[][]>>)[0];
    expect(p['mean']).toHaveLength(2);
    expect(p['mean'][0]).toHaveLength(4);
    expect(p['0.5'][1]).toHaveLength(4);

    const cov = await post('/invocations', {
      inputs: [
        {
          target: seasonal(24),
          past_covariates: { price: seasonal(24, 5), promo: Array(24).fill(0) },
          future_covariates: { price: [5, 5, 5] },
        },
      ],
      parameters: { prediction_length: 3 },
    });
    expect(cov.status, cov.text).toBe(200);
    expect((cov.body['predictions'] as Array<Record<string, number[]>>)[0]['mean']).toHaveLength(3);
  });

  it('rejects malformed JSON with 400 E_REQUEST_MALFORMED and a hint', async () => {
    expectClientError(await post('/invocations', '{"inputs":[{"target":[1,2,3'), 400, 'E_REQUEST_MALFORMED');
    expectClientError(await post('/invocations', ''), 400, 'E_REQUEST_MALFORMED');
    expectClientError(await post('/invocations', '{"inputs":[{"target":[1,2,NaN,4,5,6]}]}'), 400, 'E_REQUEST_MALFORMED');
  });

  it('rejects wrong types and unknown keys with 400 E_REQUEST_INVALID naming the field', async () => {
    const res = await post('/invocations', { inputs: [{ target: 'abc' }] });
    expectClientError(res, 400, 'E_REQUEST_INVALID');
    expect(JSON.stringify(res.body['context'])).toContain('inputs[0].target');
    expectClientError(await post('/invocations', { inputs: [{ target: [1, 2, 3, 4, 5, '6'] }] }), 400, 'E_REQUEST_INVALID');
    expectClientError(await post('/invocations', { inputs: [{ targets: seasonal(10) }] }), 400, 'E_REQUEST_INVALID');
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10) }], parameters: { prediction_length: 2.5 } }),
      400,
      'E_REQUEST_INVALID',
    );
    expectClientError(await post('/invocations', [1, 2, 3]), 400, 'E_REQUEST_INVALID');
  });

  it('rejects non-finite numbers (1e999 parses to Infinity) with E_CONTRACT_NON_FINITE and the path', async () => {
    const res = await post('/invocations', '{"inputs":[{"target":[1,2,3,4,1e999,6]}]}');
    expectClientError(res, 400, 'E_CONTRACT_NON_FINITE');
    expect(res.body['context']).toEqual({ path: 'inputs[0].target[4]' });
    expectClientError(
      await post('/invocations', '{"inputs":[{"target":[1,2,3,4,5,6],"past_covariates":{"x":[1,2,3,4,5,-1e400]}}]}'),
      400,
      'E_CONTRACT_NON_FINITE',
    );
  });

  it('answers a body nested 5,000 levels deep with a typed 400, not a 500 (the scan is iterative and bounded)', async () => {
    const deep = `{"inputs":[{"target":${'['.repeat(5000)}1${']'.repeat(5000)}}]}`;
    const res = await post('/invocations', deep);
    expectClientError(res, 400, 'E_REQUEST_INVALID');
    expect(res.body['message']).toMatch(/nested deeper than 64 levels/);
    // The same route still serves a good request afterwards.
    expect((await post('/invocations', { inputs: [{ target: seasonal(30) }], parameters: { prediction_length: 2 } })).status).toBe(200);
  });

  it('rejects empty inputs, empty and too short series', async () => {
    expectClientError(await post('/invocations', { inputs: [] }), 400, 'E_CONTRACT_EMPTY');
    expectClientError(await post('/invocations', { inputs: [{ target: [] }] }), 400, 'E_REQUEST_INVALID');
    expectClientError(await post('/invocations', { inputs: [{ target: [1, 2, null, null, 3, 4] }] }), 400, 'E_SERIES_TOO_SHORT');
  });

  it('enforces the limits: prediction_length, series per request, body size', async () => {
    const h = await post('/invocations', { inputs: [{ target: seasonal(20) }], parameters: { prediction_length: 65 } });
    expectClientError(h, 400, 'E_REQUEST_INVALID');
    expect(h.body['context']).toMatchObject({ field: 'parameters.prediction_length', value: 65, max: 64 });
    const many = await post('/invocations', { inputs: Array.from({ length: 51 }, () => ({ target: seasonal(10) })) });
    expectClientError(many, 413, 'E_REQUEST_TOO_LARGE');
    expect(many.body['context']).toMatchObject({ series: 51, maxSeries: 50 });
    const huge = await post('/invocations', { inputs: [{ target: Array.from({ length: 40_000 }, (_, i) => i + 0.123456) }] });
    expectClientError(huge, 413, 'E_REQUEST_TOO_LARGE');
    // streamed without Content-Length (chunked): counted as it arrives
    const chunk = new TextEncoder().encode(`${'1.2345678,'.repeat(10_000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"inputs":[{"target":['));
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${ts.url}/invocations`, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('E_REQUEST_TOO_LARGE');
  });

  it('checks the contract rules: start needs freq, unique item ids, covariate lengths, categorical covariates', async () => {
    expectClientError(await post('/invocations', { inputs: [{ target: seasonal(10), start: '2024-01-01' }] }), 400, 'E_REQUEST_INVALID');
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10) }], parameters: { freq: 'D' } }),
      400,
      'E_REQUEST_INVALID',
    );
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10), start: 'yesterday' }], parameters: { freq: 'D' } }),
      400,
      'E_CONTRACT_INVALID_TYPE',
    );
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10), start: '2024-01-01' }], parameters: { freq: 'fortnightly' } }),
      400,
      'E_FREQ_INVALID',
    );
    expectClientError(
      await post('/invocations', {
        inputs: [
          { target: seasonal(10), item_id: 'a' },
          { target: seasonal(10), item_id: 'a' },
        ],
      }),
      400,
      'E_CONTRACT_DUPLICATE_KEY',
    );
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10), past_covariates: { x: [1, 2] } }] }),
      400,
      'E_REQUEST_INVALID',
    );
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(6), past_covariates: { c: ['A', 'B', 'A', 'B', 'A', 'B'] } }] }),
      400,
      'E_REQUEST_INVALID',
    );
    expectClientError(
      await post('/invocations', { inputs: [{ target: seasonal(10) }], parameters: { cross_learning: true } }),
      400,
      'E_REQUEST_INVALID',
    );
  });

  it('answers unknown routes with 404 E_ROUTE_NOT_FOUND', async () => {
    expectClientError(await post('/v2/forecast', ACCEPTANCE), 404, 'E_ROUTE_NOT_FOUND');
    const res = await request(`${ts.url}/invocations`); // GET on a POST route
    expectClientError(res, 404, 'E_ROUTE_NOT_FOUND');
  });
});

describe('POST /v1/forecast/panel', () => {
  const ids = [...Array(24).fill('a'), ...Array(24).fill('b')];
  const ds = [...Array(2)].flatMap(() =>
    Array.from({ length: 24 }, (_, t) => `20${String(10 + Math.floor(t / 12))}-${String((t % 12) + 1).padStart(2, '0')}-01`),
  );
  const y = [...seasonal(24), ...seasonal(24, 40)];

  it('runs validate → qa → plan → fit → predict and answers the forecast table and the artifact', async () => {
    const res = await post('/v1/forecast/panel', { data: { unique_id: ids, ds, y }, spec: { h: 3, quantiles: [0.1, 0.9] } });
    expect(res.status, res.text).toBe(200);
    const forecast = res.body['forecast'] as Record<string, unknown[]>;
    expect(Object.keys(forecast)).toEqual(['unique_id', 'ds', 'model', 'mean', 'q0.025', 'q0.1', 'q0.9', 'q0.975']);
    expect(forecast['unique_id']).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    expect(forecast['ds']).toEqual(['2012-01-01', '2012-02-01', '2012-03-01', '2012-01-01', '2012-02-01', '2012-03-01']);
    expect(res.body['modelBySeries']).toEqual({ a: 'chronos', b: 'chronos' });
    const artifact = res.body['artifact'] as { data: { nSeries: number; source: string }; events: Array<{ step: string; status: string }> };
    expect(artifact.data).toMatchObject({ nSeries: 2, source: 'http' });
    expect(artifact.events.map((e) => `${e.step}:${e.status}`)).toEqual([
      'validate:ok',
      'qa:ok',
      'plan:ok',
      'backtest:skipped',
      'fit:ok',
      'predict:ok',
    ]);
  });

  it('rejects a bad TaskSpec, a missing column and an h over the limit', async () => {
    expectClientError(await post('/v1/forecast/panel', { data: { unique_id: ids, ds, y }, spec: { h: -1 } }), 400, 'E_TASK_SPEC_INVALID');
    expectClientError(await post('/v1/forecast/panel', { data: { unique_id: ids, ds }, spec: { h: 3 } }), 400, 'E_CONTRACT_MISSING_COLUMN');
    expectClientError(await post('/v1/forecast/panel', { data: { unique_id: ids, ds, y }, spec: { h: 100 } }), 400, 'E_REQUEST_INVALID');
    expectClientError(await post('/v1/forecast/panel', { data: [], spec: { h: 3 } }), 400, 'E_CONTRACT_EMPTY');
    expectClientError(await post('/v1/forecast/panel', { rows: [], spec: { h: 3 } }), 400, 'E_REQUEST_INVALID');
  });
});

describe('GET /metrics', () => {
  it('shows one load of chronos however many requests, the other seed metrics and HTTP metrics', async () => {
    for (let i = 0; i < 3; i++) expect((await post('/invocations', ACCEPTANCE)).status).toBe(200);
    const res = await fetch(`${ts.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^tsfm_model_load_count\{adapter="chronos"\} 1$/m);
    for (const name of Object.values(METRIC_NAMES)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/^session_reuse_count [1-9]\d*$/m);
    expect(text).toMatch(/^forecast_batch_ms_count [1-9]\d*$/m);
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/invocations",status="200"\} [1-9]\d*$/m);
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/invocations",status="400"\} [1-9]\d*$/m);
    for (const name of Object.values(HTTP_METRIC_NAMES)) expect(text).toContain(`# TYPE ${name} `);
    // prom-client's process and Node metrics, the event-loop delay among them.
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
  });

  it('logged one JSON line per request with status and error code', () => {
    const lines = ts.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['method']);
    const malformed = lines.find((l) => l['code'] === 'E_REQUEST_MALFORMED');
    expect(malformed).toMatchObject({ method: 'POST', path: '/invocations', status: 400, level: 'info' });
    expect(lines.filter((l) => l['status'] === 200 && l['path'] === '/invocations').every((l) => l['models'] === 'chronos')).toBe(true);
    expect(errors.length).toBeGreaterThan(20);
  });
});
