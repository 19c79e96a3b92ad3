/**
 * The HTML report in a real browser: `tsagentkit forecast --example unemployment --report`, opened
 * in headless Chromium. No console errors, no network, one drawn chart per series with its history
 * and forecast paths and band areas, a summary row per series, a working filter, and a screenshot
 * under the test's temp folder (kept, and its path printed, with TSAGENTKIT_KEEP_REPORT=1).
 */
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forecastCommand } from '../cli/commands/forecast.js';
import { findChromium, openInChromium, type OpenedPage } from './__tests__/chromium.js';
import { pngSize } from './__tests__/png.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn(
    'SKIPPED report browser test: no Chromium found (looked at $TSAGENTKIT_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome). Install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does).',
  );
}

interface ChartCheck {
  id: string;
  state: string | null;
  svg: boolean;
  history: number;
  forecast: number;
  bands: number;
  backtest: number;
  cutoffs: number;
}

/** Runs in the page (the project's TypeScript has no DOM types): per chart, its state and drawn paths. */
const CHART_CHECKS = `Array.from(document.querySelectorAll('article.series')).map((a) => {
  const drawn = (cls) => Array.from(a.querySelectorAll('svg g.' + cls + ' path')).filter((p) => (p.getAttribute('d') || '').length > 20).length;
  return {
    id: a.getAttribute('data-id'),
    state: a.querySelector('.chart').getAttribute('data-state'),
    svg: a.querySelector('.chart svg') !== null,
    history: drawn('history_marks'),
    forecast: drawn('forecast_marks'),
    bands: drawn('band0_marks') + drawn('band1_marks'),
    backtest: drawn('backtest_marks'),
    cutoffs: a.querySelectorAll('svg g.cutoff_marks line').length,
  };
})`;

/** The MASE column's sort values, in table order. */
const MASE_COLUMN = `(() => {
  const col = Array.from(document.querySelectorAll('#summary-table th')).findIndex((th) => th.textContent === 'MASE');
  return Array.from(document.querySelectorAll('#summary-table tbody tr')).map((tr) => Number(tr.children[col].getAttribute('data-value')));
})()`;

describe.skipIf(!chromiumPath)('report.html in headless Chromium (unemployment example)', () => {
  let dir = '';
  let opened: OpenedPage | undefined;
  let nSeries = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsak-report-browser-'));
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const quietErr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const savedCache = process.env['HF_HUB_CACHE'];
    process.env['HF_HUB_CACHE'] = join(dir, 'empty-hf-cache');
    try {
      const r = await forecastCommand(undefined, { example: 'unemployment', out: dir, report: true, quiet: true });
      nSeries = r.artifact.data.nSeries;
    } finally {
      quiet.mockRestore();
      quietErr.mockRestore();
      if (savedCache === undefined) delete process.env['HF_HUB_CACHE'];
      else process.env['HF_HUB_CACHE'] = savedCache;
    }
    opened = await openInChromium(chromiumPath as string, join(dir, 'report.html'));
  });

  afterAll(async () => {
    await opened?.close();
    if (process.env['TSAGENTKIT_KEEP_REPORT']) console.log(`report and screenshot kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  });

  it('draws one chart per series, each with history and forecast paths and band areas', async () => {
    const { page } = opened as OpenedPage;
    expect(nSeries).toBe(14);
    const sections = page.locator('article.series');
    expect(await sections.count()).toBe(nSeries);
    // Charts are drawn lazily: bring each into view and wait for it.
    for (let i = 0; i < nSeries; i++) {
      await page.locator(`#s-${i}`).scrollIntoViewIfNeeded();
      await page.locator(`#s-${i} .chart[data-state="drawn"]`).waitFor({ timeout: 15_000 });
    }
    const checks = (await page.evaluate(CHART_CHECKS)) as ChartCheck[];
    expect(checks).toHaveLength(nSeries);
    for (const c of checks) {
      expect(c, c.id).toMatchObject({ state: 'drawn', svg: true, history: 1, forecast: 1, bands: 2, backtest: 2, cutoffs: 2 });
    }
  });

  it('has a summary row per series and a filter that narrows rows and charts', async () => {
    const { page } = opened as OpenedPage;
    expect(await page.locator('#summary-table tbody tr').count()).toBe(nSeries);
    await page.fill('#filter', 'constr');
    expect(await page.locator('#summary-table tbody tr:visible').count()).toBe(1);
    expect(await page.locator('article.series:visible').count()).toBe(1);
    expect(await page.textContent('#shown-count')).toBe(`1 of ${nSeries} series`);
    await page.fill('#filter', '');
    expect(await page.locator('article.series:visible').count()).toBe(nSeries);
    // sorting by MASE puts the smallest first
    await page.click('#summary-table th:has-text("MASE")');
    const mase = (await page.evaluate(MASE_COLUMN)) as number[];
    expect(mase).toHaveLength(nSeries);
    expect(mase).toEqual([...mase].sort((a, b) => a - b));
  });

  it('logs no console errors, makes no network request, and leaves a screenshot', async () => {
    const { page, errors, external } = opened as OpenedPage;
    await page.evaluate('window.scrollTo(0, 0)');
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = new Uint8Array(await readFile(shot));
    expect(pngSize(png).width).toBe(1280);
    expect(pngSize(png).height).toBeGreaterThan(14 * 300); // every chart is on the page
    expect((await stat(shot)).size).toBeGreaterThan(100_000);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});
