/**
 * The cross-validation frame: one row per (series, window, test timestamp) with the actual and the
 * forecast, in long format `unique_id, ds, cutoff, y, model, mean, q…` (utilsforecast's layout).
 * Stored column-wise; `cvFrameToTable` turns it into a `Table` for `writeTable`.
 */
import { makeTable, type Cell, type Column, type Table } from '../data/io/table.js';
import { quantileColumn } from '../forecast/types.js';
import { EInvalidArgument } from '../errors/index.js';

export interface CvFrame {
  readonly quantileLevels: readonly number[];
  readonly unique_id: readonly string[];
  /** Epoch ms. */
  readonly ds: Float64Array;
  /** Last training timestamp of the window (epoch ms). */
  readonly cutoff: Float64Array;
  readonly y: Float64Array;
  readonly model: readonly string[];
  readonly mean: Float64Array;
  /** quantiles[k] is the column of level quantileLevels[k]. */
  readonly quantiles: readonly Float64Array[];
}

export interface CvRow {
  unique_id: string;
  ds: number;
  cutoff: number;
  y: number;
  model: string;
  mean: number;
  quantiles: number[];
}

export function buildCvFrame(rows: readonly CvRow[], quantileLevels: readonly number[]): CvFrame {
  const n = rows.length;
  const frame = {
    quantileLevels: [...quantileLevels],
    unique_id: rows.map((r) => r.unique_id),
    ds: new Float64Array(n),
    cutoff: new Float64Array(n),
    y: new Float64Array(n),
    model: rows.map((r) => r.model),
    mean: new Float64Array(n),
    quantiles: quantileLevels.map(() => new Float64Array(n)),
  };
  rows.forEach((r, i) => {
    frame.ds[i] = r.ds;
    frame.cutoff[i] = r.cutoff;
    frame.y[i] = r.y;
    frame.mean[i] = r.mean;
    quantileLevels.forEach((_, k) => (frame.quantiles[k][i] = r.quantiles[k] ?? Number.NaN));
  });
  return frame;
}

/** Concatenates frames with the same quantile levels (e.g. one per model). */
export function concatCvFrames(frames: readonly CvFrame[]): CvFrame {
  const levels = frames[0]?.quantileLevels ?? [];
  for (const f of frames) {
    if (f.quantileLevels.length !== levels.length || f.quantileLevels.some((q, i) => q !== levels[i])) {
      throw new EInvalidArgument('cannot concatenate CV frames with different quantile levels');
    }
  }
  const rows: CvRow[] = [];
  for (const f of frames) {
    for (let i = 0; i < f.ds.length; i++) {
      rows.push({
        unique_id: f.unique_id[i],
        ds: f.ds[i],
        cutoff: f.cutoff[i],
        y: f.y[i],
        model: f.model[i],
        mean: f.mean[i],
        quantiles: f.quantiles.map((q) => q[i]),
      });
    }
  }
  return buildCvFrame(rows, levels);
}

/** Long-format table with timestamps as Date cells. */
export function cvFrameToTable(frame: CvFrame): Table {
  const dates = (xs: Float64Array): Cell[] => Array.from(xs, (t) => new Date(t));
  const columns: Record<string, Column> = {
    unique_id: [...frame.unique_id],
    ds: dates(frame.ds),
    cutoff: dates(frame.cutoff),
    y: frame.y,
    model: [...frame.model],
    mean: frame.mean,
  };
  frame.quantileLevels.forEach((q, k) => (columns[quantileColumn(q)] = frame.quantiles[k]));
  return makeTable(columns);
}
