export { resolveModelSource } from './resolve.js';
export type { ModelSourceOptions, ResolvedModelSource } from './resolve.js';
export { CHECKPOINT_FILES, defaultHubCacheDir, lookupHubCache, missingCheckpointFiles, repoCacheDir } from './hfCache.js';
export { downloadToHubCache, type HubDownloadOptions } from './download.js';
export { hubEndpoint, hubToken, tokenPath } from './hubEnv.js';
export { stderrProgress } from './progress.js';
export type { DownloadProgress } from './progress.js';
