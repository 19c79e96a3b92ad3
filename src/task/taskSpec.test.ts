import { describe, expect, it } from 'vitest';
import { ETaskSpecInvalid } from '../errors/index.js';
import { mergeTaskSpec, parseTaskSpec, requiredQuantiles, taskSpecHash } from './taskSpec.js';

describe('TaskSpec', () => {
  it('fills defaults', () => {
    const spec = parseTaskSpec({ h: 7 });
    expect(spec).toEqual({
      h: 7,
      quantiles: [0.1, 0.5, 0.9],
      levels: [80, 95],
      // The default ladder holds only commercially licensed families: Moirai 2.0 (CC-BY-NC-4.0) is never in it.
      tsfmPolicy: { mode: 'preferred', adapters: ['chronos', 'timesfm'] },
      backtest: { nWindows: 2, window: 'expanding', anchor: 'end' },
      duplicatePolicy: 'reject',
    });
  });

  it('rejects unknown keys and bad values, naming each field', () => {
    expect(() => parseTaskSpec({ h: 7, horizonn: 3 })).toThrow(ETaskSpecInvalid);
    try {
      parseTaskSpec({ h: 0, quantiles: [0.5, 1.2], tsfmPolicy: { mode: 'sometimes' } });
      expect.unreachable();
    } catch (e) {
      const err = e as ETaskSpecInvalid;
      const paths = (err.context['issues'] as Array<{ path: string }>).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['h', 'quantiles.1', 'tsfmPolicy.mode']));
      expect(err.message).toMatch(/^Invalid TaskSpec: /);
    }
    expect(() => parseTaskSpec(null)).toThrow(/must be an object/);
    expect(() => parseTaskSpec({ h: 3, backtest: { nWindows: 2, extra: 1 } })).toThrow(ETaskSpecInvalid);
  });

  it('accepts the original aliases but not the same field twice', () => {
    expect(parseTaskSpec({ horizon: 5, tsfm: 'disabled' }).h).toBe(5);
    expect(parseTaskSpec({ horizon: 5, tsfm: 'disabled' }).tsfmPolicy.mode).toBe('disabled');
    expect(() => parseTaskSpec({ h: 5, horizon: 6 })).toThrow(/sets "h" twice/);
  });

  it('sorts and dedupes quantiles', () => {
    expect(parseTaskSpec({ h: 1, quantiles: [0.9, 0.1, 0.5, 0.1] }).quantiles).toEqual([0.1, 0.5, 0.9]);
  });

  it('derives the quantiles of interval levels', () => {
    expect(requiredQuantiles({ quantiles: [0.5], levels: [80, 95] })).toEqual([0.025, 0.1, 0.5, 0.9, 0.975]);
  });

  it('hashes canonically: key order does not matter, content does', () => {
    const a = taskSpecHash(parseTaskSpec({ h: 7, freq: 'D' }));
    const b = taskSpecHash(parseTaskSpec({ freq: 'D', h: 7 }));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(taskSpecHash(parseTaskSpec({ h: 8, freq: 'D' }))).not.toBe(a);
  });

  it('merges defaults under a call, nested objects by key', () => {
    const spec = mergeTaskSpec(
      { freq: 'H', tsfmPolicy: { mode: 'required', adapters: ['chronos'] } },
      { h: 24, tsfmPolicy: { mode: 'preferred' } },
    );
    expect(spec.freq).toBe('H');
    expect(spec.tsfmPolicy).toEqual({ mode: 'preferred', adapters: ['chronos'] });
  });
});
