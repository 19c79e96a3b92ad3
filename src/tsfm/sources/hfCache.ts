/**
 * The Hugging Face hub cache layout, as written by `huggingface_hub` (Python) and read back here:
 *
 *   <cache>/models--<org>--<name>/refs/<revision>          text file holding a commit hash
 *   <cache>/models--<org>--<name>/snapshots/<commit>/<file> symlink into ../../blobs/<etag> (or a file)
 *   <cache>/models--<org>--<name>/blobs/<etag>
 *
 * `<cache>` is $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, else
 * $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub — the same order as upstream.
 */
import { getHFHubCachePath, getRepoFolderName } from '@huggingface/hub';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The files a checkpoint directory must hold. */
export const CHECKPOINT_FILES = ['config.json', 'model.safetensors'] as const;

export const COMMIT_HASH = /^[0-9a-f]{40}$/;

/** The hub cache folder; @huggingface/hub's own lookup for this process, the same order for a given env. */
export function defaultHubCacheDir(env?: NodeJS.ProcessEnv): string {
  if (env === undefined) return getHFHubCachePath();
  if (env['HF_HUB_CACHE']) return env['HF_HUB_CACHE'];
  if (env['HUGGINGFACE_HUB_CACHE']) return env['HUGGINGFACE_HUB_CACHE'];
  const home = env['HF_HOME'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'huggingface');
  return path.join(home, 'hub');
}

/** `org/name` → `<cache>/models--org--name`. */
export function repoCacheDir(cacheDir: string, modelId: string): string {
  return path.join(cacheDir, getRepoFolderName({ name: modelId, type: 'model' }));
}

/** Which checkpoint files a directory lacks (following symlinks, so dangling links count as missing). */
export function missingCheckpointFiles(dir: string): string[] {
  return CHECKPOINT_FILES.filter((f) => {
    try {
      return !statSync(path.join(dir, f)).isFile();
    } catch {
      return true;
    }
  });
}

export interface CacheLookup {
  /** The snapshot directory when it holds every checkpoint file. */
  readonly dir?: string;
  /** The commit the revision resolved to, when it did. */
  readonly commit?: string;
  /** Where the files are expected (the snapshot folder, or `snapshots/<commit>` with a placeholder). */
  readonly expectedDir: string;
  readonly missing: readonly string[];
}

/**
 * Finds the snapshot of `revision` (a branch/tag name resolved through `refs/`, or a commit hash).
 * When `refs/<revision>` is absent but exactly one snapshot exists — files placed by hand — that
 * snapshot is used.
 */
export function lookupHubCache(cacheDir: string, modelId: string, revision: string): CacheLookup {
  const repo = repoCacheDir(cacheDir, modelId);
  let commit: string | undefined;
  if (COMMIT_HASH.test(revision)) {
    commit = revision;
  } else {
    const ref = path.join(repo, 'refs', revision);
    if (existsSync(ref)) commit = readFileSync(ref, 'utf8').trim();
  }
  if (commit === undefined) {
    const snapshots = listDirs(path.join(repo, 'snapshots'));
    if (snapshots.length === 1) commit = snapshots[0];
  }
  const expectedDir = path.join(repo, 'snapshots', commit ?? '<commit>');
  if (commit === undefined) return { expectedDir, missing: [...CHECKPOINT_FILES] };
  const missing = missingCheckpointFiles(expectedDir);
  return missing.length === 0 ? { dir: expectedDir, commit, expectedDir, missing } : { commit, expectedDir, missing };
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}
