/**
 * What a GIFT-Eval run writes, in GIFT-Eval's own formats where they exist:
 *
 * ```
 * <out>/configs/<key>__<freq>__<term>.json        one finished configuration (the unit of resume and sharding)
 * <out>/configs/<key>__<freq>__<term>.error.json  one failed configuration (retried on the next run)
 * <out>/runtime_stats.jsonl                        one line per configuration run: loads and forecast time
 * <out>/all_results.csv                            assembled from configs/ (the leaderboard's file)
 * <out>/config.json                                the leaderboard submission's model card
 * <out>/summary.json                               gmean ratios to seasonal naive, when a baseline is known
 * ```
 *
 * Numbers in all_results.csv are written as Python's `repr(float)` writes them, so the file reads
 * like the published ones.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentErrorPayload } from '../errors/index.js';
import { allConfigurations } from './configurations.js';
import { METRIC_COLUMNS, type GiftMetrics } from './metrics.js';

export const CSV_HEADER = ['dataset', 'model', ...METRIC_COLUMNS.map((m) => `eval_metrics/${m}`), 'domain', 'num_variates'];

export interface AdapterRuntime {
  load_count: number;
  load_time_ms_total: number;
  predict_count: number;
  predict_time_ms_total: number;
}

/** One runtime_stats.jsonl line. Top-level counters are process totals so far; `config_*` are this configuration's. */
export interface RuntimeStatsLine {
  timestamp: string;
  config: string;
  dataset: string;
  term: string;
  batch_size: number;
  model: string;
  mode: 'session' | 'legacy';
  status: 'ok' | 'failed';
  load_count: number;
  load_time_ms_total: number;
  forecast_time_ms_total: number;
  forecast_batch_count: number;
  session_reuse_count: number;
  per_adapter: Record<string, AdapterRuntime>;
  config_load_count: number;
  config_forecast_time_ms: number;
  config_batches: number;
  config_wall_ms: number;
}

export interface ConfigResult {
  config: string;
  model: string;
  metrics: GiftMetrics;
  domain: string;
  num_variates: number;
  dataset_dir: string;
  freq: string;
  prediction_length: number;
  windows: number;
  seasonality: number;
  instances: number;
  fallbacks: number;
  wall_ms: number;
}

export interface ConfigFailure {
  config: string;
  model: string;
  error: AgentErrorPayload | { code: string; message: string };
}

const fileStem = (config: string) => config.replace(/\//g, '__');

export function configsDir(outDir: string): string {
  return join(outDir, 'configs');
}

export function resultPath(outDir: string, config: string): string {
  return join(configsDir(outDir), `${fileStem(config)}.json`);
}

export function failurePath(outDir: string, config: string): string {
  return join(configsDir(outDir), `${fileStem(config)}.error.json`);
}

/** Written to a temporary name first, so an interrupted run never leaves a half result that resume would trust. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeResult(outDir: string, result: ConfigResult): void {
  mkdirSync(configsDir(outDir), { recursive: true });
  writeAtomic(resultPath(outDir, result.config), `${JSON.stringify(result, null, 2)}\n`);
}

export function writeFailure(outDir: string, failure: ConfigFailure): void {
  mkdirSync(configsDir(outDir), { recursive: true });
  writeAtomic(failurePath(outDir, failure.config), `${JSON.stringify(failure, null, 2)}\n`);
}

/** A finished configuration for this model, or undefined (missing, unreadable, or another model's). */
export function readResult(outDir: string, config: string, model?: string): ConfigResult | undefined {
  const path = resultPath(outDir, config);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ConfigResult;
    if (parsed.config !== config || typeof parsed.metrics !== 'object') return undefined;
    if (model !== undefined && parsed.model !== model) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export function appendRuntimeStats(outDir: string, line: RuntimeStatsLine): void {
  mkdirSync(outDir, { recursive: true });
  appendFileSync(join(outDir, 'runtime_stats.jsonl'), `${JSON.stringify(line)}\n`);
}

/** Python's repr(float): shortest round-trip digits, exponent below 1e-4 and from 1e16, `.0` on integers. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp >= digits.length - 1) return `${sign}${digits}${'0'.repeat(exp - digits.length + 1)}.0`;
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(result: ConfigResult): string {
  const cells = [
    result.config,
    result.model,
    ...METRIC_COLUMNS.map((m) => pythonFloat(result.metrics[m])),
    result.domain,
    String(result.num_variates),
  ];
  return cells.map(csvCell).join(',');
}

/** Every finished configuration in the given output folders, in catalogue order (later folders win). */
export function collectResults(dirs: readonly string[]): ConfigResult[] {
  const byConfig = new Map<string, ConfigResult>();
  for (const dir of dirs) {
    const folder = configsDir(dir);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)) {
      if (!file.endsWith('.json') || file.endsWith('.error.json')) continue;
      try {
        const r = JSON.parse(readFileSync(join(folder, file), 'utf8')) as ConfigResult;
        if (typeof r.config === 'string' && typeof r.metrics === 'object') byConfig.set(r.config, r);
      } catch {
        // a file that is not a result (or was cut short) is not a finished configuration
      }
    }
  }
  const order = new Map(allConfigurations().map((c, i) => [c.name, i]));
  return [...byConfig.values()].sort(
    (a, b) => (order.get(a.config) ?? 1e9) - (order.get(b.config) ?? 1e9) || a.config.localeCompare(b.config),
  );
}

/** The merge step: all_results.csv of `outDir` from its own configs/ and any other run folders. */
export function writeAllResults(outDir: string, from: readonly string[] = []): ConfigResult[] {
  const results = collectResults([...from, outDir]);
  mkdirSync(outDir, { recursive: true });
  const lines = [CSV_HEADER.join(','), ...results.map(csvRow)];
  writeFileSync(join(outDir, 'all_results.csv'), `${lines.join('\n')}\n`);
  return results;
}

export interface SubmissionCard {
  model: string;
  model_type: string;
  model_dtype: string;
  model_link: string;
  code_link: string;
  org: string;
  testdata_leakage: string;
  replication_code_available: string;
}

export function writeSubmissionConfig(outDir: string, card: SubmissionCard): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(card, null, 4)}\n`);
}
