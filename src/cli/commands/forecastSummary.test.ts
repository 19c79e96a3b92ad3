/** The forecast command's summary: QA warnings and repairs are printed; bad data is heard before checkpoints. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EContractDuplicateKey } from '../../errors/index.js';
import { forecastCommand } from './forecast.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-summary-'));
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
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

async function csv(name: string, rows: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, ['unique_id,ds,y', ...rows].join('\n'));
  return path;
}

const days = (id: string, skip: (d: number) => boolean) =>
  Array.from({ length: 40 }, (_, i) => i)
    .filter((i) => !skip(i))
    .map((i) => `${id},${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${10 + (i % 7)}`);

describe('forecast summary', () => {
  it('prints the QA warnings and the repairs that changed the data', async () => {
    // Series a misses 3 days, b misses 2: qa() fills 5 values by gap_fill.
    const path = await csv('gaps.csv', [...days('a', (d) => d === 10 || d === 11 || d === 20), ...days('b', (d) => d === 5 || d === 30)]);
    await forecastCommand(path, { h: '3', mode: 'standard', backtest: false, out: join(dir, 'gaps'), quiet: true, tsfmPolicy: 'disabled' });
    const line = stdout.split('\n').find((l) => l.startsWith('  qa '));
    expect(line).toBe('  qa         1 warning (gaps 5); repairs in 2 series: forward_fill 5, gap_fill 5');
  });

  it('says "no repairs" when QA changed nothing', async () => {
    const path = await csv(
      'clean.csv',
      days('a', () => false),
    );
    await forecastCommand(path, { h: '3', mode: 'quick', out: join(dir, 'clean'), quiet: true, tsfmPolicy: 'disabled' });
    expect(stdout).toMatch(/\n {2}qa {9}.*; no repairs\n/);
  });

  it('reports bad data before, and instead of, the "no TSFM checkpoint" line', async () => {
    const path = await csv('dupes.csv', [...days('a', () => false), 'a,2024-01-05,99']);
    await expect(forecastCommand(path, { h: '3', mode: 'quick', out: join(dir, 'dupes') })).rejects.toBeInstanceOf(EContractDuplicateKey);
    expect(stderr).not.toMatch(/No TSFM checkpoint/);
    expect(stderr).toMatch(/loading .*dupes\.csv: 41 rows/);
  });
});
