export { KNOWN_MODELS, resolveModelSource } from './resolve.js';
export type { ModelFamily, ModelSourceOptions, ResolvedModelSource } from './resolve.js';
export { CHECKPOINT_FILES, defaultHubCacheDir, lookupHubCache, repoCacheDir } from './hfCache.js';
export { downloadToHubCache } from './download.js';
export { stderrProgress } from './progress.js';
export type { DownloadProgress } from './progress.js';
