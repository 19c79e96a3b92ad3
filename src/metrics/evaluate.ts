/**
 * Scores a forecast against actuals with every metric that the inputs allow, per series, then
 * aggregates over series.
 *
 * Metric names (stable, used in backtest reports and the run artifact):
 * `mae`, `rmse`, `smape` (0–1), `smape_m4` (percent), `wape`, `mase` (needs training data),
 * `pinball_<q to 3 decimals>` (e.g. `pinball_0.100`, as the Python original), `mqloss`, `wql`,
 * `msis` (needs training data and the 0.025/0.975 quantiles, i.e. α = 0.05 as GluonTS' default),
 * `coverage_<level>` for each central interval whose two quantiles are present (e.g. `coverage_80`).
 */
import { mae, mase, rmse, smape, smapeM4, wape } from './point.js';
import { coverage, mqloss, msis, pinball, wql } from './probabilistic.js';
import { EInvalidArgument } from '../errors/index.js';

export type MetricValues = Record<string, number>;

export interface SeriesEvalInput {
  /** Actuals over the evaluated window (NaN = missing, skipped). */
  readonly y: ArrayLike<number>;
  /** Point forecast aligned with `y`. */
  readonly mean: ArrayLike<number>;
  /** Quantile levels, matching `quantiles` one to one. */
  readonly quantileLevels?: readonly number[];
  readonly quantiles?: readonly ArrayLike<number>[];
  /** Training history of the series, for MASE and MSIS scales. */
  readonly train?: ArrayLike<number>;
  readonly seasonLength?: number;
}

/** `pinball_0.100`: the Python original's `pinball_{q:.3f}` naming. */
export function pinballName(q: number): string {
  return `pinball_${q.toFixed(3)}`;
}

/** `coverage_80` for the central 80% interval. */
export function coverageName(level: number): string {
  return `coverage_${Number(level.toPrecision(12))}`;
}

/** Central intervals (in percent) whose lower and upper quantiles are both among `levels`. */
export function intervalLevelsFromQuantiles(levels: readonly number[]): Array<{ level: number; lower: number; upper: number }> {
  const out: Array<{ level: number; lower: number; upper: number }> = [];
  for (let i = 0; i < levels.length; i++) {
    const lo = levels[i];
    if (lo >= 0.5) continue;
    const j = levels.findIndex((u) => Math.abs(u - (1 - lo)) < 1e-9);
    if (j < 0) continue;
    out.push({ level: Number(((1 - 2 * lo) * 100).toPrecision(12)), lower: i, upper: j });
  }
  return out.sort((a, b) => a.level - b.level);
}

export function evaluateSeries(input: SeriesEvalInput): MetricValues {
  const { y, mean: yhat } = input;
  const out: MetricValues = {
    mae: mae(y, yhat),
    rmse: rmse(y, yhat),
    smape: smape(y, yhat),
    smape_m4: smapeM4(y, yhat),
    wape: wape(y, yhat),
  };
  const m = input.seasonLength ?? 1;
  if (input.train && input.train.length > 1) out['mase'] = mase(y, yhat, input.train, m);

  const levels = input.quantileLevels ?? [];
  const paths = input.quantiles ?? [];
  if (levels.length !== paths.length) throw new EInvalidArgument('quantileLevels and quantiles must have the same length');
  if (levels.length > 0) {
    for (let k = 0; k < levels.length; k++) out[pinballName(levels[k])] = pinball(y, paths[k], levels[k]);
    out['mqloss'] = mqloss(y, paths, levels);
    out['wql'] = wql(y, paths, levels);
    for (const iv of intervalLevelsFromQuantiles(levels)) {
      out[coverageName(iv.level)] = coverage(y, paths[iv.lower], paths[iv.upper]);
      if (iv.level === 95 && input.train && input.train.length > 1) {
        out['msis'] = msis(y, paths[iv.lower], paths[iv.upper], 0.05, input.train, m);
      }
    }
  }
  return out;
}

/** Mean of each metric over the rows, ignoring NaN values (as the Python original's np.mean over non-NaN). */
export function meanMetrics(rows: readonly MetricValues[]): MetricValues {
  const sums = new Map<string, { s: number; n: number }>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      const acc = sums.get(name) ?? { s: 0, n: 0 };
      if (!Number.isNaN(v)) {
        acc.s += v;
        acc.n += 1;
      }
      sums.set(name, acc);
    }
  }
  const out: MetricValues = {};
  for (const name of [...sums.keys()].sort()) {
    const { s, n } = sums.get(name)!;
    out[name] = n === 0 ? Number.NaN : s / n;
  }
  return out;
}

export interface PanelEvaluation {
  readonly perSeries: ReadonlyArray<{ readonly id: string; readonly metrics: MetricValues }>;
  /** Mean over series of each per-series metric. */
  readonly mean: MetricValues;
  /**
   * Panel-pooled ratios: `wape` = Σ|e| / Σ|y| over every point of every series, and `wql` as GluonTS
   * computes it with `axis=None` (per level Σ 2ρ / Σ|y| over the panel, then the mean over levels).
   */
  readonly pooled: MetricValues;
}

/** Evaluates many series and aggregates them. */
export function evaluatePanel(items: ReadonlyArray<SeriesEvalInput & { readonly id: string }>): PanelEvaluation {
  const perSeries = items.map((it) => ({ id: it.id, metrics: evaluateSeries(it) }));
  const pooled: MetricValues = {};
  if (items.length > 0) {
    const y = concat(items.map((it) => it.y));
    pooled['wape'] = wape(y, concat(items.map((it) => it.mean)));
    const levels = items[0].quantileLevels ?? [];
    const sameLevels = items.every((it) => sameArray(it.quantileLevels ?? [], levels));
    if (levels.length > 0 && sameLevels) {
      const paths = levels.map((_, k) => concat(items.map((it) => it.quantiles![k])));
      pooled['wql'] = wql(y, paths, levels);
    }
  }
  return { perSeries, mean: meanMetrics(perSeries.map((p) => p.metrics)), pooled };
}

function concat(parts: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, o);
    o += p.length;
  }
  return out;
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
