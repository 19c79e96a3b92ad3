/**
 * `--workers` on the commands that fit statistical models: the output with worker threads is the
 * in-process output, byte for byte. HF_HUB_CACHE points at an empty folder so no TSFM is used.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ETaskSpecInvalid } from '../../errors/index.js';
import { backtestCommand } from './backtest.js';
import { forecastCommand } from './forecast.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-workers-'));
const savedCache = process.env['HF_HUB_CACHE'];

beforeAll(() => {
  process.env['HF_HUB_CACHE'] = join(dir, 'empty-hf-cache');
});
afterAll(async () => {
  vi.restoreAllMocks();
  if (savedCache === undefined) delete process.env['HF_HUB_CACHE'];
  else process.env['HF_HUB_CACHE'] = savedCache;
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

describe('--workers', () => {
  it('forecast: the same forecast file with 2 worker threads as in-process', async () => {
    const run = (workers: string) =>
      forecastCommand(undefined, { example: 'unemployment', h: '6', mode: 'quick', out: join(dir, `w${workers}`), workers, quiet: true });
    const one = await run('1');
    const two = await run('2');
    expect(two.exitCode).toBe(0);
    expect(two.run.modelBySeries).toEqual(one.run.modelBySeries);
    const csv = await readFile(two.files.forecast, 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 14 * 6);
    expect(csv).toBe(await readFile(one.files.forecast, 'utf8'));
  });

  it('backtest: the same scores with 2 worker threads as in-process', async () => {
    const run = (workers: string) =>
      backtestCommand(undefined, { example: 'unemployment', h: '6', windows: '2', models: 'Theta,SeasonalNaive', workers, json: true });
    const one = await run('1');
    const two = await run('2');
    expect(two.exitCode).toBe(0);
    expect(two.reports.map((r) => r.model)).toEqual(['Theta', 'SeasonalNaive']);
    expect(two.reports.map((r) => r.aggregate)).toEqual(one.reports.map((r) => r.aggregate));
    expect(two.reports.map((r) => r.cv.mean)).toEqual(one.reports.map((r) => r.cv.mean));
  });

  it('rejects a count below 1 with a typed error', async () => {
    await expect(forecastCommand(undefined, { example: 'unemployment', h: '6', mode: 'quick', workers: '0' })).rejects.toBeInstanceOf(
      ETaskSpecInvalid,
    );
    await expect(backtestCommand(undefined, { example: 'unemployment', h: '6', workers: '0' })).rejects.toBeInstanceOf(ETaskSpecInvalid);
  });
});
