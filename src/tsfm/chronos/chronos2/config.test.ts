import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ECheckpointNotFound, EConfigInvalid } from '../../../errors/index.js';
import { chronos2Activation, parseChronos2Config, readChronos2Config } from './config.js';

const fixtureConfig = fileURLToPath(new URL('../../../../test/fixtures/chronos2/checkpoints/random-s0/config.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tsak-c2cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Chronos-2 config.json', () => {
  it('parses the fixture checkpoint config', () => {
    const c = readChronos2Config(fixtureConfig);
    expect(c.d_model).toBe(64);
    expect(c.num_layers).toBe(3);
    expect(c.chronos_config.quantiles).toHaveLength(21);
    expect(c.chronos_config.time_encoding_scale).toBe(8192);
    expect(c.chronos_config.use_arcsinh).toBe(true);
    expect(chronos2Activation(c)).toBe('relu');
  });

  it('fills upstream defaults (time_encoding_scale absent → null, i.e. context_length at use)', () => {
    const c = parseChronos2Config({
      chronos_config: { context_length: 512, output_patch_size: 16, input_patch_size: 16, input_patch_stride: 16, quantiles: [0.5] },
    });
    expect(c.d_model).toBe(512);
    expect(c.rope_theta).toBe(10000);
    expect(c.chronos_config.use_reg_token).toBe(false);
    expect(c.chronos_config.max_output_patches).toBe(1);
    expect(c.chronos_config.time_encoding_scale).toBeNull();
  });

  it('rejects bad configs with EConfigInvalid naming the field', () => {
    const base = { context_length: 512, output_patch_size: 16, input_patch_size: 16, input_patch_stride: 16, quantiles: [0.5] };
    const bad = (raw: unknown, field: string) => {
      let err: unknown;
      try {
        parseChronos2Config(raw, 'x/config.json');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EConfigInvalid);
      expect((err as Error).message).toContain(field);
      expect((err as Error).message).toContain('x/config.json');
    };
    bad({}, 'chronos_config');
    bad({ d_model: -1, chronos_config: base }, 'd_model');
    bad({ chronos_config: { ...base, quantiles: [1.5] } }, 'chronos_config.quantiles');
    bad({ chronos_config: { ...base, input_patch_stride: 8 } }, 'input_patch_stride');
    bad({ feed_forward_proj: 'gated-gelu', chronos_config: base }, 'feed_forward_proj');
  });

  it('missing or unparsable files give typed errors', () => {
    expect(() => readChronos2Config(join(dir, 'absent.json'))).toThrow(ECheckpointNotFound);
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{ "d_model": ');
    expect(() => readChronos2Config(p)).toThrow(EConfigInvalid);
  });
});
