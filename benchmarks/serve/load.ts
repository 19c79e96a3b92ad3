/**
 * Load benchmark of `tsagentkit serve` (a script, not a test): for each checkpoint, the real CLI is
 * started as a child process on 127.0.0.1, N clients send SageMaker requests back to back for a
 * fixed time (and at most a fixed count), and the run reports throughput, latency percentiles,
 * errors (must be 0), the mean batch size, and the server's own tsfm_model_load_count (must be 1).
 * Then SIGTERM, and the exit code (must be 0).
 *
 *   npm run build && npm run bench:serve -- [--clients 8] [--duration 60] [--max-requests 100000]
 *       [--context 512] [--h 24] [--series 1] [--targets tiny,real] [--real-dir <dir>] [--json out.json]
 *       [--concurrency n] [--batch-max-series n]   (passed to serve; default: serve's defaults)
 *
 * Checkpoints: "tiny" is the Chronos-2 test fixture; "real" has Chronos-2's real dimensions (120M
 * parameters, random weights, written to a temp folder unless --real-dir holds one), made as in
 * the TSFM performance benchmark (benchmarks/tsfm/families/chronos.ts). Loopback only; the run
 * stops by itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRealSizeChronos2 } from '../tsfm/families/chronos.js';
import { CLI_PATH, REPO_ROOT } from '../common/repo.js';

const CLI = CLI_PATH;
const TINY_DIR = join(REPO_ROOT, 'test/fixtures/chronos2/checkpoints/random-s0');
const REQUEST_TIMEOUT_MS = 30_000;

interface Args {
  clients: number;
  durationS: number;
  maxRequests: number;
  context: number;
  h: number;
  series: number;
  targets: string[];
  realDir?: string;
  json?: string;
  /** Passed to `serve` when set. */
  concurrency?: number;
  batchMaxSeries?: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { clients: 8, durationS: 60, maxRequests: 100_000, context: 512, h: 24, series: 1, targets: ['tiny', 'real'] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => String(argv[++i]);
    if (k === '--clients') a.clients = Number(v());
    else if (k === '--duration') a.durationS = Number(v());
    else if (k === '--max-requests') a.maxRequests = Number(v());
    else if (k === '--context') a.context = Number(v());
    else if (k === '--h') a.h = Number(v());
    else if (k === '--series') a.series = Number(v());
    else if (k === '--targets') a.targets = v().split(',');
    else if (k === '--real-dir') a.realDir = v();
    else if (k === '--json') a.json = v();
    else if (k === '--concurrency') a.concurrency = Number(v());
    else if (k === '--batch-max-series') a.batchMaxSeries = Number(v());
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A series per request index: level + trend + two seasons + deterministic noise. */
function payload(i: number, a: Args): string {
  const inputs = Array.from({ length: a.series }, (_, k) => {
    let s = (i * 7919 + k * 104729) >>> 0 || 1;
    const target = Array.from({ length: a.context }, (_, t) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (
        Math.round(
          (50 + k + 0.02 * t + 5 * Math.sin((2 * Math.PI * t) / 24) + 2 * Math.sin((2 * Math.PI * t) / 168) + (s / 4294967296 - 0.5)) *
            1000,
        ) / 1000
      );
    });
    return { target, item_id: `s${k}` };
  });
  return JSON.stringify({ inputs, parameters: { prediction_length: a.h, quantile_levels: [0.1, 0.5, 0.9] } });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

interface LegResult {
  target: string;
  modelDir: string;
  readyMs: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  wallS: number;
  requestsPerS: number;
  seriesPerS: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  loadCount: number | null;
  meanBatchRequests: number | null;
  exitCode: number | null;
  shutdownMs: number;
}

async function runLeg(target: string, modelDir: string, a: Args): Promise<LegResult> {
  const port = await freePort();
  const cacheDir = mkdtempSync(join(tmpdir(), 'tsak-serve-bench-cache-'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      String(port),
      '--preload',
      'chronos',
      '--model-dir',
      `chronos=${modelDir}`,
      '--log',
      'off',
      '--max-queue',
      String(Math.max(64, a.clients * 2)),
      ...(a.concurrency !== undefined ? ['--concurrency', String(a.concurrency)] : []),
      ...(a.batchMaxSeries !== undefined ? ['--batch-max-series', String(a.batchMaxSeries)] : []),
    ],
    {
      env: { ...process.env, TSAGENTKIT_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 300_000) throw new Error('server not ready within 300 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const readyMs = performance.now() - started;
    // one untimed warm-up request (first-run allocations)
    await fetch(`${url}/invocations`, { method: 'POST', body: payload(0, a), headers: { 'content-type': 'application/json' } }).then((r) =>
      r.text(),
    );

    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    let issued = 0;
    const t0 = performance.now();
    const end = t0 + a.durationS * 1000;
    const client = async () => {
      while (performance.now() < end && issued < a.maxRequests) {
        const i = ++issued;
        const body = payload(i, a);
        const t = performance.now();
        try {
          const res = await fetch(`${url}/invocations`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await res.text();
          if (res.status !== 200) {
            errors += 1;
            if (errorSamples.length < 5) errorSamples.push(`${res.status} ${text.slice(0, 200)}`);
          } else latencies.push(performance.now() - t);
        } catch (e) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(String(e));
        }
      }
    };
    await Promise.all(Array.from({ length: a.clients }, client));
    const wallS = (performance.now() - t0) / 1000;
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const load = /^tsfm_model_load_count\{adapter="chronos"\} (\d+)$/m.exec(metrics);
    const bsum = /^http_forecast_batch_requests_sum (\S+)$/m.exec(metrics);
    const bcount = /^http_forecast_batch_requests_count (\S+)$/m.exec(metrics);
    const shutdownStart = performance.now();
    child.kill('SIGTERM');
    const exitCode = await exited;
    const shutdownMs = performance.now() - shutdownStart;
    latencies.sort((x, y) => x - y);
    const requests = latencies.length + errors;
    return {
      target,
      modelDir,
      readyMs,
      requests,
      errors,
      errorSamples,
      wallS,
      requestsPerS: latencies.length / wallS,
      seriesPerS: (latencies.length * a.series) / wallS,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
      loadCount: load ? Number(load[1]) : null,
      meanBatchRequests: bsum && bcount && Number(bcount[1]) > 0 ? Number(bsum[1]) / Number(bcount[1]) : null,
      exitCode,
      shutdownMs,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const load0 = loadavg();
  const legs: LegResult[] = [];
  let tempReal: string | undefined;
  for (const target of a.targets) {
    let dir = TINY_DIR;
    if (target === 'real') {
      dir = a.realDir ?? (tempReal = mkdtempSync(join(tmpdir(), 'tsak-serve-bench-real-')));
      if (!existsSync(join(dir, 'model.safetensors'))) {
        const t = performance.now();
        const { bytes } = writeRealSizeChronos2(dir);
        process.stderr.write(
          `wrote a real-size Chronos-2 checkpoint (${(bytes / 1e6).toFixed(0)} MB, random weights) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
        );
      }
    } else if (target !== 'tiny') throw new Error(`unknown target ${target}: use tiny or real`);
    process.stderr.write(
      `${target}: ${a.clients} clients × ${a.durationS} s, ${a.series} series of ${a.context} points per request, h=${a.h}\n`,
    );
    legs.push(await runLeg(target, dir, a));
  }
  if (tempReal) rmSync(tempReal, { recursive: true, force: true });
  const load1 = loadavg();
  const f = (x: number | null, d = 1) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(d));
  const lines = [
    `tsagentkit serve load benchmark: ${a.clients} clients, ${a.durationS} s per checkpoint, serve --concurrency ${a.concurrency ?? 'default'} --batch-max-series ${a.batchMaxSeries ?? 'default'}, ${a.series} series × ${a.context} points per request, h=${a.h}, quantiles 0.1/0.5/0.9`,
    `machine load average (1/5/15 min): before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}`,
    '',
    '| checkpoint | ready (s) | requests | errors | req/s | series/s | p50 ms | p95 ms | p99 ms | max ms | mean batch (requests) | load count | exit | shutdown ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...legs.map(
      (l) =>
        `| ${l.target} | ${f(l.readyMs / 1000, 2)} | ${l.requests} | ${l.errors} | ${f(l.requestsPerS, 2)} | ${f(l.seriesPerS, 2)} | ${f(l.p50Ms)} | ${f(l.p95Ms)} | ${f(l.p99Ms)} | ${f(l.maxMs)} | ${f(l.meanBatchRequests, 2)} | ${l.loadCount ?? '-'} | ${l.exitCode ?? '-'} | ${f(l.shutdownMs, 0)} |`,
    ),
  ];
  for (const l of legs) for (const e of l.errorSamples) lines.push(`  ${l.target} error: ${e}`);
  console.log(lines.join('\n'));
  if (a.json) writeFileSync(a.json, JSON.stringify({ args: a, loadavg: { before: load0, after: load1 }, legs }, null, 2));
  const bad = legs.some((l) => l.errors > 0 || l.loadCount !== 1 || l.exitCode !== 0);
  process.exitCode = bad ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
