/**
 * One error family for the whole toolkit. Every error carries a stable machine-readable `code`,
 * a human message, structured `context` and a `fixHint`, so that an AI agent driving the library
 * can decide what to do next from `toJSON()` alone.
 */

export type ErrorContext = Record<string, unknown>;

export interface TSAgentKitErrorOptions {
  context?: ErrorContext;
  fixHint?: string;
  cause?: unknown;
}

export interface AgentErrorPayload {
  code: string;
  name: string;
  message: string;
  context: ErrorContext;
  fixHint?: string;
  cause?: string;
}

export class TSAgentKitError extends Error {
  /** Overridden by each subclass; the base class is the catch-all. */
  static readonly code: string = 'E_TSAGENTKIT';
  static readonly defaultHint: string | undefined = undefined;

  readonly code: string;
  readonly context: ErrorContext;
  readonly fixHint: string | undefined;

  constructor(message: string, options: TSAgentKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof TSAgentKitError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.context = options.context ?? {};
    this.fixHint = options.fixHint ?? ctor.defaultHint;
  }

  /** `[CODE] message (context: {...}) [hint: ...]`, the rendering the Python original uses. */
  override toString(): string {
    let s = `[${this.code}] ${this.message}`;
    if (Object.keys(this.context).length > 0) s += ` (context: ${safeJson(this.context)})`;
    if (this.fixHint) s += ` [hint: ${this.fixHint}]`;
    return s;
  }

  toJSON(): AgentErrorPayload {
    const payload: AgentErrorPayload = {
      code: this.code,
      name: this.name,
      message: this.message,
      context: this.context,
    };
    if (this.fixHint) payload.fixHint = this.fixHint;
    if (this.cause !== undefined) payload.cause = this.cause instanceof Error ? this.cause.message : String(this.cause);
    return payload;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}

/** Declares a subclass with its code and default hint in one line. */
function define(code: string, defaultHint?: string) {
  return class extends TSAgentKitError {
    static override readonly code = code;
    static override readonly defaultHint = defaultHint;
  };
}

// ---- Data contract and validation ---------------------------------------------------------
export class EContractMissingColumn extends define('E_CONTRACT_MISSING_COLUMN', 'Provide the column or map your column names with columnMap, e.g. { unique_id: "store", ds: "date", y: "sales" }.') {}
export class EContractInvalidType extends define('E_CONTRACT_INVALID_TYPE', 'Make `ds` a parseable date/time (ISO string, Date or epoch ms) and `y` numeric.') {}
export class EContractEmpty extends define('E_CONTRACT_EMPTY', 'Pass at least one row with unique_id, ds and y.') {}
export class EContractDuplicateKey extends define('E_CONTRACT_DUPLICATE_KEY', 'Remove duplicate (unique_id, ds) rows or choose a duplicate policy: sum, mean or last.') {}
export class EContractUnsorted extends define('E_CONTRACT_UNSORTED', 'Sort rows by unique_id then ds, or let validate() sort them (sort: true).') {}
export class EContractMissingValue extends define('E_CONTRACT_MISSING_VALUE', 'Missing y values are allowed; run qa() with repairs to forward-fill them, or remove those rows.') {}
export class EContractNonFinite extends define('E_CONTRACT_NON_FINITE', 'Replace ±Infinity in y or covariates with finite numbers or leave the value empty (missing).') {}
export class EFreqInferFail extends define('E_FREQ_INFER_FAIL', 'Pass `freq` explicitly in the TaskSpec (e.g. "D", "H", "W-SUN", "M").') {}
export class EFreqInvalid extends define('E_FREQ_INVALID', 'Use a pandas-style alias: S, T/min, H, D, B, W or W-MON…, M/ME, MS, Q/QE/QS with anchors (Q-DEC, QS-JAN), A/Y/YE/YS with anchors, optionally with a multiple (15T, 2H, 3M).') {}
export class EFreqIrregular extends define('E_FREQ_IRREGULAR', 'Resample the series to a regular grid or pass `freq` and let qa() fill the gaps.') {}
export class ESeriesTooShort extends define('E_SERIES_TOO_SHORT', 'Provide more history, lower `h` / backtest windows, or drop the short series.') {}
export class EDataFormat extends define('E_DATA_FORMAT', 'Use CSV, JSON (records or columnar), Parquet or Arrow IPC, and check the file is complete.') {}

// ---- QA -----------------------------------------------------------------------------------
export class EQACriticalIssue extends define('E_QA_CRITICAL_ISSUE', 'Fix the data issue listed in context, or run qa() in "standard" mode to repair it.') {}
export class EQARepairPeeksFuture extends define('E_QA_REPAIR_PEEKS_FUTURE', 'Use a point-in-time-safe repair (forward fill, trailing winsorising) or a non-strict mode.') {}
export class ECovariateLeakage extends define('E_COVARIATE_LEAKAGE', 'Declare the covariate as future-known, or remove its values beyond the last observed target.') {}
export class ECovariateIncompleteKnown extends define('E_COVARIATE_INCOMPLETE_KNOWN', 'Provide values of every future-known covariate for all h future steps of every series.') {}
export class ECovariateStaticInvalid extends define('E_COVARIATE_STATIC_INVALID', 'Static covariates must take one value per series.') {}

// ---- Task spec ----------------------------------------------------------------------------
export class ETaskSpecInvalid extends define('E_TASK_SPEC_INVALID', 'Fix the field named in context; see TaskSpecSchema for allowed values.') {}

// ---- Models and adapters ------------------------------------------------------------------
export class EModelFitFailed extends define('E_MODEL_FIT_FAIL') {}
export class EModelPredictFailed extends define('E_MODEL_PREDICT_FAIL') {}
export class EModelLoadFailed extends define('E_MODEL_LOAD_FAILED', 'Check the checkpoint path or model id and that config.json and model.safetensors are present and complete.') {}
export class EModelNotLoaded extends define('E_MODEL_NOT_LOADED', 'Preload the adapter in the ModelPool (preload: true, or pool.preload(name)) or call adapter.load() during initialisation; or set allowLazyLoadOnMiss: true.') {}
export class EModelPoolConfigInvalid extends define('E_MODEL_POOL_CONFIG_INVALID', 'Configure at least one adapter and set maxPreloadAdapters to an integer between 1 and 3.') {}
export class ESessionClosed extends define('E_SESSION_CLOSED', 'Create a new TSAgentSession (or runForecast without a session); close() released its models.') {}
export class EAdapterNotAvailable extends define('E_ADAPTER_NOT_AVAILABLE', 'Add the adapter to ModelPool adapters before session initialisation.') {}
export class EOOM extends define('E_OOM', 'Lower the batch size or context length, or unload unused adapters.') {}
export class EFallbackExhausted extends define('E_FALLBACK_EXHAUSTED', 'Inspect context.attempts; relax tsfmPolicy or add statistical models to the ladder.') {}
export class ETSFMRequiredUnavailable extends define('E_TSFM_REQUIRED_UNAVAILABLE', 'Configure and preload a TSFM adapter, or set tsfmPolicy.mode to "preferred".') {}
export class ENonFiniteForecast extends define('E_NON_FINITE_FORECAST') {}

// ---- Checkpoints and engine ---------------------------------------------------------------
export class ECheckpointNotFound extends define('E_CHECKPOINT_NOT_FOUND', 'Place config.json and model.safetensors in a local directory and pass it as modelDir, or populate the Hugging Face cache ($HF_HOME/hub/models--org--name/snapshots/<rev>/).') {}
export class ECheckpointCorrupt extends define('E_CHECKPOINT_CORRUPT', 'Re-download the checkpoint; the file is truncated or not a safetensors file.') {}
export class ECheckpointMismatch extends define('E_CHECKPOINT_MISMATCH', 'The weights do not match config.json: check that both files come from the same model revision.') {}
export class EConfigInvalid extends define('E_CONFIG_INVALID', 'config.json does not match the model family schema; check the model id and revision.') {}
export class ETSFMInputInvalid extends define('E_TSFM_INPUT_INVALID', 'Pass numeric series (null/NaN = missing) in one of the forms the model accepts; see the message for the faulty item.') {}
export class ETSFMForecastConfigInvalid extends define('E_TSFM_FORECAST_CONFIG_INVALID', 'Fix the forecast option named in context (e.g. max_context, max_horizon, use_continuous_quantile_head) and compile again.') {}

// ---- Backtest -----------------------------------------------------------------------------
export class EBacktestInsufficientData extends define('E_BACKTEST_INSUFFICIENT_DATA', 'Lower nWindows, step or minTrainSize, or provide more history.') {}

// ---- Artifacts and parity -----------------------------------------------------------------
export class EArtifactInvalid extends define('E_ARTIFACT_INVALID', 'The artifact file does not match the RunArtifact schema; regenerate it with the same tsagentkit version.') {}
export class EParityFailed extends define('E_PARITY_FAILED') {}
export class EParityFileInvalid extends define('E_PARITY_FILE_INVALID', 'Pass a *.cases.json file generated for a registered family (see the fixtures README), with its checkpoint folder beside it.') {}

// ---- GIFT-Eval harness ---------------------------------------------------------------------
export class EGiftEvalDatasetUnknown extends define('E_GIFT_EVAL_DATASET_UNKNOWN', 'Use a GIFT-Eval dataset name as `tsagentkit gift-eval list` prints it (e.g. m4_weekly, electricity/H, bizitobs_l2c/5T) and a term it has (short; medium and long only where listed).') {}
export class EGiftEvalDataInvalid extends define('E_GIFT_EVAL_DATA_INVALID', 'Re-download the dataset folder (huggingface-cli download Salesforce/GiftEval --repo-type=dataset) and point --data or GIFT_EVAL at its root; each folder needs data-00000-of-00001.arrow (an Arrow IPC stream), dataset_info.json and state.json.') {}

// ---- Reports and plots --------------------------------------------------------------------
export class EReportInputInvalid extends define('E_REPORT_INPUT_INVALID', 'Pass the output directory of `tsagentkit forecast` (forecast.<fmt> + artifact.json), a series id that is in the run, and --data/--example when the history cannot be found.') {}
export class EReportRenderFailed extends define('E_REPORT_RENDER_FAILED', 'Check that vega, vega-lite and @resvg/resvg-js are installed (npm ci); the message names the failing step.') {}
