import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { EContractEmpty } from '../errors/index.js';
import { defaultTemporaryPool, resetTemporarySessionWarning, runForecast, TEMPORARY_SESSION_WARNING_CODE } from './runForecast.js';
import { TSAgentSession } from './session.js';
import { RuntimeTelemetry } from './telemetry.js';
import { registerTestAdapters, type TestAdapterBehaviour } from './__tests__/testAdapter.js';
import { testSteps } from './__tests__/testSteps.js';

const DAY = 86_400_000;
const panel = panelFromArrays([
  { id: 'x', ds: Array.from({ length: 30 }, (_, i) => i * DAY), y: Array.from({ length: 30 }, (_, i) => i % 7) },
  { id: 'y', ds: Array.from({ length: 30 }, (_, i) => i * DAY), y: Array.from({ length: 30 }, (_, i) => 5 + (i % 7)) },
]);
const spec = { h: 7, tsfmPolicy: { mode: 'preferred' as const, adapters: ['chronos'] } };

let restore: (() => void) | undefined;
const warnings: Array<{ code?: string | undefined; message: string }> = [];
const onWarning = (w: Error & { code?: string }) => warnings.push({ code: w.code, message: w.message });
beforeEach(() => {
  warnings.length = 0;
  resetTemporarySessionWarning();
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
  restore?.();
  restore = undefined;
});

function adapters(b: Record<string, TestAdapterBehaviour> = { chronos: {} }) {
  const reg = registerTestAdapters(b);
  restore = reg.restore;
  return reg;
}
const tick = () => new Promise((r) => setImmediate(r));

describe('runForecast without a session', () => {
  it('creates, loads and closes a temporary session per call; warns once; counts each use', async () => {
    const { log } = adapters();
    const telemetry = new RuntimeTelemetry();
    const { steps } = testSteps();
    const first = await runForecast(panel, spec, { telemetry, steps, mode: 'quick' });
    const second = await runForecast(panel, spec, { telemetry, steps, mode: 'quick' });
    await tick();
    expect(first.forecast.model).toBe('chronos');
    expect(second.forecast.series.map((s) => s.id)).toEqual(['x', 'y']);
    expect(log.load).toBe(2);
    expect(log.unload).toBe(2);
    expect(telemetry.snapshot()).toMatchObject({ load_count: 2, temporary_session_count: 2, session_reuse_count: 0 });
    const ours = warnings.filter((w) => w.code === TEMPORARY_SESSION_WARNING_CODE);
    expect(ours).toHaveLength(1);
    expect(ours[0].message).toMatch(/loaded for this call and released after it/);
    expect(ours[0].message).toMatch(/TSAgentSession\.create/);
  });

  it('with a session: no temporary session, no warning, models loaded once across calls', async () => {
    const { log } = adapters();
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      modelPool: { adapters: ['chronos'], preload: true },
      telemetry,
      steps: testSteps().steps,
    });
    for (let i = 0; i < 3; i++) await runForecast(panel, spec, { session });
    await tick();
    expect(warnings.filter((w) => w.code === TEMPORARY_SESSION_WARNING_CODE)).toHaveLength(0);
    expect(log.load).toBe(1);
    expect(log.unload).toBe(0);
    expect(telemetry.snapshot()).toMatchObject({ load_count: 1, temporary_session_count: 0, session_reuse_count: 2 });
    await session.close();
    expect(log.unload).toBe(1);
  });

  it('closes the temporary session when the run fails', async () => {
    const { log } = adapters();
    const { steps } = testSteps();
    const failing = {
      ...steps,
      qa: () => {
        throw new EContractEmpty('empty');
      },
    };
    await expect(runForecast(panel, spec, { steps: failing, telemetry: new RuntimeTelemetry() })).rejects.toBeInstanceOf(EContractEmpty);
    expect(log.load).toBe(1);
    expect(log.unload).toBe(1);
  });

  it('a TSFM that fails to load in the temporary session is recorded and the statistical ladder answers', async () => {
    adapters({ chronos: { failLoad: () => new Error('config.json not found') } });
    const run = await runForecast(panel, spec, { steps: testSteps().steps, telemetry: new RuntimeTelemetry(), mode: 'quick' });
    expect(run.forecast.model).toBe('Naive');
    expect(run.fallbacks[0]).toMatchObject({ from: 'chronos', to: 'Naive', errorCode: 'E_MODEL_LOAD_FAILED' });
    expect(run.fallbacks[0].error).toBe("Failed to load adapter 'chronos': config.json not found");
  });

  it('the default temporary pool holds the policy adapters that have a factory, in order, preloaded', () => {
    adapters({ timesfm: {}, chronos: {} });
    // 'nofactory' stands for a TSFM this build has no adapter for.
    expect(defaultTemporaryPool({ h: 3, tsfmPolicy: { adapters: ['nofactory', 'timesfm', 'chronos'] } })).toEqual({
      adapters: ['timesfm', 'chronos'],
      preload: true,
      maxPreloadAdapters: 2,
    });
    expect(defaultTemporaryPool({ h: 3, tsfmPolicy: { mode: 'disabled' } })).toBeUndefined();
    expect(defaultTemporaryPool({ h: 3, tsfmPolicy: { adapters: ['nofactory'] } })).toBeUndefined();
  });
});
