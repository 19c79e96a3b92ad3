/**
 * Where tsagentkit keeps compiled graphs: `$TSAGENTKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/tsagentkit`,
 * else `~/.cache/tsagentkit`. Optimising and pre-packing a 120M-parameter graph takes seconds; the
 * cached result is memory-mapped in well under one, so every load after the first on a machine is fast.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultGraphCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['TSAGENTKIT_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'tsagentkit');
  return join(root, 'graphs');
}
