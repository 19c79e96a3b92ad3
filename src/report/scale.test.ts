/**
 * A report of 1,000 series: written in under 10 s and under 20 MB, and (where Chromium is found)
 * opened with only the charts in view drawn, the first one quickly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionRun } from '../runtime/session.js';
import { findChromium, openInChromium } from './__tests__/chromium.js';
import { runLadder, seasonalPanel } from './__tests__/runs.js';
import { writeReport } from './render.js';

const N = 1000;
const dir = await mkdtemp(join(tmpdir(), 'tsak-report-scale-'));
const path = join(dir, 'report.html');
const chromiumPath = findChromium();
let run: SessionRun | undefined;

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(`report of a ${N}-series panel`, () => {
  it('is written in under 10 s and is under 20 MB', async () => {
    const ids = Array.from({ length: N }, (_, i) => `store ${String(i).padStart(4, '0')}`);
    run = await runLadder(seasonalPanel(ids, 120), { h: 12 }); // 120 months each, two backtest windows
    const t0 = performance.now();
    const bytes = await writeReport(run, path);
    const ms = performance.now() - t0;
    console.log(`${N}-series report: ${Math.round(ms)} ms, ${(bytes / 1e6).toFixed(2)} MB`);
    expect(ms).toBeLessThan(10_000);
    expect(bytes).toBeLessThan(20e6);
    expect(bytes).toBeGreaterThan(N * 2_000); // every series' numbers are in it
  });

  it.skipIf(!chromiumPath)(
    'opens lazily in Chromium: the first chart quickly, only those in view drawn, search finds the last',
    async () => {
      if (!run) throw new Error('the report was not written');
      const t0 = performance.now();
      const opened = await openInChromium(chromiumPath as string, path);
      try {
        const { page } = opened;
        await page.locator('.chart[data-state="drawn"]').first().waitFor({ timeout: 30_000 });
        const sinceLaunchMs = performance.now() - t0;
        // The page's own clock starts at navigation: parse 6 MB, run the script, draw what is in view.
        const sinceNavigationMs = (await page.evaluate('performance.now()')) as number;
        const drawn = await page.locator('.chart[data-state="drawn"]').count();
        console.log(
          `${N}-series report in Chromium: first chart drawn ${Math.round(sinceNavigationMs)} ms after navigation (${Math.round(sinceLaunchMs)} ms after launch), ${drawn} charts drawn`,
        );
        expect(sinceNavigationMs).toBeLessThan(10_000); // generous: the machine is shared
        expect(drawn).toBeGreaterThan(0);
        expect(drawn).toBeLessThan(20);
        expect(await page.locator('#summary-table tbody tr').count()).toBe(N);
        await page.fill('#filter', 'store 0999');
        expect(await page.locator('article.series:visible').count()).toBe(1);
        await page.locator('#s-999 .chart[data-state="drawn"]').waitFor({ timeout: 10_000 });
        expect(opened.errors).toEqual([]);
        expect(opened.external).toEqual([]);
      } finally {
        await opened.close();
      }
    },
  );
});
