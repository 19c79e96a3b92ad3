/**
 * MoiraiAdapter on the fixture checkpoint through the family-independent TsfmAdapter: one load,
 * the forecast of a panel equals the forecaster's (model levels mapped to the task's), options
 * reach the forecaster, and fit/predict never load.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { panelFromArrays } from '../../data/panel.js';
import { EModelNotLoaded } from '../../errors/index.js';
import type { ForecastTask } from '../../models/contract.js';
import { MoiraiAdapter } from './adapter.js';
import { moirai2Forecaster } from './forecaster.js';
import { loadMoirai2Model } from './model/index.js';
import type { Moirai2Loader } from './forecaster.js';

const modelDir = fileURLToPath(new URL('../../../test/fixtures/moirai2/checkpoints/seed-20250801', import.meta.url));
const DAY = 86_400_000;
const ys = [0, 1].map((k) => Array.from({ length: 50 + 20 * k }, (_, i) => 30 + 5 * k + 4 * Math.sin((2 * Math.PI * i) / 7) + 0.2 * i));
const panel = panelFromArrays(
  ys.map((y, k) => ({ id: `s${k}`, ds: Array.from({ length: y.length }, (_, i) => (i - y.length) * DAY), y })),
  'D',
);
const task: ForecastTask = { h: 10, freq: 'D', seasonLength: 7, quantiles: [0.1, 0.5, 0.9] };

describe('MoiraiAdapter', () => {
  it('loads once, forecasts the panel as the forecaster does, and unloads', async () => {
    let loads = 0;
    const loader: Moirai2Loader = async (dir, engine) => (loads++, loadMoirai2Model(dir, engine));
    const adapter = new MoiraiAdapter({ modelDir, intraOpNumThreads: 1, graphCacheDir: false, loader, contextLength: 64 });
    expect(adapter.name).toBe('moirai');
    expect(adapter.modelId).toBe('Salesforce/moirai-2.0-R-small');
    await expect(adapter.fit(panel, task)).rejects.toBeInstanceOf(EModelNotLoaded);
    await adapter.load();
    await adapter.load();
    expect(loads).toBe(1);
    expect(adapter.variant).toBe('moirai2');
    const result = await adapter.predict(await adapter.fit(panel, task));
    expect(result.model).toBe('moirai');
    expect(result.quantileLevels).toEqual([0.1, 0.5, 0.9]);

    const model = await loadMoirai2Model(modelDir, { intraOpNumThreads: 1 });
    const want = await moirai2Forecaster(model).forecast(
      ys.map((y) => ({ target: Float64Array.from(y) })),
      { h: 10, quantileLevels: [0.1, 0.5, 0.9], contextLength: 64 },
    );
    await model.dispose();
    result.series.forEach((s, b) => {
      const w = want[b];
      // the model's own levels 0.1, 0.5, 0.9 are columns 0, 4, 8 of its 9
      [0, 4, 8].forEach((col, k) => expect([...s.quantiles[k]]).toEqual(Array.from({ length: 10 }, (_, t) => w.quantiles[t * 9 + col])));
      expect([...s.mean]).toEqual([...w.mean]);
    });
    await adapter.unload();
    expect(adapter.isLoaded).toBe(false);
  });
});
