/**
 * Replays recorded upstream calls (the `inputs` and `kwargs` of a fixture case, see the fixtures
 * README, chronos2 section) through our typed pipeline API: maps upstream's input forms and
 * snake_case kwargs to ours, runs `predict` and `predict_quantiles`, and returns their outputs as
 * nested arrays in upstream's layout.
 */
import { EParityFileInvalid } from '../../../../errors/index.js';
import type { Chronos2DictItem, Chronos2Inputs, SeriesLike } from './inputs.js';
import type { Chronos2Forecast, Chronos2Pipeline, Chronos2PredictOptions, Chronos2QuantileForecast } from './pipeline.js';

type Json = unknown;

/** Upstream input forms as stored in case files (`null` = NaN). */
export function caseInputsToPipeline(inputs: Json): Chronos2Inputs {
  const obj = asObject(inputs, 'inputs');
  switch (obj['type']) {
    case 'list_1d':
    case 'list_mixed':
      return asArray(obj['series'], 'inputs.series') as Chronos2Inputs;
    case 'array_3d': {
      const array = asArray(obj['array'], 'inputs.array') as number[][][];
      const b = array.length;
      const v = b > 0 ? array[0].length : 0;
      const t = v > 0 ? array[0][0].length : 0;
      const data = new Float64Array(b * v * t);
      array.forEach((item, i) =>
        item.forEach((row, j) => {
          if (row.length !== t) throw new EParityFileInvalid(`inputs.array[${i}][${j}] has ${row.length} steps, expected ${t}.`);
          row.forEach((x, k) => (data[(i * v + j) * t + k] = x === null ? Number.NaN : x));
        }),
      );
      return { shape: [b, v, t], data };
    }
    case 'list_of_dicts':
      return asArray(obj['items'], 'inputs.items').map((raw, i) => {
        const item = asObject(raw, `inputs.items[${i}]`);
        const out: { -readonly [K in keyof Chronos2DictItem]: Chronos2DictItem[K] } = { target: item['target'] as SeriesLike };
        if (item['past_covariates'] !== undefined) out.pastCovariates = item['past_covariates'] as Record<string, SeriesLike>;
        if (item['future_covariates'] !== undefined) out.futureCovariates = item['future_covariates'] as Record<string, SeriesLike | null>;
        return out;
      });
    default:
      throw new EParityFileInvalid(`Unknown Chronos-2 input type ${JSON.stringify(obj['type'])}.`, { context: { type: obj['type'] } });
  }
}

/** Upstream kwargs of `predict` / `predict_quantiles` → our options. Unknown kwargs are rejected. */
export function caseKwargsToOptions(kwargs: Json): Chronos2PredictOptions & { quantileLevels?: number[] } {
  const k = asObject(kwargs ?? {}, 'kwargs');
  const map: Record<string, string> = {
    prediction_length: 'predictionLength',
    batch_size: 'batchSize',
    context_length: 'contextLength',
    cross_learning: 'crossLearning',
    limit_prediction_length: 'limitPredictionLength',
    max_output_patches: 'maxOutputPatches',
    unrolled_quantiles: 'unrolledQuantiles',
    quantile_levels: 'quantileLevels',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(k)) {
    const name = map[key];
    if (!name) throw new EParityFileInvalid(`Unsupported Chronos2Pipeline kwarg "${key}".`, { context: { kwarg: key } });
    out[name] = value;
  }
  return out as Chronos2PredictOptions & { quantileLevels?: number[] };
}

export interface ReplayedOutputs {
  /** From `predict`: per item [nVariates, 21, h]. */
  predict?: Chronos2Forecast[];
  /** From `predict_quantiles`: per item quantiles [nVariates, h, nLevels] and mean [nVariates, h]. */
  quantiles?: Chronos2QuantileForecast[];
}

/**
 * Runs the case's recorded calls (`api.calls`). When `predict_quantiles` has the same kwargs as
 * `predict` apart from `quantile_levels`, it reuses predict's forecasts instead of running the
 * model again (its post-processing is applied to the same numbers upstream would compute).
 */
export async function replayPipelineCalls(pipeline: Chronos2Pipeline, inputs: Json, calls: Json): Promise<ReplayedOutputs> {
  const out: ReplayedOutputs = {};
  const pipelineInputs = caseInputsToPipeline(inputs);
  let last: { key: string; forecasts: Chronos2Forecast[] } | undefined;
  for (const [i, raw] of asArray(calls, 'api.calls').entries()) {
    const call = asObject(raw, `api.calls[${i}]`);
    const { quantileLevels, ...options } = caseKwargsToOptions(call['kwargs']);
    const key = JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));
    const forecasts = last && last.key === key ? last.forecasts : await pipeline.predict(pipelineInputs, options);
    last = { key, forecasts };
    if (call['fn'] === 'Chronos2Pipeline.predict') {
      if (quantileLevels !== undefined) throw new EParityFileInvalid('predict takes no quantile_levels.');
      out.predict = forecasts;
    } else if (call['fn'] === 'Chronos2Pipeline.predict_quantiles') {
      out.quantiles = pipeline.toQuantileForecasts(forecasts, quantileLevels ?? [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    } else {
      throw new EParityFileInvalid(`Unsupported call ${JSON.stringify(call['fn'])}.`, { context: { fn: call['fn'] } });
    }
  }
  return out;
}

export function forecastToNested(fc: Chronos2Forecast): number[][][] {
  const Q = fc.quantileLevels.length;
  const H = fc.predictionLength;
  return range(fc.nVariates).map((v) => range(Q).map((k) => Array.from(fc.values.subarray((v * Q + k) * H, (v * Q + k + 1) * H))));
}

export function quantilesToNested(fc: Chronos2QuantileForecast): number[][][] {
  const n = fc.quantileLevels.length;
  const H = fc.predictionLength;
  return range(fc.nVariates).map((v) => range(H).map((h) => Array.from(fc.quantiles.subarray((v * H + h) * n, (v * H + h + 1) * n))));
}

export function meanToNested(fc: Chronos2QuantileForecast): number[][] {
  const H = fc.predictionLength;
  return range(fc.nVariates).map((v) => Array.from(fc.mean.subarray(v * H, (v + 1) * H)));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function asObject(x: Json, where: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    throw new EParityFileInvalid(`${where} must be an object.`, { context: { where } });
  return x as Record<string, unknown>;
}

function asArray(x: Json, where: string): unknown[] {
  if (!Array.isArray(x)) throw new EParityFileInvalid(`${where} must be a list.`, { context: { where } });
  return x;
}
