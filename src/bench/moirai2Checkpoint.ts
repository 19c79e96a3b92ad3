/**
 * A Moirai 2.0 checkpoint at moirai-2.0-R-small's real size with random weights, for benchmarks:
 * N(0, 1/fan_in) weights, norm gains 1 + 0.1·N, biases 0.02·N (the anchor's recipe).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors, type SafetensorsWriteEntry } from '../tsfm/engine/safetensors.js';
import { parseMoirai2Config } from '../tsfm/moirai/config.js';
import { moirai2ExpectedShapes } from '../tsfm/moirai/model/weights.js';

/** moirai-2.0-R-small's config.json. */
export const REAL_SIZE_MOIRAI2 = {
  attn_dropout_p: 0.0,
  d_ff: 1024,
  d_model: 384,
  dropout_p: 0.0,
  max_seq_len: 512,
  num_layers: 6,
  num_predict_token: 4,
  patch_size: 16,
  quantile_levels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  scaling: true,
};

/** Writes config.json + model.safetensors with N(0, 1/fan_in) weights (norm gains 1 + 0.1·N, biases 0.02·N), as the anchor did. */
export function writeSyntheticMoirai2(dir: string): { bytes: number; params: number } {
  mkdirSync(dir, { recursive: true });
  const config = parseMoirai2Config(REAL_SIZE_MOIRAI2);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(REAL_SIZE_MOIRAI2, null, 2));
  let seed = 20250801;
  const uniform = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) + 1) / 4294967297;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  let params = 0;
  const entries: SafetensorsWriteEntry[] = [...moirai2ExpectedShapes(config)].map(([name, shape]) => ({
    name,
    shape,
    data: () => {
      const n = shape.reduce((x, y) => x * y, 1);
      params += n;
      const out = new Float32Array(n);
      const isNorm = /norm(\d)?\.weight$|_norm\.weight$/.test(name);
      if (isNorm) for (let i = 0; i < n; i++) out[i] = 1 + 0.1 * gauss();
      else if (name.endsWith('.bias') || name.includes('var_attn_bias')) for (let i = 0; i < n; i++) out[i] = 0.02 * gauss();
      else {
        const std = 1 / Math.sqrt(shape[shape.length - 1] ?? 1);
        for (let i = 0; i < n; i++) out[i] = std * gauss();
      }
      return out;
    },
  }));
  const bytes = writeSafetensors(join(dir, 'model.safetensors'), entries, { format: 'pt' });
  return { bytes, params };
}

