/**
 * The real CLI in a child process: `tsagentkit serve --port 0 --preload chronos --model-dir
 * chronos=<Chronos-2 fixture>`, run from source through vite-node (vitest's runner; the built
 * dist/cli/main.js when vite-node is absent). Readiness, the acceptance request, malformed JSON,
 * metrics, and SIGTERM → exit 0 within the shutdown deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHRONOS2_FIXTURE, request, seasonal } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VITE_NODE = join(ROOT, 'node_modules/vite-node/vite-node.mjs');
const DIST_CLI = join(ROOT, 'dist/cli/main.js');
const SHUTDOWN_DEADLINE_MS = 3000;

function cliCommand(args: string[]): string[] {
  if (existsSync(VITE_NODE)) return [VITE_NODE, join(ROOT, 'src/cli/main.ts'), '--', ...args];
  return [DIST_CLI, ...args];
}

let child: ChildProcess;
let cacheDir: string;
let stdout = '';
let stderr = '';
let url = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
const events: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'tsak-serve-cli-'));
  child = spawn(
    process.execPath,
    cliCommand([
      'serve',
      '--port',
      '0',
      '--preload',
      'chronos',
      '--model-dir',
      `chronos=${CHRONOS2_FIXTURE}`,
      '--log',
      'json',
      '--shutdown-timeout',
      String(SHUTDOWN_DEADLINE_MS),
    ]),
    { cwd: ROOT, env: { ...process.env, TSAGENTKIT_CACHE_DIR: cacheDir, TSAGENTKIT_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s; stderr: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const e = JSON.parse(line) as Record<string, unknown>;
          if (e['event'] === 'listening' && typeof e['url'] === 'string') {
            clearTimeout(timer);
            resolve(e['url']);
          }
        } catch {
          // a partial line; the next chunk completes it
        }
      }
    });
    void exit.then((e) => reject(new Error(`serve exited early (${e.code}); stderr: ${stderr}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(cacheDir, { recursive: true, force: true });
});

describe('tsagentkit serve (child process)', () => {
  it('listens on 127.0.0.1 and turns /readyz 200 once the preload is done', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    let status = 0;
    for (let i = 0; i < 300 && status !== 200; i++) {
      status = (await request(`${url}/readyz`)).status;
      if (status !== 200) {
        expect(status).toBe(503);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(status).toBe(200);
    for (const line of stdout.trim().split('\n')) if (line.startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
    expect(events.find((e) => e['event'] === 'ready')).toMatchObject({ url, preloaded: 'chronos' });
  });

  it('answers the acceptance request, and malformed JSON with 400 + code + fixHint', async () => {
    const res = await request(`${url}/invocations`, {
      body: { inputs: [{ target: seasonal(40) }], parameters: { prediction_length: 6, quantile_levels: [0.1, 0.5, 0.9] } },
    });
    expect(res.status, res.text).toBe(200);
    const p = (res.body['predictions'] as Array<Record<string, number[]>>)[0];
    for (const key of ['mean', '0.1', '0.5', '0.9']) expect(p[key]).toHaveLength(6);
    const bad = await request(`${url}/invocations`, { body: '{"inputs": [' });
    expect(bad.status).toBe(400);
    expect(bad.body['code']).toBe('E_REQUEST_MALFORMED');
    expect(typeof bad.body['fixHint']).toBe('string');
  });

  it('after many requests /metrics shows one chronos load and the other four seed metrics', async () => {
    for (let i = 0; i < 10; i++)
      await request(`${url}/invocations`, { body: { inputs: [{ target: seasonal(20 + i) }], parameters: { prediction_length: 3 } } });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^tsfm_model_load_count\{adapter="chronos"\} 1$/m);
    expect(text).toMatch(/^tsfm_model_load_ms_sum\{adapter="chronos"\} \d/m);
    expect(text).toMatch(/^session_reuse_count 1[01]$/m);
    expect(text).toMatch(/^forecast_batch_ms_count 1[12]$/m);
    expect(text).toMatch(/^oom_events 0$/m);
  });

  it('SIGTERM: exits 0 within the shutdown deadline', async () => {
    const sent = Date.now();
    child.kill('SIGTERM');
    const e = await exit;
    expect(e.code, stderr).toBe(0);
    expect(e.at - sent).toBeLessThan(SHUTDOWN_DEADLINE_MS);
    expect(stdout).toContain('"event":"stopped"');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tsagentkit serve start-up failures', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
      const t0 = Date.now();
      const p = spawn(process.execPath, cliCommand(['serve', '--port', '0', '--log', 'off', ...args]), {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      p.once('exit', (code) => resolve({ code, stderr: err, ms: Date.now() - t0 }));
    });

  it('a checkpoint that cannot be loaded: a typed message and exit 1', async () => {
    const r = await run(['--preload', 'chronos', '--model-dir', `chronos=${join(tmpdir(), 'no-such-checkpoint')}`]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error E_[A-Z_]+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an adapter this build lacks, or a malformed flag: exit 2 with the fix', async () => {
    const r = await run(['--preload', 'nosuchmodel']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error E_TASK_SPEC_INVALID: --preload names "nosuchmodel"');
    const bad = await run(['--max-queue', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-queue takes an integer');
  });
});
