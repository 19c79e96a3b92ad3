/**
 * TimesFM in the runtime: a session whose pool preloads chronos (Chronos-2 fixture) and timesfm
 * (TimesFM 2.5 fixture) serves forecasts from both, each checkpoint loaded once (counted at the
 * loaders) and released once at close().
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { panelFromArrays } from '../../data/panel.js';
import { TSAgentSession } from '../../runtime/session.js';
import { RuntimeTelemetry } from '../../runtime/telemetry.js';
import { testSteps } from '../../runtime/__tests__/testSteps.js';
import { TsfmAdapter } from '../adapters/index.js';
import { defaultChronosLoaders, type ChronosLoaders } from '../chronos/forecaster.js';
import { timesfmFamily } from './family.js';
import type { TimesFMModelLoader } from './forecaster.js';
import { loadTimesFMModel } from './model/load.js';

const CHRONOS_DIR = fileURLToPath(new URL('../../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url));
const TIMESFM_DIR = fileURLToPath(new URL('../../../test/fixtures/timesfm2p5/checkpoints/seed-20250925', import.meta.url));
const DAY = 86_400_000;
const panel = panelFromArrays(
  ['a', 'b'].map((id, k) => ({
    id,
    ds: Array.from({ length: 80 }, (_, i) => i * DAY),
    y: Array.from({ length: 80 }, (_, i) => 40 + 10 * k + 4 * Math.sin((2 * Math.PI * i) / 7) + 0.05 * i),
  })),
  'D',
);

function counted<T extends { dispose(): Promise<void> }>(load: () => Promise<T>, counts: { loads: number; disposes: number }): Promise<T> {
  counts.loads += 1;
  return load().then((model) => {
    const dispose = model.dispose.bind(model);
    return Object.assign(model, {
      dispose: async () => {
        counts.disposes += 1;
        await dispose();
      },
    });
  });
}

describe('a session with chronos and timesfm preloaded', () => {
  it('serves both adapters, each checkpoint loaded once and released once', async () => {
    const chronos = { loads: 0, disposes: 0 };
    const timesfm = { loads: 0, disposes: 0 };
    const chronosLoaders: Partial<ChronosLoaders> = {
      chronos2: (dir, o) => counted(() => defaultChronosLoaders.chronos2(dir, o), chronos),
    };
    const timesfmLoader: TimesFMModelLoader = (dir, o) => counted(() => loadTimesFMModel(dir, o), timesfm);
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      taskSpecDefaults: { h: 6, levels: [], tsfmPolicy: { mode: 'required', adapters: ['timesfm', 'chronos'] } },
      modelPool: {
        adapters: ['chronos', 'timesfm'],
        preload: true,
        adapterOptions: {
          chronos: { modelDir: CHRONOS_DIR, intraOpNumThreads: 1, loaders: chronosLoaders },
          timesfm: { modelDir: TIMESFM_DIR, intraOpNumThreads: 1, loader: timesfmLoader, graphCacheDir: false },
        },
      },
      telemetry,
      steps: testSteps().steps,
    });
    expect(session.modelPool!.stats().loaded).toEqual(['chronos', 'timesfm']);
    const pooled = await session.modelPool!.get('timesfm');
    expect(pooled).toBeInstanceOf(TsfmAdapter);
    expect((pooled as TsfmAdapter).family).toBe(timesfmFamily);

    const byTimesfm = await session.run(panel, {});
    expect(byTimesfm.forecast.model).toBe('timesfm');
    expect(byTimesfm.fallbacks).toEqual([]);
    const byChronos = await session.run(panel, { tsfmPolicy: { mode: 'required', adapters: ['chronos', 'timesfm'] } });
    expect(byChronos.forecast.model).toBe('chronos');
    const again = await session.run(panel, {});
    for (const run of [byTimesfm, byChronos, again]) {
      for (const s of run.forecast.series) expect(s.mean.every(Number.isFinite)).toBe(true);
    }
    // Same in-memory TimesFM, same answer; the two families answer differently.
    expect([...again.forecast.series[0].mean]).toEqual([...byTimesfm.forecast.series[0].mean]);
    expect([...byChronos.forecast.series[0].mean]).not.toEqual([...byTimesfm.forecast.series[0].mean]);

    expect(chronos.loads).toBe(1);
    expect(timesfm.loads).toBe(1);
    expect(telemetry.snapshot()).toMatchObject({ load_count: 2, forecast_batch_count: 3 });
    await session.close();
    expect([chronos.disposes, timesfm.disposes]).toEqual([1, 1]);
  }, 60_000);
});
