/**
 * Acceptance: `tsagentkit qa` on clean seasonal data. A daily panel (3 series × 300 days = 900
 * values) with weekend peaks and a weekly Friday promotion is clean: qa flags nothing and
 * --out holds the input values unchanged; `forecast` on the same file reports the same (no repairs).
 * Three spikes injected into it are flagged, and only those; with --winsorize qa may clip, without
 * it the spikes are kept. The command runs as `node dist/cli/main.js qa` runs it (qaCommand).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTable } from '../../data/io/readWrite.js';
import { forecastCommand } from './forecast.js';
import { qaCommand } from './qa.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-qa-seasonal-'));
let stdout = '';
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const DAYS = 300;
const IDS = ['store_a', 'store_b', 'store_c'];

/** A seeded LCG in [0, 1), so the panel is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** y = level + slow trend + weekend peak (Sat, Sun) + Friday promotion + small noise. */
function cleanPanel(): { id: string; ds: string; y: number }[] {
  const rows: { id: string; ds: string; y: number }[] = [];
  IDS.forEach((id, k) => {
    const u = rng(17 + k);
    for (let t = 0; t < DAYS; t++) {
      const date = new Date(Date.UTC(2023, 0, 2 + t)); // 2023-01-02 is a Monday
      const dow = date.getUTCDay();
      const weekend = dow === 0 || dow === 6 ? 35 : 0;
      const promo = dow === 5 ? 20 : 0;
      const y = 80 + 10 * k + 0.02 * t + weekend + promo + 4 * (u() - 0.5);
      rows.push({ id, ds: date.toISOString().slice(0, 10), y: Math.round(y * 100) / 100 });
    }
  });
  return rows;
}

async function writeCsv(name: string, rows: { id: string; ds: string; y: number }[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, ['unique_id,ds,y', ...rows.map((r) => `${r.id},${r.ds},${r.y}`)].join('\n') + '\n');
  return path;
}

async function outValues(path: string): Promise<number[]> {
  const table = await readTable(path);
  return Array.from(table.columns['y'] as ArrayLike<number>, Number);
}

describe('tsagentkit qa on clean seasonal data', () => {
  it('flags nothing and repairs nothing on a clean daily panel with weekend and promotion peaks', async () => {
    const rows = cleanPanel();
    expect(rows).toHaveLength(900);
    const path = await writeCsv('clean.csv', rows);
    const out = join(dir, 'clean-out.csv');
    const { exitCode, report } = await qaCommand(path, { out, quiet: true });
    expect(exitCode).toBe(0);
    expect(report.issues).toEqual([]);
    expect(report.repairs).toEqual([]);
    expect(stdout).toMatch(/no issues/);
    expect(stdout).not.toMatch(/repair /);
    expect(await outValues(out)).toEqual(rows.map((r) => r.y));

    // forecast on the same file: the same QA, no repairs.
    stdout = '';
    await forecastCommand(path, { h: '7', backtest: false, out: join(dir, 'clean-forecast'), quiet: true, tsfmPolicy: 'disabled' });
    expect(stdout.split('\n').find((l) => l.startsWith('  qa '))).toBe('  qa         no warnings; no repairs');
  }, 60_000);

  it('flags exactly three injected spikes, and keeps them unless --winsorize', async () => {
    const rows = cleanPanel();
    const spikes = [
      { row: 40, by: 90 }, // store_a, a Tuesday
      { row: 300 + 150, by: -60 }, // store_b, a dip
      { row: 600 + 251, by: 120 }, // store_c, a weekend day
    ];
    for (const s of spikes) rows[s.row] = { ...rows[s.row], y: rows[s.row].y + s.by };
    const path = await writeCsv('spikes.csv', rows);
    const out = join(dir, 'spikes-out.csv');
    const { report } = await qaCommand(path, { out, quiet: true });
    expect(report.issues.map((i) => i.type)).toEqual(['outliers']);
    const issue = report.issues[0];
    expect(issue.count).toBe(3);
    expect(issue.context['points']).toEqual(
      spikes.map((s) => ({ unique_id: rows[s.row].id, index: s.row % DAYS, ds: `${rows[s.row].ds}T00:00:00.000Z` })),
    );
    expect(report.repairs).toEqual([]);
    expect(await outValues(out)).toEqual(rows.map((r) => r.y));
    // Winsorising is the explicit choice.
    const clipped = await qaCommand(path, { out: join(dir, 'spikes-winsorized.csv'), quiet: true, winsorize: true });
    expect(clipped.report.repairs.some((r) => r.kind === 'winsorize')).toBe(true);
  }, 60_000);
});
