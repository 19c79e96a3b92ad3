/**
 * `tsagentkit report <out dir>`: the HTML report and/or fan chart files of a finished forecast run,
 * from its `artifact.json` + `forecast.<fmt>` (+ `backtest.<fmt>`). Also the shared helper behind
 * `tsagentkit forecast --report / --plot`. The report library is imported on use only, so other
 * commands do not load Vega.
 */
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { ReportInput } from '../../report/input.js';
import { EXIT_OK } from '../exit.js';
import { loadExample } from '../../examples/examples.js';
import { parseChoice, parseIntOption, progressLogger, runCommand } from './dataInput.js';

export const PLOT_CHOICES = ['svg', 'png'] as const;

export interface ReportOutputOptions {
  /** Write `<dir>/report.html` (or this path). */
  readonly report?: boolean | string;
  readonly plot?: (typeof PLOT_CHOICES)[number];
  readonly plotLimit?: number;
  readonly plotDir?: string;
}

export interface ReportOutputs {
  readonly report?: string;
  readonly reportBytes?: number;
  readonly plots: readonly string[];
}

/** Writes what was asked for: the HTML report and/or one chart file per series. */
export async function writeReportOutputs(input: ReportInput, dir: string, o: ReportOutputOptions): Promise<ReportOutputs> {
  const { writeReport, writePlots } = await import('../../report/index.js');
  let report: string | undefined;
  let reportBytes: number | undefined;
  if (o.report) {
    report = typeof o.report === 'string' ? o.report : join(dir, 'report.html');
    reportBytes = await writeReport(input, report);
  }
  const plots = o.plot
    ? await writePlots(input, o.plotDir ?? join(dir, 'plots'), {
        format: o.plot,
        ...(o.plotLimit !== undefined ? { limit: o.plotLimit } : {}),
      })
    : [];
  return { ...(report ? { report } : {}), ...(reportBytes !== undefined ? { reportBytes } : {}), plots };
}

/** `--plot` / `--plot-limit` as typed values (usage errors name the option). */
export function parsePlotOptions(o: { plot?: string; plotLimit?: string }): Pick<ReportOutputOptions, 'plot' | 'plotLimit'> {
  const plot = parseChoice(o.plot, '--plot', PLOT_CHOICES);
  const plotLimit = parseIntOption(o.plotLimit, '--plot-limit');
  if (plotLimit !== undefined && !plot) {
    throw new ETaskSpecInvalid('--plot-limit needs --plot svg|png.', { context: { option: '--plot-limit' } });
  }
  return { ...(plot ? { plot } : {}), ...(plotLimit !== undefined ? { plotLimit } : {}) };
}

export interface ReportCommandOptions {
  data?: string;
  example?: string;
  idCol?: string;
  dsCol?: string;
  yCol?: string;
  output?: string;
  html?: boolean;
  plot?: string;
  plotLimit?: string;
  plotDir?: string;
  history?: string;
  title?: string;
  json?: boolean;
  quiet?: boolean;
}

function parseHistory(text: string | undefined): number | 'all' | 'auto' | undefined {
  if (text === undefined || text === 'all' || text === 'auto') return text;
  return parseIntOption(text, '--history');
}

export async function reportCommand(outDir: string, o: ReportCommandOptions): Promise<{ exitCode: number; outputs: ReportOutputs }> {
  const log = progressLogger(o.quiet);
  if (o.data && o.example)
    throw new ETaskSpecInvalid('Give either --data or --example, not both.', { context: { data: o.data, example: o.example } });
  const plotOptions = parsePlotOptions(o);
  const historyPoints = parseHistory(o.history);
  if (o.example) await loadExample(o.example); // an unknown name is a usage error before any work
  const { loadReport } = await import('../../report/fromFiles.js');
  const loaded = await loadReport(outDir, {
    ...(o.data ? { history: o.data } : o.example ? { history: `example:${o.example}` } : {}),
    columns: { ...(o.idCol ? { idCol: o.idCol } : {}), ...(o.dsCol ? { dsCol: o.dsCol } : {}), ...(o.yCol ? { yCol: o.yCol } : {}) },
    ...(historyPoints !== undefined ? { historyPoints } : {}),
    ...(o.title ? { title: o.title } : {}),
  });
  if (loaded.historyNote) process.stderr.write(`note: ${loaded.historyNote}\n`);
  log(`read ${loaded.files.forecast}: ${loaded.report.series.length} series`);
  const outputs = await writeReportOutputs(loaded.report, outDir, {
    report: o.html === false ? false : (o.output ?? true),
    ...plotOptions,
    ...(o.plotDir ? { plotDir: o.plotDir } : {}),
  });
  if (o.json) process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
  else process.stdout.write(describeOutputs(outputs));
  return { exitCode: EXIT_OK, outputs };
}

export function describeOutputs(outputs: ReportOutputs): string {
  const lines: string[] = [];
  if (outputs.report) lines.push(`wrote ${outputs.report} (${((outputs.reportBytes ?? 0) / 1e6).toFixed(2)} MB)`);
  if (outputs.plots.length > 0)
    lines.push(`wrote ${outputs.plots.length} chart${outputs.plots.length > 1 ? 's' : ''} to ${commonDir(outputs.plots)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function commonDir(paths: readonly string[]): string {
  return dirname(paths[0] ?? '.');
}

export function register(program: Command): void {
  program
    .command('report')
    .description('HTML report and fan charts of a forecast run, from its output directory (artifact.json + forecast.<fmt>)')
    .argument('<dir>', 'output directory of `tsagentkit forecast`')
    .option('--data <file>', "the run's data, for the history (default: the artifact's data source)")
    .option('--example <name>', 'the embedded example the run used, for the history')
    .option('--id-col <name>', 'series id column of --data (default unique_id)')
    .option('--ds-col <name>', 'timestamp column of --data (default ds)')
    .option('--y-col <name>', 'target column of --data (default y)')
    .option('--output <file>', 'where to write the HTML report (default <dir>/report.html)')
    .option('--no-html', 'write no HTML report (only --plot files)')
    .option('--plot <fmt>', `also write one fan chart per series: ${PLOT_CHOICES.join(' | ')}`)
    .option('--plot-limit <n>', 'only the first n series get a chart file')
    .option('--plot-dir <dir>', 'where chart files go (default <dir>/plots)')
    .option('--history <n>', 'observations drawn per series: a number, all, or auto (default: auto)')
    .option('--title <text>', 'report title')
    .option('--json', 'print the written paths as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      [
        '',
        'The report is one self-contained HTML file (no network needed to view it): a summary table per series',
        '(model, ladder, fallbacks, backtest metrics), searchable, and a fan chart per series drawn as you scroll.',
        'Examples:',
        '  tsagentkit forecast --example unemployment --out out && tsagentkit report out',
        '  tsagentkit report out --plot png --plot-limit 5',
        '  tsagentkit report out --data sales.csv --id-col store --ds-col date --y-col sales',
      ].join('\n'),
    )
    .action((dir: string, o: ReportCommandOptions) => runCommand(async () => (await reportCommand(dir, o)).exitCode));
}
