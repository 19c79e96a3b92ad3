/**
 * `tsagentkit parity <file.cases.json>`: replays golden cases recorded from upstream code through
 * our models and prints per case the max error against the file's tolerance. Exits 1 when a case
 * fails, 2 on an invalid file or checkpoint (typed error, no stack trace).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EParityFileInvalid } from '../../errors/index.js';
import { formatCaseLine, formatSummary, runParityFile } from '../../tsfm/parity/index.js';
import type { ParityReport } from '../../tsfm/parity/index.js';
import { EXIT_FAILURE, EXIT_OK, exitWithError } from '../exit.js';

interface ParityCliOptions {
  json?: string;
  threads?: string;
  device?: string;
  case?: string[];
}

export function register(program: Command): void {
  program
    .command('parity')
    .description('Run the golden parity cases of a *.cases.json file against our implementation')
    .argument('<file>', 'case file, e.g. test/fixtures/chronos2/random-s0.cases.json')
    .option('--json <out>', 'also write the full report as JSON to this file')
    .option('--threads <n>', 'onnxruntime intra-op threads')
    .option('--device <device>', 'execution device: cpu or cuda', 'cpu')
    .option('--case <name...>', 'run only these cases')
    .action(async (file: string, opts: ParityCliOptions) => {
      try {
        const threads = opts.threads === undefined ? undefined : Number(opts.threads);
        if (threads !== undefined && (!Number.isInteger(threads) || threads <= 0)) {
          throw new EParityFileInvalid(`--threads must be a positive integer, got ${opts.threads}.`, {
            context: { threads: opts.threads },
          });
        }
        if (opts.device !== 'cpu' && opts.device !== 'cuda') {
          throw new EParityFileInvalid(`--device must be cpu or cuda, got ${opts.device}.`, { context: { device: opts.device } });
        }
        const report = await runParityFile(file, {
          engine: { device: opts.device, ...(threads !== undefined ? { intraOpNumThreads: threads } : {}) },
          ...(opts.case ? { cases: opts.case } : {}),
          onCase: (r) => process.stdout.write(`${formatCaseLine(r)}\n`),
        });
        process.stdout.write(`${formatSummary(report)}\n`);
        if (opts.json) writeFileSync(opts.json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
        process.exitCode = report.pass ? EXIT_OK : EXIT_FAILURE;
      } catch (error) {
        exitWithError(error);
      }
    });
}

/** JSON cannot hold Infinity/NaN: those become null, with the failure visible in `pass`. */
function jsonReport(report: ParityReport): unknown {
  return JSON.parse(JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}
