import { afterEach, describe, expect, it } from 'vitest';
import type { LoadInfo } from '../models/contract.js';
import { registerAdapterFactory } from './adapterRegistry.js';
import { ModelPool } from './modelPool.js';
import { RuntimeTelemetry } from './telemetry.js';
import { TestTsfmAdapter } from './__tests__/testAdapter.js';

/** An adapter that, like a real TSFM, reports what its checkpoint turned out to be. */
class DescribedAdapter extends TestTsfmAdapter {
  override async load(): Promise<LoadInfo> {
    const info = await super.load();
    return { ...info, checkpoint: { family: 'chronos-2', source: '/models/c2', parameters: 256, config: { d_model: 8, num_layers: 2 } } };
  }
}

const undo: Array<() => void> = [];
afterEach(() => undo.splice(0).forEach((f) => f()));

describe('ModelPool.stats()', () => {
  it('reports the loaded checkpoint next to the configured size label', async () => {
    undo.push(registerAdapterFactory('described', (o) => new DescribedAdapter(o, { weightFloats: 256 })));
    undo.push(registerAdapterFactory('plain', (o) => new TestTsfmAdapter(o)));
    const pool = await ModelPool.create(
      { adapters: ['described', 'plain'], preload: true, modelSizeByAdapter: { described: 'large' } },
      { telemetry: new RuntimeTelemetry() },
    );
    const { perAdapter } = pool.stats();
    expect(perAdapter['described']).toMatchObject({
      modelSize: 'large',
      weightBytes: 1024,
      checkpoint: { family: 'chronos-2', source: '/models/c2', parameters: 256, config: { d_model: 8, num_layers: 2 } },
    });
    expect(perAdapter['plain']).not.toHaveProperty('checkpoint');
    await pool.close();
  });

  it('for Chronos, is read from the checkpoint: family, parameter count (safetensors header) and config sizes', async () => {
    const modelDir = 'test/fixtures/chronos2/checkpoints/random-s0';
    const pool = await ModelPool.create(
      { adapters: ['chronos'], preload: true, adapterOptions: { chronos: { modelDir, graphCacheDir: false } } },
      { telemetry: new RuntimeTelemetry() },
    );
    try {
      // 239 392 = the sum over the fixture's tensors of their shape products (python: json header).
      expect(pool.stats().perAdapter['chronos']?.checkpoint).toEqual({
        family: 'chronos2',
        source: expect.stringContaining('random-s0'),
        parameters: 239_392,
        config: { d_model: 64, num_layers: 3, num_heads: 4, d_ff: 128, context_length: 2048 },
      });
    } finally {
      await pool.close();
    }
  });
});
