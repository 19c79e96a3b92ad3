/** Inputs that must not pass quietly: mixed frequencies and values large enough to overflow models. */
import { describe, expect, it } from 'vitest';
import { EFreqMixed } from '../errors/index.js';
import { AutoETS, Naive, Theta } from '../models/catalog.js';
import { RuntimeTelemetry } from './telemetry.js';
import { TSAgentSession } from './session.js';

const session = () =>
  new TSAgentSession({ mode: 'standard', telemetry: new RuntimeTelemetry(), taskSpecDefaults: { tsfmPolicy: { mode: 'disabled' } } });

const daily = Array.from({ length: 60 }, (_, i) => ({ unique_id: 'daily', ds: new Date(Date.UTC(2024, 0, 1 + i)), y: 10 + (i % 7) }));
const monthly = Array.from({ length: 12 }, (_, i) => ({ unique_id: 'monthly', ds: new Date(Date.UTC(2023, i, 1)), y: 100 + i }));

describe('a panel of series at different frequencies', () => {
  it('is an error naming each frequency and its series', async () => {
    const report = await session().validate([...daily, ...monthly], { h: 7 });
    expect(report.valid).toBe(false);
    const issue = report.report.errors.find((e) => e.code === EFreqMixed.code);
    expect(issue?.message).toBe('The series have different frequencies: D (1 series: daily); MS (1 series: monthly).');
    expect(issue?.context['counts']).toEqual({ D: 1, MS: 1 });
    await expect(session().run([...daily, ...monthly], { h: 7 })).rejects.toBeInstanceOf(EFreqMixed);
  });

  it('is accepted on the grid the caller names with freq', async () => {
    const run = await session().run([...daily, ...monthly], { h: 7, freq: 'D' }, { backtest: false });
    expect(run.task.freq).toBe('D');
    expect(run.toRecords()).toHaveLength(14);
  });
});

describe('values near the top of the double range', () => {
  const huge = Array.from({ length: 36 }, (_, i) => ({
    unique_id: 'a',
    ds: new Date(Date.UTC(2020, i, 1)),
    y: 1e300 * (1 + 0.1 * Math.sin(i)),
  }));

  it('get a finite forecast from the first model of the ladder, not E_FALLBACK_EXHAUSTED', async () => {
    const run = await session().run(huge, { h: 3 });
    expect(run.fallbacks).toEqual([]);
    for (const r of run.toRecords()) {
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number') expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
      expect(r['mean'] as number).toBeGreaterThan(8e299);
      expect(r['mean'] as number).toBeLessThan(1.2e300);
    }
  });

  it('forecast exactly as the same series in units of 2^996 would, scaled back', () => {
    const y = Float64Array.from(huge, (r) => r.y);
    const unit = 2 ** 996;
    for (const model of [new Naive(), new Theta(), new AutoETS({ model: 'ANN' })]) {
      const big = model.fit(y, 12).forecast(4, [0.1, 0.9]);
      const small = model
        .fit(
          y.map((v) => v / unit),
          12,
        )
        .forecast(4, [0.1, 0.9]);
      expect(Array.from(big.mean)).toEqual(Array.from(small.mean, (v) => v * unit));
      expect(Array.from(big.quantiles[1] ?? [])).toEqual(Array.from(small.quantiles[1] ?? [], (v) => v * unit));
    }
  });
});
