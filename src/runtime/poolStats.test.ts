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
    const pool = await ModelPool.create({ adapters: ['described', 'plain'], preload: true, modelSizeByAdapter: { described: 'large' } }, { telemetry: new RuntimeTelemetry() });
    const { perAdapter } = pool.stats();
    expect(perAdapter['described']).toMatchObject({
      modelSize: 'large',
      weightBytes: 1024,
      checkpoint: { family: 'chronos-2', source: '/models/c2', parameters: 256, config: { d_model: 8, num_layers: 2 } },
    });
    expect(perAdapter['plain']).not.toHaveProperty('checkpoint');
    await pool.close();
  });
});
