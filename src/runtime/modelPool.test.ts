import { afterEach, describe, expect, it } from 'vitest';
import { EAdapterNotAvailable, EModelLoadFailed, EModelNotLoaded, EModelPoolConfigInvalid, EOOM } from '../errors/index.js';
import { ModelPool } from './modelPool.js';
import { RuntimeTelemetry } from './telemetry.js';
import { registerTestAdapters, type TestAdapterBehaviour } from './__tests__/testAdapter.js';

const ALL = ['chronos', 'moirai', 'timesfm'];
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function setup(behaviours: Record<string, TestAdapterBehaviour> = { chronos: {}, moirai: {}, timesfm: {}, extra: {} }) {
  const reg = registerTestAdapters(behaviours);
  restore = reg.restore;
  return { ...reg, telemetry: new RuntimeTelemetry() };
}

describe('ModelPool configuration', () => {
  it('rejects an empty adapter list and maxPreloadAdapters outside 1..3 at construction', () => {
    expect(() => new ModelPool({ adapters: [] })).toThrow(EModelPoolConfigInvalid);
    expect(() => new ModelPool({ adapters: ['chronos'], maxPreloadAdapters: 0 })).toThrow(/must be >= 1/);
    expect(() => new ModelPool({ adapters: ['chronos'], maxPreloadAdapters: 4 })).toThrow(/cannot exceed 3/);
    expect(() => new ModelPool({ adapters: ['chronos'], maxPreloadAdapters: 1.5 })).toThrow(EModelPoolConfigInvalid);
    expect(() => new ModelPool({ adapters: ['chronos', 'chronos'] })).toThrow(/more than once/);
  });

  it('defaults: no preload, max 3, lazy loading off', () => {
    const pool = new ModelPool({ adapters: ['chronos'] });
    expect(pool.config.preload).toBe(false);
    expect(pool.config.maxPreloadAdapters).toBe(3);
    expect(pool.config.allowLazyLoadOnMiss).toBe(false);
  });

  it('resolves model size and device as the original: explicit map, then options, then "base"; pool device wins', async () => {
    const { created, telemetry } = setup();
    const pool = new ModelPool(
      {
        adapters: ['chronos', 'moirai', 'timesfm'],
        modelSizeByAdapter: { chronos: 'small' },
        adapterOptions: { moirai: { modelSize: 'large', device: 'cuda' }, timesfm: { device: 'cuda' } },
        device: 'cpu',
      },
      { telemetry },
    );
    await pool.preloadAll();
    expect(created.map((a) => [a.name, a.modelSize, a.device])).toEqual([
      ['chronos', 'small', 'cpu'],
      ['moirai', 'large', 'cpu'],
      ['timesfm', 'base', 'cpu'],
    ]);
  });
});

describe('ModelPool preload matrix', () => {
  it.each([
    { adapters: ['chronos'], max: 1 },
    { adapters: ['chronos', 'moirai'], max: 2 },
    { adapters: ALL, max: 3 },
  ])('preloads $adapters: each loaded once, in order; the others are refused without loading', async ({ adapters, max }) => {
    const { log, telemetry } = setup();
    const pool = await ModelPool.create({ adapters: ALL, maxPreloadAdapters: max, preload: true }, { telemetry });
    expect(log.loadOrder).toEqual(adapters);
    expect(pool.stats().loaded).toEqual(adapters);
    for (const name of adapters) {
      const a = await pool.get(name);
      expect(a.isLoaded).toBe(true);
      expect(await pool.get(name)).toBe(a);
    }
    for (const name of ALL.filter((n) => !adapters.includes(n))) {
      const err = await pool.get(name).catch((e) => e);
      expect(err).toBeInstanceOf(EModelNotLoaded);
      expect(err.message).toBe(`Adapter '${name}' is configured but not preloaded in this session.`);
      expect(err.context).toEqual({ adapter: name, configured: ALL, loaded: adapters, maxPreloadAdapters: max });
      expect(err.fixHint).toMatch(/preload=true.*allowLazyLoadOnMiss=true/);
    }
    const unconfigured = await pool.get('extra').catch((e) => e);
    expect(unconfigured).toBeInstanceOf(EAdapterNotAvailable);
    expect(unconfigured.message).toBe("Adapter 'extra' is not configured in this ModelPool session.");
    expect(unconfigured.fixHint).toBe('Add adapter to ModelPoolConfig.adapters before session initialization.');
    // No silent load happened for any refused adapter.
    expect(log.load).toBe(adapters.length);
    expect(telemetry.snapshot().load_count).toBe(adapters.length);
  });

  it('preloadAll() takes the first maxPreloadAdapters in configured order and returns their names', async () => {
    const { log, telemetry } = setup();
    const pool = new ModelPool({ adapters: ['timesfm', 'extra', 'chronos', 'moirai'], maxPreloadAdapters: 3 }, { telemetry });
    expect(log.load).toBe(0);
    expect(await pool.preloadAll()).toEqual(['timesfm', 'extra', 'chronos']);
    expect(log.loadOrder).toEqual(['timesfm', 'extra', 'chronos']);
  });

  it('preload(name) is idempotent, also when called concurrently', async () => {
    const { log, telemetry } = setup({ chronos: { loadDelayMs: 20 } });
    const pool = new ModelPool({ adapters: ['chronos'] }, { telemetry });
    const [a, b] = await Promise.all([pool.preload('chronos'), pool.preload('chronos')]);
    expect(a).toBe(b);
    expect(await pool.preload('chronos')).toBe(a);
    expect(log.load).toBe(1);
    await expect(pool.preload('moirai')).rejects.toBeInstanceOf(EAdapterNotAvailable);
  });

  it('get() waits for a preload that is still running instead of refusing', async () => {
    const { log, telemetry } = setup({ chronos: { loadDelayMs: 30 } });
    const pool = new ModelPool({ adapters: ['chronos'], preload: true }, { telemetry });
    const adapter = await pool.get('chronos');
    expect(adapter.isLoaded).toBe(true);
    expect(log.load).toBe(1);
  });
});

describe('ModelPool lazy loading', () => {
  it('with allowLazyLoadOnMiss a miss loads exactly once, even under 20 racing get() calls', async () => {
    const { log, telemetry } = setup({ chronos: { loadDelayMs: 25 }, moirai: {} });
    const pool = new ModelPool({ adapters: ['chronos', 'moirai'], allowLazyLoadOnMiss: true }, { telemetry });
    const got = await Promise.all(Array.from({ length: 20 }, () => pool.get('chronos')));
    expect(new Set(got).size).toBe(1);
    expect(log.load).toBe(1);
    expect(log.loadOrder).toEqual(['chronos']);
    expect(telemetry.snapshot().per_adapter['chronos'].load_count).toBe(1);
    expect(pool.isLoaded('moirai')).toBe(false);
    await expect(pool.get('extra')).rejects.toBeInstanceOf(EAdapterNotAvailable);
  });
});

describe('ModelPool stats, unload and close', () => {
  it('stats() reports configured, loaded and per-adapter size, device, load time and weight bytes', async () => {
    const { telemetry } = setup({ chronos: { weightFloats: 256, loadDelayMs: 5 }, moirai: {} });
    const pool = new ModelPool({ adapters: ['chronos', 'moirai'], modelSizeByAdapter: { chronos: 'small' } }, { telemetry });
    await pool.preload('chronos');
    const stats = pool.stats();
    expect(stats.configured).toEqual(['chronos', 'moirai']);
    expect(stats.loaded).toEqual(['chronos']);
    expect(stats.loadedCount).toBe(1);
    expect(Object.keys(stats.perAdapter)).toEqual(['chronos']);
    expect(stats.perAdapter['chronos']).toMatchObject({ modelSize: 'small', device: 'cpu', weightBytes: 1024 });
    expect(stats.perAdapter['chronos'].loadMs).toBeGreaterThanOrEqual(4);
  });

  it('unload(name) releases one adapter and its stats; it can be preloaded again', async () => {
    const { log, created, telemetry } = setup({ chronos: {}, moirai: {} });
    const pool = await ModelPool.create({ adapters: ['chronos', 'moirai'], preload: true }, { telemetry });
    expect(await pool.unload('chronos')).toBe(true);
    expect(await pool.unload('chronos')).toBe(false);
    expect(created[0].isLoaded).toBe(false);
    expect(pool.stats().loaded).toEqual(['moirai']);
    expect(pool.stats().perAdapter['chronos']).toBeUndefined();
    await expect(pool.get('chronos')).rejects.toBeInstanceOf(EModelNotLoaded);
    await pool.preload('chronos');
    expect(log.loadOrder).toEqual(['chronos', 'moirai', 'chronos']);
  });

  it('close() unloads every adapter exactly once and clears the stats', async () => {
    const { log, created, telemetry } = setup();
    const pool = await ModelPool.create({ adapters: ALL, preload: true }, { telemetry });
    await pool.close();
    await pool.close();
    expect(log.unload).toBe(3);
    expect([...log.unloadOrder].sort()).toEqual([...ALL].sort());
    expect(created.every((a) => !a.isLoaded)).toBe(true);
    expect(pool.stats()).toMatchObject({ loaded: [], loadedCount: 0, perAdapter: {} });
  });

  it('close() waits for an in-flight load and unloads it too', async () => {
    const { log, telemetry } = setup({ chronos: { loadDelayMs: 30 } });
    const pool = new ModelPool({ adapters: ['chronos'], preload: true }, { telemetry });
    await pool.close();
    expect(log.load).toBe(1);
    expect(log.unload).toBe(1);
    expect(pool.stats().loaded).toEqual([]);
  });
});

describe('ModelPool load failures', () => {
  it('an onnxruntime allocation failure becomes EOOM, counts an oom event and leaves the pool usable', async () => {
    let fail = true;
    const { telemetry } = setup({
      chronos: {
        get failLoad() {
          return fail
            ? () => new Error('[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Failed to allocate memory for requested buffer of size 123')
            : undefined;
        },
      },
      moirai: {},
    });
    const pool = new ModelPool({ adapters: ['chronos', 'moirai'] }, { telemetry });
    const err = await pool.preload('chronos').catch((e) => e);
    expect(err).toBeInstanceOf(EOOM);
    expect(err.context).toMatchObject({ adapter: 'chronos', operation: 'load' });
    expect(telemetry.snapshot().oom_events).toBe(1);
    expect(await telemetry.metrics()).toMatch(/^oom_events 1$/m);
    expect(pool.stats().loaded).toEqual([]);
    // Still usable: another adapter loads, and the failed one loads once memory is available.
    await pool.preload('moirai');
    fail = false;
    expect((await pool.preload('chronos')).isLoaded).toBe(true);
    expect(pool.stats().loaded).toEqual(['chronos', 'moirai']);
  });

  it('a missing checkpoint (any non-runtime failure) becomes EModelLoadFailed so a ladder can move on', async () => {
    const { telemetry } = setup({ chronos: { failLoad: () => new Error('ENOENT: no such file config.json') } });
    const pool = new ModelPool({ adapters: ['chronos'] }, { telemetry });
    const err = await pool.preload('chronos').catch((e) => e);
    expect(err).toBeInstanceOf(EModelLoadFailed);
    expect(err.message).toBe("Failed to load adapter 'chronos': ENOENT: no such file config.json");
    expect(telemetry.snapshot()).toMatchObject({ load_count: 0, oom_events: 0 });
  });

  it('preloadAll() loads the others when one fails, then throws; get() reports the load failure, not "not preloaded"', async () => {
    const { log, telemetry } = setup({ chronos: { failLoad: () => new Error('checkpoint missing') }, moirai: {} });
    const pool = new ModelPool({ adapters: ['chronos', 'moirai'], preload: true }, { telemetry });
    await expect(pool.ready).rejects.toBeInstanceOf(EModelLoadFailed);
    expect(log.loadOrder).toEqual(['chronos', 'moirai']);
    expect(pool.stats().loaded).toEqual(['moirai']);
    const err = await pool.get('chronos').catch((e) => e);
    expect(err).toBeInstanceOf(EModelLoadFailed);
    expect(err.message).toBe("Failed to load adapter 'chronos': checkpoint missing");
    expect(log.load).toBe(2);
  });

  it('a configured adapter without a registered factory is EAdapterNotAvailable', async () => {
    const pool = new ModelPool({ adapters: ['no-such-family'] }, { telemetry: new RuntimeTelemetry() });
    await expect(pool.preload('no-such-family')).rejects.toBeInstanceOf(EAdapterNotAvailable);
  });

  it('a failed constructor preload rejects ready and create(), without an unhandled rejection', async () => {
    const { telemetry } = setup({ chronos: { failLoad: () => new Error('boom') } });
    const pool = new ModelPool({ adapters: ['chronos'], preload: true }, { telemetry });
    await expect(pool.ready).rejects.toBeInstanceOf(EModelLoadFailed);
    await expect(ModelPool.create({ adapters: ['chronos'], preload: true }, { telemetry })).rejects.toBeInstanceOf(EModelLoadFailed);
  });
});
