/**
 * The numbers of one fan chart, in two shapes: compact columns (what the HTML report embeds per
 * series, about half the size of row objects) and the row tables the chart spec's named datasets
 * take. `rowsFromColumns` is self-contained on purpose: the HTML report embeds its source, so the
 * browser and Node build the chart's rows with the same code.
 */
import type { ForecastReport, ReportSeries } from './model.js';

/** Columns of one series' chart; values are `null` where missing. */
export interface ChartColumns {
  /** History: [ds, y]. */
  readonly h: readonly [number[], Array<number | null>];
  /** Forecast: [ds, mean, lo of interval 0, hi of interval 0, lo 1, hi 1, …] (intervals widest first). */
  readonly f: ReadonlyArray<Array<number | null>>;
  /** Backtest predictions: [ds, cutoff, mean, lo, hi] (the narrowest interval), or absent. */
  readonly b?: ReadonlyArray<Array<number | null>>;
  /** Backtest cutoffs of this series. */
  readonly c: number[];
}

export interface ChartRows {
  history: Array<{ ds: number; y: number | null }>;
  forecast: Array<Record<string, number | null>>;
  backtest: Array<{ ds: number; cutoff: number; mean: number | null; lo: number | null; hi: number | null }>;
  cutoffs: Array<{ cutoff: number }>;
}

/**
 * Six significant digits of the array's largest magnitude: far below what a chart can show, and it
 * keeps the report small. One scale per array (not `toPrecision` per value) keeps it fast.
 */
function values(xs: ArrayLike<number>): Array<number | null> {
  let max = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i] as number);
    if (Number.isFinite(a) && a > max) max = a;
  }
  const digits = max > 0 ? 6 - Math.ceil(Math.log10(max)) : 0;
  const factor = 10 ** Math.abs(digits);
  const round = digits >= 0 ? (v: number) => Math.round(v * factor) / factor : (v: number) => Math.round(v / factor) * factor;
  return Array.from(xs, (v) => (Number.isFinite(v) ? round(v) : null));
}

export function chartColumns(report: ForecastReport, s: ReportSeries): ChartColumns {
  const f: Array<Array<number | null>> = [Array.from(s.forecast.ds), values(s.forecast.mean)];
  for (const iv of report.intervals) f.push(values(s.forecast.quantiles[iv.lower] ?? []), values(s.forecast.quantiles[iv.upper] ?? []));
  const narrowest = report.intervals[report.intervals.length - 1];
  const columns: ChartColumns = { h: [Array.from(s.history.ds), values(s.history.y)], f, c: s.backtest.map((w) => w.cutoff) };
  if (s.backtest.length === 0) return columns;
  const [ds, cutoff, mean, lo, hi]: number[][] = [[], [], [], [], []];
  for (const w of s.backtest) {
    w.ds.forEach((t, i) => {
      ds.push(t);
      cutoff.push(w.cutoff);
      mean.push(w.mean[i] ?? Number.NaN);
      lo.push(narrowest ? (w.quantiles[narrowest.lower]?.[i] ?? Number.NaN) : Number.NaN);
      hi.push(narrowest ? (w.quantiles[narrowest.upper]?.[i] ?? Number.NaN) : Number.NaN);
    });
  }
  return { ...columns, b: [ds, cutoff, values(mean), values(lo), values(hi)] };
}

/**
 * Columns → the rows of the chart's named datasets (`history`, `forecast`, `backtest`, `cutoffs`).
 * Plain JavaScript without imports or outer names: its source is embedded in the HTML report.
 */
export function rowsFromColumns(cols: ChartColumns): ChartRows {
  const history = cols.h[0].map((ds, i) => ({ ds, y: cols.h[1][i] ?? null }));
  const fds = cols.f[0] ?? [];
  const forecast = fds.map((ds, i) => {
    const row: Record<string, number | null> = { ds, mean: cols.f[1]?.[i] ?? null };
    for (let k = 2; k + 1 < cols.f.length; k += 2) {
      row['lo' + (k - 2) / 2] = cols.f[k]?.[i] ?? null;
      row['hi' + (k - 2) / 2] = cols.f[k + 1]?.[i] ?? null;
    }
    return row;
  });
  const b = cols.b;
  const backtest = b
    ? (b[0] ?? []).map((ds, i) => ({
        ds: ds as number,
        cutoff: b[1]?.[i] as number,
        mean: b[2]?.[i] ?? null,
        lo: b[3]?.[i] ?? null,
        hi: b[4]?.[i] ?? null,
      }))
    : [];
  const cutoffs = cols.c.map((cutoff) => ({ cutoff }));
  return { history, forecast, backtest, cutoffs };
}

export function chartRows(report: ForecastReport, s: ReportSeries): ChartRows {
  return rowsFromColumns(chartColumns(report, s));
}
