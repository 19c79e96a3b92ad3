/**
 * The runtime on a real TSFM: ChronosAdapter on the Chronos-2 fixture checkpoint (random weights,
 * real file layout), with test adapters standing in for moirai and timesfm. Checkpoint loads are
 * counted at the loader (weights read + graph built + onnxruntime session created) and releases at
 * the model's dispose(), so "fit/predict never load" and "close() unloads once" are proven on the
 * native side, not just on the adapter's methods.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../../data/panel.js';
import { EModelNotLoaded } from '../../errors/index.js';
import type { ForecastTask } from '../../models/contract.js';
import { ModelPool } from '../../runtime/modelPool.js';
import { TSAgentSession } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';
import { registerTestAdapters } from '../../runtime/__tests__/testAdapter.js';
import { testSteps } from '../../runtime/__tests__/testSteps.js';
import { registerAdapterFactory } from '../../runtime/adapterRegistry.js';
import { createTsfmAdapter, TsfmAdapter } from '../adapters/index.js';
import { ChronosAdapter } from './adapter.js';
import { chronosFamily } from './family.js';
import { defaultChronosLoaders, type ChronosLoaders } from './forecaster.js';

const chronosAdapterFactory = (o: Parameters<typeof createTsfmAdapter>[1]) => createTsfmAdapter(chronosFamily, o);
const MODEL_DIR = fileURLToPath(new URL('../../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url));
const DAY = 86_400_000;
const panel = panelFromArrays(
  ['s1', 's2', 's3'].map((id, k) => ({
    id,
    ds: Array.from({ length: 60 }, (_, i) => i * DAY),
    y: Array.from({ length: 60 }, (_, i) => 50 + 10 * k + 5 * Math.sin((2 * Math.PI * i) / 7) + 0.1 * i),
  })),
  'D',
);
const task: ForecastTask = { h: 5, freq: 'D', seasonLength: 7, quantiles: [0.1, 0.5, 0.9] };

/** Bytes of tensor data in a safetensors file: file size − 8-byte header length − header (all F32 here). */
function safetensorsDataBytes(file: string): number {
  const buf = readFileSync(file);
  return buf.length - 8 - Number(buf.readBigUInt64LE(0));
}

/** Loaders that count checkpoint loads and native releases. */
function countingLoaders() {
  const counts = { loads: 0, disposes: 0 };
  const loaders: Partial<ChronosLoaders> = {
    chronos2: async (dir, options) => {
      counts.loads += 1;
      const model = await defaultChronosLoaders.chronos2(dir, options);
      const dispose = model.dispose.bind(model);
      return Object.assign(model, {
        dispose: async () => {
          counts.disposes += 1;
          await dispose();
        },
      });
    },
  };
  return { counts, loaders };
}

let restore: Array<() => void> = [];
afterEach(() => {
  restore.reverse().forEach((r) => r());
  restore = [];
});

function chronosPoolOptions(loaders: Partial<ChronosLoaders>) {
  return { chronos: { modelDir: MODEL_DIR, intraOpNumThreads: 1, loaders } };
}

describe('adapter contract on the real ChronosAdapter', () => {
  it('fit and predict on an unloaded adapter throw EModelNotLoaded and load nothing', async () => {
    const { counts, loaders } = countingLoaders();
    const adapter = new ChronosAdapter({ modelDir: MODEL_DIR, loaders });
    for (const operation of ['fit', 'predict'] as const) {
      const call = operation === 'fit' ? adapter.fit(panel, task) : adapter.predict({ model: 'chronos', panel, task, fitMs: 0 });
      const err = await call.catch((e) => e);
      expect(err).toBeInstanceOf(EModelNotLoaded);
      expect(err.message).toBe(`Cannot call ${operation} on adapter 'chronos' before the model is loaded.`);
      expect(err.context).toEqual({ adapter: 'chronos', operation, modelSize: 'base', device: 'cpu' });
      expect(err.fixHint).toMatch(/Preload the adapter in the ModelPool/);
    }
    expect(adapter.isLoaded).toBe(false);
    expect(counts.loads).toBe(0);
  });
});

describe('ModelPool and TSAgentSession on the Chronos-2 fixture', () => {
  it('one checkpoint load at session start; 4 runs of fit + predict load nothing more; close() releases it once', async () => {
    const { counts, loaders } = countingLoaders();
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      taskSpecDefaults: { h: 5, levels: [], tsfmPolicy: { mode: 'required', adapters: ['chronos'] } },
      modelPool: { adapters: ['chronos'], preload: true, adapterOptions: chronosPoolOptions(loaders) },
      telemetry,
      steps: testSteps().steps,
    });
    const pooled = await session.modelPool!.get('chronos');
    expect(pooled).toBeInstanceOf(TsfmAdapter);
    expect((pooled as TsfmAdapter).family).toBe(chronosFamily);
    const stats = session.modelPool!.stats();
    expect(stats.perAdapter['chronos'].weightBytes).toBe(safetensorsDataBytes(`${MODEL_DIR}/model.safetensors`));
    expect(stats.perAdapter['chronos'].loadMs).toBeGreaterThan(0);
    let first: Float64Array | undefined;
    for (let i = 0; i < 4; i++) {
      const run = await session.run(panel, {});
      expect(run.forecast.model).toBe('chronos');
      expect(run.fallbacks).toEqual([]);
      const mean = run.forecast.series[0].mean;
      expect(mean).toHaveLength(5);
      expect(mean.every(Number.isFinite)).toBe(true);
      if (first) expect([...mean]).toEqual([...first]); // same in-memory model, same answer
      first = mean;
    }
    expect(await session.modelPool!.get('chronos')).toBe(pooled);
    expect(counts.loads).toBe(1);
    expect(telemetry.snapshot()).toMatchObject({ load_count: 1, session_reuse_count: 3, forecast_batch_count: 4 });
    await session.close();
    expect(counts.disposes).toBe(1);
    expect(pooled.isLoaded).toBe(false);
    expect(session.modelPool!.stats().perAdapter).toEqual({});
  });

  it.each([
    { name: 'chronos only', adapters: ['chronos'] },
    { name: 'chronos + moirai', adapters: ['chronos', 'moirai'] },
    { name: 'all three', adapters: ['chronos', 'moirai', 'timesfm'] },
  ])('preload matrix, $name: each adapter loads once, in order; the rest are refused without a load', async ({ adapters }) => {
    const { counts, loaders } = countingLoaders();
    const test = registerTestAdapters({ moirai: { offset: 100 }, timesfm: { offset: 200 } });
    restore.push(test.restore);
    const telemetry = new RuntimeTelemetry();
    const pool = await ModelPool.create(
      {
        adapters: ['chronos', 'moirai', 'timesfm'],
        preload: true,
        maxPreloadAdapters: adapters.length,
        adapterOptions: chronosPoolOptions(loaders),
      },
      { telemetry },
    );
    expect(pool.stats().loaded).toEqual(adapters);
    expect(counts.loads).toBe(1);
    expect(test.log.loadOrder).toEqual(adapters.filter((a) => a !== 'chronos'));
    for (const other of ['moirai', 'timesfm'].filter((a) => !adapters.includes(a))) {
      await expect(pool.get(other)).rejects.toBeInstanceOf(EModelNotLoaded);
    }
    expect(telemetry.snapshot().load_count).toBe(adapters.length);
    await pool.close();
    expect(counts.disposes).toBe(1);
    expect(test.log.unload).toBe(adapters.length - 1);
  });

  it('chronos fails at predict time → moirai answers (policy order), fitted then; the run records the transition', async () => {
    const { counts, loaders } = countingLoaders();
    const test = registerTestAdapters({ moirai: { offset: 100 }, timesfm: { offset: 200 } });
    restore.push(test.restore);
    // The real adapter, whose onnxruntime call fails the way an allocation failure does.
    restore.push(
      registerAdapterFactory('chronos', (o) => {
        const adapter = chronosAdapterFactory(o);
        adapter.predict = async () => {
          throw new Error(
            '[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running MatMul node. Failed to allocate memory',
          );
        };
        return adapter;
      }),
    );
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      taskSpecDefaults: { h: 5, levels: [] },
      modelPool: { adapters: ['chronos', 'moirai', 'timesfm'], preload: true, adapterOptions: chronosPoolOptions(loaders) },
      telemetry,
      steps: testSteps().steps,
    });
    const run = await session.run(panel, { tsfmPolicy: { mode: 'required', adapters: ['chronos', 'moirai', 'timesfm'] } });
    expect(run.modelBySeries).toEqual({ s1: 'moirai', s2: 'moirai', s3: 'moirai' });
    expect(run.fallbacks).toEqual([expect.objectContaining({ from: 'chronos', to: 'moirai', stage: 'predict', errorCode: 'E_OOM' })]);
    expect(run.artifact.fallbacks).toHaveLength(1);
    expect(test.log.fit).toBe(1);
    expect(telemetry.snapshot().oom_events).toBe(1);
    // The pool is still usable after the OOM: chronos stays loaded, nothing was reloaded.
    expect(session.modelPool!.isLoaded('chronos')).toBe(true);
    expect(counts.loads).toBe(1);
    await session.close();
    expect(counts.disposes).toBe(1);
  });

  it('lazy loading: racing get() calls share one checkpoint load', async () => {
    const { counts, loaders } = countingLoaders();
    const pool = new ModelPool(
      { adapters: ['chronos'], allowLazyLoadOnMiss: true, adapterOptions: chronosPoolOptions(loaders) },
      { telemetry: new RuntimeTelemetry() },
    );
    const got = await Promise.all(Array.from({ length: 8 }, () => pool.get('chronos')));
    expect(new Set(got).size).toBe(1);
    expect(counts.loads).toBe(1);
    await pool.close();
    expect(counts.disposes).toBe(1);
  });

  it('without lazy loading a miss is refused and nothing is loaded', async () => {
    const { counts, loaders } = countingLoaders();
    const pool = new ModelPool(
      { adapters: ['chronos'], adapterOptions: chronosPoolOptions(loaders) },
      { telemetry: new RuntimeTelemetry() },
    );
    const err = await pool.get('chronos').catch((e) => e);
    expect(err).toBeInstanceOf(EModelNotLoaded);
    expect(err.context).toEqual({ adapter: 'chronos', configured: ['chronos'], loaded: [], maxPreloadAdapters: 3 });
    expect(counts.loads).toBe(0);
  });
});
