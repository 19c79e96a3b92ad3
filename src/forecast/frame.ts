/**
 * Long-format forecast output: one row per (series, future timestamp) with columns
 * `unique_id, ds, model, mean, q0.1, …` (quantile columns in ascending level order), optionally
 * followed by interval columns `lo-80, hi-80, …` (statsforecast's naming) for central intervals
 * whose two quantiles are present. Timestamps are Date cells, so every writer renders them as
 * timestamps (CSV: ISO dates when all are at midnight).
 */
import { makeTable, type Cell, type Column, type Table } from '../data/io/table.js';
import { writeTable, type TableFormat, type WriteTableOptions } from '../data/io/readWrite.js';
import { intervalLevelsFromQuantiles } from '../metrics/evaluate.js';
import { quantileColumn, type ForecastResult, type SeriesForecast } from './types.js';
import { EInvalidArgument } from '../errors/index.js';

export interface ForecastFrameOptions {
  /** Add `lo-<L>` / `hi-<L>` columns for every central interval the quantiles provide. Default false. */
  readonly intervals?: boolean;
}

/** A series forecast may carry the model that produced it (per-series fallback). */
type MaybeAttributed = SeriesForecast & { readonly model?: string };

/**
 * Builds the long table from one or more results (e.g. one per ladder bucket). All results must
 * share the same quantile levels; a series' own `model` (when the runtime attributes one) wins over
 * the result's.
 */
export function forecastToTable(results: ForecastResult | readonly ForecastResult[], options: ForecastFrameOptions = {}): Table {
  const list: readonly ForecastResult[] = Array.isArray(results) ? results : [results as ForecastResult];
  const levels = list[0]?.quantileLevels ?? [];
  for (const r of list) {
    if (r.quantileLevels.length !== levels.length || r.quantileLevels.some((q, i) => q !== levels[i])) {
      throw new EInvalidArgument(`forecast results carry different quantile levels: [${levels}] vs [${r.quantileLevels}]`);
    }
  }
  const order = levels.map((q, k) => ({ q, k })).sort((a, b) => a.q - b.q);
  const n = list.reduce((acc, r) => acc + r.series.reduce((a, s) => a + s.mean.length, 0), 0);
  const ids: Cell[] = new Array(n);
  const ds: Cell[] = new Array(n);
  const model: Cell[] = new Array(n);
  const mean = new Float64Array(n);
  const qs = order.map(() => new Float64Array(n));
  let row = 0;
  for (const r of list) {
    for (const s of r.series as readonly MaybeAttributed[]) {
      if (s.ds.length !== s.mean.length) {
        throw new EInvalidArgument(`series "${s.id}" has ${s.ds.length} timestamps but ${s.mean.length} forecasts`);
      }
      const name = s.model ?? r.model;
      for (let t = 0; t < s.mean.length; t++, row++) {
        ids[row] = s.id;
        ds[row] = new Date(s.ds[t]);
        model[row] = name;
        mean[row] = s.mean[t];
        order.forEach(({ k }, j) => (qs[j][row] = s.quantiles[k]?.[t] ?? Number.NaN));
      }
    }
  }
  const columns: Record<string, Column> = { unique_id: ids, ds, model, mean };
  const sorted = order.map((o) => o.q);
  sorted.forEach((q, j) => (columns[quantileColumn(q)] = qs[j]));
  if (options.intervals) {
    for (const iv of intervalLevelsFromQuantiles(sorted)) {
      columns[`lo-${iv.level}`] = qs[iv.lower];
      columns[`hi-${iv.level}`] = qs[iv.upper];
    }
  }
  return makeTable(columns);
}

/** The file name the CLI writes: `forecast.<format>`. */
export function forecastFileName(format: TableFormat): string {
  return `forecast.${format}`;
}

/** Writes the long forecast table with E's writers (CSV, JSON, Parquet, Arrow …, by extension or `format`). */
export async function writeForecast(
  results: ForecastResult | readonly ForecastResult[],
  path: string,
  options: ForecastFrameOptions & WriteTableOptions = {},
): Promise<Table> {
  const table = forecastToTable(results, options);
  await writeTable(table, path, options);
  return table;
}
