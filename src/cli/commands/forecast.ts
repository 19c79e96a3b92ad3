/**
 * `tsagentkit forecast`: the main job. Loads a panel (file or embedded example), runs a
 * TSAgentSession (validate → qa → plan → backtest → fit with fallback → predict), writes
 * `forecast.<fmt>` (long format) and `artifact.json` (+ `backtest.<fmt>`, the CV frame, when a
 * backtest ran) and prints a readable summary. Without a TSFM checkpoint it says so in one line
 * and uses the statistical ladder.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { BacktestReport } from '../../backtest/rolling.js';
import { cvFrameToTable } from '../../backtest/cvFrame.js';
import type { TableFormat } from '../../data/io/readWrite.js';
import { writeTable } from '../../data/io/readWrite.js';
import { formatQaSummary } from './qaSummary.js';
import { formatTimestamp } from '../../data/timestamps.js';
import { ETaskSpecInvalid } from '../../errors/index.js';
import { saveRunArtifact, withRunOutputs, type RunArtifact } from '../../forecast/artifact.js';
import { forecastFileName, writeForecast } from '../../forecast/frame.js';
import { quantileColumn } from '../../forecast/types.js';
import type { Plan } from '../../router/plan.js';
import { defaultSteps } from '../../runtime/defaultSteps.js';
import { TSAgentSession, type SessionRun } from '../../runtime/session.js';
import { LOAD_FAILURE_CODES, type FallbackTransition } from '../../runtime/ladder/fallback.js';
import { parseTaskSpec, type TaskSpecInput } from '../../task/taskSpec.js';
import { findTsfmFamily } from '../../tsfm/families.js';
import { defaultTsfmAdapters } from '../../tsfm/licence.js';
import { EXIT_OK } from '../exit.js';
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
import {
  ACCEPT_LICENCE_HELP,
  acceptLicenceArgParser,
  detectTsfm,
  MODEL_DIR_HELP,
  modelSizeHelp,
  noTsfmNotice,
  perAdapter,
  perFamilyArgParser,
  perFamilyValues,
  type PerFamilyValues,
} from './tsfmAvailability.js';
import { parsePlotOptions, writeReportOutputs } from './report.js';

export const OUTPUT_FORMATS = ['csv', 'json', 'jsonl', 'parquet', 'arrow'] as const satisfies readonly TableFormat[];
const MODES = ['quick', 'standard', 'strict'] as const;
const POLICIES = ['required', 'preferred', 'disabled'] as const;

export interface ForecastCommandOptions extends DataInputOptions {
  h?: string;
  freq?: string;
  quantiles?: string;
  levels?: string;
  seasonLength?: string;
  mode?: string;
  backtest?: boolean;
  windows?: string;
  tsfm?: string;
  tsfmPolicy?: string;
  /** `chronos=./c2,timesfm=./tfm` or a bare directory (the first TSFM of the policy); parsed or as typed. */
  modelDir?: string | PerFamilyValues;
  /** `timesfm=200m,chronos=small` or a bare size label (the first TSFM of the policy). */
  modelSize?: string | PerFamilyValues;
  download?: boolean;
  revision?: string;
  device?: string;
  /** Families whose non-commercial licence is accepted (`--accept-licence moirai`). */
  acceptLicence?: string[];
  out?: string;
  format?: string;
  json?: boolean;
  quiet?: boolean;
  report?: boolean;
  plot?: string;
  plotLimit?: string;
  workers?: string;
}

export interface ForecastCommandResult {
  readonly exitCode: number;
  readonly artifact: RunArtifact;
  readonly run: SessionRun;
  readonly files: {
    readonly forecast: string;
    readonly artifact: string;
    readonly backtest?: string;
    readonly report?: string;
    readonly plots?: readonly string[];
  };
  readonly notice: string | null;
}

export async function forecastCommand(file: string | undefined, o: ForecastCommandOptions): Promise<ForecastCommandResult> {
  const log = progressLogger(o.quiet);
  const input = await loadInput(file, o);
  const h = parseIntOption(o.h, '--h') ?? input.example?.defaultH;
  if (h === undefined) {
    throw new ETaskSpecInvalid('The forecast horizon is missing: pass --h <steps>.', { context: { option: '--h' } });
  }
  const mode = parseChoice(o.mode, '--mode', MODES) ?? 'standard';
  const policy = parseChoice(o.tsfmPolicy, '--tsfm-policy', POLICIES) ?? 'preferred';
  const format = parseChoice(o.format, '--format', OUTPUT_FORMATS) ?? 'csv';
  const quantiles = parseNumberList(o.quantiles, '--quantiles');
  const levels = parseNumberList(o.levels, '--levels');
  const seasonLength = parseIntOption(o.seasonLength, '--season-length');
  const nWindows = parseIntOption(o.windows, '--windows');
  const plotOptions = parsePlotOptions(o);
  const workers = parseIntOption(o.workers, '--workers');
  const adapters = o.tsfm
    ? o.tsfm
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : defaultTsfmAdapters();
  const specInput: TaskSpecInput = {
    h,
    ...(o.freq ? { freq: o.freq } : {}),
    ...(quantiles ? { quantiles } : {}),
    ...(levels ? { levels } : {}),
    ...(seasonLength !== undefined ? { seasonLength } : {}),
    tsfmPolicy: { mode: policy, adapters },
    ...(nWindows !== undefined ? { backtest: { nWindows } } : {}),
  };
  const spec = parseTaskSpec(specInput); // typed error on a bad option before any work

  // Read and validate before saying anything about checkpoints: bad data is the first thing to hear.
  // The run below reuses this validation rather than validating the same table a second time.
  log(`loading ${input.label}: ${input.table.length} rows`);
  const validateStarted = performance.now();
  const validation = await defaultSteps.validate(input.table, spec);
  validation.throwIfErrors();
  const validated = { outcome: validation, durationMs: performance.now() - validateStarted };

  const notes: string[] = [];
  const tsfm =
    spec.tsfmPolicy.mode === 'disabled'
      ? { available: [], unavailable: {}, sources: {} }
      : await detectTsfm({
          adapters: spec.tsfmPolicy.adapters,
          modelDirs: perAdapter('--model-dir', perFamilyValues('--model-dir', o.modelDir), spec.tsfmPolicy.adapters),
          modelSizes: perAdapter('--model-size', perFamilyValues('--model-size', o.modelSize), spec.tsfmPolicy.adapters),
          ...(o.download ? { download: true } : {}),
          ...(o.revision ? { revision: o.revision } : {}),
          ...(o.device ? { device: o.device } : {}),
          ...(o.acceptLicence?.length ? { acceptLicences: o.acceptLicence } : {}),
        });
  let notice = noTsfmNotice(tsfm);
  if (notice) {
    process.stderr.write(`${notice}\n`);
    notes.push(notice);
  }

  const session = new TSAgentSession({
    mode,
    ...(workers !== undefined ? { workers } : {}),
    ...('poolConfig' in tsfm && tsfm.poolConfig ? { modelPool: tsfm.poolConfig } : {}),
  });
  try {
    if (session.modelPool) {
      for (const [name, where] of Object.entries(tsfm.sources)) log(`loading ${name} from ${where}`);
      const loaded = await session.modelPool.ready.then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      if (loaded !== null) {
        // Under "required" there is no statistical ladder to fall back to: the run fails with this error.
        const then = spec.tsfmPolicy.mode === 'required' ? 'the TSFM policy is required, so the run fails' : 'using the statistical ladder';
        notice = `TSFM checkpoint for ${tsfm.available.join(', ')} could not be loaded (${loaded.split('\n')[0]}); ${then}.`;
        process.stderr.write(`${notice}\n`);
        notes.push(notice);
      }
    }
    const steps =
      mode === 'quick' || o.backtest === false ? 'validate → qa → plan → fit → predict' : 'validate → qa → plan → backtest → fit → predict';
    log(`running ${steps} (h=${h}, mode ${mode})`);
    const run = await session.run(input.table, specInput, {
      mode,
      source: input.source,
      validated,
      ...(o.backtest === false ? { backtest: false } : {}),
    });

    const outDir = o.out ?? 'out';
    await mkdir(outDir, { recursive: true });
    const forecastPath = join(outDir, forecastFileName(format));
    const table = await writeForecast(run.forecast, forecastPath, { format });
    const files: { forecast: string; artifact: string; backtest?: string; report?: string; plots?: readonly string[] } = {
      forecast: forecastPath,
      artifact: join(outDir, 'artifact.json'),
    };
    const bt = run.backtest as BacktestReport | undefined;
    if (bt && bt.cv && bt.cv.ds.length > 0) {
      files.backtest = join(outDir, `backtest.${format}`);
      await writeTable(cvFrameToTable(bt.cv), files.backtest, { format });
    }
    // The run's artifact, completed with the files written here (the run cannot know them).
    const artifact = withRunOutputs(run.artifact, {
      data: { nSeries: (run.plan as Plan | undefined)?.stats?.nSeries ?? run.forecast.series.length, nPoints: input.table.length },
      forecast: { path: forecastPath, format, rows: table.length, columns: Object.keys(table.columns) },
      notes,
    });
    await saveRunArtifact(artifact, files.artifact);
    if (o.report || plotOptions.plot) {
      const written = await writeReportOutputs({ ...run, artifact }, outDir, { report: o.report === true, ...plotOptions });
      if (written.report) files.report = written.report;
      if (written.plots.length > 0) files.plots = written.plots;
    }
    if (o.json) process.stdout.write(`${JSON.stringify(artifact, null, 2)}\n`);
    else process.stdout.write(formatForecastSummary(run, artifact, input.label, files));
    return { exitCode: EXIT_OK, artifact, run, files, notice };
  } finally {
    await session.close();
  }
}

const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : Math.abs(v) >= 1000
      ? v.toFixed(0)
      : Number(v.toPrecision(digits + 1)).toString();

/** The readable summary printed after a forecast run. */
export function formatForecastSummary(
  run: SessionRun,
  artifact: RunArtifact,
  label: string,
  files: { forecast: string; artifact: string; backtest?: string; report?: string; plots?: readonly string[] },
): string {
  const plan = run.plan as Partial<Plan> | undefined;
  const lines: string[] = [];
  lines.push(`tsagentkit forecast: ${label}`);
  const stats = plan?.stats;
  lines.push(
    `  data       ${artifact.data.nSeries} series, ${artifact.data.nPoints} rows, freq ${run.task.freq} (season length ${run.task.seasonLength})` +
      (stats ? `, lengths ${stats.minLength}–${stats.maxLength}` : ''),
  );
  lines.push(`  task       h=${run.task.h}, quantiles ${run.task.quantiles.join(' ')}, mode ${run.mode}`);
  lines.push(`  qa         ${formatQaSummary(run.qa)}`);
  if (plan?.buckets) {
    for (const [i, b] of plan.buckets.entries()) {
      lines.push(`  ${i === 0 ? 'plan      ' : '          '} ${b.key} (${b.seriesIds.length}): ${b.candidates.join(' → ')}`);
    }
  }
  const perModel = Object.entries(artifact.model.seriesPerModel).sort((a, b) => b[1] - a[1]);
  lines.push(`  models     ${perModel.map(([m, n]) => `${m} ${n} series`).join(', ') || 'none'}`);
  lines.push(...tsfmLoadFailureLines(run, perModel));
  if (run.fallbacks.length === 0) lines.push('  fallbacks  none');
  else {
    for (const [i, f] of run.fallbacks.entries()) {
      const who = f.series ? ` (${f.series.length} series)` : '';
      lines.push(`  ${i === 0 ? 'fallbacks ' : '          '} ${f.from} → ${f.to ?? 'none'} at ${f.stage}: ${f.errorCode}${who}`);
    }
  }
  const bt = run.backtest as BacktestReport | undefined;
  if (bt && bt.windows) {
    const a = bt.aggregate;
    const metrics = [
      ['MASE', a['mase']],
      ['sMAPE', a['smape']],
      ['WAPE', bt.pooled['wape']],
      ['WQL', bt.pooled['wql']],
      ['cov80', a['coverage_80']],
      ['cov95', a['coverage_95']],
    ]
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} ${fmt(v as number)}`)
      .join('  ');
    const cutoffs = bt.windows.map((w) => formatTimestamp(w.cutoff, true)).join(', ');
    lines.push(`  backtest   ${bt.nWindowsOk}/${bt.nWindowsRequested} windows (cutoffs ${cutoffs}, h=${bt.h}): ${metrics}`);
    for (const e of bt.errors) lines.push(`             window ${e.window} failed at ${e.stage}: ${e.code} ${e.message}`);
  } else {
    const ev = run.events.find((e) => e.step === 'backtest');
    lines.push(`  backtest   ${ev?.status === 'failed' ? `failed: ${ev.errorCode ?? ''} ${ev.error ?? ''}`.trim() : 'skipped'}`);
  }
  const steps = run.events.filter((e) => e.status !== 'skipped').map((e) => `${e.step} ${Math.round(e.durationMs)} ms`);
  lines.push(`  timings    ${steps.join(' · ')} (total ${Math.round(run.totalMs)} ms)`);
  lines.push(
    `  wrote      ${files.forecast} (${artifact.forecast.rows} rows), ${files.artifact}${files.backtest ? `, ${files.backtest}` : ''}`,
  );
  if (files.report || files.plots)
    lines.push(
      `             ${[files.report, files.plots ? `${files.plots.length} charts in ${dirname(files.plots[0] ?? '.')}` : undefined].filter(Boolean).join(', ')}`,
    );
  lines.push('');
  lines.push(...previewTable(run));
  return `${lines.join('\n')}\n`;
}

/**
 * One line per TSFM of the ladder that could not be loaded: its own error (code and first line of
 * the message, e.g. onnxruntime's) and the models that answered instead, so the real cause is not
 * buried under a fallback the run recovered from.
 */
function tsfmLoadFailureLines(run: SessionRun, perModel: ReadonlyArray<readonly [string, number]>): string[] {
  const failures = new Map<string, FallbackTransition>();
  for (const t of run.fallbacks) {
    if (findTsfmFamily(t.from) && UNAVAILABLE_TSFM_CODES.has(t.errorCode) && !failures.has(t.from)) failures.set(t.from, t);
  }
  return [...failures.values()].map((t, i) => {
    const instead = perModel.filter(([m]) => !failures.has(m)).map(([m, n]) => `${m} (${n} series)`);
    const cause = `${t.errorCode} ${t.error.split('\n')[0] ?? ''}`.trim();
    return `  ${i === 0 ? 'tsfm      ' : '          '} ${t.from} could not be loaded: ${cause}; answered instead by ${instead.join(', ') || 'no model'}`;
  });
}

/**
 * The codes of a TSFM that was not there to forecast at all: the ladder's load failures, plus one
 * left unloaded by the pool or refused by memory (the run fell back from it either way).
 */
const UNAVAILABLE_TSFM_CODES: ReadonlySet<string> = new Set([...LOAD_FAILURE_CODES, 'E_MODEL_NOT_LOADED', 'E_OOM']);

/** Per series: the model, first and last forecast step with the widest central interval. */
function previewTable(run: SessionRun, maxRows = 20): string[] {
  const levels = run.forecast.quantileLevels;
  const lo = levels.length > 0 ? 0 : -1;
  const hi = levels.length - 1;
  const h = run.task.h;
  const header = [
    'series',
    'model',
    'step 1',
    `step ${h}`,
    lo >= 0 ? `${quantileColumn(levels[lo])}–${quantileColumn(levels[hi])} at ${h}` : '',
  ];
  const rows = run.forecast.series.slice(0, maxRows).map((s) => {
    const last = s.mean.length - 1;
    return [
      s.id,
      s.model,
      fmt(s.mean[0]),
      fmt(s.mean[last]),
      lo >= 0 ? `${fmt(s.quantiles[lo][last])} – ${fmt(s.quantiles[hi][last])}` : '',
    ];
  });
  const widths = header.map((_, j) => Math.max(header[j].length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => `  ${r.map((c, j) => (j >= 2 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ')}`.trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (run.forecast.series.length > maxRows) out.push(`  … ${run.forecast.series.length - maxRows} more series in the forecast file`);
  return out;
}

export function register(program: Command): void {
  addDataInputOptions(
    program
      .command('forecast')
      .description('forecast a panel: validate → qa → plan → backtest → fit with fallback → predict; write forecast + artifact'),
  )
    .option('--h <n>', "forecast horizon in steps (default: the example's)")
    .option('--freq <alias>', 'data frequency (e.g. H, D, W-SUN, MS); inferred when absent')
    .option('--quantiles <list>', 'quantile levels, comma-separated (default 0.1,0.5,0.9)')
    .option('--levels <list>', 'central interval levels in percent, each adds two quantiles (default 80,95)')
    .option('--season-length <n>', 'season length (default from the frequency)')
    .option('--mode <mode>', `QA strictness and backtest: ${MODES.join(' | ')} (quick skips the backtest; default standard)`)
    .option('--no-backtest', 'skip the backtest')
    .option('--windows <n>', 'backtest windows (default 2)')
    .option('--tsfm <list>', `TSFM adapters in order (default ${defaultTsfmAdapters().join(',')}: the commercially licensed families)`)
    .option('--tsfm-policy <policy>', `${POLICIES.join(' | ')} (default preferred: TSFMs first, then statistical models)`)
    .option('--model-dir <dirs>', MODEL_DIR_HELP, perFamilyArgParser('--model-dir'))
    .option('--model-size <sizes>', modelSizeHelp(), perFamilyArgParser('--model-size'))
    .option('--download', 'download a missing checkpoint from the Hugging Face hub (off by default; HF_HUB_OFFLINE=1 forbids it)')
    .option('--revision <rev>', 'hub branch, tag or commit of the TSFM checkpoints looked up by model id (default main)')
    .option('--accept-licence <families>', ACCEPT_LICENCE_HELP, acceptLicenceArgParser)
    .option('--device <device>', 'TSFM execution device: cpu or cuda')
    .option('--out <dir>', 'output directory (default out)')
    .option('--format <fmt>', `forecast file format: ${OUTPUT_FORMATS.join(' | ')} (default csv)`)
    .option('--json', 'print the run artifact as JSON instead of the summary')
    .option('--quiet', 'no progress on stderr')
    .option('--report', 'also write <out>/report.html: summary table and a fan chart per series, one self-contained file')
    .option('--plot <fmt>', 'also write one fan chart per series to <out>/plots: svg | png')
    .option('--plot-limit <n>', 'only the first n series get a chart file')
    .option('--workers <n>', 'worker threads for statistical fits (default: cores − 1; 1 fits on the main thread)')
    .addHelpText(
      'after',
      [
        '',
        'Writes <out>/forecast.<fmt> (unique_id, ds, model, mean, q…), <out>/artifact.json and, after a backtest,',
        '<out>/backtest.<fmt> (the cross-validation frame with its cutoff column).',
        'Exit codes: 0 ok, 1 every model failed, 2 bad input or options.',
        'Examples:',
        '  tsagentkit forecast --example unemployment --out out',
        '  tsagentkit forecast sales.csv --id-col store --ds-col date --y-col sales --h 14 --format parquet',
        '  tsagentkit forecast --example co2 --model-dir ./chronos-2 --tsfm chronos',
        '  tsagentkit forecast --example co2 --tsfm chronos,timesfm --model-dir chronos=./c2,timesfm=./tfm',
        'List families, sizes and local checkpoints with: tsagentkit models',
      ].join('\n'),
    )
    .action((file: string | undefined, o: ForecastCommandOptions) => runCommand(async () => (await forecastCommand(file, o)).exitCode));
}
