import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EConfigInvalid, ECheckpointNotFound } from '../../../errors/index.js';
import { chronosBoltActivation, isChronosBoltConfig, parseChronosBoltConfig, readChronosBoltConfig } from './config.js';

const fixture = 'test/fixtures/chronos_bolt/checkpoints/random-s0/config.json';
/** The raw config.json as the tests mutate it. */
interface RawConfig {
  chronos_config: Record<string, unknown>;
  [key: string]: unknown;
}
const raw = () => JSON.parse(readFileSync(fixture, 'utf8')) as RawConfig;

describe('Chronos-Bolt config.json', () => {
  it('reads the fixture checkpoint config', () => {
    const c = readChronosBoltConfig(fixture);
    expect(c.d_model).toBe(64);
    expect(c.num_layers).toBe(3);
    expect(c.num_decoder_layers).toBe(3);
    expect(c.relative_attention_num_buckets).toBe(32);
    expect(c.relative_attention_max_distance).toBe(128);
    expect(c.chronos_config.quantiles).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(c.chronos_config.use_reg_token).toBe(true);
    expect(chronosBoltActivation(c)).toBe('relu');
    expect(isChronosBoltConfig(raw())).toBe(true);
  });

  it('defaults num_decoder_layers to num_layers like T5Config', () => {
    const r = raw();
    delete r.num_decoder_layers;
    r.num_layers = 5;
    expect(parseChronosBoltConfig(r).num_decoder_layers).toBe(5);
  });

  it('tells Bolt configs from other Chronos configs', () => {
    expect(isChronosBoltConfig({ architectures: ['Chronos2Model'], chronos_config: {} })).toBe(false);
    expect(isChronosBoltConfig({ chronos_pipeline_class: 'ChronosBoltPipeline' })).toBe(true);
    expect(isChronosBoltConfig(null)).toBe(false);
  });

  it.each([
    ['missing chronos_config', (r: Partial<RawConfig>) => delete r.chronos_config, 'chronos_config'],
    ['overlapping patches', (r: RawConfig) => (r.chronos_config.input_patch_stride = 8), 'input_patch_stride'],
    ['gated activation', (r: RawConfig) => (r.feed_forward_proj = 'gated-gelu'), 'feed_forward_proj'],
    ['unknown activation', (r: RawConfig) => (r.dense_act_fn = 'mish'), 'dense_act_fn'],
    ['unsorted quantiles', (r: RawConfig) => (r.chronos_config.quantiles = [0.5, 0.1]), 'quantiles'],
    ['negative d_model', (r: RawConfig) => (r.d_model = -1), 'd_model'],
  ])('rejects %s with EConfigInvalid naming the field', (_label, mutate, field) => {
    const r = raw();
    mutate(r);
    let err: unknown;
    try {
      parseChronosBoltConfig(r, 'x/config.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EConfigInvalid);
    expect((err as EConfigInvalid).message).toContain(field);
    expect((err as EConfigInvalid).context.file).toBe('x/config.json');
  });

  it('gives ECheckpointNotFound for a missing file', () => {
    expect(() => readChronosBoltConfig('test/fixtures/chronos_bolt/nope/config.json')).toThrow(ECheckpointNotFound);
  });
});
