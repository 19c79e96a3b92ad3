import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECheckpointDownloadFailed, ECheckpointNotFound } from '../../errors/index.js';
import { defaultHubCacheDir, repoCacheDir } from './hfCache.js';
import { hubEndpoint, hubToken } from './hubEnv.js';
import type { DownloadProgress } from './progress.js';
import { resolveModelSource } from './resolve.js';

const SHA = 'a'.repeat(40);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'tsak-src-'));

function writeCheckpoint(dir: string, files = ['config.json', 'model.safetensors']): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), f === 'config.json' ? '{}' : 'weights');
}

describe('defaultHubCacheDir', () => {
  it('follows HF_HUB_CACHE, then HF_HOME/hub, then XDG_CACHE_HOME/huggingface/hub', () => {
    expect(defaultHubCacheDir({ HF_HUB_CACHE: '/a', HF_HOME: '/b' })).toBe('/a');
    expect(defaultHubCacheDir({ HF_HOME: '/b' })).toBe(path.join('/b', 'hub'));
    expect(defaultHubCacheDir({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'huggingface', 'hub'));
    expect(defaultHubCacheDir({})).toMatch(/\.cache[/\\]huggingface[/\\]hub$/);
  });
});

describe('resolveModelSource: local directories', () => {
  it('accepts a directory with config.json and model.safetensors', async () => {
    const dir = tmp();
    writeCheckpoint(dir);
    const src = await resolveModelSource(dir);
    expect(src).toEqual({ dir, kind: 'local' });
  });

  it('names the missing file', async () => {
    const dir = tmp();
    writeCheckpoint(dir, ['config.json']);
    const err = await resolveModelSource(dir).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toMatch(/lacks model\.safetensors/);
    await expect(resolveModelSource(path.join(dir, 'nope'))).rejects.toBeInstanceOf(ECheckpointNotFound);
  });
});

describe('resolveModelSource: Hugging Face cache', () => {
  it('resolves refs/main to its snapshot, with blobs behind symlinks', async () => {
    const home = tmp();
    const repo = path.join(home, 'hub', 'models--amazon--chronos-2');
    mkdirSync(path.join(repo, 'blobs'), { recursive: true });
    mkdirSync(path.join(repo, 'refs'), { recursive: true });
    mkdirSync(path.join(repo, 'snapshots', SHA), { recursive: true });
    writeFileSync(path.join(repo, 'refs', 'main'), `${SHA}\n`);
    for (const [f, blob] of [
      ['config.json', 'b1'],
      ['model.safetensors', 'b2'],
    ]) {
      writeFileSync(path.join(repo, 'blobs', blob), 'x');
      symlinkSync(path.join('..', '..', 'blobs', blob), path.join(repo, 'snapshots', SHA, f));
    }
    const src = await resolveModelSource('amazon/chronos-2', { env: { HF_HOME: home }, allowDownload: false });
    expect(src).toEqual({
      dir: path.join(repo, 'snapshots', SHA),
      kind: 'hf-cache',
      modelId: 'amazon/chronos-2',
      revision: 'main',
      commit: SHA,
    });
  });

  it('uses a lone snapshot folder when refs/main is absent (files placed by hand)', async () => {
    const cache = tmp();
    writeCheckpoint(path.join(repoCacheDir(cache, 'autogluon/chronos-2-small'), 'snapshots', 'manual'));
    const src = await resolveModelSource('autogluon/chronos-2-small', { cacheDir: cache, allowDownload: false });
    expect(src.kind).toBe('hf-cache');
    expect(src.dir.endsWith(path.join('snapshots', 'manual'))).toBe(true);
  });

  it('offline and missing: ECheckpointNotFound says where to put the files', async () => {
    const cache = tmp();
    const err = await resolveModelSource('amazon/chronos-bolt-tiny', { env: { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toContain(path.join(cache, 'models--amazon--chronos-bolt-tiny', 'snapshots'));
    expect(err.message).toMatch(/offline mode: HF_HUB_OFFLINE/);
    expect(err.fixHint).toContain('config.json and model.safetensors');
    expect(err.context.expectedDir).toBe(path.join(cache, 'models--amazon--chronos-bolt-tiny', 'snapshots', '<commit>'));
  });

  it('a dangling snapshot link counts as missing', async () => {
    const cache = tmp();
    const snap = path.join(repoCacheDir(cache, 'amazon/chronos-2'), 'snapshots', SHA);
    writeCheckpoint(snap, ['config.json']);
    symlinkSync('../../blobs/gone', path.join(snap, 'model.safetensors'));
    const err = await resolveModelSource('amazon/chronos-2', { cacheDir: cache, revision: SHA, allowDownload: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.context.missing).toEqual(['model.safetensors']);
  });
});

/** A stand-in for the hub's resolve endpoint: HEAD with the commit and etag headers, GET with the bytes. */
function fakeHub(files: Record<string, string>, calls: string[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${url.pathname}`);
    const m = url.pathname.match(/^\/amazon\/chronos-2\/resolve\/([^/]+)\/(.+)$/);
    if (m && (m[1] === SHA || m[1] === 'main') && files[m[2]!] !== undefined) {
      const body = Buffer.from(files[m[2]!]!);
      const headers = { 'x-repo-commit': SHA, etag: `"etag-${m[2]}"`, 'content-length': String(body.length) };
      return new Response(method === 'HEAD' ? null : body, { status: 200, headers });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
}

describe('resolveModelSource: download into the cache', () => {
  it('writes blobs, snapshot links and refs/main, reports progress, and is served from the cache next time', async () => {
    const cache = tmp();
    const calls: string[] = [];
    const events: string[] = [];
    const progress: DownloadProgress = {
      start: (f, total) => events.push(`start ${f} ${total}`),
      update: () => {},
      done: (f, total) => events.push(`done ${f} ${total}`),
    };
    const files = { 'config.json': '{"a":1}', 'model.safetensors': 'W'.repeat(1000) };
    const src = await resolveModelSource('amazon/chronos-2', {
      cacheDir: cache,
      fetch: fakeHub(files, calls),
      progress,
      env: {},
      allowDownload: true,
    });
    const repo = repoCacheDir(cache, 'amazon/chronos-2');
    expect(src).toEqual({
      dir: path.join(repo, 'snapshots', SHA),
      kind: 'downloaded',
      modelId: 'amazon/chronos-2',
      revision: 'main',
      commit: SHA,
    });
    expect(readFileSync(path.join(repo, 'refs', 'main'), 'utf8')).toBe(SHA);
    expect(readFileSync(path.join(repo, 'blobs', 'etag-model.safetensors'), 'utf8')).toBe(files['model.safetensors']);
    const link = path.join(src.dir, 'config.json');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(path.join('..', '..', 'blobs', 'etag-config.json'));
    expect(readFileSync(link, 'utf8')).toBe(files['config.json']);
    expect(events).toEqual(['start config.json 7', 'done config.json 7', 'start model.safetensors 1000', 'done model.safetensors 1000']);

    const again = await resolveModelSource('amazon/chronos-2', { cacheDir: cache, fetch: fakeHub(files, calls), env: {} });
    expect(again.kind).toBe('hf-cache');
    expect(calls).toEqual([
      'HEAD /amazon/chronos-2/resolve/main/config.json',
      `GET /amazon/chronos-2/resolve/${SHA}/config.json`,
      `HEAD /amazon/chronos-2/resolve/${SHA}/model.safetensors`,
      `GET /amazon/chronos-2/resolve/${SHA}/model.safetensors`,
    ]); // the first HEAD pins the commit; nothing for the second resolve
  });

  it('turns a network failure into ECheckpointNotFound with the same hint', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const cache = tmp();
    const err = await resolveModelSource('amazon/chronos-2', {
      cacheDir: cache,
      fetch: failing,
      progress: false,
      env: {},
      allowDownload: true,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toMatch(/Could not download amazon\/chronos-2@main.*fetch failed/);
    expect(err.message).toContain(path.join(cache, 'models--amazon--chronos-2', 'snapshots'));
  });
});

describe('resolveModelSource: downloads only when asked', () => {
  it('by default never calls fetch, even online with a missing checkpoint', async () => {
    const calls: string[] = [];
    const err = await resolveModelSource('amazon/chronos-2', { cacheDir: tmp(), fetch: fakeHub({}, calls), env: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toMatch(/downloads are off/);
    expect(err.fixHint).toMatch(/--download/);
    expect(calls).toEqual([]);
  });

  it('HF_HUB_OFFLINE=1 wins over allowDownload: true, naming the variable and how to unset it', async () => {
    const calls: string[] = [];
    const err = await resolveModelSource('amazon/chronos-2', {
      cacheDir: tmp(),
      fetch: fakeHub({}, calls),
      env: { HF_HUB_OFFLINE: '1' },
      allowDownload: true,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(err.message).toMatch(/HF_HUB_OFFLINE=1 forbids it/);
    expect(err.fixHint).toMatch(/unset HF_HUB_OFFLINE/);
    expect(err.context.offlineVariable).toBe('HF_HUB_OFFLINE');
    expect(calls).toEqual([]);
  });
});

describe('hub environment (huggingface_hub rules)', () => {
  it('token: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the token file; a missing file is no token', () => {
    const home = tmp();
    writeFileSync(path.join(home, 'token'), 'from-file\n');
    expect(hubToken({ HF_HOME: home, HF_TOKEN: 'a', HUGGING_FACE_HUB_TOKEN: 'b' })).toBe('a');
    expect(hubToken({ HF_HOME: home, HUGGING_FACE_HUB_TOKEN: 'b' })).toBe('b');
    expect(hubToken({ HF_HOME: home })).toBe('from-file');
    const other = path.join(tmp(), 'tok');
    writeFileSync(other, 'other');
    expect(hubToken({ HF_HOME: home, HF_TOKEN_PATH: other })).toBe('other');
    expect(hubToken({ HF_HOME: tmp() })).toBeUndefined();
  });

  it('an unreadable token file is a typed error with a hint', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'token')); // a directory: EISDIR for any user, root included
    const err = (() => {
      try {
        return hubToken({ HF_HOME: dir });
      } catch (e) {
        return e;
      }
    })() as ECheckpointDownloadFailed;
    expect(err).toBeInstanceOf(ECheckpointDownloadFailed);
    expect(err.context.reason).toBe('token-unreadable');
    expect(err.fixHint).toMatch(/HF_TOKEN_PATH/);
    // The same error through resolveModelSource, before any request.
    const calls: string[] = [];
    const viaResolve = await resolveModelSource('amazon/chronos-2', {
      cacheDir: tmp(),
      fetch: fakeHub({}, calls),
      env: { HF_HOME: dir },
      allowDownload: true,
    }).catch((e) => e);
    expect(viaResolve).toBeInstanceOf(ECheckpointDownloadFailed);
    expect(calls).toEqual([]);
  });

  it('HF_ENDPOINT is the base URL, default huggingface.co', () => {
    expect(hubEndpoint({})).toBe('https://huggingface.co');
    expect(hubEndpoint({ HF_ENDPOINT: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
  });
});
