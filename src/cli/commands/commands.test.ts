/**
 * The data commands, called as functions (what `node dist/cli/main.js <command>` runs), with stdout
 * and stderr captured. HF_HUB_CACHE points at an empty folder so "no TSFM checkpoint" is certain.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTable } from '../../data/io/readWrite.js';
import { EDataFormat, ETaskSpecInvalid, ETSFMRequiredUnavailable, EModelFitFailed } from '../../errors/index.js';
import { loadExample } from '../../examples/index.js';
import { loadRunArtifact } from '../../forecast/artifact.js';
import { backtestCommand } from './backtest.js';
import { exitCodeFor, reportError } from './dataInput.js';
import { forecastCommand } from './forecast.js';
import { qaCommand } from './qa.js';
import { validateCommand } from './validate.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-cli-'));
let stdout = '';
let stderr = '';
const savedCache = process.env['HF_HUB_CACHE'];

beforeAll(() => {
  process.env['HF_HUB_CACHE'] = join(dir, 'empty-hf-cache');
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env['HF_HUB_CACHE'];
  else process.env['HF_HUB_CACHE'] = savedCache;
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('forecast command', () => {
  it('runs the example without a TSFM: one clear line, forecast + artifact written, summary printed', async () => {
    const out = join(dir, 'quick');
    const r = await forecastCommand(undefined, { example: 'unemployment', h: '6', mode: 'quick', out });
    expect(r.exitCode).toBe(0);
    expect(r.notice).toMatch(
      /^No TSFM checkpoint found for chronos \(looked in .*models--amazon--chronos-2\); No TSFM checkpoint found for timesfm \(looked in .*models--google--timesfm-2\.5-200m-pytorch\); using the statistical ladder\.$/,
    );
    expect(stderr.split('\n').filter((l) => l.includes('No TSFM'))).toEqual([r.notice]);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    const csv = await readFile(r.files.forecast, 'utf8');
    expect(csv.split('\n')[0]).toBe('unique_id,ds,model,mean,q0.025,q0.1,q0.5,q0.9,q0.975');
    expect(csv.trim().split('\n')).toHaveLength(1 + 14 * 6);
    // the first forecast month follows the last observation (2010-02)
    expect(csv.split('\n')[1]).toMatch(/^Agriculture,2010-03-01,/);
    const artifact = await loadRunArtifact(r.files.artifact);
    expect(artifact.data.source).toBe('example:unemployment');
    expect(artifact.notes).toEqual([r.notice]);
    expect(artifact.backtest).toBeNull();
    expect(artifact.events.find((e) => e.step === 'backtest')!.status).toBe('skipped');
    expect(stdout).toMatch(/models {5}\S+ \d+ series/);
    expect(stdout).toMatch(/wrote .*forecast\.csv \(84 rows\)/);
  });

  it('backtests in standard mode and writes the CV frame with its cutoff column', async () => {
    const out = join(dir, 'standard');
    const r = await forecastCommand(undefined, { example: 'stocks', h: '3', windows: '2', out, quiet: true, tsfmPolicy: 'disabled' });
    expect(r.notice).toBeNull();
    expect(r.files.backtest).toBe(join(out, 'backtest.csv'));
    const cv = await readTable(r.files.backtest!);
    expect(Object.keys(cv.columns).slice(0, 6)).toEqual(['unique_id', 'ds', 'cutoff', 'y', 'model', 'mean']);
    const artifact = await loadRunArtifact(r.files.artifact);
    expect(artifact.backtest!.nWindowsOk).toBe(2);
    expect(artifact.backtest!.aggregate['mase']).toBeGreaterThan(0);
    expect(stdout).toMatch(/backtest {3}2\/2 windows/);
  });

  it('reads a file with other column names and writes Parquet', async () => {
    const path = join(dir, 'sales.csv');
    const rows = ['store,date,sales'];
    for (const s of ['A', 'B'])
      for (let d = 1; d <= 28; d++) rows.push(`${s},2024-02-${String(d).padStart(2, '0')},${10 + (d % 7) + (s === 'B' ? 5 : 0)}`);
    await writeFile(path, rows.join('\n'));
    const out = join(dir, 'file');
    const r = await forecastCommand(path, {
      idCol: 'store',
      dsCol: 'date',
      yCol: 'sales',
      h: '7',
      format: 'parquet',
      out,
      quiet: true,
      mode: 'quick',
      tsfmPolicy: 'disabled',
    });
    const t = await readTable(r.files.forecast);
    expect(r.files.forecast).toBe(join(out, 'forecast.parquet'));
    expect(t.length).toBe(14);
    expect(t.columns['unique_id']).toEqual([...Array(7).fill('A'), ...Array(7).fill('B')]);
  });

  it('uses a Chronos checkpoint given with --model-dir', async () => {
    const out = join(dir, 'chronos');
    const r = await forecastCommand(undefined, {
      example: 'co2',
      h: '4',
      mode: 'quick',
      tsfm: 'chronos',
      modelDir: 'test/fixtures/chronos2/checkpoints/random-s0',
      out,
      quiet: true,
    });
    expect(r.notice).toBeNull();
    expect(r.artifact.plan.candidates[0]).toBe('chronos');
    expect(Object.keys(r.artifact.model.seriesPerModel)).toContain('chronos');
  });

  it('turns bad options into typed errors with exit code 2', async () => {
    const cases: Array<[Parameters<typeof forecastCommand>[1], unknown]> = [
      [{ example: 'unemployment', h: '0' }, ETaskSpecInvalid],
      [{ example: 'unemployment', format: 'xls' }, ETaskSpecInvalid],
      [{ example: 'nope' }, EDataFormat],
      [{}, EDataFormat],
      [
        { example: 'unemployment', tsfmPolicy: 'required', tsfm: 'chronos', mode: 'quick', out: join(dir, 'req') },
        ETSFMRequiredUnavailable,
      ],
    ];
    for (const [opts, cls] of cases) {
      const err = await forecastCommand(undefined, { quiet: true, ...opts }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls as new () => Error);
      expect(exitCodeFor(err)).toBe(2);
    }
    await expect(forecastCommand(join(dir, 'missing.csv'), { h: '3', quiet: true })).rejects.toThrow(EDataFormat);
  });
});

describe('error reporting', () => {
  it('prints code, message and fix hint without a stack trace; model failures exit 1', () => {
    expect(reportError(new ETaskSpecInvalid('bad h', { fixHint: 'use h ≥ 1' }))).toBe(2);
    expect(stderr).toBe('error E_TASK_SPEC_INVALID: bad h\n  fix: use h ≥ 1\n');
    expect(exitCodeFor(new EModelFitFailed('x'))).toBe(1);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });
});

describe('validate command', () => {
  it('reports a valid example (exit 0) and a file with duplicate keys (exit 2)', async () => {
    expect((await validateCommand(undefined, { example: 'stocks', quiet: true })).exitCode).toBe(0);
    expect(stdout).toMatch(/^VALID: Stock prices/);
    const path = join(dir, 'dupes.csv');
    await writeFile(path, 'unique_id,ds,y\na,2024-01-01,1\na,2024-01-01,2\na,2024-01-02,3\n');
    stdout = '';
    const r = await validateCommand(path, { json: true });
    expect(r.exitCode).toBe(2);
    const json = JSON.parse(stdout) as { valid: boolean; errors: Array<{ code: string }> };
    expect(json.valid).toBe(false);
    expect(json.errors.map((e) => e.code)).toContain('E_CONTRACT_DUPLICATE_KEY');
    stdout = '';
    expect((await validateCommand(path, { duplicatePolicy: 'sum', quiet: true })).exitCode).toBe(0);
  });
});

describe('qa command', () => {
  it('fills the missing months of the CO2 example and writes the repaired panel', async () => {
    const out = join(dir, 'co2-repaired.csv');
    const r = await qaCommand(undefined, { example: 'co2', out, quiet: true });
    expect(r.exitCode).toBe(0);
    const gapFills = r.report.repairs.filter((x) => x.kind === 'gap_fill');
    expect(gapFills.length).toBe(2);
    const raw = (await loadExample('co2')).panel.series[0].ds.length;
    const repaired = await readTable(out);
    expect(repaired.length).toBe(2 * raw + gapFills.reduce((a, x) => a + x.count, 0));
    expect(stdout).toMatch(/repair {3}gap_fill/);
  });

  it('refuses missing values in strict mode', async () => {
    const path = join(dir, 'holes.csv');
    const lines = ['unique_id,ds,y'];
    for (let d = 1; d <= 20; d++) lines.push(`a,2024-01-${String(d).padStart(2, '0')},${d === 10 ? '' : d}`);
    await writeFile(path, lines.join('\n'));
    const err = await qaCommand(path, { mode: 'strict', quiet: true }).then(
      (r) => r.exitCode,
      (e: unknown) => exitCodeFor(e),
    );
    expect(err).toBe(2);
  });
});

describe('backtest command', () => {
  it('compares models; Naive scores match a hand computation on the raw data', async () => {
    const out = join(dir, 'bt');
    const r = await backtestCommand(undefined, {
      example: 'unemployment',
      models: 'Naive,SeasonalNaive',
      h: '6',
      windows: '2',
      anchor: 'end',
      out,
      quiet: true,
    });
    expect(r.exitCode).toBe(0);
    expect(r.reports.map((x) => x.model)).toEqual(['Naive', 'SeasonalNaive']);
    // Naive: the last training value forecasts the next 6 months; windows end at the last date, step 6.
    const panel = (await loadExample('unemployment')).panel;
    let sum = 0;
    let n = 0;
    for (const s of panel.series) {
      for (const start of [110, 116]) {
        for (let t = start; t < start + 6; t++) {
          sum += Math.abs(s.y[t] - s.y[start - 1]);
          n += 1;
        }
      }
    }
    // every series has 6 points per window, so the mean of per-series MAEs is the overall mean
    expect(r.reports[0].aggregate['mae']).toBeCloseTo(sum / n, 9);
    expect(r.files).toEqual([join(out, 'backtest.csv'), join(out, 'backtest.json')]);
    const cv = await readTable(r.files[0]);
    expect(cv.length).toBe(2 * 14 * 2 * 6);
    expect(stdout).toMatch(/Naive\s+2\/2/);
  });

  it('reports unknown models and exits 1 when nothing ran', async () => {
    const r = await backtestCommand(undefined, { example: 'stocks', models: 'NoSuchModel', h: '3', quiet: true });
    expect(r.exitCode).toBe(1);
    expect(r.failed['NoSuchModel']).toMatch(/Unknown model/);
  });
});
