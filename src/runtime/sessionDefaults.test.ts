/**
 * The session with its real steps (validation, router, statistical registry, rolling backtest,
 * RunArtifact) end to end on a real panel: the "unemployment" example shipped by vega-datasets.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { panelToTable } from '../data/io/toPanel.js';
import { EContractMissingColumn } from '../errors/index.js';
import { loadExample, type ExampleDataset } from '../examples/examples.js';
import { parseRunArtifact } from '../forecast/artifact.js';
import { statisticalModelNames } from '../models/registry.js';
import { TSAgentSession } from './session.js';
import { RuntimeTelemetry } from './telemetry.js';

const MODEL_DIR = fileURLToPath(new URL('../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url));
let example: ExampleDataset;
beforeAll(async () => {
  example = await loadExample('unemployment');
});

describe('TSAgentSession with the default steps', () => {
  it('statistical only (no pool): rows → validate → plan → backtest → fit → predict → a valid RunArtifact', async () => {
    const session = new TSAgentSession({ mode: 'standard', taskSpecDefaults: { h: 6 }, telemetry: new RuntimeTelemetry() });
    const run = await session.run(example.table, { backtest: { nWindows: 2 } }, { source: 'example:unemployment' });
    expect(run.task).toMatchObject({ h: 6, freq: 'MS', seasonLength: 12 });
    expect(run.forecast.series).toHaveLength(14);
    const known = new Set(statisticalModelNames());
    for (const s of run.forecast.series) {
      expect(known.has(s.model)).toBe(true);
      expect(s.mean).toHaveLength(6);
      expect(s.mean.every(Number.isFinite)).toBe(true);
      // Forecast timestamps continue the monthly grid: 2010-03-01 … 2010-08-01.
      expect(new Date(s.ds[0]).toISOString()).toBe('2010-03-01T00:00:00.000Z');
      expect(new Date(s.ds[5]).toISOString()).toBe('2010-08-01T00:00:00.000Z');
    }
    expect(run.events.map((e) => `${e.step}:${e.status}`)).toEqual([
      'validate:ok',
      'qa:ok',
      'plan:ok',
      'backtest:ok',
      'fit:ok',
      'predict:ok',
    ]);
    const artifact = parseRunArtifact(JSON.parse(JSON.stringify(run.artifact)));
    expect(artifact.data).toMatchObject({ source: 'example:unemployment', nSeries: 14, nPoints: 14 * 122 });
    expect(artifact.plan.candidates.length).toBeGreaterThan(0);
    expect(artifact.backtest).toMatchObject({ nWindowsRequested: 2, nWindowsOk: 2 });
    expect(artifact.validation).toMatchObject({ valid: true });
    expect(artifact.qa).toMatchObject({ mode: 'standard', leakageDetected: false });
    // No pool: the policy's adapters are reported unavailable in the plan, not tried.
    expect((run.plan as { tsfm: { unavailable: Record<string, string> } }).tsfm.unavailable).toEqual({
      chronos: 'this session has no ModelPool',
      timesfm: 'this session has no ModelPool',
    });
    expect(run.fallbacks).toEqual([]);
  });

  it('bad input stops at validation with its typed error', async () => {
    const session = new TSAgentSession({ taskSpecDefaults: { h: 6 }, telemetry: new RuntimeTelemetry() });
    const rows = [
      { unique_id: 'a', ds: '2020-01-01', value: 1 },
      { unique_id: 'a', ds: '2020-01-02', value: 2 },
    ];
    await expect(session.run(rows, {})).rejects.toBeInstanceOf(EContractMissingColumn);
    const report = await session.validate(rows);
    expect(report.valid).toBe(false);
  });

  it('with a Chronos pool: the plan offers chronos first, it answers, and a Panel input is validated too', async () => {
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      taskSpecDefaults: { h: 12, tsfmPolicy: { mode: 'preferred', adapters: ['chronos', 'moirai'] } },
      modelPool: { adapters: ['chronos'], preload: true, adapterOptions: { chronos: { modelDir: MODEL_DIR, intraOpNumThreads: 1 } } },
      telemetry,
    });
    try {
      const run = await session.run(example.panel, {});
      const plan = run.plan;
      expect(plan.tsfm.selected).toEqual(['chronos']);
      expect(plan.tsfm.unavailable).toEqual({ moirai: "not configured in this session's ModelPool" });
      expect(plan.candidates[0]).toBe('chronos');
      expect(Object.values(run.modelBySeries).every((m) => m === 'chronos')).toBe(true);
      expect(run.artifact.pool).toMatchObject({ loaded: ['chronos'] });
      expect(run.validation).toMatchObject({ valid: true });
      expect(telemetry.snapshot().load_count).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('round trip: the panel of the table and the table of the panel forecast the same', async () => {
    const session = new TSAgentSession({ mode: 'quick', taskSpecDefaults: { h: 3 }, telemetry: new RuntimeTelemetry() });
    const a = await session.run(example.panel, {});
    const b = await session.run(panelToTable(example.panel), {});
    expect(a.modelBySeries).toEqual(b.modelBySeries);
    expect([...a.forecast.series[0].mean]).toEqual([...b.forecast.series[0].mean]);
  });
});
