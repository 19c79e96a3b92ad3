/**
 * Fan charts as files: one series' chart as SVG or PNG (`plotForecast`), or one per series
 * (`writePlots`, behind `--plot svg|png`), rendered in Node without a browser.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EReportInputInvalid } from '../errors/index.js';
import { chartRows } from './chartData.js';
import { fanChartSpec, FAN_CHART_SIZE } from './chartSpec.js';
import { asReport, type ReportInput } from './input.js';
import { seriesSubtitle, type ForecastReport, type ReportSeries } from './model.js';
import { compileToVega, svgToPng, vegaToSvg } from './vegaRender.js';

export const PLOT_FORMATS = ['svg', 'png'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

export interface PlotOptions {
  readonly format?: PlotFormat;
  /** Chart size in CSS pixels (default 860 × 300); a PNG has `scale` times as many pixels. */
  readonly width?: number;
  readonly height?: number;
  /** PNG pixels per CSS pixel (default 2). */
  readonly scale?: number;
}

export async function plotForecast(input: ReportInput, seriesId: string, options?: PlotOptions & { format?: 'svg' }): Promise<string>;
export async function plotForecast(input: ReportInput, seriesId: string, options: PlotOptions & { format: 'png' }): Promise<Uint8Array>;
export async function plotForecast(input: ReportInput, seriesId: string, options: PlotOptions = {}): Promise<string | Uint8Array> {
  const report = asReport(input);
  const series = report.series.find((s) => s.id === seriesId);
  if (!series) {
    throw new EReportInputInvalid(`Series "${seriesId}" is not in this forecast.`, {
      context: { series: seriesId, known: report.series.slice(0, 20).map((s) => s.id), nSeries: report.series.length },
    });
  }
  return renderSeries(report, series, options);
}

async function renderSeries(report: ForecastReport, s: ReportSeries, options: PlotOptions): Promise<string | Uint8Array> {
  const spec = fanChartSpec(report, {
    width: options.width ?? FAN_CHART_SIZE.width,
    height: options.height ?? FAN_CHART_SIZE.height,
    title: s.id,
    subtitle: seriesSubtitle(report, s),
    rows: chartRows(report, s),
  });
  const svg = await vegaToSvg(await compileToVega(spec));
  return options.format === 'png' ? svgToPng(svg, options.scale === undefined ? {} : { scale: options.scale }) : svg;
}

export interface WritePlotsOptions extends PlotOptions {
  /** Only the first N series (in report order). */
  readonly limit?: number;
}

/** Writes `<dir>/<series>.<fmt>` for every series (or the first `limit`); returns the paths. */
export async function writePlots(input: ReportInput, dir: string, options: WritePlotsOptions = {}): Promise<string[]> {
  const report = asReport(input);
  const format = options.format ?? 'svg';
  const series = options.limit === undefined ? report.series : report.series.slice(0, options.limit);
  await mkdir(dir, { recursive: true });
  const names = fileNames(series.map((s) => s.id));
  const paths: string[] = [];
  for (const [i, s] of series.entries()) {
    const path = join(dir, `${names[i]}.${format}`);
    await writeFile(path, await renderSeries(report, s, { ...options, format }));
    paths.push(path);
  }
  return paths;
}

/** Series ids as file names: unsafe characters become "_", and clashes get a numeric suffix. */
export function fileNames(ids: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const base =
      id
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^[._]+/, '')
        .slice(0, 120) || 'series';
    const n = seen.get(base.toLowerCase()) ?? 0;
    seen.set(base.toLowerCase(), n + 1);
    return n === 0 ? base : `${base}_${n + 1}`;
  });
}
