/**
 * Downloads a checkpoint into the Hugging Face cache layout, speaking the hub's resolve-URL protocol
 * with plain `fetch` (so `HF_ENDPOINT` mirrors and test hubs work alike), and writing what Python's
 * `huggingface_hub` writes, so both tools share one cache:
 *
 *   blobs/<etag>                 the file, named by its hash (sha256 for LFS files, git sha1 otherwise)
 *   blobs/<etag>.incomplete      the partial file while downloading; kept when a transfer is cut
 *   blobs/<etag>.lock            held by the one process writing that blob
 *   snapshots/<commit>/<file>    relative symlink to ../../blobs/<etag> (a copy where links fail)
 *   refs/<revision>              the commit the branch or tag resolved to
 *
 * Per file: `HEAD <endpoint>/<repo>/resolve/<rev>/<file>` without following redirects (the hub puts
 * `X-Repo-Commit`, `X-Linked-Etag`/`X-Linked-Size` for LFS files, `ETag`/`Content-Length` for the
 * others on that response, before it redirects to the CDN); the first file's commit pins the rest,
 * so every file comes from one snapshot. Then, holding the lock, `GET` with `Range: bytes=<have>-`
 * when a partial file exists, appending on 206 (restarting on 200); then size and hash checks
 * before the rename into `blobs/`. We do not use `@huggingface/hub`'s downloadFile: it can neither
 * resume nor lock, which is the point of this module.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ECheckpointDownloadFailed, ECheckpointNotFound } from '../../errors/index.js';
import { COMMIT_HASH, repoCacheDir } from './hfCache.js';
import { DEFAULT_HF_ENDPOINT } from './hubEnv.js';
import type { DownloadProgress } from './progress.js';

export interface HubDownloadOptions {
  readonly modelId: string;
  readonly revision: string;
  readonly cacheDir: string;
  readonly files: readonly string[];
  readonly accessToken?: string;
  /** The hub's base URL; default https://huggingface.co (resolveModelSource passes HF_ENDPOINT). */
  readonly hubUrl?: string;
  /** Custom fetch (proxies; tests). */
  readonly fetch?: typeof fetch;
  readonly progress?: DownloadProgress;
  /** How long to wait for another process's lock on a file before failing; default 0 (fail at once). */
  readonly lockWaitMs?: number;
  /** A lock older than this, untouched (the holder touches it while writing), is stale; default 10 minutes. */
  readonly staleLockMs?: number;
}

/** What the hub says about one file on its resolve URL. */
interface FileMeta {
  readonly commit: string | undefined;
  /** sha256 (LFS) or git sha1, unquoted. */
  readonly etag: string;
  readonly size: number | undefined;
}

const SHA256 = /^[0-9a-f]{64}$/;
const GIT_SHA1 = /^[0-9a-f]{40}$/;
const LOCK_TOUCH_MS = 10_000;

/** Returns the snapshot directory holding every requested file. */
export async function downloadToHubCache(o: HubDownloadOptions): Promise<{ dir: string; commit: string }> {
  const doFetch = o.fetch ?? globalThis.fetch;
  const endpoint = (o.hubUrl ?? DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
  const auth: Record<string, string> = o.accessToken ? { authorization: `Bearer ${o.accessToken}` } : {};
  const repoDir = repoCacheDir(o.cacheDir, o.modelId);
  await mkdir(path.join(repoDir, 'blobs'), { recursive: true });

  let commit = COMMIT_HASH.test(o.revision) ? o.revision : undefined;
  for (const file of o.files) {
    const url = resolveUrl(endpoint, o.modelId, commit ?? o.revision, file);
    const meta = await headFile(doFetch, url, auth, o.modelId, o.revision, file);
    if (commit === undefined) {
      if (!meta.commit || !COMMIT_HASH.test(meta.commit)) throw new Error(`the hub returned no commit for ${o.modelId}@${o.revision}`);
      commit = meta.commit;
    }
    const snapshot = path.join(repoDir, 'snapshots', commit);
    const pointer = path.join(snapshot, file);
    if (await isFile(pointer)) continue;
    const blobPath = path.join(repoDir, 'blobs', meta.etag);
    if (!(await isFile(blobPath))) {
      const release = await acquireLock(`${blobPath}.lock`, file, o.lockWaitMs ?? 0, o.staleLockMs ?? 600_000);
      try {
        // Another process may have finished the blob while we waited for its lock.
        if (!(await isFile(blobPath))) {
          const fileUrl = resolveUrl(endpoint, o.modelId, commit, file);
          await fetchBlob(doFetch, fileUrl, auth, file, blobPath, meta, o.progress);
        }
      } finally {
        await release();
      }
    }
    await linkOrCopy(blobPath, pointer);
  }
  if (commit === undefined) throw new Error('no files requested');
  if (!COMMIT_HASH.test(o.revision)) {
    await mkdir(path.join(repoDir, 'refs', path.dirname(o.revision)), { recursive: true });
    await writeFile(path.join(repoDir, 'refs', o.revision), commit);
  }
  return { dir: path.join(repoDir, 'snapshots', commit), commit };
}

/** huggingface_hub quotes the revision whole (refs/pr/1 → refs%2Fpr%2F1) and the file path per segment. */
function resolveUrl(endpoint: string, modelId: string, revision: string, file: string): string {
  return `${endpoint}/${modelId}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

async function headFile(
  doFetch: typeof fetch,
  url: string,
  auth: Record<string, string>,
  modelId: string,
  revision: string,
  file: string,
): Promise<FileMeta> {
  let target = url;
  // Bounded: the hub redirects relatively only for renamed repos; a CDN redirect (absolute) stops here.
  for (let hop = 0; hop < 5; hop++) {
    const res = await doFetch(target, { method: 'HEAD', redirect: 'manual', headers: { ...auth, 'accept-encoding': 'identity' } });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location?.startsWith('/') && !res.headers.get('x-repo-commit')) {
      target = new URL(location, target).href;
      continue;
    }
    if (res.status === 404 || res.status === 401 || res.status === 403) {
      throw new ECheckpointNotFound(`${file} is not available from ${modelId}@${revision} (HTTP ${res.status} from ${url}).`, {
        context: { modelId, revision, file, status: res.status, url },
        fixHint:
          res.status === 404
            ? 'Check the model id and --revision; a gated or private model also answers 404 without a token (set HF_TOKEN).'
            : 'The model is gated or private: accept its licence on huggingface.co and set HF_TOKEN (or run `huggingface-cli login`).',
      });
    }
    if (res.status >= 400) throw new Error(`HTTP ${res.status} on HEAD ${url}`);
    const etag = unquote(res.headers.get('x-linked-etag') ?? res.headers.get('etag'));
    if (!etag) throw new Error(`the hub sent no ETag for ${file} (${url})`);
    const sizeHeader = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
    const size = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined;
    return { commit: res.headers.get('x-repo-commit') ?? undefined, etag, size };
  }
  throw new Error(`too many redirects on HEAD ${url}`);
}

/** ETags come quoted and may carry a weak prefix; the blob is named by the bare value. */
function unquote(etag: string | null): string | undefined {
  if (etag === null) return undefined;
  const bare = etag.replace(/^W\//, '').replace(/^"|"$/g, '');
  return bare === '' ? undefined : bare;
}

/** Downloads into `<blob>.incomplete` (resuming it), checks size and hash, renames into place. */
async function fetchBlob(
  doFetch: typeof fetch,
  url: string,
  auth: Record<string, string>,
  file: string,
  blobPath: string,
  meta: FileMeta,
  progress: DownloadProgress | undefined,
): Promise<void> {
  const incomplete = `${blobPath}.incomplete`;
  const lock = `${blobPath}.lock`;
  let have = sizeOf(incomplete);
  if (meta.size !== undefined && have > meta.size) {
    await rm(incomplete, { force: true }); // longer than the file: not a prefix of it
    have = 0;
  }
  progress?.start(file, meta.size ?? 0);
  if (meta.size === undefined || have < meta.size) {
    // Two tries at most: the second only after a 416 (the partial does not fit the file), from zero.
    for (let attempt = 0; attempt < 2; attempt++) {
      const headers: Record<string, string> = { ...auth, 'accept-encoding': 'identity', ...(have > 0 ? { range: `bytes=${have}-` } : {}) };
      const res = await doFetch(url, { headers });
      if (res.status === 416 && have > 0) {
        await res.body?.cancel();
        await rm(incomplete, { force: true });
        have = 0;
        continue;
      }
      if (res.status !== 200 && res.status !== 206) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status} on GET ${url}`);
      }
      if (!res.body) throw new Error(`empty response for ${url}`);
      // 206 continues the partial file; a 200 is the whole file (a server that ignores Range).
      const append = res.status === 206 && have > 0;
      if (!append) have = 0;
      let bytes = have;
      let touched = Date.now();
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          progress?.update(file, bytes, meta.size ?? 0);
          // Keep the lock fresh so a long download is not taken for a stale lock by another process.
          if (Date.now() - touched > LOCK_TOUCH_MS) {
            touched = Date.now();
            utimes(lock, new Date(), new Date()).catch(() => {});
          }
          cb(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(res.body as WebReadableStream),
          counter,
          createWriteStream(incomplete, { flags: append ? 'a' : 'w' }),
        );
      } catch (cause) {
        // The partial file stays: the next run resumes it with a Range request.
        throw interrupted(file, incomplete, bytes, meta.size, cause);
      }
      break;
    }
  }
  const got = sizeOf(incomplete);
  if (meta.size !== undefined && got < meta.size) throw interrupted(file, incomplete, got, meta.size, undefined);
  if (meta.size !== undefined && got > meta.size) {
    await rm(incomplete, { force: true });
    throw new ECheckpointDownloadFailed(`${file}: received ${got} bytes, expected ${meta.size}; the partial file was removed.`, {
      context: { reason: 'size-mismatch', file, bytes: got, expected: meta.size },
    });
  }
  await verifyHash(file, incomplete, meta.etag, got);
  await rename(incomplete, blobPath);
  progress?.done(file, got);
}

function interrupted(file: string, incomplete: string, bytes: number, size: number | undefined, cause: unknown): ECheckpointDownloadFailed {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new ECheckpointDownloadFailed(
    `Download of ${file} was cut at ${bytes}${size !== undefined ? ` of ${size}` : ''} bytes${reason}. The partial file ${incomplete} is kept; run again to resume.`,
    { context: { reason: 'interrupted', file, bytes, ...(size !== undefined ? { expected: size } : {}), partial: incomplete }, cause },
  );
}

/**
 * An LFS file's etag is its sha256; a regular file's is its git blob sha1 (sha1 of "blob <size>\0"
 * and the bytes). Anything else (a mirror's opaque etag) is not a hash we can check; the size was.
 */
async function verifyHash(file: string, incomplete: string, etag: string, size: number): Promise<void> {
  let hash;
  if (SHA256.test(etag)) hash = createHash('sha256');
  else if (GIT_SHA1.test(etag)) hash = createHash('sha1').update(`blob ${size}\0`);
  else return;
  for await (const chunk of createReadStream(incomplete)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual === etag) return;
  await rm(incomplete, { force: true });
  throw new ECheckpointDownloadFailed(
    `${file}: the downloaded bytes hash to ${actual}, the hub says ${etag}; the partial file was removed.`,
    {
      context: { reason: 'hash-mismatch', file, expected: etag, actual },
      fixHint: 'Run again to download the file afresh; if it fails the same way, a proxy or mirror (HF_ENDPOINT) is altering the file.',
    },
  );
}

interface LockHolder {
  readonly pid?: number;
  readonly host?: string;
}

/**
 * One writer per blob: `<blob>.lock` created exclusively (`wx`). A lock whose holder is gone (same
 * host, no such pid) or that nobody touched for `staleMs` is removed and taken; otherwise wait up to
 * `waitMs`, polling, then fail with a typed error naming the holder.
 */
async function acquireLock(lockPath: string, file: string, waitMs: number, staleMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  let staleRemovals = 0;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      } finally {
        await handle.close();
      }
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(lockPath);
    if (staleRemovals < 3 && isStale(lockPath, holder, staleMs)) {
      staleRemovals++;
      await rm(lockPath, { force: true });
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const who = holder.pid !== undefined ? `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
      throw new ECheckpointDownloadFailed(`${file} is being downloaded by ${who} (lock ${lockPath}).`, {
        context: { reason: 'locked', file, lock: lockPath, ...(holder.pid !== undefined ? { pid: holder.pid } : {}) },
        fixHint: `Wait for that download to finish and run again. If no such download is running, delete ${lockPath}.`,
      });
    }
    await new Promise((r) => setTimeout(r, Math.min(100, left)));
  }
}

function readLock(lockPath: string): LockHolder {
  try {
    const v = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown; host?: unknown };
    return { ...(typeof v.pid === 'number' ? { pid: v.pid } : {}), ...(typeof v.host === 'string' ? { host: v.host } : {}) };
  } catch {
    return {}; // being written right now, or not ours: judged by age alone
  }
}

function isStale(lockPath: string, holder: LockHolder, staleMs: number): boolean {
  let mtime: number;
  try {
    mtime = statSync(lockPath).mtimeMs;
  } catch {
    return true; // gone already
  }
  if (Date.now() - mtime > staleMs) return true;
  if (holder.pid === undefined || holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0); // signal 0: does the process exist?
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function sizeOf(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function linkOrCopy(blob: string, pointer: string): Promise<void> {
  await mkdir(path.dirname(pointer), { recursive: true });
  await rm(pointer, { force: true });
  try {
    await symlink(path.relative(path.dirname(pointer), blob), pointer);
  } catch {
    await copyFile(blob, pointer); // file systems without symlinks
  }
}
