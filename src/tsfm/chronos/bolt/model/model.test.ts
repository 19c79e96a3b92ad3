import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ECheckpointCorrupt,
  ECheckpointMismatch,
  ECheckpointNotFound,
  EConfigInvalid,
  EModelPredictFailed,
} from '../../../../errors/index.js';
import { SafetensorsFile, encodeSafetensors } from '../../../engine/safetensors.js';
import { populationStd } from '../../../parity/compare.js';
import { loadChronosBoltModel, type ChronosBoltOnnxModel } from './index.js';

const fixtureDir = fileURLToPath(new URL('../../../../../test/fixtures/chronos_bolt/', import.meta.url));
const checkpointDir = path.join(fixtureDir, 'checkpoints/random-s0');

type Row = (number | null)[];
interface ModelCase {
  name: string;
  level: string;
  inputs: { context: Row[] };
  outputs: { quantile_preds: number[][][] };
  intermediates: Record<string, unknown>;
}

const file = JSON.parse(readFileSync(path.join(fixtureDir, 'random-s0.cases.json'), 'utf8')) as { cases: ModelCase[] };
const modelCases = file.cases.filter((c) => c.level === 'model');

const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x === null ? NaN : (x as number)]);

/** Worst |got − want| / (rel·|want| + abs·scale) over the array (≤ 1 passes). */
function worstRatio(
  got: ArrayLike<number>,
  want: number[],
  rowSize: number,
  scaleOfRow: (row: number) => number,
  rel = 1e-4,
  abs = 1e-4,
): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    const tol = rel * Math.abs(want[i]) + abs * scaleOfRow(Math.floor(i / rowSize));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err === 0 ? 0 : err / tol);
  }
  return worst;
}

describe('Chronos-Bolt model forward: upstream parity (level "model" cases)', () => {
  let model: ChronosBoltOnnxModel;
  beforeAll(async () => {
    model = await loadChronosBoltModel(checkpointDir, { debugOutputs: true, intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('reports the weight bytes and load timings', () => {
    expect(model.weightBytes).toBe(381_888 * 4);
    expect(model.timings.graphCacheHit).toBe(false);
  });

  it.each(modelCases.map((c) => [c.name, c] as const))('%s: quantile_preds and every recorded intermediate', async (_name, c) => {
    const rows = c.inputs.context;
    const T = rows[0].length;
    const context = Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));
    const out = await model.forwardDebug({ batch: rows.length, contextLength: T, context });
    const s = rows.map((r) => populationStd(r));

    // The fixture rule on the output.
    const want = flat(c.outputs.quantile_preds);
    expect(worstRatio(out.quantilePreds, want, want.length / rows.length, (b) => s[b])).toBeLessThanOrEqual(1);

    // Intermediates: shapes exact; values within 1e-4 of the upstream tensors (relative, floor 1).
    const it = out.intermediates!;
    for (const [key, stored] of Object.entries(c.intermediates)) {
      const got = it[key as keyof typeof it];
      expect(got, key).toBeDefined();
      const values = flat(stored);
      const perRow = values.length / rows.length;
      expect(got!.dims[0], key).toBe(rows.length);
      expect(got!.data.length, key).toBe(values.length);
      const scaleOf = key === 'loc' || key === 'scale' ? (b: number) => s[b] : () => 1;
      expect(worstRatio(got!.data, values, perRow, scaleOf), key).toBeLessThanOrEqual(1);
    }
  });

  it('truncates to context_length: a longer prefix does not change the forecast', async () => {
    const c = modelCases.find((m) => m.inputs.context[0].length > 512)!;
    const row = Float32Array.from(c.inputs.context[0], (v) => (v === null ? NaN : v));
    const full = await model.forward({ batch: 1, contextLength: row.length, context: row });
    const last = await model.forward({ batch: 1, contextLength: 512, context: row.slice(row.length - 512) });
    expect(Array.from(full.quantilePreds)).toEqual(Array.from(last.quantilePreds));
  });

  it('rejects malformed forward inputs with EModelPredictFailed', async () => {
    await expect(model.forward({ batch: 2, contextLength: 3, context: new Float32Array(5) })).rejects.toThrow(EModelPredictFailed);
    await expect(model.forward({ batch: 0, contextLength: 3, context: new Float32Array(0) })).rejects.toThrow(EModelPredictFailed);
    await expect(model.forward({ batch: 1, contextLength: 2, context: Float32Array.of(1, Infinity) })).rejects.toThrow(EModelPredictFailed);
  });
});

describe('Chronos-Bolt checkpoint errors', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'bolt-ckpt-'));
  const config = JSON.parse(readFileSync(path.join(checkpointDir, 'config.json'), 'utf8'));
  const weights = readFileSync(path.join(checkpointDir, 'model.safetensors'));

  function checkpoint(name: string, files: { config?: unknown; weights?: Uint8Array | null }): string {
    const dir = mkdtempSync(path.join(tmp, `${name}-`));
    if (files.config !== undefined) writeFileSync(path.join(dir, 'config.json'), JSON.stringify(files.config));
    else copyFileSync(path.join(checkpointDir, 'config.json'), path.join(dir, 'config.json'));
    if (files.weights !== null) writeFileSync(path.join(dir, 'model.safetensors'), files.weights ?? weights);
    return dir;
  }

  /** The fixture's tensors, minus `drop`. */
  function reencoded(drop: string): Uint8Array {
    const st = SafetensorsFile.parse(weights);
    const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const k of st.keys()) if (k !== drop) tensors[k] = { shape: [...st.info(k).shape], data: st.float32(k).slice() };
    return encodeSafetensors(tensors);
  }

  async function loadError(dir: string): Promise<unknown> {
    try {
      const m = await loadChronosBoltModel(dir);
      await m.dispose();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  it('missing directory or weights file: ECheckpointNotFound naming the file', async () => {
    const err = await loadError(checkpoint('noweights', { weights: null }));
    expect(err).toBeInstanceOf(ECheckpointNotFound);
    expect(String((err as ECheckpointNotFound).context.file)).toMatch(/model\.safetensors$/);
    expect(await loadError(path.join(tmp, 'does-not-exist'))).toBeInstanceOf(ECheckpointNotFound);
  });

  it('truncated weights: ECheckpointCorrupt', async () => {
    const err = await loadError(checkpoint('truncated', { weights: weights.subarray(0, weights.length - 1000) }));
    expect(err).toBeInstanceOf(ECheckpointCorrupt);
  });

  it('a missing tensor: ECheckpointMismatch naming it', async () => {
    const missing = 'decoder.block.1.layer.1.EncDecAttention.k.weight';
    const err = await loadError(checkpoint('missing', { weights: reencoded(missing) }));
    expect(err).toBeInstanceOf(ECheckpointMismatch);
    expect((err as ECheckpointMismatch).context.tensor).toBe(missing);
  });

  it('weights that do not match config.json: ECheckpointMismatch with both shapes', async () => {
    const err = await loadError(checkpoint('mismatch', { config: { ...config, d_ff: 256 } }));
    expect(err).toBeInstanceOf(ECheckpointMismatch);
    expect((err as ECheckpointMismatch).context.expected).toEqual([256, 32]);
    expect((err as ECheckpointMismatch).context.shape).toEqual([128, 32]);
    const layers = await loadError(checkpoint('layers', { config: { ...config, num_decoder_layers: 4 } }));
    expect(layers).toBeInstanceOf(ECheckpointMismatch);
    expect((layers as ECheckpointMismatch).context.tensor).toMatch(/^decoder\.block\.3\./);
  });

  it('an invalid config.json: EConfigInvalid', async () => {
    expect(
      await loadError(checkpoint('badconfig', { config: { ...config, chronos_config: { ...config.chronos_config, quantiles: 'x' } } })),
    ).toBeInstanceOf(EConfigInvalid);
  });
});
