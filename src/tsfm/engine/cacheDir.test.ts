import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultGraphCacheDir } from './cacheDir.js';

describe('defaultGraphCacheDir', () => {
  it('prefers TSAGENTKIT_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultGraphCacheDir({ TSAGENTKIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c/graphs');
    expect(defaultGraphCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/tsagentkit/graphs');
    expect(defaultGraphCacheDir({})).toBe(join(homedir(), '.cache', 'tsagentkit', 'graphs'));
  });
});
