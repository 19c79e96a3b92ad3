/**
 * Every error of the toolkit, one class per code, each a `TSAgentKitError` (see `base.ts`) with a
 * default fix hint. `tsagentkit/errors` exports these; the package root exports the base.
 */
import { TSAgentKitError } from './base.js';

/** Declares a subclass with its code and default hint in one line. */
function define(code: string, defaultHint?: string) {
  return class extends TSAgentKitError {
    static override readonly code = code;
    static override readonly defaultHint = defaultHint;
  };
}

// ---- Data contract and validation ---------------------------------------------------------
export class EContractMissingColumn extends define(
  'E_CONTRACT_MISSING_COLUMN',
  'Provide the column, or name yours in the TaskSpec: columns: { id: "store", ds: "date", y: "sales" } (validate() and tableToPanel() take columnMap: { unique_id, ds, y }).',
) {}
export class EContractInvalidType extends define(
  'E_CONTRACT_INVALID_TYPE',
  'Make `ds` a parseable date/time (ISO string, Date or epoch ms) and `y` numeric.',
) {}
export class EContractEmpty extends define('E_CONTRACT_EMPTY', 'Pass at least one row with unique_id, ds and y.') {}
export class EContractDuplicateKey extends define(
  'E_CONTRACT_DUPLICATE_KEY',
  'Remove duplicate (unique_id, ds) rows or choose a duplicate policy: sum, mean or last.',
) {}
export class EContractUnsorted extends define(
  'E_CONTRACT_UNSORTED',
  'Sort rows by unique_id then ds, or let validate() sort them (sort: true).',
) {}
export class EContractMissingValue extends define(
  'E_CONTRACT_MISSING_VALUE',
  'Missing y values are allowed; run qa() with repairs to forward-fill them, or remove those rows.',
) {}
export class EContractNonFinite extends define(
  'E_CONTRACT_NON_FINITE',
  'Replace ±Infinity in y or covariates with finite numbers or leave the value empty (missing).',
) {}
export class EFreqInferFailed extends define(
  'E_FREQ_INFER_FAILED',
  'Pass `freq` explicitly in the TaskSpec (e.g. "D", "h", "W-SUN", "ME", "MS").',
) {}
export class EFreqInvalid extends define(
  'E_FREQ_INVALID',
  'Use a pandas alias: s, min, h, D, B, W or W-MON…, ME, MS, QE/QS with anchors (QE-DEC, QS-JAN), YE/YS with anchors, optionally with a multiple (15min, 2h, 3ME); the older S, T, H, M, Q, A spellings are accepted too.',
) {}
export class EFreqIrregular extends define(
  'E_FREQ_IRREGULAR',
  'Resample the series to a regular grid or pass `freq` and let qa() fill the gaps.',
) {}
export class EFreqMixed extends define(
  'E_FREQ_MIXED',
  'Forecast series of different frequencies separately, or pass `freq` to put them all on one grid.',
) {}
export class ESeriesTooShort extends define(
  'E_SERIES_TOO_SHORT',
  'Provide more history, lower `h` / backtest windows, or drop the short series.',
) {}
export class EDataFormat extends define(
  'E_DATA_FORMAT',
  'Use CSV, JSON (records or columnar), Parquet or Arrow IPC, and check the file is complete.',
) {}

/** A library function called with arguments that do not fit together (lengths, levels, ranges). */
export class EInvalidArgument extends define(
  'E_INVALID_ARGUMENT',
  'Check the arguments named in the message: lengths that must match, levels in (0, 1), whole numbers where counts are expected.',
) {}

// ---- QA -----------------------------------------------------------------------------------
export class EQACriticalIssue extends define(
  'E_QA_CRITICAL_ISSUE',
  'Fix the data issue listed in context, or run qa() in "standard" mode to repair it.',
) {}
export class EQARepairPeeksFuture extends define(
  'E_QA_REPAIR_PEEKS_FUTURE',
  'Use a point-in-time-safe repair (forward fill, trailing winsorising) or a non-strict mode.',
) {}
export class ECovariateLeakage extends define(
  'E_COVARIATE_LEAKAGE',
  'Declare the covariate as future-known, or remove its values beyond the last observed target.',
) {}
export class ECovariateIncompleteKnown extends define(
  'E_COVARIATE_INCOMPLETE_KNOWN',
  'Provide values of every future-known covariate for all h future steps of every series.',
) {}
export class ECovariateStaticInvalid extends define('E_COVARIATE_STATIC_INVALID', 'Static covariates must take one value per series.') {}

// ---- Task spec ----------------------------------------------------------------------------
export class ETaskSpecInvalid extends define(
  'E_TASK_SPEC_INVALID',
  'Fix the field named in context; see TaskSpecSchema for allowed values.',
) {}

// ---- Models and adapters ------------------------------------------------------------------
export class EModelFitFailed extends define('E_MODEL_FIT_FAILED') {}
export class EModelPredictFailed extends define('E_MODEL_PREDICT_FAILED') {}
export class EModelLoadFailed extends define(
  'E_MODEL_LOAD_FAILED',
  'Check the checkpoint path or model id and that config.json and model.safetensors are present and complete.',
) {}
export class EModelNotLoaded extends define(
  'E_MODEL_NOT_LOADED',
  'Preload the adapter in the ModelPool (preload: true, or pool.preload(name)) or call adapter.load() during initialisation; or set allowLazyLoadOnMiss: true.',
) {}
export class EModelPoolConfigInvalid extends define(
  'E_MODEL_POOL_CONFIG_INVALID',
  'Configure at least one adapter and set maxPreloadAdapters to an integer between 1 and 3.',
) {}
export class ELicenceNotAccepted extends define(
  'E_LICENCE_NOT_ACCEPTED',
  'Accept the licence explicitly: --accept-licence <family> on the CLI, acceptLicences: ["<family>"] in the ModelPool config (or runForecast options), or TSAGENTKIT_ACCEPT_LICENCES=<family> in the environment.',
) {}
export class ESessionClosed extends define(
  'E_SESSION_CLOSED',
  'Create a new TSAgentSession (or runForecast without a session); close() released its models.',
) {}
export class EAdapterNotAvailable extends define(
  'E_ADAPTER_NOT_AVAILABLE',
  'Add the adapter to ModelPool adapters before session initialisation.',
) {}
export class EOOM extends define('E_OOM', 'Lower the batch size or context length, or unload unused adapters.') {}
export class EFallbackExhausted extends define(
  'E_FALLBACK_EXHAUSTED',
  'Inspect context.attempts; relax tsfmPolicy or add statistical models to the ladder.',
) {}
export class ETSFMRequiredUnavailable extends define(
  'E_TSFM_REQUIRED_UNAVAILABLE',
  'Configure and preload a TSFM adapter, or set tsfmPolicy.mode to "preferred".',
) {}
export class ENonFiniteForecast extends define('E_NON_FINITE_FORECAST') {}
export class EWorkerCrashed extends define(
  'E_WORKER_CRASHED',
  'A worker thread died while fitting these series (out of memory, a native crash or process.exit); the ladder answered them with its next model. Lower the series per task or set workers: 1 to fit in-process.',
) {}

// ---- Checkpoints and engine ---------------------------------------------------------------
export class ECheckpointNotFound extends define(
  'E_CHECKPOINT_NOT_FOUND',
  'Place config.json and model.safetensors in a local directory and pass it as modelDir, or populate the Hugging Face cache ($HF_HOME/hub/models--org--name/snapshots/<rev>/).',
) {}
/**
 * A hub download that did not finish: cut transfer (the partial file is kept for a resume), size or
 * hash mismatch (the partial is removed), another process holding the file's lock, or an unreadable
 * token file. `context.reason` says which; `context.file` names the file.
 */
export class ECheckpointDownloadFailed extends define(
  'E_CHECKPOINT_DOWNLOAD_FAILED',
  'Run the same command again: an interrupted download resumes from its partial file (blobs/<etag>.incomplete in the Hugging Face cache). Or download with `huggingface-cli download <org/name>` and pass the snapshot as modelDir.',
) {}
export class ECheckpointCorrupt extends define(
  'E_CHECKPOINT_CORRUPT',
  'Re-download the checkpoint; the file is truncated or not a safetensors file.',
) {}
export class ECheckpointMismatch extends define(
  'E_CHECKPOINT_MISMATCH',
  'The weights do not match config.json: check that both files come from the same model revision.',
) {}
export class EConfigInvalid extends define(
  'E_CONFIG_INVALID',
  'config.json does not match the model family schema; check the model id and revision.',
) {}
export class ERuntimeUnavailable extends define(
  'E_RUNTIME_UNAVAILABLE',
  'TSFMs need onnxruntime-node (an optional dependency): npm install onnxruntime-node. Where its install script cannot reach its CUDA download (air-gapped or CPU-only machines), install with ONNXRUNTIME_NODE_INSTALL=skip (or onnxruntime-node-install=skip in .npmrc) to keep the bundled CPU runtime. Statistical models work without it.',
) {}
export class EDeviceUnsupported extends define(
  'E_DEVICE_UNSUPPORTED',
  'Use device "cpu", or "cuda" with the CUDA build of onnxruntime-node.',
) {}
export class ETSFMInputInvalid extends define(
  'E_TSFM_INPUT_INVALID',
  'Pass numeric series (null/NaN = missing) in one of the forms the model accepts; see the message for the faulty item.',
) {}
export class ETSFMForecastConfigInvalid extends define(
  'E_TSFM_FORECAST_CONFIG_INVALID',
  'Fix the forecast option named in context (e.g. max_context, max_horizon, use_continuous_quantile_head) and compile again.',
) {}

// ---- Backtest -----------------------------------------------------------------------------
export class EBacktestInsufficientData extends define(
  'E_BACKTEST_INSUFFICIENT_DATA',
  'Lower nWindows, step or minTrainSize, or provide more history.',
) {}

// ---- Artifacts and parity -----------------------------------------------------------------
export class EArtifactInvalid extends define(
  'E_ARTIFACT_INVALID',
  'The artifact file does not match the RunArtifact schema; regenerate it with the same tsagentkit version.',
) {}
export class EParityFileInvalid extends define(
  'E_PARITY_FILE_INVALID',
  'Pass a *.cases.json file generated for a registered family (see the fixtures README), with its checkpoint folder beside it.',
) {}

// ---- GIFT-Eval harness ---------------------------------------------------------------------
export class EGiftEvalDatasetUnknown extends define(
  'E_GIFT_EVAL_DATASET_UNKNOWN',
  'Use a GIFT-Eval dataset name as `tsagentkit gift-eval list` prints it (e.g. m4_weekly, electricity/H, bizitobs_l2c/5T) and a term it has (short; medium and long only where listed).',
) {}
export class EGiftEvalDataInvalid extends define(
  'E_GIFT_EVAL_DATA_INVALID',
  'Re-download the dataset folder (huggingface-cli download Salesforce/GiftEval --repo-type=dataset) and point --data or GIFT_EVAL at its root; each folder needs data-00000-of-00001.arrow (an Arrow IPC stream), dataset_info.json and state.json.',
) {}

// ---- Reports and plots --------------------------------------------------------------------
export class EReportInputInvalid extends define(
  'E_REPORT_INPUT_INVALID',
  'Pass the output directory of `tsagentkit forecast` (forecast.<fmt> + artifact.json), a series id that is in the run, and --data/--example when the history cannot be found.',
) {}
export class EReportRenderFailed extends define(
  'E_REPORT_RENDER_FAILED',
  'Check that vega, vega-lite and @resvg/resvg-js are installed (npm ci); the message names the failing step.',
) {}

// ---- Serving (HTTP) -----------------------------------------------------------------------
export class ERequestMalformed extends define(
  'E_REQUEST_MALFORMED',
  'Send a complete JSON document with Content-Type: application/json (check quotes, commas and brackets; NaN and Infinity are not JSON).',
) {}
export class ERequestInvalid extends define(
  'E_REQUEST_INVALID',
  'Fix the fields listed in context.issues; GET /openapi.json describes every request body.',
) {}
export class ERequestTooLarge extends define(
  'E_REQUEST_TOO_LARGE',
  'Split the request into smaller ones (fewer series or shorter histories), or start the server with a larger --max-body-mb / --max-series.',
) {}
export class EUnauthorized extends define(
  'E_UNAUTHORIZED',
  'Send the header "Authorization: Bearer <key>" with the key the server was started with (--api-key or TSAGENTKIT_API_KEY).',
) {}
export class EServerOverloaded extends define(
  'E_SERVER_OVERLOADED',
  'Retry after the number of seconds in the Retry-After header, send fewer concurrent requests, or raise --max-queue / --concurrency.',
) {}
export class ERequestTimeout extends define(
  'E_REQUEST_TIMEOUT',
  'Send fewer or shorter series per request, or start the server with a larger --request-timeout.',
) {}
export class EServerNotReady extends define(
  'E_SERVER_NOT_READY',
  'Wait until GET /readyz answers 200 (models are still loading or the server is shutting down), then retry.',
) {}
export class ERouteNotFound extends define('E_ROUTE_NOT_FOUND', 'See GET /openapi.json for the routes this server offers.') {}
