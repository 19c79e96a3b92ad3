import { describe, expect, it } from 'vitest';
import { panelFromArrays, type Panel } from '../../data/panel.js';
import {
  EAdapterNotAvailable,
  EContractEmpty,
  EFallbackExhausted,
  EModelFitFailed,
  EModelNotLoaded,
  EModelPredictFailed,
  EOOM,
  ETaskSpecInvalid,
  MODEL_RUNTIME_ERROR_CODES,
  errorClassForCode,
} from '../../errors/index.js';
import type { ForecastResult } from '../../forecast/types.js';
import type { FittedModel, ForecastTask } from '../../models/contract.js';
import { executeWithFallback, FallbackLog } from './fallback.js';
import { fitWithFallback, predictWithFallback, type LadderRunner } from './forecastLadder.js';
import { newCallLog, TestTsfmAdapter, type TestAdapterBehaviour } from '../__tests__/testAdapter.js';

const task: ForecastTask = { h: 3, freq: 'D', seasonLength: 7, quantiles: [0.1, 0.5, 0.9] };
const DAY = 86_400_000;
const panel: Panel = panelFromArrays([
  { id: 'a', ds: [0, 1, 2, 3, 4].map((i) => i * DAY), y: [1, 2, 3, 4, 5] },
  { id: 'b', ds: [0, 1, 2, 3, 4].map((i) => i * DAY), y: [10, 10, 10, 10, 10] },
  { id: 'c', ds: [0, 1, 2, 3, 4].map((i) => i * DAY), y: [7, 8, 7, 8, 7] },
]);

describe('executeWithFallback', () => {
  it('advances on every model-runtime error code and returns the first success', async () => {
    for (const code of MODEL_RUNTIME_ERROR_CODES) {
      const Err = errorClassForCode(code)!;
      const log = new FallbackLog();
      const ok = await executeWithFallback(
        ['x', 'y'],
        async (m) => {
          if (m === 'x') throw new Err(`x broke (${code})`);
          return 42;
        },
        { stage: 'fit', log },
      );
      expect(ok).toEqual({ model: 'y', index: 1, value: 42 });
      expect(log.transitions).toEqual([{ from: 'x', to: 'y', stage: 'fit', errorCode: code, error: `x broke (${code})` }]);
    }
  });

  it('propagates anything that is not a model-runtime failure, without trying further candidates', async () => {
    for (const error of [new ETaskSpecInvalid('bad spec'), new EContractEmpty('no rows'), new TypeError('bug')]) {
      const tried: string[] = [];
      const run = executeWithFallback(
        ['x', 'y'],
        async (m) => {
          tried.push(m);
          throw error;
        },
        { stage: 'fit', log: new FallbackLog() },
      );
      await expect(run).rejects.toBe(error);
      expect(tried).toEqual(['x']);
    }
  });

  it('when every candidate fails, throws EFallbackExhausted with all attempts and the last error', async () => {
    const log = new FallbackLog();
    const err = await executeWithFallback(
      ['chronos', 'moirai', 'Naive'],
      async (m) => {
        if (m === 'chronos') throw new EModelNotLoaded("Adapter 'chronos' is configured but not preloaded in this session.");
        if (m === 'moirai') throw new EAdapterNotAvailable('no moirai');
        throw new EOOM('Naive ran out of memory');
      },
      { stage: 'fit', log },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EFallbackExhausted);
    expect(err.message).toBe(
      'All models failed. Last error: [E_OOM] Naive ran out of memory [hint: Lower the batch size or context length, or unload unused adapters.]',
    );
    expect(err.context.attempts.map((a: { model: string; errorCode: string }) => [a.model, a.errorCode])).toEqual([
      ['chronos', 'E_MODEL_NOT_LOADED'],
      ['moirai', 'E_ADAPTER_NOT_AVAILABLE'],
      ['Naive', 'E_OOM'],
    ]);
    expect(log.transitions.map((t) => [t.from, t.to])).toEqual([
      ['chronos', 'moirai'],
      ['moirai', 'Naive'],
      ['Naive', null],
    ]);
  });
});

/** A runner over test adapters that are already loaded, like a preloaded pool. */
async function runnerFor(behaviours: Record<string, TestAdapterBehaviour>) {
  const log = newCallLog();
  const adapters = new Map<string, TestTsfmAdapter>();
  for (const [name, b] of Object.entries(behaviours)) {
    const a = new TestTsfmAdapter({ name }, b, log);
    await a.load();
    adapters.set(name, a);
  }
  const fitPanels: Record<string, string[][]> = {};
  const runner: LadderRunner = {
    async fit(model, p, t) {
      (fitPanels[model] ??= []).push(p.series.map((s) => s.id));
      return adapters.get(model)!.fit(p, t);
    },
    predict: (model, fitted: FittedModel) => adapters.get(model)!.predict(fitted),
  };
  return { runner, log, fitPanels };
}

describe('fit and predict down the ladder', () => {
  it('first model fails at predict time → the next one is fitted and answers, in policy order', async () => {
    const { runner, fitPanels } = await runnerFor({
      chronos: { failPredict: () => new EModelPredictFailed('chronos predict failed') },
      moirai: { offset: 100 },
      timesfm: { offset: 200 },
    });
    const log = new FallbackLog();
    const fit = await fitWithFallback(['chronos', 'moirai', 'timesfm'], panel, task, runner, log);
    expect(fit.model).toBe('chronos');
    const out = await predictWithFallback(fit, runner, log);
    expect(out.modelBySeries).toEqual({ a: 'moirai', b: 'moirai', c: 'moirai' });
    expect(out.series.find((s) => s.id === 'b')!.mean[0]).toBe(110); // moirai's offset on b's mean of 10
    expect(fitPanels).toEqual({ chronos: [['a', 'b', 'c']], moirai: [['a', 'b', 'c']] });
    expect(log.transitions).toEqual([
      { from: 'chronos', to: 'moirai', stage: 'predict', errorCode: 'E_MODEL_PREDICT_FAILED', error: 'chronos predict failed' },
    ]);
  });

  it('fit failures advance too, and the model that fitted is the one that predicts', async () => {
    const { runner, log: calls } = await runnerFor({
      chronos: { failFit: () => new EModelFitFailed('no') },
      moirai: { offset: 100 },
    });
    const log = new FallbackLog();
    const fit = await fitWithFallback(['chronos', 'moirai'], panel, task, runner, log);
    expect(fit.model).toBe('moirai');
    const out = await predictWithFallback(fit, runner, log);
    expect(out.model).toBe('moirai');
    expect(calls.predict).toBe(1);
    expect(log.transitions.map((t) => [t.from, t.to, t.stage])).toEqual([['chronos', 'moirai', 'fit']]);
  });

  it('per-series fallback: only the non-finite series get the next model, fitted on those series alone', async () => {
    const { runner, fitPanels } = await runnerFor({
      chronos: { nonFiniteSeries: ['b'] },
      moirai: { offset: 100, nonFiniteSeries: [] },
    });
    const log = new FallbackLog();
    const out = await predictWithFallback(await fitWithFallback(['chronos', 'moirai'], panel, task, runner, log), runner, log);
    expect(out.series.map((s) => [s.id, s.model])).toEqual([
      ['a', 'chronos'],
      ['b', 'moirai'],
      ['c', 'chronos'],
    ]);
    expect(out.series[1].mean[0]).toBe(110);
    expect(out.series[0].mean[0]).toBe(3.5); // chronos: mean of the last 4 points of a
    expect(out.series.every((s) => s.mean.every(Number.isFinite))).toBe(true);
    expect(fitPanels['moirai']).toEqual([['b']]);
    expect(log.transitions).toEqual([
      {
        from: 'chronos',
        to: 'moirai',
        stage: 'predict',
        errorCode: 'E_NON_FINITE_FORECAST',
        error: "Model 'chronos' returned non-finite values for 1 of 3 series.",
        series: ['b'],
      },
    ]);
  });

  it('per-series fallback cascades: a series bad for two models gets the third', async () => {
    const { runner } = await runnerFor({
      chronos: { nonFiniteSeries: ['a', 'b'] },
      moirai: { offset: 100, nonFiniteSeries: ['b'] },
      timesfm: { offset: 200 },
    });
    const log = new FallbackLog();
    const out = await predictWithFallback(await fitWithFallback(['chronos', 'moirai', 'timesfm'], panel, task, runner, log), runner, log);
    expect(out.modelBySeries).toEqual({ a: 'moirai', b: 'timesfm', c: 'chronos' });
    expect(log.transitions.map((t) => [t.from, t.to, t.series])).toEqual([
      ['chronos', 'moirai', ['a', 'b']],
      ['moirai', 'timesfm', ['b']],
    ]);
  });

  it('a forecast missing a requested quantile level is a predict failure of that model', async () => {
    const { runner } = await runnerFor({ chronos: {}, moirai: { offset: 100 } });
    const narrow: LadderRunner = {
      fit: runner.fit,
      async predict(model, fitted) {
        const r: ForecastResult = await runner.predict(model, fitted);
        return model === 'chronos'
          ? { ...r, quantileLevels: [0.5], series: r.series.map((s) => ({ ...s, quantiles: [s.quantiles[1]] })) }
          : r;
      },
    };
    const log = new FallbackLog();
    const out = await predictWithFallback(await fitWithFallback(['chronos', 'moirai'], panel, task, narrow, log), narrow, log);
    expect(out.model).toBe('moirai');
    expect(log.transitions[0].error).toBe("Model 'chronos' returned an unusable forecast: quantile levels 0.1, 0.9 missing.");
  });

  it('non-finite output on the last model exhausts the ladder with the series named', async () => {
    const { runner } = await runnerFor({ chronos: { nonFiniteSeries: ['c'] }, moirai: { nonFiniteSeries: ['c'] } });
    const log = new FallbackLog();
    const fit = await fitWithFallback(['chronos', 'moirai'], panel, task, runner, log);
    const err = await predictWithFallback(fit, runner, log).catch((e) => e);
    expect(err).toBeInstanceOf(EFallbackExhausted);
    expect(err.context.attempts.map((a: { model: string; series: string[] }) => [a.model, a.series])).toEqual([
      ['chronos', ['c']],
      ['moirai', ['c']],
    ]);
  });
});
