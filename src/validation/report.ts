/** The result of validate(): errors, warnings, statistics and, when valid, the panel. */
import { errorFromIssues } from './issueError.js';
import type { Issue } from '../data/issue.js';
import type { Panel } from '../data/panel.js';
import { EContractEmpty } from '../errors/index.js';

export interface ValidationStats {
  nRows: number;
  nSeries: number;
  /** Rows in the panel's history, in its future (known covariates), merged as duplicates, dropped as empty trailing rows, unreadable. */
  rows: { history: number; future: number; merged: number; droppedTrailing: number; invalid: number };
  dateRange: { start: string | null; end: string | null };
  y: { mean: number | null; std: number | null; min: number | null; max: number | null; missing: number };
  seriesLengths: { min: number; max: number; mean: number };
  /** The frequency used for the checks: the one given, else the inferred one. */
  freq?: string;
  inferredFreq?: string;
  freqCounts?: Record<string, number>;
  ignoredColumns: string[];
}

export class ValidationReport {
  readonly valid: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];

  constructor(
    issues: readonly Issue[],
    readonly stats: ValidationStats,
    /** The validated panel; present only when there are no errors. */
    readonly panel?: Panel,
  ) {
    this.errors = issues.filter((i) => i.severity === 'error');
    this.warnings = issues.filter((i) => i.severity === 'warning');
    this.valid = this.errors.length === 0 && panel !== undefined;
  }

  /** Every issue, errors first. */
  get issues(): Issue[] {
    return [...this.errors, ...this.warnings];
  }

  /**
   * Throws the typed error of the first error (every issue in its context); otherwise returns the panel,
   * so `const panel = validate(rows).throwIfErrors()` reads naturally.
   */
  throwIfErrors(): Panel {
    if (this.errors.length > 0) throw errorFromIssues(this.issues);
    if (!this.panel) throw new EContractEmpty('Validation produced no panel.');
    return this.panel;
  }

  toJSON(): { valid: boolean; errors: readonly Issue[]; warnings: readonly Issue[]; stats: ValidationStats } {
    return { valid: this.valid, errors: this.errors, warnings: this.warnings, stats: this.stats };
  }
}
