/**
 * The hub settings `huggingface_hub` (Python) reads from the environment, read the same way here so
 * one shell configures both tools: HF_HUB_OFFLINE, HF_ENDPOINT, and the token from HF_TOKEN, else
 * HUGGING_FACE_HUB_TOKEN, else the token file (HF_TOKEN_PATH, else $HF_HOME/token).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ECheckpointDownloadFailed } from '../../errors/index.js';

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** huggingface_hub's truthiness for boolean variables ("1", "true", "yes", "on"); ours also counts anything else non-empty but "0"/"false". */
export function isTruthyEnv(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && !['false', 'no', 'off'].includes(v.toLowerCase());
}

/** The variable that puts this process offline, if any (HF_HUB_OFFLINE first, as huggingface_hub; then ours). */
export function offlineVariable(env: NodeJS.ProcessEnv): string | undefined {
  if (isTruthyEnv(env['HF_HUB_OFFLINE'])) return 'HF_HUB_OFFLINE';
  if (isTruthyEnv(env['TSAGENTKIT_OFFLINE'])) return 'TSAGENTKIT_OFFLINE';
  return undefined;
}

/** HF_ENDPOINT without a trailing slash; default https://huggingface.co. */
export function hubEndpoint(env: NodeJS.ProcessEnv): string {
  const v = env['HF_ENDPOINT'];
  return (v && v.trim() !== '' ? v.trim() : DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
}

/** $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
export function hfHome(env: NodeJS.ProcessEnv): string {
  return env['HF_HOME'] || path.join(env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'huggingface');
}

/** Where the token file is looked for: HF_TOKEN_PATH, else $HF_HOME/token. */
export function tokenPath(env: NodeJS.ProcessEnv): string {
  return env['HF_TOKEN_PATH'] || path.join(hfHome(env), 'token');
}

/**
 * The hub token, or undefined when none is configured. A missing token file means "no token" (public
 * models need none); a token file that exists but cannot be read is an error, because silently going
 * on without it would turn a permissions problem into a confusing 401 from the hub.
 */
export function hubToken(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN']) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  const file = tokenPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new ECheckpointDownloadFailed(`The Hugging Face token file ${file} exists but cannot be read (${code}).`, {
      context: { reason: 'token-unreadable', tokenPath: file, code },
      fixHint: `Make ${file} a readable file (chmod 600 ${file}), point HF_TOKEN_PATH at a readable one, or set HF_TOKEN; remove the file if no token is needed.`,
      cause,
    });
  }
  const token = text.trim();
  return token === '' ? undefined : token;
}
