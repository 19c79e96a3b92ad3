import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { EAdapterNotAvailable } from '../errors/index.js';

/** Counts imports of onnxruntime-node: the registry, the pool's factories and adapter creation must not import it. */
const ort = vi.hoisted(() => ({ imports: 0 }));
vi.mock('onnxruntime-node', async (importOriginal) => {
  ort.imports++;
  return importOriginal();
});

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const config = (rel: string): unknown => JSON.parse(readFileSync(`${fixtures}${rel}/config.json`, 'utf8'));

describe('the TSFM family registry', () => {
  it('holds well-formed descriptors: unique names, sizes and ids; a default size among the models; a licence', async () => {
    const { TSFM_FAMILIES, tsfmFamilyNames } = await import('./families.js');
    expect(TSFM_FAMILIES.length).toBeGreaterThan(0);
    expect(new Set(tsfmFamilyNames()).size).toBe(TSFM_FAMILIES.length);
    const ids = TSFM_FAMILIES.flatMap((f) => f.models.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of TSFM_FAMILIES) {
      const sizes = f.models.map((m) => m.size);
      expect(new Set(sizes).size, f.name).toBe(sizes.length);
      expect(sizes, f.name).toContain(f.defaultSize);
      expect(f.name).toMatch(/^[a-z][a-z0-9_-]*$/);
      expect(f.licence.spdx.length, f.name).toBeGreaterThan(0);
      expect(f.licence.url, f.name).toMatch(/^https:\/\//);
      for (const m of f.models) expect(m.parameters, `${f.name} ${m.size}`).toBeGreaterThan(0);
    }
  });

  it('identifies checkpoints by config.json and finds models by id; unknown ones are undefined', async () => {
    const { detectTsfmFamily, findTsfmModel } = await import('./families.js');
    expect(detectTsfmFamily(config('chronos2/checkpoints/random-s0'))).toMatchObject({ family: { name: 'chronos' }, variant: 'chronos2' });
    expect(detectTsfmFamily(config('chronos_bolt/checkpoints/random-s0'))).toMatchObject({
      family: { name: 'chronos' },
      variant: 'chronos_bolt',
    });
    expect(detectTsfmFamily({ model_type: 't5' })).toBeUndefined();
    expect(detectTsfmFamily(null)).toBeUndefined();
    expect(findTsfmModel('amazon/chronos-bolt-small')).toMatchObject({
      family: { name: 'chronos' },
      model: { size: 'bolt-small', parameters: 48e6 },
    });
    expect(findTsfmModel('org/unknown')).toBeUndefined();
  });

  it('an unknown family is a typed error naming the known ones', async () => {
    const { tsfmFamily, tsfmFamilyNames } = await import('./families.js');
    const err = (() => {
      try {
        tsfmFamily('prophet');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EAdapterNotAvailable);
    expect((err as Error).message).toBe(`No TSFM family "prophet" in this build; known: ${tsfmFamilyNames().join(', ')}.`);
  });

  it('every family has a built-in pool factory and a parity runner per case-file family', async () => {
    const { TSFM_FAMILIES } = await import('./families.js');
    const { hasAdapterFactory } = await import('../runtime/adapterRegistry.js');
    const { parityFamilyNames } = await import('./parity/registry.js');
    for (const f of TSFM_FAMILIES) {
      expect(hasAdapterFactory(f.name), f.name).toBe(true);
      for (const key of Object.keys(f.parity ?? {})) expect(parityFamilyNames()).toContain(key);
    }
    expect(parityFamilyNames()).toEqual(expect.arrayContaining(['chronos2', 'chronos_bolt']));
  });

  it('importing the registry and creating (not loading) adapters through the pool factories never imports onnxruntime', async () => {
    const { TSFM_FAMILIES } = await import('./families.js');
    const { createAdapter } = await import('../runtime/adapterRegistry.js');
    for (const f of TSFM_FAMILIES) {
      const adapter = await createAdapter({ name: f.name, modelSize: f.defaultSize, device: undefined, options: {} });
      expect(adapter.isLoaded).toBe(false);
    }
    expect(ort.imports).toBe(0);
    // …and loading does (proves the counter sees the import).
    const { chronosFamily } = await import('./chronos/family.js');
    const forecaster = await chronosFamily.load(`${fixtures}chronos_bolt/checkpoints/random-s0`, {
      engine: { intraOpNumThreads: 1 },
      options: {},
    });
    expect(forecaster.info.variant).toBe('chronos_bolt');
    await forecaster.dispose();
    expect(ort.imports).toBe(1);
  });
});
