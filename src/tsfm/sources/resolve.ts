/**
 * Finds a checkpoint (config.json + model.safetensors) for a model id or a local path: a local
 * directory; else the Hugging Face cache; else, only when asked (`allowDownload: true`), the hub
 * (into the cache). Not asked, offline or missing: `ECheckpointNotFound` saying exactly where to put
 * the files. Downloads are opt-in because a default download is hundreds of MB to over 1 GB per
 * model, fetched by a call (`runForecast(rows, { h })`) that never mentioned the network.
 * Family-neutral: which ids exist, and of which family, is the TSFM registry's business
 * (`tsfm/families.ts`: `findTsfmModel`, `detectTsfmFamily`).
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ECheckpointNotFound, isTSAgentKitError } from '../../errors/index.js';
import { downloadToHubCache } from './download.js';
import { CHECKPOINT_FILES, defaultHubCacheDir, lookupHubCache, missingCheckpointFiles } from './hfCache.js';
import { hubEndpoint, hubToken, offlineVariable } from './hubEnv.js';
import { stderrProgress, type DownloadProgress } from './progress.js';

export interface ModelSourceOptions {
  /** Hub cache directory; default from HF_HUB_CACHE / HF_HOME (see hfCache.ts). */
  cacheDir?: string;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  /**
   * Download a missing checkpoint from the hub; default false (nothing touches the network).
   * HF_HUB_OFFLINE / TSAGENTKIT_OFFLINE win over `true` with a typed error.
   */
  allowDownload?: boolean;
  /** Hub token; default HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the token file (HF_TOKEN_PATH, else $HF_HOME/token). */
  accessToken?: string;
  /** The hub's base URL; default HF_ENDPOINT, else https://huggingface.co. */
  hubUrl?: string;
  /** How long a download waits for another process's lock on the same file; default 0 (fail at once). */
  lockWaitMs?: number;
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

  const offlineVar = offlineVariable(env);
  const allowDownload = options.allowDownload ?? false;
  const where = found.expectedDir;
  const hint =
    `Put ${CHECKPOINT_FILES.join(' and ')} in ${where}` +
    (found.commit ? '' : ` (any folder name; write that name into ${path.join(path.dirname(path.dirname(where)), 'refs', revision)})`) +
    `, or pass the directory that holds them as modelDir` +
    (allowDownload ? '.' : `, or allow the download (--download in the CLI, download: true in the adapter options).`);
  const context = { modelId, revision, cacheDir, expectedDir: where, missing: found.missing };
  if (!allowDownload) {
    throw new ECheckpointNotFound(
      `Checkpoint ${modelId}@${revision} is not in the Hugging Face cache (${cacheDir}) and downloads are off${offlineVar ? ` (offline mode: ${offlineVar})` : ''}. ${hint}`,
      { context, fixHint: hint },
    );
  }
  if (offlineVar) {
    // huggingface_hub's rule: the offline variable wins over any request to download.
    const unset = `unset ${offlineVar} (or set ${offlineVar}=0) to download`;
    throw new ECheckpointNotFound(
      `Checkpoint ${modelId}@${revision} is not in the Hugging Face cache (${cacheDir}), and a download was asked for but ${offlineVar}=${env[offlineVar]} forbids it. ${hint} Or ${unset}.`,
      { context: { ...context, offlineVariable: offlineVar }, fixHint: `${unset}, or ${hint.charAt(0).toLowerCase()}${hint.slice(1)}` },
    );
  }
  // Read only now, when a download happens: an unreadable token file is a typed error of its own.
  const token = options.accessToken ?? hubToken(env);
  try {
    const progress = options.progress === false ? undefined : (options.progress ?? stderrProgress(`Downloading ${modelId}`));
    const { dir, commit } = await downloadToHubCache({
      modelId,
      revision,
      cacheDir,
      files: CHECKPOINT_FILES,
      hubUrl: options.hubUrl ?? hubEndpoint(env),
      ...(token ? { accessToken: token } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(progress ? { progress } : {}),
      ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
    });
    return { dir, kind: 'downloaded', modelId, revision, commit };
  } catch (cause) {
    // Our own typed errors (cut transfer, lock, hash, not on the hub) already name the file and the fix.
    if (isTSAgentKitError(cause)) throw cause;
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
