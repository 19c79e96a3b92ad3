import { afterEach, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { EContractEmpty, EFallbackExhausted, EModelPredictFailed, ESessionClosed } from '../errors/index.js';
import { ModelPool } from './modelPool.js';
import { TSAgentSession } from './session.js';
import { RuntimeTelemetry } from './telemetry.js';
import { registerTestAdapters, type TestAdapterBehaviour } from './__tests__/testAdapter.js';
import { testSteps } from './__tests__/testSteps.js';

const HOUR = 3_600_000;
const ALL = ['chronos', 'moirai', 'timesfm'];
const panel = panelFromArrays(
  ['a', 'b', 'c'].map((id, k) => ({
    id,
    ds: Array.from({ length: 48 }, (_, i) => i * HOUR),
    y: Array.from({ length: 48 }, (_, i) => 10 * (k + 1) + Math.sin((2 * Math.PI * i) / 24)),
  })),
);

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function adapters(behaviours: Record<string, TestAdapterBehaviour> = { chronos: {}, moirai: { offset: 100 }, timesfm: { offset: 200 } }) {
  const reg = registerTestAdapters(behaviours);
  restore = reg.restore;
  return reg;
}

async function session(
  pool: ConstructorParameters<typeof ModelPool>[0] | undefined,
  extra: { mode?: 'quick' | 'standard' | 'strict'; statistical?: string[]; taskSpecDefaults?: Record<string, unknown> } = {},
) {
  const telemetry = new RuntimeTelemetry();
  const t = testSteps(extra.statistical ? { statistical: extra.statistical } : {});
  const s = await TSAgentSession.create({
    mode: extra.mode ?? 'quick',
    taskSpecDefaults: { h: 6, quantiles: [0.1, 0.5, 0.9], levels: [], ...(extra.taskSpecDefaults ?? {}) },
    ...(pool ? { modelPool: pool } : {}),
    telemetry,
    steps: t.steps,
  });
  return { s, telemetry, ...t };
}

describe('TSAgentSession with a preloaded pool', () => {
  it.each([
    { preloaded: ['chronos'], max: 1 },
    { preloaded: ['chronos', 'moirai'], max: 2 },
    { preloaded: ALL, max: 3 },
  ])('preload $preloaded: weights load once at session start, then 5 runs reuse them', async ({ preloaded, max }) => {
    const { log } = adapters();
    const { s, telemetry } = await session({ adapters: ALL, preload: true, maxPreloadAdapters: max });
    expect(log.loadOrder).toEqual(preloaded);
    for (let i = 0; i < 5; i++) {
      const run = await s.run(panel, {});
      expect(run.forecast.model).toBe('chronos');
      expect(run.forecast.series).toHaveLength(3);
      expect(run.fallbacks).toEqual([]);
    }
    expect(log.load).toBe(preloaded.length);
    expect(log.fit).toBe(5);
    expect(log.predict).toBe(5);
    expect(telemetry.snapshot()).toMatchObject({ load_count: preloaded.length, session_reuse_count: 4, forecast_batch_count: 5 });
    await s.close();
    expect(log.unload).toBe(preloaded.length);
  });

  it('the first adapter fails at predict time → the next one answers, in policy order, and the run records it', async () => {
    const { log } = adapters({
      chronos: { failPredict: () => new Error('[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions') },
      moirai: { offset: 100 },
      timesfm: { offset: 200 },
    });
    const { s } = await session({ adapters: ALL, preload: true });
    const seen: string[] = [];
    const run = await s.run(
      panel,
      { tsfmPolicy: { adapters: ['chronos', 'timesfm', 'moirai'] } },
      { onFallback: (t) => seen.push(`${t.from}→${t.to}`) },
    );
    expect(seen).toEqual(['chronos→timesfm']);
    expect(run.forecast.model).toBe('timesfm');
    expect(run.forecast.series[0].mean[0]).toBeGreaterThan(200);
    expect(run.fallbacks).toHaveLength(1);
    expect(run.fallbacks[0]).toMatchObject({ from: 'chronos', to: 'timesfm', stage: 'predict', errorCode: 'E_MODEL_PREDICT_FAILED' });
    expect(run.fallbacks[0].error).toBe(
      "Model 'chronos' failed to predict: [ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions",
    );
    // The transition ends up in the run artifact, with the per-series attribution.
    expect(run.artifact.fallbacks).toEqual([{ ...run.fallbacks[0] }]);
    expect(run.artifact.model).toEqual({
      selected: 'timesfm',
      modelBySeries: { a: 'timesfm', b: 'timesfm', c: 'timesfm' },
      seriesPerModel: { timesfm: 3 },
    });
    expect(log.load).toBe(3);
    await s.close();
  });

  it('a non-preloaded adapter selected → explicit EModelNotLoaded transition, no silent load', async () => {
    const { log } = adapters({ chronos: { failPredict: () => new EModelPredictFailed('chronos down') }, timesfm: {} });
    const { s } = await session({ adapters: ['chronos', 'timesfm'], preload: true, maxPreloadAdapters: 1 });
    const run = await s.run(panel, {});
    expect(run.fallbacks.map((t) => [t.from, t.to, t.errorCode])).toEqual([
      ['chronos', 'timesfm', 'E_MODEL_PREDICT_FAILED'],
      ['timesfm', 'Naive', 'E_MODEL_NOT_LOADED'],
    ]);
    expect(run.fallbacks[1].error).toBe("Adapter 'timesfm' is configured but not preloaded in this session.");
    expect(run.forecast.model).toBe('Naive');
    expect(log.loadOrder).toEqual(['chronos']);
    // TSFM required: nothing to fall back to, the error says why.
    const err = await s.run(panel, { tsfmPolicy: { mode: 'required' } }).catch((e) => e);
    expect(err).toBeInstanceOf(EFallbackExhausted);
    expect(err.message).toMatch(
      /^All models failed\. Last error: \[E_MODEL_NOT_LOADED\] Adapter 'timesfm' is configured but not preloaded/,
    );
    expect(log.loadOrder).toEqual(['chronos']);
    await s.close();
  });

  it('lazy loading on: the first use loads exactly once, later runs reuse it', async () => {
    const { log } = adapters({ chronos: { loadDelayMs: 10 } });
    const { s } = await session({ adapters: ['chronos'], allowLazyLoadOnMiss: true });
    expect(log.load).toBe(0);
    await Promise.all([s.run(panel, {}), s.run(panel, {}), s.run(panel, {})]);
    expect(log.load).toBe(1);
    await s.close();
  });

  it('per-series fallback: non-finite series are answered by the next model and recorded', async () => {
    adapters({ chronos: { nonFiniteSeries: ['b'] }, timesfm: { offset: 100 } });
    const { s } = await session({ adapters: ['chronos', 'timesfm'], preload: true });
    const run = await s.run(panel, {});
    expect(run.modelBySeries).toEqual({ a: 'chronos', b: 'timesfm', c: 'chronos' });
    expect(run.forecast.model).toBe('chronos');
    expect(run.fallbacks).toEqual([
      expect.objectContaining({ from: 'chronos', to: 'timesfm', errorCode: 'E_NON_FINITE_FORECAST', series: ['b'] }),
    ]);
    expect(run.artifact.fallbacks).toEqual([expect.objectContaining({ from: 'chronos', to: 'timesfm', series: ['b'] })]);
    expect(run.artifact.model.seriesPerModel).toEqual({ chronos: 2, timesfm: 1 });
    await s.close();
  });

  it('out of memory at predict → EOOM recorded, counted, and the pool keeps working', async () => {
    let oom = true;
    adapters({
      chronos: {
        get failPredict() {
          return oom ? () => new Error('Failed to allocate memory for requested buffer of size 1073741824') : undefined;
        },
      },
    });
    const { s, telemetry } = await session({ adapters: ['chronos'], preload: true });
    const first = await s.run(panel, {});
    expect(first.fallbacks[0]).toMatchObject({ from: 'chronos', to: 'Naive', errorCode: 'E_OOM' });
    expect(telemetry.snapshot().oom_events).toBe(1);
    expect(s.modelPool!.isLoaded('chronos')).toBe(true);
    oom = false;
    const second = await s.run(panel, {});
    expect(second.forecast.model).toBe('chronos');
    expect(telemetry.snapshot().load_count).toBe(1);
    await s.close();
  });
});

describe('TSAgentSession orchestration', () => {
  it('fit and predict resolve TSFMs from the pool only: fit/predict on an unloaded pool never load', async () => {
    const { log } = adapters({ chronos: {} });
    const pool = await ModelPool.create({ adapters: ['chronos'], preload: true }, { telemetry: new RuntimeTelemetry() });
    const withPool = new TSAgentSession({ modelPool: pool, taskSpecDefaults: { h: 4 }, steps: testSteps().steps });
    const fit = await withPool.fit(panel, ['chronos', 'Naive']);
    expect(fit.groups[0].fit.model).toBe('chronos');
    await pool.unload('chronos');
    const out = await withPool.predict(fit);
    // The adapter was unloaded between fit and predict: predict refused (no reload) and the ladder moved on.
    expect(out.fallbacks[0]).toMatchObject({ from: 'chronos', errorCode: 'E_MODEL_NOT_LOADED', stage: 'predict' });
    expect(out.fallbacks[0].error).toBe("Cannot call predict on adapter 'chronos' before the model is loaded.");
    expect(out.modelBySeries).toEqual({ a: 'Naive', b: 'Naive', c: 'Naive' });
    expect(log.load).toBe(1);
  });

  it('taskSpecDefaults merge into every call; the call wins per key', async () => {
    adapters({ chronos: {} });
    const { s } = await session(
      { adapters: ['chronos'], preload: true },
      { taskSpecDefaults: { h: 6, tsfmPolicy: { mode: 'preferred', adapters: ['chronos'] } } },
    );
    expect(s.spec({}).h).toBe(6);
    expect(s.spec({ h: 3 }).h).toBe(3);
    expect(s.spec({ tsfmPolicy: { mode: 'disabled' } }).tsfmPolicy).toMatchObject({ mode: 'disabled', adapters: ['chronos'] });
    const run = await s.run(panel, { h: 2 });
    expect(run.task).toEqual({ h: 2, freq: 'h', seasonLength: 24, quantiles: [0.1, 0.5, 0.9] });
    expect(run.forecast.series[0].mean).toHaveLength(2);
    const disabled = await s.run(panel, { tsfmPolicy: { mode: 'disabled' } });
    expect(disabled.forecast.model).toBe('Naive');
    await s.close();
  });

  it('the router is offered the policy adapters this pool is configured for, in policy order', async () => {
    adapters();
    const { s, log } = await session({ adapters: ['timesfm', 'chronos'], preload: true });
    await s.plan(panel, { tsfmPolicy: { adapters: ['chronos', 'moirai', 'timesfm'] } });
    await s.plan(panel, { tsfmPolicy: { mode: 'disabled' } });
    expect(log.planContexts).toEqual([['chronos', 'timesfm'], []]);
    await s.close();
  });

  it('without a pool, TSFM candidates are unavailable (recorded) and statistical models answer', async () => {
    const { s } = await session(undefined);
    const fit = await s.fit(panel, ['chronos', 'Naive']);
    const out = await s.predict(fit);
    expect(out.forecast.model).toBe('Naive');
    expect(out.fallbacks[0]).toMatchObject({ from: 'chronos', to: 'Naive', errorCode: 'E_ADAPTER_NOT_AVAILABLE' });
  });

  it('standard mode backtests with the session ladder (rolling origin, pooled adapter, no extra loads); quick mode skips it', async () => {
    const { log } = adapters({ chronos: {} });
    const telemetry = new RuntimeTelemetry();
    const t = testSteps();
    const s = await TSAgentSession.create({
      taskSpecDefaults: { h: 4, backtest: { nWindows: 3, minTrainSize: 24 } },
      modelPool: { adapters: ['chronos'], preload: true },
      telemetry,
      steps: t.steps,
    });
    const run = await s.run(panel, {});
    expect(run.events.find((e) => e.step === 'backtest')).toMatchObject({ status: 'ok' });
    const report = run.backtest;
    if (!report) throw new Error('the backtest ran, so run.backtest is its report');
    expect(report.model).toBe('chronos');
    expect(report.nWindowsOk).toBe(3);
    expect(report.aggregate['mae']).toBeGreaterThan(0);
    expect(run.artifact.backtest).toMatchObject({ model: 'chronos', nWindowsOk: 3 });
    expect(run.events.map((e) => [e.step, e.status])).toEqual([
      ['validate', 'ok'],
      ['qa', 'ok'],
      ['plan', 'ok'],
      ['backtest', 'ok'],
      ['fit', 'ok'],
      ['predict', 'ok'],
    ]);
    const quick = await s.run(panel, {}, { mode: 'quick' });
    expect(quick.events.find((e) => e.step === 'backtest')!.status).toBe('skipped');
    expect(quick.artifact.backtest).toBeNull();
    expect(log.load).toBe(1);
    expect(log.fit).toBe(3 + 1 + 1); // 3 windows, then the two runs
    // Backtest forecasts are not forecast batches of the session.
    expect(telemetry.snapshot().forecast_batch_count).toBe(2);
    await s.close();
  });

  it('a failed backtest is recorded and the run continues, except in strict mode', async () => {
    const t = testSteps({
      backtest: async () => {
        throw new EContractEmpty('window has no rows');
      },
    });
    const s = new TSAgentSession({ taskSpecDefaults: { h: 3 }, steps: t.steps, telemetry: new RuntimeTelemetry() });
    const run = await s.run(panel, {}, { mode: 'standard' });
    expect(run.events.find((e) => e.step === 'backtest')).toMatchObject({ status: 'failed', errorCode: 'E_CONTRACT_EMPTY' });
    expect(run.forecast.series).toHaveLength(3);
    await expect(s.run(panel, {}, { mode: 'strict' })).rejects.toBeInstanceOf(EContractEmpty);
  });

  it('errors that are not model-runtime failures propagate from the steps', async () => {
    const t = testSteps();
    const s = new TSAgentSession({
      taskSpecDefaults: { h: 3 },
      telemetry: new RuntimeTelemetry(),
      steps: {
        ...t.steps,
        qa: () => {
          throw new EContractEmpty('nothing left after QA');
        },
      },
    });
    await expect(s.run(panel, {})).rejects.toBeInstanceOf(EContractEmpty);
  });

  it('close() closes the pool it owns, once; a pool shared with ownsModelPool: false stays open', async () => {
    const { log } = adapters({ chronos: {}, moirai: {} });
    const { s } = await session({ adapters: ['chronos', 'moirai'], preload: true });
    await s.close();
    await s.close();
    expect(log.unload).toBe(2);
    await expect(s.run(panel, {})).rejects.toBeInstanceOf(ESessionClosed);

    const shared = await ModelPool.create({ adapters: ['chronos'], preload: true }, { telemetry: new RuntimeTelemetry() });
    const a = new TSAgentSession({ modelPool: shared, ownsModelPool: false });
    await a.close();
    expect(shared.isLoaded('chronos')).toBe(true);
    await shared.close();
    expect(log.unload).toBe(3);
  });
});
