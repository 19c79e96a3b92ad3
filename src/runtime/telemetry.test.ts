import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, RuntimeTelemetry } from './telemetry.js';
import { toModelRuntimeError } from './runtimeErrors.js';
import { EModelFitFailed, EModelLoadFailed, EModelPredictFailed, EOOM, ESeriesTooShort } from '../errors/index.js';

describe('RuntimeTelemetry', () => {
  it("exposes exactly the five runtime metrics on its own registry, not on prom-client's global one", async () => {
    const t = new RuntimeTelemetry();
    const names = (await t.registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual(Object.values(METRIC_NAMES).sort());
    expect(names).toEqual(['forecast_batch_ms', 'oom_events', 'session_reuse_count', 'tsfm_model_load_count', 'tsfm_model_load_ms_sum']);
    for (const n of names) expect(globalRegistry.getSingleMetric(n)).toBeUndefined();
    const types = Object.fromEntries((await t.registry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
    expect(types).toEqual({
      forecast_batch_ms: 'histogram',
      oom_events: 'counter',
      session_reuse_count: 'counter',
      tsfm_model_load_count: 'counter',
      tsfm_model_load_ms_sum: 'counter',
    });
  });

  it('counts loads per adapter, forecast batches and reuse, in the registry and the snapshot; reset clears both', async () => {
    const t = new RuntimeTelemetry();
    t.recordModelLoad('chronos', 120);
    t.recordModelLoad('chronos', 80);
    t.recordModelLoad('moirai', 50);
    t.recordForecastBatch(30);
    t.recordForecastBatch(12);
    t.recordPredict('chronos', 25);
    t.recordSessionReuse();
    t.recordTemporarySession();
    const text = await t.metrics();
    expect(text).toMatch(/^tsfm_model_load_count\{adapter="chronos"\} 2$/m);
    expect(text).toMatch(/^tsfm_model_load_count\{adapter="moirai"\} 1$/m);
    expect(text).toMatch(/^tsfm_model_load_ms_sum\{adapter="chronos"\} 200$/m);
    expect(text).toMatch(/^forecast_batch_ms_count 2$/m);
    expect(text).toMatch(/^forecast_batch_ms_sum 42$/m);
    expect(text).toMatch(/^forecast_batch_ms_bucket\{le="25"\} 1$/m);
    expect(text).toMatch(/^session_reuse_count 1$/m);
    const snap = t.snapshot();
    expect(snap).toEqual({
      load_count: 3,
      load_time_ms_total: 250,
      forecast_time_ms_total: 42,
      forecast_batch_count: 2,
      session_reuse_count: 1,
      temporary_session_count: 1,
      oom_events: 0,
      per_adapter: {
        chronos: { load_count: 2, load_time_ms_total: 200, predict_count: 1, predict_time_ms_total: 25 },
        moirai: { load_count: 1, load_time_ms_total: 50, predict_count: 0, predict_time_ms_total: 0 },
      },
    });
    t.recordModelLoad('chronos', 1);
    expect(snap.load_count).toBe(3); // snapshots are copies
    t.reset();
    expect(t.snapshot()).toMatchObject({ load_count: 0, load_time_ms_total: 0, forecast_time_ms_total: 0, per_adapter: {} });
    expect(await t.metrics()).not.toMatch(/adapter="chronos"\} [1-9]/);
  });
});

describe('toModelRuntimeError', () => {
  const where = { adapter: 'chronos', operation: 'predict' as const };

  it.each([
    'Failed to allocate memory for requested buffer of size 805306368',
    'std::bad_alloc',
    'CUDA out of memory. Tried to allocate 2.00 GiB',
    'Array buffer allocation failed',
  ])('turns an allocation failure (%s) into EOOM and counts it once', (message) => {
    const t = new RuntimeTelemetry();
    const err = toModelRuntimeError(new Error(message), where, t) as EOOM;
    expect(err).toBeInstanceOf(EOOM);
    expect(err.message).toBe(`Out of memory during predict on adapter 'chronos': ${message}`);
    expect(toModelRuntimeError(err, where, t)).toBe(err);
    expect(t.snapshot().oom_events).toBe(1);
  });

  it('wraps untyped failures per operation and lets typed input errors through', () => {
    expect(toModelRuntimeError(new Error('x'), { adapter: 'a', operation: 'fit' })).toBeInstanceOf(EModelFitFailed);
    expect(toModelRuntimeError(new Error('x'), { adapter: 'a', operation: 'predict' })).toBeInstanceOf(EModelPredictFailed);
    expect(toModelRuntimeError(new Error('x'), { adapter: 'a', operation: 'load' })).toBeInstanceOf(EModelLoadFailed);
    const short = new ESeriesTooShort('too short');
    expect(toModelRuntimeError(short, { adapter: 'a', operation: 'fit' })).toBe(short);
    const loadShort = toModelRuntimeError(short, { adapter: 'a', operation: 'load' }) as EModelLoadFailed;
    expect(loadShort).toBeInstanceOf(EModelLoadFailed);
    expect(loadShort.context).toEqual({ adapter: 'a', operation: 'load', causeCode: 'E_SERIES_TOO_SHORT' });
  });
});
