/**
 * What a checkpoint folder holds, from its own files: the parameter count from the safetensors
 * header (no tensor data is read) and the config.json fields that size the model. This is what
 * `ModelPool.stats()` reports as loaded, rather than the size label the pool was configured with.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedCheckpoint } from '../../models/contract.js';
import { SafetensorsFile } from '../engine/safetensors.js';

/** Sizing fields of the families' configs (T5-style names and the Chronos-2 / TimesFM / Moirai ones). */
const SIZE_FIELDS = [
  'd_model',
  'hidden_size',
  'num_layers',
  'num_hidden_layers',
  'num_decoder_layers',
  'num_heads',
  'num_attention_heads',
  'd_ff',
  'intermediate_size',
  'context_length',
  'prediction_length',
];

export function describeCheckpoint(dir: string, family: string, source: string = dir): LoadedCheckpoint {
  const header = SafetensorsFile.readHeader(path.join(dir, 'model.safetensors'));
  let parameters = 0;
  for (const t of header.tensors.values()) parameters += t.shape.reduce((a, b) => a * b, 1);
  const config: Record<string, number | string | boolean> = {};
  try {
    const raw = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const nested = (raw['chronos_config'] ?? {}) as Record<string, unknown>;
    for (const field of SIZE_FIELDS) {
      const v = raw[field] ?? nested[field];
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') config[field] = v;
    }
  } catch {
    // The loader already validated config.json; a description without it is still a description.
  }
  return { family, source, parameters, config };
}
