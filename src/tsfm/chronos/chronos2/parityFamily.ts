/**
 * Chronos-2 parity: pipeline cases replay `Chronos2Pipeline.predict` / `predict_quantiles` through
 * our pipeline; model cases call the raw model. Tolerance: the Chronos rule, with `s` taken from the
 * input series each element forecasts (fixtures README, "Series mapping").
 */
import { EParityFileInvalid } from '../../../errors/index.js';
import type { EngineOptions } from '../../engine/options.js';
import { chronosExpected, chronosTolerance } from '../parityFamily.js';
import type { ElementRef, ParityArray, ParityCase, ParityFamily, ParityOutput } from '../../parity/types.js';
import { Chronos2Pipeline, replayPipelineCalls } from './pipeline/index.js';
import type { Chronos2Model } from './types.js';

export type Chronos2Loader = (dir: string, options: EngineOptions) => Promise<Chronos2Model>;

type Row = ReadonlyArray<number | null>;

export function chronos2ParityFamily(load: Chronos2Loader): ParityFamily {
  return {
    family: 'chronos2',
    async open(dir, options) {
      const model = await load(dir, options);
      const pipeline = new Chronos2Pipeline(model);
      return {
        runCase: (c) => runChronos2Case(pipeline, c),
        dispose: () => model.dispose(),
      };
    },
    expected: chronosExpected,
    tolerance: (file, c) => chronosTolerance(file.tolerance, (ref, row) => chronos2SeriesOf(c, ref, row)),
  };
}

/** Our outputs for one case, keyed like the stored outputs. */
export async function runChronos2Case(pipeline: Chronos2Pipeline, c: ParityCase): Promise<Record<string, ParityOutput>> {
  const inputs = c['inputs'] as Record<string, unknown>;
  if (c.level === 'model') return { quantile_preds: await runModelCase(pipeline.model, inputs) };
  if (c.level !== 'pipeline') throw new EParityFileInvalid(`Case ${c.name} has unknown level ${JSON.stringify(c.level)}.`);
  const api = c['api'] as { calls?: unknown } | undefined;
  const out = await replayPipelineCalls(pipeline, inputs, api?.calls);
  const result: Record<string, ParityOutput> = {};
  if (out.predict)
    result['predict'] = out.predict.map((f) => ({ shape: [f.nVariates, f.quantileLevels.length, f.predictionLength], data: f.values }));
  if (out.quantiles) {
    result['quantiles'] = out.quantiles.map((q) => ({
      shape: [q.nVariates, q.predictionLength, q.quantileLevels.length],
      data: q.quantiles,
    }));
    result['mean'] = out.quantiles.map((q) => ({ shape: [q.nVariates, q.predictionLength], data: q.mean }));
  }
  return result;
}

async function runModelCase(model: Chronos2Model, inputs: Record<string, unknown>): Promise<ParityArray> {
  const context = inputs['context'] as Row[];
  const groupIds = inputs['group_ids'] as number[] | null;
  const future = inputs['future_covariates'] as Row[] | null;
  const numOutputPatches = inputs['num_output_patches'] as number;
  if (!Array.isArray(context) || context.length === 0 || !Number.isInteger(numOutputPatches)) {
    throw new EParityFileInvalid('A Chronos-2 model case needs inputs.context [B][T] and inputs.num_output_patches.');
  }
  const batch = context.length;
  const length = context[0].length;
  const H = numOutputPatches * model.config.chronos_config.output_patch_size;
  const { quantilePreds } = await model.forward({
    batch,
    contextLength: length,
    context: rowsToFloat32(context, length),
    groupIds: groupIds ? Int32Array.from(groupIds) : Int32Array.from({ length: batch }, (_, i) => i),
    futureCovariates: future ? rowsToFloat32(future, future[0].length) : null,
    numOutputPatches,
  });
  return { shape: [batch, model.config.chronos_config.quantiles.length, H], data: quantilePreds };
}

function rowsToFloat32(rows: readonly Row[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    if (r.length !== width)
      throw new EParityFileInvalid(`Ragged tensor in a model case: row ${i} has ${r.length} values, expected ${width}.`);
    r.forEach((v, t) => (out[i * width + t] = v === null ? Number.NaN : v));
  });
  return out;
}

/** The input series that output element `ref` (first-axis index `row`) forecasts. */
export function chronos2SeriesOf(c: ParityCase, ref: ElementRef, row: number): Row {
  const inputs = c['inputs'] as Record<string, any>;
  if (c.level === 'model') return inputs['context'][row];
  const item = ref.part ?? 0;
  switch (inputs['type']) {
    case 'list_1d':
    case 'list_mixed':
      return pickVariate(inputs['series'][item], row);
    case 'array_3d':
      return inputs['array'][item][row];
    case 'list_of_dicts':
      return pickVariate(inputs['items'][item].target, row);
    default:
      throw new EParityFileInvalid(`Unknown Chronos-2 input type ${JSON.stringify(inputs['type'])}.`);
  }
}

function pickVariate(target: Row | Row[], v: number): Row {
  return Array.isArray(target[0]) ? (target as Row[])[v] : (target as Row);
}
