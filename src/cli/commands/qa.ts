/**
 * `tsagentkit qa`: data-quality checks (missing values, gaps, zero density, outliers, timestamp
 * order, short history, covariate leakage) in quick | standard | strict mode, with the
 * point-in-time-safe repairs listed and, with --out, the repaired panel written. The repairs are
 * those `forecast` applies (qa()'s defaults); winsorising outliers is opt-in (--winsorize).
 * Exit 0 when no critical issue remains, 2 otherwise (strict mode refuses critical issues).
 */
import type { Command } from 'commander';
import { panelToTable } from '../../data/io/toPanel.js';
import { writeTable } from '../../data/io/readWrite.js';
import { qa, type QAReport } from '../../qa/index.js';
import type { MissingMethod, QAMode } from '../../qa/types.js';
import { validate } from '../../validation/index.js';
import { EXIT_OK, EXIT_USAGE } from '../exit.js';
import {
  addDataInputOptions,
  loadInput,
  parseChoice,
  parseIntOption,
  progressLogger,
  runCommand,
  type DataInputOptions,
} from './dataInput.js';

export interface QaCommandOptions extends DataInputOptions {
  mode?: string;
  h?: string;
  freq?: string;
  minTrain?: string;
  repair?: boolean;
  missing?: string;
  winsorize?: boolean;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

const MODES: readonly QAMode[] = ['quick', 'standard', 'strict'];
const MISSING: readonly MissingMethod[] = ['ffill', 'zero', 'bfill', 'ffill_bfill', 'interpolate', 'none'];

export async function qaCommand(
  file: string | undefined,
  o: QaCommandOptions,
): Promise<{ exitCode: number; report: QAReport; written?: string }> {
  const log = progressLogger(o.quiet || o.json);
  const input = await loadInput(file, o);
  const mode = parseChoice(o.mode, '--mode', MODES) ?? 'standard';
  const h = parseIntOption(o.h, '--h') ?? input.example?.defaultH ?? 1;
  const minTrainSize = parseIntOption(o.minTrain, '--min-train');
  const missing = parseChoice(o.missing, '--missing', MISSING);
  const panel = validate(input.table, { h, ...(o.freq ? { freq: o.freq } : {}) }).throwIfErrors();
  log(`qa (${mode}) on ${input.label}: ${panel.series.length} series`);
  const report = qa(
    panel,
    { h, ...(o.freq ? { freq: o.freq } : {}), ...(minTrainSize !== undefined ? { backtest: { minTrainSize } } : {}) },
    {
      mode,
      applyRepairs: o.repair !== false,
      ...(missing ? { repairStrategy: { missing } } : {}),
      // Opt-in, as in forecast: by default flagged outliers are reported and the values kept.
      ...(o.winsorize ? { outlierRepair: 'winsorize' as const } : {}),
    },
  );
  let written: string | undefined;
  if (o.out) {
    await writeTable(panelToTable(report.panel), o.out);
    written = o.out;
  }
  if (o.json) process.stdout.write(`${JSON.stringify(report.toJSON(), null, 2)}\n`);
  else process.stdout.write(formatQa(report, input.label, written));
  return { exitCode: report.valid ? EXIT_OK : EXIT_USAGE, report, ...(written ? { written } : {}) };
}

export function formatQa(report: QAReport, label: string, written?: string): string {
  const lines = [
    `QA ${report.mode}: ${label} — ${report.valid ? 'no critical issue' : `${report.criticalIssues.length} critical issue(s)`}`,
  ];
  if (report.freq) lines.push(`  frequency ${report.freq}`);
  for (const i of report.issues) {
    const who =
      i.seriesCount > 0 ? ` [${i.seriesCount} series: ${i.seriesIds.slice(0, 5).join(', ')}${i.seriesCount > 5 ? ', …' : ''}]` : '';
    lines.push(`  ${i.severity.padEnd(8)} ${i.type}: ${i.message}${who}`);
  }
  if (report.issues.length === 0) lines.push('  no issues');
  const byKind = new Map<string, { count: number; series: number }>();
  for (const r of report.repairs) {
    const k = `${r.kind} (${r.column})`;
    const acc = byKind.get(k) ?? { count: 0, series: 0 };
    acc.count += r.count;
    acc.series += 1;
    byKind.set(k, acc);
  }
  for (const [k, v] of byKind) lines.push(`  repair   ${k}: ${v.count} value(s) in ${v.series} series`);
  if (report.leakageDetected) lines.push('  covariate leakage detected');
  if (written) lines.push(`  wrote the repaired panel to ${written}`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  addDataInputOptions(program.command('qa').description('data-quality checks and point-in-time-safe repairs (quick | standard | strict)'))
    .option('--mode <mode>', `${MODES.join(' | ')} (default standard; strict refuses critical issues and future-looking repairs)`)
    .option('--h <n>', 'forecast horizon (for history-length and covariate-coverage checks)')
    .option('--freq <alias>', 'data frequency; inferred when absent')
    .option('--min-train <n>', 'histories shorter than this are flagged')
    .option('--no-repair', 'report only, repair nothing')
    .option('--missing <method>', `fill for missing values: ${MISSING.join(' | ')} (default ffill)`)
    .option('--winsorize', 'also clip outliers to a trailing robust band (default: report them, change nothing)')
    .option('--out <file>', 'write the repaired panel (format from the extension)')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 no critical issue, 2 critical issues or bad input, 1 unexpected failure.\nExample: tsagentkit qa --example co2 --out co2-repaired.csv',
    )
    .action((file: string | undefined, o: QaCommandOptions) => runCommand(async () => (await qaCommand(file, o)).exitCode));
}
