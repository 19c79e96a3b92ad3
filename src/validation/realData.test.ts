import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../data/io/readWrite.js';
import { qa } from '../qa/qa.js';
import { validate } from './validate.js';

/** vega-datasets ships its files under data/, beside build/ (the package's entry point). */
const vegaData = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data');

describe('real panels shipped by vega-datasets', () => {
  it('unemployment by industry (JSON, DST-shifted month starts) validates as a monthly panel', async () => {
    const table = await readTable(join(vegaData, 'unemployment-across-industries.json'));
    const r = validate(table, { columnMap: { unique_id: 'series', ds: 'date', y: 'count' }, h: 12 });
    expect(r.valid).toBe(true);
    expect(r.stats.nSeries).toBe(14);
    expect(r.stats.freq).toBe('MS');
    expect(r.stats.rows.history).toBe(table.length);
    expect(r.warnings.map((w) => w.code)).toEqual(['E_FREQ_IRREGULAR']); // the DST rounding notice
    expect(r.panel!.covariates.past).toEqual(['year', 'month', 'rate']);
    const q = qa(r.panel!, { h: 12 });
    expect(q.valid).toBe(true);
  });

  it('stock prices (CSV with "Jan 1 2000" dates) validate as a monthly panel', async () => {
    const table = await readTable(join(vegaData, 'stocks.csv'));
    const r = validate(table, { columnMap: { unique_id: 'symbol', ds: 'date', y: 'price' } });
    expect(r.valid).toBe(true);
    expect(r.panel!.series.map((s) => s.id)).toEqual(['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT']);
    expect(r.stats.freq).toBe('MS');
  });
});
