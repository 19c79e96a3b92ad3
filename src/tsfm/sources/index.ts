export { resolveModelSource } from './resolve.js';
export type { ModelSourceOptions, ResolvedModelSource } from './resolve.js';
export { CHECKPOINT_FILES, defaultHubCacheDir, lookupHubCache, missingCheckpointFiles, repoCacheDir } from './hfCache.js';
export { downloadToHubCache } from './download.js';
export { stderrProgress } from './progress.js';
export type { DownloadProgress } from './progress.js';
