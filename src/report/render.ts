/**
 * The HTML report: `renderReport(run)` returns one self-contained page (see html/page.ts);
 * `writeReport(run, path)` writes it. The fan chart is compiled from Vega-Lite once per report;
 * the page carries only the Vega runtime and each series' numbers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chartColumns } from './chartData.js';
import { fanChartSpec, FAN_CHART_SIZE } from './chartSpec.js';
import type { RunReportOptions } from './fromRun.js';
import { clientScript } from './html/client.js';
import { reportPage } from './html/page.js';
import { asReport, type ReportInput } from './input.js';
import { compileToVega } from './vegaRender.js';
import { vegaBrowserBundle } from './vegaAssets.js';

export async function renderReport(input: ReportInput, options: RunReportOptions = {}): Promise<string> {
  const report = asReport(input, options);
  const chartSpec = await compileToVega(fanChartSpec(report, { width: FAN_CHART_SIZE.width, height: FAN_CHART_SIZE.height }));
  return reportPage({
    report,
    chartSpec,
    columns: report.series.map((s) => chartColumns(report, s)),
    vegaBundle: await vegaBrowserBundle(),
    script: clientScript(),
  });
}

/** Writes the report (creating the folder); returns its size in bytes. */
export async function writeReport(input: ReportInput, path: string, options: RunReportOptions = {}): Promise<number> {
  const html = await renderReport(input, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
  return Buffer.byteLength(html, 'utf8');
}
