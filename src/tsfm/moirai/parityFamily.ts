/**
 * Moirai 2.0 parity family for `tsagentkit parity` (fixtures README, moirai2 section): pipeline cases
 * replay `Moirai2Forecast.predict` (ragged per-series arrays) or `.forward` (batched tensors), model
 * cases call the module on packed tensors and compare its de-scaled and scaled outputs and the
 * scaler's loc/scale. Tolerance: |got − want| ≤ max(abs, rel·M), M = max|want| over that array.
 */
import { EParityFileInvalid } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import { flattenNested, nestedShape, type Nested } from '../parity/compare.js';
import type { ParityArray, ParityCase, ParityFamily, ParityOutput, ToleranceFn } from '../parity/types.js';
import { moirai2Forward, moirai2Predict, type Moirai2BatchInput, type Moirai2Series } from './pipeline/index.js';
import type { Moirai2Model, Moirai2Packed } from './types.js';
import { openModelSession } from '../parity/session.js';

export type Moirai2Loader = (dir: string, options: EngineOptions) => Promise<Moirai2Model>;

interface StoredTensor {
  dtype: string;
  shape: number[];
  data: Nested;
}

/** The float arrays a model case compares, by output path. */
const MODEL_OUTPUTS = [
  'preds',
  'training_mode_true.preds_scaled',
  'training_mode_true.scaled_target',
  'scaler_loc',
  'scaler_scale',
] as const;

export function moirai2ParityFamily(load: Moirai2Loader): ParityFamily {
  return {
    family: 'moirai2',
    open: openModelSession(load, runMoirai2Case),
    expected: moirai2Expected,
    tolerance: (file, c) => {
      const { abs, rel } = file.tolerance;
      const maxAbs = new Map<string, number>();
      for (const [key, out] of Object.entries(moirai2Expected(c))) {
        const data = (out as ParityArray).data;
        let m = 0;
        for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
        maxAbs.set(key, m);
      }
      const fn: ToleranceFn = (ref) => Math.max(abs, rel * (maxAbs.get(ref.key) ?? 0));
      return fn;
    },
  };
}

export function tensorOf(x: unknown, where: string): StoredTensor {
  const t = x as StoredTensor | undefined;
  if (!t || typeof t !== 'object' || !Array.isArray(t.shape) || t.data === undefined) {
    throw new EParityFileInvalid(`${where} is not a stored tensor {dtype, shape, data}.`, { context: { where } });
  }
  return t;
}

function pick(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function asArray(t: StoredTensor): ParityArray {
  return { shape: t.shape, data: Float64Array.from(flattenNested(t.data)) };
}

export function moirai2Expected(c: ParityCase): Record<string, ParityOutput> {
  const outputs = c['outputs'] as Record<string, unknown> | undefined;
  if (!outputs) throw new EParityFileInvalid(`Case ${c.name} has no outputs.`, { context: { case: c.name } });
  if (c.level === 'model') {
    return Object.fromEntries(MODEL_OUTPUTS.map((k) => [k, asArray(tensorOf(pick(outputs, k), `${c.name}.outputs.${k}`))]));
  }
  const quantiles = outputs['quantiles'] as Nested;
  const shape = (outputs['shape'] as number[] | undefined) ?? nestedShape(quantiles);
  return { quantiles: { shape, data: Float64Array.from(flattenNested(quantiles)) } };
}

/** Our outputs for one case, keyed like the stored outputs. */
export async function runMoirai2Case(model: Moirai2Model, c: ParityCase): Promise<Record<string, ParityOutput>> {
  const inputs = c['inputs'] as Record<string, unknown>;
  if (c.level === 'model') return runModelCase(model, c.name, inputs);
  if (c.level !== 'pipeline') throw new EParityFileInvalid(`Case ${c.name} has unknown level ${JSON.stringify(c.level)}.`);
  const api = c['api'] as { function?: string; kwargs?: Record<string, number> } | undefined;
  const kw = api?.kwargs ?? {};
  const predictionLength = kw['prediction_length'];
  const contextLength = kw['context_length'];
  const targetDim = kw['target_dim'];
  const fn = api?.function ?? '';
  let result;
  if (fn.endsWith('Moirai2Forecast.predict')) {
    result = await moirai2Predict(
      model,
      {
        pastTarget: inputs['past_target'] as Moirai2Series[],
        featDynamicReal: (inputs['feat_dynamic_real'] as Moirai2Series[] | undefined) ?? null,
        pastFeatDynamicReal: (inputs['past_feat_dynamic_real'] as Moirai2Series[] | undefined) ?? null,
      },
      { predictionLength, contextLength, targetDim },
    );
  } else if (fn.includes('Moirai2Forecast.forward')) {
    result = await moirai2Forward(model, forwardInput(c.name, inputs, predictionLength, contextLength, targetDim));
  } else {
    throw new EParityFileInvalid(`Case ${c.name}: unknown api.function ${JSON.stringify(fn)}.`, { context: { case: c.name } });
  }
  return { quantiles: { shape: result.shape, data: result.values } };
}

function floats(t: StoredTensor): Float32Array {
  return Float32Array.from(flattenNested(t.data));
}

function flags(t: StoredTensor): Uint8Array {
  return Uint8Array.from(flattenNested(t.data as Nested), (v) => (v ? 1 : 0));
}

function ints(t: StoredTensor): Int32Array {
  return Int32Array.from(flattenNested(t.data));
}

export function forwardInput(name: string, inputs: Record<string, unknown>, h: number, T: number, D: number): Moirai2BatchInput {
  const past = tensorOf(inputs['past_target'], `${name}.inputs.past_target`);
  const covariate = (values: string, observed: string) => {
    if (inputs[values] === undefined) return null;
    const v = tensorOf(inputs[values], `${name}.inputs.${values}`);
    return {
      dim: v.shape[v.shape.length - 1],
      values: floats(v),
      observed: flags(tensorOf(inputs[observed], `${name}.inputs.${observed}`)),
    };
  };
  return {
    batch: past.shape[0],
    contextLength: T,
    predictionLength: h,
    targetDim: D,
    pastTarget: floats(past),
    pastObservedTarget: flags(tensorOf(inputs['past_observed_target'], `${name}.inputs.past_observed_target`)),
    pastIsPad: flags(tensorOf(inputs['past_is_pad'], `${name}.inputs.past_is_pad`)),
    featDynamicReal: covariate('feat_dynamic_real', 'observed_feat_dynamic_real'),
    pastFeatDynamicReal: covariate('past_feat_dynamic_real', 'past_observed_feat_dynamic_real'),
  };
}

async function runModelCase(model: Moirai2Model, name: string, inputs: Record<string, unknown>): Promise<Record<string, ParityOutput>> {
  const t = (k: string) => tensorOf(inputs[k], `${name}.inputs.${k}`);
  const target = t('target');
  const [batch, seq, patch] = target.shape;
  const packed: Moirai2Packed = {
    batch,
    seq,
    target: floats(target),
    observed: flags(t('observed_mask')),
    sampleId: ints(t('sample_id')),
    timeId: ints(t('time_id')),
    variateId: ints(t('variate_id')),
    predictionMask: flags(t('prediction_mask')),
  };
  const out = await model.forwardDebug(packed);
  const width = out.preds.length / (batch * seq);
  return {
    preds: { shape: [batch, seq, width], data: out.preds },
    'training_mode_true.preds_scaled': { shape: [batch, seq, width], data: out.predsScaled },
    'training_mode_true.scaled_target': { shape: [batch, seq, patch], data: out.scaledTarget },
    scaler_loc: { shape: [batch, seq, 1], data: out.loc },
    scaler_scale: { shape: [batch, seq, 1], data: out.scale },
  };
}
