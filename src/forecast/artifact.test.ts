import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EArtifactInvalid } from '../errors/index.js';
import { parseTaskSpec, taskSpecHash } from '../task/taskSpec.js';
import { backtestSummary, buildRunArtifact, loadRunArtifact, parseRunArtifact, saveRunArtifact, type RunRecordLike } from './artifact.js';

const dir = await mkdtemp(join(tmpdir(), 'tsak-artifact-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const spec = parseTaskSpec({ h: 3, freq: 'D' });
const run: RunRecordLike = {
  mode: 'standard',
  spec,
  task: { h: 3, freq: 'D', seasonLength: 7, quantiles: [0.1, 0.5, 0.9] },
  validation: { valid: true, errors: [], warnings: [] },
  qa: { issues: [], repairs: [{ kind: 'ffill', count: 2 }] },
  plan: { candidates: ['AutoETS', 'Naive'], signature: 'abcdef0123456789' },
  backtest: {
    model: 'AutoETS',
    strategy: 'expanding',
    anchor: 'start',
    h: 3,
    step: 3,
    minTrainSize: 14,
    nWindowsRequested: 2,
    nWindowsOk: 1,
    windows: [
      {
        index: 0,
        cutoff: Date.UTC(2024, 0, 14),
        trainStart: 0,
        trainEnd: Date.UTC(2024, 0, 14),
        testStart: 1,
        testEnd: 2,
        ok: true,
        metrics: { mae: 1.5, mase: Number.NaN },
      },
      { index: 1, cutoff: Date.UTC(2024, 0, 17), trainStart: 0, trainEnd: 0, testStart: 0, testEnd: 0, ok: false, metrics: {} },
    ],
    errors: [{ window: 1, stage: 'fit', code: 'E_MODEL_FIT_FAILED', message: 'boom' }],
    aggregate: { mae: 1.5 },
    pooled: { wape: 0.1 },
    seriesMetrics: { a: { mae: 1.5 } },
    segmentMetrics: {},
    cv: { ds: new Float64Array(3) },
  },
  modelBySeries: { a: 'AutoETS', b: 'Naive' },
  forecast: { model: 'AutoETS' },
  fallbacks: [{ from: 'AutoETS', to: 'Naive', stage: 'predict', errorCode: 'E_NON_FINITE_FORECAST', error: 'NaN', series: ['b'] }],
  events: [
    { step: 'validate', status: 'ok', durationMs: 1 },
    { step: 'fit', status: 'ok', durationMs: 5 },
    { step: 'predict', status: 'ok', durationMs: 2 },
  ],
  totalMs: 9,
};

describe('RunArtifact', () => {
  const artifact = buildRunArtifact(run, {
    source: 'example:unemployment',
    nSeries: 2,
    nPoints: 40,
    forecast: { path: 'out/forecast.csv', format: 'csv', rows: 6, columns: ['unique_id', 'ds', 'model', 'mean'] },
    notes: ['No TSFM checkpoint found'],
  });

  it('records spec + hash, plan, QA, fallbacks, timings and versions', () => {
    expect(artifact.artifactType).toBe('tsagentkit.run');
    expect(artifact.taskSpecHash).toBe(taskSpecHash(spec));
    expect(artifact.model.seriesPerModel).toEqual({ AutoETS: 1, Naive: 1 });
    expect(artifact.timings.byStep).toEqual({ validate: 1, fit: 5, predict: 2 });
    expect(artifact.fallbacks[0].series).toEqual(['b']);
    expect(artifact.qa).toEqual(run.qa);
    expect(artifact.versions.node).toBe(process.versions.node);
    expect(artifact.versions.tsagentkit).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('summarises the backtest without the CV frame, cutoffs as ISO, NaN as null', () => {
    expect(artifact.backtest).not.toHaveProperty('cv');
    expect(artifact.backtest!.windows[0].cutoff).toBe('2024-01-14T00:00:00.000Z');
    expect(artifact.backtest!.windows[0].metrics['mase']).toBeNull();
    expect(backtestSummary(undefined)).toBeNull();
  });

  it('saves and loads back identically', async () => {
    const path = join(dir, 'artifact.json');
    await saveRunArtifact(artifact, path);
    expect(await loadRunArtifact(path)).toEqual(artifact);
  });

  it('refuses invalid files with EArtifactInvalid', async () => {
    const missing = join(dir, 'nope.json');
    await expect(loadRunArtifact(missing)).rejects.toThrow(EArtifactInvalid);
    const notJson = join(dir, 'broken.json');
    await writeFile(notJson, '{"artifactType": "tsagentkit.run", ');
    await expect(loadRunArtifact(notJson)).rejects.toThrow(/not valid JSON/);
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ ...artifact, schemaVersion: 2, extra: true }));
    const err = await loadRunArtifact(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EArtifactInvalid);
    expect((err as EArtifactInvalid).message).toMatch(/schemaVersion/);
    expect(JSON.stringify((err as EArtifactInvalid).context['issues'])).toMatch(/extra/);
    expect(() => parseRunArtifact({ ...artifact, taskSpecHash: 'xyz' })).toThrow(/16 hex/);
  });
});
