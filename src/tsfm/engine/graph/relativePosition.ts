/**
 * T5 relative position buckets (Hugging Face `T5Attention._relative_position_bucket`), in plain
 * TypeScript. Positions closer than `maxExact` get their own bucket; farther ones share
 * logarithmically sized buckets up to `maxDistance`. The log arithmetic is rounded to float32 at
 * every step, as PyTorch does on float32 tensors, so bucket boundaries agree exactly.
 */

export interface RelativePositionConsts {
  /** Buckets per direction (halved when bidirectional). */
  numBuckets: number;
  maxExact: number;
  /** float32(log(maxDistance / maxExact)). */
  logRatio: number;
}

export function relativePositionBucketFloat32Consts(
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): RelativePositionConsts {
  const nb = bidirectional ? Math.floor(numBuckets / 2) : numBuckets;
  const maxExact = Math.floor(nb / 2);
  return { numBuckets: nb, maxExact, logRatio: Math.fround(Math.log(maxDistance / maxExact)) };
}

/** Bucket of one relative position (key_position − query_position). */
export function relativePositionBucket(relativePosition: number, bidirectional: boolean, numBuckets: number, maxDistance: number): number {
  const c = relativePositionBucketFloat32Consts(bidirectional, numBuckets, maxDistance);
  let rel = relativePosition;
  let bucket = 0;
  if (bidirectional) {
    if (rel > 0) bucket += c.numBuckets;
    rel = Math.abs(rel);
  } else {
    rel = -Math.min(rel, 0);
  }
  if (rel < c.maxExact) return bucket + rel;
  const f = Math.fround;
  const scaled = f(f(f(Math.log(f(f(rel) / c.maxExact))) / c.logRatio) * (c.numBuckets - c.maxExact));
  const large = Math.min(c.maxExact + Math.trunc(scaled), c.numBuckets - 1);
  return bucket + large;
}

/** Buckets for all (query, key) pairs: Int32Array [qLen, kLen], row-major. */
export function relativePositionBuckets(
  qLen: number,
  kLen: number,
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): Int32Array {
  const out = new Int32Array(qLen * kLen);
  for (let q = 0; q < qLen; q++) {
    for (let k = 0; k < kLen; k++) out[q * kLen + k] = relativePositionBucket(k - q, bidirectional, numBuckets, maxDistance);
  }
  return out;
}
