/**
 * What the data commands (forecast, validate, qa, backtest) share: where the panel comes from (a file
 * in any supported format, or an embedded example), column renaming to `unique_id, ds, y`, option
 * parsing into typed errors (exit code 2), and progress lines on stderr.
 */
import type { Command } from 'commander';
import { readTable } from '../../data/io/readWrite.js';
import { makeTable, type Column, type Table } from '../../data/io/table.js';
import { EContractMissingColumn, EDataFormat, ETaskSpecInvalid, MODEL_RUNTIME_ERROR_CODES, isTSAgentKitError } from '../../errors/index.js';
import { EXAMPLE_NAMES, loadExample, type ExampleDataset } from '../../examples/index.js';
import { EXIT_FAILURE, EXIT_USAGE } from '../exit.js';

export interface DataInputOptions {
  example?: string;
  idCol?: string;
  dsCol?: string;
  yCol?: string;
}

export interface LoadedInput {
  /** Long-format table with canonical column names. */
  readonly table: Table;
  /** "example:<name>" or the file path, for artifacts. */
  readonly source: string;
  /** Human label for summaries. */
  readonly label: string;
  readonly example?: ExampleDataset;
}

export function addDataInputOptions(cmd: Command): Command {
  return cmd
    .argument('[file]', 'long-format data file: CSV, TSV, JSON (records/columnar), JSONL, Parquet or Arrow')
    .option('--example <name>', `use an embedded dataset instead of a file (${EXAMPLE_NAMES.join(', ')})`)
    .option('--id-col <name>', 'column holding the series id (default unique_id)')
    .option('--ds-col <name>', 'column holding the timestamp (default ds)')
    .option('--y-col <name>', 'column holding the target (default y)');
}

export async function loadInput(file: string | undefined, o: DataInputOptions): Promise<LoadedInput> {
  if (file && o.example) {
    throw new ETaskSpecInvalid('Give either a data file or --example, not both.', { context: { file, example: o.example } });
  }
  if (o.example) {
    const ex = await loadExample(o.example);
    return { table: ex.table, source: `example:${ex.name}`, label: `${ex.title} (example:${ex.name})`, example: ex };
  }
  if (!file) {
    throw new EDataFormat('No data given: pass a file path or --example <name>.', {
      context: { examples: EXAMPLE_NAMES },
      fixHint: `Try: --example ${EXAMPLE_NAMES[0]}`,
    });
  }
  const table = await readTable(file);
  return { table: renameColumns(table, o), source: file, label: file };
}

/** Renames the mapped columns to unique_id / ds / y; a mapped column that is absent is an error. */
export function renameColumns(table: Table, o: DataInputOptions): Table {
  const map: Record<string, string> = {};
  for (const [canonical, given] of [
    ['unique_id', o.idCol],
    ['ds', o.dsCol],
    ['y', o.yCol],
  ] as const) {
    if (!given || given === canonical) continue;
    if (!(given in table.columns)) {
      throw new EContractMissingColumn(`Column "${given}" (given for ${canonical}) is not in the data.`, {
        context: { column: given, role: canonical, columns: Object.keys(table.columns) },
      });
    }
    map[given] = canonical;
  }
  if (Object.keys(map).length === 0) return table;
  const columns: Record<string, Column> = {};
  for (const [name, col] of Object.entries(table.columns)) {
    const target = map[name] ?? name;
    if (target !== name && target in table.columns && !(target in map)) {
      throw new EContractMissingColumn(`Cannot rename "${name}" to "${target}": the data already has a "${target}" column.`, {
        context: { column: name, target },
      });
    }
    columns[target] = col;
  }
  return makeTable(columns);
}

/** "0.1,0.5,0.9" → [0.1, 0.5, 0.9]; non-numbers are a typed error naming the option. */
export function parseNumberList(text: string | undefined, option: string): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new ETaskSpecInvalid(`${option} takes comma-separated numbers, got "${text}".`, { context: { option, value: text } });
  }
  return values;
}

/** A whole number option; undefined stays undefined, anything else non-integer is a typed error. */
export function parseIntOption(text: string | undefined, option: string, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) {
    throw new ETaskSpecInvalid(`${option} takes an integer ≥ ${min}, got "${text}".`, { context: { option, value: text } });
  }
  return v;
}

export function parseChoice<T extends string>(text: string | undefined, option: string, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new ETaskSpecInvalid(`${option} must be one of ${choices.join(', ')}, got "${text}".`, { context: { option, value: text } });
  }
  return text as T;
}

/** Progress on stderr (stdout stays for results). */
export function progressLogger(quiet: boolean | undefined): (message: string) => void {
  return quiet ? () => {} : (message) => process.stderr.write(`${message}\n`);
}

/**
 * Exit code for an error: model failures (every candidate failed, out of memory) are failures of
 * the work (1); other typed errors are bad input (2); anything untyped is a failure (1).
 */
export function exitCodeFor(error: unknown): number {
  if (!isTSAgentKitError(error)) return EXIT_FAILURE;
  if (error.code === 'E_FALLBACK_EXHAUSTED' || MODEL_RUNTIME_ERROR_CODES.has(error.code)) return EXIT_FAILURE;
  return EXIT_USAGE;
}

/** Prints an error as one readable block on stderr (never a stack trace unless TSAGENTKIT_DEBUG). */
export function reportError(error: unknown): number {
  if (isTSAgentKitError(error)) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (error.fixHint) process.stderr.write(`  fix: ${error.fixHint}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (process.env['TSAGENTKIT_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodeFor(error);
}

/** Runs a command body and sets the process exit code from its result or error. */
export async function runCommand(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
