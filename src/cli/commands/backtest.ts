/**
 * `tsagentkit backtest`: rolling-origin evaluation of one or more models on a panel, printed as a
 * comparison table (MAE, RMSE, sMAPE, MASE, WAPE, WQL, coverage) with the CV frame and per-model
 * reports written on request. Models are statistical registry names or TSFM families (`chronos`,
 * …) with a checkpoint; TSFMs come from a ModelPool like `forecast`'s (each loaded once, reused by
 * every window, unloaded at the end).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { concatCvFrames, cvFrameToTable } from '../../backtest/cvFrame.js';
import { rollingBacktest, type BacktestReport } from '../../backtest/rolling.js';
import type { WindowAnchor, WindowStrategy } from '../../backtest/windows.js';
import { canonicalFreq } from '../../data/frequency.js';
import { writeTable } from '../../data/io/readWrite.js';
import { formatTimestamp } from '../../data/timestamps.js';
import { EAdapterNotAvailable, EFreqInferFailed } from '../../errors/index.js';
import { ModelPool } from '../../runtime/modelPool.js';
import { findTsfmFamily, tsfmFamilyNames } from '../../tsfm/families.js';
import { backtestSummary, toJsonValue } from '../../forecast/artifact.js';
import { isBuiltinStatisticalModel, isStatisticalModel, statisticalModelNames } from '../../models/registry.js';
import { statisticalAdapter } from '../../models/statistical.js';
import type { ForecastAdapter } from '../../models/contract.js';
import { makePlan } from '../../router/plan.js';
import { PooledStatisticalAdapter } from '../../runtime/workers/pooledAdapter.js';
import { defaultWorkerCount, StatWorkerPool } from '../../runtime/workers/workerPool.js';
import { resolveFreq, resolveSeasonLength } from '../../task/resolvedTask.js';
import { parseTaskSpec, requiredQuantiles } from '../../task/taskSpec.js';
import { validate } from '../../validation/index.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit.js';
import {
  addDataInputOptions,
  loadInput,
  parseChoice,
  parseIntOption,
  parseNumberList,
  progressLogger,
  runCommand,
  type DataInputOptions,
} from './dataInput.js';
import { OUTPUT_FORMATS } from './forecast.js';
import {
  ACCEPT_LICENCE_HELP,
  acceptLicenceArgParser,
  detectTsfm,
  MODEL_DIR_HELP,
  modelSizeHelp,
  perAdapter,
  perFamilyArgParser,
  perFamilyValues,
  type PerFamilyValues,
} from './tsfmAvailability.js';

export interface BacktestCommandOptions extends DataInputOptions {
  h?: string;
  windows?: string;
  step?: string;
  minTrain?: string;
  strategy?: string;
  anchor?: string;
  models?: string;
  freq?: string;
  seasonLength?: string;
  quantiles?: string;
  levels?: string;
  /** `chronos=./c2,timesfm=./tfm` or a bare directory (the first TSFM in --models); parsed or as typed. */
  modelDir?: string | PerFamilyValues;
  /** `timesfm=…,chronos=small` or a bare size label (the first TSFM in --models). */
  modelSize?: string | PerFamilyValues;
  /** Families whose non-commercial licence is accepted (`--accept-licence moirai`). */
  acceptLicence?: string[];
  out?: string;
  format?: string;
  json?: boolean;
  quiet?: boolean;
  workers?: string;
}

export interface BacktestCommandResult {
  readonly exitCode: number;
  readonly reports: readonly BacktestReport[];
  readonly failed: Readonly<Record<string, string>>;
  readonly files: readonly string[];
}

export async function backtestCommand(file: string | undefined, o: BacktestCommandOptions): Promise<BacktestCommandResult> {
  const log = progressLogger(o.quiet || o.json);
  const input = await loadInput(file, o);
  const h = parseIntOption(o.h, '--h') ?? input.example?.defaultH ?? undefined;
  const quantiles = parseNumberList(o.quantiles, '--quantiles');
  const levels = parseNumberList(o.levels, '--levels');
  const spec = parseTaskSpec({
    h: h ?? 0, // 0 makes parseTaskSpec name the missing horizon
    ...(o.freq ? { freq: o.freq } : {}),
    ...(quantiles ? { quantiles } : {}),
    ...(levels ? { levels } : {}),
    tsfmPolicy: { mode: 'disabled' },
  });
  const nWindows = parseIntOption(o.windows, '--windows') ?? 2;
  const step = parseIntOption(o.step, '--step');
  const minTrainSize = parseIntOption(o.minTrain, '--min-train');
  const seasonLengthOpt = parseIntOption(o.seasonLength, '--season-length');
  const strategy = parseChoice<WindowStrategy>(o.strategy, '--strategy', ['expanding', 'sliding']) ?? 'expanding';
  const anchor = parseChoice<WindowAnchor>(o.anchor, '--anchor', ['start', 'end']) ?? spec.backtest.anchor;
  const format = parseChoice(o.format, '--format', OUTPUT_FORMATS) ?? 'csv';
  const workers = parseIntOption(o.workers, '--workers') ?? defaultWorkerCount();

  const report = validate(input.table, { h: spec.h, ...(spec.freq ? { freq: spec.freq } : {}), duplicatePolicy: spec.duplicatePolicy });
  const panel = report.throwIfErrors();
  const freqAlias = resolveFreq(spec.freq, panel);
  if (!freqAlias)
    throw new EFreqInferFailed('Cannot infer the frequency of the data; pass --freq.', { context: { nSeries: panel.series.length } });
  const freq = canonicalFreq(freqAlias);
  const seasonLength = resolveSeasonLength(seasonLengthOpt, freq);

  const names = o.models
    ? o.models
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : makePlan(panel, spec, { freq: freqAlias, seasonLength, knownModels: statisticalModelNames() }).candidates.filter(isStatisticalModel);
  log(
    `backtesting ${names.join(', ')} on ${input.label}: ${panel.series.length} series, h=${spec.h}, ${nWindows} ${strategy} windows (anchored at the ${anchor})`,
  );

  const tsfmNames = names.filter((n) => !isStatisticalModel(n) && findTsfmFamily(n));
  const reports: BacktestReport[] = [];
  const failed: Record<string, string> = {};
  for (const name of names.filter((n) => !isStatisticalModel(n) && !findTsfmFamily(n))) {
    const err = unknownModel(name);
    failed[name] = err.message;
    process.stderr.write(`${name}: ${failed[name]} ${err.fixHint ?? ''}\n`);
  }
  const pool = await tsfmPool(tsfmNames, o, failed);
  const workerPool = workers > 1 ? new StatWorkerPool({ threads: workers }) : undefined;
  try {
    for (const name of names) {
      if (failed[name] !== undefined) continue;
      let adapter: ForecastAdapter;
      try {
        adapter = statisticalFor(name, workerPool) ?? (await requirePool(pool, name).get(name));
      } catch (e) {
        failed[name] = e instanceof Error ? e.message : String(e);
        process.stderr.write(`${name}: ${failed[name]}\n`);
        continue;
      }
      const r = await rollingBacktest(panel, adapter, {
        h: spec.h,
        nWindows,
        ...(step !== undefined ? { step } : {}),
        ...(minTrainSize !== undefined ? { minTrainSize } : {}),
        strategy,
        anchor,
        freq,
        seasonLength,
        quantiles: requiredQuantiles(spec),
        modelName: name,
        onWindow: (e) =>
          log(
            `  ${name} window ${e.window + 1}/${e.of} (cutoff ${formatTimestamp(e.cutoff, true)}) ${e.ok ? 'ok' : 'FAILED'} ${Math.round(e.ms)} ms`,
          ),
      });
      reports.push(r);
      for (const err of r.errors)
        process.stderr.write(`  ${name} window ${err.window + 1} failed at ${err.stage}: ${err.code} ${err.message}\n`);
    }
  } finally {
    await pool?.close();
    await workerPool?.close();
  }

  const files: string[] = [];
  if (o.out && reports.length > 0) {
    await mkdir(o.out, { recursive: true });
    const cvPath = join(o.out, `backtest.${format}`);
    await writeTable(cvFrameToTable(concatCvFrames(reports.map((r) => r.cv))), cvPath, { format });
    const jsonPath = join(o.out, 'backtest.json');
    await writeFile(jsonPath, `${JSON.stringify(toJsonValue(reports.map(backtestSummary)), null, 2)}\n`);
    files.push(cvPath, jsonPath);
  }
  if (o.json) process.stdout.write(`${JSON.stringify(toJsonValue({ reports: reports.map(backtestSummary), failed }), null, 2)}\n`);
  else process.stdout.write(formatBacktestTable(reports, failed, files));
  const anyOk = reports.some((r) => r.nWindowsOk > 0);
  return { exitCode: anyOk ? EXIT_OK : EXIT_FAILURE, reports, failed, files };
}

/** A statistical model on the worker pool when there is one (built-in models only), else in-process. */
function statisticalFor(name: string, workerPool: StatWorkerPool | undefined): ForecastAdapter | undefined {
  if (workerPool && isBuiltinStatisticalModel(name)) return new PooledStatisticalAdapter(name, workerPool);
  return statisticalAdapter(name);
}

/**
 * The pool serving the TSFMs of --models (undefined when there are none): the same detection as
 * `forecast` (checkpoint on disk, nothing downloaded), preloaded one at a time. A TSFM without a
 * checkpoint or failing to load is recorded in `failed` with the reason.
 */
async function tsfmPool(
  names: readonly string[],
  o: BacktestCommandOptions,
  failed: Record<string, string>,
): Promise<ModelPool | undefined> {
  if (names.length === 0) return undefined;
  const tsfm = await detectTsfm({
    adapters: names,
    modelDirs: perAdapter('--model-dir', perFamilyValues('--model-dir', o.modelDir), names),
    modelSizes: perAdapter('--model-size', perFamilyValues('--model-size', o.modelSize), names),
    ...(o.acceptLicence?.length ? { acceptLicences: o.acceptLicence } : {}),
  });
  for (const [name, why] of Object.entries(tsfm.unavailable)) {
    failed[name] = `no checkpoint (${why})`;
    process.stderr.write(`${name}: ${failed[name]}\n`);
  }
  if (!tsfm.poolConfig) return undefined;
  const pool = new ModelPool({ ...tsfm.poolConfig, allowLazyLoadOnMiss: true });
  await pool.ready.catch(() => undefined); // a failed load is reported per model by get()
  return pool;
}

function unknownModel(name: string): EAdapterNotAvailable {
  return new EAdapterNotAvailable(`Unknown model "${name}".`, {
    context: { model: name, available: [...statisticalModelNames(), ...tsfmFamilyNames()] },
    fixHint: `Use statistical models (${statisticalModelNames().join(', ')}) or a TSFM family (${tsfmFamilyNames().join(', ')}) with --model-dir.`,
  });
}

function requirePool(pool: ModelPool | undefined, name: string): ModelPool {
  if (!pool) throw new EAdapterNotAvailable(`No TSFM pool serves "${name}".`, { context: { model: name } });
  return pool;
}

const num = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();

/** One row per model, best MASE first. */
export function formatBacktestTable(
  reports: readonly BacktestReport[],
  failed: Readonly<Record<string, string>>,
  files: readonly string[],
): string {
  const sorted = [...reports].sort((a, b) => (a.aggregate['mase'] ?? Infinity) - (b.aggregate['mase'] ?? Infinity));
  const header = ['model', 'windows', 'MAE', 'RMSE', 'sMAPE', 'MASE', 'WAPE', 'WQL', 'cov80', 'cov95', 'ms'];
  const rows = sorted.map((r) => [
    r.model,
    `${r.nWindowsOk}/${r.nWindowsRequested}`,
    num(r.aggregate['mae']),
    num(r.aggregate['rmse']),
    num(r.aggregate['smape']),
    num(r.aggregate['mase']),
    num(r.pooled['wape']),
    num(r.pooled['wql']),
    num(r.aggregate['coverage_80']),
    num(r.aggregate['coverage_95']),
    String(Math.round(r.windows.reduce((a, w) => a + w.ms, 0))),
  ]);
  const widths = header.map((_, j) => Math.max(header[j].length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => `  ${r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ')}`;
  const out: string[] = [];
  if (reports[0]) {
    const r = reports[0];
    const cutoffs = r.windows.map((w) => formatTimestamp(w.cutoff, true)).join(', ');
    out.push(
      `backtest: h=${r.h}, step ${r.step}, ${r.strategy} windows anchored at the ${r.anchor} (min train ${r.minTrainSize}), cutoffs ${cutoffs}, season length ${r.seasonLength}`,
    );
  }
  out.push(line(header), ...rows.map(line));
  for (const [m, why] of Object.entries(failed)) out.push(`  ${m}: not run (${why})`);
  out.push(
    '  sMAPE on the 0–1 scale (|e|/(|y|+|ŷ|)); MASE scaled by the in-sample seasonal-naive MAE; WAPE and WQL pooled over the panel.',
  );
  if (files.length > 0) out.push(`wrote ${files.join(', ')}`);
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  addDataInputOptions(
    program
      .command('backtest')
      .description(`rolling-origin backtest of statistical models and TSFMs (${tsfmFamilyNames().join(', ')}) with a metrics table`),
  )
    .option('--h <n>', "horizon of each window (default: the example's)")
    .option('--windows <n>', 'number of windows (default 2)')
    .option('--step <n>', 'dates between cutoffs (default h)')
    .option('--min-train <n>', 'training dates of the first (or every sliding) window (default max(2·season, 10))')
    .option('--strategy <s>', 'expanding | sliding (default expanding)')
    .option(
      '--anchor <a>',
      'end: the last window ends on the last date (default); start: the first window trains on --min-train dates (the Python original)',
    )
    .option('--models <list>', "models to compare, comma-separated (default: the router's statistical ladder for the data)")
    .option('--freq <alias>', 'data frequency; inferred when absent')
    .option('--season-length <n>', 'season length (default from the frequency)')
    .option('--quantiles <list>', 'quantile levels (default 0.1,0.5,0.9)')
    .option('--levels <list>', 'interval levels in percent (default 80,95)')
    .option('--model-dir <dirs>', MODEL_DIR_HELP.replace('of the policy', 'in --models'), perFamilyArgParser('--model-dir'))
    .option('--model-size <sizes>', modelSizeHelp().replace("first TSFM's", 'first TSFM in --models'), perFamilyArgParser('--model-size'))
    .option('--accept-licence <families>', ACCEPT_LICENCE_HELP, acceptLicenceArgParser)
    .option('--out <dir>', 'write backtest.<fmt> (the CV frame with cutoff) and backtest.json')
    .option('--format <fmt>', `CV frame format: ${OUTPUT_FORMATS.join(' | ')} (default csv)`)
    .option('--json', 'print the reports as JSON')
    .option('--quiet', 'no progress on stderr')
    .option('--workers <n>', 'worker threads for statistical fits (default: cores − 1; 1 fits on the main thread)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 no model produced a window, 2 bad input or options.\nExample: tsagentkit backtest --example unemployment --models Theta,SeasonalNaive,Naive --windows 3',
    )
    .action((file: string | undefined, o: BacktestCommandOptions) => runCommand(async () => (await backtestCommand(file, o)).exitCode));
}
