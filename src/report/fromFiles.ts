/**
 * A report from a forecast's output directory: `artifact.json`, `forecast.<fmt>` and, after a
 * backtest, `backtest.<fmt>`, as `tsagentkit forecast` writes them. The history is read again from
 * the run's data source (the artifact's `data.source`: an example name or a file path), or from
 * the data the caller names; without it the charts show the backtest's actuals only.
 */
import { access, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TABLE_FORMATS, readTable } from '../data/io/readWrite.js';
import type { Column, Table } from '../data/io/table.js';
import { toEpochMs } from '../data/timestamps.js';
import { EReportInputInvalid } from '../errors/index.js';
import { loadExample } from '../examples/examples.js';
import { loadRunArtifact, type RunArtifact } from '../forecast/artifact.js';
import { buildReport, type ReportCvRows, type ReportForecastSeries, type ReportHistorySeries, type ReportOptions } from './build.js';
import type { ForecastReport } from './model.js';

export interface HistoryColumns {
  readonly idCol?: string;
  readonly dsCol?: string;
  readonly yCol?: string;
}

export interface DirReportOptions extends ReportOptions {
  /** The history: a data file, "example:<name>", or series; default: the artifact's data source. */
  readonly history?: string | readonly ReportHistorySeries[];
  /** Column names of the history file when they are not unique_id / ds / y. */
  readonly columns?: HistoryColumns;
}

export interface DirReport {
  readonly report: ForecastReport;
  readonly artifact: RunArtifact;
  readonly files: { readonly artifact: string; readonly forecast: string; readonly backtest?: string };
  /** Why the history is missing, when it is (the charts then show backtest actuals only). */
  readonly historyNote?: string;
}

export async function loadReport(outDir: string, options: DirReportOptions = {}): Promise<DirReport> {
  const artifactPath = join(outDir, 'artifact.json');
  if (!(await exists(artifactPath))) {
    throw new EReportInputInvalid(`${outDir} has no artifact.json: it is not the output directory of a forecast run.`, {
      context: { outDir, expected: ['artifact.json', 'forecast.<fmt>'] },
      fixHint: 'Run `tsagentkit forecast … --out <dir>` first and pass that directory.',
    });
  }
  const artifact = await loadRunArtifact(artifactPath);
  const forecastPath = await findTableFile(outDir, 'forecast', artifact.forecast.path);
  if (!forecastPath) {
    throw new EReportInputInvalid(`${outDir} has no forecast file (forecast.csv, forecast.parquet, …).`, {
      context: { outDir, artifactForecastPath: artifact.forecast.path },
      fixHint: 'Keep the forecast file next to artifact.json, as `tsagentkit forecast` writes it.',
    });
  }
  const forecastTable = await readTable(forecastPath);
  const { levels, series } = forecastFromTable(forecastTable, forecastPath);
  const backtestPath = await findTableFile(outDir, 'backtest', null);
  const cv = backtestPath ? cvFromTable(await readTable(backtestPath), backtestPath) : undefined;

  const { history, note } = await loadHistory(options.history ?? artifact.data.source, options.columns ?? {});
  const report = buildReport({ artifact, quantileLevels: levels, forecast: series, cv, history }, options);
  return {
    report,
    artifact,
    files: { artifact: artifactPath, forecast: forecastPath, ...(backtestPath ? { backtest: backtestPath } : {}) },
    ...(note ? { historyNote: note } : {}),
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** `<stem>.<fmt>` in the directory: the artifact's own file name first, then any known format. */
async function findTableFile(dir: string, stem: string, recorded: string | null): Promise<string | undefined> {
  if (recorded && (await exists(join(dir, basename(recorded))))) return join(dir, basename(recorded));
  const names = new Set(await readdir(dir));
  const format = TABLE_FORMATS.find((f) => names.has(`${stem}.${f}`));
  return format ? join(dir, `${stem}.${format}`) : undefined;
}

const QUANTILE_COLUMN = /^q(0?\.\d+)$/;

function requireColumn(table: Table, name: string, file: string): Column {
  const col = table.columns[name];
  if (!col) {
    throw new EReportInputInvalid(`${file} has no "${name}" column.`, {
      context: { file, column: name, columns: Object.keys(table.columns) },
    });
  }
  return col;
}

function numbers(col: Column): Float64Array {
  return col instanceof Float64Array
    ? col
    : Float64Array.from(col, (c) => (typeof c === 'number' ? c : c === null ? Number.NaN : Number(c)));
}

function timestamps(col: Column, file: string, name: string): Float64Array {
  const out = col instanceof Float64Array ? col : Float64Array.from(col, toEpochMs);
  const bad = out.findIndex((t) => !Number.isFinite(t));
  if (bad >= 0)
    throw new EReportInputInvalid(`${file}: row ${bad + 1} has an unreadable "${name}" timestamp.`, { context: { file, row: bad + 1 } });
  return out;
}

function strings(col: Column): string[] {
  return Array.from(col as ArrayLike<unknown>, (c) => String(c));
}

function quantileColumns(table: Table): Array<{ name: string; level: number }> {
  return Object.keys(table.columns)
    .map((name) => ({ name, m: QUANTILE_COLUMN.exec(name) }))
    .filter((c): c is { name: string; m: RegExpExecArray } => c.m !== null)
    .map((c) => ({ name: c.name, level: Number(c.m[1]) }))
    .sort((a, b) => a.level - b.level);
}

/** Row indices per series id, in first-seen order. */
function groupRows(ids: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  ids.forEach((id, i) => {
    const g = groups.get(id);
    if (g) g.push(i);
    else groups.set(id, [i]);
  });
  return groups;
}

function forecastFromTable(table: Table, file: string): { levels: number[]; series: ReportForecastSeries[] } {
  const ids = strings(requireColumn(table, 'unique_id', file));
  const ds = timestamps(requireColumn(table, 'ds', file), file, 'ds');
  const mean = numbers(requireColumn(table, 'mean', file));
  const models = table.columns['model'] ? strings(table.columns['model']) : undefined;
  const qcols = quantileColumns(table);
  const qs = qcols.map((c) => numbers(table.columns[c.name] as Column));
  const series = [...groupRows(ids)].map(([id, rows]) => {
    rows.sort((a, b) => (ds[a] as number) - (ds[b] as number));
    const pick = (col: Float64Array) => Float64Array.from(rows, (i) => col[i] as number);
    return {
      id,
      model: models ? (models[rows[0] as number] as string) : 'unknown',
      ds: pick(ds),
      mean: pick(mean),
      quantiles: qs.map(pick),
    };
  });
  return { levels: qcols.map((c) => c.level), series };
}

function cvFromTable(table: Table, file: string): ReportCvRows {
  const qcols = quantileColumns(table);
  return {
    quantileLevels: qcols.map((c) => c.level),
    unique_id: strings(requireColumn(table, 'unique_id', file)),
    ds: timestamps(requireColumn(table, 'ds', file), file, 'ds'),
    cutoff: timestamps(requireColumn(table, 'cutoff', file), file, 'cutoff'),
    y: numbers(requireColumn(table, 'y', file)),
    mean: numbers(requireColumn(table, 'mean', file)),
    quantiles: qcols.map((c) => numbers(table.columns[c.name] as Column)),
  };
}

async function loadHistory(
  source: string | readonly ReportHistorySeries[],
  columns: HistoryColumns,
): Promise<{ history?: readonly ReportHistorySeries[]; note?: string }> {
  if (typeof source !== 'string') return { history: source };
  if (source.startsWith('example:')) {
    const ex = await loadExample(source.slice('example:'.length));
    return { history: ex.panel.series };
  }
  if (source === 'memory' || !(await exists(source))) {
    return { note: `the run's data (${source}) cannot be read here; pass it with --data <file> to draw the history` };
  }
  const table = await readTable(source);
  const name = { id: columns.idCol ?? 'unique_id', ds: columns.dsCol ?? 'ds', y: columns.yCol ?? 'y' };
  for (const col of [name.id, name.ds, name.y]) {
    if (!(col in table.columns)) {
      throw new EReportInputInvalid(`The data file ${source} has no "${col}" column, so the history cannot be drawn.`, {
        context: { file: source, column: col, columns: Object.keys(table.columns) },
        fixHint: 'Name the columns with --id-col, --ds-col and --y-col, as for the forecast run.',
      });
    }
  }
  const ids = strings(table.columns[name.id] as Column);
  const ds = timestamps(table.columns[name.ds] as Column, source, name.ds);
  const y = numbers(table.columns[name.y] as Column);
  const history = [...groupRows(ids)].map(([id, rows]) => {
    rows.sort((a, b) => (ds[a] as number) - (ds[b] as number));
    return { id, ds: Float64Array.from(rows, (i) => ds[i] as number), y: Float64Array.from(rows, (i) => y[i] as number) };
  });
  return { history };
}
