/**
 * `tsagentkit validate`: checks a panel against the data contract (columns, types, duplicates,
 * order, frequency, non-finite values, length) and prints the errors, warnings and statistics.
 * Exit 0 when valid, 2 when the data has errors.
 */
import type { Command } from 'commander';
import type { Issue } from '../../data/issue.js';
import { validate, type ValidationReport } from '../../validation/index.js';
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

export interface ValidateCommandOptions extends DataInputOptions {
  freq?: string;
  h?: string;
  minLength?: string;
  duplicatePolicy?: string;
  json?: boolean;
  quiet?: boolean;
}

export const DUPLICATE_POLICIES = ['reject', 'sum', 'mean', 'last'] as const;

export async function validateCommand(
  file: string | undefined,
  o: ValidateCommandOptions,
): Promise<{ exitCode: number; report: ValidationReport }> {
  const log = progressLogger(o.quiet || o.json);
  const input = await loadInput(file, o);
  log(`validating ${input.label} (${input.table.length} rows)`);
  const h = parseIntOption(o.h, '--h');
  const minLength = parseIntOption(o.minLength, '--min-length');
  const duplicatePolicy = parseChoice(o.duplicatePolicy, '--duplicate-policy', DUPLICATE_POLICIES);
  const report = validate(input.table, {
    ...(h !== undefined ? { h } : {}),
    ...(minLength !== undefined ? { minLength } : {}),
    ...(o.freq ? { freq: o.freq } : {}),
    ...(duplicatePolicy ? { duplicatePolicy } : {}),
  });
  if (o.json) process.stdout.write(`${JSON.stringify(report.toJSON(), null, 2)}\n`);
  else process.stdout.write(formatValidation(report, input.label));
  return { exitCode: report.valid ? EXIT_OK : EXIT_USAGE, report };
}

export function formatValidation(report: ValidationReport, label: string): string {
  const s = report.stats;
  const lines = [`${report.valid ? 'VALID' : 'INVALID'}: ${label}`];
  lines.push(
    `  ${s.nRows} rows, ${s.nSeries} series, lengths ${s.seriesLengths.min}–${s.seriesLengths.max}` +
      (s.dateRange.start ? `, ${s.dateRange.start} … ${s.dateRange.end}` : '') +
      (s.freq ? `, freq ${s.freq}` : ', freq unknown'),
  );
  if (s.y.missing > 0) lines.push(`  y missing in ${s.y.missing} rows`);
  if (s.ignoredColumns.length > 0) lines.push(`  ignored columns: ${s.ignoredColumns.join(', ')}`);
  const issue = (i: Issue) =>
    `  ${i.severity === 'error' ? 'error  ' : 'warning'} ${i.code}: ${i.message}${i.fixHint && i.severity === 'error' ? `\n            fix: ${i.fixHint}` : ''}`;
  for (const i of report.errors) lines.push(issue(i));
  for (const i of report.warnings) lines.push(issue(i));
  if (report.errors.length === 0 && report.warnings.length === 0) lines.push('  no issues');
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  addDataInputOptions(
    program.command('validate').description('check a panel against the data contract and print errors, warnings and statistics'),
  )
    .option('--freq <alias>', 'expected frequency (e.g. D, H, W-SUN, MS); inferred when absent')
    .option('--h <n>', 'forecast horizon: series with fewer observations get a warning')
    .option('--min-length <n>', 'series with fewer observations are errors')
    .option('--duplicate-policy <policy>', `duplicate (unique_id, ds) rows: ${DUPLICATE_POLICIES.join(' | ')} (default reject)`)
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 2 invalid data or bad options, 1 unexpected failure.\nExample: tsagentkit validate --example stocks',
    )
    .action((file: string | undefined, o: ValidateCommandOptions) => runCommand(async () => (await validateCommand(file, o)).exitCode));
}
