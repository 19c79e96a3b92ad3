/**
 * Rotary embedding tables (Llama-style "default" RoPE, as Chronos-2 uses): for position p and
 * frequency index i < d/2, angle = p · θ^(−2i/d); the tables repeat the d/2 angles twice
 * (`cat(freqs, freqs)`) to match `rotate_half`. Values are rounded to float32 at the steps where
 * PyTorch computes in float32.
 */
export function ropeInverseFrequencies(headDim: number, theta: number): Float32Array {
  const half = headDim / 2;
  const inv = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const exponent = Math.fround((2 * i) / headDim);
    inv[i] = Math.fround(1 / Math.fround(Math.pow(theta, exponent)));
  }
  return inv;
}

/** cos and sin tables [positions.length, headDim] for the given positions. */
export function ropeTables(positions: ArrayLike<number>, headDim: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const inv = ropeInverseFrequencies(headDim, theta);
  const half = headDim / 2;
  const n = positions.length;
  const cos = new Float32Array(n * headDim);
  const sin = new Float32Array(n * headDim);
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(positions[p] * inv[i]);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[p * headDim + i] = c;
      cos[p * headDim + half + i] = c;
      sin[p * headDim + i] = s;
      sin[p * headDim + half + i] = s;
    }
  }
  return { cos, sin };
}
