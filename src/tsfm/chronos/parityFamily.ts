/**
 * The Chronos fixtures' parity rule: stored outputs are nested lists under `outputs[key]` with
 * shapes in `output_shapes[key]` (one shape, or one per input item), and an element passes when
 * |got − want| ≤ rel·|want| + abs·s, s = population std of the input series it forecasts.
 */
import { EParityFileInvalid } from '../../errors/index.js';
import { nestedArray, populationStd, type Nested } from '../parity/compare.js';
import type { ElementRef, ParityCase, ParityOutput, ToleranceFn } from '../parity/types.js';

/**
 * Chronos-style stored outputs: `outputs[key]` nested lists whose shapes are `output_shapes[key]`,
 * either one shape (a single array) or a list of shapes (one array per input item).
 */
export function chronosExpected(c: ParityCase): Record<string, ParityOutput> {
  const outputs = c['outputs'] as Record<string, Nested> | undefined;
  const shapes = c['output_shapes'] as Record<string, number[] | number[][]> | undefined;
  if (!outputs || !shapes) throw new EParityFileInvalid(`Case ${c.name} has no outputs / output_shapes.`, { context: { case: c.name } });
  const result: Record<string, ParityOutput> = {};
  for (const [key, shape] of Object.entries(shapes)) {
    const value = outputs[key];
    if (value === undefined)
      throw new EParityFileInvalid(`Case ${c.name} lists output_shapes.${key} but has no outputs.${key}.`, {
        context: { case: c.name, key },
      });
    if (Array.isArray(shape[0])) {
      const parts = value as readonly Nested[];
      result[key] = (shape as number[][]).map((s, i) => nestedArray(parts[i], s, `${c.name}.${key}[${i}]`));
    } else {
      result[key] = nestedArray(value, shape as number[], `${c.name}.${key}`);
    }
  }
  return result;
}

/** The Chronos rule, given the series (as stored in `inputs`) that each element forecasts. */
export function chronosTolerance(
  tolerance: { abs: number; rel: number },
  seriesOf: (ref: ElementRef, row: number) => ReadonlyArray<number | null>,
): ToleranceFn {
  const cache = new Map<string, number>();
  return (ref, want) => {
    const row = Math.floor(ref.index / (ref.shape.slice(1).reduce((a, b) => a * b, 1) || 1));
    const k = `${ref.key}|${ref.part}|${row}`;
    let s = cache.get(k);
    if (s === undefined) {
      s = populationStd(seriesOf(ref, row));
      cache.set(k, s);
    }
    return tolerance.rel * Math.abs(want) + tolerance.abs * s;
  };
}
