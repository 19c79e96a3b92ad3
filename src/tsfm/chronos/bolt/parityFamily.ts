/**
 * Chronos-Bolt parity family for `tsagentkit parity`: pipeline cases replay
 * `ChronosBoltPipeline.predict` and `predict_quantiles` through our pipeline, model cases call the
 * raw model. Tolerance: the Chronos rule, with `s` from the input series each output row forecasts
 * (fixtures README, "Series mapping": `inputs.series` for tensor_1d, `inputs.array[b]` for
 * tensor_2d, `inputs.series[b]` for list_1d_tensors, `inputs.context[b]` for model cases).
 */
import { EParityFileInvalid } from '../../../errors/index.js';
import type { EngineOptions } from '../../engine/options.js';
import { chronosExpected, chronosTolerance } from '../parityFamily.js';
import type { ParityCase, ParityFamily, ParityOutput } from '../../parity/types.js';
import type { BoltContextInput } from './pipeline/context.js';
import { ChronosBoltPipeline } from './pipeline/pipeline.js';
import type { ChronosBoltModel } from './types.js';
import { openModelSession } from '../../parity/session.js';

type Row = ReadonlyArray<number | null>;

export type ChronosBoltLoader = (dir: string, options: EngineOptions) => Promise<ChronosBoltModel>;

export function chronosBoltParityFamily(load: ChronosBoltLoader): ParityFamily {
  return {
    family: 'chronos_bolt',
    open: openModelSession(load, runChronosBoltCase),
    expected: chronosExpected,
    tolerance: (file, c) => chronosTolerance(file.tolerance, (_ref, row) => chronosBoltSeriesOf(c, row)),
  };
}

/** Our outputs for one case, keyed like the stored outputs. */
export async function runChronosBoltCase(model: ChronosBoltModel, c: ParityCase): Promise<Record<string, ParityOutput>> {
  const inputs = c['inputs'] as Record<string, unknown>;
  const { quantiles: levels, prediction_length: native } = model.config.chronos_config;
  if (c.level === 'model') {
    const rows = inputs['context'] as Row[];
    if (!Array.isArray(rows) || rows.length === 0) throw new EParityFileInvalid(`Model case ${c.name} needs inputs.context [B][T].`);
    const length = rows[0].length;
    const context = new Float32Array(rows.length * length);
    rows.forEach((r, b) => {
      if (r.length !== length)
        throw new EParityFileInvalid(`Ragged context in model case ${c.name}: row ${b} has ${r.length} values, expected ${length}.`);
      r.forEach((v, t) => (context[b * length + t] = v === null ? Number.NaN : v));
    });
    const { quantilePreds } = await model.forward({ batch: rows.length, contextLength: length, context });
    return { quantile_preds: { shape: [rows.length, levels.length, native], data: quantilePreds } };
  }
  if (c.level !== 'pipeline') throw new EParityFileInvalid(`Case ${c.name} has unknown level ${JSON.stringify(c.level)}.`);
  const pipeline = new ChronosBoltPipeline(model);
  const context = pipelineContext(inputs);
  const predictionLength = c['prediction_length'] as number;
  const quantileLevels = c['quantile_levels'] as number[];
  const predicted = await pipeline.predict(context, { predictionLength });
  const q = await pipeline.predictQuantiles(context, { predictionLength, quantileLevels });
  return {
    predict: { shape: [predicted.batch, predicted.quantileLevels.length, predicted.predictionLength], data: predicted.values },
    quantiles: { shape: [q.batch, q.predictionLength, q.quantileLevels.length], data: q.quantiles },
    mean: { shape: [q.batch, q.predictionLength], data: q.mean },
  };
}

/** The pipeline input as upstream received it (float64 tensors; null = NaN). */
function pipelineContext(inputs: Record<string, unknown>): BoltContextInput {
  const toF64 = (r: Row) => Float64Array.from(r, (v) => (v === null ? Number.NaN : v));
  switch (inputs['type']) {
    case 'tensor_1d':
      return toF64(inputs['series'] as Row);
    case 'tensor_2d':
      return (inputs['array'] as Row[]).map(toF64);
    case 'list_1d_tensors':
      return (inputs['series'] as Row[]).map(toF64);
    default:
      throw new EParityFileInvalid(`Unknown Chronos-Bolt input type ${JSON.stringify(inputs['type'])}.`);
  }
}

/** The input series that output row `row` (first axis) forecasts. */
export function chronosBoltSeriesOf(c: ParityCase, row: number): Row {
  const inputs = c['inputs'] as Record<string, any>;
  if (c.level === 'model') return inputs['context'][row];
  switch (inputs['type']) {
    case 'tensor_1d':
      return inputs['series'];
    case 'tensor_2d':
      return inputs['array'][row];
    case 'list_1d_tensors':
      return inputs['series'][row];
    default:
      throw new EParityFileInvalid(`Unknown Chronos-Bolt input type ${JSON.stringify(inputs['type'])}.`);
  }
}
