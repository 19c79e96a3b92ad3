/**
 * Nelder–Mead simplex minimiser with the exact behaviour of R's `optim(method = "Nelder-Mead")`
 * (nmmin in R's src/appl/optim.c), which forecast::ets drives directly. Matching it step for step
 * — the initial simplex (one step of 10% of the largest |x_i| along each axis), the reflection
 * (α = 1), contraction (β = 0.5) and expansion (γ = 2) rules, the relative stopping test
 * `fmax <= fmin + reltol·(|f0| + reltol)` and the count of function evaluations — makes our
 * SES/Holt/ETS parameter estimates land where R's do, not merely at a nearby optimum.
 *
 * Non-finite objective values are replaced by 1e35, as R does, so a penalty of +Infinity works as a
 * constraint.
 */
import { EModelFitFailed } from '../../../../errors/index.js';

export interface NelderMeadOptions {
  /** Stop when the best value falls to this (R: abstol, default −Infinity). */
  readonly abstol?: number;
  /** Relative tolerance (R: reltol, default sqrt(machine epsilon)). */
  readonly reltol?: number;
  readonly alpha?: number;
  readonly beta?: number;
  readonly gamma?: number;
  /** Maximum number of function evaluations (R: maxit; forecast::ets uses 2000). */
  readonly maxit?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** 0 converged, 1 evaluation limit reached, 10 simplex stopped shrinking (R's codes). */
  readonly fail: 0 | 1 | 10;
}

const BIG = 1.0e35;

export function nelderMead(fn: (x: Float64Array) => number, start: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const abstol = options.abstol ?? -Infinity;
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const alpha = options.alpha ?? 1;
  const beta = options.beta ?? 0.5;
  const gamma = options.gamma ?? 2;
  const maxit = options.maxit ?? 500;
  const n = start.length;
  const bvec = Float64Array.from(start);

  if (maxit <= 0) return { x: bvec, value: fn(bvec), evaluations: 0, fail: 0 };

  const f0 = fn(bvec);
  if (!Number.isFinite(f0)) {
    throw new EModelFitFailed('Nelder-Mead: the objective cannot be evaluated at the initial parameters', {
      context: { start: Array.from(start), value: f0 },
    });
  }
  const evaluate = (x: Float64Array): number => {
    const v = fn(x);
    return Number.isFinite(v) ? v : BIG;
  };

  // Simplex: n + 1 vertices, plus one slot (index n + 1) for the centroid, as in nmmin.
  const vertices: Float64Array[] = Array.from({ length: n + 2 }, () => new Float64Array(n));
  const values = new Float64Array(n + 2);
  let funcount = 1;
  const convtol = reltol * (Math.abs(f0) + reltol);
  vertices[0].set(bvec);
  values[0] = f0;

  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(bvec[i]));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const v = vertices[j];
    v.set(bvec);
    let trystep = step;
    while (v[j - 1] === bvec[j - 1]) {
      v[j - 1] = bvec[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  let best = 0; // index of the lowest vertex (nmmin's L − 1)
  let fail: 0 | 1 | 10 = 0;
  const centroid = vertices[n + 1];
  const trial = new Float64Array(n);

  for (;;) {
    if (calcvert) {
      for (let j = 0; j <= n; j++) {
        if (j !== best) {
          values[j] = evaluate(vertices[j]);
          funcount++;
        }
      }
      calcvert = false;
    }

    let vl = values[best];
    let vh = vl;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const f = values[j];
      if (f < vl) {
        best = j;
        vl = f;
      }
      if (f > vh) {
        worst = j;
        vh = f;
      }
    }
    if (vh <= vl + convtol || vl <= abstol) break;

    for (let i = 0; i < n; i++) {
      let temp = -vertices[worst][i];
      for (let j = 0; j <= n; j++) temp += vertices[j][i];
      centroid[i] = temp / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + alpha) * centroid[i] - alpha * vertices[worst][i];
    const vr = evaluate(trial);
    funcount++;

    if (vr < vl) {
      // Reflection beat the best vertex: try expanding further along the same direction.
      values[n + 1] = vr;
      for (let i = 0; i < n; i++) {
        const expanded = gamma * trial[i] + (1 - gamma) * centroid[i];
        centroid[i] = trial[i];
        trial[i] = expanded;
      }
      const fe = evaluate(trial);
      funcount++;
      if (fe < vr) {
        vertices[worst].set(trial);
        values[worst] = fe;
      } else {
        vertices[worst].set(centroid);
        values[worst] = vr;
      }
    } else {
      if (vr < vh) {
        vertices[worst].set(trial);
        values[worst] = vr;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - beta) * vertices[worst][i] + beta * centroid[i];
      const fc = evaluate(trial);
      funcount++;
      if (fc < values[worst]) {
        vertices[worst].set(trial);
        values[worst] = fc;
      } else if (vr >= vh) {
        // Contraction failed too: shrink every vertex towards the best one.
        calcvert = true;
        size = 0;
        const b = vertices[best];
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const v = vertices[j];
          for (let i = 0; i < n; i++) {
            v[i] = beta * (v[i] - b[i]) + b[i];
            size += Math.abs(v[i] - b[i]);
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          fail = 10;
          break;
        }
      }
    }
    if (funcount > maxit) break;
  }

  if (funcount > maxit) fail = 1;
  return { x: Float64Array.from(vertices[best]), value: values[best], evaluations: funcount, fail };
}
