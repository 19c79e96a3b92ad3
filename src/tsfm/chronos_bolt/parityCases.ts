/**
 * Replays Chronos-Bolt golden cases (`test/fixtures/chronos_bolt/*.cases.json`, recorded from
 * upstream PyTorch) through our pipeline and model, and checks them with the fixtures' rule:
 * |got − want| ≤ rel·|want| + abs·s elementwise, s = population std of the non-null values of the
 * input series the element forecasts (0 with fewer than 2 values); shapes must match exactly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EArtifactInvalid } from '../../errors/index.js';
import type { BoltSeries } from './context.js';
import { ChronosBoltPipeline } from './pipeline.js';
import type { ChronosBoltModel } from './types.js';

type Nested = number | null | Nested[];

export type BoltPipelineInputs =
  | { type: 'tensor_1d'; series: (number | null)[] }
  | { type: 'tensor_2d'; array: (number | null)[][] }
  | { type: 'list_1d_tensors'; series: (number | null)[][] };

export interface BoltPipelineCase {
  name: string;
  level: 'pipeline';
  inputs: BoltPipelineInputs;
  prediction_length: number;
  quantile_levels: number[];
  outputs: { predict: Nested; quantiles: Nested; mean: Nested };
  output_shapes: Record<string, number[]>;
}

export interface BoltModelCase {
  name: string;
  level: 'model';
  inputs: { context: (number | null)[][] };
  outputs: { quantile_preds: Nested };
  output_shapes: Record<string, number[]>;
}

export type BoltCase = BoltPipelineCase | BoltModelCase;

export interface BoltCaseFile {
  family: 'chronos_bolt';
  checkpoint_dir: string;
  tolerance: { abs: number; rel: number };
  cases: BoltCase[];
}

/** One output array as our code produced it: flat row-major data and its shape. */
export interface ProducedArray {
  shape: number[];
  data: Float32Array;
}

export interface OutputCheck {
  key: string;
  shapeOk: boolean;
  wantShape: number[];
  gotShape: number[];
  /** max |got − want| over the array. */
  maxAbsError: number;
  /** max over elements of |got − want| / tolerance(element); ≤ 1 passes. */
  worstRatio: number;
  /** The tolerance at the element with the worst ratio. */
  toleranceAtWorst: number;
}

export interface CaseCheck {
  name: string;
  level: 'pipeline' | 'model';
  pass: boolean;
  outputs: OutputCheck[];
}

/** Reads a case file; also returns the absolute checkpoint directory it names. */
export function readBoltCaseFile(file: string): { caseFile: BoltCaseFile; checkpointDir: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new EArtifactInvalid(`Cannot read Chronos-Bolt case file ${file}`, { context: { file }, cause });
  }
  const c = parsed as Partial<BoltCaseFile>;
  if (c.family !== 'chronos_bolt' || typeof c.checkpoint_dir !== 'string' || !Array.isArray(c.cases) || !c.tolerance) {
    throw new EArtifactInvalid(`${file} is not a Chronos-Bolt case file`, { context: { file, family: c.family } });
  }
  return { caseFile: c as BoltCaseFile, checkpointDir: path.join(path.dirname(file), c.checkpoint_dir) };
}

/** The input series of a case, one per output row (the `s` of the tolerance rule comes from these). */
export function caseSeries(c: BoltCase): (number | null)[][] {
  if (c.level === 'model') return c.inputs.context;
  const inputs = c.inputs;
  switch (inputs.type) {
    case 'tensor_1d':
      return [inputs.series];
    case 'tensor_2d':
      return inputs.array;
    case 'list_1d_tensors':
      return inputs.series;
  }
}

/** The context as our pipeline takes it. */
function pipelineContext(inputs: BoltPipelineInputs): BoltSeries | BoltSeries[] {
  switch (inputs.type) {
    case 'tensor_1d':
      return toFloat64(inputs.series);
    case 'tensor_2d':
      return inputs.array.map(toFloat64);
    case 'list_1d_tensors':
      return inputs.series.map(toFloat64);
  }
}

function toFloat64(row: (number | null)[]): Float64Array {
  return Float64Array.from(row, (v) => (v === null ? NaN : v));
}

/** Population standard deviation of the non-null values; 0 with fewer than 2. */
export function seriesScale(series: (number | null)[]): number {
  const xs = series.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

/** Runs one case: pipeline cases call predict and predict_quantiles, model cases call forward. */
export async function runBoltCase(c: BoltCase, model: ChronosBoltModel): Promise<Record<string, ProducedArray>> {
  if (c.level === 'model') {
    const rows = c.inputs.context;
    const batch = rows.length;
    const length = rows[0]?.length ?? 0;
    const context = new Float32Array(batch * length);
    rows.forEach((r, b) => r.forEach((v, t) => (context[b * length + t] = v === null ? NaN : v)));
    const { quantilePreds } = await model.forward({ batch, contextLength: length, context });
    const { quantiles, prediction_length } = model.config.chronos_config;
    return { quantile_preds: { shape: [batch, quantiles.length, prediction_length], data: quantilePreds } };
  }
  const pipeline = new ChronosBoltPipeline(model);
  const context = pipelineContext(c.inputs);
  const predicted = await pipeline.predict(context, { predictionLength: c.prediction_length });
  const q = await pipeline.predictQuantiles(context, { predictionLength: c.prediction_length, quantileLevels: c.quantile_levels });
  return {
    predict: { shape: [predicted.batch, predicted.quantileLevels.length, predicted.predictionLength], data: predicted.values },
    quantiles: { shape: [q.batch, q.predictionLength, q.quantileLevels.length], data: q.quantiles },
    mean: { shape: [q.batch, q.predictionLength], data: q.mean },
  };
}

function flatten(x: Nested, out: number[]): void {
  if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else out.push(x === null ? NaN : x);
}

/** Compares produced outputs with a case's stored outputs under the file's tolerance. */
export function checkBoltCase(c: BoltCase, got: Record<string, ProducedArray>, tolerance: { abs: number; rel: number }): CaseCheck {
  const scales = caseSeries(c).map(seriesScale);
  const outputs: OutputCheck[] = [];
  for (const [key, wantShape] of Object.entries(c.output_shapes)) {
    const produced = got[key];
    const gotShape = produced?.shape ?? [];
    const shapeOk = produced !== undefined && gotShape.length === wantShape.length && gotShape.every((d, i) => d === wantShape[i]);
    const want: number[] = [];
    flatten((c.outputs as Record<string, Nested>)[key], want);
    let maxAbsError = shapeOk ? 0 : Infinity;
    let worstRatio = shapeOk ? 0 : Infinity;
    let toleranceAtWorst = NaN;
    if (shapeOk && produced.data.length === want.length) {
      const perSeries = want.length / wantShape[0];
      for (let i = 0; i < want.length; i++) {
        const s = scales[Math.floor(i / perSeries)];
        const tol = tolerance.rel * Math.abs(want[i]) + tolerance.abs * s;
        const diff = Math.abs(produced.data[i] - want[i]);
        const err = Number.isNaN(diff) ? Infinity : diff; // a NaN we produce is a failure
        const ratio = err === 0 ? 0 : err / tol;
        if (err > maxAbsError) maxAbsError = err;
        if (ratio > worstRatio) {
          worstRatio = ratio;
          toleranceAtWorst = tol;
        }
      }
    } else {
      maxAbsError = Infinity;
      worstRatio = Infinity;
    }
    outputs.push({ key, shapeOk, wantShape, gotShape, maxAbsError, worstRatio, toleranceAtWorst });
  }
  return { name: c.name, level: c.level, pass: outputs.every((o) => o.shapeOk && o.worstRatio <= 1), outputs };
}
