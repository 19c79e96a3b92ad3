/**
 * `tsagentkit/tsfm`: time-series foundation models, family-agnostic — the family registry (and
 * `registerTsfmFamily` for a plugin's family) and contract, the one adapter a ModelPool serves for
 * every family and each family's typed adapter, checkpoint sources (local folder, Hugging Face
 * cache, download) and the parity runner. A family's pipelines, models and configs (Chronos-2,
 * Chronos-Bolt, TimesFM 2.5, Moirai 2.0) are `tsagentkit/tsfm/<family>` (chronos, timesfm, moirai).
 * Importing this does not load onnxruntime; loading a model does.
 */
// ---- families and the adapter -----------------------------------------------------------------
export {
  TSFM_FAMILIES,
  tsfmFamilyNames,
  findTsfmFamily,
  tsfmFamily,
  detectTsfmFamily,
  detectTsfmWeights,
  unsupportedTsfmCheckpoint,
  findTsfmModel,
  tsfmModel,
  registerTsfmFamily,
  unregisterTsfmFamily,
  watchTsfmFamilies,
  type TsfmFamilyListener,
} from '../tsfm/families.js';
export type {
  TsfmFamily,
  TsfmForecaster,
  TsfmForecastRequest,
  TsfmItem,
  TsfmItemForecast,
  TsfmLicence,
  TsfmLoadOptions,
  TsfmModel,
  TsfmModelInfo,
  TsfmCovariateSupport,
  TsfmParityLoader,
} from '../tsfm/family.js';
export { TsfmAdapter, quantilesAtLevels, createTsfmAdapter, type TsfmAdapterOptions } from '../tsfm/adapters/index.js';

// ---- the families' descriptors and typed adapters ---------------------------------------------
// A family's internals (pipelines, models, configs, parity runners) are `tsagentkit/tsfm/<family>`.
export { chronosFamily } from '../tsfm/chronos/family.js';
export { ChronosAdapter, CHRONOS_MODEL_IDS, type ChronosAdapterOptions, type ChronosModelSize } from '../tsfm/chronos/adapter.js';
export { timesfmFamily } from '../tsfm/timesfm/family.js';
export { TimesFMAdapter, type TimesFMAdapterOptions } from '../tsfm/timesfm/adapter.js';
export { moiraiFamily } from '../tsfm/moirai/family.js';
export { MoiraiAdapter, type MoiraiAdapterOptions } from '../tsfm/moirai/adapter.js';

// ---- checkpoints and parity -------------------------------------------------------------------
export {
  resolveModelSource,
  defaultHubCacheDir,
  lookupHubCache,
  repoCacheDir,
  downloadToHubCache,
  CHECKPOINT_FILES,
} from '../tsfm/sources/index.js';
export type { ModelSourceOptions, ResolvedModelSource, DownloadProgress } from '../tsfm/sources/index.js';
export { runParityFile, readParityFile, registerParityFamily, parityFamilyNames, type RunParityOptions } from '../tsfm/parity/index.js';
export type {
  ParityFamily,
  ParitySession,
  ParityCase,
  ParityCaseFile,
  ParityOutput,
  ParityArray,
  ElementRef,
  ToleranceFn,
} from '../tsfm/parity/index.js';
