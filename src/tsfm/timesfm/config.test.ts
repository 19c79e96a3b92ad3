import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EConfigInvalid, ECheckpointMismatch } from '../../errors/index.js';
import { SafetensorsFile } from '../engine/safetensors.js';
import { parseTimesFM2p5Config, readTimesFM2p5Config, timesfmDims } from './config.js';
import { isTimesFM2p5Config } from './detect.js';
import { readTimesFMWeights, timesfmExpectedShapes } from './model/weights.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/timesfm2p5/', import.meta.url));
const checkpoint = `${fixtures}checkpoints/seed-20250925/`;

describe('TimesFM 2.5 config and shape formulas', () => {
  it('defaults to the released 200M dimensions, and the formulas give all 232 tensors of the real module', () => {
    const config = parseTimesFM2p5Config({});
    const reference = JSON.parse(readFileSync(`${fixtures}reference_200m_state_dict_shapes.json`, 'utf8')) as {
      num_tensors: number;
      num_parameters: number;
      state_dict: Record<string, number[]>;
    };
    const shapes = timesfmExpectedShapes(config);
    expect(shapes.size).toBe(232);
    expect(reference.num_tensors).toBe(232);
    // Same names in the same (state_dict) order, same shapes.
    expect([...shapes.keys()]).toEqual(Object.keys(reference.state_dict));
    for (const [name, shape] of shapes) expect(shape, name).toEqual(reference.state_dict[name]);
    let params = 0;
    for (const s of shapes.values()) params += s.reduce((a, b) => a * b, 1);
    expect(params).toBe(reference.num_parameters);
    expect(timesfmDims(config)).toMatchObject({
      p: 32,
      o: 128,
      os: 1024,
      m: 4,
      layers: 20,
      heads: 16,
      modelDims: 1280,
      headDim: 80,
      q: 10,
      decodeIndex: 5,
    });
  });

  it('reads the fixture checkpoint: its config, and every tensor checked against the formulas', () => {
    const config = readTimesFM2p5Config(`${checkpoint}config.json`);
    expect(isTimesFM2p5Config(JSON.parse(readFileSync(`${checkpoint}config.json`, 'utf8')))).toBe(true);
    expect(timesfmDims(config)).toMatchObject({ modelDims: 64, layers: 3, heads: 4, headDim: 16 });
    const fixtureShapes = (JSON.parse(readFileSync(`${checkpoint}config.json`, 'utf8')) as { state_dict: Record<string, number[]> })
      .state_dict;
    expect(Object.fromEntries(timesfmExpectedShapes(config))).toEqual(fixtureShapes);
    const weights = readTimesFMWeights(SafetensorsFile.read(`${checkpoint}model.safetensors`), config);
    expect(weights.layers).toHaveLength(3);
    expect(weights.outputQuantiles.output.outFeatures).toBe(10240);
  });

  it('rejects a checkpoint whose tensors do not match the config, naming the tensor', () => {
    const config = parseTimesFM2p5Config({ ...JSON.parse(readFileSync(`${checkpoint}config.json`, 'utf8')), num_layers: 4 });
    expect(() => readTimesFMWeights(SafetensorsFile.readHeader(`${checkpoint}model.safetensors`), config)).toThrow(ECheckpointMismatch);
    expect(() => readTimesFMWeights(SafetensorsFile.readHeader(`${checkpoint}model.safetensors`), config)).toThrow(/stacked_xf\.3/);
  });

  it('rejects impossible dimensions with a typed error', () => {
    expect(() => parseTimesFM2p5Config({ model_dims: 100, num_heads: 16 })).toThrow(EConfigInvalid);
    expect(() => parseTimesFM2p5Config({ output_patch_len: 100 })).toThrow(/multiple of input_patch_len/);
    expect(isTimesFM2p5Config({ model_type: 't5' })).toBe(false);
  });
});
