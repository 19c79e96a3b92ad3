/**
 * The leaderboard's aggregation (the GIFT-Eval Space's `src/utils.py`): each configuration's MASE
 * and CRPS are divided by seasonal naive's on the same configuration, and a model's score is the
 * geometric mean of those ratios over its configurations. Plain means of the raw metrics do not
 * match the board (gift-eval issues #19, #100), so we do not report them as scores.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EGiftEvalDataInvalid } from '../errors/index.js';
import { CSV_HEADER } from './outputs.js';

export interface ScoreRow {
  readonly config: string;
  readonly mase: number;
  readonly crps: number;
}

export interface LeaderboardSummary {
  readonly model: string;
  /** Configurations with a baseline row, over which the ratios are taken. */
  readonly configs: number;
  readonly mase_gmean_ratio: number;
  readonly crps_gmean_ratio: number;
  /** Configurations of the model without a baseline row (left out of the gmean). */
  readonly without_baseline: readonly string[];
}

const MASE_COLUMN = 'eval_metrics/MASE[0.5]';
const CRPS_COLUMN = 'eval_metrics/mean_weighted_sum_quantile_loss';

/** Rows of an all_results.csv (ours or GIFT-Eval's published one). */
export function readAllResultsCsv(path: string): ScoreRow[] {
  let records: Array<Record<string, string>>;
  try {
    records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw new EGiftEvalDataInvalid(`Cannot read ${path} as an all_results.csv: ${error instanceof Error ? error.message : String(error)}`, {
      context: { path },
      fixHint: `Pass a CSV with GIFT-Eval's columns: ${CSV_HEADER.join(',')}.`,
    });
  }
  return records.map((r) => ({ config: r.dataset ?? '', mase: Number(r[MASE_COLUMN]), crps: Number(r[CRPS_COLUMN]) }));
}

function gmean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(values.reduce((acc, v) => acc + Math.log(v), 0) / values.length);
}

export function summarize(model: string, rows: readonly ScoreRow[], baseline: readonly ScoreRow[]): LeaderboardSummary {
  const base = new Map(baseline.map((r) => [r.config.toLowerCase(), r]));
  const mase: number[] = [];
  const crps: number[] = [];
  const without: string[] = [];
  for (const r of rows) {
    const b = base.get(r.config.toLowerCase());
    if (!b) {
      without.push(r.config);
      continue;
    }
    mase.push(r.mase / b.mase);
    crps.push(r.crps / b.crps);
  }
  return { model, configs: mase.length, mase_gmean_ratio: gmean(mase), crps_gmean_ratio: gmean(crps), without_baseline: without };
}
