/**
 * A checkpoint with random weights in a family's released layout (config.json + model.safetensors),
 * for what must run a real-size or real-layout model where no weights may be downloaded: the
 * performance benchmarks (real sizes, the PyTorch anchor's recipe) and `tsagentkit bench session`
 * after a plain `npm install` (a small one). The family supplies the config and its expected tensor
 * shapes; this module supplies the weights, the same way for every family:
 * N(0, 1/fan_in) for matrices, 1 + 0.1·N for norm gains, 0.02·N for biases, drawn from a seeded
 * xorshift32 + Box–Muller stream in tensor order, so a seed always gives the same file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors, type SafetensorsWriteEntry } from './safetensors.js';

/** How a tensor is initialised. */
export type RandomInit = 'weight' | 'gain' | 'bias';

export interface RandomCheckpointSpec {
  /** The config.json to write, as the family's released checkpoints spell it. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Tensor name → shape, e.g. a family's `expectedShapes(config)`. */
  readonly shapes: ReadonlyMap<string, readonly number[]> | Iterable<readonly [string, readonly number[]]>;
  /** Which tensors are norm gains or biases; everything else is a weight matrix. */
  readonly initOf: (name: string) => RandomInit;
  /** Seed of the random stream. */
  readonly seed: number;
  /** Write tensors in name order instead of the shapes' order (changes which draws a tensor gets). */
  readonly sortByName?: boolean | undefined;
}

export interface RandomCheckpoint {
  readonly dir: string;
  /** Bytes of model.safetensors. */
  readonly bytes: number;
  readonly params: number;
}

/** xorshift32 + Box–Muller: N(0, 1), fast enough for hundreds of millions of values. */
export function gaussian(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = ((s >>> 0) + 1) / 4294967297;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const v = ((s >>> 0) + 1) / 4294967297;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Writes `dir/config.json` and `dir/model.safetensors` (tensors streamed one at a time). */
export function writeRandomCheckpoint(dir: string, spec: RandomCheckpointSpec): RandomCheckpoint {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(spec.config, null, 2));
  const gauss = gaussian(spec.seed);
  let tensors = [...spec.shapes].map(([name, shape]): [string, number[]] => [name, [...shape]]);
  if (spec.sortByName) tensors = tensors.sort(([a], [b]) => (a < b ? -1 : 1));
  let params = 0;
  const entries: SafetensorsWriteEntry[] = tensors.map(([name, shape]) => ({
    name,
    shape,
    data: () => {
      const n = shape.reduce((x, y) => x * y, 1);
      params += n;
      const out = new Float32Array(n);
      const init = spec.initOf(name);
      if (init === 'gain') for (let i = 0; i < n; i++) out[i] = 1 + 0.1 * gauss();
      else if (init === 'bias') for (let i = 0; i < n; i++) out[i] = 0.02 * gauss();
      else {
        const std = 1 / Math.sqrt(shape[shape.length - 1] ?? 1);
        for (let i = 0; i < n; i++) out[i] = std * gauss();
      }
      return out;
    },
  }));
  const bytes = writeSafetensors(join(dir, 'model.safetensors'), entries, { format: 'pt' });
  return { dir, bytes, params };
}
