import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { ETaskSpecInvalid } from '../errors/index.js';
import { withRunOutputs } from '../forecast/artifact.js';
import { AutoETS, SeasonalNaive, Theta } from '../models/catalog.js';
import { RuntimeTelemetry } from './telemetry.js';
import { TSAgentSession } from './session.js';

// Two monthly series with a yearly cycle, under the user's own column names.
const months = Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2020, i, 1)));
const rows = ['a', 'b'].flatMap((store, k) =>
  months.map((date, i) => ({ store, date, sales: 100 + 10 * k + 20 * Math.sin((2 * Math.PI * i) / 12) + i })),
);

function session() {
  return new TSAgentSession({ mode: 'quick', telemetry: new RuntimeTelemetry(), taskSpecDefaults: { tsfmPolicy: { mode: 'disabled' } } });
}

describe('typed session API', () => {
  it('takes column names from spec.columns and returns the forecast as records and as a table', async () => {
    const run = await session().run(rows, { h: 6, columns: { id: 'store', ds: 'date', y: 'sales' }, models: ['SeasonalNaive'] });
    expect(run.validation.stats.nSeries).toBe(2);
    expect(run.qa.valid).toBe(true);
    expect(run.plan.freq).toBe('MS');
    const records = run.toRecords();
    expect(records).toHaveLength(12);
    expect(records[0]).toMatchObject({ unique_id: 'a', model: 'SeasonalNaive' });
    expect((records[0]?.['ds'] as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // Seasonal naive repeats the value of the same month one year earlier.
    expect(records[0]?.['mean']).toBeCloseTo(rows[36]?.sales ?? NaN, 10);
    const table = run.toTable({ intervals: true });
    expect(table.length).toBe(12);
    expect(Object.keys(table.columns)).toEqual(expect.arrayContaining(['unique_id', 'ds', 'model', 'mean', 'lo-80', 'hi-95']));
  });

  it('reuses a validation the caller already ran, and completes its artifact with the written outputs', async () => {
    const spec = { h: 6, columns: { id: 'store', ds: 'date', y: 'sales' }, models: ['SeasonalNaive'] };
    const s = session();
    const outcome = await s.validate(rows, spec);
    let validations = 0;
    const counting = { ...outcome, throwIfErrors: () => (validations++, outcome.throwIfErrors()) };
    const run = await s.run(rows, spec, { validated: { outcome: counting, durationMs: 7 }, source: 'rows' });
    expect(validations).toBe(1);
    expect(run.validation).toBe(outcome.report);
    expect(run.events[0]).toEqual({ step: 'validate', status: 'ok', durationMs: 7 });
    expect(run.toRecords()).toEqual((await s.run(rows, spec)).toRecords());
    const forecast = { path: 'out/forecast.csv', format: 'csv', rows: 12, columns: ['unique_id', 'ds'] };
    const artifact = withRunOutputs(run.artifact, { data: { nPoints: 96 }, forecast, notes: ['n'] });
    expect(artifact.runId).toBe(run.artifact.runId);
    expect(artifact.data).toEqual({ source: 'rows', nSeries: 2, nPoints: 96 });
    expect(artifact.forecast).toEqual(forecast);
    expect(artifact.notes).toEqual(['n']);
  });

  it('takes covariate roles from spec.covariates', async () => {
    const withCovariates = rows.map((r, i) => ({ ...r, temp: 20 + (i % 5), promo: i % 2 }));
    const report = await session().validate(withCovariates, {
      h: 3,
      columns: { id: 'store', ds: 'date', y: 'sales' },
      covariates: { past: ['temp'], static: [] },
    });
    expect(report.panel?.covariates.past).toEqual(['temp', 'promo']);
    const declared = await session().validate(withCovariates, {
      h: 3,
      columns: { id: 'store', ds: 'date', y: 'sales' },
      covariates: { futureKnown: ['promo'] },
    });
    expect(declared.panel?.covariates).toMatchObject({ past: ['temp'], futureKnown: ['promo'] });
  });

  it('runs model instances with their own options, in order, and records them by name in the artifact', async () => {
    const models = [new AutoETS({ seasonLength: 12, damped: true, alias: 'ETS-damped' }), new Theta()];
    const run = await session().run(rows, { h: 3, columns: { id: 'store', ds: 'date', y: 'sales' }, models });
    expect(new Set(Object.values(run.modelBySeries))).toEqual(new Set(['ETS-damped']));
    expect(run.groups.every((g) => g.candidates.join() === 'ETS-damped,Theta')).toBe(true);
    expect(run.artifact.taskSpec.models).toEqual([
      { name: 'ETS-damped', options: { seasonLength: 12, damped: true, alias: 'ETS-damped' } },
      { name: 'Theta' },
    ]);
  });

  it('checks { name, options } specs with zod before anything runs', async () => {
    const s = session();
    await expect(s.run(rows, { h: 3, models: [{ name: 'AutoETS', options: { dampd: true } }] })).rejects.toBeInstanceOf(ETaskSpecInvalid);
    await expect(s.run(rows, { h: 3, models: [{ name: 'Prophet' }] })).rejects.toThrow(/unknown statistical model "Prophet"/);
    expect(() => new AutoETS({ model: 'XYZ' })).toThrow(ETaskSpecInvalid);
    expect(() => new SeasonalNaive({ seasonLength: 0 })).toThrow(/seasonLength/);
  });

  it('accepts an apache-arrow Table and a Panel (checked without a round trip through rows)', async () => {
    const arrow = tableFromArrays({
      unique_id: rows.map((r) => r.store),
      ds: Float64Array.from(rows, (r) => r.date.getTime()),
      y: Float64Array.from(rows, (r) => r.sales),
    });
    const fromArrow = await session().run(arrow, { h: 2, models: ['Naive'] });
    expect(fromArrow.toRecords()).toHaveLength(4);

    const panel = panelFromArrays(
      ['a', 'b'].map((id, k) => ({ id, ds: months.map((d) => d.getTime()), y: rows.slice(48 * k, 48 * (k + 1)).map((r) => r.sales) })),
    );
    const report = await session().validate(panel, { h: 2 });
    expect(report.valid).toBe(true);
    expect(report.panel?.series[0]?.y).toBe(panel.series[0]?.y); // the same arrays, not copies
    expect(report.panel?.freq).toBe('MS');

    const broken = panelFromArrays([{ id: 'a', ds: [3, 2, 1], y: [1, 2, Infinity] }]);
    const bad = await session().validate(broken, { h: 1 });
    expect(bad.valid).toBe(false);
    expect(bad.report.errors.map((e) => e.code)).toEqual(['E_CONTRACT_UNSORTED', 'E_CONTRACT_NON_FINITE']);
  });
});
