/**
 * `tsagentkit bench session --batches N --json <file> [--model-dir <dir>]`: the session runtime's
 * baseline probe. N forecast batches through per-call runForecast (temporary session, a model load
 * per call) against one long-lived session (one load), on a real checkpoint.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runSessionBench, type BenchLeg } from './sessionBench.js';
import { EXIT_USAGE, exitWithError } from '../exit.js';

interface BenchSessionCliOptions {
  batches: string;
  json?: string;
  modelDir?: string;
  adapter: string;
  threads?: string;
  h: string;
}

export function register(program: Command): void {
  const bench = program.command('bench').description('Benchmarks of the runtime (not tests)');
  bench
    .command('session')
    .description('N batches through per-call runForecast (reload each time) vs one long-lived session (load once)')
    .option('--batches <n>', 'number of forecast batches', '12')
    .option('--json <file>', 'write {"legacy": {...}, "session": {...}} to this file')
    .option(
      '--model-dir <dir>',
      'checkpoint directory (default: a small Chronos-2 checkpoint with random weights, written to a temporary folder)',
    )
    .option('--adapter <name>', 'TSFM adapter family', 'chronos')
    .option('--threads <n>', 'onnxruntime intra-op threads')
    .option('--h <n>', 'forecast horizon', '12')
    .action(async (opts: BenchSessionCliOptions, cmd: Command) => {
      const batches = positiveInt(opts.batches);
      const h = positiveInt(opts.h);
      const threads = opts.threads === undefined ? undefined : positiveInt(opts.threads);
      if (batches === undefined) return cmd.error(`--batches must be a positive integer, got ${opts.batches}`, { exitCode: EXIT_USAGE });
      if (h === undefined) return cmd.error(`--h must be a positive integer, got ${opts.h}`, { exitCode: EXIT_USAGE });
      if (opts.threads !== undefined && threads === undefined) {
        return cmd.error(`--threads must be a positive integer, got ${opts.threads}`, { exitCode: EXIT_USAGE });
      }
      try {
        const result = await runSessionBench({
          batches,
          h,
          adapter: opts.adapter,
          ...(opts.modelDir ? { modelDir: opts.modelDir } : {}),
          ...(threads !== undefined ? { adapterOptions: { intraOpNumThreads: threads } } : {}),
          onBatch: (leg, i, ms) => process.stderr.write(`  ${leg.padEnd(7)} batch ${i + 1}/${batches}: ${ms.toFixed(1)} ms\n`),
        });
        const row = (name: string, l: BenchLeg) =>
          `${name.padEnd(8)} ${String(l.load_count).padStart(10)} ${l.load_time_ms_total.toFixed(1).padStart(14)} ${l.forecast_time_ms_total.toFixed(1).padStart(16)} ${l.wall_ms.toFixed(1).padStart(10)}`;
        process.stdout.write(
          [
            `${result.batches} batches × ${result.series_per_batch} series, h=${result.h}, adapter ${result.adapter} (${result.model_dir})`,
            `${'mode'.padEnd(8)} ${'load_count'.padStart(10)} ${'load_ms_total'.padStart(14)} ${'forecast_ms_total'.padStart(16)} ${'wall_ms'.padStart(10)}`,
            row('legacy', result.legacy),
            row('session', result.session),
            `wall-time ratio legacy/session: ${result.wall_ratio.toFixed(2)}×` +
              (result.identical_forecasts ? ' (same forecasts both ways)' : ' (WARNING: forecasts differ)'),
            '',
          ].join('\n'),
        );
        if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
      } catch (error) {
        exitWithError(error);
      }
    });
}

function positiveInt(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
