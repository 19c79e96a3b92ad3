/**
 * A SageMaker request → our Panel and TaskSpec, with the endpoint's rules checked up front (so bad
 * input is a 4xx before any model runs): at least 5 observations per series, unique item ids,
 * `start` and `freq` together or not at all, covariate lengths, numeric covariates only.
 *
 * Without `start`/`freq` the series get a synthetic daily index from 2000-01-01 and no seasonality
 * (season length 1): the TSFMs do not use timestamps, and a statistical fallback must not invent a
 * weekly season for data whose frequency it was not told. A multivariate target becomes one panel
 * series per variate (`<id>#<k>`), forecast per variate.
 */
import { addPeriods, canonicalFreq, futureTimestamps, rollForward } from '../../data/frequency.js';
import type { FutureCovariates, Panel, Series } from '../../data/panel.js';
import { parseTimestampString } from '../../data/timestamps.js';
import {
  EContractDuplicateKey,
  EContractEmpty,
  EContractInvalidType,
  EFreqInvalid,
  ERequestInvalid,
  ERequestTooLarge,
  ESeriesTooShort,
} from '../../errors/index.js';
import type { TaskSpecInput } from '../../task/taskSpec.js';
import type { SageMakerInput, SageMakerRequest } from './schema.js';

/** The endpoint refuses shorter series (chronos-forecasting's deploy notebook). */
export const MIN_OBSERVATIONS = 5;
const SYNTHETIC_START = Date.UTC(2000, 0, 1);
const SYNTHETIC_FREQ = 'D';

export interface RequestLimits {
  readonly maxSeries: number;
  readonly maxPredictionLength: number;
  readonly maxObservations: number;
}

/** Where each input's forecast comes from in the panel, to assemble the response in input order. */
export interface InputLayout {
  readonly itemId: string | number | undefined;
  /** Panel series ids, one per variate. */
  readonly seriesIds: readonly string[];
  readonly multivariate: boolean;
  readonly hasStart: boolean;
}

export interface SageMakerTask {
  readonly panel: Panel;
  readonly spec: TaskSpecInput;
  readonly h: number;
  readonly quantileLevels: readonly number[];
  readonly layout: readonly InputLayout[];
  readonly freq: string;
}

export function checkRequestLimits(req: SageMakerRequest, limits: RequestLimits): void {
  if (req.inputs.length === 0) {
    throw new EContractEmpty('The request has no series: "inputs" is empty.', {
      context: { field: 'inputs' },
      fixHint: 'Send at least one series: {"inputs": [{"target": [1, 2, 3, 4, 5]}]}.',
    });
  }
  if (req.inputs.length > limits.maxSeries) {
    throw new ERequestTooLarge(
      `The request has ${req.inputs.length} series; this server accepts at most ${limits.maxSeries} per request.`,
      {
        context: { field: 'inputs', series: req.inputs.length, maxSeries: limits.maxSeries },
      },
    );
  }
  const h = req.parameters?.prediction_length ?? 1;
  if (h > limits.maxPredictionLength) {
    throw new ERequestInvalid(`prediction_length ${h} is over this server's limit of ${limits.maxPredictionLength}.`, {
      context: { field: 'parameters.prediction_length', value: h, max: limits.maxPredictionLength },
      fixHint: `Ask for at most ${limits.maxPredictionLength} steps (forecast longer horizons in several requests), or start the server with a larger --max-prediction-length.`,
    });
  }
  let observations = 0;
  for (const input of req.inputs) observations += countObservations(input);
  if (observations > limits.maxObservations) {
    throw new ERequestTooLarge(
      `The request holds ${observations} observations; this server accepts at most ${limits.maxObservations} per request.`,
      {
        context: { observations, maxObservations: limits.maxObservations },
      },
    );
  }
}

function countObservations(input: SageMakerInput): number {
  const t = input.target;
  return isMultivariate(t) ? t.reduce((n, v) => n + v.length, 0) : t.length;
}

function isMultivariate(target: SageMakerInput['target']): target is Array<Array<number | null>> {
  return Array.isArray(target[0]);
}

export function sageMakerTask(req: SageMakerRequest): SageMakerTask {
  const params = req.parameters ?? { prediction_length: 1, quantile_levels: [0.1, 0.5, 0.9] };
  const h = params.prediction_length;
  if (params.cross_learning === true || params.predict_batches_jointly === true) {
    throw new ERequestInvalid('cross_learning is not served: this server forecasts each series on its own.', {
      context: { field: 'parameters.cross_learning' },
      fixHint: 'Leave cross_learning out (or false).',
    });
  }
  const freq = params.freq !== undefined ? checkedFreq(params.freq) : undefined;
  const withStart = req.inputs.filter((i) => i.start !== undefined).length;
  if (freq !== undefined && withStart < req.inputs.length) {
    const first = req.inputs.findIndex((i) => i.start === undefined);
    throw new ERequestInvalid(`parameters.freq is set but inputs[${first}] has no start.`, {
      context: { field: `inputs[${first}].start` },
      fixHint: 'Give every input a "start" timestamp when sending "freq", or send neither.',
    });
  }
  if (freq === undefined && withStart > 0) {
    throw new ERequestInvalid('Inputs carry "start" but parameters.freq is missing.', {
      context: { field: 'parameters.freq' },
      fixHint: 'Add parameters.freq (a pandas alias such as "1h", "D", "W" or "MS"), or drop "start".',
    });
  }
  const effectiveFreq = freq ?? SYNTHETIC_FREQ;

  const series: Series[] = [];
  const future = new Map<string, FutureCovariates>();
  const layout: InputLayout[] = [];
  const past = new Set<string>();
  const known = new Set<string>();
  const seen = new Set<string>();
  req.inputs.forEach((input, i) => {
    const where = `inputs[${i}]`;
    const baseId = input.item_id !== undefined ? String(input.item_id) : `item_${i}`;
    const variates = isMultivariate(input.target) ? input.target : [input.target];
    const n = variates[0]?.length ?? 0;
    if (variates.some((v) => v.length !== n)) {
      throw new ERequestInvalid(`${where}.target: the variates of a multivariate series must have equal lengths.`, {
        context: { field: `${where}.target`, lengths: variates.map((v) => v.length) },
      });
    }
    const ds = timestamps(input, effectiveFreq, n, where);
    const covariates = numericCovariates(input.past_covariates, n, `${where}.past_covariates`);
    const futureValues = numericCovariates(input.future_covariates, h, `${where}.future_covariates`);
    for (const name of Object.keys(futureValues)) {
      if (!(name in covariates)) {
        throw new ERequestInvalid(`${where}.future_covariates.${name} has no past values.`, {
          context: { field: `${where}.future_covariates.${name}` },
          fixHint: 'Send every future covariate in past_covariates too (with one value per target observation).',
        });
      }
      known.add(name);
    }
    for (const name of Object.keys(covariates)) past.add(name);
    const ids: string[] = [];
    variates.forEach((values, k) => {
      const id = isMultivariate(input.target) ? `${baseId}#${k}` : baseId;
      if (seen.has(id)) {
        throw new EContractDuplicateKey(`item_id "${baseId}" appears more than once in the request.`, {
          context: { field: `${where}.item_id`, item_id: baseId },
          fixHint: 'Give every input a unique item_id (or none).',
        });
      }
      seen.add(id);
      const y = Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
      const observed = y.reduce((c, v) => c + (Number.isNaN(v) ? 0 : 1), 0);
      if (observed < MIN_OBSERVATIONS) {
        throw new ESeriesTooShort(`${where}.target has ${observed} observed values; at least ${MIN_OBSERVATIONS} are needed.`, {
          context: { field: `${where}.target`, observed, minimum: MIN_OBSERVATIONS },
          fixHint: `Send at least ${MIN_OBSERVATIONS} (preferably 30 or more) non-null observations per series.`,
        });
      }
      series.push({ id, ds, y, covariates });
      if (Object.keys(futureValues).length > 0) future.set(id, { ds: futureTimestamps(ds[n - 1], effectiveFreq, h), values: futureValues });
      ids.push(id);
    });
    layout.push({ itemId: input.item_id, seriesIds: ids, multivariate: isMultivariate(input.target), hasStart: input.start !== undefined });
  });
  series.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pastOnly = [...past].filter((n) => !known.has(n)).sort();
  const panel: Panel = {
    series,
    freq: effectiveFreq,
    covariates: { past: pastOnly, futureKnown: [...known].sort(), static: [] },
    ...(future.size > 0 ? { future } : {}),
  };
  const quantileLevels = [...params.quantile_levels];
  const spec: TaskSpecInput = {
    h,
    freq: effectiveFreq,
    quantiles: quantileLevels,
    levels: [],
    ...(freq === undefined ? { seasonLength: 1 } : {}),
  };
  return { panel, spec, h, quantileLevels, layout, freq: effectiveFreq };
}

function checkedFreq(alias: string): string {
  try {
    return canonicalFreq(alias);
  } catch {
    throw new EFreqInvalid(`parameters.freq "${alias}" is not a frequency alias this server knows.`, {
      context: { field: 'parameters.freq', freq: alias },
    });
  }
}

function timestamps(input: SageMakerInput, freq: string, n: number, where: string): Float64Array {
  let first = SYNTHETIC_START;
  if (input.start !== undefined) {
    try {
      first = parseTimestampString(input.start);
    } catch {
      first = Number.NaN;
    }
    if (!Number.isFinite(first)) {
      throw new EContractInvalidType(`${where}.start "${input.start}" is not a timestamp.`, {
        context: { field: `${where}.start` },
        fixHint: 'Use ISO format: YYYY-MM-DD or YYYY-MM-DDThh:mm:ss.',
      });
    }
    // pandas date_range(start, freq=…) starts at the first on-offset date (e.g. month start for MS).
    first = rollForward(first, freq);
  }
  const ds = new Float64Array(n);
  for (let t = 0; t < n; t++) ds[t] = t === 0 ? first : addPeriods(first, freq, t);
  return ds;
}

function numericCovariates(
  values: Record<string, Array<number | null> | string[]> | undefined,
  length: number,
  where: string,
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, column] of Object.entries(values ?? {})) {
    if (column.some((v) => typeof v === 'string')) {
      throw new ERequestInvalid(`${where}.${name} holds strings: categorical covariates are not supported by this server yet.`, {
        context: { field: `${where}.${name}` },
        fixHint: 'Encode the categories as numbers (e.g. one 0/1 covariate per category) or leave the covariate out.',
      });
    }
    if (column.length !== length) {
      throw new ERequestInvalid(`${where}.${name} has ${column.length} values; ${length} are needed.`, {
        context: { field: `${where}.${name}`, length: column.length, expected: length },
        fixHint: 'past_covariates need one value per target observation; future_covariates one per forecast step (prediction_length).',
      });
    }
    out[name] = Float64Array.from(column as Array<number | null>, (v) => (v === null ? Number.NaN : v));
  }
  return out;
}
