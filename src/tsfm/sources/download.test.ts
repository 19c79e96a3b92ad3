/**
 * The downloader against a mock hub on loopback (node:http, 127.0.0.1, port 0) that speaks the
 * resolve-URL protocol: HEAD with X-Repo-Commit / X-Linked-Etag / X-Linked-Size, GET with Range,
 * and a switch that cuts the transfer after N bytes. Loopback only; the server closes after each test.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ECheckpointDownloadFailed } from '../../errors/index.js';
import { repoCacheDir } from './hfCache.js';
import { resolveModelSource } from './resolve.js';

const SHA = 'c'.repeat(40);
const WEIGHTS = Buffer.from(Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
const CONFIG = Buffer.from('{"model_type":"t5"}');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

interface MockHub {
  readonly url: string;
  readonly ranges: (string | undefined)[];
  /** Close the socket after this many body bytes of the next weights GET. */
  cutAfter: number | undefined;
  /** Serve these bytes for the weights instead (a hub lying about its hash). */
  corrupt: boolean;
  /** Delay each weights GET body (to overlap two downloads). */
  slowMs: number;
  server: Server;
}

let hub: MockHub | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (hub ? hub.server.close(() => r()) : r()));
  hub = undefined;
});

async function startHub(): Promise<MockHub> {
  const files: Record<string, { body: Buffer; lfs: boolean }> = {
    'config.json': { body: CONFIG, lfs: false },
    'model.safetensors': { body: WEIGHTS, lfs: true },
  };
  const state = { ranges: [] as (string | undefined)[], cutAfter: undefined as number | undefined, corrupt: false, slowMs: 0 };
  const server = createServer((req, res) => {
    const m = req.url?.match(/^\/acme\/tiny\/resolve\/([^/]+)\/(.+)$/);
    const f = m ? files[decodeURIComponent(m[2]!)] : undefined;
    if (!m || !f || (m[1] !== 'main' && m[1] !== SHA)) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'x-repo-commit': SHA };
    if (f.lfs) Object.assign(headers, { 'x-linked-etag': `"${sha256(f.body)}"`, 'x-linked-size': String(f.body.length), etag: '"cdn"' });
    else headers['etag'] = `"${gitSha1(f.body)}"`;
    if (req.method === 'HEAD') return void res.writeHead(200, { ...headers, 'content-length': String(f.body.length) }).end();
    let body = f.body;
    if (f.lfs) {
      state.ranges.push(req.headers.range);
      if (state.corrupt) body = Buffer.from(body).fill(7, 0, 10);
    }
    let status = 200;
    const range = req.headers.range?.match(/^bytes=(\d+)-$/);
    if (range) {
      const start = Number(range[1]);
      if (start >= body.length) return void res.writeHead(416).end();
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
      body = body.subarray(start);
      status = 206;
    }
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    const cut = f.lfs ? state.cutAfter : undefined;
    if (cut !== undefined) {
      state.cutAfter = undefined;
      res.write(body.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (f.lfs && state.slowMs > 0) {
      res.write(body.subarray(0, 10));
      setTimeout(() => res.end(body.subarray(10)), state.slowMs);
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const h = Object.assign(state, { url: `http://127.0.0.1:${port}`, server }) as MockHub;
  hub = h;
  return h;
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'tsak-dl-'));
/** HF_ENDPOINT points at the mock; no token anywhere (HF_HOME is empty). */
const envFor = (h: MockHub, home: string) => ({ HF_ENDPOINT: h.url, HF_HOME: home });

describe('download from a mock hub (HF_ENDPOINT)', () => {
  it('a cut transfer fails naming the file and keeps the partial; the next run resumes with Range and verifies', async () => {
    const h = await startHub();
    const home = tmp();
    const cache = path.join(home, 'hub');
    const blob = path.join(repoCacheDir(cache, 'acme/tiny'), 'blobs', sha256(WEIGHTS));
    h.cutAfter = 50_000;
    const err = await resolveModelSource('acme/tiny', { env: envFor(h, home), allowDownload: true, progress: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointDownloadFailed);
    expect(err.context.reason).toBe('interrupted');
    expect(err.message).toContain('model.safetensors');
    expect(statSync(`${blob}.incomplete`).size).toBe(50_000);
    expect(existsSync(`${blob}.lock`)).toBe(false);

    const src = await resolveModelSource('acme/tiny', { env: envFor(h, home), allowDownload: true, progress: false });
    expect(h.ranges).toEqual([undefined, 'bytes=50000-']);
    expect(src.kind).toBe('downloaded');
    expect(sha256(readFileSync(path.join(src.dir, 'model.safetensors')))).toBe(sha256(WEIGHTS));
    expect(readlinkSync(path.join(src.dir, 'model.safetensors'))).toBe(path.join('..', '..', 'blobs', sha256(WEIGHTS)));
    expect(readFileSync(path.join(repoCacheDir(cache, 'acme/tiny'), 'refs', 'main'), 'utf8')).toBe(SHA);
    expect(existsSync(`${blob}.incomplete`)).toBe(false);
  });

  it('two concurrent downloads of one file: one fails with the lock error, the file is intact', async () => {
    const h = await startHub();
    h.slowMs = 300;
    const home = tmp();
    const o = { env: envFor(h, home), allowDownload: true, progress: false as const, revision: SHA };
    const results = await Promise.allSettled([resolveModelSource('acme/tiny', o), resolveModelSource('acme/tiny', o)]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok.length).toBe(1);
    expect(failed.length).toBe(1);
    expect(failed[0]!.reason).toBeInstanceOf(ECheckpointDownloadFailed);
    expect(failed[0]!.reason.context.reason).toBe('locked');
    const dir = (ok[0] as PromiseFulfilledResult<{ dir: string }>).value.dir;
    expect(sha256(readFileSync(path.join(dir, 'model.safetensors')))).toBe(sha256(WEIGHTS));
    // With a wait, the second finds the finished blob instead of failing.
    const again = await resolveModelSource('acme/tiny', { ...o, lockWaitMs: 5_000 });
    expect(again.kind).toBe('hf-cache');
  });

  it('a bad hash is rejected and the partial removed', async () => {
    const h = await startHub();
    h.corrupt = true;
    const home = tmp();
    const blob = path.join(repoCacheDir(path.join(home, 'hub'), 'acme/tiny'), 'blobs', sha256(WEIGHTS));
    const err = await resolveModelSource('acme/tiny', { env: envFor(h, home), allowDownload: true, progress: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointDownloadFailed);
    expect(err.context.reason).toBe('hash-mismatch');
    expect(existsSync(`${blob}.incomplete`)).toBe(false);
    expect(existsSync(blob)).toBe(false);
  });

  it('a lock left by a dead process is stale: taken over, and the download completes', async () => {
    const h = await startHub();
    const home = tmp();
    const blobs = path.join(repoCacheDir(path.join(home, 'hub'), 'acme/tiny'), 'blobs');
    mkdirSync(blobs, { recursive: true });
    // pid 99999999 is above Linux's pid_max: kill(pid, 0) says ESRCH, as for any process that is gone.
    writeFileSync(path.join(blobs, `${sha256(WEIGHTS)}.lock`), JSON.stringify({ pid: 99_999_999, host: hostname() }));
    const src = await resolveModelSource('acme/tiny', { env: envFor(h, home), allowDownload: true, progress: false });
    expect(sha256(readFileSync(path.join(src.dir, 'model.safetensors')))).toBe(sha256(WEIGHTS));
    expect(existsSync(path.join(blobs, `${sha256(WEIGHTS)}.lock`))).toBe(false);
  });
});
