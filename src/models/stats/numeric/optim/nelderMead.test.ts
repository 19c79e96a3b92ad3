import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelderMead.js';
import { EModelFitFailed } from '../../../../errors/index.js';

const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

// Expected values: R 4, optim(par, fn, method = "Nelder-Mead"). Same algorithm, so the same path:
// identical evaluation counts and the same end point to rounding.
describe('nelderMead reproduces R optim(method = "Nelder-Mead")', () => {
  it('Rosenbrock from (-1.2, 1) with default settings', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1]);
    expect(r.evaluations).toBe(195);
    expect(r.x[0]).toBeCloseTo(1.00026013872567, 12);
    expect(r.x[1]).toBeCloseTo(1.00050599930377, 12);
    expect(r.value).toBeCloseTo(8.82524109672275e-8, 18);
    expect(r.fail).toBe(0);
  });

  it('a non-smooth 3-d objective with maxit = 2000', () => {
    const f = (x: Float64Array) => (x[0] - 1) ** 2 + (x[1] - 2) ** 2 + (x[2] - 3) ** 2 + Math.abs(x[0] * x[1]);
    const r = nelderMead(f, [3, -2, 1], { maxit: 2000 });
    expect(r.evaluations).toBe(148);
    expect(r.x[0]).toBeCloseTo(0.00010367127743216, 12);
    expect(r.x[1]).toBeCloseTo(1.99904086021098, 12);
    expect(r.x[2]).toBeCloseTo(2.99991724610393, 12);
    expect(r.value).toBeCloseTo(1.00000083810983, 12);
  });

  it('stops at the evaluation limit with fail = 1', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxit: 30 });
    expect(r.fail).toBe(1);
    expect(r.evaluations).toBe(31);
    expect(r.x[0]).toBeCloseTo(-0.991012573242188, 12);
    expect(r.x[1]).toBeCloseTo(0.990447387695312, 12);
    expect(r.value).toBeCloseTo(3.97108907459897, 12);
  });

  it('treats +Infinity as a barrier and refuses a non-finite start', () => {
    const constrained = (x: Float64Array) => (x[0] < 0.5 ? Infinity : (x[0] - 0.2) ** 2);
    const r = nelderMead(constrained, [0.9]);
    expect(r.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(r.x[0]).toBeLessThan(0.51);
    expect(() => nelderMead(() => Number.NaN, [1])).toThrow(EModelFitFailed);
  });
});
