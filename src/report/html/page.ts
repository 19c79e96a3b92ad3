/**
 * The report page: a header with the run's facts, a searchable and sortable summary table (one row
 * per series: model, ladder, fallbacks, backtest metrics), and one section per series whose fan
 * chart the page script draws when it scrolls into view. Everything is inlined (styles, the Vega
 * bundle, the compiled chart spec, the data), so the file opens offline.
 */
import { formatTimestamp } from '../../data/timestamps.js';
import type { ChartColumns } from '../chartData.js';
import { seriesSubtitle, type ForecastReport, type ReportSeries } from '../model.js';
import { FAN_CHART_SIZE } from '../chartSpec.js';

export interface PageParts {
  readonly report: ForecastReport;
  /** The compiled (Vega) fan chart spec with empty datasets. */
  readonly chartSpec: unknown;
  /** Chart columns, one entry per series in report order. */
  readonly columns: readonly ChartColumns[];
  readonly vegaBundle: string;
  readonly script: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON inside `<script type="application/json">`: "<" is escaped so no value can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

function lastFinite(xs: Float64Array): number {
  for (let i = xs.length - 1; i >= 0; i--) if (Number.isFinite(xs[i])) return xs[i] as number;
  return Number.NaN;
}

function fmtDate(ms: number): string {
  return formatTimestamp(ms, ms % 86_400_000 === 0);
}

interface Column {
  readonly head: string;
  readonly sort: 'text' | 'number';
  readonly title?: string;
  readonly className?: string;
  cell(s: ReportSeries, i: number): { html: string; value: string | number; title?: string };
}

function summaryColumns(report: ForecastReport): Column[] {
  const h = report.h;
  const widest = report.intervals[0];
  const cols: Column[] = [
    { head: 'series', sort: 'text', cell: (s, i) => ({ html: `<a href="#s-${i}">${escapeHtml(s.id)}</a>`, value: s.id }) },
    { head: 'model', sort: 'text', cell: (s) => ({ html: escapeHtml(s.model), value: s.model }) },
    {
      head: 'ladder',
      sort: 'text',
      className: 'ladder',
      title: 'the candidate models of the series’ plan bucket, in order',
      cell: (s) => ({ html: escapeHtml(s.ladder.join(' → ') || '—'), value: s.ladder.join(' ') }),
    },
    {
      head: 'fallbacks',
      sort: 'number',
      cell: (s) => ({
        html: s.fallbacks.length === 0 ? '0' : `<span class="warn">${s.fallbacks.length}</span>`,
        value: s.fallbacks.length,
        ...(s.fallbacks.length
          ? { title: s.fallbacks.map((f) => `${f.from} → ${f.to ?? 'none'} at ${f.stage}: ${f.errorCode}`).join('\n') }
          : {}),
      }),
    },
    {
      head: 'obs',
      sort: 'number',
      title: 'observations in the data',
      cell: (s) => ({ html: String(s.historyLength), value: s.historyLength }),
    },
    {
      head: 'last value',
      sort: 'number',
      cell: (s) => {
        const v = lastFinite(s.history.y);
        return { html: num(v), value: Number.isFinite(v) ? v : '' };
      },
    },
    {
      head: `mean, step ${h}`,
      sort: 'number',
      cell: (s) => {
        const v = s.forecast.mean[s.forecast.mean.length - 1] ?? Number.NaN;
        return { html: num(v), value: Number.isFinite(v) ? v : '' };
      },
    },
  ];
  if (widest) {
    cols.push({
      head: `${widest.level}% at step ${h}`,
      sort: 'number',
      title: 'sorted by width',
      cell: (s) => {
        const last = s.forecast.mean.length - 1;
        const lo = s.forecast.quantiles[widest.lower]?.[last] ?? Number.NaN;
        const hi = s.forecast.quantiles[widest.upper]?.[last] ?? Number.NaN;
        return { html: `${num(lo)} – ${num(hi)}`, value: Number.isFinite(hi - lo) ? hi - lo : '' };
      },
    });
  }
  if (report.backtestCutoffs.length > 0) {
    const metric = (key: string, head: string, format: (v: number | null | undefined) => string, title: string): Column => ({
      head,
      sort: 'number',
      title,
      cell: (s) => {
        const v = s.metrics[key];
        return { html: format(v), value: typeof v === 'number' && Number.isFinite(v) ? v : '' };
      },
    });
    cols.push(
      metric('mase', 'MASE', (v) => num(v, 3), 'backtest mean absolute scaled error (below 1: better than the seasonal naive in-sample)'),
    );
    cols.push(metric('smape', 'sMAPE', pct, 'backtest symmetric mean absolute percentage error'));
    const levels = [...report.intervals].reverse().map((iv) => iv.level);
    if (levels.length > 0) {
      // One column for every interval's coverage; it sorts by the narrowest interval's.
      cols.push({
        head: `coverage ${levels.join(' / ')}%`,
        sort: 'number',
        title: 'share of backtest actuals inside each interval',
        cell: (s) => {
          const first = s.metrics[`coverage_${levels[0]}`];
          return {
            html: levels.map((l) => pct(s.metrics[`coverage_${l}`])).join(' / '),
            value: typeof first === 'number' && Number.isFinite(first) ? first : '',
          };
        },
      });
    }
  }
  return cols;
}

function summaryTable(report: ForecastReport): string {
  const cols = summaryColumns(report);
  const head = cols
    .map((c) => `<th data-sort="${c.sort}"${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.head)}</th>`)
    .join('');
  const body = report.series
    .map((s, i) => {
      const cells = cols
        .map((c) => {
          const v = c.cell(s, i);
          const cls = c.sort === 'number' ? ' class="n"' : c.className ? ` class="${c.className}"` : '';
          return `<td${cls} data-value="${escapeHtml(String(v.value))}"${v.title ? ` title="${escapeHtml(v.title)}"` : ''}>${v.html}</td>`;
        })
        .join('');
      return `<tr data-search="${escapeHtml(`${s.id} ${s.model}`.toLowerCase())}">${cells}</tr>`;
    })
    .join('\n');
  return `<table id="summary-table"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function facts(report: ForecastReport): string {
  const models = Object.entries(report.seriesPerModel)
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${escapeHtml(m)} (${n})`)
    .join(', ');
  const items: Array<[string, string]> = [
    ['series', String(report.series.length)],
    ['horizon', `${report.h} steps`],
    ['frequency', `${escapeHtml(report.freq)} (season length ${report.seasonLength})`],
    ['quantiles', report.quantileLevels.map((q) => String(q)).join(', ') || '—'],
    ['models', models || '—'],
    ['fallbacks', String(report.fallbackCount)],
  ];
  const m = report.backtestMetrics;
  if (report.backtestCutoffs.length > 0) {
    items.push(['backtest cutoffs', report.backtestCutoffs.map(fmtDate).join(', ')]);
    const parts = [`MASE ${num(m['mase'], 3)}`, `sMAPE ${pct(m['smape'])}`];
    if (m['pooled_wape'] !== undefined) parts.push(`WAPE ${pct(m['pooled_wape'])}`);
    if (m['pooled_wql'] !== undefined) parts.push(`WQL ${num(m['pooled_wql'], 3)}`);
    for (const iv of [...report.intervals].reverse()) parts.push(`coverage ${iv.level}%: ${pct(m[`coverage_${iv.level}`])}`);
    items.push(['backtest', parts.join(' · ')]);
  } else {
    items.push(['backtest', 'none in this run']);
  }
  return `<dl class="facts">${items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

function seriesSections(report: ForecastReport): string {
  return report.series
    .map(
      (s, i) =>
        `<article class="series" id="s-${i}" data-index="${i}" data-id="${escapeHtml(s.id)}">` +
        `<h3>${escapeHtml(s.id)}</h3><p class="sub">${escapeHtml(seriesSubtitle(report, s))}</p>` +
        `<div class="chart" data-state="pending" role="img" aria-label="fan chart of ${escapeHtml(s.id)}"></div></article>`,
    )
    .join('\n');
}

const STYLE = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #e3e3e6; --accent: #0072B2; --warn: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #f6f6f7; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0 0 14px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 8px 20px; margin: 0; padding: 14px 16px; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts div:last-child { grid-column: 1 / -1; }
.notes { color: var(--muted); font-size: 13px; padding-left: 18px; }
.toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
#filter { flex: 0 1 340px; padding: 7px 10px; font: inherit; border: 1px solid #c9c9ce; border-radius: 6px; background: #fff; }
#shown-count { color: var(--muted); }
.table-wrap { max-height: 420px; overflow: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { position: sticky; top: 0; background: #fafafb; font-weight: 600; font-size: 12px; color: #3c4043; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; font-size: 9px; }
th[aria-sort="descending"]::after { content: " ▼"; font-size: 9px; }
td.n { text-align: right; }
td.ladder { color: var(--muted); font-size: 12px; white-space: normal; min-width: 150px; max-width: 230px; }
tbody tr:hover { background: #f0f6fb; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.warn { color: var(--warn); font-weight: 600; }
.series { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px 8px; margin: 0 0 14px; }
.series h3 { font-size: 15px; margin: 0; }
.series .sub { color: var(--muted); font-size: 12.5px; margin: 1px 0 4px; }
.chart { min-height: ${FAN_CHART_SIZE.height}px; width: 100%; }
.chart[data-state="failed"]::before { content: "This chart could not be drawn."; color: var(--warn); }
footer { max-width: 1280px; margin: 24px auto 40px; padding: 0 24px; color: var(--muted); font-size: 12px; }
@media print { body { background: #fff; } .toolbar, .table-wrap { max-height: none; } .series { break-inside: avoid; } }
`;

export function reportPage(parts: PageParts): string {
  const { report } = parts;
  const meta = [
    `data ${escapeHtml(report.source)}`,
    `run ${escapeHtml(report.runId)}`,
    `created ${escapeHtml(report.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}`,
  ].join(' · ');
  const notes = [
    ...report.notes,
    ...(report.hasHistory ? [] : ['The observed history was not available: the charts show the backtest actuals only.']),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tsagentkit">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">${meta}</p>
${facts(report)}
${notes.length ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
</header>
<main>
<section id="summary">
<h2>Series</h2>
<div class="toolbar"><input type="search" id="filter" placeholder="Filter series by name or model…" aria-label="filter series" autocomplete="off"><span id="shown-count">${report.series.length} of ${report.series.length} series</span></div>
<div class="table-wrap">${summaryTable(report)}</div>
</section>
<section id="charts">
<h2>Forecasts</h2>
${seriesSections(report)}
</section>
</main>
<footer>Written by tsagentkit. Bands are central prediction intervals of the forecast; dashed lines are backtest forecasts made at the dotted cutoffs.</footer>
<script type="application/json" id="tsagentkit-spec">${scriptJson(parts.chartSpec)}</script>
<script type="application/json" id="tsagentkit-data">${scriptJson(parts.columns)}</script>
<script>${parts.vegaBundle}</script>
<script>${parts.script}</script>
</body>
</html>
`;
}
