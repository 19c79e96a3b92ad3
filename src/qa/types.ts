/** Shapes of qa(): modes, options, issues and repair records. */
import type { Panel } from '../data/panel.js';

/**
 * quick: cheap checks only (missing values, timestamp order, short history, zero density, covariates);
 * standard: every check; strict: every check, and critical issues or future-peeking repairs throw.
 */
export type QAMode = 'quick' | 'standard' | 'strict';

export type QAIssueType =
  | 'missing_values'
  | 'non_monotonic'
  | 'gaps'
  | 'irregular_timestamps'
  | 'unknown_frequency'
  | 'zero_density'
  | 'outliers'
  | 'short_history'
  | 'covariate_leakage'
  | 'covariate_incomplete';

export type QASeverity = 'info' | 'warning' | 'critical';

export interface QAIssue {
  readonly type: QAIssueType;
  readonly severity: QASeverity;
  readonly message: string;
  /** Affected values (points, timestamps or series, as the message says). */
  readonly count: number;
  /** Ids of the affected series (at most 20; `seriesCount` has the total). */
  readonly seriesIds: readonly string[];
  readonly seriesCount: number;
  /** Code of the typed error this issue relates to, where one exists. */
  readonly code?: string;
  readonly context: Record<string, unknown>;
}

/** Missing-value methods. ffill and zero are point-in-time safe; the others use later values. */
export type MissingMethod = 'ffill' | 'zero' | 'bfill' | 'ffill_bfill' | 'interpolate' | 'none';

export const FUTURE_PEEKING_METHODS: ReadonlySet<MissingMethod> = new Set(['bfill', 'ffill_bfill', 'interpolate']);

export interface WinsorizeOptions {
  /** Trailing window length (points before t). Default 30, as the original. */
  window?: number;
  /** Fewest earlier observations needed before a point can be clipped. Default 8. */
  minPeriods?: number;
  /** Clip beyond median ± z · 1.4826 · MAD of the window. Default: the outlier threshold (3). */
  z?: number;
}

export interface RepairStrategy {
  /** How to fill missing y in the observed history (and gap rows). Default "ffill". */
  missing?: MissingMethod;
  /** Insert the missing timestamps of the frequency grid (then filled by `missing`). Default true. */
  fillGaps?: boolean;
  /**
   * Settings of the winsorising repair, which runs only when `QAOptions.outlierRepair` is
   * "winsorize" (false disables it even then).
   */
  winsorize?: false | WinsorizeOptions;
  /** Remove covariate values that leak the future (not declared future-known). Default true. */
  dropLeakedCovariates?: boolean;
}

/**
 * What qa() does about the outliers it flags. "none" (the default) reports them and changes
 * nothing: a weekly peak or a promotion is real demand, the target the user asked to forecast.
 * "winsorize" clips values outside a trailing robust band (point-in-time safe), an explicit choice.
 */
export type OutlierRepair = 'none' | 'winsorize';

export interface QAOptions {
  mode?: QAMode;
  /** The run's already resolved frequency; without it qa resolves it (the spec's, canonicalised, else the panel's own). */
  freq?: string;
  applyRepairs?: boolean;
  repairStrategy?: RepairStrategy;
  /** Zero share above which a series is flagged. Default 0.3. */
  zeroThreshold?: number;
  /** z of the opt-in winsorising band (median ± z · 1.4826 · MAD of the trailing window). Default 3. */
  outlierZ?: number;
  /** Default "none": outliers are reported, not repaired. */
  outlierRepair?: OutlierRepair;
  /**
   * Season length of the outlier detector (the task's). Default: from the frequency
   * (`seasonLengthFor`), 1 without one.
   */
  seasonLength?: number;
}

/** The parts of a TaskSpec that qa() reads (a full TaskSpec fits). */
export interface QASpec {
  readonly h: number;
  readonly freq?: string | undefined;
  readonly backtest?: { readonly minTrainSize?: number | undefined } | undefined;
}

export type RepairKind =
  'sort' | 'dedupe' | 'gap_fill' | 'forward_fill' | 'zero_fill' | 'back_fill' | 'interpolate' | 'winsorize' | 'drop_leaked_covariate';

export interface RepairRecord {
  readonly seriesId: string;
  readonly kind: RepairKind;
  /** Column repaired: "y" or a covariate name. */
  readonly column: string;
  readonly count: number;
  /** Positions in the repaired series' arrays (for drop_leaked_covariate in panel.future when `where` says so). */
  readonly indices?: readonly number[];
  /** True when the repair uses only values at or before each repaired point. */
  readonly pointInTimeSafe: boolean;
  readonly where?: 'history' | 'future';
}

export interface QAReportShape {
  readonly mode: QAMode;
  readonly issues: readonly QAIssue[];
  readonly repairs: readonly RepairRecord[];
  readonly leakageDetected: boolean;
  /** The repaired panel (the input panel when nothing was repaired). */
  readonly panel: Panel;
  /** Frequency used for the grid checks, if any. */
  readonly freq?: string | undefined;
}
