import { describe, expect, it } from 'vitest';
import { EReportInputInvalid } from '../errors/index.js';
import { chartColumns, rowsFromColumns } from './chartData.js';
import { buildReport } from './build.js';
import { reportFromRun } from './fromRun.js';
import { fileNames, plotForecast } from './plot.js';
import { bandTints, tint } from './palette.js';
import { renderReport } from './render.js';
import { timeFormatsFor } from './timeAxis.js';
import { pngSize } from './__tests__/png.js';
import { runLadder, seasonalPanel } from './__tests__/runs.js';

const IDS = ['north', 'south', 'x </script> & "y"'];
const panel = seasonalPanel(IDS, 60);
const run = await runLadder(panel, { h: 6 });

function one<T>(xs: readonly T[], pred: (x: T) => boolean): T {
  const found = xs.find(pred);
  if (found === undefined) throw new Error('not found');
  return found;
}

const backtest = run.artifact.backtest;
if (!backtest) throw new Error('the run has no backtest');

describe('report model from a run', () => {
  const report = reportFromRun(run);

  it('carries every series with its history, forecast and the intervals widest first', () => {
    expect(report.series.map((s) => s.id)).toEqual([...IDS].sort());
    expect(report.quantileLevels).toEqual([0.025, 0.1, 0.5, 0.9, 0.975]);
    expect(report.intervals).toEqual([
      { level: 95, lower: 0, upper: 4 },
      { level: 80, lower: 1, upper: 3 },
    ]);
    for (const s of report.series) {
      const observed = one(panel.series, (p) => p.id === s.id);
      expect(Array.from(s.history.y)).toEqual(Array.from(observed.y)); // 60 < the default window
      expect(s.historyLength).toBe(60);
      const f = one(run.forecast.series, (p) => p.id === s.id);
      expect(Array.from(s.forecast.mean)).toEqual(Array.from(f.mean));
      expect(s.forecast.ds[0]).toBe(Date.UTC(2005, 0, 1));
      // the 95% band contains the 80% band
      s.forecast.quantiles[0].forEach((lo, t) => expect(lo).toBeLessThanOrEqual(s.forecast.quantiles[1][t]));
      expect(s.model).toBe('SeasonalNaive');
      expect(s.ladder).toEqual(['SeasonalNaive', 'Naive']);
    }
  });

  it('splits the backtest into windows at the artifact cutoffs, with the observed actuals', () => {
    const cutoffs = backtest.windows.map((w) => Date.parse(w.cutoff));
    expect(report.backtestCutoffs).toEqual(cutoffs);
    expect(cutoffs).toEqual([Date.UTC(2003, 11, 1), Date.UTC(2004, 5, 1)]);
    for (const s of report.series) {
      expect(s.backtest.map((w) => w.cutoff)).toEqual(cutoffs);
      const observed = one(panel.series, (p) => p.id === s.id);
      for (const w of s.backtest) {
        expect(w.ds.length).toBe(6);
        w.ds.forEach((t, i) => expect(w.y[i]).toBe(observed.y[observed.ds.indexOf(t)]));
        // SeasonalNaive: the prediction repeats the season before the cutoff
        w.ds.forEach((t, i) => expect(w.mean[i]).toBe(observed.y[observed.ds.indexOf(t) - 12]));
      }
      expect(s.metrics['mase']).toBe(backtest.seriesMetrics?.[s.id]?.['mase']);
    }
    expect(report.backtestMetrics['mase']).toBe(backtest.aggregate['mase']);
  });

  it('attributes fallbacks: per-series ones by name, group-wide ones by the ladder', () => {
    const artifact = {
      ...run.artifact,
      fallbacks: [
        { from: 'SeasonalNaive', to: 'Naive', stage: 'predict', errorCode: 'E_NON_FINITE_FORECAST', error: 'NaN', series: ['north'] },
        { from: 'chronos', to: 'SeasonalNaive', stage: 'fit', errorCode: 'E_MODEL_NOT_LOADED', error: 'not loaded' },
      ],
    };
    const withLadder = {
      ...artifact,
      plan: { candidates: [], buckets: [{ key: 'all', seriesIds: IDS, candidates: ['chronos', 'SeasonalNaive', 'Naive'] }] },
    };
    const r = reportFromRun(run, { artifact: withLadder });
    const north = one(r.series, (s) => s.id === 'north');
    const south = one(r.series, (s) => s.id === 'south');
    expect(north.fallbacks.map((f) => f.errorCode)).toEqual(['E_NON_FINITE_FORECAST', 'E_MODEL_NOT_LOADED']);
    expect(south.fallbacks.map((f) => f.errorCode)).toEqual(['E_MODEL_NOT_LOADED']);
    expect(r.fallbackCount).toBe(2);
  });

  it('cuts the history to the requested window and refuses a bad one', () => {
    const r = reportFromRun(run, { historyPoints: 10 });
    const s = r.series[0];
    expect(s.history.ds.length).toBe(10);
    expect(s.history.ds[9]).toBe(Date.UTC(2004, 11, 1));
    expect(s.historyLength).toBe(60);
    expect(() => reportFromRun(run, { historyPoints: 0 })).toThrow(EReportInputInvalid);
  });

  it('draws backtest actuals when the history is not available', () => {
    const r = reportFromRun({ ...run, panel: undefined as never });
    expect(r.hasHistory).toBe(false);
    expect(r.series[0].history.ds.length).toBe(12); // two windows of six
  });

  it('refuses a forecast without one of its quantile levels', () => {
    const artifact = run.artifact;
    expect(() =>
      buildReport({ artifact, quantileLevels: [0.1, 0.9], forecast: [{ id: 'a', model: 'm', ds: [1], mean: [1], quantiles: [[0]] }] }),
    ).toThrow(EReportInputInvalid);
  });
});

describe('chart data', () => {
  const report = reportFromRun(run);
  const s = report.series[0];

  it('round-trips through compact columns into the chart rows, missing values as null', () => {
    const rows = rowsFromColumns(chartColumns(report, s));
    expect(rows.history).toHaveLength(60);
    expect(rows.history[0]?.ds).toBe(Date.UTC(2000, 0, 1));
    rows.history.forEach((r, i) => expect(Math.abs((r.y ?? Number.NaN) - (s.history.y[i] ?? 0))).toBeLessThanOrEqual(1e-6 * 1000)); // 6 digits of values < 1000
    expect(rows.forecast).toHaveLength(6);
    expect(Object.keys(rows.forecast[0]).sort()).toEqual(['ds', 'hi0', 'hi1', 'lo0', 'lo1', 'mean']);
    expect(rows.forecast[0]['lo0']).toBeCloseTo(s.forecast.quantiles[0][0], 3);
    expect(rows.forecast[0]['hi1']).toBeCloseTo(s.forecast.quantiles[3][0], 3);
    expect(rows.backtest).toHaveLength(12);
    expect(rows.cutoffs).toEqual(report.backtestCutoffs.map((cutoff) => ({ cutoff })));
    const gap = { ...s, history: { ds: s.history.ds, y: Float64Array.from(s.history.y, (v, i) => (i === 3 ? Number.NaN : v)) } };
    expect(rowsFromColumns(chartColumns(report, gap)).history[3].y).toBeNull();
  });

  it('rowsFromColumns runs from its own source text, as the HTML report embeds it', () => {
    const embedded = new Function(`return (${rowsFromColumns.toString()})`)() as typeof rowsFromColumns;
    const cols = chartColumns(report, s);
    expect(embedded(cols)).toEqual(rowsFromColumns(cols));
  });

  it('formats the time axis in the data frequency', () => {
    expect(timeFormatsFor('MS').axis).toBe('%b %Y');
    expect(timeFormatsFor('A-DEC').axis).toBe('%Y');
    expect(timeFormatsFor('Q-DEC').axis).toBe('%Y Q%q');
    expect(timeFormatsFor('H')).toEqual({ axis: '%d %b %H:%M', tooltip: '%Y-%m-%d %H:%M' });
    expect(timeFormatsFor('not-a-freq').axis).toBe('%Y-%m-%d');
  });

  it('tints bands lighter the wider they are', () => {
    expect(tint('#0072B2', 1)).toBe('#0072b2');
    expect(tint('#0072B2', 0)).toBe('#ffffff');
    const [wide, narrow] = bandTints('#0072B2', 2).map((c) => Number.parseInt(c.slice(1, 3), 16));
    expect(wide).toBeGreaterThan(narrow ?? 255);
  });

  it('makes safe, distinct file names from series ids', () => {
    expect(fileNames(['AAPL', 'a/b', 'a b', '../x', 'AAPL'])).toEqual(['AAPL', 'a_b', 'a_b_2', 'x', 'AAPL_2']);
  });
});

describe('plotForecast', () => {
  it('renders an SVG fan chart with history, forecast, bands, backtest and cutoffs', async () => {
    const svg = await plotForecast(run, 'north');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const mark of [
      'history_marks',
      'forecast_marks',
      'band0_marks',
      'band1_marks',
      'backtest_marks',
      'backtest_band_marks',
      'cutoff_marks',
    ]) {
      expect(svg).toContain(mark);
    }
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toContain('north');
    expect(labels).toContain('95%');
    expect(labels).toContain('80%');
    expect(labels.filter((l) => /^[A-Z][a-z]{2} \d{4}$/.test(l)).length).toBeGreaterThan(2); // "Jan 2003"
    expect(svg).toMatch(/width="860" height="300"/);
  });

  it('renders PNG at the requested size and scale', async () => {
    const png = await plotForecast(run, 'south', { format: 'png', width: 600, height: 240, scale: 1.5 });
    expect(Array.from(png.subarray(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(pngSize(png)).toEqual({ width: 900, height: 360 });
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it('refuses an unknown series with a typed error', async () => {
    await expect(plotForecast(run, 'west')).rejects.toThrow(EReportInputInvalid);
  });
});

describe('renderReport', () => {
  it('writes one self-contained page: a table row and a chart section per series, ids escaped', async () => {
    const html = await renderReport(run);
    expect(html.match(/<tr data-search=/g)).toHaveLength(3);
    expect(html.match(/<article class="series"/g)).toHaveLength(3);
    expect(html).toContain('x &lt;/script&gt; &amp; &quot;y&quot;');
    // the only "</script>" closings are the four elements' own
    expect(html.match(/<\/script>/g)).toHaveLength(4);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!vega\.github\.io\/schema)[^"'\s]+\.(js|css)/);
    const data = JSON.parse(
      /<script type="application\/json" id="tsagentkit-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null',
    ) as unknown[];
    expect(data).toHaveLength(3);
  });
});
