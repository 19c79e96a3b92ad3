/**
 * Moirai 2.0 against upstream uni2ts (8d2a08df): every case of the seed-20250801 fixture under the
 * file's own rule; the packed module inputs of every recorded module call (predict preprocessing,
 * `_convert`, the expanded rollout batches) equal upstream's exactly (rollout targets, which are our
 * own forecasts fed back, within the parity rule); and upstream calls that raise
 * give our typed error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETSFMInputInvalid } from '../../errors/index.js';
import { flattenNested, type Nested } from '../parity/compare.js';
import { formatCaseLine, runParityFile } from '../parity/index.js';
import { loadMoirai2Model, type Moirai2OnnxModel } from './model/index.js';
import { forwardInput, tensorOf } from './parityFamily.js';
import {
  causalMeanImpute,
  moirai2Forward,
  moirai2Predict,
  packMoirai2,
  prepareMoirai2Predict,
  type Moirai2BatchInput,
  type Moirai2Series,
} from './pipeline/index.js';
import type { Moirai2Model, Moirai2Packed } from './types.js';

const caseFile = fileURLToPath(new URL('../../../test/fixtures/moirai2/seed-20250801.cases.json', import.meta.url));
const checkpoint = fileURLToPath(new URL('../../../test/fixtures/moirai2/checkpoints/seed-20250801', import.meta.url));

interface Case {
  name: string;
  level: string;
  api: { function: string; kwargs: Record<string, number> };
  inputs: Record<string, unknown>;
  intermediates?: { forecast_forward_kwargs: Record<string, unknown>; module_calls: { inputs: Record<string, unknown> }[] };
}

const file = JSON.parse(readFileSync(caseFile, 'utf8')) as { cases: Case[] };
const pipelineCases = file.cases.filter((c) => c.level === 'pipeline');

function stored(x: unknown): number[] {
  return flattenNested(tensorOf(x, 'stored').data as Nested).map((v) => (typeof v === 'boolean' ? Number(v) : v));
}

function batchInputOf(c: Case): Moirai2BatchInput {
  const kw = c.api.kwargs;
  if (c.api.function.endsWith('.predict')) {
    return prepareMoirai2Predict(
      {
        pastTarget: c.inputs['past_target'] as Moirai2Series[],
        pastFeatDynamicReal: (c.inputs['past_feat_dynamic_real'] as Moirai2Series[] | undefined) ?? null,
      },
      { predictionLength: kw['prediction_length'], contextLength: kw['context_length'], targetDim: kw['target_dim'] },
    );
  }
  return forwardInput(c.name, c.inputs, kw['prediction_length'], kw['context_length'], kw['target_dim']);
}

/** The packed tensors in the order and form upstream records them. */
function packedRecord(p: Moirai2Packed): Record<string, number[]> {
  return {
    target: [...p.target],
    observed_mask: [...p.observed],
    sample_id: [...p.sampleId],
    time_id: [...p.timeId],
    variate_id: [...p.variateId],
    prediction_mask: [...p.predictionMask],
  };
}

describe('Moirai 2.0 parity with upstream (seed-20250801)', () => {
  it('passes all 27 cases', async () => {
    const report = await runParityFile(caseFile, { engine: { intraOpNumThreads: 1 } });
    expect(report.cases.filter((c) => !c.pass).map(formatCaseLine)).toEqual([]);
    expect(report.cases.length).toBe(27);
    expect(report.cases.filter((c) => c.level === 'model').length).toBe(3);
    // Every stored float array is compared: quantiles; or preds, scaled preds and target, loc, scale.
    for (const c of report.cases) expect(c.outputs.length).toBe(c.level === 'model' ? 5 : 1);
  });
});

describe('Moirai 2.0 pipeline inputs equal upstream exactly', () => {
  it.each(pipelineCases.filter((c) => c.api.function.endsWith('.predict')).map((c) => [c.name, c] as const))(
    '%s: predict() preprocessing',
    (_name, c) => {
      const got = batchInputOf(c);
      const want = c.intermediates!.forecast_forward_kwargs;
      expect([...got.pastTarget]).toEqual(stored(want['past_target']));
      expect([...got.pastObservedTarget]).toEqual(stored(want['past_observed_target']));
      expect([...got.pastIsPad]).toEqual(stored(want['past_is_pad']));
      if (want['past_feat_dynamic_real']) {
        expect([...got.pastFeatDynamicReal!.values]).toEqual(stored(want['past_feat_dynamic_real']));
        expect([...got.pastFeatDynamicReal!.observed]).toEqual(stored(want['past_observed_feat_dynamic_real']));
      }
    },
  );

  describe('module calls (packing and rollout batches)', () => {
    let model: Moirai2OnnxModel;
    beforeAll(async () => {
      model = await loadMoirai2Model(checkpoint, { intraOpNumThreads: 1 });
    });
    afterAll(async () => model.dispose());

    it.each(pipelineCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const calls: Moirai2Packed[] = [];
      const recording: Moirai2Model = {
        config: model.config,
        weightBytes: model.weightBytes,
        forward: (p, r) => (calls.push(structuredClone(p)), model.forward(p, r)),
        forwardDebug: (p, r) => model.forwardDebug(p, r),
        dispose: async () => {},
      };
      await moirai2Forward(recording, batchInputOf(c));
      const want = c.intermediates!.module_calls;
      expect(calls.length).toBe(want.length);
      calls.forEach((p, i) => {
        const got = packedRecord(p);
        for (const key of Object.keys(got)) {
          const expected = stored(want[i].inputs[key]);
          // Rollout batches carry our own earlier forecasts as targets: equal within the parity rule.
          if (i > 0 && key === 'target') {
            const M = Math.max(1, ...expected.map(Math.abs));
            const worst = Math.max(...got[key].map((v, j) => Math.abs(v - expected[j])));
            expect(worst, `call ${i} target`).toBeLessThanOrEqual(1e-4 * M);
            expect(got[key].length).toBe(expected.length);
          } else {
            expect(got[key], `call ${i} ${key}`).toEqual(expected);
          }
        }
      });
    });
  });
});

describe('Moirai 2.0 upstream quirks and limits', () => {
  it('CausalMeanImputation: univariate NaNs become 0; multivariate NaNs take the mean of earlier variates', () => {
    const uni = { rows: 4, cols: 1, data: Float32Array.from([Number.NaN, 2, Number.NaN, 4]) };
    causalMeanImpute(uni);
    expect([...uni.data]).toEqual([0, 2, 0, 4]);
    // step 0: variate 0 NaN → 0, variate 2 → mean(0, 5) ; step 1: variate 1 → last value 1 then mean(1) = 1, variate 2 → mean(1, 1)
    const multi = { rows: 2, cols: 3, data: Float32Array.from([Number.NaN, 5, Number.NaN, 1, Number.NaN, Number.NaN]) };
    causalMeanImpute(multi);
    expect([...multi.data]).toEqual([0, 5, 2.5, 1, 1, 1]);
  });

  it('short series are left-padded with their first imputed value and marked as padding', () => {
    const x = prepareMoirai2Predict({ pastTarget: [[Number.NaN, 3, 4]] }, { predictionLength: 4, contextLength: 6 });
    expect([...x.pastTarget]).toEqual([0, 0, 0, 0, 3, 4]);
    expect([...x.pastObservedTarget]).toEqual([0, 0, 0, 0, 1, 1]);
    expect([...x.pastIsPad]).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('reading one position (later positions left out, last layer on that query only) equals reading every position', async () => {
    const model = await loadMoirai2Model(checkpoint, { intraOpNumThreads: 1 });
    try {
      const c = pipelineCases.find((x) => x.name === 'covariates_feat_and_past_feat_forward_ctx64_pdt24')!;
      const { packed, layout } = packMoirai2(batchInputOf(c), 16);
      const read = layout.contextTokens - 1;
      const one = await model.forward(packed, [read]);
      const all = await model.forward(packed);
      const width = one.preds.length;
      const atRead = all.preds.subarray(read * width, (read + 1) * width);
      const worst = Math.max(...Array.from(one.preds, (v, i) => Math.abs(v - atRead[i])));
      expect(worst).toBeLessThan(1e-5 * Math.max(1, ...Array.from(atRead, Math.abs)));
      expect(packed.seq).toBeGreaterThan(read + 1); // there were later positions to leave out
    } finally {
      await model.dispose();
    }
  });

  describe('calls upstream rejects give ETSFMInputInvalid', () => {
    let model: Moirai2OnnxModel;
    beforeAll(async () => {
      model = await loadMoirai2Model(checkpoint, { intraOpNumThreads: 1 });
    });
    afterAll(async () => model.dispose());
    const rows = (T: number, D: number) => Array.from({ length: T }, (_, t) => Array.from({ length: D }, (_, d) => t + d));

    it('multivariate rollout', async () => {
      const input = prepareMoirai2Predict({ pastTarget: [rows(80, 2)] }, { predictionLength: 80, contextLength: 64 });
      await expect(moirai2Forward(model, input)).rejects.toThrow(ETSFMInputInvalid);
      await expect(moirai2Forward(model, input)).rejects.toThrow(/multivariate target \(target_dim 2\) beyond 64 steps/);
    });

    it('predict() on a multivariate series not longer than context_length', async () => {
      await expect(moirai2Predict(model, { pastTarget: [rows(64, 2)] }, { predictionLength: 16, contextLength: 64 })).rejects.toThrow(
        /cannot pad a multivariate series/,
      );
    });

    it('predict() with feat_dynamic_real', async () => {
      const err = await moirai2Predict(
        model,
        { pastTarget: [rows(70, 1).map((r) => r[0])], featDynamicReal: [rows(86, 1)] },
        { predictionLength: 16, contextLength: 64 },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ETSFMInputInvalid);
      expect((err as ETSFMInputInvalid).fixHint).toMatch(/moirai2Forward/);
    });
  });

  it('the checkpoint is the project copy', () => {
    expect(existsSync(`${checkpoint}/model.safetensors`)).toBe(true);
  });
});
