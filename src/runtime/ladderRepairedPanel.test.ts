/**
 * Every model on the ladder sees the panel QA repaired: a TSFM first, or a statistical fallback
 * after it fails. A series with interior NaNs, a TSFM (the test adapter) that fails at predict: the
 * statistical fallback is fitted on the forward-filled history and answers, so the ladder is not
 * exhausted. Runs the session's default steps (real QA, real statistical models).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { EModelPredictFailed } from '../errors/index.js';
import { TSAgentSession } from './session.js';
import { registerTestAdapters } from './__tests__/testAdapter.js';

const DAY = 86_400_000;
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('the ladder on the repaired panel', () => {
  it('a TSFM that fails at predict hands a series with interior NaNs to a statistical fallback, which answers', async () => {
    const reg = registerTestAdapters({ chronos: { failPredict: () => new EModelPredictFailed('chronos down') } });
    restore = reg.restore;
    const y = Array.from({ length: 60 }, (_, i) => 100 + (i % 7) * 3 + i / 10);
    for (const i of [10, 11, 30, 45]) y[i] = Number.NaN;
    const panel = panelFromArrays([{ id: 'gappy', ds: Array.from({ length: 60 }, (_, i) => i * DAY), y }], 'D');
    const session = await TSAgentSession.create({
      mode: 'quick',
      workers: 1,
      taskSpecDefaults: { h: 7, tsfmPolicy: { mode: 'preferred', adapters: ['chronos'] } },
      modelPool: { adapters: ['chronos'], preload: true },
    });
    try {
      const run = await session.run(panel, { models: ['SeasonalNaive', 'Naive'] }, { backtest: false });
      // QA filled the four gaps; the fitted models got that panel.
      expect(run.qa.repairs.filter((r) => r.kind === 'forward_fill').map((r) => r.count)).toEqual([4]);
      expect(run.panel.series[0].y.some(Number.isNaN)).toBe(false);
      expect(run.fallbacks.map((f) => [f.from, f.to])).toEqual([['chronos', 'SeasonalNaive']]);
      expect(run.modelBySeries).toEqual({ gappy: 'SeasonalNaive' });
      expect(run.forecast.series[0].mean.every(Number.isFinite)).toBe(true);
    } finally {
      await session.close();
    }
  });
});
