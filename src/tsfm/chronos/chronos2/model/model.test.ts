import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECheckpointMismatch, ECheckpointNotFound, EConfigInvalid, EModelPredictFailed } from '../../../../errors/index.js';
import { encodeSafetensors, SafetensorsFile } from '../../../engine/safetensors.js';
import { loadChronos2Model, type Chronos2OnnxModel } from './index.js';
import { groupChunks } from './chunks.js';
import { runChronos2ModelCase, type Chronos2ModelCase } from './__tests__/modelCases.js';

const fixtures = fileURLToPath(new URL('../../../../../test/fixtures/chronos2/', import.meta.url));
const randomDir = join(fixtures, 'checkpoints/random-s0');
// upstream's own dummy checkpoint may not be copied into the project: checked only where ../shared exists
const sharedDummyDir = fileURLToPath(new URL('../../../../../shared/fixtures/chronos2/checkpoints/dummy', import.meta.url));

interface CaseFile {
  checkpoint_dir: string;
  tolerance: { abs: number; rel: number };
  cases: Array<Chronos2ModelCase | { level: 'pipeline'; name: string }>;
}

function modelCases(file: string): { file: CaseFile; cases: Chronos2ModelCase[] } {
  const parsed = JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as CaseFile;
  return { file: parsed, cases: parsed.cases.filter((c): c is Chronos2ModelCase => c.level === 'model') };
}

const toF32 = (rows: (number | null)[][]) => Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));

describe('Chronos-2 model forward: upstream parity (level "model" cases)', () => {
  const random = modelCases('random-s0.cases.json');
  let model: Chronos2OnnxModel; // the production graph
  let debugModel: Chronos2OnnxModel; // full last block + every position's final hidden state
  beforeAll(async () => {
    model = await loadChronos2Model(join(fixtures, random.file.checkpoint_dir), { intraOpNumThreads: 1 });
    debugModel = await loadChronos2Model(join(fixtures, random.file.checkpoint_dir), { intraOpNumThreads: 1, debugOutputs: true });
  });
  afterAll(async () => {
    await model.dispose();
    await debugModel.dispose();
  });

  it('has the model cases', () => {
    expect(random.cases.map((c) => c.name)).toEqual([
      'model_forward_two_series',
      'model_forward_short',
      'model_forward_groups_future_covariates',
    ]);
  });

  for (const c of random.cases) {
    it(`random-s0 / ${c.name} within tolerance`, async () => {
      const r = await runChronos2ModelCase(model, c, random.file.tolerance);
      expect(r.shapeOk).toBe(true);
      expect(r.maxErrorRatio).toBeLessThanOrEqual(1);
      // A correct float32 port is far inside the rule (the rule's basis: ≤ 3e-5·s).
      expect(r.maxErrorRatio).toBeLessThan(0.5);
    });

    it(`random-s0 / ${c.name} intermediates match upstream`, async () => {
      const inter = (c as unknown as { intermediates: Record<string, unknown> }).intermediates;
      const ctx = c.inputs.context;
      const out = await debugModel.forwardDebug({
        batch: ctx.length,
        contextLength: ctx[0].length,
        context: toF32(ctx),
        groupIds: Int32Array.from(c.inputs.group_ids ?? ctx.map((_, i) => i)),
        futureCovariates: c.inputs.future_covariates ? toF32(c.inputs.future_covariates) : null,
        numOutputPatches: c.inputs.num_output_patches,
      });
      const close = (got: ArrayLike<number>, want: unknown, tol: number) => {
        const w = (want as unknown[]).flat(4) as (number | null)[];
        expect(got.length).toBe(w.length);
        for (let i = 0; i < w.length; i++) expect(Math.abs(got[i] - (w[i] ?? NaN))).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i] ?? 0)));
      };
      close(out.loc, inter.loc, 2e-7);
      close(out.scale, inter.scale, 2e-7);
      close(out.contextPatches, inter.patched_context, 2e-6);
      close(
        Array.from(out.patchAttentionMask),
        (inter.patch_attention_mask as boolean[][]).map((r) => r.map(Number)),
        0,
      );
      // every position, including fully masked patches (batch-mean value path of group attention)
      close(out.encoderLastHiddenState!, inter.encoder_last_hidden_state, 2e-5);
      close(out.normalizedQuantilePreds, inter.normalized_quantile_preds, 2e-5);
      const r = await runChronos2ModelCase(debugModel, c, random.file.tolerance);
      expect(r.maxErrorRatio).toBeLessThan(0.5);
    });
  }

  it('weights read into memory (embedded in the graph) give the same outputs as external data', async () => {
    const inMemory = await loadChronos2Model(join(fixtures, random.file.checkpoint_dir), { intraOpNumThreads: 1, weights: 'memory' });
    try {
      for (const c of random.cases) {
        const r = await runChronos2ModelCase(inMemory, c, random.file.tolerance);
        expect(r.pass).toBe(true);
      }
    } finally {
      await inMemory.dispose();
    }
  });

  it('graphCacheDir: the first load saves the optimised model, the next one maps it; same outputs', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tsak-c2cache-'));
    try {
      const first = await loadChronos2Model(randomDir, { intraOpNumThreads: 1, graphCacheDir: cacheDir });
      const second = await loadChronos2Model(randomDir, { intraOpNumThreads: 1, graphCacheDir: cacheDir });
      try {
        expect(first.timings.graphCacheHit).toBe(false);
        expect(second.timings.graphCacheHit).toBe(true);
        for (const c of random.cases) {
          const a = await runChronos2ModelCase(first, c, random.file.tolerance);
          const b = await runChronos2ModelCase(second, c, random.file.tolerance);
          expect(a.pass && b.pass).toBe(true);
          expect(b.maxAbsError).toBe(a.maxAbsError);
        }
      } finally {
        await first.dispose();
        await second.dispose();
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  const dummy = modelCases('dummy.cases.json');
  for (const c of dummy.cases) {
    it.runIf(existsSync(sharedDummyDir))(`dummy (from ../shared, not copied) / ${c.name} within tolerance`, async () => {
      const m = await loadChronos2Model(sharedDummyDir, { intraOpNumThreads: 1 });
      try {
        const r = await runChronos2ModelCase(m, c, dummy.file.tolerance);
        expect(r.shapeOk).toBe(true);
        expect(r.maxErrorRatio).toBeLessThanOrEqual(1);
      } finally {
        await m.dispose();
      }
    });
  }
});

describe('Chronos-2 model forward: group attention and batching', () => {
  let model: Chronos2OnnxModel;
  beforeAll(async () => {
    model = await loadChronos2Model(randomDir, { intraOpNumThreads: 1 });
  });
  afterAll(() => model.dispose());

  const T = 50;
  const series = (k: number) =>
    Float32Array.from({ length: T }, (_, t) =>
      t < (k % 3) * 7 ? NaN : Math.fround(10 + k + Math.sin(t / (2 + k)) * (1 + k) + (t % 5) * 0.1 * k),
    );

  async function run(rows: number[], groupIds: number[], fut?: (Float32Array | null)[]) {
    const context = new Float32Array(rows.length * T);
    rows.forEach((k, i) => context.set(series(k), i * T));
    const F = 2;
    const H = F * 16;
    let futureCovariates: Float32Array | null = null;
    if (fut) {
      futureCovariates = new Float32Array(rows.length * H).fill(NaN);
      fut.forEach((f, i) => f && futureCovariates!.set(f, i * H));
    }
    const out = await model.forward({
      batch: rows.length,
      contextLength: T,
      context,
      groupIds: Int32Array.from(groupIds),
      futureCovariates,
      numOutputPatches: F,
    });
    const per = out.quantilePreds.length / rows.length;
    return rows.map((_, i) => out.quantilePreds.subarray(i * per, (i + 1) * per));
  }

  function expectSame(a: Float32Array, b: Float32Array) {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[i])));
  }

  it('a group gives the same forecasts alone as inside a mixed batch (no leakage across groups)', async () => {
    const cov = Float32Array.from({ length: 32 }, (_, i) => Math.cos(i / 3));
    // rows: series 0..5; groups: {0,2}, {1,4,5} (row 4 a known covariate), {3}
    const mixed = await run([0, 1, 2, 3, 4, 5], [7, 9, 7, 3, 9, 9], [null, null, null, null, cov, null]);
    const g7 = await run([0, 2], [1, 1]);
    const g9 = await run([1, 4, 5], [0, 0, 0], [null, cov, null]);
    const g3 = await run([3], [0]);
    expectSame(mixed[0], g7[0]);
    expectSame(mixed[2], g7[1]);
    expectSame(mixed[1], g9[0]);
    expectSame(mixed[4], g9[1]);
    expectSame(mixed[5], g9[2]);
    expectSame(mixed[3], g3[0]);
    // and the group members really interact: alone, series 0 forecasts differently
    const alone = await run([0], [0]);
    expect(Math.max(...alone[0].map((v, i) => Math.abs(v - mixed[0][i])))).toBeGreaterThan(1e-3);
  });

  it('independent series: batch results equal one-by-one results, in any order', async () => {
    const batch = await run([0, 1, 2, 3], [0, 1, 2, 3]);
    const reversed = await run([3, 2, 1, 0], [5, 6, 7, 8]);
    for (let k = 0; k < 4; k++) {
      const [single] = await run([k], [0]);
      expectSame(batch[k], single);
      expectSame(reversed[3 - k], single);
    }
  });

  it('large batches run in pieces of whole groups with the same results', async () => {
    const small = await loadChronos2Model(randomDir, { intraOpNumThreads: 1, maxTokensPerRun: 20 }); // 4 patches + REG + 2 → 2 series per run
    try {
      const rows = [0, 1, 2, 3, 4, 5];
      const groups = [4, 9, 4, 3, 9, 9]; // a group of 3 is larger than a run: it runs alone
      const context = new Float32Array(rows.length * T);
      rows.forEach((k, i) => context.set(series(k), i * T));
      const input = { batch: 6, contextLength: T, context, groupIds: Int32Array.from(groups), futureCovariates: null, numOutputPatches: 2 };
      const whole = await model.forward(input);
      const pieces = await small.forward(input);
      expectSame(pieces.quantilePreds, whole.quantilePreds);
    } finally {
      await small.dispose();
    }
  });

  it('contexts longer than context_length keep their last context_length steps', async () => {
    const L = model.config.chronos_config.context_length;
    const long = Float32Array.from({ length: L + 37 }, (_, t) => Math.fround(5 + Math.sin(t / 9) + (t < 37 ? 100 : 0)));
    const a = await model.forward({
      batch: 1,
      contextLength: L + 37,
      context: long,
      groupIds: Int32Array.of(0),
      futureCovariates: null,
      numOutputPatches: 1,
    });
    const b = await model.forward({
      batch: 1,
      contextLength: L,
      context: long.subarray(37),
      groupIds: Int32Array.of(0),
      futureCovariates: null,
      numOutputPatches: 1,
    });
    expectSame(a.quantilePreds, b.quantilePreds);
  });

  it('rejects malformed forward inputs with EModelPredictFailed', async () => {
    const base = {
      batch: 2,
      contextLength: 4,
      context: new Float32Array(8),
      groupIds: Int32Array.of(0, 1),
      futureCovariates: null,
      numOutputPatches: 1,
    };
    await expect(model.forward({ ...base, context: new Float32Array(7) })).rejects.toBeInstanceOf(EModelPredictFailed);
    await expect(model.forward({ ...base, groupIds: Int32Array.of(0) })).rejects.toBeInstanceOf(EModelPredictFailed);
    await expect(model.forward({ ...base, numOutputPatches: 0 })).rejects.toBeInstanceOf(EModelPredictFailed);
    await expect(model.forward({ ...base, futureCovariates: new Float32Array(3) })).rejects.toBeInstanceOf(EModelPredictFailed);
    await expect(model.forward({ ...base, context: Float32Array.of(1, 2, Infinity, 4, 5, 6, 7, 8) })).rejects.toBeInstanceOf(
      EModelPredictFailed,
    );
  });
});

describe('groupChunks', () => {
  it('keeps groups whole, in order of first appearance, within the row limit', () => {
    expect(groupChunks(Int32Array.from([4, 9, 4, 3, 9, 9]), 2)).toEqual([[0, 2], [1, 4, 5], [3]]);
    expect(groupChunks(Int32Array.from([0, 1, 2, 3, 4]), 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(groupChunks(Int32Array.from([7, 7, 7]), 10)).toEqual([[0, 1, 2]]);
  });
});

describe('Chronos-2 checkpoint errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsak-c2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function variant(name: string, edit: { config?: (c: Record<string, unknown>) => void; dropTensor?: string }): string {
    const d = join(dir, name);
    cpSync(randomDir, d, { recursive: true });
    if (edit.config) {
      const c = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      edit.config(c);
      writeFileSync(join(d, 'config.json'), JSON.stringify(c));
    }
    if (edit.dropTensor) {
      const st = SafetensorsFile.read(join(d, 'model.safetensors'));
      const kept: Record<string, { shape: number[]; data: Float32Array }> = {};
      for (const k of st.keys()) if (k !== edit.dropTensor) kept[k] = { shape: [...st.info(k).shape], data: st.float32(k).slice() };
      writeFileSync(join(d, 'model.safetensors'), encodeSafetensors(kept));
    }
    return d;
  }

  it('missing directory or files → ECheckpointNotFound', async () => {
    await expect(loadChronos2Model(join(dir, 'absent'))).rejects.toBeInstanceOf(ECheckpointNotFound);
  });

  it('missing tensor → ECheckpointMismatch naming it', async () => {
    const err = await loadChronos2Model(variant('missing', { dropTensor: 'encoder.block.1.layer.1.self_attention.k.weight' })).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ECheckpointMismatch);
    expect(err.message).toContain('encoder.block.1.layer.1.self_attention.k.weight');
    expect(err.message).toContain('model.safetensors');
  });

  it('config that disagrees with the weights → ECheckpointMismatch with both shapes', async () => {
    const err = await loadChronos2Model(variant('dff', { config: (c) => (c.d_ff = 96) })).catch((e) => e);
    expect(err).toBeInstanceOf(ECheckpointMismatch);
    expect(err.context.tensor).toBe('input_patch_embedding.hidden_layer.weight');
    expect(err.context.expected).toEqual([96, 48]);
    expect(err.context.shape).toEqual([128, 48]);
  });

  it('invalid config → EConfigInvalid naming the field', async () => {
    const err = await loadChronos2Model(
      variant('cfg', { config: (c) => delete (c.chronos_config as Record<string, unknown>).quantiles }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(EConfigInvalid);
    expect(err.message).toContain('chronos_config.quantiles');
    const gated = await loadChronos2Model(variant('gated', { config: (c) => (c.feed_forward_proj = 'gated-gelu') })).catch((e) => e);
    expect(gated).toBeInstanceOf(EConfigInvalid);
  });
});
