/**
 * `tsagentkit forecast --plot/--report` and `tsagentkit report <dir>`, called as functions with
 * stdout and stderr captured. HF_HUB_CACHE points at an empty folder: the statistical ladder answers.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeTable } from '../../data/io/readWrite.js';
import { makeTable } from '../../data/io/table.js';
import { EReportInputInvalid, ETaskSpecInvalid } from '../../errors/index.js';
import { loadExample } from '../../examples/index.js';
import { pngSize } from '../../report/__tests__/png.js';
import { forecastCommand } from './forecast.js';
import { reportCommand } from './report.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-report-cli-'));
let stdout = '';
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
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // progress lines: silenced, not asserted
});
afterEach(() => vi.restoreAllMocks());

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('forecast --plot png (stocks)', () => {
  it('writes five PNG fan charts of the expected size and dimensions', async () => {
    const out = join(dir, 'stocks');
    const r = await forecastCommand(undefined, { example: 'stocks', out, plot: 'png', quiet: true });
    expect(r.exitCode).toBe(0);
    expect(r.files.plots?.map((p) => p.slice(out.length + 1))).toEqual([
      'plots/AAPL.png',
      'plots/AMZN.png',
      'plots/GOOG.png',
      'plots/IBM.png',
      'plots/MSFT.png',
    ]);
    for (const path of r.files.plots ?? []) {
      const png = new Uint8Array(await readFile(path));
      expect(pngSize(png)).toEqual({ width: 1720, height: 600 }); // 860 × 300 at scale 2
      // a drawn chart (lines, bands, text): tens of kB; an empty canvas would be a few hundred bytes
      expect(png.byteLength).toBeGreaterThan(25_000);
      expect(png.byteLength).toBeLessThan(400_000);
    }
    expect(r.files.report).toBeUndefined();
    expect(stdout).toMatch(/5 charts in .*plots/);
  });

  it('--plot-limit keeps the first n series; bad values are usage errors', async () => {
    const out = join(dir, 'stocks-limit');
    const r = await forecastCommand(undefined, { example: 'stocks', out, plot: 'svg', plotLimit: '2', mode: 'quick', quiet: true });
    expect((await readdir(join(out, 'plots'))).sort()).toEqual(['AAPL.svg', 'AMZN.svg']);
    expect(r.files.plots).toHaveLength(2);
    await expect(forecastCommand(undefined, { example: 'stocks', out, plot: 'gif' })).rejects.toThrow(ETaskSpecInvalid);
    await expect(forecastCommand(undefined, { example: 'stocks', out, plotLimit: '2' })).rejects.toThrow(/--plot-limit needs --plot/);
  });
});

describe('report <dir>', () => {
  it('writes report.html from the output directory, reading the history from the example', async () => {
    const out = join(dir, 'unemployment');
    await forecastCommand(undefined, { example: 'unemployment', out, h: '6', windows: '1', quiet: true });
    const r = await reportCommand(out, { quiet: true, plot: 'svg', plotLimit: '3' });
    expect(r.outputs.report).toBe(join(out, 'report.html'));
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(count(html, /<tr data-search=/g)).toBe(14);
    expect(count(html, /<article class="series"/g)).toBe(14);
    expect(html).not.toContain('history was not available');
    const data = JSON.parse(/id="tsagentkit-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as Array<{ h: [number[]] }>;
    expect(data.map((c) => c.h[0].length)).toEqual(Array(14).fill(122)); // the whole history
    expect(r.outputs.plots).toHaveLength(3);
    expect(stdout).toMatch(/wrote .*report\.html \(0\.\d\d MB\)\nwrote 3 charts to /);
  });

  it("reads the history from a data file with the forecast run's column names", async () => {
    const ex = await loadExample('stocks');
    const file = join(dir, 'prices.csv');
    await writeTable(makeTable({ sym: ex.table.columns['unique_id'], date: ex.table.columns['ds'], price: ex.table.columns['y'] }), file);
    const out = join(dir, 'prices');
    await forecastCommand(file, { idCol: 'sym', dsCol: 'date', yCol: 'price', h: '6', out, mode: 'quick', quiet: true });
    await expect(reportCommand(out, { quiet: true })).rejects.toThrow(EReportInputInvalid); // no "unique_id" column in prices.csv
    const r = await reportCommand(out, { idCol: 'sym', dsCol: 'date', yCol: 'price', quiet: true });
    const html = await readFile(r.outputs.report ?? '', 'utf8');
    expect(count(html, /<article class="series"/g)).toBe(5);
    expect(html).not.toContain('history was not available');
  });

  it('refuses a directory that is not a forecast output, and conflicting options', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const err = await reportCommand(empty, { quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EReportInputInvalid);
    expect((err as EReportInputInvalid).message).toMatch(/no artifact\.json/);
    await expect(reportCommand(empty, { data: 'a.csv', example: 'stocks' })).rejects.toThrow(ETaskSpecInvalid);
    await expect(reportCommand(empty, { history: 'some' })).rejects.toThrow(ETaskSpecInvalid);
    expect((await stat(empty)).isDirectory()).toBe(true);
  });
});
