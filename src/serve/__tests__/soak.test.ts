/**
 * 1,000 mixed good and bad requests (8 concurrent clients) against a loopback server with the
 * Chronos-2 fixture: every answer is the expected status, the server still serves normally after,
 * the model was loaded once, and resident memory grew by less than RSS_BOUND_MB after a warm-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHRONOS2_FIXTURE, request, seasonal, startTestServer, type TestServer } from './helpers.js';

/**
 * Allowed RSS growth over 1,000 requests after a 200-request warm-up. Measured on the 2-core dev
 * machine: +28 MB over the first 1,000 (allocator arenas filling), then flat (254–258 MB) over three
 * more rounds of 1,000 with the JS heap stable (39–60 MB): growth stops, nothing leaks per request.
 */
const RSS_BOUND_MB = 96;
const CLIENTS = 8;

let ts: TestServer;
let cacheDir: string;
const savedCache = process.env['TSAGENTKIT_CACHE_DIR'];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'tsak-serve-soak-'));
  process.env['TSAGENTKIT_CACHE_DIR'] = cacheDir;
  ts = await startTestServer({
    preload: ['chronos'],
    modelDirs: { chronos: CHRONOS2_FIXTURE },
    maxSeries: 100,
    maxBodyBytes: 128 * 1024,
    log: 'off',
  });
});

afterAll(async () => {
  await ts?.close();
  if (savedCache === undefined) delete process.env['TSAGENTKIT_CACHE_DIR'];
  else process.env['TSAGENTKIT_CACHE_DIR'] = savedCache;
  await rm(cacheDir, { recursive: true, force: true });
});

/** Request i of the mix: half good (varying size), half one of the failure classes. */
function mixed(i: number): { body: string | object; status: number; code?: string } {
  switch (i % 10) {
    case 0:
    case 2:
    case 4:
      return {
        body: { inputs: [{ target: seasonal(24 + (i % 37), 100, i) }], parameters: { prediction_length: 1 + (i % 12) } },
        status: 200,
      };
    case 6:
      return {
        body: {
          inputs: Array.from({ length: 1 + (i % 9) }, (_, k) => ({ target: seasonal(30, 10 * k, i), item_id: `s${k}` })),
          parameters: { prediction_length: 4, quantile_levels: [0.2, 0.8] },
        },
        status: 200,
      };
    case 8:
      return {
        body: { inputs: [{ target: seasonal(36) }], parameters: { prediction_length: 4, freq: 'MS' } },
        status: 400,
        code: 'E_REQUEST_INVALID',
      };
    case 1:
      return { body: `{"inputs":[{"target":[1,2,${i}`, status: 400, code: 'E_REQUEST_MALFORMED' };
    case 3:
      return { body: `{"inputs":[{"target":[1,2,3,4,5,6,7,8,${i}e999]}]}`, status: 400, code: 'E_CONTRACT_NON_FINITE' }; // raw text: JSON.stringify would write null
    case 5:
      return { body: { inputs: [] }, status: 400, code: 'E_CONTRACT_EMPTY' };
    case 7:
      return {
        body: { inputs: [{ target: Array.from({ length: 20_000 }, (_, t) => t * 1.2345678) }] },
        status: 413,
        code: 'E_REQUEST_TOO_LARGE',
      };
    default:
      return {
        body: { inputs: [{ target: 'x'.repeat(i % 50) }], parameters: { prediction_length: 5000 } },
        status: 400,
        code: 'E_REQUEST_INVALID',
      };
  }
}

async function drive(count: number, offset: number): Promise<string[]> {
  const mismatches: string[] = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < count; i = next++) {
      const want = mixed(offset + i);
      const res = await request(`${ts.url}/invocations`, { body: want.body });
      if (res.status !== want.status || (want.code && res.body['code'] !== want.code)) {
        mismatches.push(`#${offset + i}: ${res.status} ${String(res.body['code'])} (wanted ${want.status} ${want.code ?? ''})`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return mismatches;
}

describe('soak: 1,000 mixed requests', () => {
  it('answers each as expected, keeps serving, loads once, and bounds RSS growth', async () => {
    expect(await drive(200, 0)).toEqual([]);
    const rssBefore = process.memoryUsage().rss;
    expect(await drive(1000, 200)).toEqual([]);
    const rssAfter = process.memoryUsage().rss;
    const growthMb = (rssAfter - rssBefore) / 1024 / 1024;
    console.log(
      `soak: RSS ${(rssBefore / 1048576).toFixed(1)} MB → ${(rssAfter / 1048576).toFixed(1)} MB (growth ${growthMb.toFixed(1)} MB, bound ${RSS_BOUND_MB} MB)`,
    );
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);

    const after = await request(`${ts.url}/invocations`, {
      body: { inputs: [{ target: seasonal(48) }], parameters: { prediction_length: 6 } },
    });
    expect(after.status).toBe(200);
    expect(ts.telemetry.snapshot().per_adapter['chronos'].load_count).toBe(1);
    expect(ts.server.serveApp.queue.stats()).toMatchObject({ running: 0, queued: 0 });
    const metrics = await (await fetch(`${ts.url}/metrics`)).text();
    expect(metrics).toMatch(/^http_requests_in_flight 1$/m); // only the scrape itself
  });
});
