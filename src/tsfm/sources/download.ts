/**
 * Downloads a checkpoint into the Hugging Face cache layout with `@huggingface/hub`: the revision is
 * resolved to its commit once (so every file lands in the same snapshot), each file is streamed to
 * `blobs/<etag>.incomplete` with progress and renamed when complete, the snapshot entry links to
 * the blob, and `refs/<revision>` records the commit — what Python's `huggingface_hub` writes, so
 * both tools share one cache.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, symlink, copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadFile, fileDownloadInfo, modelInfo } from '@huggingface/hub';
import { COMMIT_HASH, repoCacheDir } from './hfCache.js';
import type { DownloadProgress } from './progress.js';

export interface HubDownloadOptions {
  readonly modelId: string;
  readonly revision: string;
  readonly cacheDir: string;
  readonly files: readonly string[];
  readonly accessToken?: string;
  readonly hubUrl?: string;
  /** Custom fetch (proxies; tests). */
  readonly fetch?: typeof fetch;
  readonly progress?: DownloadProgress;
}

/** Returns the snapshot directory holding every requested file. */
export async function downloadToHubCache(o: HubDownloadOptions): Promise<{ dir: string; commit: string }> {
  const common = {
    ...(o.accessToken ? { accessToken: o.accessToken } : {}),
    ...(o.hubUrl ? { hubUrl: o.hubUrl } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  };
  const repo = { type: 'model' as const, name: o.modelId };
  let commit = o.revision;
  if (!COMMIT_HASH.test(commit)) {
    const info = await modelInfo({ name: o.modelId, revision: o.revision, additionalFields: ['sha'], ...common });
    const sha = (info as { sha?: unknown }).sha;
    if (typeof sha !== 'string' || !COMMIT_HASH.test(sha)) throw new Error(`the hub returned no commit for ${o.modelId}@${o.revision}`);
    commit = sha;
  }
  const repoDir = repoCacheDir(o.cacheDir, o.modelId);
  const snapshot = path.join(repoDir, 'snapshots', commit);
  await mkdir(snapshot, { recursive: true });
  await mkdir(path.join(repoDir, 'blobs'), { recursive: true });

  for (const file of o.files) {
    const pointer = path.join(snapshot, file);
    if (await isFile(pointer)) continue;
    const info = await fileDownloadInfo({ repo, path: file, revision: commit, ...common });
    if (!info) throw new Error(`${file} does not exist in ${o.modelId}@${o.revision}`);
    const blobPath = path.join(repoDir, 'blobs', normaliseEtag(info.etag));
    if (!(await isFile(blobPath))) {
      const blob = await downloadFile({ repo, path: file, revision: commit, downloadInfo: info, ...common });
      if (!blob) throw new Error(`${file} could not be downloaded from ${o.modelId}@${o.revision}`);
      const incomplete = `${blobPath}.incomplete`;
      o.progress?.start(file, info.size);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          o.progress?.update(file, bytes, info.size);
          cb(null, chunk);
        },
      });
      try {
        await pipeline(Readable.fromWeb(blob.stream() as import('node:stream/web').ReadableStream), counter, createWriteStream(incomplete));
      } catch (error) {
        await rm(incomplete, { force: true });
        throw error;
      }
      if (bytes !== info.size) {
        await rm(incomplete, { force: true });
        throw new Error(`${file}: received ${bytes} bytes, expected ${info.size}`);
      }
      await rename(incomplete, blobPath);
      o.progress?.done(file, info.size);
    }
    await linkOrCopy(blobPath, pointer);
  }
  if (!COMMIT_HASH.test(o.revision)) {
    await mkdir(path.join(repoDir, 'refs', path.dirname(o.revision)), { recursive: true });
    await writeFile(path.join(repoDir, 'refs', o.revision), commit);
  }
  return { dir: snapshot, commit };
}

/** ETags come quoted and may carry a weak prefix; the blob is named by the bare value. */
function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
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
