/**
 * The fan chart as a Vega-Lite spec: quantile bands (widest first, labelled with their levels), the
 * history, the point forecast, the backtest's predictions with their interval and cutoffs. Data
 * comes in four named datasets (`history`, `forecast`, `backtest`, `cutoffs`; see chartData.ts), so
 * one compiled spec serves every series of a report: Node fills them inline, the browser through
 * `view.data(name, rows)`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartRows } from './chartData.js';
import type { ForecastReport } from './model.js';
import { bandTints, CHART_COLOURS, tint } from './palette.js';
import { timeFormatsFor } from './timeAxis.js';

/**
 * A Vega-Lite specification as JSON (vega-lite's `compile`, vega-embed or the Vega editor take it).
 * Our own type rather than vega-lite's `TopLevelSpec`, whose declarations do not type-check in a
 * consumer that checks libraries under exactOptionalPropertyTypes.
 */
export interface VegaLiteSpec {
  readonly $schema: string;
  readonly [key: string]: unknown;
}

export interface FanChartOptions {
  /** Total size in pixels, legend and axes included. */
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
  readonly subtitle?: string;
  /** Inline data (Node rendering); without it the datasets are empty, to be filled by the viewer. */
  readonly rows?: ChartRows;
}

export const FAN_CHART_SIZE = { width: 860, height: 300 } as const;
const FONT = 'Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif';

/** Mark names: the SVG groups carry them as classes (`history_marks`, …), which tests and styles use. */
export const FAN_CHART_MARKS = {
  history: 'history',
  forecast: 'forecast',
  band: (i: number) => `band${i}`,
  backtest: 'backtest',
  backtestBand: 'backtest_band',
  cutoff: 'cutoff',
} as const;

export function fanChartSpec(report: ForecastReport, options: FanChartOptions = {}): VegaLiteSpec {
  const time = timeFormatsFor(report.freq);
  const hasBacktest = report.backtestCutoffs.length > 0;
  const narrowest = report.intervals[report.intervals.length - 1];
  const x = {
    field: 'ds',
    type: 'temporal' as const,
    scale: { type: 'utc' as const },
    axis: { title: null, format: time.axis, labelOverlap: 'greedy' as const, grid: false, tickCount: { expr: 'ceil(width / 130)' } },
  };
  const y = (field: string) => ({ field, type: 'quantitative' as const, scale: { zero: false }, axis: { title: null } });
  const dsTip = { field: 'ds', type: 'temporal' as const, title: 'time', format: time.tooltip, scale: { type: 'utc' as const } };

  const bandLabels = report.intervals.map((iv) => levelLabel(iv.level));
  const backtestBandLabel = narrowest ? `backtest ${levelLabel(narrowest.level)}` : undefined;
  const fillDomain = [...bandLabels, ...(hasBacktest && backtestBandLabel ? [backtestBandLabel] : [])];
  const fillRange = [
    ...bandTints(CHART_COLOURS.forecast, bandLabels.length),
    ...(hasBacktest && backtestBandLabel ? [tint(CHART_COLOURS.backtest, 0.22)] : []),
  ];
  const strokeDomain = ['history', 'forecast', ...(hasBacktest ? ['backtest forecast'] : [])];
  const strokeRange = [CHART_COLOURS.history, CHART_COLOURS.forecast, ...(hasBacktest ? [CHART_COLOURS.backtest] : [])];
  const fill = (label: string) => ({
    datum: label,
    type: 'nominal' as const,
    scale: { domain: fillDomain, range: fillRange },
    legend: {
      title: 'intervals',
      orient: 'top' as const,
      direction: 'horizontal' as const,
      symbolType: 'square',
      symbolStrokeWidth: 0,
      labelLimit: 240,
    },
  });
  const stroke = (label: string) => ({
    datum: label,
    type: 'nominal' as const,
    scale: { domain: strokeDomain, range: strokeRange },
    legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'stroke', labelLimit: 240 },
  });
  const intervalTips = report.intervals.flatMap((iv, i) => [
    { field: `lo${i}`, type: 'quantitative' as const, title: `${iv.level}% low`, format: ',.4~g' },
    { field: `hi${i}`, type: 'quantitative' as const, title: `${iv.level}% high`, format: ',.4~g' },
  ]);

  const layer: unknown[] = [];
  if (hasBacktest && narrowest && backtestBandLabel) {
    layer.push({
      name: FAN_CHART_MARKS.backtestBand,
      data: { name: 'backtest' },
      mark: { type: 'area', interpolate: 'linear' },
      encoding: { x, y: y('lo'), y2: { field: 'hi' }, detail: { field: 'cutoff' }, fill: fill(backtestBandLabel) },
    });
  }
  report.intervals.forEach((iv, i) => {
    layer.push({
      name: FAN_CHART_MARKS.band(i),
      data: { name: 'forecast' },
      mark: { type: 'area', interpolate: 'linear' },
      encoding: { x, y: y(`lo${i}`), y2: { field: `hi${i}` }, fill: fill(levelLabel(iv.level)) },
    });
  });
  if (hasBacktest) {
    layer.push({
      name: FAN_CHART_MARKS.cutoff,
      data: { name: 'cutoffs' },
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1, color: CHART_COLOURS.cutoff },
      encoding: {
        x: { field: 'cutoff', type: 'temporal', scale: { type: 'utc' } },
        tooltip: [{ field: 'cutoff', type: 'temporal', title: 'backtest cutoff', format: time.tooltip, scale: { type: 'utc' } }],
      },
    });
  }
  layer.push({
    name: FAN_CHART_MARKS.history,
    data: { name: 'history' },
    mark: { type: 'line', strokeWidth: 1.4, interpolate: 'linear' },
    encoding: { x, y: y('y'), stroke: stroke('history') },
  });
  if (hasBacktest) {
    layer.push({
      name: FAN_CHART_MARKS.backtest,
      data: { name: 'backtest' },
      mark: { type: 'line', strokeWidth: 1.4, strokeDash: [5, 3] },
      encoding: { x, y: y('mean'), detail: { field: 'cutoff' }, stroke: stroke('backtest forecast') },
    });
  }
  layer.push({
    name: FAN_CHART_MARKS.forecast,
    data: { name: 'forecast' },
    // Points mark the forecast steps while they are few enough to tell apart.
    mark: { type: 'line', strokeWidth: 2, ...(report.h <= 36 ? { point: { filled: true, size: 14 } } : {}) },
    encoding: {
      x,
      y: y('mean'),
      stroke: stroke('forecast'),
      tooltip: [dsTip, { field: 'mean', type: 'quantitative', title: 'forecast', format: ',.4~g' }, ...intervalTips],
    },
  });

  const rows = options.rows;
  const { width, height } = { ...FAN_CHART_SIZE, ...pick(options, ['width', 'height']) };
  // Shaped as vega-lite's TopLevelSpec, published as plain JSON (see VegaLiteSpec).
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: { left: 6, right: 14, top: 6, bottom: 6 },
    background: 'white',
    ...(options.title
      ? { title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}), anchor: 'start' as const } }
      : {}),
    datasets: {
      history: rows?.history ?? [],
      forecast: rows?.forecast ?? [],
      backtest: rows?.backtest ?? [],
      cutoffs: rows?.cutoffs ?? [],
    },
    layer,
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 11, labelColor: '#444', tickColor: '#bbb', domainColor: '#bbb', gridColor: '#eee' },
      axisY: { grid: true },
      legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#555', labelColor: '#333' },
      title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
    },
  } as TopLevelSpec;
  return spec as unknown as VegaLiteSpec;
}

/** Band legend entries name the level: "95%", "80%". */
function levelLabel(level: number): string {
  return `${Number(level.toPrecision(6))}%`;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
