/**
 * TimesFM 2.5 parity family for `tsagentkit parity`: pipeline cases replay upstream's
 * `compile(ForecastConfig(...))` + `forecast(horizon, inputs)` through our pipeline; model cases
 * call the network (`forward` on the debug graph) or `decode`. Error cases pass when our code
 * rejects the call at the same stage (compile or forecast) with a typed bad-input error, the kind
 * upstream's ValueError is. Tolerance: `max(abs, rel·M)`, M = max|want| per series (pipeline) or
 * per tensor over the compared entries (model; entries of fully masked patches are not compared).
 */
import { EParityFileInvalid, ETSFMForecastConfigInvalid, ETSFMInputInvalid, TSAgentKitError } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import { flattenNested, type Nested } from '../parity/compare.js';
import type { ElementRef, ParityArray, ParityCase, ParityFamily, ParityOutput, ToleranceFn } from '../parity/types.js';
import { decode } from './model/decode.js';
import type { TimesFMOnnxModel } from './model/load.js';
import { forecastConfigFromSnakeCase } from './pipeline/forecastConfig.js';
import { TimesFM2p5Pipeline } from './pipeline/pipeline.js';

export type TimesFMLoader = (dir: string, options: EngineOptions & { debugOutputs?: boolean }) => Promise<TimesFMOnnxModel>;

interface StoredTensor {
  dtype: string;
  shape: number[];
  data: Nested;
}

type Stage = 'compile' | 'forecast';
/** The stage at which each error of a replayed case was thrown. */
const stageOf = new WeakMap<object, Stage>();

/** upstream ValueError ↔ our typed rejections of bad options or inputs. */
const VALUE_ERROR_CODES = new Set([ETSFMForecastConfigInvalid.code, ETSFMInputInvalid.code]);

export function timesfmParityFamily(load: TimesFMLoader): ParityFamily {
  return {
    family: 'timesfm2p5',
    async open(dir, options) {
      const model = await load(dir, options);
      let debugModel: TimesFMOnnxModel | null = null;
      const debug = async () => (debugModel ??= await load(dir, { ...options, debugOutputs: true }));
      return {
        runCase: (c) => runTimesFMCase(model, debug, c),
        dispose: async () => {
          await model.dispose();
          await debugModel?.dispose();
        },
      };
    },
    expected: timesfmExpected,
    tolerance: (file, c) =>
      timesfmTolerance(c, (c.level === 'model' ? file.tolerance['model_level'] : file.tolerance) as { abs: number; rel: number }),
    acceptsError(c, error) {
      const expected = c['expected_error'] as { type: string } | undefined;
      const api = c['api'] as { error_stage?: Stage };
      if (!expected || !(error instanceof TSAgentKitError)) return false;
      const kindOk = expected.type === 'ValueError' && VALUE_ERROR_CODES.has(error.code);
      return kindOk && stageOf.get(error) === api.error_stage;
    },
  };
}

function tensor(t: StoredTensor): ParityArray {
  return { shape: t.shape, data: Float64Array.from(flattenNested(t.data)) };
}

/** The stored outputs; an error case has none (it passes through `acceptsError`). */
export function timesfmExpected(c: ParityCase): Record<string, ParityOutput> {
  const outputs = c['outputs'] as Record<string, StoredTensor> | null;
  if (outputs === null && c['expected_error']) return {};
  if (!outputs) throw new EParityFileInvalid(`Case ${c.name} has no outputs.`, { context: { case: c.name } });
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, tensor(v)]));
}

function toFloat32(t: StoredTensor): Float32Array {
  return Float32Array.from(flattenNested(t.data));
}

function toMask(t: StoredTensor): Uint8Array {
  return Uint8Array.from(flattenNested(t.data), (v) => (v ? 1 : 0));
}

async function runTimesFMCase(
  model: TimesFMOnnxModel,
  debugModel: () => Promise<TimesFMOnnxModel>,
  c: ParityCase,
): Promise<Record<string, ParityOutput>> {
  const inputs = c['inputs'] as unknown;
  if (c.level === 'model') {
    const rec = inputs as Record<string, StoredTensor | number>;
    const x = rec['inputs'] as StoredTensor;
    const masks = rec['masks'] as StoredTensor;
    if (c.name === 'model_forward_no_cache' || rec['horizon'] === undefined) {
      const [batch, patches, p] = x.shape;
      const m = await debugModel();
      if (p !== m.dims.p) throw new EParityFileInvalid(`Model case ${c.name}: patches of ${p} values, the checkpoint uses ${m.dims.p}.`);
      const out = await m.forwardDebug({ batch, patches, inputs: toFloat32(x), masks: toMask(masks) });
      const { o, os, q } = m.dims;
      return {
        input_embeddings: { shape: [batch, patches, m.dims.modelDims], data: out.inputEmbeddings },
        output_embeddings: { shape: [batch, patches, m.dims.modelDims], data: out.outputEmbeddings },
        output_ts: { shape: [batch, patches, o * q], data: out.outputTs },
        output_quantile_spread: { shape: [batch, patches, os * q], data: out.quantileSpread },
      };
    }
    const horizon = rec['horizon'] as number;
    const [batch] = x.shape;
    const d = await decode(model, horizon, batch, toFloat32(x), toMask(masks), { allPatches: true });
    const { o, os, q } = model.dims;
    const result: Record<string, ParityOutput> = {
      renormed_outputs: { shape: [batch, d.patches, o, q], data: d.renormedOutputs },
      renormed_quantile_spread: { shape: [batch, os, q], data: d.renormedQuantileSpread },
    };
    if (d.arOutputs) result['ar_outputs'] = { shape: [batch, d.steps, o, q], data: d.arOutputs };
    return result;
  }
  if (c.level !== 'pipeline') throw new EParityFileInvalid(`Case ${c.name} has unknown level ${JSON.stringify(c.level)}.`);

  const api = c['api'] as { forecast_config: Record<string, unknown> };
  const series = (inputs as Array<Array<number | null>>).map((s) => Float64Array.from(s, (v) => (v === null ? Number.NaN : v)));
  const pipeline = new TimesFM2p5Pipeline(model);
  const staged = async <T>(stage: Stage, fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (typeof error === 'object' && error !== null) stageOf.set(error, stage);
      throw error;
    }
  };
  await staged('compile', () => pipeline.compile(forecastConfigFromSnakeCase(api.forecast_config)));
  const f = await staged('forecast', () => pipeline.forecast(c['horizon'] as number, series));
  if (c['expected_error']) {
    throw new EParityFileInvalid(`Case ${c.name}: upstream raised ${JSON.stringify(c['expected_error'])} but our forecast succeeded.`);
  }
  return {
    point: { shape: [f.series, f.length], data: f.point },
    quantiles: { shape: [f.series, f.length, f.channels], data: f.quantiles },
  };
}

/** Fully masked leading patches of each row of a model case (not compared). */
function maskedPatches(c: ParityCase): number[] | null {
  if (c.level !== 'model') return null;
  const masks = (c['inputs'] as Record<string, StoredTensor>)['masks'];
  const rows = masks.shape[0];
  const p = masks.shape.length === 3 ? masks.shape[2] : 32;
  const flat = flattenNested(masks.data);
  const perRow = flat.length / rows;
  return Array.from({ length: rows }, (_, b) => {
    let n = 0;
    for (let i = 0; i < perRow / p; i++) if (flat[b * perRow + i * p + p - 1]) n++;
    return n;
  });
}

const MASKED_KEYS = new Set(['output_embeddings', 'output_ts', 'output_quantile_spread', 'renormed_outputs']);

export function timesfmTolerance(c: ParityCase, tol: { abs: number; rel: number }): ToleranceFn {
  const stored = timesfmExpected(c);
  const masked = maskedPatches(c);
  /** Whether an element is compared: not in a fully masked patch of a model case. */
  const compared = (ref: Pick<ElementRef, 'key' | 'index' | 'shape'>): boolean => {
    if (!masked || !MASKED_KEYS.has(ref.key)) return true;
    const perRow = ref.shape.slice(1).reduce((a, b) => a * b, 1);
    const perPatch = ref.shape.slice(2).reduce((a, b) => a * b, 1);
    const row = Math.floor(ref.index / perRow);
    const patch = Math.floor((ref.index % perRow) / perPatch);
    return patch >= (masked[row] ?? 0);
  };
  const scale = new Map<string, number>();
  const scaleOf = (ref: ElementRef): number => {
    // Pipeline: M per series (first axis); model: M per tensor over its compared entries.
    const perRow = ref.shape.slice(1).reduce((a, b) => a * b, 1);
    const row = c.level === 'model' ? -1 : Math.floor(ref.index / perRow);
    const key = `${ref.key}|${row}`;
    let m = scale.get(key);
    if (m === undefined) {
      const want = stored[ref.key] as ParityArray;
      m = 0;
      const from = row < 0 ? 0 : row * perRow;
      const to = row < 0 ? want.data.length : from + perRow;
      for (let i = from; i < to; i++) if (compared({ key: ref.key, index: i, shape: ref.shape })) m = Math.max(m, Math.abs(want.data[i]));
      scale.set(key, m);
    }
    return m;
  };
  return (ref) => (compared(ref) ? Math.max(tol.abs, tol.rel * scaleOf(ref)) : Infinity);
}
