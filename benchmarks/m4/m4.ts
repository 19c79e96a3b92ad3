/**
 * M4 benchmark: forecasts every series of M4 Hourly (h = 48, m = 24) and Weekly (h = 13, m = 1)
 * with each statistical method and scores them with the competition's sMAPE and MASE.
 *
 *   npm run build && npm run bench:m4 -- --data <dir with Hourly-train.csv …> --json out.json \
 *     [--reference benchmarks/m4/reference/m4-r-forecast-8.20.json] [--datasets Hourly,Weekly] \
 *     [--methods SES,Theta] [--limit N] [--forecasts <dir>] [--workers N] [--checkpoint <file>]
 *
 * Writes {"Hourly": {"<Method>": {"smape", "mase", "seconds"}}, "Weekly": {…}}. With --reference
 * (the same shape, e.g. R forecast 8.20's numbers from scripts/r/m4_reference.R) it also prints our /
 * reference ratios and flags differences above 2%. A method that fails on a series is scored with
 * the naive forecast for that series and the failure is counted (and reported). Progress goes to
 * stderr; the table to stdout. With --workers N the fits run on N worker threads (1: in-process) and
 * each method also reports wall and CPU seconds and the main thread's event-loop delay (m4Workers.ts).
 * With --checkpoint FILE every finished series is appended to FILE and a run started again with
 * the same FILE fits only the series not yet in it (m4Checkpoint.ts): AutoARIMA on all of Hourly
 * takes hours and survives an interruption; `resumed` counts the series taken from the file, and
 * the times cover only what this run fitted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStatisticalModel, isStatisticalModel } from '../../src/models/registry.js';
import { M4Checkpoint } from './checkpoint.js';
import { M4_SETTINGS, readM4, type M4Dataset, type M4Series } from './data.js';
import { m4Mase, m4MaseScale, m4Smape } from '../../src/metrics/m4.js';
import { naiveForecast } from './data.js';
import { runM4WithWorkers } from './workers.js';

export const M4_METHODS = ['Naive', 'SeasonalNaive', 'Naive2', 'SES', 'Holt', 'Damped', 'Theta', 'Comb', 'AutoETS', 'AutoARIMA'] as const;

export interface MethodScore {
  smape: number;
  mase: number;
  seconds: number;
  /** Series on which the method threw (scored with the naive forecast instead); omitted when 0. */
  failures?: number;
  /** Series scored from the --checkpoint file rather than fitted in this run (their time is not in `seconds`); omitted when 0. */
  resumed?: number;
}

export type BenchResult = Record<string, Record<string, MethodScore>>;

export interface BenchOptions {
  readonly methods?: readonly string[];
  readonly limit?: number;
  /** Called after each method with a one-line progress message. */
  readonly progress?: (message: string) => void;
  /** Collects every series' point forecasts (for comparing with another implementation). */
  readonly onForecast?: (dataset: string, method: string, id: string, mean: Float64Array) => void;
  /** Finished series are appended here, and series already in it are not fitted again. */
  readonly checkpoint?: M4Checkpoint;
}

export function scoreMethod(dataset: M4Dataset, series: readonly M4Series[], method: string, options: BenchOptions = {}): MethodScore {
  const { h, m } = M4_SETTINGS[dataset];
  const model = createStatisticalModel(method);
  let smapeSum = 0;
  let maseSum = 0;
  let failures = 0;
  let resumed = 0;
  let seconds = 0;
  for (const s of series) {
    let forecast = options.checkpoint?.get(dataset, method, s.id, h);
    if (forecast) {
      resumed++;
    } else {
      const started = performance.now();
      let mean: Float64Array;
      let failed: string | undefined;
      try {
        mean = model.fit(s.train, m).forecast(h, []).mean;
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err);
        options.progress?.(`${dataset} ${method} ${s.id}: ${failed}`);
        mean = naiveForecast(s.train, h);
      }
      const took = (performance.now() - started) / 1000;
      seconds += took;
      forecast = { mean, seconds: took, ...(failed !== undefined ? { failed } : {}) };
      options.checkpoint?.record(dataset, method, s.id, forecast);
    }
    if (forecast.failed !== undefined) failures++;
    options.onForecast?.(dataset, method, s.id, forecast.mean);
    smapeSum += m4Smape(s.test, forecast.mean);
    maseSum += m4Mase(s.test, forecast.mean, m4MaseScale(s.train, m));
  }
  const score: MethodScore = { smape: smapeSum / series.length, mase: maseSum / series.length, seconds };
  if (failures > 0) score.failures = failures;
  if (resumed > 0) score.resumed = resumed;
  return score;
}

function knownMethods(options: BenchOptions): string[] {
  return (options.methods ?? M4_METHODS).filter((name) => {
    if (isStatisticalModel(name)) return true;
    options.progress?.(`skipping ${name}: not in the statistical model registry`);
    return false;
  });
}

export function runM4(dataDir: string, datasets: readonly M4Dataset[], options: BenchOptions = {}): BenchResult {
  const methods = knownMethods(options);
  const result: BenchResult = {};
  for (const dataset of datasets) {
    let series = readM4(dataDir, dataset);
    if (options.limit !== undefined) series = series.slice(0, options.limit);
    options.progress?.(`${dataset}: ${series.length} series, h = ${M4_SETTINGS[dataset].h}, m = ${M4_SETTINGS[dataset].m}`);
    result[dataset] = {};
    for (const method of methods) {
      const score = scoreMethod(dataset, series, method, options);
      result[dataset][method] = score;
      options.progress?.(
        `${dataset} ${method}: sMAPE ${score.smape.toFixed(3)} MASE ${score.mase.toFixed(3)} (${score.seconds.toFixed(1)} s)` +
          (score.resumed ? `; ${score.resumed} series from the checkpoint` : ''),
      );
    }
  }
  return result;
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (v: number | undefined, digits = 3) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** A plain-text table; with a reference, adds the reference values and our/reference ratios. */
export function formatTable(result: BenchResult, reference?: BenchResult): string {
  const lines: string[] = [];
  const header = reference
    ? ['dataset', 'method', 'sMAPE', 'R sMAPE', 'ratio', 'MASE', 'R MASE', 'ratio', 'sec', 'R sec', '']
    : ['dataset', 'method', 'sMAPE', 'MASE', 'sec'];
  const widths = reference ? [8, 14, 8, 8, 7, 8, 8, 7, 8, 8, 0] : [8, 14, 8, 8, 8];
  lines.push(
    header
      .map((h, i) => pad(h, widths[i]))
      .join(' ')
      .trimEnd(),
  );
  for (const [dataset, methods] of Object.entries(result)) {
    for (const [method, s] of Object.entries(methods)) {
      const cells = [dataset, method, num(s.smape)];
      if (reference) {
        const r = reference[dataset]?.[method];
        const rs = r ? s.smape / r.smape : undefined;
        const rm = r ? s.mase / r.mase : undefined;
        const flag = rs !== undefined && rm !== undefined && (Math.abs(rs - 1) > 0.02 || Math.abs(rm - 1) > 0.02) ? '>2%' : '';
        cells.push(num(r?.smape), num(rs, 4), num(s.mase), num(r?.mase), num(rm, 4), num(s.seconds, 1), num(r?.seconds, 1), flag);
      } else {
        cells.push(num(s.mase), num(s.seconds, 1));
      }
      if (s.failures) cells[cells.length - 1] += ` (${s.failures} failed)`;
      lines.push(
        cells
          .map((c, i) => pad(c, widths[i]))
          .join(' ')
          .trimEnd(),
      );
    }
  }
  return lines.join('\n');
}

interface CliArgs {
  data?: string;
  json?: string;
  reference?: string;
  datasets: M4Dataset[];
  methods?: string[];
  limit?: number;
  forecasts?: string;
  checkpoint?: string;
  workers?: number;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { datasets: ['Hourly', 'Weekly'] };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${key} needs a value`);
    i++;
    switch (key) {
      case '--data':
        args.data = value;
        break;
      case '--json':
        args.json = value;
        break;
      case '--reference':
        args.reference = value;
        break;
      case '--forecasts':
        args.forecasts = value;
        break;
      case '--checkpoint':
        args.checkpoint = value;
        break;
      case '--limit':
        args.limit = Number(value);
        break;
      case '--workers':
        args.workers = Number(value);
        if (!Number.isInteger(args.workers) || args.workers < 1) throw new Error(`--workers takes an integer >= 1, got ${value}`);
        break;
      case '--methods':
        args.methods = value.split(',');
        break;
      case '--datasets':
        args.datasets = value.split(',').map((d) => {
          if (!(d in M4_SETTINGS)) throw new Error(`unknown dataset ${d}; use ${Object.keys(M4_SETTINGS).join(', ')}`);
          return d as M4Dataset;
        });
        break;
      default:
        throw new Error(`unknown option ${key}`);
    }
  }
  return args;
}

const USAGE =
  'usage: npm run bench:m4 -- --data <dir> [--json <file>] [--reference <file>] [--datasets Hourly,Weekly] [--methods A,B] [--limit N] [--forecasts <dir>] [--workers N] [--checkpoint <file>]';

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
    if (!args.data) throw new Error('--data is required');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const forecastRows = new Map<string, string[]>();
  let checkpoint: M4Checkpoint | undefined;
  if (args.checkpoint) {
    checkpoint = M4Checkpoint.open(args.checkpoint);
    process.stderr.write(`checkpoint ${args.checkpoint}: ${checkpoint.size} series recorded\n`);
  }
  const options: BenchOptions = {
    ...(checkpoint ? { checkpoint } : {}),
    ...(args.methods ? { methods: args.methods } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    progress: (msg) => process.stderr.write(`${msg}\n`),
    ...(args.forecasts
      ? {
          onForecast: (dataset: string, method: string, id: string, mean: Float64Array) => {
            const rows = forecastRows.get(dataset) ?? [];
            rows.push([id, method, ...Array.from(mean, (v) => String(v))].join(','));
            forecastRows.set(dataset, rows);
          },
        }
      : {}),
  };
  const result =
    args.workers === undefined
      ? runM4(args.data!, args.datasets, options)
      : await runM4WithWorkers(args.data!, args.datasets, args.workers, {
          ...options,
          methods: knownMethods(options),
          scoreInProcess: (dataset, series, method) => scoreMethod(dataset, series, method, options),
        });
  const reference = args.reference ? (JSON.parse(readFileSync(args.reference, 'utf8')) as BenchResult) : undefined;
  process.stdout.write(`${formatTable(result, reference)}\n`);
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(`wrote ${args.json}\n`);
  }
  if (args.forecasts) {
    mkdirSync(args.forecasts, { recursive: true });
    for (const [dataset, rows] of forecastRows) writeFileSync(join(args.forecasts, `${dataset}-forecasts.csv`), `${rows.join('\n')}\n`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
