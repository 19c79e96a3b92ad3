import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpolateQuantiles, lerpF32, probMassPerQuantileLevel, torchQuantileLinear, weightedQuantile } from './quantiles.js';
import { EInvalidArgument } from '../errors/index.js';

const f = Math.fround;

describe('interpolateQuantiles', () => {
  it('interpolates linearly in level and clamps outside the known levels', () => {
    const out = interpolateQuantiles([0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.95, 1], [0.1, 0.5, 0.9], {
      rows: 1,
      n: 3,
      data: Float32Array.of(1, 2, 4),
    });
    // 0.3 is halfway from 0.1 to 0.5; 0.7 halfway from 0.5 to 0.9.
    expect(Array.from(out.data)).toEqual([1, 1, 1, 1.5, 2, 3, 4, 4].map(f));
  });

  it('does not sort crossing values: values follow their level', () => {
    const out = interpolateQuantiles([0.3], [0.1, 0.5, 0.9], { rows: 1, n: 3, data: Float32Array.of(5, 1, 3) });
    expect(out.data[0]).toBeCloseTo(3, 5); // float32 level arithmetic: not exactly 3
  });

  it('sorts unsorted levels together with their values', () => {
    const out = interpolateQuantiles([0.3], [0.5, 0.1, 0.9], { rows: 1, n: 3, data: Float32Array.of(2, 1, 4) });
    expect(out.data[0]).toBe(1.5);
  });

  it('reproduces upstream predict_quantiles interpolation bit for bit (fixture quantile_levels_interpolated)', () => {
    const file = JSON.parse(readFileSync(new URL('../../test/fixtures/chronos2/random-s0.cases.json', import.meta.url), 'utf8'));
    const c = file.cases.find((x: { name: string }) => x.name === 'quantile_levels_interpolated');
    const predict: number[][] = c.outputs.predict[0][0]; // [21][h]
    const want: number[][] = c.outputs.quantiles[0][0]; // [h][7]
    const h = predict[0].length;
    const data = new Float32Array(h * 21);
    for (let t = 0; t < h; t++) for (let k = 0; k < 21; k++) data[t * 21 + k] = predict[k][t];
    const got = interpolateQuantiles(c.quantile_levels, c.model_quantiles, { rows: h, n: 21, data });
    expect(Array.from(got.data)).toEqual(want.flat());
  });
});

describe('probMassPerQuantileLevel', () => {
  it('gives each level half the distance between its neighbours, normalised', () => {
    // boundaries 0, .1, .5, .9, 1 → masses .25, .4, .25 (sum .9)
    const m = probMassPerQuantileLevel([0.1, 0.5, 0.9]);
    expect(m[0]).toBeCloseTo(0.25 / 0.9, 7);
    expect(m[1]).toBeCloseTo(0.4 / 0.9, 7);
    expect(m[2]).toBeCloseTo(0.25 / 0.9, 7);
  });

  it('rejects levels outside (0, 1)', () => {
    expect(() => probMassPerQuantileLevel([0, 0.5])).toThrow(EInvalidArgument);
  });
});

describe('weightedQuantile', () => {
  it('interpolates the empirical CDF of equally weighted samples', () => {
    // sorted 1,2,3,4 with CDF .25,.5,.75,1; level 0 is padded with the smallest sample.
    const out = weightedQuantile([0.1, 0.25, 0.5, 0.6, 1], [1, 1, 1, 1], { rows: 1, n: 4, data: Float32Array.of(3, 1, 4, 2) });
    expect(Array.from(out.data)).toEqual([1, 1, 2, f(2.4), 4].map(f));
  });

  it('moves weights with their samples when sorting', () => {
    // samples 10 (w .5), 0 (w .25), 20 (w .25): sorted 0, 10, 20 with CDF .25, .75, 1.
    const out = weightedQuantile([0.5], [2, 1, 1], { rows: 1, n: 3, data: Float32Array.of(10, 0, 20) });
    expect(out.data[0]).toBeCloseTo(5, 5); // halfway between .25 (0) and .75 (10)
  });

  it('sorts negative values correctly and puts NaN last, as torch.sort', () => {
    // sorted -3, -1, -0.5, 2, NaN with CDF .2 … 1
    const out = weightedQuantile([0.2, 0.4, 0.6, 0.7], [1, 1, 1, 1, 1], {
      rows: 1,
      n: 5,
      data: Float32Array.of(-1, -3, Number.NaN, 2, -0.5),
    });
    expect(Array.from(out.data.subarray(0, 3))).toEqual([-3, -1, -0.5]);
    expect(out.data[3]).toBeCloseTo(0.75, 5); // halfway between -0.5 (.6) and 2 (.8)
  });

  it('handles several rows with shared weights', () => {
    const out = weightedQuantile([0.5], [1, 1], { rows: 2, n: 2, data: Float32Array.of(0, 2, 10, 30) });
    // CDF .5, 1 → the 0.5 quantile is the smaller sample
    expect(Array.from(out.data)).toEqual([0, 10]);
  });
});

describe('torchQuantileLinear', () => {
  it('matches torch.quantile(..., interpolation="linear")', () => {
    expect(torchQuantileLinear([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(torchQuantileLinear([4, 1, 3, 2], 0.1)).toBe(f(1.3));
    expect(torchQuantileLinear([4, 1, 3, 2], 1)).toBe(4);
    expect(torchQuantileLinear([4, Number.NaN, 3], 0.5)).toBeNaN();
  });

  it('lerps from the far end for weights of at least one half, as torch does', () => {
    expect(lerpF32(0, 10, 0.75)).toBe(7.5);
    expect(lerpF32(0, 10, 0.25)).toBe(2.5);
  });
});
