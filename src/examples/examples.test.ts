import { describe, expect, it } from 'vitest';
import { inferPanelFreq } from '../data/frequency.js';
import { EDataFormat } from '../errors/index.js';
import { EXAMPLE_NAMES, describeExamples, loadExample } from './examples.js';
import { vegaDataPath } from './vegaData.js';

describe('embedded example datasets (vega-datasets)', () => {
  it('resolves files inside node_modules/vega-datasets', () => {
    expect(vegaDataPath('stocks.csv')).toMatch(/vega-datasets[/\\]data[/\\]stocks\.csv$/);
    expect(() => vegaDataPath('nope.csv')).toThrow(EDataFormat);
  });

  it('unemployment: 14 industries × 122 months from January 2000', async () => {
    const ex = await loadExample('unemployment');
    expect(ex.panel.series).toHaveLength(14);
    expect(ex.panel.series.every((s) => s.y.length === 122)).toBe(true);
    const gov = ex.panel.series.find((s) => s.id === 'Government')!;
    expect(gov.ds[0]).toBe(Date.UTC(2000, 0, 1));
    expect(gov.ds[121]).toBe(Date.UTC(2010, 1, 1));
    // first records of the file: Government 2000-01 count 430, 2000-02 count 409
    expect(Array.from(gov.y.subarray(0, 2))).toEqual([430, 409]);
    expect(inferPanelFreq(ex.panel)).toBe('MS');
    expect(ex.table.length).toBe(14 * 122);
    expect(Object.keys(ex.table.columns)).toEqual(['unique_id', 'ds', 'y']);
  });

  it('stocks: five symbols, GOOG shorter (ragged panel)', async () => {
    const ex = await loadExample('stocks');
    expect(ex.panel.series.map((s) => s.id)).toEqual(['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT']);
    expect(ex.panel.series.map((s) => s.y.length)).toEqual([123, 123, 68, 123, 123]);
    const msft = ex.panel.series.find((s) => s.id === 'MSFT')!;
    expect(msft.ds[0]).toBe(Date.UTC(2000, 0, 1));
    expect(msft.y[0]).toBeCloseTo(39.81, 10);
  });

  it('co2: raw and adjusted series with missing months', async () => {
    const ex = await loadExample('co2');
    expect(ex.panel.series.map((s) => s.id)).toEqual(['CO2', 'CO2 adjusted']);
    const co2 = ex.panel.series[0];
    expect(co2.ds[0]).toBe(Date.UTC(1958, 2, 1));
    expect(co2.y[0]).toBeCloseTo(315.7, 10);
    // June 1958 is missing from the file: the step from May to July is two months
    expect(co2.ds[3]).toBe(Date.UTC(1958, 6, 1));
  });

  it('lists the examples and refuses unknown names with a typed error', async () => {
    expect(describeExamples().map((e) => e.name)).toEqual([...EXAMPLE_NAMES]);
    await expect(loadExample('nope')).rejects.toThrow(/Unknown example dataset "nope"/);
  });
});
