/**
 * A Chronos-2 checkpoint at the real 120M size with random weights (the anchor's recipe), written in
 * the released layout: what the benchmarks load when no real checkpoint may be downloaded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors, type SafetensorsWriteEntry } from '../tsfm/engine/safetensors.js';
import { chronos2ExpectedShapes } from '../tsfm/chronos/chronos2/model/weights.js';
import { parseChronos2Config, type Chronos2Config } from '../tsfm/chronos/chronos2/config.js';
import { gaussian } from './perfCommon.js';

/** Chronos-2 (120M) as measured by the anchor: upstream's dummy config with the real sizes. */
export function realSizeChronos2Config(): Record<string, unknown> {
  return {
    architectures: ['Chronos2Model'],
    chronos_config: {
      context_length: 8192,
      input_patch_size: 16,
      input_patch_stride: 16,
      max_output_patches: 64,
      output_patch_size: 16,
      quantiles: [0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99],
      time_encoding_scale: 8192,
      use_arcsinh: true,
      use_reg_token: true,
    },
    d_ff: 3072,
    d_kv: 64,
    d_model: 768,
    dense_act_fn: 'relu',
    feed_forward_proj: 'relu',
    layer_norm_epsilon: 1e-6,
    model_type: 't5',
    num_heads: 12,
    num_layers: 12,
    pad_token_id: 0,
    reg_token_id: 1,
    rope_theta: 10000.0,
    torch_dtype: 'float32',
    vocab_size: 2,
  };
}

/** Writes config.json + model.safetensors with N(0, 1/fan_in) weights (norm gains 1 + 0.1·N, biases 0.02·N). */
export function writeSyntheticChronos2(dir: string): { config: Chronos2Config; bytes: number; params: number } {
  mkdirSync(dir, { recursive: true });
  const raw = realSizeChronos2Config();
  const config = parseChronos2Config(raw);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(raw, null, 2));
  const gauss = gaussian(12345);
  let params = 0;
  const entries: SafetensorsWriteEntry[] = [...chronos2ExpectedShapes(config)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, shape]) => ({
    name,
    shape,
    data: () => {
      const n = shape.reduce((x, y) => x * y, 1);
      params += n;
      const out = new Float32Array(n);
      if (name.endsWith('layer_norm.weight')) for (let i = 0; i < n; i++) out[i] = 1 + 0.1 * gauss();
      else if (name.endsWith('.bias')) for (let i = 0; i < n; i++) out[i] = 0.02 * gauss();
      else {
        const std = 1 / Math.sqrt(shape[shape.length - 1] ?? 1);
        for (let i = 0; i < n; i++) out[i] = std * gauss();
      }
      return out;
    },
  }));
  const bytes = writeSafetensors(join(dir, 'model.safetensors'), entries, { format: 'pt' });
  return { config, bytes, params };
}
