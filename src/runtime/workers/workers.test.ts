import { afterAll, describe, expect, it, vi } from 'vitest';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { panelFromArrays, type Panel } from '../../data/panel.js';
import {
  EContractNonFinite,
  EModelFitFailed,
  ESessionClosed,
  ETaskSpecInvalid,
  EWorkerCrashed,
  TSAgentKitError,
} from '../../errors/index.js';
import type { ForecastResult } from '../../forecast/types.js';
import type { ForecastTask } from '../../models/contract.js';
import { statisticalAdapter } from '../../models/statistical.js';
import { TSAgentSession } from '../session.js';
import { fromWireError, runForecastBatch, threadCpuMs, toWireError } from './forecastBatch.js';
import { PooledStatisticalAdapter } from './pooledAdapter.js';
import { defaultWorkerCount, StatWorkerPool } from './workerPool.js';

// Worker threads started from the TypeScript sources cost more than compiled ones, so the tests
// share two sessions' pools: a plain one and one whose workers die on cue.

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Deterministic hourly series: daily cycle, trend and a little pseudo-noise, different per series. */
function hourly(id: string, n: number, k: number): { id: string; ds: number[]; y: number[] } {
  const ds = Array.from({ length: n }, (_, t) => T0 + t * HOUR);
  const y = ds.map(
    (_, t) => 50 + 5 * k + 0.02 * k * t + (8 + k) * Math.sin((2 * Math.PI * t) / 24 + k) + 3 * Math.sin(t * (1.7 + 0.1 * k)),
  );
  return { id, ds, y };
}

function panelOf(n: number, length: number): Panel {
  return panelFromArrays(
    Array.from({ length: n }, (_, k) => hourly(`s${String(k).padStart(2, '0')}`, length + 7 * k, k)),
    'H',
  );
}

const task: ForecastTask = { h: 24, freq: 'H', seasonLength: 24, quantiles: [0.05, 0.5, 0.95] };

/** Same bits, not merely close: the workers must give exactly the in-process numbers. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectSameForecasts(got: ForecastResult, want: ForecastResult): void {
  expect(got.model).toBe(want.model);
  expect(got.series.map((s) => s.id)).toEqual(want.series.map((s) => s.id));
  got.series.forEach((s, k) => {
    const o = want.series[k];
    expect(sameBits(s.ds, o.ds)).toBe(true);
    expect(sameBits(s.mean, o.mean)).toBe(true);
    expect(s.quantiles.length).toBe(o.quantiles.length);
    s.quantiles.forEach((q, j) => expect(sameBits(q, o.quantiles[j])).toBe(true));
  });
}

const threaded = new TSAgentSession({ workers: 2 });
const crashing = new TSAgentSession({
  workers: { threads: 2, seriesPerTask: 1, entry: new URL('./__tests__/crashingWorker.ts', import.meta.url) },
});
afterAll(async () => {
  await Promise.all([threaded.close(), crashing.close()]);
});

describe('forecast batches (the worker task, run in-process)', () => {
  it('rebuilds typed errors with their class, code, context and hint; untyped ones keep name and message', () => {
    const original = new EContractNonFinite('y[3] is NaN', { context: { model: 'Theta', index: 3 }, fixHint: 'fill it' });
    const rebuilt = fromWireError(structuredClone(toWireError(original)));
    expect(rebuilt).toBeInstanceOf(EContractNonFinite);
    expect((rebuilt as TSAgentKitError).toJSON()).toEqual(original.toJSON());
    const plain = fromWireError(structuredClone(toWireError(new RangeError('bad index'))));
    expect(plain).not.toBeInstanceOf(TSAgentKitError);
    expect([plain.name, plain.message]).toEqual(['RangeError', 'bad index']);
  });

  it('reports per-series failures as outcomes and goes on with the batch', () => {
    const { outcomes } = runForecastBatch({
      model: 'CrostonClassic',
      options: {},
      seasonLength: 1,
      h: 2,
      quantiles: [],
      series: [
        { id: 'neg', y: Float64Array.from([1, -2, 3]) },
        { id: 'ok', y: Float64Array.from([0, 2, 0, 4]) },
      ],
    });
    expect(outcomes[0]).toMatchObject({ ok: false, stage: 'fit', error: { code: EModelFitFailed.code } });
    expect(outcomes[1]?.ok).toBe(true);
  });

  it('fails every series alike on bad model options, without throwing (a throw would read as a dead worker)', () => {
    const { outcomes } = runForecastBatch({
      model: 'WindowAverage',
      options: { window: 0 },
      seasonLength: 1,
      h: 2,
      quantiles: [],
      series: [
        { id: 'a', y: Float64Array.of(1, 2) },
        { id: 'b', y: Float64Array.of(3, 4) },
      ],
    });
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes)
      expect(o).toMatchObject({
        ok: false,
        stage: 'fit',
        error: { code: ETaskSpecInvalid.code, context: { model: 'WindowAverage', issues: [expect.stringContaining('window')] } },
      });
  });
});

describe('StatWorkerPool and PooledStatisticalAdapter', () => {
  it('checks its sizes and starts no thread before the first fit', () => {
    expect(() => new StatWorkerPool({ threads: 0 })).toThrow(ETaskSpecInvalid);
    expect(() => new StatWorkerPool({ threads: 1.5 })).toThrow(ETaskSpecInvalid);
    expect(() => new StatWorkerPool({ seriesPerTask: -1 })).toThrow(ETaskSpecInvalid);
    expect(threaded.workerPool?.threads).toBe(2);
    expect(threaded.workerPool?.started).toBe(false);
  });

  it('gives bit-identical forecasts to the in-process adapter, for every kind of model', async () => {
    const panel = panelOf(5, 24 * 8);
    for (const name of ['AutoETS', 'Theta', 'SeasonalNaive', 'Croston', 'WindowAverage']) {
      const inProcess = statisticalAdapter(name)!;
      const pooled = new PooledStatisticalAdapter(name, threaded.workerPool!);
      expect(pooled.name).toBe(inProcess.name);
      const want = await inProcess.predict(await inProcess.fit(panel, task));
      const got = await pooled.predict(await pooled.fit(panel, task));
      expectSameForecasts(got, want);
      expect(got.failures).toBeUndefined();
    }
    expect(threaded.workerPool?.started).toBe(true);
  });

  it('throws a typed error from a worker as in-process: same class, code, message, context and hint', async () => {
    const rows = [hourly('a', 200, 1), hourly('b', 200, 2)];
    rows[1].y[50] = Number.NaN;
    const panel = panelFromArrays(rows, 'H');
    const fitError = async (adapter: { fit: (p: Panel, t: ForecastTask) => Promise<unknown> }) => {
      try {
        await adapter.fit(panel, task);
      } catch (e) {
        return e as TSAgentKitError;
      }
      throw new Error('fit did not fail');
    };
    const want = await fitError(statisticalAdapter('Theta')!);
    const got = await fitError(new PooledStatisticalAdapter('Theta', threaded.workerPool!));
    expect(got).toBeInstanceOf(EContractNonFinite);
    expect(got.code).toBe('E_CONTRACT_NON_FINITE');
    expect(got.context).toMatchObject({ seriesId: 'b', model: 'Theta', index: 50 });
    expect(got.fixHint).toMatch(/qa\(\)/);
    expect(got.toJSON()).toEqual(want.toJSON());
  });

  it('fails only the series of a batch whose worker died, and serves whole calls afterwards', async () => {
    const panel = panelFromArrays([hourly('a', 120, 1), hourly('crash-b', 120, 2), hourly('c', 120, 3)], 'H');
    const pooled = new PooledStatisticalAdapter('SeasonalNaive', crashing.workerPool!);
    const result = await pooled.predict(await pooled.fit(panel, task));
    expect(result.series.map((s) => s.id)).toEqual(['a', 'c']);
    expect(result.failures).toHaveLength(1);
    const failure = result.failures![0];
    expect(failure.series).toEqual(['crash-b']);
    expect(failure.error).toBeInstanceOf(EWorkerCrashed);
    expect(failure.error.context).toMatchObject({ model: 'SeasonalNaive', series: ['crash-b'] });
    expect(failure.error.message).toMatch(/exited with code: 7/);
    // piscina replaced the dead thread: the next call is whole.
    const again = await pooled.predict(await pooled.fit(panelOf(3, 100), task));
    expect(again.series).toHaveLength(3);
    expect(again.failures).toBeUndefined();
  });

  it('reports each batch as it settles (onBatch), covering every series once; a throwing callback fails the call', async () => {
    const workers = new StatWorkerPool({ threads: 2, seriesPerTask: 2 });
    try {
      const spec = { model: 'Theta', options: {}, seasonLength: 24, h: 6, quantiles: [] };
      const series = panelOf(5, 80).series.map((s) => ({ id: s.id, y: s.y }));
      const seen: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(series.length);
      const outcomes = await workers.forecast(spec, series, {
        onBatch: (first, batch) => {
          batch.forEach((o, j) => {
            expect(seen[first + j]).toBeUndefined();
            seen[first + j] = o.ok ? o.mean : undefined;
          });
        },
      });
      expect(outcomes).toHaveLength(5);
      outcomes.forEach((o, k) => {
        expect(o.ok).toBe(true);
        expect(seen[k] !== undefined && o.ok && sameBits(seen[k], o.mean)).toBe(true);
      });
      const broken = workers.forecast(spec, series, {
        onBatch: () => {
          throw new RangeError('checkpoint disk full');
        },
      });
      await expect(broken).rejects.toThrow('checkpoint disk full');
    } finally {
      await workers.close();
    }
  });

  it('starts batches in submission order, so a long one delays no later batch behind it', async () => {
    const workers = new StatWorkerPool({ threads: 2, seriesPerTask: 1 });
    try {
      // The first series takes far longer than all the others together: one thread stays on it
      // while the other works through the rest, which must come back in order. The margins are wide
      // so that a loaded machine cannot reorder them by itself: both threads are started and warm
      // before the measured call (a thread's start from the sources costs about 0.3 s), and the long
      // fit (40,000 points, ~0.8 s alone) is over 20 times the eleven short ones together.
      const spec = { model: 'AutoETS', options: {}, seasonLength: 1, h: 3, quantiles: [] };
      const series = Array.from({ length: 12 }, (_, k) => ({
        id: `s${k}`,
        y: Float64Array.from({ length: k === 0 ? 40_000 : 30 }, (_, t) => 10 + Math.sin(t / 3) + t / 50),
      }));
      await workers.forecast(spec, series.slice(1, 5));
      const settled: number[] = [];
      await workers.forecast(spec, series, {
        onBatch: (first) => settled.push(first),
      });
      expect(settled.at(-1)).toBe(0);
      expect(settled.slice(0, -1)).toEqual(Array.from({ length: 11 }, (_, k) => k + 1));
    } finally {
      await workers.close();
    }
  });

  it('refuses work after close()', async () => {
    const workers = new StatWorkerPool({ threads: 2 });
    await workers.close();
    await expect(workers.forecast({ model: 'Naive', options: {}, seasonLength: 1, h: 1, quantiles: [] }, [])).rejects.toBeInstanceOf(
      ESessionClosed,
    );
  });
});

describe('TSAgentSession with workers', () => {
  it('takes its default from TSAGENTKIT_WORKERS, else cores − 1', async () => {
    vi.stubEnv('TSAGENTKIT_WORKERS', '3');
    expect(defaultWorkerCount()).toBe(3);
    const session = new TSAgentSession();
    expect(session.workerPool?.threads).toBe(3);
    await session.close();
    vi.stubEnv('TSAGENTKIT_WORKERS', 'many');
    expect(() => new TSAgentSession()).toThrow(ETaskSpecInvalid);
    vi.stubEnv('TSAGENTKIT_WORKERS', '');
    expect(defaultWorkerCount()).toBe(Math.max(1, availableParallelism() - 1));
    vi.unstubAllEnvs();
  });

  it('fits in-process with workers: 1; rejects a bad count', async () => {
    const inProcess = new TSAgentSession({ workers: 1 });
    expect(inProcess.workerPool).toBeUndefined();
    await inProcess.close();
    expect(() => new TSAgentSession({ workers: 0 })).toThrow(ETaskSpecInvalid);
  });

  it('runs (plan, backtest, fit, predict) to the same forecasts and records as in-process', async () => {
    const panel = panelOf(4, 24 * 6);
    const spec = { h: 24, quantiles: [0.1, 0.9], backtest: { nWindows: 2 } };
    const one = new TSAgentSession({ workers: 1 });
    const a = await one.run(panel, spec);
    await one.close();
    const b = await threaded.run(panel, spec);
    expect(b.modelBySeries).toEqual(a.modelBySeries);
    expect(b.fallbacks).toEqual(a.fallbacks);
    expectSameForecasts(b.forecast, a.forecast);
    const untimed = (report: unknown) => JSON.stringify(report, (k, v: unknown) => (k === 'ms' ? undefined : v));
    expect(untimed(b.artifact.backtest)).toBe(untimed(a.artifact.backtest));
  });

  it('hands the series of a crashed worker, and only those, to the next model of the ladder', async () => {
    const panel = panelFromArrays([hourly('a', 150, 1), hourly('crash-b', 150, 2), hourly('c', 150, 3)], 'H');
    const out = await crashing.predict(await crashing.fit(panel, ['Theta', 'Naive'], { h: 24 }));
    expect(out.modelBySeries).toEqual({ a: 'Theta', 'crash-b': 'Naive', c: 'Theta' });
    expect(out.fallbacks).toHaveLength(1);
    expect(out.fallbacks[0]).toMatchObject({
      from: 'Theta',
      to: 'Naive',
      stage: 'predict',
      errorCode: 'E_WORKER_CRASHED',
      series: ['crash-b'],
    });
    // The surviving series are exactly the in-process Theta forecasts; the crashed one is Naive's.
    const theta = statisticalAdapter('Theta')!;
    const want = await theta.predict(await theta.fit(panel, { ...task, quantiles: out.forecast.quantileLevels }));
    const byId = new Map(out.forecast.series.map((s) => [s.id, s]));
    for (const s of want.series.filter((x) => x.id !== 'crash-b')) expect(sameBits(byId.get(s.id)!.mean, s.mean)).toBe(true);
    const last = panel.series.find((s) => s.id === 'crash-b')!.y[149];
    expect(Array.from(byId.get('crash-b')!.mean)).toEqual(new Array(24).fill(last));
  });

  it('keeps the main thread responsive while a panel is fitted (event-loop delay p99 < 100 ms)', async () => {
    // The suite runs beside another test process in the same scheduler group, so the workers give
    // way to the main thread (niceIncrement, as a latency-bound server would set it); what the
    // main thread itself spends during the fit is measured too, and that does not depend on load.
    const session = new TSAgentSession({ workers: { threads: 2, niceIncrement: 10 } });
    try {
      await session.fit(panelOf(1, 60), ['Naive'], { h: 24 }); // threads started outside the measurement
      const panel = panelOf(8, 24 * 10);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const mainCpu0 = threadCpuMs();
      const workersCpu0 = [...session.workerPool!.threadCpuMs().values()].reduce((a, b) => a + b, 0);
      const out = await session.predict(await session.fit(panel, ['AutoETS', 'Naive'], { h: 48 }));
      const mainCpu = (threadCpuMs() ?? 0) - (mainCpu0 ?? 0);
      const workersCpu = [...session.workerPool!.threadCpuMs().values()].reduce((a, b) => a + b, 0) - workersCpu0;
      delay.disable();
      expect(Object.values(out.modelBySeries)).toEqual(new Array(8).fill('AutoETS'));
      const p99Ms = delay.percentile(99) / 1e6;
      expect(p99Ms).toBeGreaterThan(0);
      expect(p99Ms).toBeLessThan(100);
      if (mainCpu0 !== undefined) expect(mainCpu).toBeLessThan(0.2 * workersCpu);
    } finally {
      await session.close();
    }
  });

  it('ends its threads on close()', async () => {
    const session = new TSAgentSession({ workers: 2 });
    await session.close();
    expect(session.workerPool?.isClosed).toBe(true);
    await threaded.close();
    expect(threaded.workerPool?.isClosed).toBe(true);
  });
});
