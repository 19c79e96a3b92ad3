/**
 * Finds a checkpoint (config.json + model.safetensors) for a model id or a local path: a local
 * directory; else the Hugging Face cache; else, when downloads are allowed, the hub (into the
 * cache). Offline and missing: `ECheckpointNotFound` saying exactly where to put the files.
 * Family-neutral: which ids exist, and of which family, is the TSFM registry's business
 * (`tsfm/families.ts`: `findTsfmModel`, `detectTsfmFamily`).
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ECheckpointNotFound } from '../../errors/index.js';
import { downloadToHubCache } from './download.js';
import { CHECKPOINT_FILES, defaultHubCacheDir, lookupHubCache, missingCheckpointFiles } from './hfCache.js';
import { stderrProgress, type DownloadProgress } from './progress.js';

export interface ModelSourceOptions {
  /** Hub cache directory; default from HF_HUB_CACHE / HF_HOME (see hfCache.ts). */
  cacheDir?: string;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  /** Download missing checkpoints; default true unless HF_HUB_OFFLINE or TSAGENTKIT_OFFLINE is set. */
  allowDownload?: boolean;
  /** Hub token; default HF_TOKEN. */
  accessToken?: string;
  hubUrl?: string;
  /** Custom fetch (proxies, tests). */
  fetch?: typeof fetch;
  /** Progress sink; default a bar on stderr. `false` for silence. */
  progress?: DownloadProgress | false;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedModelSource {
  /** Directory holding config.json and model.safetensors. */
  readonly dir: string;
  readonly kind: 'local' | 'hf-cache' | 'downloaded';
  readonly modelId?: string;
  readonly revision?: string;
  readonly commit?: string;
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

function looksLikePath(s: string): boolean {
  return s.startsWith('.') || s.startsWith('/') || s.startsWith('~') || path.isAbsolute(s) || s.includes('\\');
}

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export async function resolveModelSource(idOrPath: string, options: ModelSourceOptions = {}): Promise<ResolvedModelSource> {
  const env = options.env ?? process.env;
  const expanded = idOrPath.startsWith('~') ? path.join(homedir(), idOrPath.slice(1)) : idOrPath;
  const isDir = existsSync(expanded) && statSync(expanded).isDirectory();
  if (isDir || looksLikePath(idOrPath) || !HUB_ID.test(idOrPath)) return resolveLocal(expanded, idOrPath);

  const modelId = idOrPath;
  const revision = options.revision ?? 'main';
  const cacheDir = options.cacheDir ?? defaultHubCacheDir(env);
  const found = lookupHubCache(cacheDir, modelId, revision);
  if (found.dir) return { dir: found.dir, kind: 'hf-cache', modelId, revision, ...(found.commit ? { commit: found.commit } : {}) };

  const offline = isTruthy(env['HF_HUB_OFFLINE']) || isTruthy(env['TSAGENTKIT_OFFLINE']);
  const allowDownload = options.allowDownload ?? !offline;
  const where = found.expectedDir;
  const hint =
    `Put ${CHECKPOINT_FILES.join(' and ')} in ${where}` +
    (found.commit ? '' : ` (any folder name; write that name into ${path.join(path.dirname(path.dirname(where)), 'refs', revision)})`) +
    `, or pass the directory that holds them as modelDir.`;
  if (!allowDownload) {
    throw new ECheckpointNotFound(
      `Checkpoint ${modelId}@${revision} is not in the Hugging Face cache (${cacheDir}) and downloads are off${offline ? ' (offline mode)' : ''}. ${hint}`,
      { context: { modelId, revision, cacheDir, expectedDir: where, missing: found.missing }, fixHint: hint },
    );
  }
  try {
    const token = options.accessToken ?? env['HF_TOKEN'];
    const progress = options.progress === false ? undefined : (options.progress ?? stderrProgress(`Downloading ${modelId}`));
    const { dir, commit } = await downloadToHubCache({
      modelId,
      revision,
      cacheDir,
      files: CHECKPOINT_FILES,
      ...(token ? { accessToken: token } : {}),
      ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(progress ? { progress } : {}),
    });
    return { dir, kind: 'downloaded', modelId, revision, commit };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ECheckpointNotFound(`Could not download ${modelId}@${revision} into ${cacheDir}: ${reason}. ${hint}`, {
      context: { modelId, revision, cacheDir, expectedDir: where, reason },
      fixHint: hint,
      cause,
    });
  }
}

function resolveLocal(dir: string, given: string): ResolvedModelSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ECheckpointNotFound(`Checkpoint directory ${given} does not exist (and it is not a Hugging Face model id, org/name).`, {
      context: { path: given },
    });
  }
  // config.json may be absent: a family whose releases come without one (TimesFM 2.5, saved by
  // upstream) loads its default dimensions, every other family's loader names the missing file.
  const missing = missingCheckpointFiles(dir).filter((f) => f !== 'config.json' || lexists(path.join(dir, f)));
  if (missing.length > 0) {
    const dangling = missing.filter((f) => lexists(path.join(dir, f)));
    throw new ECheckpointNotFound(
      dangling.length > 0
        ? `Checkpoint directory ${given}: ${dangling.join(' and ')} ${dangling.length > 1 ? 'are symlinks' : 'is a symlink'} to a missing file (a Hugging Face cache blob that was pruned or never finished downloading).`
        : `Checkpoint directory ${given} lacks ${missing.join(' and ')}.`,
      {
        context: { path: given, missing, dangling },
        fixHint:
          dangling.length > 0
            ? `Download the checkpoint again (--download, or huggingface-cli download <model id>), or put ${missing.join(' and ')} in ${path.resolve(dir)} as files.`
            : `Put ${CHECKPOINT_FILES.join(' and ')} (from the same model revision) in ${path.resolve(dir)}.`,
      },
    );
  }
  return { dir: path.resolve(dir), kind: 'local' };
}

/** True when `file` is there as a file or a link, even a dangling one. */
function lexists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
