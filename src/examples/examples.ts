/**
 * Embedded demo datasets: real panels shipped by the `vega-datasets` dependency, converted to the
 * long format (`unique_id`, `ds`, `y`) and to a Panel. They need no network and no files of ours.
 *
 * - unemployment: U.S. unemployed persons (thousands) by industry, monthly 2000-01 … 2010-02,
 *   14 series × 122 months (BLS, via vega-datasets `unemployment-across-industries.json`).
 * - stocks: monthly closing prices of AAPL, AMZN, GOOG, IBM, MSFT, 2000 … 2010 (GOOG from 2004:
 *   a ragged panel) (`stocks.csv`).
 * - co2: Mauna Loa monthly mean CO2 (ppm), 1958 … 2020, raw and seasonally adjusted, with a few
 *   missing months that QA fills (`co2-concentration.csv`).
 */
import { readFile } from 'node:fs/promises';
import { readCsv } from '../data/io/csv.js';
import { makeTable, type Cell, type Table } from '../data/io/table.js';
import { panelFromArrays, type Panel } from '../data/panel.js';
import { EDataFormat } from '../errors/index.js';
import { vegaDataPath } from './vegaData.js';

export interface ExampleDataset {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Absolute path of the source file inside node_modules/vega-datasets. */
  readonly source: string;
  readonly freq: string;
  /** A sensible horizon for the demo. */
  readonly defaultH: number;
  /** Long format: unique_id (string), ds (Date), y (number, NaN missing). */
  readonly table: Table;
  readonly panel: Panel;
}

interface Point {
  id: string;
  ds: number;
  y: number;
}

interface ExampleDef {
  readonly title: string;
  readonly description: string;
  readonly file: string;
  readonly freq: string;
  readonly defaultH: number;
  parse(path: string): Promise<Point[]>;
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

const DEFS: Record<string, ExampleDef> = {
  unemployment: {
    title: 'Unemployment across industries',
    description: 'U.S. unemployed persons (thousands) by industry, monthly 2000-01 to 2010-02, 14 series',
    file: 'unemployment-across-industries.json',
    freq: 'MS',
    defaultH: 12,
    async parse(path) {
      const rows = JSON.parse(await readFile(path, 'utf8')) as Array<{ series: string; year: number; month: number; count: number }>;
      // The file's `date` is local midnight in US/Pacific; year and month give the UTC month start.
      return rows.map((r) => ({ id: r.series, ds: Date.UTC(r.year, r.month - 1, 1), y: r.count }));
    },
  },
  stocks: {
    title: 'Stock prices',
    description: 'Monthly closing prices of AAPL, AMZN, GOOG, IBM and MSFT, 2000 to 2010 (GOOG from 2004)',
    file: 'stocks.csv',
    freq: 'MS',
    defaultH: 12,
    async parse(path) {
      const t = readCsv(await readFile(path));
      const sym = t.columns['symbol'] as readonly Cell[];
      const date = t.columns['date'] as readonly Cell[];
      const price = t.columns['price'] as Float64Array;
      return sym.map((s, i) => ({ id: String(s), ds: parseMonthDayYear(String(date[i])), y: price[i] }));
    },
  },
  co2: {
    title: 'CO2 concentration at Mauna Loa',
    description: 'Monthly mean CO2 (ppm) 1958 to 2020, raw and seasonally adjusted, with a few missing months',
    file: 'co2-concentration.csv',
    freq: 'MS',
    defaultH: 24,
    async parse(path) {
      const t = readCsv(await readFile(path), { columnTypes: { Date: 'string' } });
      const date = t.columns['Date'] as readonly Cell[];
      const raw = t.columns['CO2'] as Float64Array;
      const adjusted = t.columns['adjusted CO2'] as Float64Array;
      const out: Point[] = [];
      date.forEach((d, i) => {
        const [y, m] = String(d).split('-').map(Number);
        const ds = Date.UTC(y!, m! - 1, 1);
        out.push({ id: 'CO2', ds, y: raw[i] }, { id: 'CO2 adjusted', ds, y: adjusted[i] });
      });
      return out;
    },
  },
};

export const EXAMPLE_NAMES: readonly string[] = Object.keys(DEFS);

export function describeExamples(): Array<{ name: string; title: string; description: string; freq: string; defaultH: number }> {
  return EXAMPLE_NAMES.map((name) => {
    const d = DEFS[name];
    return { name, title: d.title, description: d.description, freq: d.freq, defaultH: d.defaultH };
  });
}

export async function loadExample(name: string): Promise<ExampleDataset> {
  const def = DEFS[name];
  if (!def) {
    throw new EDataFormat(`Unknown example dataset "${name}".`, {
      context: { example: name, available: EXAMPLE_NAMES },
      fixHint: `Use one of: ${EXAMPLE_NAMES.join(', ')}.`,
    });
  }
  const source = vegaDataPath(def.file);
  const points = (await def.parse(source)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.ds - b.ds));
  for (const p of points) {
    if (!Number.isFinite(p.ds)) {
      throw new EDataFormat(`Example "${name}" has an unreadable date for series ${p.id}.`, { context: { example: name, file: source } });
    }
  }
  const table = makeTable({
    unique_id: points.map((p) => p.id),
    ds: points.map((p) => new Date(p.ds)),
    y: Float64Array.from(points, (p) => p.y),
  });
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const list = groups.get(p.id);
    if (list) list.push(p);
    else groups.set(p.id, [p]);
  }
  const panel = panelFromArrays(
    [...groups].map(([id, ps]) => ({ id, ds: ps.map((p) => p.ds), y: ps.map((p) => p.y) })),
    def.freq,
  );
  return { name, title: def.title, description: def.description, source, freq: def.freq, defaultH: def.defaultH, table, panel };
}

/** "Jan 1 2000" → epoch ms (UTC). */
function parseMonthDayYear(text: string): number {
  const m = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(text.trim());
  if (!m || MONTHS[m[1]] === undefined) return Number.NaN;
  return Date.UTC(Number(m[3]), MONTHS[m[1]], Number(m[2]));
}
