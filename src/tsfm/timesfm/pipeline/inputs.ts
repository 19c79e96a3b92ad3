/**
 * upstream's input preparation in `TimesFM_2p5.forecast`: leading NaNs stripped, the rest linearly
 * interpolated as `np.interp` does (float64; trailing NaNs hold the last value; an all-NaN series
 * becomes zeros), then the last `context` values kept or the series left-padded with masked zeros.
 */
import { ETSFMInputInvalid } from '../../../errors/index.js';

/** upstream `strip_leading_nans` then `linear_interpolation`, in float64. */
export function cleanSeries(series: ArrayLike<number>, index: number): Float64Array {
  if (series.length === 0) {
    throw new ETSFMInputInvalid(`Series ${index} is empty; TimesFM needs at least one value.`, { context: { series: index } });
  }
  let first = 0;
  while (first < series.length && Number.isNaN(series[first])) first++;
  // An all-NaN series is kept whole (numpy's argmax of all-False is 0) and becomes zeros below.
  if (first === series.length) return new Float64Array(series.length);
  const x = Float64Array.from({ length: series.length - first }, (_, i) => series[first + i]);
  for (let i = 0; i < x.length; i++) {
    if (x[i] === Infinity || x[i] === -Infinity) {
      throw new ETSFMInputInvalid(`Series ${index} contains ±Infinity at position ${first + i}; use NaN for missing values.`, {
        context: { series: index, position: first + i },
      });
    }
  }
  let prev = 0; // index of the last valid value (x[0] is valid after stripping)
  for (let i = 1; i < x.length; i++) {
    if (!Number.isNaN(x[i])) {
      prev = i;
      continue;
    }
    let next = i + 1;
    while (next < x.length && Number.isNaN(x[next])) next++;
    if (next === x.length) {
      for (let j = i; j < x.length; j++) x[j] = x[prev];
      break;
    }
    const slope = (x[next] - x[prev]) / (next - prev);
    for (let j = i; j < next; j++) x[j] = slope * (j - prev) + x[prev];
    prev = next;
    i = next;
  }
  return x;
}

/** The series as a row of `context` float32 values and its mask (1 = padding). */
export function padOrTruncate(x: Float64Array, context: number, values: Float32Array, masks: Uint8Array, offset: number): void {
  if (x.length >= context) {
    for (let i = 0; i < context; i++) values[offset + i] = x[x.length - context + i];
    masks.fill(0, offset, offset + context);
    return;
  }
  const pad = context - x.length;
  values.fill(0, offset, offset + pad);
  masks.fill(1, offset, offset + pad);
  for (let i = 0; i < x.length; i++) values[offset + pad + i] = x[i];
  masks.fill(0, offset + pad, offset + context);
}
