/**
 * uni2ts `RotaryProjection` tables (base 10000, width 32 = half a head): angle = p · θᵢ with
 * θᵢ = 1 / 10000^(2i/32) in float32, each angle repeated for the pair (2i, 2i+1). Upstream grows
 * its table to the largest time_id, so any position is valid.
 */
import { ropeInverseFrequencies } from '../../engine/graph/index.js';
import { MOIRAI2_ROPE_WIDTH } from './graph.js';

const BASE = 10000;

export interface Moirai2Rope {
  width: number;
  /** [positions, width]. */
  cos: Float32Array;
  sin: Float32Array;
}

let cached: Moirai2Rope & { positions: number } = {
  width: MOIRAI2_ROPE_WIDTH,
  positions: 0,
  cos: new Float32Array(0),
  sin: new Float32Array(0),
};

/** Tables for positions 0 … positions−1 (a cached larger table is sliced). */
export function moirai2RopeTables(positions: number): Moirai2Rope {
  const w = MOIRAI2_ROPE_WIDTH;
  if (cached.positions < positions) {
    const n = Math.max(positions, 2 * cached.positions, 512);
    const inv = ropeInverseFrequencies(w, BASE);
    const cos = new Float32Array(n * w);
    const sin = new Float32Array(n * w);
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < w / 2; i++) {
        const angle = Math.fround(p * inv[i]);
        cos[p * w + 2 * i] = cos[p * w + 2 * i + 1] = Math.cos(angle);
        sin[p * w + 2 * i] = sin[p * w + 2 * i + 1] = Math.sin(angle);
      }
    }
    cached = { width: w, positions: n, cos, sin };
  }
  return { width: w, cos: cached.cos.subarray(0, positions * w), sin: cached.sin.subarray(0, positions * w) };
}
