/**
 * `tsagentkit gift-eval run | list | merge`: the GIFT-Eval benchmark through one long-lived session
 * per process (src/giftEval). See benchmarks/gift-eval/README.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EGiftEvalDataInvalid, ETaskSpecInvalid } from '../../errors/index.js';
import { inventory } from '../../gift-eval/inventory.js';
import { readAllResultsCsv, summarize, type LeaderboardSummary, type ScoreRow } from '../../gift-eval/leaderboard.js';
import type { ConfigResult } from '../../gift-eval/outputs.js';
import { writeAllResults } from '../../gift-eval/outputs.js';
import { runGiftEval, type ProgressEvent } from '../../gift-eval/runner.js';
import { EXIT_FAILURE, exitWithError } from '../exit.js';
import {
  ACCEPT_LICENCE_HELP,
  acceptLicenceArgParser,
  MODEL_DIR_HELP,
  perAdapter,
  perFamilyArgParser,
  type PerFamilyValues,
} from './tsfmAvailability.js';

interface RunCliOptions {
  data?: string;
  datasets: string;
  terms: string;
  configs?: string;
  model: string;
  modelLabel?: string;
  out: string;
  modelDir?: PerFamilyValues;
  preload?: string;
  batchSize: string;
  threads?: string;
  device?: string;
  acceptLicence?: string[];
  legacy?: boolean;
  force?: boolean;
  baseline?: string;
  quiet?: boolean;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** A bare `--model-dir` is the evaluated model's checkpoint; keyed ones add their adapters to the pool. */
export function modelDirsFor(values: PerFamilyValues | undefined, model: string): Record<string, string> {
  return perAdapter('--model-dir', values, [model, ...Object.keys(values?.byFamily ?? {})]);
}

function dataRoot(data: string | undefined): string {
  const root = data ?? process.env['GIFT_EVAL'];
  if (!root) {
    throw new EGiftEvalDataInvalid('No GIFT-Eval data root: pass --data <dir> or set GIFT_EVAL.', {
      context: { option: '--data' },
      fixHint: 'Download with `huggingface-cli download Salesforce/GiftEval --repo-type=dataset --local-dir <dir>` and pass --data <dir>.',
    });
  }
  return root;
}

function positiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new ETaskSpecInvalid(`${option} must be a positive integer, got ${text}.`, { context: { option, value: text } });
  }
  return n;
}

/** summary.json when a baseline is known: --baseline, or the run's own rows when it is seasonal naive. */
function writeSummary(
  out: string,
  model: string,
  results: readonly ConfigResult[],
  baseline: string | undefined,
): LeaderboardSummary | undefined {
  const rows: ScoreRow[] = results.map((r) => ({
    config: r.config,
    mase: r.metrics['MASE[0.5]'],
    crps: r.metrics.mean_weighted_sum_quantile_loss,
  }));
  let base: ScoreRow[] | undefined;
  if (baseline) base = readAllResultsCsv(baseline);
  else if (/^seasonal[_ ]?naive$/i.test(model)) base = rows;
  if (!base || rows.length === 0) return undefined;
  const summary = summarize(model, rows, base);
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function progressPrinter(quiet: boolean | undefined): (e: ProgressEvent) => void {
  const bar = (done: number, total: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  };
  const tty = process.stderr.isTTY;
  return (e) => {
    if (quiet) return;
    switch (e.kind) {
      case 'start':
        process.stderr.write(`${e.config} ${bar(0, e.instances)}${tty ? '\r' : '\n'}`);
        break;
      case 'batch':
        if (tty) process.stderr.write(`${e.config} ${bar(e.done, e.instances)}\r`);
        break;
      case 'done':
        process.stderr.write(
          `${e.config} ${bar(e.result.instances, e.result.instances)} MASE ${e.result.metrics['MASE[0.5]'].toPrecision(6)} CRPS ${e.result.metrics.mean_weighted_sum_quantile_loss.toPrecision(6)} (${(e.result.wall_ms / 1000).toFixed(1)} s)\n`,
        );
        break;
      case 'skipped':
        process.stderr.write(`${e.config} already done (resume)\n`);
        break;
      case 'failed':
        process.stderr.write(`${e.config} failed: ${e.error.code}: ${e.error.message}\n`);
        break;
    }
  };
}

async function runAction(o: RunCliOptions): Promise<void> {
  const root = dataRoot(o.data);
  const batchSize = positiveInt(o.batchSize, '--batch-size');
  const threads = o.threads === undefined ? undefined : positiveInt(o.threads, '--threads');
  const modelDirs = modelDirsFor(o.modelDir, o.model);
  const preload = o.preload === undefined ? undefined : list(o.preload);
  const adapters = [...new Set([o.model, ...(preload ?? []), ...Object.keys(modelDirs)])];
  const configs = o.configs === undefined ? undefined : list(o.configs);
  const label = o.modelLabel ?? o.model;
  const outcome = await runGiftEval({
    root,
    outDir: o.out,
    model: o.model,
    modelLabel: label,
    datasets: list(o.datasets),
    terms: list(o.terms),
    ...(configs ? { configs } : {}),
    modelDirs,
    ...(preload ? { preload } : {}),
    ...(threads !== undefined ? { adapterOptions: Object.fromEntries(adapters.map((a) => [a, { intraOpNumThreads: threads }])) } : {}),
    batchSize,
    ...(o.device ? { device: o.device } : {}),
    ...(o.acceptLicence?.length ? { acceptLicences: o.acceptLicence } : {}),
    ...(o.legacy ? { legacy: true } : {}),
    ...(o.force ? { force: true } : {}),
    onProgress: progressPrinter(o.quiet),
  });
  const summary = writeSummary(o.out, label, outcome.all, o.baseline);
  const r = outcome.runtime;
  process.stdout.write(
    [
      `${outcome.computed.length} configuration(s) computed, ${outcome.skipped.length} already done, ${outcome.failed.length} failed; ` +
        `${outcome.all.length} row(s) in ${join(o.out, 'all_results.csv')}`,
      `mode ${o.legacy ? 'legacy (a temporary session per batch)' : 'session (one per process)'}: load_count ${r.load_count}, ` +
        `load_time_ms_total ${r.load_time_ms_total.toFixed(1)}, forecast_time_ms_total ${r.forecast_time_ms_total.toFixed(1)}, wall ${(outcome.wallMs / 1000).toFixed(2)} s`,
      ...(summary
        ? [
            `vs seasonal naive over ${summary.configs} configuration(s): MASE ${summary.mase_gmean_ratio.toFixed(4)}, CRPS ${summary.crps_gmean_ratio.toFixed(4)} (geometric means of ratios)`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  if (outcome.failed.length > 0) process.exitCode = EXIT_FAILURE;
}

export function register(program: Command): void {
  const gift = program.command('gift-eval').description('The GIFT-Eval benchmark (Salesforce) with one long-lived session per process');
  gift
    .command('run')
    .description('Forecast and score GIFT-Eval configurations; finished ones are not recomputed')
    .option('--data <dir>', 'GIFT-Eval root (default $GIFT_EVAL)')
    .option('--datasets <list>', 'dataset folders (m4_weekly, electricity/H, …) or all', 'all')
    .option('--terms <list>', 'short, medium, long or all', 'all')
    .option('--configs <list>', 'only these configurations (names as in all_results.csv, e.g. m4_weekly/W/short)')
    .requiredOption('--model <name>', 'seasonal_naive, naive, a statistical model name, or a TSFM adapter (chronos)')
    .option('--model-label <name>', 'the model column of all_results.csv (default --model)')
    .requiredOption('--out <dir>', 'output folder (configs/, all_results.csv, config.json, runtime_stats.jsonl)')
    .option('--model-dir <name=dir>', `${MODEL_DIR_HELP} (repeatable)`, perFamilyArgParser('--model-dir'))
    .option('--preload <list>', 'TSFM adapters to preload in the session, in order (at most 3; default the model)')
    .option('--batch-size <n>', 'test instances per forecast batch', '512')
    .option('--threads <n>', 'onnxruntime intra-op threads per TSFM adapter')
    .option('--device <device>', 'TSFM execution device: cpu or cuda')
    .option('--accept-licence <families>', ACCEPT_LICENCE_HELP, acceptLicenceArgParser)
    .option('--legacy', 'a temporary session per batch (reloads the TSFM every batch, like the Python original)')
    .option('--force', 'recompute configurations that are already done')
    .option('--baseline <csv>', "seasonal naive's all_results.csv, for the leaderboard's gmean ratios in summary.json")
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  tsagentkit gift-eval run --data $GIFT_EVAL --model seasonal_naive --model-label Seasonal_Naive --out results/sn',
        '  tsagentkit gift-eval run --datasets m4_weekly --terms short --model chronos --model-dir chronos=./chronos-2 --out results/chronos',
        '  tsagentkit gift-eval run --configs m4_hourly/H/short,ett1/H/long --model chronos --model-dir chronos=./chronos-2 --out shard1',
      ].join('\n'),
    )
    .action(async (o: RunCliOptions) => {
      try {
        await runAction(o);
      } catch (error) {
        exitWithError(error);
      }
    });
  gift
    .command('list')
    .description('The catalogue folders found under the data root, with sizes and configurations')
    .option('--data <dir>', 'GIFT-Eval root (default $GIFT_EVAL)')
    .option('--json', 'print JSON')
    .action((o: { data?: string; json?: boolean }) => {
      try {
        const rows = inventory(dataRoot(o.data));
        if (o.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const present = rows.filter((r) => r.present);
        for (const r of rows) {
          const size = r.present ? `${(r.bytes / 1e6).toFixed(1)} MB` : 'missing';
          process.stdout.write(`${r.dir.padEnd(30)} ${size.padStart(10)}  ${r.configurations.join(' ')}\n`);
        }
        const configs = present.reduce((n, r) => n + r.configurations.length, 0);
        process.stdout.write(`${present.length}/${rows.length} folders present, ${configs}/97 configurations\n`);
      } catch (error) {
        exitWithError(error);
      }
    });
  gift
    .command('merge')
    .description('Assemble all_results.csv (and summary.json) from the result files of one or more run folders')
    .requiredOption('--out <dir>', 'folder to write all_results.csv into (its own configs/ are included)')
    .option('--from <list>', 'other run folders (shards) to take results from')
    .option('--model-label <name>', "model name for summary.json (default: the rows' model)")
    .option('--baseline <csv>', "seasonal naive's all_results.csv, for the gmean ratios")
    .action((o: { out: string; from?: string; modelLabel?: string; baseline?: string }) => {
      try {
        const results = writeAllResults(o.out, list(o.from));
        const model = o.modelLabel ?? results[0]?.model ?? 'model';
        const summary = writeSummary(o.out, model, results, o.baseline);
        process.stdout.write(`${results.length} row(s) in ${join(o.out, 'all_results.csv')}\n`);
        if (summary)
          process.stdout.write(
            `MASE ${summary.mase_gmean_ratio.toFixed(4)}, CRPS ${summary.crps_gmean_ratio.toFixed(4)} over ${summary.configs} configuration(s)\n`,
          );
      } catch (error) {
        exitWithError(error);
      }
    });
}
