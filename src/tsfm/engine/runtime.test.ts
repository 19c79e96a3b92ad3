import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EModelLoadFailed, EModelPredictFailed } from '../../errors/index.js';
import { GraphBuilder } from './graph/index.js';
import { EngineSession, cachedGraphBytes, createCachedSession, cudaAvailable, hashBytes } from './runtime.js';

// onnxruntime loads lazily; the CUDA test needs to know up front whether this build ships CUDA.
const cudaBundled = await cudaAvailable();

const dir = mkdtempSync(join(tmpdir(), 'tsak-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tinyGraph(): Uint8Array {
  const g = new GraphBuilder();
  g.output(g.mul(g.input('x', 'float32', ['n']), 3), 'y');
  return g.serialize();
}

describe('EngineSession', () => {
  it('runs, reports input/output names and rejects runs after release', async () => {
    const s = await EngineSession.create(tinyGraph(), { intraOpNumThreads: 1, label: 'tiny' });
    expect(s.inputNames).toEqual(['x']);
    expect(s.outputNames).toEqual(['y']);
    const out = await s.run({ x: { type: 'float32', data: new Float32Array([1, 2]), dims: [2] } });
    expect([...(out.y.data as Float32Array)]).toEqual([3, 6]);
    await s.release();
    await expect(s.run({ x: { type: 'float32', data: new Float32Array([1]), dims: [1] } })).rejects.toBeInstanceOf(EModelPredictFailed);
  });

  it('wrong feeds give EModelPredictFailed; bad bytes give EModelLoadFailed', async () => {
    const s = await EngineSession.create(tinyGraph());
    await expect(s.run({ z: { type: 'float32', data: new Float32Array([1]), dims: [1] } })).rejects.toBeInstanceOf(EModelPredictFailed);
    await s.release();
    await expect(EngineSession.create(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(EModelLoadFailed);
  });

  it.runIf(!cudaBundled)('requesting CUDA without the provider gives a typed error with a hint', async () => {
    const err = await EngineSession.create(tinyGraph(), { device: 'cuda', label: 'tiny' }).catch((e) => e);
    expect(err).toBeInstanceOf(EModelLoadFailed);
    expect(err.message).toContain('CUDA');
    expect(err.fixHint).toContain('cuda');
  });
});

describe('createCachedSession', () => {
  it('saves the optimised model once and reopens it with identical results', async () => {
    const cacheDir = join(dir, 'sessions');
    const w = Float32Array.from({ length: 64 * 64 }, (_, i) => Math.sin(i));
    const build = () => {
      const g = new GraphBuilder();
      const x = g.input('x', 'float32', ['n', 64]);
      g.output(
        g.relu(
          g.linear(g.linear(x, { weight: w, inFeatures: 64, outFeatures: 64 }, 'a'), { weight: w, inFeatures: 64, outFeatures: 64 }, 'b'),
        ),
        'y',
      );
      return g.serialize();
    };
    const feeds = { x: { type: 'float32' as const, data: Float32Array.from({ length: 128 }, (_, i) => Math.cos(i)), dims: [2, 64] } };
    const first = await createCachedSession(cacheDir, 'tiny-v1', build, { intraOpNumThreads: 1 });
    const second = await createCachedSession(cacheDir, 'tiny-v1', build, { intraOpNumThreads: 1 });
    expect(first.cacheHit).toBe(false);
    expect(second.cacheHit).toBe(true);
    const a = (await first.session.run(feeds)).y.data as Float32Array;
    const b = (await second.session.run(feeds)).y.data as Float32Array;
    expect([...b]).toEqual([...a]);
    expect(a.some((v) => v > 0)).toBe(true);
    await first.session.release();
    await second.session.release();
    const other = await createCachedSession(cacheDir, 'tiny-v2', build, { intraOpNumThreads: 1 });
    expect(other.cacheHit).toBe(false);
    await other.session.release();
  });
});

describe('cachedGraphBytes', () => {
  it('builds once, then serves the cached bytes', () => {
    const key = hashBytes('ckpt', new Uint8Array([1, 2, 3]));
    let builds = 0;
    const build = () => {
      builds++;
      return tinyGraph();
    };
    const first = cachedGraphBytes(dir, key, build);
    const second = cachedGraphBytes(dir, key, build);
    expect(first.cacheHit).toBe(false);
    expect(second.cacheHit).toBe(true);
    expect(builds).toBe(1);
    expect(Buffer.compare(Buffer.from(first.bytes), Buffer.from(second.bytes))).toBe(0);
    expect(readdirSync(dir)).toContain(`${key}.onnx`);
    expect(cachedGraphBytes(undefined, key, build).cacheHit).toBe(false);
  });
});
